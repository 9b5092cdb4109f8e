/*
 * cmd_show.c - `doxsearch show TALK`: everything the index holds about one
 * talk: metadata, recording streams, tags, chapters and slide pages; with
 * --transcript, its captions with their times instead.
 */
#include "cli.h"
#include "render.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_JSON = 1, OPT_TRANSCRIPT };

/* The talk's captions, by language then time. */
static int show_transcript(dx_index *idx, const dx_talk *t, int json)
{
        dx_cue *v;
        size_t n;
        char at[32];

        if (dx_talk_transcript(idx, t->id, &v, &n)) {
                cli_error("%s", dx_index_errmsg(idx));
                return EXIT_TROUBLE;
        }
        if (json) {
                json_t *o = json_pack("{s:s}", "id", t->id), *cues = json_array();

                for (size_t i = 0; i < n; i++)
                        json_array_append_new(
                            cues,
                            json_pack("{s:f, s:f, s:o, s:s}", "start_s", v[i].start_ms / 1000.0,
                                      "end_s", v[i].end_ms / 1000.0, "lang",
                                      v[i].lang ? json_string(v[i].lang) : json_null(), "text",
                                      v[i].text));
                json_object_set_new(o, "cues", cues);
                render_json_print(stdout, o);
                json_decref(o);
        } else {
                for (size_t i = 0; i < n; i++) {
                        const char *lang = v[i].lang ? v[i].lang : "";

                        if (i == 0 || strcmp(lang, v[i - 1].lang ? v[i - 1].lang : "") != 0)
                                printf("%s[%s]\n", i ? "\n" : "", *lang ? lang : "captions");
                        render_clock(at, sizeof(at), v[i].start_ms / 1000.0);
                        printf("%7s  %s\n", at, v[i].text);
                }
                if (!n)
                        cli_error("%s: no captions", t->id);
        }
        dx_transcript_free(v, n);
        return n ? EXIT_FOUND : EXIT_NONE;
}

int cmd_show(cli *c, int argc, char **argv)
{
        static const cli_opt opts[] = {
            {"json", 0, 0, OPT_JSON}, {"transcript", 0, 0, OPT_TRANSCRIPT}, {NULL, 0, 0, 0}};
        cli_args a = {.argc = argc, .argv = argv, .i = 1, .cmd = "show"};
        const char *arg, *which = NULL;
        char *candidates = NULL;
        int json = 0, transcript = 0, id, rc = EXIT_TROUBLE;
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
                case OPT_TRANSCRIPT:
                        transcript = 1;
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
                if (transcript) {
                        rc = show_transcript(idx, &t, json);
                        dx_talk_release(&t);
                        break;
                }
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
