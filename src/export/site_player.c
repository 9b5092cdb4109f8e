/*
 * site_player.c - a talk page as a place to watch the talk: the recording
 * in a <video> (or <audio>) under --media-url, the slide on screen beside
 * it (from the slide timeline; player.js follows the playback), the
 * chapters and the transcript as links to moments (#t=SECONDS), a caption
 * track per language (the index's cues written as WebVTT), the deck to
 * download; and for link previews and search engines, Open Graph and
 * Twitter tags and a schema.org VideoObject (JSON-LD) whose hasPart Clips
 * are the slide changes and chapters.  Archive text reaches HTML through
 * html_text(), WebVTT escaped, JSON-LD with '<', '>', '&', U+2028 and
 * U+2029 as \u escapes (no title can end the script element), and every
 * URL through site_url().
 */
#include "export.h"
#include "render.h"
#include "site.h"

#include <jansson.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* the longest clip name taken from a slide's text */
#define CLIP_NAME_MAX 90

/* Whether u is absolute: a scheme (site_url_ok() lets only http(s) be) or
 * a path from the host's root ("/x", "//host/x"). */
static int url_absolute(const char *u)
{
        return u[0] == '/' || strncasecmp(u, "http:", 5) == 0 || strncasecmp(u, "https:", 6) == 0;
}

char *site_media_url(const site *s, const char *root, const char *path, const char *frag)
{
        const char *m = s->o->media_url;
        char *base = NULL, *u;

        if (!m)
                return NULL;
        if (url_absolute(m) || !*root)
                return site_url(m, path, frag);
        /* relative to the site's root, so from the page's folder: root
         * first ("./x" as "x": after "../" no ':' can read as a scheme) */
        if (strncmp(m, "./", 2) == 0)
                m += 2;
        if (asprintf(&base, "%s%s", root, m) < 0)
                return NULL;
        u = site_url(base, path, frag);
        free(base);
        return u;
}

char *site_page_url(const site *s, const char *rel, const char *frag)
{
        return site_url(s->o->base_url ? s->o->base_url : "../", rel, frag);
}

/* The absolute URL of an archive file under --media-url (a relative one
 * under --base-url), else as the talk pages link it; to free(). */
static char *media_abs_url(const site *s, const char *path)
{
        const char *m = s->o->media_url, *b = s->o->base_url, *host;
        char *base = NULL, *u;
        size_t nb;

        if (!m)
                return NULL;
        if (url_absolute(m) && !(m[0] == '/' && m[1] != '/' && b && strstr(b, "://")))
                return site_url(m, path, NULL);
        if (!b)
                return site_media_url(s, "../", path, NULL);
        nb = strlen(b);
        if (m[0] == '/') { /* a path from the host's root: --base-url's origin first */
                host = strstr(b, "://") + 3;
                nb = strchr(host, '/') ? (size_t)(strchr(host, '/') - b) : nb;
                if (asprintf(&base, "%.*s%s", (int)nb, b, m) < 0)
                        return NULL;
        } else {
                /* --base-url is the site's root folder: "./" stays in it,
                 * each "../" leaves one folder (not the host) */
                size_t keep = nb && b[nb - 1] == '/' ? nb - 1 : nb;
                const char *sch = strstr(b, "://"), *floor_ = sch ? strchr(sch + 3, '/') : b;
                size_t min = floor_ ? (size_t)(floor_ - b) : keep;

                for (;;) {
                        if (strncmp(m, "./", 2) == 0)
                                m += 2;
                        else if (strncmp(m, "../", 3) == 0 || strcmp(m, "..") == 0) {
                                m += m[2] ? 3 : 2;
                                while (keep > min && b[keep - 1] != '/')
                                        keep--;
                                if (keep > min)
                                        keep--;
                        } else
                                break;
                }
                if (asprintf(&base, "%.*s/%s", (int)keep, b, m) < 0)
                        return NULL;
        }
        u = site_url(base, path, NULL);
        free(base);
        return u;
}

/* "12", "12.5": seconds for a #t= fragment or an offset. */
static void fmt_seconds(char *out, size_t n, double t)
{
        size_t len;

        snprintf(out, n, "%.3f", t > 0 ? t : 0);
        len = strlen(out);
        while (len > 0 && out[len - 1] == '0')
                out[--len] = '\0';
        if (len > 0 && out[len - 1] == '.')
                out[--len] = '\0';
}

