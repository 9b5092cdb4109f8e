/*
 * site_html.c - the pages of the static site: index.html (events newest
 * first with their talks), a page per talk (metadata, recording with
 * chapter links, every slide as a thumbnail with its text), a page per
 * speaker, the speakers' list, the search page and the Atom feed.  Every
 * piece of text from the archive goes through html_text(), every link
 * through site_url(), which drops what is no http(s) or relative URL;
 * pages work without JavaScript except search.
 */
#include "export.h"
#include "render.h"
#include "site.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* slide text in alt attributes is cut here (screen readers read it all
 * out; the full text is next to the image) */
#define ALT_MAX 600

void html_text(FILE *f, const char *s)
{
        char *u;

        if (!s)
                return;
        u = dx_utf8_display(s);
        for (const unsigned char *p = (const unsigned char *)(u ? u : ""); *p; p++) {
                switch (*p) {
                case '&':
                        fputs("&amp;", f);
                        break;
                case '<':
                        fputs("&lt;", f);
                        break;
                case '>':
                        fputs("&gt;", f);
                        break;
                case '"':
                        fputs("&quot;", f);
                        break;
                case '\'':
                        fputs("&#39;", f);
                        break;
                default:
                        /* control characters are not allowed in HTML text */
                        if (*p < 0x20 && *p != '\n' && *p != '\t')
                                fputc(' ', f);
                        else if (*p != 0x7f)
                                fputc(*p, f);
                }
        }
        free(u);
}

/* At most max bytes of s, cut at a space and not inside a UTF-8 sequence. */
static void html_text_cut(FILE *f, const char *s, size_t max)
{
        size_t n = s ? strlen(s) : 0;
        char *c;

        if (n <= max) {
                html_text(f, s);
                return;
        }
        while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
                max--;
        for (size_t k = max; k > max / 2; k--)
                if (s[k] == ' ') {
                        max = k;
                        break;
                }
        c = strndup(s, max);
        html_text(f, c);
        fputs("…", f);
        free(c);
}

/* Percent-encode the bytes of s that are not in keep (nor ASCII letters
 * and digits) onto p; the end of what was written. */
static char *url_encode(char *p, const char *s, const char *keep)
{
        static const char hex[] = "0123456789ABCDEF";

        for (const unsigned char *c = (const unsigned char *)s; c && *c; c++) {
                if ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
                    (*c >= 'A' && *c <= 'Z') || strchr(keep, *c)) {
                        *p++ = (char)*c;
                } else {
                        *p++ = '%';
                        *p++ = hex[*c >> 4];
                        *p++ = hex[*c & 15];
                }
        }
        return p;
}

int site_url_ok(const char *u)
{
        const char *p = u;

        for (const unsigned char *c = (const unsigned char *)u; *c; c++)
                if (*c <= 0x20 || *c == 0x7f)
                        return 0; /* browsers drop some: "java\tscript:" would run */
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
                return 1;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               *p == '+' || *p == '-' || *p == '.')
                p++;
        if (*p != ':')
                return 1; /* no scheme: a relative reference */
        return (p - u == 4 && strncasecmp(u, "http", 4) == 0) ||
               (p - u == 5 && strncasecmp(u, "https", 5) == 0);
}

char *site_url(const char *base, const char *path, const char *frag)
{
        size_t nb = base ? strlen(base) : 0, np = path ? strlen(path) : 0;
        size_t nf = frag ? strlen(frag) : 0;
        char *u = malloc(3 * (nb + np) + nf + 2), *p = u;

        if (!u)
                return NULL;
        /* a URL as given keeps its ':', '?', '#' and escapes */
        p = url_encode(p, base, "/._~:@!$&()*+,;=%#?-");
        if (nb && np && base[nb - 1] != '/')
                *p++ = '/';
        /* names are only names: a ':' in their first part would read as a scheme */
        p = url_encode(p, path, "/._~@!$&()*+,;=-");
        memcpy(p, frag ? frag : "", nf + 1);
        if (!site_url_ok(u)) {
                free(u);
                return NULL;
        }
        return u;
}

