/*
 * cmd_prune.c - `doxsearch prune`: delete for good what ingest only marked
 * as removed (talks, files and events that left the archive).
 */
#include "cli.h"

enum { OPT_DRY_RUN = 1 };

int cmd_prune(cli *c, int argc, char **argv)
{
        static const cli_opt opts[] = {{"dry-run", 'n', 0, OPT_DRY_RUN}, {NULL, 0, 0, 0}};
        cli_args a = {.argc = argc, .argv = argv, .i = 1, .cmd = "prune"};
        const char *arg;
        int dry = 0, id;
        dx_prune_stats ps;
        dx_index *idx;

        while ((id = cli_next(&a, opts, 0, &arg)) != OPT_END) {
                switch (id) {
                case OPT_DRY_RUN:
                        dry = 1;
                        break;
                case OPT_DB:
                        c->db = arg;
                        break;
                case OPT_HELP:
                        return cli_help("prune");
                case OPT_WORD:
                        return cli_usage_error("prune", "unexpected argument '%s'", arg);
                default:
                        return EXIT_TROUBLE;
                }
        }
        idx = cli_open(c, 1);
        if (!idx)
                return EXIT_TROUBLE;
        if (dx_prune(idx, dry, &ps)) {
                cli_error("%s", dx_index_errmsg(idx));
                dx_index_close(&idx);
                return EXIT_TROUBLE;
        }
        printf("%s %zu talk%s, %zu file%s, %zu event%s, %zu speaker%s\n",
               dry ? "would delete" : "deleted", ps.talks, ps.talks == 1 ? "" : "s", ps.files,
               ps.files == 1 ? "" : "s", ps.events, ps.events == 1 ? "" : "s", ps.speakers,
               ps.speakers == 1 ? "" : "s");
        dx_index_close(&idx);
        return EXIT_FOUND;
}
