/*
 * render.c - printing talks and results.  Human output names the talk, its
 * speakers, event, date and length, and the best hits with where they are
 * ("slide 7: ... [continuous delivery] ..."); colour only when asked.  JSON
 * output follows the shape documented in the README; fields are added over
 * time, never removed or renamed.
 */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BOLD  "\033[1m"
#define DIM   "\033[2m"
#define RESET "\033[0m"
#define MATCH "\033[1;31m"

/* Whether code point c could change the terminal or the order of text. */
static int unsafe(unsigned long c)
{
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
               (c >= 0x2066 && c <= 0x2069);
}

void render_text(FILE *f, const char *s, unsigned flags)
{
        const unsigned char *p;
        char *u = NULL;

        if (!s)
                s = "";
        /* text that is valid UTF-8 (nearly all) is not copied */
        if (!dx_utf8_valid(s, strlen(s)) && !(u = dx_utf8_display(s)))
                return;
        p = (const unsigned char *)(u ? u : s);
        while (*p) {
                unsigned long c = *p;
                size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

                /* u is valid UTF-8: only the code points that matter here
                 * (below U+0800, U+2000 to U+2FFF) are decoded */
                if (n == 2)
                        c = ((c & 0x1F) << 6) | (p[1] & 0x3F);
                else if (n == 3)
                        c = ((c & 0x0F) << 12) | ((unsigned long)(p[1] & 0x3F) << 6) |
                            (p[2] & 0x3F);
                if (!unsafe(c))
                        fwrite(p, 1, n, f);
                else if ((c == '\n' || c == '\t') && (flags & RENDER_LINES))
                        fputc((int)c, f);
                else if (c == '\n' || c == '\r' || c == '\t')
                        fputc(' ', f);
                else if ((c == 0x02 || c == 0x03) && (flags & RENDER_MARKS))
                        fputs(c == 0x02 ? (flags & RENDER_COLOR ? MATCH : "[")
                                        : (flags & RENDER_COLOR ? RESET : "]"),
                              f);
                else
                        fputs("\xEF\xBF\xBD", f);
                p += n;
        }
        free(u);
}

json_t *render_json_text(const char *s)
{
        json_t *j;
        char *clean;

        if (!s)
                s = "";
        j = json_string(s);
        if (j)
                return j;
        /* not UTF-8 (a file name, say): show it as Latin-1 rather than fail */
        clean = dx_utf8_display(s);
        j = json_string(clean ? clean : "");
        free(clean);
        return j ? j : json_string("");
}

json_t *render_json_text_or_null(const char *s)
{
        return s && *s ? render_json_text(s) : json_null();
}

static json_t *speakers_json(const dx_talk *t)
{
        json_t *a = json_array();

        for (size_t i = 0; i < t->nspeakers; i++)
                json_array_append_new(
                    a, json_pack("{s:s, s:o, s:o}", "name", t->speakers[i].name, "role",
                                 render_json_text_or_null(t->speakers[i].role), "company",
                                 render_json_text_or_null(t->speakers[i].company)));
        return a;
}

json_t *render_json_strv(char **v, size_t n)
{
        json_t *a = json_array();

        for (size_t i = 0; i < n; i++)
                json_array_append_new(a, render_json_text(v[i]));
        return a;
}

/* Seconds rounded to milliseconds, or null. */
static json_t *seconds_json(double s)
{
        return s >= 0 ? json_real(round(s * 1000.0) / 1000.0) : json_null();
}

void render_talk_sources(json_t *o, const dx_talk *t)
{
        json_object_set_new(o, "sources",
                            json_pack("{s:o, s:o, s:o}", "title",
                                      render_json_text_or_null(t->title_src), "speakers",
                                      render_json_text_or_null(t->speakers_src), "date",
                                      render_json_text_or_null(t->date_src)));
        if (t->paired_by) {
                json_object_set_new(o, "paired_by", json_string(t->paired_by));
                if (strcmp(t->paired_by, "content") == 0)
                        json_object_set_new(o, "pair_confidence",
                                            json_real(round(t->pair_confidence * 100.0) / 100.0));
        }
}