void site_frag_t(char *out, size_t n, double t)
{
        char sec[40];

        fmt_seconds(sec, sizeof(sec), t);
        snprintf(out, n, "#t=%s", sec);
}

/* ---- captions as WebVTT -------------------------------------------------- */

static void vtt_time(FILE *f, int64_t ms)
{
        if (ms < 0)
                ms = 0;
        fprintf(f, "%02lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000),
                (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60), (long long)(ms % 1000));
}

/* Cue text: '&', '<' and '>' escaped (so "-->" cannot end the timing
 * either), no empty line (which would end the cue), no control character. */
static void vtt_text(FILE *f, const char *s)
{
        char *u = dx_utf8_display(s);
        int line = 0; /* bytes on the line so far */

        for (const unsigned char *p = (const unsigned char *)(u ? u : ""); *p; p++) {
                if (*p == '\n' || *p == '\r') {
                        if (line)
                                fputc('\n', f);
                        line = 0;
                        continue;
                }
                line++;
                if (*p == '&')
                        fputs("&amp;", f);
                else if (*p == '<')
                        fputs("&lt;", f);
                else if (*p == '>')
                        fputs("&gt;", f);
                else if (*p < 0x20 || *p == 0x7f)
                        fputc(' ', f);
                else
                        fputc(*p, f);
        }
        free(u);
}

/* Whether cue c belongs to track k of st (cue_langs[k], or the cues
 * without a language for the last track when there are some). */
static int cue_in_track(const site_talk *st, const dx_cue *c, size_t k)
{
        if (k < st->ncue_langs)
                return c->lang && strcmp(c->lang, st->cue_langs[k]) == 0;
        return !c->lang;
}

/* captions/<file>.json: every cue as [start, end, "text"] (seconds), for
 * the search to find which cue a caption hit is. */
static int write_cues_json(const site *s, site_talk *st, char **errmsg)
{
        json_t *a = json_array();
        char *name = site_file_name(st->t.id, ".json"), *text;
        int rc = -1;

        if (!a || !name || asprintf(&st->cues_json, "captions/%s.json", name) < 0) {
                st->cues_json = NULL;
                export_fail(errmsg, "out of memory");
                goto out;
        }
        for (size_t i = 0; i < st->ncues; i++) {
                const dx_cue *c = &st->cues[i];

                if (c->text && c->text[strspn(c->text, " \n\r\t")])
                        json_array_append_new(a, json_pack("[f,f,o]", (double)c->start_ms / 1000,
                                                           (double)c->end_ms / 1000,
                                                           render_json_text(c->text)));
        }
        text = json_dumps(a, JSON_COMPACT);
        if (!text) {
                export_fail(errmsg, "out of memory");
                goto out;
        }
        rc = site_write(s, st->cues_json, text, strlen(text), errmsg);
        free(text);
out:
        json_decref(a);
        free(name);
        return rc;
}

int site_write_tracks(const site *s, site_talk *st, char **errmsg)
{
        size_t want = st->ncue_langs, nolang = 0;

        for (size_t i = 0; i < st->ncues; i++)
                nolang += !st->cues[i].lang;
        want += nolang > 0;
        if (!want)
                return 0;
        if (write_cues_json(s, st, errmsg) != 0)
                return -1;
        st->tracks = calloc(want, sizeof(*st->tracks));
        if (!st->tracks)
                return export_fail(errmsg, "out of memory");
        for (size_t k = 0; k < want; k++) {
                char *buf = NULL, *name = site_file_name(st->t.id, "-999.vtt");
                size_t len = 0;
                FILE *f = open_memstream(&buf, &len);
                int rc;

                if (!f || !name || asprintf(&st->tracks[k], "captions/%s-%zu.vtt", name, k) < 0) {
                        st->tracks[k] = NULL;
                        if (f)
                                fclose(f);
                        free(buf);
                        free(name);
                        return export_fail(errmsg, "out of memory");
                }
                free(name);
                st->ntracks = k + 1;
                fputs("WEBVTT\n", f);
                for (size_t i = 0; i < st->ncues; i++) {
                        const dx_cue *c = &st->cues[i];

                        if (!cue_in_track(st, c, k) || !c->text ||
                            !c->text[strspn(c->text, " \n\r\t")])
                                continue;
                        fputc('\n', f);
                        vtt_time(f, c->start_ms);
                        fputs(" --> ", f);
                        /* a cue must end after it starts */
                        vtt_time(f, c->end_ms > c->start_ms ? c->end_ms : c->start_ms + 1000);
                        fputc('\n', f);
                        vtt_text(f, c->text);
                        fputc('\n', f);
                }
                if (fclose(f) != 0 || !buf) {
                        free(buf);
                        return export_fail(errmsg, "out of memory");
                }
                rc = site_write(s, st->tracks[k], buf, len, errmsg);
                free(buf);
                if (rc)
                        return -1;
        }
        return 0;
}

