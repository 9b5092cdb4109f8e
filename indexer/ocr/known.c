/*
 * known.c - the set of page hashes the index already has OCR text for,
 * loaded before an ingest forks its jail so that the jail's children can
 * skip OCR of a page whose pixels were read before.
 */
#include "dx_ocr.h"

#include <stdlib.h>

int dx_ocr_known_has(const dx_ocr_known *k, uint64_t h)
{
        size_t lo = 0, hi = k ? k->n : 0;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (k->v[mid] == h)
                        return 1;
                if (k->v[mid] < h)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return 0;
}

void dx_ocr_known_release(dx_ocr_known *k)
{
        if (!k)
                return;
        free(k->v);
        k->v = NULL;
        k->n = 0;
}

void dx_ocr_hash_hex(uint64_t h, char out[17])
{
        static const char hex[] = "0123456789abcdef";

        for (int i = 15; i >= 0; i--, h >>= 4)
                out[i] = hex[h & 15];
        out[16] = '\0';
}

int dx_ocr_hash_parse(const char *s, uint64_t *h)
{
        uint64_t v = 0;
        int i;

        for (i = 0; s && i < 16; i++) {
                char c = s[i];
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

                if (d < 0)
                        return DX_ERR;
                v = v << 4 | (uint64_t)d;
        }
        if (!s || s[16])
                return DX_ERR;
        *h = v;
        return 0;
}
