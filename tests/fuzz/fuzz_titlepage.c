/*
 * fuzz_titlepage.c - libFuzzer target for the title page reader
 * (indexer/ingest/meta.c, dx_meta_title_page()): the input is a title
 * page's lines as the PDF reader's child sends them ("size\ttext\n" per
 * line), but any bytes at all, since a child that read a hostile PDF may
 * send anything.  A title, when there is one, says something
 * (dx_meta_title_ok()) and is at most 300 bytes; at most four speakers,
 * each a person's name (dx_meta_person_ok()), with a role and a company
 * that are absent or not empty; what comes out of valid UTF-8 is valid
 * UTF-8; never a crash, a leak or undefined behaviour.  The lines' other
 * readers (dx_meta_title_ok(), dx_meta_person_ok()) see the input too.
 *
 * Build with -DDX_FUZZ=ON (clang); run:
 *   fuzz_titlepage -max_total_time=60 tests/fuzz/corpus-titlepage
 */
#include "dx_ingest.h"

#include <stdlib.h>
#include <string.h>

static int utf8_ok(const char *s)
{
        return !s || dx_utf8_valid(s, strlen(s));
}

/* absent, or not empty and without a line break */
static int field_ok(const char *s, int utf8)
{
        return !s || (*s && !strchr(s, '\n') && (!utf8 || utf8_ok(s)));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
        char *lines = malloc(size + 1), *title = NULL;
        dx_speaker *sp = NULL;
        size_t n = 0;
        int utf8;

        if (!lines)
                return 0;
        memcpy(lines, data, size);
        lines[size] = '\0';
        utf8 = dx_utf8_valid(lines, strlen(lines));
        (void)dx_meta_title_ok(lines, lines);
        (void)dx_meta_person_ok(lines);
        if (dx_meta_title_page(lines, &title, &sp, &n) != 0)
                abort(); /* memory does not run out here */
        if (title &&
            (!dx_meta_title_ok(title, NULL) || strlen(title) > 300 || !field_ok(title, utf8)))
                abort();
        if (n > 4 || (n && !sp))
                abort();
        for (size_t i = 0; i < n; i++) {
                if (!sp[i].name || !dx_meta_person_ok(sp[i].name) || !field_ok(sp[i].name, utf8) ||
                    !field_ok(sp[i].role, utf8) || !field_ok(sp[i].company, utf8))
                        abort();
                free(sp[i].name);
                free(sp[i].role);
                free(sp[i].company);
        }
        free(sp);
        free(title);
        free(lines);
        return 0;
}
