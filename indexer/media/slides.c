/*
 * slides.c - read a slide deck with poppler-glib: document info and the text
 * of every page.  Pages are loaded one at a time and released at once, and
 * pages, text per page, text per document and time per document are capped,
 * so a hostile or giant PDF cannot exhaust memory or stall an ingest.
 * Pages without a text layer are read by OCR (ocr/) as they come, in the
 * same jailed child; a page whose OCR is cut off is named and the deck is
 * read on from the page after it.
 */
#include "dx_media.h"
#include "dx_ocr.h"

#include <poppler.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* Records of a deck read in a child process (jail.c).  REC_OCR_BEGIN
 * comes before a page's OCR, REC_OCR after it (before its REC_PAGE);
 * REC_TITLE_PAGE carries the first page's lines. */
enum { REC_INFO = 1, REC_PAGE, REC_RESULT, REC_OCR_BEGIN, REC_OCR, REC_TITLE_PAGE };

/* The lines of a title page kept, and the characters of its text looked
 * at: a title page has a title, names, a date, a logo's words. */
#define DX_TITLE_PAGE_LINES 24
#define DX_TITLE_PAGE_CHARS 4096
#define DX_TITLE_LINE_BYTES 240

/* The first page's lines with the largest font size in each, in reading
 * order: "size\ttext\n" per line (dx_deck.title_page), so that the
 * caller can tell a title (the largest text) from names and affiliations
 * without reading the PDF itself.  NULL when the page has no text. */
static char *title_page_lines(PopplerPage *page, const char *text)
{
        GList *attrs = text ? poppler_page_get_text_attributes(page) : NULL;
        float *size = NULL;
        long nchars;
        dx_buf b = DX_BUF_INIT;
        int lines = 0;

        if (!text)
                goto out;
        nchars = g_utf8_strlen(text, -1);
        if (nchars > DX_TITLE_PAGE_CHARS)
                nchars = DX_TITLE_PAGE_CHARS;
        size = calloc((size_t)nchars + 1, sizeof(*size));
        if (!size)
                goto out;
        for (GList *l = attrs; l; l = l->next) {
                const PopplerTextAttributes *a = l->data;

                for (long i = a->start_index < 0 ? 0 : a->start_index;
                     i <= a->end_index && i < nchars; i++)
                        size[i] = (float)a->font_size;
        }
        b.max = DX_TITLE_PAGE_LINES * (DX_TITLE_LINE_BYTES + 16);
        const char *p = text, *start = text;
        float big = 0;
        for (long i = 0; i <= nchars && lines < DX_TITLE_PAGE_LINES; i++) {
                if (i < nchars && *p != '\n') {
                        if (!g_unichar_isspace(g_utf8_get_char(p)) && size[i] > big)
                                big = size[i];
                        p = g_utf8_next_char(p);
                        continue;
                }
                size_t n = (size_t)(p - start);
                char *line = dx_strndup(start, n);

                if (line) {
                        for (char *c = line; *c; c++)
                                if (*c == '\t' || *c == '\r' || (unsigned char)*c < 0x20)
                                        *c = ' ';
                        dx_squeeze_space(line);
                        line[dx_utf8_cut(line, DX_TITLE_LINE_BYTES)] = '\0';
                        if (*line) {
                                dx_buf_addf(&b, "%.1f\t%s\n", big, line);
                                lines++;
                        }
                        free(line);
                }
                big = 0;
                if (i < nchars)
                        p = g_utf8_next_char(p);
                start = p;
        }
out:
        free(size);
        if (attrs)
                poppler_page_free_text_attributes(attrs);
        if (!b.len) {
                dx_buf_release(&b);
                return NULL;
        }
        return dx_buf_detach(&b);
}

/* Where a child sends what it reads; NULL when reading in this process. */
typedef struct emit {
        int fd;
} emit;

/* What a child is asked to read; the path follows. */
typedef struct job_arg {
        int32_t first;                 /* the page to start at, 1-based (a job resumed) */
        int32_t nskip;                 /* pages whose OCR was cut off before */
        int32_t skip[DX_OCR_MAX_CUT];
        double read_seconds;           /* the limit on reading, OCR aside */
        dx_ocr_opts ocr;               /* mode DX_OCR_NEVER: no OCR */
} job_arg;

