/*
 * raster.c - a slide page as 8-bit grey pixels for OCR, rendered with
 * poppler and cairo on white, and the content hash the OCR cache knows a
 * page by.
 */
#include "dx_ocr.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

int dx_grey_render(PopplerPage *page, int dpi, dx_grey *out)
{
        double wpt = 0, hpt = 0, scale;
        cairo_surface_t *s = NULL;
        const unsigned char *rgb;
        int w, h, stride, why;

        memset(out, 0, sizeof(*out));
        poppler_page_get_size(page, &wpt, &hpt);
        if (!(wpt > 0 && hpt > 0 && wpt < 1e5 && hpt < 1e5) || dpi <= 0)
                return DX_ERR;
        /* a huge page is read at a lower resolution, not at any size */
        if (wpt * hpt * dpi * dpi / (72.0 * 72.0) > (double)DX_OCR_MAX_PIXELS)
                dpi = (int)floor(72.0 * sqrt((double)DX_OCR_MAX_PIXELS / (wpt * hpt)));
        if (dpi < 1)
                return DX_ERR;
        scale = dpi / 72.0;
        w = (int)ceil(wpt * scale);
        h = (int)ceil(hpt * scale);
        s = dx_page_draw(page, w, h, scale, scale, &why);
        if (!s)
                return why == CAIRO_STATUS_NO_MEMORY ? DX_ENOMEM : DX_ERR;
        out->px = malloc((size_t)w * (size_t)h);
        if (!out->px) {
                cairo_surface_destroy(s);
                return DX_ENOMEM;
        }
        rgb = cairo_image_surface_get_data(s);
        stride = cairo_image_surface_get_stride(s);
        for (int y = 0; y < h; y++) {
                const uint32_t *row =
                    (const uint32_t *)(const void *)(rgb + (size_t)y * (size_t)stride);
                unsigned char *g = out->px + (size_t)y * (size_t)w;

                for (int x = 0; x < w; x++) {
                        uint32_t p = row[x];

                        g[x] = (unsigned char)((((p >> 16) & 0xff) * 77 + ((p >> 8) & 0xff) * 150 +
                                                (p & 0xff) * 29) >>
                                               8);
                }
        }
        cairo_surface_destroy(s);
        out->w = w;
        out->h = h;
        out->stride = w;
        out->dpi = dpi;
        return 0;
}

void dx_grey_release(dx_grey *g)
{
        if (!g)
                return;
        free(g->px);
        memset(g, 0, sizeof(*g));
}

uint64_t dx_grey_hash(const dx_grey *g, const char *lang)
{
        /* bump the tag when what OCR makes of the same pixels changes */
        static const char tag[] = "dxocr1";
        int32_t dims[3] = {g->w, g->h, g->dpi};
        uint64_t h = dx_fnv(DX_FNV_INIT, tag, sizeof(tag));

        h = dx_fnv(h, lang, strlen(lang) + 1);
        h = dx_fnv(h, dims, sizeof(dims));
        for (int y = 0; y < g->h; y++)
                h = dx_fnv(h, g->px + (size_t)y * (size_t)g->stride, (size_t)g->w);
        return h;
}
