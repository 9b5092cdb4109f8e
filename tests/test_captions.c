/*
 * test_captions.c - unit tests for captions.c: every file of the odd
 * caption corpus in tests/captions/ against its row in expect.tsv (cue
 * count, first and last cue, warning), then markup cleaning, limits and
 * the cost of a two-hour, 2,000-cue file.
 */
#include "check.h"
#include "dx_media.h"

#ifndef DX_CAPTIONS_DIR
#error "DX_CAPTIONS_DIR must name tests/captions"
#endif

static void check_cue(const dx_cue *c, const char *start, const char *end, const char *text)
{
        CHECK_INT(c->start_ms, atoll(start));
        CHECK_INT(c->end_ms, atoll(end));
        CHECK_STR(c->text, text);
}

static void test_corpus(void)
{
        FILE *f = fopen(DX_CAPTIONS_DIR "/expect.tsv", "r");
        char line[2048];
        int rows = 0;

        if (!CHECK(f != NULL))
                return;
        while (fgets(line, sizeof(line), f)) {
                char *col[9], *save = NULL, *p = line;
                int n = 0;
                dx_cues cues = {0};
                char *err = NULL, *warn = NULL, *path;
                int rc;

                line[strcspn(line, "\n")] = '\0';
                if (line[0] == '#' || !line[0])
                        continue;
                for (char *w; n < 9 && (w = strtok_r(p, "\t", &save)); p = NULL)
                        col[n++] = w;
                CHECK_ROW("%.200s", n ? col[0] : line);
                if (!CHECK_INT(n, 9))
                        continue;
                rows++;
                path = dx_path_join(DX_CAPTIONS_DIR, col[0]);
                rc = dx_captions_read(path, &cues, &err, &warn);
                CHECK_INT(cues.n, atoi(col[1]));
                if (atoi(col[1]) == 0) {
                        CHECK(rc < 0);
                        CHECK(err != NULL);
                        if (strcmp(col[8], "-") != 0)
                                CHECK_HAS(err, col[8]);
                } else {
                        CHECK_INT(rc, 0);
                        if (cues.n) {
                                check_cue(&cues.v[0], col[2], col[3], col[4]);
                                check_cue(&cues.v[cues.n - 1], col[5], col[6], col[7]);
                        }
                        if (strcmp(col[8], "-") == 0)
                                CHECK_STR(warn, NULL);
                        else
                                CHECK_HAS(warn, col[8]);
                }
                for (size_t i = 0; i < cues.n; i++) {
                        CHECK(dx_utf8_valid(cues.v[i].text, strlen(cues.v[i].text)));
                        CHECK(cues.v[i].end_ms >= cues.v[i].start_ms);
                        if (i)
                                CHECK(cues.v[i].start_ms >= cues.v[i - 1].start_ms);
                }
                dx_cues_release(&cues);
                free(path);
                free(err);
                free(warn);
        }
        check_row[0] = '\0';
        CHECK(rows >= 25);
        fclose(f);
}

static void test_clean(void)
{
        static const struct {
                const char *in, *out;
        } rows[] = {
            {"<i>hi</i>", "hi"},
            {"a < b and c > d", "a < b and c > d"},
            {"{\\an8}top", "top"},
            {"{not an override}", "{not an override}"},
            {"one\\Ntwo\\nthree", "one two three"},
            {"  many   \n spaces ", "many spaces"},
            {"&amp;&lt;&gt;&quot;&unknown;", "&<>\"&unknown;"},
            {"<v.loud Bob>shout</v>", "shout"},
            {"<>", "<>"},
            {"<i></i>", ""},
            {"<unclosed", "<unclosed"},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                dx_cues c = {0};

                CHECK_ROW("%.200s", rows[i].in);
                CHECK_INT(dx_cues_add(&c, 0, 1, rows[i].in, strlen(rows[i].in)), 0);
                if (rows[i].out[0]) {
                        if (CHECK_INT(c.n, 1))
                                CHECK_STR(c.v[0].text, rows[i].out);
                } else {
                        CHECK_INT(c.n, 0);
                }
                dx_cues_release(&c);
        }
}

