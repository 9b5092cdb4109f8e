/*
 * fuzz_query.c - libFuzzer target for the query path: the CLI's parser
 * (src/query.c) and the library's FTS5 expression builder and search
 * (indexer/search/search.c, suggest.c) on a real index of the fixture archive.
 * Any input must give results or DX_EQUERY: never a crash, and never an
 * SQLite error reaching the user.
 *
 * Build with -DDX_FUZZ=ON (clang); run: fuzz_query -max_total_time=60.
 */
#include "doxsearch.h"
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DX_FIXTURES
#error "DX_FIXTURES must name the fixture folder"
#endif

static dx_index *idx;
static char db[64];

/* The index goes when the fuzzer (or the replay) exits. */
static void remove_index(void)
{
        static const char *const ext[] = {"", "-wal", "-shm", ".lock"};
        char p[80];

        dx_index_close(&idx);
        for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
                snprintf(p, sizeof(p), "%s%s", db, ext[i]);
                unlink(p);
        }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        char path[] = "/tmp/dx-fuzz-XXXXXX";
        dx_ingest_stats st;
        /* no timelines: the fixture recordings never show their slides, and
         * aligning them took seconds of the fuzzing time */
        dx_ingest_opts io = {.no_align = 1};
        char *err = NULL;
        int fd = mkstemp(path);

        (void)argc;
        (void)argv;
        if (fd < 0)
                abort();
        close(fd);
        unlink(path);
        snprintf(db, sizeof(db), "%s.db", path);
        atexit(remove_index);
        if (dx_index_open(&idx, db, DX_OPEN_WRITE, &err) ||
            dx_ingest(idx, DX_FIXTURES "/archive", &io, &st) < 0) {
                fprintf(stderr, "fuzz_query: cannot build the index: %s\n",
                        err ? err : dx_index_errmsg(idx));
                abort();
        }
        return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
        char *text = malloc(size + 1), *words[64], *save = NULL, *w;
        dx_search_opts so = {.limit = 5, .mark_open = "[", .mark_close = "]"};
        dx_results res;
        dx_query q;
        char *err = NULL;
        int n = 0, rc;

        if (!text)
                return 0;
        memcpy(text, data, size);
        text[size] = '\0';
        for (w = strtok_r(text, " ", &save); w && n < 64; w = strtok_r(NULL, " ", &save))
                words[n++] = w;
        if (cli_query_parse(words, n, &q, &err) == 0) {
                rc = dx_search(idx, &q, &so, &res);
                if (rc == 0) {
                        dx_results_release(&res);
                } else if (rc != DX_EQUERY) {
                        fprintf(stderr, "search failed: %s\n", dx_index_errmsg(idx));
                        abort();
                } else if (strstr(dx_index_errmsg(idx), "fts5") ||
                           strstr(dx_index_errmsg(idx), "syntax error")) {
                        fprintf(stderr, "SQLite text reached the user: %s\n", dx_index_errmsg(idx));
                        abort();
                }
                dx_query_release(&q);
        }
        free(err);
        free(text);
        return 0;
}
