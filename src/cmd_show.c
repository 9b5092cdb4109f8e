/*
 * cmd_show.c - `doxsearch show TALK`: everything the index holds about one
 * talk: metadata, recording streams, tags, chapters and slide pages.
 */
#include "cli.h"
#include "render.h"

#include <stdlib.h>

enum { OPT_JSON = 1 };

int cmd_show(cli *c, int argc, char **argv)
{
        static const cli_opt opts[] = {{"json", 0, 0, OPT_JSON}, {NULL, 0, 0, 0}};
        cli_args a = {.argc = argc, .argv = argv, .i = 1, .cmd = "show"};
        const char *arg, *which = NULL;
        char *candidates = NULL;
        int json = 0, id, rc = EXIT_TROUBLE;
        dx_index *idx = NULL;
        dx_talk t;

        while ((id = cli_next(&a, opts, 0, &arg)) != OPT_END) {
                switch (id) {
                case OPT_WORD:
                        if (which)
                                return cli_usage_error("show", "one talk at a time");
                        which = arg;
                        break;
                case OPT_JSON:
                        json = 1;
                        break;
                case OPT_DB:
                        c->db = arg;
                        break;
                case OPT_HELP:
                        return cli_help("show");
                default:
                        return EXIT_TROUBLE;
                }
        }
        if (!which || !*which)
                return cli_usage_error("show", "which talk? (doxsearch show TALK)");
        idx = cli_open(c, 0);
        if (!idx)
                return EXIT_TROUBLE;
        switch (dx_talk_get(idx, which, &t, &candidates)) {
        case 0:
                if (json) {
                        json_t *o = render_talk_full_json(&t);
                        render_json_print(stdout, o);
                        json_decref(o);
                } else {
                        render_talk_full(stdout, &t, c->color_out);
                }
                dx_talk_release(&t);
                rc = EXIT_FOUND;
                break;
        case DX_ENOTFOUND:
                cli_error("%s", dx_index_errmsg(idx));
                rc = EXIT_NONE;
                break;
        case DX_EAMBIG:
                cli_error("%s", dx_index_errmsg(idx));
                fputs(candidates ? candidates : "", stderr);
                break;
        default:
                cli_error("%s", dx_index_errmsg(idx));
                break;
        }
        free(candidates);
        dx_index_close(&idx);
        return rc;
}
