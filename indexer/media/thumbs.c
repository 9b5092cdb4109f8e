/*
 * thumbs.c - slide thumbnails: every page of a deck rendered with poppler
 * onto a white cairo image surface of a fixed width and written as a PNG.
 * Pages are rendered one at a time and the page count and time are capped
 * as when reading the text (slides.c).  A deck is rendered in a child
 * process (jail.c) that is killed past DX_JAIL_SECONDS on one page, four
 * times that in all, or DX_JAIL_MIB of memory, when this process
 * has one thread (export site); otherwise here, with the time checked
 * between pages.
 */
#include "dx_media.h"

#include <cairo.h>
#include <poppler.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define DX_THUMB_MAX_SECONDS 300.0
#define DX_THUMB_MAX_HEIGHT  4096
/* In a child, a deck may take this many times the time of one page. */
#define DX_THUMB_PAGE_FACTOR 4

/* Records of a deck rendered in a child process. */
enum { REC_PAGE = 1, REC_RESULT };

cairo_surface_t *dx_page_draw(PopplerPage *page, int w, int h, double sx, double sy, int *why)
{
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create(s);
        cairo_status_t st;

        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, sx, sy);
        poppler_page_render(page, cr);
        st = cairo_status(cr);
        cairo_destroy(cr);
        cairo_surface_flush(s);
        if (st == CAIRO_STATUS_SUCCESS)
                st = cairo_surface_status(s);
        if (st != CAIRO_STATUS_SUCCESS) {
                *why = (int)st;
                cairo_surface_destroy(s);
                return NULL;
        }
        return s;
}

/* Render one page into dir/<n>.png. */
static int render_page(PopplerPage *page, int n, int width, const char *dir, char **errmsg)
{
        double pw = 0, ph = 0, scale;
        int height, rc;
        cairo_surface_t *s;
        char *out;
        int why;

        poppler_page_get_size(page, &pw, &ph);
        if (pw <= 0 || ph <= 0) {
                *errmsg = dx_asprintf("page %d has no size", n);
                return DX_ERR;
        }
        scale = width / pw;
        height = (int)(ph * scale + 0.5);
        if (height < 1)
                height = 1;
        if (height > DX_THUMB_MAX_HEIGHT)
                height = DX_THUMB_MAX_HEIGHT;
        s = dx_page_draw(page, width, height, scale, scale, &why);
        if (!s) {
                *errmsg = dx_asprintf("page %d: %s", n, cairo_status_to_string(why));
                return DX_ERR;
        }
        out = dx_asprintf("%s/%d.png", dir, n);
        if (!out) {
                cairo_surface_destroy(s);
                *errmsg = dx_strdup("out of memory");
                return DX_ENOMEM;
        }
        rc = dx_png_write(s, out, errmsg);
        free(out);
        cairo_surface_destroy(s);
        return rc;
}

/* Render the pages of path into dir; in a child (fd >= 0), send a record
 * to fd after each page. */
static int render_deck(const char *path, int width, const char *dir, int *pages, char **errmsg,
                       int fd)
{
        PopplerDocument *doc = NULL;
        double t0 = dx_now();
        int n, encrypted, rc = DX_ERR;

        doc = dx_pdf_open(path, &encrypted, errmsg);
        if (!doc)
                goto out;
        n = poppler_document_get_n_pages(doc);
        if (n > DX_SLIDES_MAX_PAGES)
                n = DX_SLIDES_MAX_PAGES;
        for (int i = 0; i < n; i++) {
                PopplerPage *page;
                int r;

                dx_jail_tick();
                page = poppler_document_get_page(doc, i);
                if (!page) {
                        *errmsg = dx_asprintf("page %d cannot be read", i + 1);
                        goto out;
                }
                r = render_page(page, i + 1, width, dir, errmsg);
                g_object_unref(page);
                if (r)
                        goto out;
                if (fd >= 0 && dx_jail_send(fd, REC_PAGE, &i, sizeof(i), NULL, 0)) {
                        *errmsg = dx_strdup("out of memory");
                        goto out;
                }
                if (dx_now() - t0 > DX_THUMB_MAX_SECONDS) {
                        *errmsg = dx_asprintf("rendering stopped after %.0f s at page %d",
                                              DX_THUMB_MAX_SECONDS, i + 1);
                        goto out;
                }
        }
        *pages = n;
        rc = 0;
out:
        if (doc)
                g_object_unref(doc);
        return rc;
}

