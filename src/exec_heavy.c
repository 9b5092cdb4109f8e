/*
 * exec_heavy.c - the commands of the doxsearch binary that need FFmpeg or
 * poppler: `ingest` (reading recordings and decks) and `export site`
 * (slide thumbnails, poster frames).  They run doxsearch-ingest, which
 * carries those libraries and takes the same command line; searching loads
 * neither (150 shared libraries, about 50 ms of every start), so the
 * reading commands stay quick and these pay for what they use.
 *
 * doxsearch-ingest is looked for next to this executable, then as
 * $DOXSEARCH_INGEST, then on PATH.  In doxsearch-ingest itself the real
 * commands are called (cli.heavy, set by its main()).
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEAVY_BIN "doxsearch-ingest"
/* set for doxsearch-ingest; seen by doxsearch, it ran itself */
#define HEAVY_GUARD "DOXSEARCH_INGEST_RUNNING"

/* Replace this process by doxsearch-ingest with the same command line
 * (argv[0] is the command) and the index chosen here; returns only when
 * it cannot be run. */
static int exec_heavy(cli *c, int argc, char **argv)
{
        char self[PATH_MAX], path[PATH_MAX + sizeof(HEAVY_BIN)];
        const char *env = getenv("DOXSEARCH_INGEST");
        char **v = calloc((size_t)argc + 4, sizeof(*v));
        ssize_t n;
        int k = 0;

        if (!v)
                return EXIT_TROUBLE;
        /* a $DOXSEARCH_INGEST or PATH entry that is doxsearch itself would
         * run it again and again */
        if (getenv(HEAVY_GUARD)) {
                cli_error("the %s found runs doxsearch again (check $DOXSEARCH_INGEST and PATH)",
                          HEAVY_BIN);
                free(v);
                return EXIT_TROUBLE;
        }
        setenv(HEAVY_GUARD, "1", 1);
        v[k++] = HEAVY_BIN;
        if (c->db) {
                v[k++] = "--db";
                v[k++] = (char *)c->db;
        }
        for (int i = 0; i < argc; i++)
                v[k++] = argv[i];
        v[k] = NULL;

        n = readlink("/proc/self/exe", self, sizeof(self) - 1);
        if (n > 0) {
                char *slash;

                self[n] = '\0';
                slash = strrchr(self, '/');
                if (slash) {
                        slash[1] = '\0';
                        snprintf(path, sizeof(path), "%s%s", self, HEAVY_BIN);
                        if (access(path, X_OK) == 0)
                                execv(path, v);
                }
        }
        if (env && *env)
                execv(env, v);
        execvp(HEAVY_BIN, v);
        cli_error("cannot run %s: %s (it is built and installed with doxsearch)", HEAVY_BIN,
                  strerror(errno));
        free(v);
        return EXIT_TROUBLE;
}

int cmd_ingest(cli *c, int argc, char **argv)
{
        cli_args a;
        const char *arg;
        int id;

        if (c->heavy)
                return c->heavy->ingest(c, argc, argv);
        /* --help and usage errors need no doxsearch-ingest (export
         * site's are read by cmd_export before it gets here) */
        cli_args_init(&a, c, "ingest", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END)
                if (id == OPT_STOP)
                        return a.status;
        return exec_heavy(c, argc, argv);
}

int cmd_export_site(cli *c, int argc, char **argv)
{
        return c->heavy ? c->heavy->export_site(c, argc, argv) : exec_heavy(c, argc, argv);
}
