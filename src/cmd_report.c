/*
 * cmd_report.c - `doxsearch report [--json] [DIR...]`: what the archivist
 * must fix in the archives of the index (or in the folders given), grouped
 * by kind, each with what to do.  Exit 0 when there is nothing to fix, 1
 * when there is, 2 on trouble.
 */
#include "cli.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

static const struct {
        const char *kind, *title;
} kinds[] = {
    {"failed", "files that could not be read"},
    {"no-slides", "recordings without slides"},
    {"no-recording", "slides without a recording"},
    {"not-shown", "recordings that do not show their slides"},
    {"no-text", "decks without a text layer"},
    {"untitled", "talks without a title of their own"},
    {"no-speaker", "talks without a speaker"},
    {"name-variants", "one speaker written two ways"},
    {"duplicate", "files with the same content"},
    {"dangling", "manifest entries that point nowhere"},
    {"length-mismatch", "recordings whose length disagrees with the schedule"},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static json_t *report_json(const dx_problem *v, size_t n)
{
        json_t *a = json_array(), *counts = json_object();

        for (size_t k = 0; k < NKINDS; k++)
                json_object_set_new(counts, kinds[k].kind, json_integer(0));
        for (size_t i = 0; i < n; i++) {
                json_t *c = json_object_get(counts, v[i].kind);

                json_array_append_new(a,
                                      json_pack("{s:s, s:o, s:o, s:o, s:o}", "kind", v[i].kind,
                                                "talk", render_json_text_or_null(v[i].talk), "file",
                                                render_json_text_or_null(v[i].file), "message",
                                                render_json_text(v[i].message), "suggestion",
                                                render_json_text_or_null(v[i].suggestion)));
                if (c)
                        json_integer_set(c, json_integer_value(c) + 1);
                else
                        json_object_set_new(counts, v[i].kind, json_integer(1));
        }
        return json_pack("{s:o, s:o}", "problems", a, "counts", counts);
}

static void report_text(FILE *f, const dx_problem *v, size_t n)
{
        const char *group = NULL;

        if (!n) {
                fputs("nothing to fix\n", f);
                return;
        }
        for (size_t i = 0; i < n; i++) {
                if (!group || strcmp(group, v[i].kind) != 0) {
                        const char *title = v[i].kind;
                        size_t count = 0;

                        for (size_t k = 0; k < NKINDS; k++)
                                if (strcmp(kinds[k].kind, v[i].kind) == 0)
                                        title = kinds[k].title;
                        for (size_t j = i; j < n && strcmp(v[j].kind, v[i].kind) == 0; j++)
                                count++;
                        fprintf(f, "%s%s (%zu, %s)\n", group ? "\n" : "", title, count, v[i].kind);
                        group = v[i].kind;
                }
                fputs("  ", f);
                if (v[i].file) {
                        render_text(f, v[i].file, 0);
                        fputs(": ", f);
                }
                render_text(f, v[i].message, 0);
                if (v[i].talk) {
                        fputs(" [", f);
                        render_text(f, v[i].talk, 0);
                        fputc(']', f);
                }
                fputc('\n', f);
                if (v[i].suggestion) {
                        fputs("      ", f);
                        render_text(f, v[i].suggestion, 0);
                        fputc('\n', f);
                }
        }
        fprintf(f, "\n%zu thing%s to fix\n", n, PLURAL(n));
}

int cmd_report(cli *c, int argc, char **argv)
{
        const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
        const char *arg;
        size_t ndirs = 0, n = 0;
        dx_problem *v = NULL;
        char *err = NULL;
        dx_index *idx;
        cli_args a;
        int json = 0, id, rc;

        if (!dirs)
                return EXIT_TROUBLE;
        cli_args_init(&a, c, "report", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_JSON:
                        json = 1;
                        break;
                case OPT_WORD:
                        dirs[ndirs++] = arg;
                        break;
                default:
                        free(dirs);
                        return a.status;
                }
        }
        idx = cli_open(c, 0);
        if (!idx) {
                free(dirs);
                return EXIT_TROUBLE;
        }
        rc = dx_index_report(idx, dirs, ndirs, &v, &n, &err);
        if (rc) {
                cli_error("%s", dx_index_errmsg(idx));
                rc = EXIT_TROUBLE;
        } else {
                if (json) {
                        json_t *o = report_json(v, n);
                        render_json_print(stdout, o);
                        json_decref(o);
                } else {
                        report_text(stdout, v, n);
                }
                rc = n ? 1 : 0;
        }
        if (err) {
                cli_error("%s", err);
                rc = EXIT_TROUBLE;
        }
        free(err);
        dx_problems_free(v, n);
        dx_index_close(&idx);
        free(dirs);
        return rc;
}