/* The job of a child: arg is "WIDTH\0DIR\0PATH\0", the deck file (else
 * PATH); sends a record per page, then the result (rc, pages, message). */
static int thumbs_job(int fd, int file, const char *arg, size_t len)
{
        const char *dir = arg + strlen(arg) + 1;
        const char *path = dir + strlen(dir) + 1;
        int32_t res[2] = {0, 0};
        char *errmsg = NULL, where[32];
        int pages = 0, rc;

        res[0] = render_deck(dx_jail_path(file, path, where), atoi(arg), dir, &pages, &errmsg, fd);
        res[1] = pages;
        rc = dx_jail_send(fd, REC_RESULT, res, sizeof(res), errmsg, errmsg ? strlen(errmsg) : 0);
        free(errmsg);
        return rc;
}

typedef struct progress {
        int pages, got_result, rc;
        char *errmsg;
} progress;

static int thumbs_record(void *ud, int type, const char *data, size_t len)
{
        progress *p = ud;
        int32_t res[2];

        if (type == REC_PAGE) {
                p->pages++;
                return 0;
        }
        if (type != REC_RESULT || len < sizeof(res) || p->got_result)
                return DX_ERR;
        memcpy(res, data, sizeof(res));
        p->rc = res[0];
        p->pages = res[1];
        p->got_result = 1;
        if (len > sizeof(res))
                p->errmsg = dx_strndup(data + sizeof(res), len - sizeof(res));
        return 0;
}

int dx_render_slides(const char *path, int fd, int width, const char *dir, int *pages,
                     char **errmsg)
{
        progress p = {0};
        dx_jail *jail = NULL;
        dx_jail_limits lim;
        dx_jail_end end = DX_JAIL_FAILED;
        char *arg = NULL;
        int sig = 0, rc;

        *errmsg = NULL;
        *pages = 0;
        if (width < 16 || width > 4096) {
                *errmsg = dx_asprintf("thumbnail width %d is out of range", width);
                return DX_ERR;
        }
        if (dx_jail_start(&jail))
                return render_deck(path, width, dir, pages, errmsg, -1);
        dx_jail_limits_get(&lim);
        lim.page_seconds = lim.seconds;
        lim.seconds *= DX_THUMB_PAGE_FACTOR;
        arg = dx_asprintf("%d%c%s%c%s", width, 0, dir, 0, path);
        rc = arg ? dx_jail_run(jail, thumbs_job, fd, arg,
                               strlen(arg) + strlen(dir) + strlen(path) + 3, &lim, thumbs_record,
                               &p, &end, &sig)
                 : DX_ENOMEM;
        dx_jail_stop(&jail);
        if (rc == 0 && p.got_result) {
                rc = p.rc;
                *pages = p.pages;
                *errmsg = p.errmsg;
                p.errmsg = NULL;
        } else if (rc == 0 && end == DX_JAIL_TIME && sig == SIGALRM) {
                rc = DX_ERR;
                *errmsg = dx_asprintf("gave up rendering the PDF: over %g s on page %d",
                                      lim.page_seconds, p.pages + 1);
        } else if (rc == 0 && end == DX_JAIL_TIME) {
                rc = DX_ERR;
                *errmsg = dx_asprintf("gave up rendering the PDF: over %g s in all, on page %d",
                                      lim.seconds, p.pages + 1);
        } else if (rc == 0 && end == DX_JAIL_MEMORY) {
                rc = DX_ERR;
                *errmsg =
                    dx_asprintf("gave up rendering the PDF: over %zu MiB of memory on page %d",
                                lim.bytes >> 20, p.pages + 1);
        } else if (rc == 0) {
                rc = DX_ERR;
                *errmsg = dx_asprintf("the PDF renderer %s on page %d",
                                      end == DX_JAIL_SIGNAL ? "crashed" : "failed", p.pages + 1);
        } else {
                *errmsg = dx_strdup(rc == DX_ENOMEM ? "out of memory" : "the PDF renderer failed");
        }
        if (rc != 0 && !*errmsg)
                *errmsg = dx_strdup("out of memory");
        free(p.errmsg);
        free(arg);
        return rc;
}
