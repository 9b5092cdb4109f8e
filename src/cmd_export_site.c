/*
 * cmd_export_site.c - `doxsearch export site OUTDIR` in doxsearch-ingest:
 * the options, the messages for decks and recordings that cannot be
 * rendered (the rest of the site is written all the same, and the exit
 * status says so), and a summary line.
 */
#include "cli.h"
#include "site.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void on_note(void *ud, int error, const char *path, const char *msg)
{
        (void)ud;
        if (error)
                cli_error("%s: %s", path, msg);
        else
                cli_warn("%s: %s", path, msg);
}

static double now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_export_site_run(cli *c, int argc, char **argv)
{
        cli_args a;
        site_opts o = {.thumb_width = 320, .note = on_note};
        const char *arg, *outdir = NULL;
        int id, words = 0, quiet = 0, rc;
        site_stats st;
        char *err = NULL;
        struct stat sb;
        dx_index *idx;
        double t0 = now();
        long w;

        cli_args_init(&a, c, "export", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_WORD:
                        if (words++ == 0)
                                break; /* "site" */
                        if (outdir)
                                return cli_usage_error("export", "unexpected argument '%s'", arg);
                        outdir = arg;
                        break;
                case OPT_BASE_URL:
                        o.base_url = arg;
                        break;
                case OPT_MEDIA_URL:
                        o.media_url = arg;
                        break;
                case OPT_THUMB_WIDTH:
                        if ((w = cli_number("export", "--thumb-width", arg, 16, 4096)) < 0)
                                return EXIT_TROUBLE;
                        o.thumb_width = (int)w;
                        break;
                case OPT_QUIET:
                        quiet = 1;
                        break;
                case OPT_TITLE:
                        o.title = arg;
                        break;
                default:
                        return a.status;
                }
        }
        for (int i = 0; i < 2; i++) {
                const char *u = i ? o.media_url : o.base_url;
                char *built = u && site_url_ok(u) ? site_url(u, NULL, NULL) : NULL;

                free(built);
                if (u && !built) /* no spaces either: browsers drop some */
                        return cli_usage_error(
                            "export",
                            "%s '%s': not an http(s) URL or a relative path "
                            "(write a path with ':' in its first part as ./PATH)",
                            i ? "--media-url" : "--base-url", u);
        }
        if (!outdir || !*outdir)
                return cli_usage_error("export", "where to? (doxsearch export site OUTDIR)");
        if (stat(outdir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
                cli_error("%s: is not a folder", outdir);
                return EXIT_TROUBLE;
        }
        idx = cli_open(c, 0);
        if (!idx)
                return EXIT_TROUBLE;
        rc = site_export(idx, outdir, &o, &st, &err);
        dx_index_close(&idx);
        if (rc < 0) {
                cli_error("%s", err ? err : "export site failed");
                free(err);
                return EXIT_TROUBLE;
        }
        free(err);
        if (!quiet)
                printf("%zu talk%s in %zu event%s, %zu speaker%s: %zu page%s; %zu slide "
                       "thumbnail%s (%zu deck%s rendered, %zu cached), %zu poster%s (%zu rendered, "
                       "%zu cached); search index %.1f kB in %zu file%s; %zu failed; %.2f s\n",
                       st.talks, PLURAL(st.talks), st.events, PLURAL(st.events), st.speakers,
                       PLURAL(st.speakers), st.pages_html, PLURAL(st.pages_html), st.thumbs,
                       PLURAL(st.thumbs), st.decks_rendered, PLURAL(st.decks_rendered),
                       st.decks_cached, st.posters_rendered + st.posters_cached,
                       PLURAL(st.posters_rendered + st.posters_cached), st.posters_rendered,
                       st.posters_cached, st.index_bytes / 1000.0, st.index_files,
                       PLURAL(st.index_files), st.failed, now() - t0);
        return rc ? EXIT_NONE : EXIT_FOUND;
}