void html_url(FILE *f, const char *u)
{
        for (const char *p = u; p && *p; p++) {
                if (*p == '&')
                        fputs("&amp;", f);
                else
                        fputc(*p, f);
        }
}

/* ATTR="URL" for base, path and frag (see site_url()), and 1; nothing, a
 * warning naming the talk (when given) and 0 if that is no URL to write. */
static int attr_url(FILE *f, const site *s, const site_talk *talk, const char *attr,
                    const char *base, const char *path, const char *frag)
{
        char *u = site_url(base, path, frag);

        if (!u) {
                site_url_dropped(s, talk, path);
                return 0;
        }
        fprintf(f, "%s=\"", attr);
        html_url(f, u);
        fputc('"', f);
        free(u);
        return 1;
}

/* <a EXTRA href="URL">, the URL's path made from fmt (see attr_url()): 1,
 * or 0 when nothing was written. */
static int a_open(FILE *f, const site *s, const site_talk *talk, const char *extra,
                  const char *base, const char *frag, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
static int a_open(FILE *f, const site *s, const site_talk *talk, const char *extra,
                  const char *base, const char *frag, const char *fmt, ...)
{
        char *path = NULL;
        va_list ap;
        int n, ok = 0;

        va_start(ap, fmt);
        n = vasprintf(&path, fmt, ap);
        va_end(ap);
        if (n < 0)
                return 0;
        fprintf(f, "<a%s%s ", extra ? " " : "", extra ? extra : "");
        ok = attr_url(f, s, talk, "href", base, path, frag);
        fputc('>', f);
        free(path);
        return ok;
}

static const char *talk_date(const dx_talk *t)
{
        return t->date && *t->date ? t->date : t->event_date;
}

/* The page's head and the site's header; a talk page (talk given) also
 * gets its link preview tags and structured data, and with a player
 * (media) player.js. */
static void head(FILE *f, const site *s, const char *root, const char *title, const char *desc,
                 const site_talk *talk, int media)
{
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
              f);
        if (title) {
                html_text(f, title);
                fputs(" — ", f);
        }
        html_text(f, site_name(s));
        fputs("</title>\n", f);
        if (desc) {
                fputs("<meta name=\"description\" content=\"", f);
                html_text_cut(f, desc, 300);
                fputs("\">\n", f);
        }
        fputs("<link rel=\"stylesheet\" ", f);
        attr_url(f, s, NULL, "href", root, "style.css", NULL);
        fputs(">\n<link rel=\"icon\" type=\"image/svg+xml\" ", f);
        attr_url(f, s, NULL, "href", root, "favicon.svg", NULL);
        fputs(">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"", f);
        html_text(f, site_name(s));
        fputs(": talks\" ", f);
        attr_url(f, s, NULL, "href", root, "feed.xml", NULL);
        fputs(">\n", f);
        if (talk)
                site_talk_meta(f, s, talk, media);
        fputs("<script ", f);
        attr_url(f, s, NULL, "src", root, "search.js", NULL);
        fputs(" defer></script>\n", f);
        if (media) {
                fputs("<script ", f);
                attr_url(f, s, NULL, "src", root, "player.js", NULL);
                fputs(" defer></script>\n", f);
        }
        fprintf(f, "</head>\n<body data-root=\"%s\">\n", root);
        fputs("<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
              "<header class=\"site\">\n<a class=\"brand\" ",
              f);
        attr_url(f, s, NULL, "href", root, "index.html", NULL);
        fputc('>', f);
        html_text(f, site_name(s));
        fputs("</a>\n<form class=\"search\" role=\"search\" ", f);
        attr_url(f, s, NULL, "action", root, "search.html", NULL);
        fputs(" method=\"get\">\n"
              "<label for=\"q\" class=\"vh\">Search talks</label>\n"
              "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search talks, "
              "speakers, slides…\" autocomplete=\"off\">\n"
              "<button type=\"submit\">Search</button>\n</form>\n<nav><a ",
              f);
        attr_url(f, s, NULL, "href", root, "index.html", NULL);
        fputs(">Talks</a> <a ", f);
        attr_url(f, s, NULL, "href", root, "speakers/index.html", NULL);
        fputs(">Speakers</a> <a ", f);
        attr_url(f, s, NULL, "href", root, "feed.xml", NULL);
        fputs(">Feed</a></nav>\n</header>\n"
              "<div id=\"search-results\" class=\"results\" aria-live=\"polite\"></div>\n"
              "<main id=\"main\">\n",
              f);
}

static void foot(FILE *f)
{
        fputs("</main>\n<footer><p>Made with doxsearch from the archive's recordings and slide "
              "decks.</p></footer>\n</body>\n</html>\n",
              f);
}

static void speaker_links(FILE *f, const site *s, const site_talk *st, const char *root, int affil)
{
        const dx_talk *t = &st->t;

        for (size_t k = 0; k < t->nspeakers; k++) {
                size_t ix = st->speaker_ix[k];

                if (k)
                        fputs(k + 1 == t->nspeakers ? " and " : ", ", f);
                if (ix < s->nspeakers) {
                        a_open(f, s, st, NULL, root, NULL, "speakers/%s.html",
                               s->speakers[ix].slug);
                        html_text(f, t->speakers[k].name);
                        fputs("</a>", f);
                } else {
                        html_text(f, t->speakers[k].name);
                }
                if (affil && (t->speakers[k].role || t->speakers[k].company)) {
                        fputs(" <span class=\"affil\">(", f);
                        html_text(f, t->speakers[k].role);
                        if (t->speakers[k].role && t->speakers[k].company)
                                fputs(", ", f);
                        html_text(f, t->speakers[k].company);
                        fputs(")</span>", f);
                }
        }
}

/* A talk as a card in a list: picture, title, speakers, date, length. */
static void talk_card(FILE *f, const site *s, const site_talk *st, const char *root, int with_event)
{
        const dx_talk *t = &st->t;
        char dur[32];

        fputs("<li class=\"card\">\n", f);
        if (st->poster || st->thumbs > 0) {
                char *pic = st->poster ? strdup(st->poster) : NULL;

                if (!st->poster && asprintf(&pic, "%s/1.png", st->thumb_dir) < 0)
                        pic = NULL;
                a_open(f, s, st, "class=\"pic\" tabindex=\"-1\" aria-hidden=\"true\"", root, NULL,
                       "talks/%s.html", st->file);
                fputs("<img ", f);
                attr_url(f, s, st, "src", root, pic, NULL);
                fputs(" alt=\"\" loading=\"lazy\"></a>\n", f);
                free(pic);
        }
        fputs("<h3>", f);
        a_open(f, s, st, NULL, root, NULL, "talks/%s.html", st->file);
        html_text(f, t->title);
        fputs("</a></h3>\n", f);
        if (t->nspeakers) {
                fputs("<p class=\"by\">", f);
                speaker_links(f, s, st, root, 0);
                fputs("</p>\n", f);
        }
        fputs("<p class=\"meta\">", f);
        if (with_event) {
                html_text(f, t->event_name);
                fputs(" · ", f);
        }
        if (talk_date(t)) {
                fputs("<time>", f);
                html_text(f, talk_date(t));
                fputs("</time>", f);
        }
        if (t->duration >= 0) {
                render_duration(dur, sizeof(dur), t->duration);
                fprintf(f, " · %s", dur);
        }
        if (t->pages > 0)
                fprintf(f, " · %d slide%s", t->pages, t->pages == 1 ? "" : "s");
        fputs("</p>\n</li>\n", f);
}

/* Finish a page held in memory and write it to rel. */
static int finish(const site *s, FILE *f, char **buf, size_t *len, const char *rel, site_stats *st,
                  char **errmsg)
{
        int rc;

        if (fclose(f) != 0 || !*buf) {
                free(*buf);
                *buf = NULL;
                return -1;
        }
        rc = site_write(s, rel, *buf, *len, errmsg);
        free(*buf);
        *buf = NULL;
        if (!rc && st)
                st->pages_html++;
        return rc;
}

static int write_index(const site *s, site_stats *st, char **errmsg)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        if (!f)
                return -1;
        head(f, s, "", NULL, "Every talk of the archive: recordings, slides and speakers.", NULL,
             0);
        fputs("<h1>", f);
        html_text(f, site_name(s));
        fprintf(f,
                "</h1>\n<p class=\"lead\">%zu talks by %zu speakers. Search "
                "titles, speakers, abstracts and the text of every slide with the box "
                "above.</p>\n",
                s->ntalks, s->nspeakers);
        for (size_t i = 0; i < s->ntalks; i++) {
                const dx_talk *t = &s->talks[i].t;
                const dx_talk *prev = i ? &s->talks[i - 1].t : NULL;

                if (!prev || strcmp(prev->event_id ? prev->event_id : "",
                                    t->event_id ? t->event_id : "") != 0) {
                        if (prev)
                                fputs("</ul>\n</section>\n", f);
                        if (t->event_id && export_id_ok(t->event_id))
                                fprintf(f, "<section class=\"event\" id=\"event-%s\">\n<h2>",
                                        t->event_id);
                        else
                                fputs("<section class=\"event\">\n<h2>", f);
                        html_text(f, t->event_name);
                        fputs("</h2>\n<p class=\"meta\">", f);
                        if (t->event_date) {
                                fputs("<time>", f);
                                html_text(f, t->event_date);
                                fputs("</time>", f);
                        }
                        for (size_t v = 0; v < t->nvenues; v++) {
                                fputs(v ? ", " : t->event_date ? " · " : "", f);
                                html_text(f, t->venues[v]);
                        }
                        fputs("</p>\n<ul class=\"cards\">\n", f);
                }
                talk_card(f, s, &s->talks[i], "", 0);
        }
        if (s->ntalks)
                fputs("</ul>\n</section>\n", f);
        else
                fputs("<p>The archive has no talks yet.</p>\n", f);
        foot(f);
        return finish(s, f, &buf, &len, "index.html", st, errmsg);
}

