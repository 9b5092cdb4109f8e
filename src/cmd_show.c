/*
 * cmd_show.c - `doxsearch show TALK`: everything the index holds about one
 * talk: metadata, recording streams, tags, chapters and slide pages; with
 * --transcript, its captions with their times instead; with --timeline,
 * when each slide was on screen in the recording.
 */
#include "cli.h"
#include "render.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

                        if (i == 0 || strcmp(lang, v[i - 1].lang ? v[i - 1].lang : "") != 0) {
                                printf("%s[", i ? "\n" : "");
                                render_text(stdout, *lang ? lang : "captions", 0);
                                puts("]");
                        }
                        render_clock(at, sizeof(at), v[i].start_ms / 1000.0);
                        printf("%7s  ", at);
                        render_text(stdout, v[i].text, 0);
                        putchar('\n');
                }
                if (!n)
                        cli_error("%s: no captions", t->id);
        }
        dx_transcript_free(v, n);
        return n ? EXIT_FOUND : EXIT_NONE;
}

/* The first line of page's text (its title, usually), at most 70 bytes. */
static int page_title(const dx_talk *t, const dx_rec_slide *rec, size_t nrec, int page,
                      const char **s)
{
        for (size_t i = 0; i < nrec; i++)
                if (rec[i].page == page) {
                        size_t n = strcspn(rec[i].text, "\n");

                        *s = rec[i].text;
                        return (int)(n > 70 ? dx_utf8_cut(*s, 70) : n);
                }
        for (size_t i = 0; i < t->npage_text; i++)
                if (t->page_text[i].page == page) {
                        size_t n = strcspn(t->page_text[i].text, "\n");

                        *s = t->page_text[i].text;
                        if (n > 70)
                                n = dx_utf8_cut(*s, 70);
                        return (int)n;
                }
        *s = "";
        return 0;
}

/* The slides in the order they were on screen, with their times. */
static int show_timeline(dx_index *idx, const dx_talk *t, int json)
{
        static const char *const why[] = {
            [DX_TIMELINE_NOT_SHOWN] = "the recording never shows its slides",
            [DX_TIMELINE_FAILED] = "the slides could not be aligned with the recording",
            [DX_TIMELINE_NONE] = "no timeline (the talk needs a recording and slides; "
                                 "ingest without --no-align makes one)",
        };
        dx_timeline tl;
        dx_rec_slide *rec = NULL;
        size_t nrec = 0;
        double conf = 0, len = 0;

        if (dx_talk_timeline(idx, t->id, &tl) ||
            (tl.from_recording && dx_talk_rec_slides(idx, t->id, &rec, &nrec))) {
                cli_error("%s", dx_index_errmsg(idx));
                dx_timeline_release(&tl);
                return EXIT_TROUBLE;
        }
        /* the timeline's confidence: its spans', weighted by their length */
        for (size_t i = 0; i < tl.n; i++) {
                double d = tl.spans[i].end_s - tl.spans[i].start_s;
                conf += tl.spans[i].confidence * (d > 0 ? d : 0);
                len += d > 0 ? d : 0;
        }
        conf = len > 0 ? conf / len : 0;
        int low =
            tl.status == DX_TIMELINE_SHOWN && !tl.from_recording && conf < DX_ALIGN_LOW_CONFIDENCE;
        if (json) {
                json_t *o = json_pack("{s:s, s:s}", "id", t->id, "status",
                                      tl.status == DX_TIMELINE_NONE
                                          ? "none"
                                          : dx_timeline_status_name(tl.status)),
                       *spans = json_array();

                for (size_t i = 0; i < tl.n; i++)
                        json_array_append_new(spans, json_pack("{s:i, s:f, s:f, s:f}", "page",
                                                               tl.spans[i].page, "start_s",
                                                               tl.spans[i].start_s, "end_s",
                                                               tl.spans[i].end_s, "confidence",
                                                               tl.spans[i].confidence));
                json_object_set_new(o, "error", tl.error ? json_string(tl.error) : json_null());
                if (tl.from_recording)
                        json_object_set_new(o, "from_recording", json_true());
                json_object_set_new(o, "confidence",
                                    tl.status == DX_TIMELINE_SHOWN && !tl.from_recording
                                        ? json_real(conf)
                                        : json_null());
                json_object_set_new(o, "low_confidence", json_boolean(low));
                json_object_set_new(o, "spans", spans);
                render_json_print(stdout, o);
                json_decref(o);
        } else if (tl.status != DX_TIMELINE_SHOWN && tl.from_recording) {
                cli_error("%s: %s%s%s", t->id,
                          tl.error ? "its slides could not be read from the recording"
                                   : "no deck, and no slides could be read from the recording",
                          tl.error ? ": " : "", tl.error ? tl.error : "");
        } else if (tl.status != DX_TIMELINE_SHOWN) {
                cli_error("%s: %s%s%s", t->id, why[tl.status], tl.error ? ": " : "",
                          tl.error ? tl.error : "");
        } else {
                if (tl.from_recording)
                        printf("slides read from the recording (the talk has no deck):\n");
                if (low)
                        cli_error("%s: low confidence (%.2f): the slides may not be the ones on "
                                  "screen at these times",
                                  t->id, conf);
                for (size_t i = 0; i < tl.n; i++) {
                        char a[32], b[32], line[71];
                        const char *title;
                        int n = page_title(t, rec, nrec, tl.spans[i].page, &title);

                        render_clock(a, sizeof(a), tl.spans[i].start_s);
                        render_clock(b, sizeof(b), tl.spans[i].end_s);
                        snprintf(line, sizeof(line), "%.*s", n, title);
                        printf("%8s-%-8s slide %-3d ", a, b, tl.spans[i].page);
                        render_text(stdout, line, 0);
                        putchar('\n');
                }
        }
        int rc = tl.status == DX_TIMELINE_SHOWN ? EXIT_FOUND : EXIT_NONE;
        dx_timeline_release(&tl);
        dx_rec_slides_free(rec, nrec);
        return rc;
}

int cmd_show(cli *c, int argc, char **argv)
{
        cli_args a;
        const char *arg, *which = NULL;
        char *candidates = NULL, *talk = NULL;
        int json = 0, transcript = 0, timeline = 0, id, rc = EXIT_TROUBLE;
        dx_index *idx = NULL;
        dx_talk t;

        cli_args_init(&a, c, "show", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
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
                case OPT_TIMELINE:
                        timeline = 1;
                        break;
                default:
                        return a.status;
                }
        }
        if (!which || !*which)
                return cli_usage_error("show", "which talk? (doxsearch show TALK)");
        idx = cli_open(c, 0);
        if (!idx)
                return EXIT_TROUBLE;
        /* as the index has it: bytes that are not UTF-8 read as Latin-1 */
        talk = dx_utf8_display(which);
        switch (talk ? dx_talk_get(idx, talk, &t, &candidates) : DX_ENOMEM) {
        case 0:
                if (transcript || timeline) {
                        rc = transcript ? show_transcript(idx, &t, json)
                                        : show_timeline(idx, &t, json);
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
                render_text(stderr, candidates, RENDER_LINES);
                break;
        default:
                cli_error("%s", dx_index_errmsg(idx));
                break;
        }
        free(candidates);
        free(talk);
        dx_index_close(&idx);
        return rc;
}
