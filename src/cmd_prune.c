/*
 * cmd_prune.c - `doxsearch prune`: delete for good what ingest only marked
 * as removed (talks, files and events that left the archive), naming
 * each as git clean does; --dry-run only names them.
 */
#include "cli.h"
#include "render.h"

typedef struct prune_ui {
        int dry, quiet;
} prune_ui;

/* "would delete talk 2016-03-doxlon_x: Title", or "deleting ..." */
static void on_each(void *ud, const char *kind, const char *name)
{
        const prune_ui *ui = ud;

        printf("%s %s ", ui->dry ? "would delete" : "deleting", kind);
        render_text(stdout, name ? name : "", 0);
        putchar('\n');
}

int cmd_prune(cli *c, int argc, char **argv)
{
        cli_args a;
        const char *arg;
        prune_ui ui = {0};
        int id;
        dx_prune_stats ps;
        dx_index *idx;

        cli_args_init(&a, c, "prune", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_DRY_RUN:
                        ui.dry = 1;
                        break;
                case OPT_QUIET:
                        ui.quiet = 1;
                        break;
                default:
                        return a.status;
                }
        }
        idx = cli_open(c, 1);
        if (!idx)
                return EXIT_TROUBLE;
        if (dx_prune(idx, ui.dry, ui.quiet ? NULL : on_each, &ui, &ps)) {
                cli_error("%s", dx_index_errmsg(idx));
                dx_index_close(&idx);
                return EXIT_TROUBLE;
        }
        printf("%s %zu talk%s, %zu file%s, %zu event%s, %zu speaker%s\n",
               ui.dry ? "would delete" : "deleted", ps.talks, PLURAL(ps.talks), ps.files,
               PLURAL(ps.files), ps.events, PLURAL(ps.events), ps.speakers, PLURAL(ps.speakers));
        dx_index_close(&idx);
        return EXIT_FOUND;
}