/* The abstract as paragraphs (blank lines between them). */
static void paragraphs(FILE *f, const char *text)
{
        const char *p = text;

        while (p && *p) {
                const char *e = strstr(p, "\n\n");
                size_t n = e ? (size_t)(e - p) : strlen(p);
                char *part = strndup(p, n);

                if (part && part[strspn(part, " \n\t")]) {
                        fputs("<p>", f);
                        html_text(f, part);
                        fputs("</p>\n", f);
                }
                free(part);
                p = e ? e + 2 : NULL;
        }
}

/* <a EXTRA href="#t=SECONDS">: the moment in the page's player. */
static void video_link(FILE *f, const char *extra, double seconds)
{
        char at[48];

        site_frag_t(at, sizeof(at), seconds);
        fprintf(f, "<a%s%s href=\"%s\">", extra ? " " : "", extra ? extra : "", at);
}

/* Whether the talk's recording is played on its page: under --media-url,
 * only when that makes a URL to write (else told once), and not when no
 * ingest could read it. */
static int video_linked(const site *s, const site_talk *st)
{
        if (site_talk_played(s, st))
                return 1;
        if (st->t.video && s->o->media_url && !(st->t.video_error && !st->t.has_media))
                site_url_dropped(s, st, st->t.video);
        return 0;
}

