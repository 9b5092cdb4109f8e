/*
 * slides.c - read a slide deck with poppler-glib: document info and the text
 * of every page.  Pages are loaded one at a time and released at once, and
 * pages, text per page, text per document and time per document are capped,
 * so a hostile or giant PDF cannot exhaust memory or stall an ingest.
 */
#include "dx_media.h"

#include <poppler.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DX_SLIDES_MAX_SECONDS 120.0
/* Bytes kept of each document info field (title, author, ...). */
#define DX_SLIDES_MAX_INFO 8192
/* A page tree that lies about its size shows as a run of missing pages. */
#define DX_SLIDES_MAX_MISSING 16

static char *gstr(gchar *s)
{
        char *r = NULL;

        if (s && *s) {
                r = g_utf8_make_valid(s, -1);
                dx_squeeze_space(r);
                r[dx_utf8_cut(r, DX_SLIDES_MAX_INFO)] = '\0';
                if (!*r) {
                        g_free(r);
                        r = NULL;
                }
        }
        g_free(s);
        if (!r)
                return NULL;
        /* hand out malloc()ed memory so callers free() everything alike */
        char *m = dx_strdup(r);
        g_free(r);
        return m;
}

/* Look at the first and last bytes: is there a PDF header, an end marker? */
static int sniff(const char *path, int *has_header, int *has_eof, char **err)
{
        char head[1024], tail[1024];
        struct stat sb;
        ssize_t n;
        int fd;

        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &sb) != 0) {
                *err = dx_asprintf("cannot read: %s", strerror(errno));
                if (fd >= 0)
                        close(fd);
                return DX_ERR;
        }
        if (S_ISDIR(sb.st_mode)) {
                close(fd);
                *err = dx_strdup("cannot read: Is a directory");
                return DX_ERR;
        }
        if (sb.st_size == 0) {
                close(fd);
                *err = dx_strdup("empty file");
                return DX_ERR;
        }
        n = pread(fd, head, sizeof(head), 0);
        if (n < 0) {
                *err = dx_asprintf("cannot read: %s", strerror(errno));
                close(fd);
                return DX_ERR;
        }
        *has_header = memmem(head, (size_t)n, "%PDF-", 5) != NULL;
        off_t off = sb.st_size > (off_t)sizeof(tail) ? sb.st_size - (off_t)sizeof(tail) : 0;
        n = pread(fd, tail, sizeof(tail), off);
        *has_eof = n > 0 && memmem(tail, (size_t)n, "%%EOF", 5) != NULL;
        close(fd);
        return 0;
}