json_t *render_talk_json(const dx_talk *t)
{
        json_t *o = json_pack(
            "{s:s, s:s, s:o, s:{s:s, s:o}, s:o, s:o, s:o}", "id", t->id, "title", t->title,
            "speakers", speakers_json(t), "event", "name", t->event_name ? t->event_name : "",
            "date", render_json_text_or_null(t->event_date), "duration_s",
            seconds_json(t->duration), "video", render_json_text_or_null(t->video), "slides",
            render_json_text_or_null(t->slides));
        return o;
}

void render_clock(char *out, size_t n, double seconds)
{
        long s = seconds > 0 ? (long)seconds : 0;

        if (s >= 3600)
                snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
        else
                snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

json_t *render_result_json(const dx_result *r)
{
        json_t *o = render_talk_json(&r->talk), *hits = json_array();

        json_object_set_new(o, "score", json_real(round(r->score * 1000.0) / 1000.0));
        for (size_t i = 0; i < r->nhits; i++) {
                const dx_hit *h = &r->hits[i];
                json_t *jh = json_pack("{s:s}", "field", dx_field_name(h->field));

                if (h->page > 0)
                        json_object_set_new(jh, "page", json_integer(h->page));
                if (h->field == DX_FIELD_SLIDES && h->page > 0)
                        json_object_set_new(jh, "text_source",
                                            json_string(h->ocr ? "ocr" : "pdf"));
                if (h->page > 0 && h->non_screen) {
                        json_t *iv = json_array();

                        for (size_t k = 0; k < h->non_screen; k++)
                                json_array_append_new(iv, json_pack("[f, f]", h->on_screen[k][0],
                                                                    h->on_screen[k][1]));
                        json_object_set_new(jh, "start_s", json_real(h->start_s));
                        json_object_set_new(jh, "on_screen", iv);
                }
                if (h->field == DX_FIELD_CHAPTERS)
                        json_object_set_new(jh, "start_s", json_real(h->start_s));
                if (h->field == DX_FIELD_CAPTIONS) {
                        json_object_set_new(jh, "start_s", json_real(h->start_s));
                        json_object_set_new(jh, "end_s", json_real(h->end_s));
                        json_object_set_new(jh, "lang",
                                            h->lang ? json_string(h->lang) : json_null());
                }
                json_object_set_new(jh, "snippet", json_string(h->snippet));
                json_array_append_new(hits, jh);
        }
        json_object_set_new(o, "hits", hits);
        return o;
}

json_t *render_files_json(const dx_talk_file *v, size_t n, int with_talk)
{
        json_t *a = json_array();

        for (size_t i = 0; i < n; i++) {
                json_t *o =
                    json_pack("{s:o, s:s, s:o}", "path", render_json_text(v[i].path), "kind",
                              v[i].kind, "error", render_json_text_or_null(v[i].error));

                if (with_talk)
                        json_object_set_new(o, "talk", render_json_text_or_null(v[i].talk));
                json_array_append_new(a, o);
        }
        return a;
}

json_t *render_talk_full_json(const dx_talk *t)
{
        json_t *o = render_talk_json(t);
        json_t *ev = json_object_get(o, "event");

        render_talk_sources(o, t);
        json_object_set_new(o, "abstract", render_json_text_or_null(t->abstract));
        json_object_set_new(o, "date", render_json_text_or_null(t->date));
        json_object_set_new(o, "room", render_json_text_or_null(t->room));
        json_object_set_new(o, "tags", render_json_strv(t->tags, t->ntags));
        json_object_set_new(ev, "id", json_string(t->event_id));
        json_object_set_new(ev, "venues", render_json_strv(t->venues, t->nvenues));
        json_object_set_new(o, "files", render_files_json(t->files, t->nfiles, 0));

        if (t->has_media) {
                const dx_media *m = &t->media;
                json_t *streams = json_array(), *tags = json_object(), *chapters = json_array();

                for (size_t i = 0; i < m->nstreams; i++) {
                        const dx_stream *s = &m->streams[i];
                        json_t *js =
                            json_pack("{s:i, s:s, s:s, s:o}", "index", s->index, "kind",
                                      s->kind ? s->kind : "", "codec", s->codec ? s->codec : "",
                                      "language", render_json_text_or_null(s->language));
                        if (s->width)
                                json_object_set_new(js, "width", json_integer(s->width));
                        if (s->height)
                                json_object_set_new(js, "height", json_integer(s->height));
                        if (s->fps > 0)
                                json_object_set_new(js, "fps",
                                                    json_real(round(s->fps * 1000.0) / 1000.0));
                        if (s->channels)
                                json_object_set_new(js, "channels", json_integer(s->channels));
                        if (s->sample_rate)
                                json_object_set_new(js, "sample_rate",
                                                    json_integer(s->sample_rate));
                        if (s->bit_rate)
                                json_object_set_new(js, "bit_rate", json_integer(s->bit_rate));
                        json_array_append_new(streams, js);
                }
                for (size_t i = 0; i < m->ntags; i++)
                        json_object_set_new(tags, m->tags[i].key, json_string(m->tags[i].value));
                for (size_t i = 0; i < m->nchapters; i++)
                        json_array_append_new(
                            chapters, json_pack("{s:s, s:o, s:o}", "title", m->chapters[i].title,
                                                "start_s", seconds_json(m->chapters[i].start),
                                                "end_s", seconds_json(m->chapters[i].end)));
                json_object_set_new(o, "media",
                                    json_pack("{s:s, s:o, s:I, s:o, s:o, s:o}", "container",
                                              m->container ? m->container : "", "duration_s",
                                              seconds_json(m->duration), "bit_rate",
                                              (json_int_t)m->bit_rate, "streams", streams, "tags",
                                              tags, "chapters", chapters));
        } else {
                json_object_set_new(o, "media", json_null());
        }
        if (t->slides) {
                const dx_docinfo *d = &t->docinfo;
                json_t *pages = json_array();

                for (size_t i = 0; i < t->npage_text; i++) {
                        const dx_page *p = &t->page_text[i];
                        json_t *jp = json_pack("{s:i, s:s, s:s}", "page", p->page, "text", p->text,
                                               "text_source", p->ocr ? "ocr" : "pdf");

                        if (p->ocr)
                                json_object_set_new(jp, "ocr_confidence",
                                                    json_integer(p->ocr_conf));
                        json_array_append_new(pages, jp);
                }
                json_object_set_new(o, "document",
                                    json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "pages", d->pages,
                                              "title", render_json_text_or_null(d->title), "author",
                                              render_json_text_or_null(d->author), "subject",
                                              render_json_text_or_null(d->subject), "keywords",
                                              render_json_text_or_null(d->keywords), "created",
                                              render_json_text_or_null(d->created)));
                json_object_set_new(o, "pages", pages);
        } else {
                json_object_set_new(o, "document", json_null());
                json_object_set_new(o, "pages", json_array());
        }
        return o;
}