/* Links to the moments page was on screen: "on screen at 4:00, 51:30". */
static void slide_times(FILE *f, const site *s, const site_talk *st, int page)
{
        int shown = 0;

        for (size_t i = 0; i < st->timeline.n && shown < 4; i++) {
                const dx_slide_span *sp = &st->timeline.spans[i];
                char at[32];

                if (sp->page != page)
                        continue;
                render_clock(at, sizeof(at), sp->start_s);
                fputs(shown ? ", " : " <span class=\"when\">on screen at ", f);
                video_link(f, NULL, sp->start_s);
                fprintf(f, "%s</a>", at);
                shown++;
        }
        if (shown)
                fputs("</span>", f);
}

/* The first moment page was on screen, or -1. */
static double slide_start(const site_talk *st, int page)
{
        for (size_t i = 0; i < st->timeline.n; i++)
                if (st->timeline.spans[i].page == page)
                        return st->timeline.spans[i].start_s;
        return -1;
}

static const char *page_text(const dx_talk *t, int page)
{
        for (size_t i = 0; i < t->npage_text; i++)
                if (t->page_text[i].page == page)
                        return t->page_text[i].text;
        return NULL;
}

/* The page when OCR read its text, else NULL. */
static const dx_page *page_ocr(const dx_talk *t, int page)
{
        for (size_t i = 0; i < t->npage_text; i++)
                if (t->page_text[i].page == page && t->page_text[i].ocr)
                        return &t->page_text[i];
        return NULL;
}