/* ---- the player ----------------------------------------------------------- */

int site_talk_played(const site *s, const site_talk *st)
{
        char *u;

        if (!st->t.video || !s->o->media_url || (st->t.video_error && !st->t.has_media))
                return 0;
        u = site_media_url(s, "../", st->t.video, NULL);
        free(u);
        return u != NULL;
}

static void attr(FILE *f, const char *name, char *u)
{
        if (!u)
                return;
        fprintf(f, " %s=\"", name);
        html_url(f, u);
        fputc('"', f);
        free(u);
}

static const char *page_text(const dx_talk *t, int page)
{
        for (size_t i = 0; i < t->npage_text; i++)
                if (t->page_text[i].page == page)
                        return t->page_text[i].text;
        return NULL;
}

/* Whether the slides' times are known and there are thumbnails to show. */
static int slides_on_timeline(const site_talk *st)
{
        return st->timeline.status == DX_TIMELINE_SHOWN && st->timeline.n && st->thumbs > 0;
}

static void chapters(FILE *f, const dx_talk *t)
{
        if (!t->has_media || !t->media.nchapters)
                return;
        fputs("<section class=\"chapters\">\n<h2>Chapters</h2>\n<ol class=\"chapters\">\n", f);
        for (size_t c = 0; c < t->media.nchapters; c++) {
                const dx_chapter *ch = &t->media.chapters[c];
                char at[32], frag[48];

                render_clock(at, sizeof(at), ch->start > 0 ? ch->start : 0);
                site_frag_t(frag, sizeof(frag), ch->start);
                fprintf(f, "<li><a href=\"%s\"><span class=\"at\">%s</span> ", frag, at);
                html_text(f, ch->title && *ch->title ? ch->title : "(untitled)");
                fputs("</a></li>\n", f);
        }
        fputs("</ol>\n</section>\n", f);
}

/* The transcript: a list per caption language (the first open), each cue a
 * link to its moment when the page plays the recording (player.js marks
 * the cue being said), else its time. */
static void transcript(FILE *f, const site_talk *st, int media)
{
        if (!st->ntracks)
                return;
        fputs("<section class=\"transcript\">\n<h2>Transcript</h2>\n", f);
        for (size_t k = 0; k < st->ntracks; k++) {
                const char *lang = k < st->ncue_langs ? st->cue_langs[k] : NULL;

                fputs(k == 0 ? "<details open>" : "<details>", f);
                fputs("<summary>", f);
                if (lang) {
                        fputs("Language: ", f);
                        html_text(f, lang);
                } else
                        fputs("Captions", f);
                fputs("</summary>\n<ol class=\"cues\"", f);
                if (lang) {
                        fputs(" lang=\"", f);
                        html_text(f, lang);
                        fputc('"', f);
                }
                fputs(">\n", f);
                for (size_t i = 0; i < st->ncues; i++) {
                        const dx_cue *c = &st->cues[i];
                        char at[32], frag[48], s0[40], s1[40];

                        if (!cue_in_track(st, c, k) || !c->text ||
                            !c->text[strspn(c->text, " \n\r\t")])
                                continue;
                        render_clock(at, sizeof(at), (double)c->start_ms / 1000);
                        site_frag_t(frag, sizeof(frag), (double)c->start_ms / 1000);
                        fmt_seconds(s0, sizeof(s0), (double)c->start_ms / 1000);
                        fmt_seconds(s1, sizeof(s1), (double)c->end_ms / 1000);
                        if (media)
                                fprintf(f, "<li data-t=\"%s\" data-e=\"%s\"><a href=\"%s\">%s</a> ",
                                        s0, s1, frag, at);
                        else
                                fprintf(f, "<li><span class=\"at\">%s</span> ", at);
                        html_text(f, c->text);
                        fputs("</li>\n", f);
                }
                fputs("</ol></details>\n", f);
        }
        fputs("</section>\n", f);
}

