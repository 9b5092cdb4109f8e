/*
 * cmd_list.c - `doxsearch list`: every talk, newest event first.
 */
#include "cli.h"
#include "render.h"

int cmd_list(cli *c, int argc, char **argv)
{
        cli_args a;
        const char *arg;
        int json = 0, id;
        dx_index *idx;
        dx_talk *talks = NULL;
        size_t n = 0;

        cli_args_init(&a, c, "list", argc, argv);
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
        if (dx_talk_list(idx, &talks, &n)) {
                cli_error("%s", dx_index_errmsg(idx));
                dx_index_close(&idx);
                return EXIT_TROUBLE;
        }
        if (json) {
                json_t *arr = json_array(), *o;

                for (size_t i = 0; i < n; i++) {
                        json_t *t = render_talk_json(&talks[i]);

                        render_talk_sources(t, &talks[i]);
                        json_object_set_new(t, "pages", json_integer(talks[i].pages));
                        json_array_append_new(arr, t);
                }
                o = json_pack("{s:o}", "talks", arr);
                render_json_print(stdout, o);
                json_decref(o);
        } else {
                for (size_t i = 0; i < n; i++)
                        render_talk_line(stdout, &talks[i], c->color_out);
        }
        dx_talks_free(talks, n);
        dx_index_close(&idx);
        return n ? EXIT_FOUND : EXIT_NONE;
}
