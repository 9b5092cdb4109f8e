/*
 * cmd_ingest_exec.c - `doxsearch ingest` in the doxsearch binary: run
 * doxsearch-ingest, which carries FFmpeg and poppler.  Searching loads
 * neither (150 shared libraries, about 50 ms of every start), so the
 * reading commands stay quick and ingest pays for what it uses.
 *
 * doxsearch-ingest is looked for next to this executable, then as
 * $DOXSEARCH_INGEST, then on PATH.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INGEST_BIN "doxsearch-ingest"

int cmd_ingest(cli *c, int argc, char **argv)
{
        char self[PATH_MAX], path[PATH_MAX + sizeof(INGEST_BIN)];
        const char *env = getenv("DOXSEARCH_INGEST");
        char **v = calloc((size_t)argc + 4, sizeof(*v));
        ssize_t n;
        int k = 0;

        if (!v)
                return EXIT_TROUBLE;
        v[k++] = INGEST_BIN;
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
                        snprintf(path, sizeof(path), "%s%s", self, INGEST_BIN);
                        if (access(path, X_OK) == 0)
                                execv(path, v);
                }
        }
        if (env && *env)
                execv(env, v);
        execvp(INGEST_BIN, v);
        cli_error("cannot run %s: %s (it is built and installed with doxsearch)", INGEST_BIN,
                  strerror(errno));
        free(v);
        return EXIT_TROUBLE;
}
