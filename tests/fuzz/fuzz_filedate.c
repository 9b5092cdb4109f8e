/*
 * fuzz_filedate.c - libFuzzer target for the dates read from file names
 * and tags (indexer/ingest/meta.c): dx_meta_name_date() on the input as a
 * path, dx_meta_date() on it as a tag's value.  A date from a name is a
 * real day (YYYY-MM-DD, between DX_YEAR_MIN and DX_YEAR_MAX, no unset
 * clock's) whose digits stand in the base name, as eight digits or as
 * YYYY-MM-DD with one separator; a tag's date is the real date the value
 * starts with; never a crash, a leak or undefined behaviour.
 *
 * Build with -DDX_FUZZ=ON (clang); run:
 *   fuzz_filedate -max_total_time=60 tests/fuzz/corpus-filedate
 */
#include "dx_ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* d is a whole real date: YYYY-MM-DD (or, with partial, YYYY or YYYY-MM) */
static int real_date(const char *d, int partial)
{
        char out[11];
        size_t len;

        return dx_date_prefix(d, partial, out, &len) == DX_DATE_OK && len == strlen(d) &&
               (partial || len == 10) && strcmp(out, d) == 0;
}

/* Its digits stand in the base name: 20240312, or 2024-03-12 with one of
 * - _ . between the parts. */
static int in_name(const char *path, const char *d)
{
        const char *b = strrchr(path, '/');
        char eight[9];

        b = b ? b + 1 : path;
        snprintf(eight, sizeof(eight), "%.4s%.2s%.2s", d, d + 5, d + 8);
        if (strstr(b, eight))
                return 1;
        for (const char *sep = "-_."; *sep; sep++) {
                char s[11];

                snprintf(s, sizeof(s), "%.4s%c%.2s%c%.2s", d, *sep, d + 5, *sep, d + 8);
                if (strstr(b, s))
                        return 1;
        }
        return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
        char *s = malloc(size + 1), *d;

        if (!s)
                return 0;
        memcpy(s, data, size);
        s[size] = '\0';
        if ((d = dx_meta_name_date(s))) {
                if (!real_date(d, 0) || !in_name(s, d) || strncmp(d, "1970-01-01", 10) == 0)
                        abort();
                free(d);
        }
        if ((d = dx_meta_date(s))) {
                if (!real_date(d, 1) || strncmp(s, d, strlen(d)) != 0)
                        abort();
                free(d);
        }
        free(s);
        return 0;
}
