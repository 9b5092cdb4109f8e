/*
 * cmd_stats.c - `doxsearch stats`: what the index holds.
 */
#include "cli.h"
#include "render.h"

/* Files with problems that the human output names; --json has them all. */
#define STATS_SHOWN 20

int cmd_stats(cli *c, int argc, char **argv)
{
        cli_args a;
        const char *arg;
        int json = 0, id;
        dx_index *idx;
        dx_index_stats s;
        dx_talk_file *bad = NULL;
        size_t nbad = 0;
        char *path;

        cli_args_init(&a, c, "stats", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_JSON:
                        json = 1;
                        break;
                default:
                        return a.status;
                }
        }
        idx = cli_open(c, 0);
        if (!idx)
                return EXIT_TROUBLE;
        if (dx_index_stats_get(idx, &s) || dx_index_problems(idx, &bad, &nbad)) {
                cli_error("%s", dx_index_errmsg(idx));
                dx_index_close(&idx);
                return EXIT_TROUBLE;
        }
        path = cli_db_path(c);
        if (json) {
                json_t *o = json_pack(
                    "{s:o, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I}",
                    "index", render_json_text(path), "schema_version", s.schema_version, "events",
                    (json_int_t)s.events, "talks", (json_int_t)s.talks, "speakers",
                    (json_int_t)s.speakers, "files", (json_int_t)s.files, "failed_files",
                    (json_int_t)s.failed_files, "recordings", (json_int_t)s.videos, "slide_decks",
                    (json_int_t)s.slide_decks, "pages", (json_int_t)s.pages, "captioned_talks",
                    (json_int_t)s.captioned, "cues", (json_int_t)s.cues, "hours", s.hours, "bytes",
                    (json_int_t)s.db_bytes);
                json_object_set_new(o, "problems", render_files_json(bad, nbad, 1));
                render_json_print(stdout, o);
                json_decref(o);
        } else {
                fputs("index       ", stdout);
                render_text(stdout, path ? path : "?", 0);
                printf(" (schema %d, %.1f MiB)\n", s.schema_version,
                       (double)s.db_bytes / (1024.0 * 1024.0));
                printf("events      %lld\n", (long long)s.events);
                printf("talks       %lld (%lld with a recording, %lld with slides, %lld with "
                       "captions)\n",
                       (long long)s.talks, (long long)s.videos, (long long)s.slide_decks,
                       (long long)s.captioned);
                printf("speakers    %lld\n", (long long)s.speakers);
                printf("recorded    %.1f hours\n", s.hours);
                printf("pages       %lld\n", (long long)s.pages);
                printf("cues        %lld\n", (long long)s.cues);
                printf("files       %lld (%lld with problems)\n", (long long)s.files,
                       (long long)s.failed_files);
                for (size_t i = 0; i < nbad && i < STATS_SHOWN; i++)
                        render_file_line(stdout, &bad[i], c->color_out);
                if (nbad > STATS_SHOWN)
                        printf("  and %zu more (doxsearch stats --json lists them all)\n",
                               nbad - STATS_SHOWN);
        }
        dx_talk_files_free(bad, nbad);
        free(path);
        dx_index_close(&idx);
        return EXIT_FOUND;
}