int render_json_print(FILE *f, json_t *j)
{
        int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));

        fputc('\n', f);
        return rc;
}

void render_duration(char *buf, size_t n, double s)
{
        long t;

        if (s < 0) {
                snprintf(buf, n, "-");
                return;
        }
        t = lround(s);
        if (t >= 3600)
                snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
        else
                snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

static void speakers_line(FILE *f, const dx_talk *t, int with_affil)
{
        for (size_t i = 0; i < t->nspeakers; i++) {
                const dx_speaker *s = &t->speakers[i];

                fputs(i ? ", " : "", f);
                render_text(f, s->name, 0);
                if (with_affil && (s->role || s->company)) {
                        fputs(" (", f);
                        render_text(f, s->role, 0);
                        fputs(s->role && s->company ? ", " : "", f);
                        render_text(f, s->company, 0);
                        fputc(')', f);
                }
        }
}

/* The event, date and length line. */
static void where_line(FILE *f, const dx_talk *t)
{
        char dur[32];

        render_duration(dur, sizeof(dur), t->duration);
        render_text(f, t->event_name, 0);
        if (t->date || t->event_date) {
                fputs(", ", f);
                render_text(f, t->date ? t->date : t->event_date, 0);
        }
        if (t->duration >= 0)
                fprintf(f, " · %s", dur);
        else if (t->slides && !t->video)
                fprintf(f, " · slides only");
}

void render_result(FILE *f, const dx_result *r, size_t rank, int color)
{
        const dx_talk *t = &r->talk;
        unsigned marks = RENDER_MARKS | (color ? RENDER_COLOR : 0);

        fprintf(f, "%zu. %s", rank, color ? BOLD : "");
        render_text(f, t->title, 0);
        fputs(color ? RESET : "", f);
        if (t->nspeakers) {
                fputs(" — ", f);
                speakers_line(f, t, 1);
        }
        fputc('\n', f);
        fprintf(f, "   %s", color ? DIM : "");
        where_line(f, t);
        fputs(" · ", f);
        render_text(f, t->id, 0);
        fprintf(f, "%s\n", color ? RESET : "");
        for (size_t i = 0; i < r->nhits; i++) {
                const dx_hit *h = &r->hits[i];
                char at[32];

                if (h->page > 0 || h->field == DX_FIELD_CAPTIONS || h->field == DX_FIELD_CHAPTERS)
                        render_clock(at, sizeof(at), h->start_s);
                if (h->page > 0 && h->non_screen)
                        fprintf(f, "   slide %d (%s%s): ", h->page, at, h->ocr ? ", OCR" : "");
                else if (h->page > 0)
                        fprintf(f, "   slide %d%s: ", h->page, h->ocr ? " (OCR)" : "");
                else if (h->field == DX_FIELD_CAPTIONS)
                        fprintf(f, "   at %s: ", at);
                else if (h->field == DX_FIELD_CHAPTERS)
                        fprintf(f, "   chapter at %s: ", at);
                else
                        fprintf(f, "   %s: ", dx_field_name(h->field));
                render_text(f, h->snippet, marks);
                fputc('\n', f);
        }
}

void render_talk_line(FILE *f, const dx_talk *t, int color)
{
        const char *date = t->date ? t->date : t->event_date ? t->event_date : "?";
        char dur[32];

        render_duration(dur, sizeof(dur), t->duration);
        render_text(f, date, 0);
        fprintf(f, "%*s %7s  %s", strlen(date) < 10 ? (int)(10 - strlen(date)) : 0, "", dur,
                color ? BOLD : "");
        render_text(f, t->title, 0);
        fputs(color ? RESET : "", f);
        if (t->nspeakers) {
                fputs(" — ", f);
                speakers_line(f, t, 0);
        }
        fprintf(f, "  %s", color ? DIM : "");
        render_text(f, t->id, 0);
        fprintf(f, "%s\n", color ? RESET : "");
}

/* "name       value" */
static void field(FILE *f, const char *name, const char *value, int color)
{
        if (value && *value) {
                fprintf(f, "%s%-10s%s ", color ? DIM : "", name, color ? RESET : "");
                render_text(f, value, 0);
                fputc('\n', f);
        }
}

/* "name       a, b, c" */
static void list_field(FILE *f, const char *name, char **v, size_t n, int color)
{
        if (!n)
                return;
        fprintf(f, "%s%-10s%s ", color ? DIM : "", name, color ? RESET : "");
        for (size_t i = 0; i < n; i++) {
                fputs(i ? ", " : "", f);
                render_text(f, v[i], 0);
        }
        fputc('\n', f);
}

void render_file_line(FILE *f, const dx_talk_file *s, int color)
{
        fprintf(f, "  %s%-9s%s ", color ? DIM : "", s->kind, color ? RESET : "");
        render_text(f, s->path, 0);
        if (s->error) {
                fputs(": ", f);
                render_text(f, s->error, 0);
        }
        fputc('\n', f);
}

/* Did the last ingest fail to read one of the talk's files? */
static int any_failed(const dx_talk *t)
{
        for (size_t i = 0; i < t->nfiles; i++)
                if (t->files[i].error)
                        return 1;
        return 0;
}

/* Whether a container tag says something about the talk (its title, who
 * spoke, when) rather than how the file was made (major_brand, encoder):
 * only those are shown; --json has them all. */
static int tag_for_people(const char *key)
{
        static const char *const keys[] = {"title",    "artist",    "album_artist", "album",
                                           "composer", "performer", "comment",      "description",
                                           "synopsis", "date",      "copyright",    "genre",
                                           "language", "show",      "episode_id"};

        for (size_t i = 0; key && i < sizeof(keys) / sizeof(keys[0]); i++)
                if (strcasecmp(key, keys[i]) == 0)
                        return 1;
        return 0;
}

/* "title from the title page, date from the file name": where what the
 * manifest did not give came from; nothing when the manifest gave all. */
static void inferred_line(FILE *f, const dx_talk *t, int color)
{
        static const struct {
                const char *src, *said;
        } names[] = {{"tag", "the recording's tags"},
                     {"deck-info", "the deck's document info"},
                     {"title-page", "the deck's title page"},
                     {"file-name", "the file name"}};
        const char *what[3] = {"title", "speakers", "date"};
        const char *src[3] = {t->title_src, t->speakers_src, t->date_src};
        int n = 0;

        for (int i = 0; i < 3; i++)
                for (size_t k = 0; src[i] && k < sizeof(names) / sizeof(names[0]); k++)
                        if (strcmp(src[i], names[k].src) == 0) {
                                if (!n++)
                                        fprintf(f, "%s%-10s%s ", color ? DIM : "", "inferred",
                                                color ? RESET : "");
                                fprintf(f, "%s%s from %s", n > 1 ? ", " : "", what[i],
                                        names[k].said);
                        }
        if (n)
                fputc('\n', f);
}

void render_talk_full(FILE *f, const dx_talk *t, int color)
{
        char dur[32];

        fputs(color ? BOLD : "", f);
        render_text(f, t->title, 0);
        fprintf(f, "%s\n", color ? RESET : "");
        field(f, "id", t->id, color);
        if (t->nspeakers) {
                fprintf(f, "%s%-10s%s ", color ? DIM : "", "speakers", color ? RESET : "");
                speakers_line(f, t, 1);
                fputc('\n', f);
        }
        field(f, "event", t->event_name, color);
        field(f, "date", t->date ? t->date : t->event_date, color);
        list_field(f, "venues", t->venues, t->nvenues, color);
        field(f, "room", t->room, color);
        list_field(f, "tags", t->tags, t->ntags, color);
        render_duration(dur, sizeof(dur), t->duration);
        if (t->duration >= 0)
                field(f, "duration", dur, color);
        field(f, "video", t->video, color);
        field(f, "slides", t->slides, color);
        if (t->paired_by && strcmp(t->paired_by, "content") == 0) {
                char how[64];

                /* a guess, said as one; manifest and name pairs go without saying */
                snprintf(how, sizeof(how), "by content (confidence %.2f)", t->pair_confidence);
                field(f, "paired", how, color);
        }
        inferred_line(f, t, color);
        if (any_failed(t)) {
                fprintf(f, "\n%sFiles%s\n", color ? BOLD : "", color ? RESET : "");
                for (size_t i = 0; i < t->nfiles; i++)
                        render_file_line(f, &t->files[i], color);
        }
        if (t->abstract) {
                fputc('\n', f);
                render_text(f, t->abstract, RENDER_LINES);
                fputc('\n', f);
        }
        if (t->has_media) {
                const dx_media *m = &t->media;

                fprintf(f, "\n%sRecording%s  ", color ? BOLD : "", color ? RESET : "");
                render_text(f, m->container ? m->container : "?", 0);
                fprintf(f, ", %lld kb/s\n", (long long)(m->bit_rate / 1000));
                for (size_t i = 0; i < m->nstreams; i++) {
                        const dx_stream *s = &m->streams[i];

                        fprintf(f, "  stream %d: ", s->index);
                        render_text(f, s->kind, 0);
                        fputc(' ', f);
                        render_text(f, s->codec, 0);
                        if (s->width)
                                fprintf(f, ", %dx%d", s->width, s->height);
                        if (s->fps > 0)
                                fprintf(f, ", %.3g fps", s->fps);
                        if (s->sample_rate)
                                fprintf(f, ", %d Hz, %d channel%s", s->sample_rate, s->channels,
                                        s->channels == 1 ? "" : "s");
                        if (s->language) {
                                fputs(" [", f);
                                render_text(f, s->language, 0);
                                fputc(']', f);
                        }
                        fputc('\n', f);
                }
                for (size_t i = 0; i < m->ntags; i++) {
                        if (!tag_for_people(m->tags[i].key))
                                continue;
                        fputs("  ", f);
                        render_text(f, m->tags[i].key, 0);
                        fputs(": ", f);
                        render_text(f, m->tags[i].value, 0);
                        fputc('\n', f);
                }
                for (size_t i = 0; i < m->nchapters; i++) {
                        char a[32], b[32];

                        render_duration(a, sizeof(a), m->chapters[i].start);
                        render_duration(b, sizeof(b), m->chapters[i].end);
                        fprintf(f, "  chapter %s-%s ", a, b);
                        render_text(f, m->chapters[i].title, 0);
                        fputc('\n', f);
                }
        }
        if (t->slides) {
                size_t nocr = 0;

                fprintf(f, "\n%sSlides%s  %d page%s", color ? BOLD : "", color ? RESET : "",
                        t->docinfo.pages, t->docinfo.pages == 1 ? "" : "s");
                if (t->docinfo.title) {
                        fputs(", \"", f);
                        render_text(f, t->docinfo.title, 0);
                        fputc('"', f);
                }
                if (t->docinfo.author) {
                        fputs(" by ", f);
                        render_text(f, t->docinfo.author, 0);
                }
                for (size_t i = 0; i < t->npage_text; i++)
                        nocr += t->page_text[i].ocr != 0;
                if (nocr)
                        fprintf(f, " (%zu read by OCR: words in pictures, not the PDF's text)",
                                nocr);
                fputc('\n', f);
                for (size_t i = 0; i < t->npage_text; i++) {
                        const char *line = t->page_text[i].text;
                        char first[101];
                        size_t n = strcspn(line, "\n");

                        /* first line of each page: its title, usually */
                        while (n && (line[n - 1] == ' ' || line[n - 1] == '\r'))
                                n--;
                        if (n > 100)
                                n = dx_utf8_cut(line, 100);
                        snprintf(first, sizeof(first), "%.*s", (int)n, line);
                        fprintf(f, "  %3d  ", t->page_text[i].page);
                        /* how sure OCR was: a person reads the text knowing it */
                        if (t->page_text[i].ocr)
                                fprintf(f, "[OCR %d%%] ", t->page_text[i].ocr_conf);
                        render_text(f, first, 0);
                        fputc('\n', f);
                }
        }
}
