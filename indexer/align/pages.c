/*
 * pages.c - slide pages rendered as small greyscale pictures (poppler +
 * cairo) for matching against video frames.  A page is drawn on white at
 * a few times the size asked for and area-averaged down, which is how a
 * recording shrinks a projected or captured slide.
 */
#include "dx_media.h"
#include "dx_align_int.h"

#include <cairo.h>
#include <poppler.h>

#include <stdlib.h>
#include <string.h>

/* Supersampling factor: each output pixel averages SS x SS drawn pixels. */
#define SS 3

int dx_pages_open(const char *pdf, void **out, int *npages, double *aspect, char **err)
{
        GError *gerr = NULL;
        gchar *abs = g_canonicalize_filename(pdf, NULL);
        gchar *uri = g_filename_to_uri(abs, NULL, &gerr);
        PopplerDocument *doc = NULL;
        PopplerPage *page = NULL;
        double w = 0, h = 0;
        int rc = DX_ERR;

        *out = NULL;
        *err = NULL;
        if (!uri) {
                *err = dx_asprintf("cannot read: %s", gerr->message);
                goto out;
        }
        doc = poppler_document_new_from_file(uri, NULL, &gerr);
        if (!doc) {
                if (g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
                        *err = dx_strdup("encrypted PDF (password required)");
                else
                        *err = dx_asprintf("damaged PDF (%s)",
                                           gerr ? gerr->message : "cannot be opened");
                goto out;
        }
        *npages = poppler_document_get_n_pages(doc);
        if (*npages <= 0) {
                *err = dx_strdup("PDF has no pages");
                goto out;
        }
        if (*npages > DX_ALIGN_MAX_PAGES)
                *npages = DX_ALIGN_MAX_PAGES;
        page = poppler_document_get_page(doc, 0);
        if (page)
                poppler_page_get_size(page, &w, &h);
        if (!page || w <= 0 || h <= 0) {
                *err = dx_strdup("damaged PDF (first page has no size)");
                goto out;
        }
        *aspect = w / h;
        *out = doc;
        doc = NULL;
        rc = 0;
out:
        if (page)
                g_object_unref(page);
        if (doc)
                g_object_unref(doc);
        g_clear_error(&gerr);
        g_free(uri);
        g_free(abs);
        return rc;
}

void dx_pages_close(void **doc)
{
        if (doc && *doc) {
                g_object_unref(*doc);
                *doc = NULL;
        }
}

int dx_pages_render(void *doc, int no, int w, int h, float *px, char **err)
{
        PopplerPage *page = poppler_document_get_page(doc, no);
        cairo_surface_t *s = NULL;
        int why;
        double pw = 0, ph = 0;
        int rc = DX_ERR;

        *err = NULL;
        if (!page) {
                *err = dx_asprintf("page %d cannot be read", no + 1);
                return DX_ERR;
        }
        poppler_page_get_size(page, &pw, &ph);
        if (pw <= 0 || ph <= 0) {
                *err = dx_asprintf("page %d has no size", no + 1);
                goto out;
        }
        s = dx_page_draw(page, w * SS, h * SS, w * SS / pw, h * SS / ph, &why);
        if (!s) {
                *err = why == CAIRO_STATUS_NO_MEMORY
                           ? dx_strdup("out of memory")
                           : dx_asprintf("page %d cannot be drawn", no + 1);
                goto out;
        }
        const unsigned char *data = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                        double sum = 0;
                        for (int dy = 0; dy < SS; dy++) {
                                const uint32_t *row =
                                    (const uint32_t *)(data +
                                                       (size_t)(y * SS + dy) * (size_t)stride);
                                for (int dx = 0; dx < SS; dx++) {
                                        uint32_t p = row[x * SS + dx];
                                        /* BT.601 luma, as video encoders compute it */
                                        sum += 0.299 * ((p >> 16) & 255) +
                                               0.587 * ((p >> 8) & 255) + 0.114 * (p & 255);
                                }
                        }
                        px[(size_t)y * (size_t)w + (size_t)x] = (float)(sum / (SS * SS));
                }
        rc = 0;
out:
        if (s)
                cairo_surface_destroy(s);
        g_object_unref(page);
        return rc;
}
