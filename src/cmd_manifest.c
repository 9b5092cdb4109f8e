/*
 * cmd_manifest.c - `doxsearch manifest [--force] DIR`: write an event.json
 * draft into each event folder of DIR from what ingest found and inferred
 * (pairings, titles, speakers, dates), so that the archivist corrects a
 * draft.  An existing event.json is kept unless --force; each file
 * written is named.  Exit 0 when every draft was written, 1 when some
 * were kept, 2 on trouble.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write text to path: a new file (O_EXCL) unless force, then through a
 * temporary file renamed over it.  0, 1 when the file exists (not force),
 * negative with errno. */
static int write_draft(const char *path, const char *text, int force)
{
        char tmp[PATH_MAX];
        size_t len = strlen(text);
        int fd, e;

        if (!force) {
                fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
                if (fd < 0)
                        return errno == EEXIST ? 1 : -1;
                snprintf(tmp, sizeof(tmp), "%s", path);
        } else {
                if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >=
                    (int)sizeof(tmp)) {
                        errno = ENAMETOOLONG;
                        return -1;
                }
                fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                if (fd < 0)
                        return -1;
        }
        if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
                e = errno ? errno : EIO;
                close(fd);
                unlink(tmp);
                errno = e;
                return -1;
        }
        if (close(fd) != 0 || (force && rename(tmp, path) != 0)) {
                e = errno;
                unlink(tmp);
                errno = e;
                return -1;
        }
        return 0;
}

/* The draft's folder as the person typed DIR: DIR plus what follows its
 * real path. */
static char *shown(const char *dir, const char *real_dir, const char *path)
{
        size_t n = real_dir ? strlen(real_dir) : 0;

        if (real_dir && strncmp(path, real_dir, n) == 0 && (path[n] == '/' || !path[n])) {
                size_t dl = strlen(dir);
                char *r = malloc(dl + strlen(path + n) + 1);

                if (r) {
                        memcpy(r, dir, dl);
                        strcpy(r + dl, path + n);
                        if (dl > 1 && r[dl - 1] == '/' && r[dl] == '/')
                                memmove(r + dl - 1, r + dl, strlen(r + dl) + 1);
                }
                return r;
        }
        return strdup(path);
}

int cmd_manifest(cli *c, int argc, char **argv)
{
        const char *arg, *dir = NULL;
        int force = 0, id, rc, kept = 0, failed = 0;
        dx_draft *v = NULL;
        size_t n = 0;
        char *real;
        dx_index *idx;
        cli_args a;

        cli_args_init(&a, c, "manifest", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_FORCE:
                        force = 1;
                        break;
                case OPT_WORD:
                        if (dir)
                                return cli_usage_error("manifest", "one folder at a time");
                        dir = arg;
                        break;
                default:
                        return a.status;
                }
        }
        if (!dir)
                return cli_usage_error("manifest", "which folder? (doxsearch manifest DIR)");
        idx = cli_open(c, 0);
        if (!idx)
                return EXIT_TROUBLE;
        rc = dx_manifest_drafts(idx, dir, &v, &n);
        if (rc == DX_ENOTFOUND) {
                cli_error("%s: no event of this folder is in the index (run doxsearch ingest %s "
                          "first)",
                          dir, dir);
                dx_index_close(&idx);
                return EXIT_TROUBLE;
        }
        if (rc) {
                cli_error("%s", dx_index_errmsg(idx));
                dx_index_close(&idx);
                return EXIT_TROUBLE;
        }
        real = realpath(dir, NULL);
        for (size_t i = 0; i < n; i++) {
                char *path = malloc(strlen(v[i].path) + sizeof("/event.json"));
                char *where;
                int w;

                if (!path)
                        break;
                sprintf(path, "%s/event.json", v[i].path);
                where = shown(dir, real, path);
                w = write_draft(path, v[i].json, force);
                if (w == 0) {
                        printf("wrote %s (%zu talk%s)\n", where ? where : path, v[i].talks,
                               PLURAL(v[i].talks));
                } else if (w == 1) {
                        printf("kept %s: it exists (--force writes the draft over it)\n",
                               where ? where : path);
                        kept++;
                } else {
                        cli_error("%s: cannot write: %s", where ? where : path, strerror(errno));
                        failed++;
                }
                free(where);
                free(path);
        }
        free(real);
        dx_drafts_free(v, n);
        dx_index_close(&idx);
        return failed ? EXIT_TROUBLE : kept ? 1 : 0;
}
