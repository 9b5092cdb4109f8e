/*
 * cmd_export.c - `doxsearch export FORMAT OUT`: the index as a JSON data
 * file, NDJSON or an Elasticsearch _bulk file (`export site` is handed to
 * cmd_export_site(), see site.h).  OUT is written whole or not
 * at all: into a temporary file next to it, then renamed over it; "-" is
 * standard output.
 */
#include "cli.h"
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder that will hold path, to free(); "." for a bare name. */
static char *parent_of(const char *path)
{
        const char *slash = strrchr(path, '/');

        if (!slash)
                return strdup(".");
        if (slash == path)
                return strdup("/");
        return strndup(path, (size_t)(slash - path));
}

/* Check that out can be written: its folder exists and it is no folder. */
static int check_target(const char *out)
{
        struct stat sb;
        char *dir;
        int rc = 0;

        if (out[0] == '\0' || out[strlen(out) - 1] == '/') {
                cli_usage_error("export", "'%s': OUT must name a file", out);
                return -1;
        }
        if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) {
                cli_error("%s: is a folder; name the file to write", out);
                return -1;
        }
        dir = parent_of(out);
        if (!dir) {
                cli_error("out of memory");
                return -1;
        }
        if (stat(dir, &sb) != 0) {
                cli_error("%s: cannot write there: folder %s: %s", out, dir, strerror(errno));
                rc = -1;
        } else if (!S_ISDIR(sb.st_mode)) {
                cli_error("%s: cannot write there: %s is not a folder", out, dir);
                rc = -1;
        }
        free(dir);
        return rc;
}

static int write_stdout(dx_index *idx, const export_opts *o, export_stats *st)
{
        char *err = NULL;
        int rc = export_write(idx, stdout, o, st, &err);

        if (!rc && fflush(stdout) != 0)
                rc = -1;
        if (rc)
                cli_error("export: %s", err ? err : strerror(errno));
        free(err);
        return rc;
}

/* Write into OUT.tmpXXXXXX beside out, then rename it over out. */
static int write_file(dx_index *idx, const char *out, const export_opts *o, export_stats *st)
{
        size_t n = strlen(out) + 16;
        char *tmp = malloc(n), *err = NULL;
        FILE *f = NULL;
        mode_t mask;
        int fd, rc = -1;

        if (!tmp) {
                cli_error("out of memory");
                return -1;
        }
        snprintf(tmp, n, "%s.tmpXXXXXX", out);
        fd = mkstemp(tmp);
        if (fd < 0) {
                cli_error("%s: cannot create a temporary file: %s", tmp, strerror(errno));
                goto out_free;
        }
        mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) != 0 || !(f = fdopen(fd, "w"))) {
                cli_error("%s: %s", tmp, strerror(errno));
                close(fd);
                goto out_unlink;
        }
        if (export_write(idx, f, o, st, &err) != 0) {
                cli_error("%s: %s", out, err ? err : "export failed");
                goto out_close;
        }
        if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
                cli_error("%s: %s", tmp, strerror(errno));
                goto out_close;
        }
        if (fclose(f) != 0) {
                f = NULL;
                cli_error("%s: %s", tmp, strerror(errno));
                goto out_unlink;
        }
        f = NULL;
        if (rename(tmp, out) != 0) {
                cli_error("%s: cannot replace it: %s", out, strerror(errno));
                goto out_unlink;
        }
        rc = 0;
        goto out_free;
out_close:
        fclose(f);
out_unlink:
        unlink(tmp);
out_free:
        free(err);
        free(tmp);
        return rc;
}

int cmd_export(cli *c, int argc, char **argv)
{
        cli_args a;
        const char *arg, *format = NULL, *out = NULL;
        export_opts o = {.index = "talks"};
        export_stats st;
        int id, fmt, index_given = 0, site_opts = 0, rc;
        dx_index *idx;

        cli_args_init(&a, c, "export", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_WORD:
                        if (!format)
                                format = arg;
                        else if (!out)
                                out = arg;
                        else
                                return cli_usage_error("export", "unexpected argument '%s'", arg);
                        break;
                case OPT_PER_PAGE:
                        o.per_page = 1;
                        break;
                case OPT_INDEX:
                        o.index = arg;
                        index_given = 1;
                        break;
                case OPT_BASE_URL:
                case OPT_MEDIA_URL:
                case OPT_THUMB_WIDTH:
                case OPT_TITLE:
                case OPT_QUIET:
                        site_opts = 1; /* export site reads them */
                        break;
                default:
                        return a.status;
                }
        }
        if (!format)
                return cli_usage_error("export", "which format? json, ndjson, es-bulk or site");
        if (strcmp(format, "site") == 0) {
                /* export site takes the table's options but reads neither */
                if (o.per_page || index_given)
                        return cli_usage_error("export",
                                               "--per-page and --index are for ndjson and es-bulk");
                return cmd_export_site(c, argc, argv);
        }
        if (site_opts)
                return cli_usage_error(
                    "export",
                    "--base-url, --media-url, --thumb-width, --title and --quiet are for site");
        fmt = export_format_parse(format);
        if (fmt < 0)
                return cli_usage_error(
                    "export", "unknown format '%s' (json, ndjson, es-bulk or site)", format);
        o.format = (export_format)fmt;
        if (!out)
                return cli_usage_error("export",
                                       "where to? (doxsearch export %s OUT, - for stdout)", format);
        if (o.per_page && o.format == EXPORT_JSON)
                return cli_usage_error("export", "--per-page is for ndjson and es-bulk");
        if (index_given && o.format != EXPORT_ES_BULK)
                return cli_usage_error("export", "--index is for es-bulk");
        if (!export_index_name_ok(o.index))
                return cli_usage_error("export",
                                       "--index '%s': an index name is lower case a-z, 0-9, "
                                       "'.', '_', '-' (not first) and at most 255 bytes",
                                       o.index);
        if (strcmp(out, "-") != 0 && check_target(out) != 0)
                return EXIT_TROUBLE;
        idx = cli_open(c, 0);
        if (!idx)
                return EXIT_TROUBLE;
        if (strcmp(out, "-") == 0)
                rc = write_stdout(idx, &o, &st);
        else
                rc = write_file(idx, out, &o, &st);
        dx_index_close(&idx);
        if (rc)
                return EXIT_TROUBLE;
        if (st.truncated)
                cli_warn("%zu documents had a field cut at %d words%s", st.truncated,
                         EXPORT_MAX_WORDS, o.per_page ? "" : " (--per-page splits slide text)");
        return EXIT_FOUND;
}