static char *open_error(GError *gerr)
{
        if (g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
                return dx_strdup("encrypted PDF (password required)");
        if (gerr && gerr->domain == G_FILE_ERROR)
                return dx_asprintf("cannot read: %s", gerr->message);
        return dx_asprintf("damaged PDF (%s)", gerr ? gerr->message : "cannot be opened");
}

PopplerDocument *dx_pdf_open(const char *path, int *encrypted, char **err)
{
        GError *gerr = NULL;
        gchar *abs = g_canonicalize_filename(path, NULL);
        gchar *uri = g_filename_to_uri(abs, NULL, &gerr);
        PopplerDocument *doc = NULL;

        *encrypted = 0;
        if (!uri) {
                *err = dx_asprintf("cannot read: %s", gerr ? gerr->message : "bad file name");
        } else {
                /* poppler takes a URI, not a path */
                doc = poppler_document_new_from_file(uri, NULL, &gerr);
                if (!doc) {
                        *encrypted = g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
                        *err = open_error(gerr);
                }
        }
        if (gerr)
                g_error_free(gerr);
        g_free(uri);
        g_free(abs);
        return doc;
}

static void read_info(PopplerDocument *doc, dx_docinfo *info)
{
        GDateTime *dt = poppler_document_get_creation_date_time(doc);

        info->title = gstr(poppler_document_get_title(doc));
        info->author = gstr(poppler_document_get_author(doc));
        info->subject = gstr(poppler_document_get_subject(doc));
        info->keywords = gstr(poppler_document_get_keywords(doc));
        if (dt) {
                info->created = gstr(g_date_time_format_iso8601(dt));
                g_date_time_unref(dt);
        }
}

/* Append one page's text, cut to the page and document caps. */
static int add_page(dx_deck *d, int no, const char *text, int *cut)
{
        size_t n = text ? strlen(text) : 0;
        size_t room = DX_SLIDES_MAX_DOC_TEXT - d->text_bytes;
        dx_page *p = &d->pages[d->npages];

        if (n > DX_SLIDES_MAX_PAGE_TEXT) {
                n = DX_SLIDES_MAX_PAGE_TEXT;
                *cut = 1;
        }
        if (n > room) {
                n = room;
                *cut = 1;
        }
        /* never split a UTF-8 sequence */
        while (n && text && (text[n] & 0xC0) == 0x80)
                n--;
        p->page = no;
        p->text = dx_strndup(text ? text : "", n);
        if (!p->text)
                return DX_ENOMEM;
        d->text_bytes += n;
        d->npages++;
        return 0;
}

/* Records of a deck read in a child process (jail.c). */
enum { REC_INFO = 1, REC_PAGE, REC_RESULT };

/* Where a child sends what it reads; NULL when reading in this process. */
typedef struct emit {
        int fd;
} emit;

/* Append a string that may be NULL: a flag byte, then its bytes and NUL. */
static int pack_str(dx_buf *b, const char *s)
{
        if (dx_buf_add(b, s ? "\1" : "\0", 1))
                return DX_ENOMEM;
        return s ? dx_buf_add(b, s, strlen(s) + 1) : 0;
}

/* Read what pack_str() wrote at *pos; NULL for NULL or past the end. */
static char *unpack_str(const char *data, size_t len, size_t *pos, int *bad)
{
        const char *nul;
        char *r;

        if (*pos >= len) {
                *bad = 1;
                return NULL;
        }
        if (data[(*pos)++] == 0)
                return NULL;
        nul = memchr(data + *pos, 0, len - *pos);
        if (!nul) {
                *bad = 1;
                return NULL;
        }
        r = dx_strdup(data + *pos);
        *pos = (size_t)(nul - data) + 1;
        if (!r)
                *bad = 1;
        return r;
}

static int send_info(const emit *e, const dx_docinfo *i, int n, int want)
{
        dx_buf b = {0};
        int32_t head[2] = {n, want};
        int rc = pack_str(&b, i->title);

        rc = rc ? rc : pack_str(&b, i->author);
        rc = rc ? rc : pack_str(&b, i->subject);
        rc = rc ? rc : pack_str(&b, i->keywords);
        rc = rc ? rc : pack_str(&b, i->created);
        rc = rc ? rc : dx_jail_send(e->fd, REC_INFO, head, sizeof(head), b.s, b.len);
        dx_buf_release(&b);
        return rc;
}

/* Send the page just added and let its text go: the reader keeps it. */
static int send_page(const emit *e, dx_page *p)
{
        int32_t no = p->page;
        int rc = dx_jail_send(e->fd, REC_PAGE, &no, sizeof(no), p->text, strlen(p->text));

        free(p->text);
        p->text = NULL;
        return rc;
}

static int read_deck(const char *path, dx_deck *out, char **err, char **warning, const emit *e)
{
        PopplerDocument *doc = NULL;
        int encrypted = 0, has_header = 0, has_eof = 0, cut = 0, missing = 0, run = 0, nonblank = 0;
        int n, want, rc = DX_ERR;
        double t0 = dx_now();
        int timed_out = 0;

        memset(out, 0, sizeof(*out));
        *err = NULL;
        *warning = NULL;
        if (sniff(path, &has_header, &has_eof, err))
                return DX_ERR;

        doc = dx_pdf_open(path, &encrypted, err);
        if (!doc && !has_header) {
                /* poppler reads a PDF whose header comes after junk (as
                 * pdftotext does); what it cannot open is no PDF */
                free(*err);
                *err = dx_strdup("not a PDF file (no %PDF header)");
                return DX_ERR;
        }
        if (!doc) {
                if (!has_eof && !encrypted) {
                        free(*err);
                        *err = dx_strdup("truncated PDF (no %EOF marker; nothing readable)");
                }
                goto out;
        }

        read_info(doc, &out->info);
        n = poppler_document_get_n_pages(doc);
        if (n <= 0) {
                *err = dx_strdup("PDF has no pages");
                goto out;
        }
        want = n > DX_SLIDES_MAX_PAGES ? DX_SLIDES_MAX_PAGES : n;
        out->pages = calloc((size_t)want, sizeof(*out->pages));
        if (!out->pages || (e && send_info(e, &out->info, n, want))) {
                *err = dx_strdup("out of memory");
                goto out;
        }
        for (int i = 0; i < want; i++) {
                PopplerPage *page = poppler_document_get_page(doc, i);
                char *text = NULL;

                if (!page) {
                        missing++;
                        if (++run >= DX_SLIDES_MAX_MISSING)
                                break;
                        continue;
                }
                run = 0;
                if (!cut) {
                        gchar *t = poppler_page_get_text(page);
                        text = t ? g_utf8_make_valid(t, -1) : NULL;
                        g_free(t);
                }
                g_object_unref(page);
                if (text) {
                        for (const char *c = text; *c; c++)
                                if (!g_ascii_isspace(*c)) {
                                        nonblank = 1;
                                        break;
                                }
                }
                int arc = add_page(out, i + 1, text, &cut);
                g_free(text);
                if (!arc && e)
                        arc = send_page(e, &out->pages[out->npages - 1]);
                if (arc) {
                        *err = dx_strdup("out of memory");
                        goto out;
                }
                if (dx_now() - t0 > DX_SLIDES_MAX_SECONDS) {
                        timed_out = 1;
                        break;
                }
        }
        out->info.pages = (int)out->npages;

        rc = 0;
        if (out->npages == 0) {
                *err = dx_asprintf("damaged PDF (claims %d pages, none readable)", n);
                rc = DX_ERR;
        } else if (missing) {
                *err =
                    dx_asprintf("damaged page tree: claims %d pages, %zu readable", n, out->npages);
                rc = 1;
        } else if (timed_out) {
                *err =
                    dx_asprintf("gave up reading the PDF: over %.0f s on page %d; kept %zu page%s",
                                DX_SLIDES_MAX_SECONDS, out->pages[out->npages - 1].page + 1,
                                out->npages, out->npages == 1 ? "" : "s");
                rc = 1;
        } else if (n > want) {
                *err = dx_asprintf("has %d pages; read the first %d", n, want);
                rc = 1;
        } else if (!has_eof) {
                *err = dx_asprintf("truncated PDF (no %%EOF marker; read %zu pages)", out->npages);
                rc = 1;
        }
        if (cut)
                *warning = dx_asprintf("slide text cut at %zu bytes", out->text_bytes);
        else if (!has_header && rc >= 0)
                *warning = dx_strdup("no %PDF header in the first 1 KiB (read anyway)");
        else if (!nonblank && rc >= 0)
                *warning = dx_strdup("slides have no text layer (image-only PDF?)");
out:
        if (rc < 0)
                dx_deck_release(out);
        if (doc)
                g_object_unref(doc);
        return rc;
}

int dx_slides_read(const char *path, dx_deck *out, char **err, char **warning)
{
        return read_deck(path, out, err, warning, NULL);
}

/* The job of a child process: read the deck (file, else the path in arg),
 * send what is read. */
static int slides_job(int fd, int file, const char *arg, size_t len)
{
        emit e = {fd};
        dx_deck d;
        dx_buf b = {0};
        char *err = NULL, *warning = NULL, where[32];
        int32_t rc = read_deck(dx_jail_path(file, arg, where), &d, &err, &warning, &e);
        int src = pack_str(&b, err);

        src = src ? src : pack_str(&b, warning);
        src = src ? src : dx_jail_send(fd, REC_RESULT, &rc, sizeof(rc), b.s, b.len);
        dx_buf_release(&b);
        free(err);
        free(warning);
        dx_deck_release(&d);
        return src;
}

/* What the caller has of a deck read in a child. */
typedef struct gather {
        dx_deck *d;
        size_t want;
        int claimed, got_info, got_result, rc;
        char *err, *warning;
} gather;

static int gather_record(void *ud, int type, const char *data, size_t len)
{
        gather *g = ud;
        int32_t v[2];
        size_t pos;
        int bad = 0;

        if (type == REC_INFO && !g->got_info && len >= sizeof(v)) {
                memcpy(v, data, sizeof(v));
                if (v[1] <= 0 || v[1] > DX_SLIDES_MAX_PAGES)
                        return DX_ERR;
                g->claimed = v[0];
                g->want = (size_t)v[1];
                g->d->pages = calloc(g->want, sizeof(*g->d->pages));
                pos = sizeof(v);
                g->d->info.title = unpack_str(data, len, &pos, &bad);
                g->d->info.author = unpack_str(data, len, &pos, &bad);
                g->d->info.subject = unpack_str(data, len, &pos, &bad);
                g->d->info.keywords = unpack_str(data, len, &pos, &bad);
                g->d->info.created = unpack_str(data, len, &pos, &bad);
                g->got_info = 1;
                return bad || !g->d->pages ? DX_ERR : 0;
        }
        if (type == REC_PAGE && g->got_info && g->d->npages < g->want && len >= sizeof(v[0])) {
                dx_page *p = &g->d->pages[g->d->npages];

                memcpy(v, data, sizeof(v[0]));
                p->page = v[0];
                p->text = dx_strndup(data + sizeof(v[0]), len - sizeof(v[0]));
                if (!p->text)
                        return DX_ENOMEM;
                g->d->text_bytes += strlen(p->text);
                g->d->npages++;
                return 0;
        }
        if (type == REC_RESULT && len >= sizeof(v[0])) {
                memcpy(v, data, sizeof(v[0]));
                g->rc = v[0];
                pos = sizeof(v[0]);
                g->err = unpack_str(data, len, &pos, &bad);
                g->warning = unpack_str(data, len, &pos, &bad);
                g->got_result = 1;
                return bad ? DX_ERR : 0;
        }
        return DX_ERR;
}

/* Why a child reading a deck was stopped, from the page it was on. */
static char *stopped(const gather *g, const dx_jail_limits *lim, dx_jail_end end, int sig)
{
        int next = g->d->npages ? g->d->pages[g->d->npages - 1].page + 1 : 1;
        char *where = g->got_info ? dx_asprintf("on page %d", next) : dx_strdup("opening it");
        char *why, *r;

        if (end == DX_JAIL_TIME)
                why = dx_asprintf("gave up reading the PDF: over %g s %s", lim->seconds, where);
        else if (end == DX_JAIL_MEMORY)
                why = dx_asprintf("gave up reading the PDF: over %zu MiB of memory %s",
                                  lim->bytes >> 20, where);
        else if (end == DX_JAIL_SIGNAL)
                why = dx_asprintf("the PDF reader crashed %s (%s)", where, strsignal(sig));
        else
                why = dx_asprintf("the PDF reader failed %s", where);
        r = g->d->npages && why ? dx_asprintf("%s; kept %zu page%s", why, g->d->npages,
                                              g->d->npages == 1 ? "" : "s")
                                : why;
        if (r != why)
                free(why);
        free(where);
        return r;
}

int dx_slides_read_in(dx_jail *jail, const char *path, int fd, dx_deck *out, char **err,
                      char **warning)
{
        gather g = {.d = out};
        dx_jail_limits lim;
        dx_jail_end end;
        int sig, rc;

        if (!jail)
                return dx_slides_read(path, out, err, warning);
        memset(out, 0, sizeof(*out));
        *err = NULL;
        *warning = NULL;
        dx_jail_limits_get(&lim);
        rc = dx_jail_run(jail, slides_job, fd, path, strlen(path) + 1, &lim, gather_record, &g,
                         &end, &sig);
        if (rc == 0 && g.got_result) {
                rc = g.rc;
                *err = g.err;
                *warning = g.warning;
                g.err = g.warning = NULL;
        } else if (rc == 0) {
                *err = stopped(&g, &lim, end, sig);
                rc = out->npages ? 1 : DX_ERR;
        } else {
                *err = dx_strdup(rc == DX_ENOMEM ? "out of memory" : "the PDF reader failed");
        }
        if (!*err && rc != 0)
                *err = dx_strdup("out of memory");
        out->info.pages = (int)out->npages;
        if (rc < 0)
                dx_deck_release(out);
        free(g.err);
        free(g.warning);
        return rc;
}

/* poppler-glib builds its global parameters (encoding and Unicode tables,
 * read from disk) when the first document opens and frees them when the
 * last one closes, so decks read one after another would each pay for
 * them.  A tiny document held open across an ingest keeps them. */
static const char hold_pdf[] = "%PDF-1.4\n"
                               "1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
                               "2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
                               "trailer <</Root 1 0 R>>\n%%EOF\n";

void *dx_slides_hold(void)
{
        GBytes *bytes = g_bytes_new_static(hold_pdf, sizeof(hold_pdf) - 1);
        PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);

        g_bytes_unref(bytes);
        return doc;
}

void dx_slides_unhold(void *hold)
{
        if (hold)
                g_object_unref(hold);
}

void dx_deck_release(dx_deck *d)
{
        if (!d)
                return;
        dx_docinfo_release(&d->info);
        for (size_t i = 0; i < d->npages; i++)
                free(d->pages[i].text);
        free(d->pages);
        memset(d, 0, sizeof(*d));
}
