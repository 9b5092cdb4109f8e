/*
 * cmd_search.c - `doxsearch [search] QUERY...`: rank talks for a query and
 * print them with their best hits, or as JSON.  When a query finds little,
 * the index is asked for a spelling that finds more ("did you mean"); when
 * it found nothing, or with --fuzzy, that spelling is searched instead.
 */
#include "cli.h"
#include "query.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

/* Fewer results than this and a spelling suggestion is looked for. */
#define FEW_RESULTS 3

static const char *const sort_names[] = {
    [DX_SORT_RELEVANCE] = "relevance",
    [DX_SORT_DATE] = "date",
    [DX_SORT_DURATION] = "duration",
};

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

/* "-n" or "-n5": the limit's short option before -n meant --dry-run
 * everywhere.  As query text it would leave out the word "n" and search
 * the number: a silent wrong answer for someone used to it. */
static int is_old_limit(const char *w)
{
        if (w[0] != '-' || w[1] != 'n')
                return 0;
        for (w += 2; *w; w++)
                if (*w < '0' || *w > '9')
                        return 0;
        return 1;
}

static int parse_sort(const char *v, dx_sort *out)
{
        for (size_t i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
                if (strcmp(v, sort_names[i]) == 0) {
                        *out = (dx_sort)i;
                        return 0;
                }
        return -1;
}

/* Look for a better spelling of q; search it when told to or when q found
 * nothing.  *res is replaced when the suggestion was searched. */
static int try_suggestion(dx_index *idx, const dx_query *q, const dx_search_opts *so, int fuzzy,
                          dx_results *res, char **suggestion, int *corrected)
{
        dx_query fixed = {0};
        dx_results alt = {0};
        int rc;

        *suggestion = NULL;
        *corrected = 0;
        if (!fuzzy && res->total >= FEW_RESULTS)
                return 0;
        rc = dx_query_suggest(idx, q, &fixed);
        if (rc <= 0)
                return rc;
        *suggestion = cli_query_format(&fixed);
        if (!*suggestion) {
                rc = DX_ENOMEM;
                goto out;
        }
        rc = 0;
        if (!fuzzy && res->total)
                goto out;
        if ((rc = dx_search(idx, &fixed, so, &alt)))
                goto out;
        if (alt.total) {
                dx_results_release(res);
                *res = alt;
                *corrected = 1;
        } else {
                dx_results_release(&alt);
        }
out:
        dx_query_release(&fixed);
        return rc;
}

int cmd_search(cli *c, int argc, char **argv)
{
        cli_args a;
        dx_search_opts so = {.limit = 10};
        char **words = calloc((size_t)argc + 1, sizeof(*words));
        char *qerr = NULL, *suggestion = NULL;
        const char *arg;
        int nwords = 0, json = 0, fuzzy = 0, corrected = 0, id, rc = EXIT_TROUBLE, err;
        dx_query q = {0};
        dx_results res = {0};
        dx_index *idx = NULL;
        long n;

        if (!words)
                return EXIT_TROUBLE;
        cli_args_init(&a, c, "search", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_WORD:
                        if (!a.done && is_old_limit(arg)) {
                                cli_usage_error("search",
                                                "'%s' is no search option (-n is --dry-run); "
                                                "--limit N shows N talks",
                                                arg);
                                goto out;
                        }
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
                case OPT_SORT:
                        if (parse_sort(arg, &so.sort)) {
                                cli_usage_error(
                                    "search", "--sort takes relevance, date or duration, not '%s'",
                                    arg);
                                goto out;
                        }
                        break;
                case OPT_FUZZY:
                        fuzzy = 1;
                        break;
                default:
                        rc = a.status;
                        goto out;
                }
        }
        if ((err = cli_query_parse(words, nwords, &q, &qerr))) {
                cli_error("%s", err == DX_ENOMEM ? "out of memory" : qerr);
                goto out;
        }
        idx = cli_open(c, 0);
        if (!idx)
                goto out;
        if (json) {
                so.mark_open = "[";
                so.mark_close = "]";
        } else {
                /* render_result() makes them "[...]" or colour */
                so.mark_open = "\x02";
                so.mark_close = "\x03";
        }
        if (dx_search(idx, &q, &so, &res) ||
            try_suggestion(idx, &q, &so, fuzzy, &res, &suggestion, &corrected)) {
                cli_error("%s", dx_index_errmsg(idx));
                goto out;
        }
        if (json) {
                char *qs = join_words(words, nwords);
                json_t *o, *list = json_array();

                for (size_t i = 0; i < res.n; i++)
                        json_array_append_new(list, render_result_json(&res.v[i]));
                o = json_pack("{s:o, s:I, s:o, s:o, s:b, s:s, s:I, s:I}", "query",
                              render_json_text(qs), "total", (json_int_t)res.total, "results", list,
                              "suggestion", suggestion ? json_string(suggestion) : json_null(),
                              "corrected", corrected, "sort", sort_names[so.sort], "offset",
                              (json_int_t)so.offset, "limit", (json_int_t)so.limit);
                free(qs);
                if (!o) {
                        cli_error("out of memory");
                        goto out;
                }
                render_json_print(stdout, o);
                json_decref(o);
        } else {
                if (suggestion) {
                        fputs("did you mean: ", stdout);
                        render_text(stdout, suggestion, 0);
                        putchar('\n');
                        if (corrected) {
                                fputs("showing talks for: ", stdout);
                                render_text(stdout, suggestion, 0);
                                putchar('\n');
                        }
                        if (res.n)
                                putchar('\n');
                }
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
        else if (!res.n && !json)
                fprintf(stderr, "doxsearch: no talks past --offset %zu (%zu match)\n", so.offset,
                        res.total);
out:
        dx_results_release(&res);
        dx_query_release(&q);
        dx_index_close(&idx);
        free(suggestion);
        free(qerr);
        free(words);
        return rc;
}