static int write_talk(const site *s, const site_talk *st, site_stats *stats, char **errmsg)
{
        const dx_talk *t = &st->t;
        int media = video_linked(s, st);
        char *buf = NULL, *rel = NULL;
        size_t len = 0;
        FILE *f;
        int rc, npages;
        char dur[32];

        if (asprintf(&rel, "talks/%s.html", st->file) < 0)
                return -1;
        f = open_memstream(&buf, &len);
        if (!f) {
                free(rel);
                return -1;
        }
        head(f, s, "../", t->title, t->abstract, st, media);
        fputs("<article class=\"talk\">\n<h1>", f);
        html_text(f, t->title);
        fputs("</h1>\n", f);
        if (t->nspeakers) {
                fputs("<p class=\"by\">", f);
                speaker_links(f, s, st, "../", 1);
                fputs("</p>\n", f);
        }
        fputs("<dl class=\"facts\">\n<dt>Event</dt><dd>", f);
        {
                char *frag = NULL;

                if (t->event_id && export_id_ok(t->event_id) &&
                    asprintf(&frag, "#event-%s", t->event_id) < 0)
                        frag = NULL;
                a_open(f, s, st, NULL, "../", frag, "index.html");
                free(frag);
        }
        html_text(f, t->event_name);
        fputs("</a></dd>\n", f);
        if (talk_date(t)) {
                fputs("<dt>Date</dt><dd><time>", f);
                html_text(f, talk_date(t));
                fputs("</time></dd>\n", f);
        }
        if (t->nvenues || t->room) {
                fputs(t->nvenues > 1 ? "<dt>Venues</dt><dd>" : "<dt>Venue</dt><dd>", f);
                for (size_t v = 0; v < t->nvenues; v++) {
                        if (v)
                                fputs(", ", f);
                        html_text(f, t->venues[v]);
                }
                if (t->room &&
                    (!t->nvenues || !(t->nvenues == 1 && strcmp(t->room, t->venues[0]) == 0))) {
                        fputs(t->nvenues ? " (room: " : "", f);
                        html_text(f, t->room);
                        fputs(t->nvenues ? ")" : "", f);
                }
                fputs("</dd>\n", f);
        }
        if (t->duration >= 0) {
                render_duration(dur, sizeof(dur), t->duration);
                fprintf(f, "<dt>Length</dt><dd>%s</dd>\n", dur);
        }
        if (t->ntags) {
                fputs("<dt>Tags</dt><dd><ul class=\"tags\">", f);
                for (size_t k = 0; k < t->ntags; k++) {
                        fputs("<li>", f);
                        html_text(f, t->tags[k]);
                        fputs("</li>", f);
                }
                fputs("</ul></dd>\n", f);
        }
        fputs("</dl>\n", f);

        if (t->video) {
                if (t->video_error) {
                        fputs(t->has_media
                                  ? "<p class=\"failed\">The recording has a problem: "
                                  : "<p class=\"failed\">The recording could not be read: ",
                              f);
                        html_text(f, t->video_error);
                        fputs("</p>\n", f);
                }
                if (!media && st->poster) {
                        fputs("<img class=\"poster\" ", f);
                        attr_url(f, s, st, "src", "../", st->poster, NULL);
                        fputs(" alt=\"A frame of the recording of ", f);
                        html_text(f, t->title);
                        fputs("\" width=\"640\">\n", f);
                }
                site_player(f, s, st, media);
        }
        if (t->abstract && *t->abstract) {
                fputs("<section class=\"abstract\">\n<h2>Abstract</h2>\n", f);
                paragraphs(f, t->abstract);
                fputs("</section>\n", f);
        }
        npages = t->pages > 0 ? t->pages : (int)t->npage_text;
        if (npages > 0) {
                fprintf(
                    f,
                    "<section class=\"deck\">\n<h2>Slides <span class=\"count\">(%d)</span></h2>\n",
                    npages);
                if (!st->thumbs)
                        fputs("<p class=\"meta\">No thumbnails: the deck could not be "
                              "rendered.</p>\n",
                              f);
                fputs("<ol class=\"slides\">\n", f);
                for (int p = 1; p <= npages; p++) {
                        const char *text = page_text(t, p);

                        double at = media ? slide_start(st, p) : -1;

                        fprintf(f, "<li id=\"slide-%d\">\n", p);
                        if (p <= st->thumbs && at >= 0)
                                video_link(f, "class=\"play\"", at);
                        if (p <= st->thumbs) {
                                char *png = NULL;

                                fputs("<img class=\"thumb\" ", f);
                                if (asprintf(&png, "%s/%d.png", st->thumb_dir, p) >= 0)
                                        attr_url(f, s, st, "src", "../", png, NULL);
                                free(png);
                                fputs(" alt=\"", f);
                                if (text && *text)
                                        html_text_cut(f, text, ALT_MAX);
                                else
                                        fprintf(f, "Slide %d (no text)", p);
                                fprintf(f, "\" width=\"%d\" loading=\"lazy\">\n",
                                        s->o->thumb_width);
                        }
                        if (p <= st->thumbs && at >= 0)
                                fputs("</a>\n", f);
                        fprintf(
                            f, "<div class=\"text\"><a class=\"n\" href=\"#slide-%d\">Slide %d</a>",
                            p, p);
                        if (page_ocr(t, p))
                                fprintf(f,
                                        " <span class=\"ocr\" title=\"text read by OCR from the "
                                        "slide's picture, %d%% confident\">OCR</span>",
                                        page_ocr(t, p)->ocr_conf);
                        if (media)
                                slide_times(f, s, st, p);
                        if (text && *text) {
                                fputs("<p>", f);
                                html_text(f, text);
                                fputs("</p>", f);
                        }
                        fputs("</div>\n</li>\n", f);
                }
                fputs("</ol>\n</section>\n", f);
        }
        fputs("</article>\n", f);
        foot(f);
        rc = finish(s, f, &buf, &len, rel, stats, errmsg);
        free(rel);
        return rc;
}