void site_player(FILE *f, const site *s, const site_talk *st, int media)
{
        const dx_talk *t = &st->t;
        int video = st->src.video_kind ? strcmp(st->src.video_kind, "audio") != 0 : 1;
        int slides = slides_on_timeline(st);

        fputs("<section class=\"player\" aria-label=\"Recording\"", f);
        if (media && slides) {
                char *dir = NULL;

                fputs(" data-dx-timeline=\"", f);
                for (size_t i = 0; i < st->timeline.n; i++) {
                        const dx_slide_span *sp = &st->timeline.spans[i];

                        fprintf(f, "%s%.2f %.2f %d", i ? ";" : "", sp->start_s, sp->end_s,
                                sp->page);
                }
                fputc('"', f);
                if (asprintf(&dir, "%s/", st->thumb_dir) >= 0)
                        attr(f, "data-dx-slides", site_url("../", dir, NULL));
                free(dir);
        }
        fputs(">\n", f);
        if (media) {
                char *src = site_media_url(s, "../", t->video, NULL);
                const dx_slide_span *first = slides ? &st->timeline.spans[0] : NULL;

                fputs("<div class=\"stage\">\n", f);
                fprintf(f, "<%s data-dx-player controls preload=\"metadata\"",
                        video ? "video" : "audio");
                attr(f, "src", site_media_url(s, "../", t->video, NULL));
                /* the slide beside it says what the talk is: no poster to
                 * load then (the browser shows the first frame) */
                if (video && st->poster && !first)
                        attr(f, "poster", site_url("../", st->poster, NULL));
                fputs(">\n", f);
                for (size_t k = 0; k < st->ntracks; k++) {
                        const char *lang = k < st->ncue_langs ? st->cue_langs[k] : NULL;

                        fputs("<track kind=\"captions\"", f);
                        attr(f, "src", site_url("../", st->tracks[k], NULL));
                        if (lang) {
                                fputs(" srclang=\"", f);
                                html_text(f, lang);
                                fputs("\" label=\"", f);
                                html_text(f, lang);
                                fputc('"', f);
                        } else
                                fputs(" label=\"Captions\"", f);
                        fputs(k == 0 ? " default>\n" : ">\n", f);
                }
                fputs("<p>This browser does not play it here: ", f);
                if (src) {
                        fputs("<a href=\"", f);
                        html_url(f, src);
                        fputs("\">open the recording</a>.</p>\n", f);
                } else
                        fputs("the recording has no URL.</p>\n", f);
                fprintf(f, "</%s>\n", video ? "video" : "audio");
                if (first) {
                        const char *text = page_text(t, first->page);
                        char *png = NULL;

                        fprintf(f, "<figure class=\"now\" data-dx-current-slide=\"%d\">\n<img",
                                first->page);
                        if (asprintf(&png, "%s/%d.png", st->thumb_dir, first->page) >= 0)
                                attr(f, "src", site_url("../", png, NULL));
                        free(png);
                        fputs(" alt=\"", f);
                        if (text && *text)
                                html_text(f, text);
                        else
                                fprintf(f, "Slide %d (no text)", first->page);
                        fprintf(f,
                                "\" width=\"%d\">\n<figcaption>Slide %d</figcaption>\n</figure>\n",
                                s->o->thumb_width, first->page);
                }
                fputs("</div>\n", f);
                free(src);
        }
        fputs("<p class=\"files\">", f);
        if (media) {
                char *u = site_media_url(s, "../", t->video, NULL);

                if (u) {
                        fputs("<a class=\"watch\" href=\"", f);
                        html_url(f, u);
                        fputs(video ? "\">▶ Watch the recording</a>"
                                    : "\">▶ Listen to the recording</a>",
                              f);
                }
                free(u);
        } else {
                fputs("<span class=\"meta\">Recording: ", f);
                html_text(f, t->video);
                fputs("</span>", f);
        }
        if (t->slides && s->o->media_url) {
                char *u = site_media_url(s, "../", t->slides, NULL);

                if (u) {
                        fputs(" <a class=\"deck\" download href=\"", f);
                        html_url(f, u);
                        fputs("\">Download the slides (PDF)</a>", f);
                } else
                        site_url_dropped(s, st, t->slides);
                free(u);
        }
        fputs("</p>\n", f);
        if (media)
                chapters(f, t);
        transcript(f, st, media);
        fputs("</section>\n", f);
}

