/*
 * cmd_search.c - `doxsearch [search] QUERY...`: rank talks for a query and
 * print them with their best hits, or as JSON.
 */
#include "cli.h"
#include "query.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_JSON = 1, OPT_LIMIT, OPT_OFFSET };

/* The query as typed: its words joined by spaces. */
static char *join_words(char **words, int n)
{
        size_t len = 1, off = 0;
        char *s;

        for (int i = 0; i < n; i++)
                len += strlen(words[i]) + 1;
        s = malloc(len);
        if (!s)
                return NULL;
        for (int i = 0; i < n; i++) {
                size_t wl = strlen(words[i]);

                if (i)
                        s[off++] = ' ';
                memcpy(s + off, words[i], wl);
                off += wl;
        }
        s[off] = '\0';
        return s;
}

int cmd_search(cli *c, int argc, char **argv)
{
        static const cli_opt opts[] = {{"json", 0, 0, OPT_JSON},
                                       {"limit", 'n', 1, OPT_LIMIT},
                                       {"offset", 0, 1, OPT_OFFSET},
                                       {NULL, 0, 0, 0}};
        cli_args a = {.argc = argc, .argv = argv, .i = 1, .cmd = "search"};
        dx_search_opts so = {.limit = 10};
        char **words = calloc((size_t)argc + 1, sizeof(*words));
        const char *arg;
        int nwords = 0, json = 0, id, rc = EXIT_TROUBLE;
        dx_query q = {0};
        dx_results res = {0};
        dx_index *idx = NULL;
        long n;

        if (!words)
                return EXIT_TROUBLE;
        while ((id = cli_next(&a, opts, 1, &arg)) != OPT_END) {
                switch (id) {
                case OPT_WORD:
                        words[nwords++] = (char *)arg;
                        break;
                case OPT_JSON:
                        json = 1;
                        break;
                case OPT_LIMIT:
                        if ((n = cli_number("search", "--limit", arg, 1, 10000)) < 0)
                                goto out;
                        so.limit = (size_t)n;
                        break;
                case OPT_OFFSET:
                        if ((n = cli_number("search", "--offset", arg, 0, 1000000)) < 0)
                                goto out;
                        so.offset = (size_t)n;
                        break;
                case OPT_DB:
                        c->db = arg;
                        break;
                case OPT_HELP:
                        rc = cli_help("search");
                        goto out;
                default:
                        goto out;
                }
        }
        if (cli_query_parse(words, nwords, &q)) {
                cli_error("out of memory");
                goto out;
        }
        idx = cli_open(c, 0);
        if (!idx)
                goto out;
        if (json) {
                so.mark_open = "[";
                so.mark_close = "]";
        } else {
                so.mark_open = c->color_out ? "\033[1;31m" : "[";
                so.mark_close = c->color_out ? "\033[0m" : "]";
        }
        if (dx_search(idx, &q, &so, &res)) {
                cli_error("%s", dx_index_errmsg(idx));
                goto out;
        }
        if (json) {
                char *qs = join_words(words, nwords);
                json_t *o, *list = json_array();

                for (size_t i = 0; i < res.n; i++)
                        json_array_append_new(list, render_result_json(&res.v[i]));
                o = json_pack("{s:s, s:I, s:o}", "query", qs ? qs : "", "total",
                              (json_int_t)res.total, "results", list);
                render_json_print(stdout, o);
                json_decref(o);
                free(qs);
        } else {
                for (size_t i = 0; i < res.n; i++) {
                        if (i)
                                putchar('\n');
                        render_result(stdout, &res.v[i], so.offset + i + 1, c->color_out);
                }
                if (res.total > so.offset + res.n)
                        printf("\n%zu of %zu talks shown (--limit, --offset for more)\n", res.n,
                               res.total);
        }
        rc = res.n ? EXIT_FOUND : EXIT_NONE;
        if (!res.n && !json && res.total == 0)
                fprintf(stderr, "doxsearch: no talk matches\n");
out:
        dx_results_release(&res);
        dx_query_release(&q);
        dx_index_close(&idx);
        free(words);
        return rc;
}