static int write_speaker(const site *s, const site_speaker *sp, site_stats *st, char **errmsg)
{
        char *buf = NULL, *rel = NULL;
        size_t len = 0;
        FILE *f;
        int rc;

        if (asprintf(&rel, "speakers/%s.html", sp->slug) < 0)
                return -1;
        f = open_memstream(&buf, &len);
        if (!f) {
                free(rel);
                return -1;
        }
        head(f, s, "../", sp->name, NULL, NULL, 0);
        fputs("<h1>", f);
        html_text(f, sp->name);
        fputs("</h1>\n", f);
        /* what they were, as the talks say (newest first, each once) */
        fputs("<p class=\"lead\">", f);
        {
                int any = 0;

                for (size_t i = 0; i < sp->ntalks; i++) {
                        const dx_talk *t = &s->talks[sp->talks[i]].t;

                        for (size_t k = 0; k < t->nspeakers; k++) {
                                const dx_speaker *x = &t->speakers[k];
                                int dup = 0;

                                if (strcmp(x->name, sp->name) != 0 || (!x->role && !x->company))
                                        continue;
                                for (size_t j = 0; j < i && !dup; j++) {
                                        const dx_talk *u = &s->talks[sp->talks[j]].t;

                                        for (size_t m = 0; m < u->nspeakers; m++)
                                                if (strcmp(u->speakers[m].name, sp->name) == 0 &&
                                                    strcmp(u->speakers[m].role ? u->speakers[m].role
                                                                               : "",
                                                           x->role ? x->role : "") == 0 &&
                                                    strcmp(u->speakers[m].company
                                                               ? u->speakers[m].company
                                                               : "",
                                                           x->company ? x->company : "") == 0)
                                                        dup = 1;
                                }
                                if (dup)
                                        continue;
                                fputs(any++ ? "; " : "", f);
                                html_text(f, x->role);
                                if (x->role && x->company)
                                        fputs(", ", f);
                                html_text(f, x->company);
                        }
                }
                fputs(any ? ". " : "", f);
        }
        fprintf(f, "%zu talk%s.</p>\n<ul class=\"cards\">\n", sp->ntalks,
                sp->ntalks == 1 ? "" : "s");
        for (size_t i = 0; i < sp->ntalks; i++)
                talk_card(f, s, &s->talks[sp->talks[i]], "../", 1);
        fputs("</ul>\n", f);
        foot(f);
        rc = finish(s, f, &buf, &len, rel, st, errmsg);
        free(rel);
        return rc;
}