/* ---- link previews and structured data ------------------------------------ */

/* "PT1H2M3S" for seconds (rounded). */
static void iso_duration(char *out, size_t n, double sec)
{
        long s = lround(sec);

        if (s >= 3600)
                snprintf(out, n, "PT%ldH%ldM%ldS", s / 3600, s / 60 % 60, s % 60);
        else if (s >= 60)
                snprintf(out, n, "PT%ldM%ldS", s / 60, s % 60);
        else
                snprintf(out, n, "PT%ldS", s);
}

static const char *talk_date(const dx_talk *t)
{
        return t->date && *t->date ? t->date : t->event_date;
}

/* A date as ISO 8601 wants it ("2020", "2020-01", "2020-01-28"), or NULL. */
static const char *iso_date(const char *d)
{
        size_t n = d ? strlen(d) : 0;

        if (n != 4 && n != 7 && n != 10)
                return NULL;
        for (size_t i = 0; i < n; i++)
                if (!((d[i] >= '0' && d[i] <= '9') || ((i == 4 || i == 7) && d[i] == '-')))
                        return NULL;
        return d;
}

static void set_str(json_t *o, const char *key, const char *v)
{
        if (v && *v)
                json_object_set_new(o, key, render_json_text(v));
}

/* Sets key to the URL u (taken) when it is one. */
static void set_url(json_t *o, const char *key, char *u)
{
        if (u)
                json_object_set_new(o, key, json_string(u));
        free(u);
}

/* The talk's page (with #t=SECONDS when at >= 0): absolute under
 * --base-url, else relative to the page itself. */
static char *talk_url(const site *s, const site_talk *st, double at)
{
        char frag[48] = "", *rel = NULL, *u;

        if (at >= 0)
                site_frag_t(frag, sizeof(frag), at);
        if (s->o->base_url) {
                if (asprintf(&rel, "talks/%s.html", st->file) < 0)
                        return NULL;
                u = site_url(s->o->base_url, rel, frag);
                free(rel);
                return u;
        }
        if (asprintf(&rel, "%s.html", st->file) < 0)
                return NULL;
        u = site_url(NULL, rel, frag);
        free(rel);
        return u;
}

/* A clip's name from a slide: "Slide 4: " and its first line of text. */
static char *slide_clip_name(const dx_talk *t, int page)
{
        const char *text = page_text(t, page);
        char *name = NULL;
        size_t n = 0;

        if (text) {
                text += strspn(text, " \t\n\r");
                n = strcspn(text, "\n\r");
                if (n > CLIP_NAME_MAX)
                        n = dx_utf8_cut(text, CLIP_NAME_MAX);
        }
        if (n)
                return asprintf(&name, "Slide %d: %.*s", page, (int)n, text) < 0 ? NULL : name;
        return asprintf(&name, "Slide %d", page) < 0 ? NULL : name;
}

static json_t *clip(const site *s, const site_talk *st, const char *name, double start, double end)
{
        json_t *c = json_object();

        json_object_set_new(c, "@type", json_string("Clip"));
        json_object_set_new(c, "name", render_json_text(name));
        json_object_set_new(c, "startOffset",
                            json_integer((json_int_t)floor(start > 0 ? start : 0)));
        json_object_set_new(c, "endOffset", json_integer((json_int_t)ceil(end)));
        set_url(c, "url", talk_url(s, st, floor(start > 0 ? start : 0)));
        return c;
}

