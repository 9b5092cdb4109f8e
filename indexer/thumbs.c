/*
 * thumbs.c - slide thumbnails: every page of a deck rendered with poppler
 * onto a white cairo image surface of a fixed width and written as a PNG.
 * Pages are rendered one at a time and the page count and time are capped
 * as when reading the text (slides.c).
 */
#include "dx_int.h"

#include <cairo.h>
#include <poppler.h>

#include <stdlib.h>
#include <string.h>

#define DX_THUMB_MAX_SECONDS 300.0
#define DX_THUMB_MAX_HEIGHT  4096

/* Render one page into dir/<n>.png. */
static int render_page(PopplerPage *page, int n, int width, const char *dir, char **errmsg)
{
        double pw = 0, ph = 0, scale;
        int height, rc;
        cairo_surface_t *s;
        cairo_t *cr;
        char *out;

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
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
        cr = cairo_create(s);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
        poppler_page_render(page, cr);
        cairo_destroy(cr);
        cairo_surface_flush(s);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
                *errmsg =
                    dx_asprintf("page %d: %s", n, cairo_status_to_string(cairo_surface_status(s)));
                cairo_surface_destroy(s);
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

int dx_render_slides(const char *path, int width, const char *dir, int *pages, char **errmsg)
{
        PopplerDocument *doc = NULL;
        double t0 = dx_now();
        int n, encrypted, rc = DX_ERR;

        *errmsg = NULL;
        *pages = 0;
        if (width < 16 || width > 4096) {
                *errmsg = dx_asprintf("thumbnail width %d is out of range", width);
                return DX_ERR;
        }
        doc = dx_pdf_open(path, &encrypted, errmsg);
        if (!doc)
                goto out;
        n = poppler_document_get_n_pages(doc);
        if (n > DX_SLIDES_MAX_PAGES)
                n = DX_SLIDES_MAX_PAGES;
        for (int i = 0; i < n; i++) {
                PopplerPage *page = poppler_document_get_page(doc, i);
                int r;

                if (!page) {
                        *errmsg = dx_asprintf("page %d cannot be read", i + 1);
                        goto out;
                }
                r = render_page(page, i + 1, width, dir, errmsg);
                g_object_unref(page);
                if (r)
                        goto out;
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