static void test_limits(void)
{
        dx_buf b = DX_BUF_INIT;
        dx_cues c = {0};
        char *warn = NULL, *err = NULL;

        /* a cue with far too much text is cut at a character boundary */
        dx_buf_adds(&b, "1\n00:00:01,000 --> 00:00:02,000\n");
        for (int i = 0; i < 3000; i++)
                dx_buf_adds(&b, "é ");
        CHECK_INT(dx_captions_parse(b.s, b.len, &c, &warn), 0);
        if (CHECK_INT(c.n, 1)) {
                CHECK(strlen(c.v[0].text) <= DX_CUE_MAX_TEXT);
                CHECK(dx_utf8_valid(c.v[0].text, strlen(c.v[0].text)));
        }
        /* ... and the warning says which cue */
        CHECK_STR(warn, "the cue at 00:00:01.000 is over 4 KiB: cut");
        dx_cues_release(&c);
        free(warn);
        warn = NULL;

        /* several long cues: one warning with the count and the first */
        dx_buf_adds(&b, "\n\n00:00:03.000 --> 00:00:04.000\nshort\n\n"
                        "1:02:03.250 --> 1:02:04.000\n");
        for (int i = 0; i < 600; i++)
                dx_buf_adds(&b, "<i>word</i> ");
        dx_buf_adds(&b, "\n\n2:00:00.000 --> 2:00:01.000\n");
        for (int i = 0; i < 5000; i++)
                dx_buf_adds(&b, "x");
        CHECK_INT(dx_captions_parse(b.s, b.len, &c, &warn), 0);
        CHECK_INT(c.n, 4);
        CHECK_STR(warn, "2 cues are over 4 KiB, the first at 00:00:01.000: cut");
        dx_cues_release(&c);
        free(warn);
        warn = NULL;
        dx_buf_release(&b);

        /* text just under the limit is no news */
        dx_buf_adds(&b, "00:00:01.000 --> 00:00:02.000\n");
        for (size_t i = 0; i < DX_CUE_MAX_TEXT; i++)
                dx_buf_addc(&b, 'y');
        CHECK_INT(dx_captions_parse(b.s, b.len, &c, &warn), 0);
        CHECK_INT(c.n, 1);
        CHECK_STR(warn, NULL);
        dx_cues_release(&c);
        free(warn);
        dx_buf_release(&b);

        /* timings that do not parse */
        static const char *bad[] = {"00:60:00.000 --> 00:61:00.000\nx\n",
                                    "1:2 --> 3:4\nx\n",
                                    "99999999999:00:00.000 --> 0:00.000\nx\n",
                                    "00:01.000-->00:02.000\nok\n",
                                    "00:01.000 -->\nx\n",
                                    "--> 00:01.000\nx\n"};
        static const size_t want[] = {0, 1, 0, 1, 0, 0};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                CHECK_ROW("%.200s", bad[i]);
                warn = NULL;
                CHECK_INT(dx_captions_parse(bad[i], strlen(bad[i]), &c, &warn), 0);
                CHECK_INT(c.n, want[i]);
                dx_cues_release(&c);
                free(warn);
        }
        check_row[0] = '\0';

        CHECK(dx_captions_read("/nonexistent/x.srt", &c, &err, &warn) < 0);
        CHECK(err != NULL);
        free(err);
}

/* Cues in reverse order come out sorted, stably, without quadratic cost. */
static void test_order(void)
{
        dx_buf b = DX_BUF_INIT;
        dx_cues c = {0};
        char *warn = NULL;
        size_t bad = 0;

        for (int i = 50000; i > 0; i--)
                dx_buf_addf(&b, "%d:%02d.000 --> %d:%02d.500\n%s %d\n\n", i / 60, i % 60, i / 60,
                            i % 60, i % 2 ? "odd" : "even", i);
        /* two cues with one start keep their order */
        dx_buf_adds(&b, "00:07.000 --> 00:08.000\nfirst of two\n\n"
                        "00:07.000 --> 00:09.000\nsecond of two\n\n");
        CHECK_INT(dx_captions_parse(b.s, b.len, &c, &warn), 0);
        CHECK_INT(c.n, 50002);
        for (size_t i = 1; i < c.n; i++)
                bad += c.v[i].start_ms < c.v[i - 1].start_ms;
        CHECK_INT(bad, 0);
        if (CHECK(c.n > 10)) {
                CHECK_INT(c.v[0].start_ms, 1000);
                CHECK_STR(c.v[6].text, "odd 7");
                CHECK_STR(c.v[7].text, "first of two");
                CHECK_STR(c.v[8].text, "second of two");
        }
        dx_cues_release(&c);
        free(warn);
        dx_buf_release(&b);
}

/* A two-hour talk with 2,000 cues: parsing it must cost well under 50 ms
 * (the figure is printed; the bound here is loose for sanitizer builds). */
static void test_speed(void)
{
        dx_buf b = DX_BUF_INIT;
        dx_cues c = {0};
        char *warn = NULL;
        double t0, ms;

        dx_buf_adds(&b, "WEBVTT\n\n");
        for (int i = 0; i < 2000; i++) {
                int s = i * 3600; /* ms: 2,000 cues over two hours */
                dx_buf_addf(&b,
                            "%d\n%02d:%02d:%02d.%03d --> %02d:%02d:%02d.%03d align:start\n"
                            "<v Speaker>so the error budget tells us when to slow down</v>\n"
                            "and when we can ship <i>faster</i> than before\n\n",
                            i + 1, s / 3600000, s / 60000 % 60, s / 1000 % 60, s % 1000,
                            (s + 3000) / 3600000, (s + 3000) / 60000 % 60, (s + 3000) / 1000 % 60,
                            (s + 3000) % 1000);
        }
        t0 = dx_now();
        CHECK_INT(dx_captions_parse(b.s, b.len, &c, &warn), 0);
        ms = (dx_now() - t0) * 1000;
        CHECK_INT(c.n, 2000);
        CHECK_STR(warn, NULL);
        printf("parse 2,000 cues (%zu KiB, 2 h): %.2f ms\n", b.len >> 10, ms);
        CHECK(ms < 500);
        dx_cues_release(&c);
        dx_buf_release(&b);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"corpus", test_corpus}, {"clean", test_clean}, {"limits", test_limits},
            {"order", test_order},   {"speed", test_speed},
        };

        return check_main(argc, argv, 1, groups, sizeof(groups) / sizeof(groups[0]));
}