static int by_offset(const void *a, const void *b)
{
        json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "startOffset"));
        json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "startOffset"));

        return (x > y) - (x < y);
}

/* The key moments: a Clip per slide change and per chapter, by start. */
static json_t *clips(const site *s, const site_talk *st)
{
        const dx_talk *t = &st->t;
        double dur = t->duration >= 0 ? t->duration : 0;
        json_t *a = json_array();
        json_t **v;
        size_t n = 0, cap = st->timeline.n + (t->has_media ? t->media.nchapters : 0);

        if (!cap)
                return a;
        v = calloc(cap, sizeof(*v));
        if (!v)
                return a;
        if (st->timeline.status == DX_TIMELINE_SHOWN)
                for (size_t i = 0; i < st->timeline.n; i++) {
                        const dx_slide_span *sp = &st->timeline.spans[i];
                        char *name = slide_clip_name(t, sp->page);

                        if (name && sp->end_s > sp->start_s)
                                v[n++] = clip(s, st, name, sp->start_s, sp->end_s);
                        free(name);
                }
        for (size_t c = 0; t->has_media && c < t->media.nchapters; c++) {
                const dx_chapter *ch = &t->media.chapters[c];
                double end = ch->end > ch->start ? ch->end : dur;

                if (end > ch->start)
                        v[n++] = clip(s, st, ch->title && *ch->title ? ch->title : "(untitled)",
                                      ch->start, end);
        }
        qsort(v, n, sizeof(*v), by_offset);
        for (size_t i = 0; i < n; i++)
                json_array_append_new(a, v[i]);
        free(v);
        return a;
}

static json_t *event_json(const site_talk *st)
{
        const dx_talk *t = &st->t;
        json_t *e = json_object(), *perf = json_array();

        json_object_set_new(e, "@type", json_string("Event"));
        set_str(e, "name", t->event_name);
        if (iso_date(talk_date(t)))
                json_object_set_new(e, "startDate", json_string(iso_date(talk_date(t))));
        if (t->nvenues || t->room) {
                json_t *place = json_object();

                json_object_set_new(place, "@type", json_string("Place"));
                set_str(place, "name", t->nvenues ? t->venues[0] : t->room);
                json_object_set_new(e, "location", place);
        }
        for (size_t k = 0; k < t->nspeakers; k++) {
                const dx_speaker *sp = &t->speakers[k];
                json_t *p = json_object();

                json_object_set_new(p, "@type", json_string("Person"));
                set_str(p, "name", sp->name);
                set_str(p, "jobTitle", sp->role);
                if (sp->company && *sp->company) {
                        json_t *org = json_object();

                        json_object_set_new(org, "@type", json_string("Organization"));
                        set_str(org, "name", sp->company);
                        json_object_set_new(p, "affiliation", org);
                }
                json_array_append_new(perf, p);
        }
        if (json_array_size(perf))
                json_object_set_new(e, "performer", perf);
        else
                json_decref(perf);
        return e;
}

/* A JSON-LD script element: the JSON with '<', '>', '&', U+2028 and U+2029
 * as \u escapes, which JSON reads as the same text and HTML never as
 * markup ("</script>" cannot end the element). */
static void json_script(FILE *f, json_t *o)
{
        char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

        if (!text)
                return;
        fputs("<script type=\"application/ld+json\">", f);
        for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
                if (*p == '<' || *p == '>' || *p == '&')
                        fprintf(f, "\\u%04x", *p);
                else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                        fprintf(f, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
                        p += 2;
                } else
                        fputc(*p, f);
        }
        fputs("</script>\n", f);
        free(text);
}

static void meta_tag(FILE *f, const char *attr_name, const char *key, const char *value)
{
        if (!value || !*value)
                return;
        fprintf(f, "<meta %s=\"%s\" content=\"", attr_name, key);
        html_text(f, value);
        fputs("\">\n", f);
}