/* In a child: the OCR engine, kept from job to job. */
static dx_ocr *child_engine;

/* In a child: a page's OCR begins (its rendering is done). */
static int ocr_begins(void *ud, int no)
{
        int32_t n = no;

        return dx_jail_send(((const emit *)ud)->fd, REC_OCR_BEGIN, &n, sizeof(n), NULL, 0);
}

/* Keep what OCR made of a page in the deck (and send it from a child). */
static int keep_ocr(dx_deck *d, const dx_page_ocr *info, const emit *e)
{
        dx_page_ocr *v;

        if (e)
                return dx_jail_send(e->fd, REC_OCR, info, sizeof(*info), NULL, 0);
        v = realloc(d->ocr, (d->nocr + 1) * sizeof(*v));
        if (!v)
                return DX_ENOMEM;
        d->ocr = v;
        d->ocr[d->nocr++] = *info;
        return 0;
}

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

static int read_deck(const char *path, dx_deck *out, char **err, char **warning, const emit *e,
                     const job_arg *ja, dx_ocr **engine)
{
        PopplerDocument *doc = NULL;
        int encrypted = 0, has_header = 0, has_eof = 0, cut = 0, missing = 0, run = 0, nonblank = 0;
        int n, want, rc = DX_ERR;
        double t0 = dx_now();
        int timed_out = 0;
        dx_ocr_run ocr;
        char *ocr_note;

        dx_ocr_run_init(&ocr, ja ? &ja->ocr : NULL, engine, ja ? ja->skip : NULL,
                        ja ? (size_t)ja->nskip : 0);

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
        for (int i = ja && ja->first > 1 ? ja->first - 1 : 0; i < want; i++) {
                PopplerPage *page;
                char *text = NULL;

                if (ja) { /* what reading has left of its time, OCR aside */
                        double left = ja->read_seconds - (dx_now() - t0 - ocr.seconds);

                        dx_jail_alarm(left > 1e-3 ? left : 1e-3);
                }
                page = poppler_document_get_page(doc, i);

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
                /* the title page: its lines with their sizes, for the caller */
                if (i == 0 && (out->title_page = title_page_lines(page, text)) && e &&
                    dx_jail_send(e->fd, REC_TITLE_PAGE, out->title_page, strlen(out->title_page),
                                 NULL, 0)) {
                        *err = dx_strdup("out of memory");
                        g_object_unref(page);
                        g_free(text);
                        goto out;
                }
                if (!cut && ja && dx_ocr_due(&ocr, i + 1, text)) {
                        dx_page_ocr info;
                        int done = 0, orc;

                        ocr.read_left = ja->read_seconds - (dx_now() - t0 - ocr.seconds);
                        ocr.begin = e ? ocr_begins : NULL;
                        ocr.ud = (void *)e;
                        orc = dx_ocr_page(&ocr, page, i + 1, &text, &info, &done);
                        if (!orc && done)
                                orc = keep_ocr(out, &info, e);
                        if (done && info.cached)
                                nonblank = 1; /* its text is the index's */
                        if (orc) {
                                g_object_unref(page);
                                g_free(text);
                                *err = dx_strdup("out of memory");
                                goto out;
                        }
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
                if (!arc)
                        out->pages[out->npages - 1].ocr =
                            out->nocr && out->ocr[out->nocr - 1].page == i + 1;
                if (!arc && e)
                        arc = send_page(e, &out->pages[out->npages - 1]);
                if (arc) {
                        *err = dx_strdup("out of memory");
                        goto out;
                }
                if (dx_now() - t0 - ocr.seconds > DX_SLIDES_MAX_SECONDS) {
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
        ocr_note = dx_ocr_run_note(&ocr);
        if (cut)
                *warning = dx_asprintf("slide text cut at %zu bytes", out->text_bytes);
        else if (!has_header && rc >= 0)
                *warning = dx_strdup("no %PDF header in the first 1 KiB (read anyway)");
        else if (ocr_note && rc >= 0)
                *warning = ocr_note, ocr_note = NULL;
        else if (!nonblank && rc >= 0)
                *warning = dx_strdup(ocr.pages ? "slides have no text layer, and OCR found no "
                                                 "words in them"
                                               : "slides have no text layer (image-only PDF?)");
        free(ocr_note);
out:
        dx_ocr_run_release(&ocr);
        if (rc < 0)
                dx_deck_release(out);
        if (doc)
                g_object_unref(doc);
        return rc;
}

int dx_slides_read(const char *path, dx_deck *out, char **err, char **warning)
{
        return read_deck(path, out, err, warning, NULL, NULL, NULL);
}

/* The job of a child process: read the deck (file, else the path after
 * the job_arg in arg), send what is read. */
static int slides_job(int fd, int file, const char *arg, size_t len)
{
        emit e = {fd};
        dx_deck d;
        dx_buf b = {0};
        char *err = NULL, *warning = NULL, where[32];
        job_arg ja;
        int32_t rc;
        int src;

        if (len <= sizeof(ja) || arg[len - 1])
                return DX_ERR;
        memcpy(&ja, arg, sizeof(ja));
        rc = read_deck(dx_jail_path(file, arg + sizeof(ja), where), &d, &err, &warning, &e, &ja,
                       &child_engine);
        src = pack_str(&b, err);

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
        int ocr_page; /* the page being read by OCR, 0 for none */
        char *err, *warning;
} gather;

static int gather_record(void *ud, int type, const char *data, size_t len)
{
        gather *g = ud;
        int32_t v[2];
        size_t pos;
        int bad = 0;

        if (type == REC_INFO && g->got_info)
                return 0; /* a job resumed after a page cut off: known */
        if (type == REC_OCR_BEGIN && len == sizeof(v[0])) {
                memcpy(v, data, sizeof(v[0]));
                g->ocr_page = v[0];
                return 0;
        }
        if (type == REC_OCR && len == sizeof(dx_page_ocr)) {
                dx_page_ocr info, *nv;

                memcpy(&info, data, sizeof(info));
                info.hash[sizeof(info.hash) - 1] = '\0';
                nv = g->d->nocr < DX_SLIDES_MAX_PAGES
                         ? realloc(g->d->ocr, (g->d->nocr + 1) * sizeof(*nv))
                         : NULL;
                if (!nv)
                        return DX_ERR;
                g->d->ocr = nv;
                g->d->ocr[g->d->nocr++] = info;
                g->ocr_page = 0;
                return 0;
        }
        if (type == REC_INFO && len >= sizeof(v)) {
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
                p->ocr = g->d->nocr && g->d->ocr[g->d->nocr - 1].page == v[0];
                g->ocr_page = 0;
                p->text = dx_strndup(data + sizeof(v[0]), len - sizeof(v[0]));
                if (!p->text)
                        return DX_ENOMEM;
                g->d->text_bytes += strlen(p->text);
                g->d->npages++;
                return 0;
        }
        if (type == REC_TITLE_PAGE && g->got_info && !g->d->title_page) {
                g->d->title_page = dx_strndup(data, len);
                return g->d->title_page ? 0 : DX_ENOMEM;
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

/* Why OCR of page no was cut off. */
static char *cut_off(int no, const dx_jail_limits *lim, double page_seconds, dx_jail_end end,
                     int sig)
{
        if (end == DX_JAIL_TIME && sig == SIGALRM)
                return dx_asprintf("OCR of page %d cut off after %g s", no, page_seconds);
        if (end == DX_JAIL_TIME)
                return dx_asprintf("OCR of page %d cut off: the deck is over %g s", no,
                                   lim->seconds);
        if (end == DX_JAIL_MEMORY)
                return dx_asprintf("OCR of page %d cut off: over %zu MiB of memory", no,
                                   lim->bytes >> 20);
        if (end == DX_JAIL_SIGNAL)
                return dx_asprintf("OCR of page %d crashed (%s)", no, strsignal(sig));
        return dx_asprintf("OCR of page %d failed", no);
}

int dx_slides_read_ocr(dx_jail *jail, const char *path, int fd, const dx_ocr_opts *ocr,
                       dx_deck *out, char **err, char **warning)
{
        gather g = {.d = out};
        dx_jail_limits lim;
        dx_jail_end end = DX_JAIL_DONE;
        job_arg ja = {.first = 1};
        dx_buf cuts = DX_BUF_INIT;
        size_t plen = strlen(path) + 1;
        char *arg = NULL;
        double page_seconds = dx_ocr_page_seconds();
        int sig = 0, rc;

        if (!jail) {
                /* OCR has its bounds only in the jail's children */
                rc = dx_slides_read(path, out, err, warning);
                if (rc >= 0 && ocr && ocr->mode != DX_OCR_NEVER && !*warning) {
                        for (size_t i = 0; i < out->npages && !*warning; i++)
                                if (dx_ocr_due(&(dx_ocr_run){.o = ocr}, out->pages[i].page,
                                               out->pages[i].text))
                                        *warning = dx_strdup("no OCR: pages are read by OCR only "
                                                             "in child processes, which could not "
                                                             "be started");
                }
                return rc;
        }
        memset(out, 0, sizeof(*out));
        *err = NULL;
        *warning = NULL;
        dx_jail_limits_get(&lim);
        ja.read_seconds = lim.seconds;
        ja.ocr.mode = DX_OCR_NEVER;
        if (ocr && ocr->mode != DX_OCR_NEVER) {
                ja.ocr = *ocr;
                /* the reading's own limit is armed in the child (read_seconds);
                 * the jail's is that and all the deck's OCR */
                lim.seconds += DX_OCR_DECK_SECONDS + 2 * page_seconds;
        }
        arg = malloc(sizeof(ja) + plen);
        if (!arg)
                return DX_ENOMEM;
        for (;;) {
                memcpy(arg, &ja, sizeof(ja));
                memcpy(arg + sizeof(ja), path, plen);
                g.ocr_page = 0;
                g.got_result = 0;
                rc = dx_jail_run(jail, slides_job, fd, arg, sizeof(ja) + plen, &lim, gather_record,
                                 &g, &end, &sig);
                if (rc != 0 || g.got_result || !g.ocr_page || !g.got_info)
                        break;
                /* OCR of a page was cut off: name it, and read on from it
                 * (its text layer, without OCR) */
                char *why = cut_off(g.ocr_page, &lim, page_seconds, end, sig);

                if (!why || dx_buf_addf(&cuts, "%s%s", cuts.len ? "; " : "", why)) {
                        free(why);
                        rc = DX_ENOMEM;
                        break;
                }
                free(why);
                if (ja.nskip < DX_OCR_MAX_CUT)
                        ja.skip[ja.nskip++] = g.ocr_page;
                else
                        ja.ocr.mode = DX_OCR_NEVER;
                if (ja.nskip == DX_OCR_MAX_CUT && ja.ocr.mode != DX_OCR_NEVER) {
                        ja.ocr.mode = DX_OCR_NEVER;
                        dx_buf_addf(&cuts, "; no more OCR in this deck after %d pages cut off",
                                    DX_OCR_MAX_CUT);
                }
                ja.first = g.ocr_page;
        }
        if (rc == 0 && g.got_result) {
                rc = g.rc;
                *err = g.err;
                *warning = g.warning;
                g.err = g.warning = NULL;
        } else if (rc == 0) {
                dx_jail_limits said = lim;

                if (sig == SIGALRM) /* the child's own alarm: the reading's limit */
                        said.seconds = ja.read_seconds;
                *err = stopped(&g, &said, end, sig);
                rc = out->npages ? 1 : DX_ERR;
        } else {
                *err = dx_strdup(rc == DX_ENOMEM ? "out of memory" : "the PDF reader failed");
        }
        if (!*err && rc != 0)
                *err = dx_strdup("out of memory");
        if (cuts.len && rc >= 0) {
                char *w = *warning ? dx_asprintf("%s; %s", cuts.s, *warning) : dx_strdup(cuts.s);

                free(*warning);
                *warning = w;
        }
        out->info.pages = (int)out->npages;
        if (rc < 0)
                dx_deck_release(out);
        dx_buf_release(&cuts);
        free(arg);
        free(g.err);
        free(g.warning);
        return rc;
}

int dx_slides_read_in(dx_jail *jail, const char *path, int fd, dx_deck *out, char **err,
                      char **warning)
{
        return dx_slides_read_ocr(jail, path, fd, NULL, out, err, warning);
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
        free(d->title_page);
        free(d->ocr);
        memset(d, 0, sizeof(*d));
}
