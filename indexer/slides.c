/*
 * slides.c - read a slide deck with poppler-glib: document info and the text
 * of every page.  Pages are loaded one at a time and released at once, and
 * pages, text per page, text per document and time per document are capped,
 * so a hostile or giant PDF cannot exhaust memory or stall an ingest.
 */
#include "dx_int.h"

#include <poppler.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DX_SLIDES_MAX_SECONDS 120.0
/* A page tree that lies about its size shows as a run of missing pages. */
#define DX_SLIDES_MAX_MISSING 16

static char *gstr(gchar *s)
{
        char *r = NULL;

        if (s && *s) {
                r = g_utf8_make_valid(s, -1);
                dx_squeeze_space(r);
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

int dx_slides_read(const char *path, dx_deck *out, char **err, char **warning)
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
        if (!has_header) {
                *err = dx_strdup("not a PDF file (no %PDF header)");
                return DX_ERR;
        }

        doc = dx_pdf_open(path, &encrypted, err);
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
        if (!out->pages) {
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
        } else if (n > want || missing || timed_out) {
                if (timed_out)
                        *err = dx_asprintf("gave up after %zu of %d pages (over %.0f s)",
                                           out->npages, n, DX_SLIDES_MAX_SECONDS);
                else
                        *err = dx_asprintf("damaged page tree: claims %d pages, %zu readable", n,
                                           out->npages);
                rc = 1;
        } else if (!has_eof) {
                *err = dx_asprintf("truncated PDF (no %%EOF marker; read %zu pages)", out->npages);
                rc = 1;
        }
        if (cut)
                *warning = dx_asprintf("slide text cut at %zu bytes", out->text_bytes);
        else if (!nonblank && rc >= 0)
                *warning = dx_strdup("slides have no text layer (image-only PDF?)");
out:
        if (rc < 0)
                dx_deck_release(out);
        if (doc)
                g_object_unref(doc);
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