/* The talk's description: its abstract, else who spoke where. */
static char *description(const dx_talk *t)
{
        char *d = NULL, *who = NULL;
        size_t len = 0;
        FILE *f;

        if (t->abstract && *t->abstract)
                return strdup(t->abstract);
        f = open_memstream(&who, &len);
        if (!f)
                return NULL;
        fputs("A talk", f);
        for (size_t k = 0; k < t->nspeakers; k++)
                fprintf(f, "%s%s",
                        k == 0                  ? " by "
                        : k + 1 == t->nspeakers ? " and "
                                                : ", ",
                        t->speakers[k].name);
        if (t->event_name)
                fprintf(f, " at %s", t->event_name);
        fputc('.', f);
        if (fclose(f) != 0)
                return NULL;
        d = who;
        return d;
}

void site_talk_meta(FILE *f, const site *s, const site_talk *st, int media)
{
        const dx_talk *t = &st->t;
        int video = st->src.video_kind ? strcmp(st->src.video_kind, "audio") != 0 : 1;
        char *desc = description(t), *page = talk_url(s, st, -1), *img = NULL, *content = NULL;
        char *thumb = NULL;
        json_t *o = json_object();

        if (st->poster)
                img = site_page_url(s, st->poster, NULL);
        else if (st->thumbs > 0 && asprintf(&thumb, "%s/1.png", st->thumb_dir) >= 0)
                img = site_page_url(s, thumb, NULL);
        free(thumb);
        if (media)
                content = media_abs_url(s, t->video);
        /* link previews: their URLs must be absolute (--base-url) */
        meta_tag(f, "property", "og:site_name", site_name(s));
        meta_tag(f, "property", "og:type", t->video && media && video ? "video.other" : "website");
        meta_tag(f, "property", "og:title", t->title);
        if (desc) {
                char *cut =
                    strndup(desc, dx_utf8_cut(desc, strlen(desc) > 300 ? 300 : strlen(desc)));

                meta_tag(f, "property", "og:description", cut);
                meta_tag(f, "name", "twitter:description", cut);
                free(cut);
        }
        if (s->o->base_url) {
                meta_tag(f, "property", "og:url", page);
                meta_tag(f, "property", "og:image", img);
                meta_tag(f, "name", "twitter:image", img);
        }
        if (content && strstr(content, "://"))
                meta_tag(f, "property", video ? "og:video" : "og:audio", content);
        meta_tag(f, "name", "twitter:card",
                 s->o->base_url && img ? "summary_large_image" : "summary");
        meta_tag(f, "name", "twitter:title", t->title);

        /* schema.org: the recording with its key moments, recorded at the
         * event where the speakers performed; without a recording the event */
        json_object_set_new(o, "@context", json_string("https://schema.org"));
        if (t->video && media) {
                json_object_set_new(o, "@type", json_string(video ? "VideoObject" : "AudioObject"));
                set_str(o, "name", t->title);
                set_str(o, "description", desc);
                set_url(o, "thumbnailUrl", img);
                img = NULL;
                if (iso_date(talk_date(t)))
                        json_object_set_new(o, "uploadDate", json_string(iso_date(talk_date(t))));
                if (t->duration >= 0) {
                        char dur[48];

                        iso_duration(dur, sizeof(dur), t->duration);
                        json_object_set_new(o, "duration", json_string(dur));
                }
                set_url(o, "contentUrl", content);
                content = NULL;
                set_url(o, "url", page);
                page = NULL;
                if (t->nspeakers) {
                        json_t *ev = event_json(st);

                        json_object_set(o, "actor", json_object_get(ev, "performer"));
                        json_object_set_new(o, "recordedAt", ev);
                } else
                        json_object_set_new(o, "recordedAt", event_json(st));
                json_object_set_new(o, "hasPart", clips(s, st));
        } else {
                /* the talk as an event of its own, part of the meetup */
                json_t *ev = event_json(st), *super = json_object();

                json_object_set_new(super, "@type", json_string("Event"));
                set_str(super, "name", t->event_name);
                json_object_del(ev, "name");
                json_object_set_new(o, "@type", json_string("Event"));
                set_str(o, "name", t->title);
                set_str(o, "description", desc);
                json_object_update(o, ev);
                json_decref(ev);
                set_url(o, "url", page);
                page = NULL;
                set_url(o, "image", img);
                img = NULL;
                json_object_set_new(o, "superEvent", super);
        }
        json_script(f, o);
        json_decref(o);
        free(desc);
        free(page);
        free(img);
        free(content);
}