static int write_speakers_index(const site *s, site_stats *st, char **errmsg)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        if (!f)
                return -1;
        head(f, s, "../", "Speakers", NULL, NULL, 0);
        fputs("<h1>Speakers</h1>\n<ul class=\"speakers\">\n", f);
        for (size_t i = 0; i < s->nspeakers; i++) {
                fputs("<li>", f);
                a_open(f, s, NULL, NULL, NULL, NULL, "%s.html", s->speakers[i].slug);
                html_text(f, s->speakers[i].name);
                fprintf(f, "</a> <span class=\"meta\">%zu talk%s</span></li>\n",
                        s->speakers[i].ntalks, s->speakers[i].ntalks == 1 ? "" : "s");
        }
        fputs("</ul>\n", f);
        foot(f);
        return finish(s, f, &buf, &len, "speakers/index.html", st, errmsg);
}

static int write_search_page(const site *s, site_stats *st, char **errmsg)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        if (!f)
                return -1;
        head(f, s, "", "Search", NULL, NULL, 0);
        fputs("<h1>Search</h1>\n"
              "<noscript><p>Search runs in your browser and needs JavaScript. Without it, "
              "browse the <a href=\"index.html\">talks</a> and the "
              "<a href=\"speakers/index.html\">speakers</a>.</p></noscript>\n"
              "<div id=\"search-page\" class=\"results\" aria-live=\"polite\"></div>\n"
              "<details class=\"help\"><summary>How to search</summary>\n<ul>\n"
              "<li>Words are all required: <code>error budget</code></li>\n"
              "<li>An exact phrase: <code>\"error budget policy\"</code>; a prefix: "
              "<code>deploy*</code></li>\n"
              "<li>Either word: <code>flags OR canary</code>; leave out: <code>sre "
              "-google</code></li>\n"
              "<li>Fields: <code>title:</code> <code>speaker:</code> <code>company:</code> "
              "<code>tag:</code> <code>abstract:</code> <code>slides:</code> "
              "<code>event:</code></li>\n"
              "<li>Filters: <code>year:2020</code> <code>after:2019-06</code> "
              "<code>before:2020-02-01</code> <code>longer:5m</code> <code>shorter:1h</code> "
              "<code>has:video</code> <code>has:slides</code></li>\n</ul>\n</details>\n",
              f);
        foot(f);
        return finish(s, f, &buf, &len, "search.html", st, errmsg);
}

int site_write_pages(const site *s, site_stats *st, char **errmsg)
{
        if (write_index(s, st, errmsg) || write_search_page(s, st, errmsg) ||
            write_speakers_index(s, st, errmsg))
                return -1;
        for (size_t i = 0; i < s->ntalks; i++)
                if (write_talk(s, &s->talks[i], st, errmsg))
                        return -1;
        for (size_t i = 0; i < s->nspeakers; i++)
                if (write_speaker(s, &s->speakers[i], st, errmsg))
                        return -1;
        return 0;
}
