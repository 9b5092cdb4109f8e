/*
 * test_recslides.c - unit tests for slides read from a recording with no
 * deck (indexer/ocr/recplan.c, recording.c): how signatures are compared,
 * which pixels count as a moving camera, which runs of frames become
 * slides (held long enough, near-duplicates merged, a slide shown again
 * adds a stretch, a build is a slide of its own), what OCR text counts as
 * noise, and the reader on fixture recordings: a camera-only recording
 * yields no slide, in the jail too, and a job past its time is cut off.
 */
#include "check.h"
#include "dx_recslides.h"

#include <stdlib.h>
#include <string.h>

#define W  DX_SIG_W
#define H  8
#define NP ((size_t)W * H)

static const char *fixtures;

/* A picture: background bg with the rectangle [x0, x1) x [y0, y1) at fg. */
static uint8_t *pic(int bg, int fg, int x0, int x1, int y0, int y1)
{
        uint8_t *p = malloc(NP);

        for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                        p[y * W + x] = (uint8_t)(x >= x0 && x < x1 && y >= y0 && y < y1 ? fg : bg);
        return p;
}

static void test_diff(void)
{
        uint8_t *a = pic(250, 250, 0, 0, 0, 0), *b = pic(250, 10, 0, 10, 0, 1);
        uint8_t *live = calloc(NP, 1);

        CHECK(dx_rec_sig_diff(a, a, NULL, NP) == 0);
        /* 10 of 1024 pixels differ */
        CHECK(fabs(dx_rec_sig_diff(a, b, NULL, NP) - 10.0 / NP) < 1e-9);
        /* a small difference in grey (compression) is no difference */
        b[0] = 250 - DX_REC_PIX_DIFF;
        for (int x = 1; x < 10; x++)
                b[x] = 250;
        CHECK(dx_rec_sig_diff(a, b, NULL, NP) == 0);
        /* differences in live pixels are left out */
        b[0] = 0;
        live[0] = 1;
        CHECK(dx_rec_sig_diff(a, b, live, NP) == 0);
        CHECK(dx_rec_sig_diff(a, b, NULL, NP) > 0);
        free(a);
        free(b);
        free(live);
}

/* Samples every step seconds from t0, showing pictures pics[i] (not
 * copied), one per sample. */
static void samples(dx_rec_sample *s, uint8_t **pics, size_t n, double t0, double step)
{
        for (size_t i = 0; i < n; i++) {
                s[i].t = t0 + step * (double)i;
                s[i].sig = pics[i];
        }
}

static void test_live(void)
{
        enum { N = 12 };
        uint8_t *pics[N], *live = malloc(NP);
        dx_rec_sample s[N];

        /* a camera at x 100-120 that changes every frame; a slide whose
         * text (x 10-40) changes every third frame */
        for (int i = 0; i < N; i++) {
                pics[i] = pic(250, 0, 10, 40, 2, 4 + (i / 3) % 2);
                for (int y = 0; y < H; y++)
                        for (int x = 100; x < 120; x++)
                                pics[i][y * W + x] = (uint8_t)(i % 2 ? 200 : 30);
        }
        samples(s, pics, N, 0, 2);
        double share = dx_rec_live_mask(s, N, NP, live);
        CHECK(live[3 * W + 110]);
        CHECK(live[3 * W + 99]); /* next to a live pixel */
        CHECK(!live[3 * W + 97]);
        CHECK(!live[4 * W + 20]); /* the slide's text */
        CHECK(share > 0.15 && share < 0.2);
        /* too few frames to tell: nothing is live */
        CHECK(dx_rec_live_mask(s, 5, NP, live) == 0);
        CHECK(!live[3 * W + 110]);
        for (int i = 0; i < N; i++)
                free(pics[i]);
        free(live);
}

static void test_plan(void)
{
        enum { N = 16 };
        uint8_t *a = pic(250, 0, 10, 60, 1, 3), *a2 = pic(250, 0, 10, 60, 1, 3);
        uint8_t *b = pic(250, 0, 70, 120, 1, 3), *c = pic(30, 220, 0, W, 0, H);
        uint8_t *build = pic(250, 0, 10, 60, 1, 3);
        uint8_t *pics[N];
        dx_rec_sample s[N];
        dx_rec_plan p;

        a2[5] = 0; /* a near-duplicate of a: one pixel differs */
        for (int x = 10; x < 60; x++)
                build[5 * W + x] = 0; /* a's next build: a line more */
        /* a, b, c for one frame only, a again, the build, a (the
         * near-duplicate) to the end (12 s) */
        uint8_t *order[N] = {a, a, a, a2, b, b, b, c, a, a2, a, build, build, build, a2, a2};
        double t[N] = {0, 1, 2, 2.5, 3, 4, 4.5, 5, 5.5, 6, 7, 7.25, 8, 9, 9.5, 10};
        for (int i = 0; i < N; i++) {
                pics[i] = order[i];
                s[i].t = t[i];
                s[i].sig = pics[i];
        }
        CHECK_INT(dx_rec_plan_make(s, N, NP, NULL, 12, &p), 0);
        /* a, b, the build: c was there for one frame; a2 is a */
        CHECK_INT(p.n, 3);
        if (p.n == 3) {
                CHECK_INT(p.c[0].niv, 3); /* shown three times */
                CHECK(p.c[0].iv[0][0] == 0);
                CHECK(fabs(p.c[0].iv[0][1] - 2.75) < 1e-9); /* between 2.5 and 3: close frames */
                CHECK(fabs(p.c[0].iv[1][0] - 5.25) < 1e-9);
                CHECK(fabs(p.c[0].iv[1][1] - 7.125) < 1e-9);
                CHECK(fabs(p.c[0].iv[2][0] - 9.25) < 1e-9);
                CHECK(fabs(p.c[0].iv[2][1] - 12) < 1e-9); /* to the end of the recording */
                CHECK_INT(p.c[1].niv, 1);
                CHECK(fabs(p.c[1].iv[0][0] - 2.75) < 1e-9);
                CHECK(fabs(p.c[1].iv[0][1] - 4.75) < 1e-9);
                CHECK_INT(p.c[2].niv, 1); /* the build */
                CHECK(fabs(p.c[2].iv[0][0] - 7.125) < 1e-9);
                CHECK(fabs(p.c[2].iv[0][1] - 9.25) < 1e-9);
                CHECK(p.c[0].at >= 0 && p.c[0].at <= 2.75);
        }
        dx_rec_plan_release(&p);

        /* a picture held for a moment only is no slide */
        samples(s, (uint8_t *[]){a, b, a, b, a, b}, 6, 0, 0.5);
        CHECK_INT(dx_rec_plan_make(s, 6, NP, NULL, 3, &p), 0);
        CHECK_INT(p.n, 0);
        dx_rec_plan_release(&p);

        /* a picture that is mostly a moving camera has no slide in it */
        uint8_t *live = malloc(NP);
        memset(live, 1, NP);
        samples(s, (uint8_t *[]){a, a, a, a}, 4, 0, 2);
        CHECK_INT(dx_rec_plan_make(s, 4, NP, live, 8, &p), 0);
        CHECK_INT(p.n, 0);
        dx_rec_plan_release(&p); /* frees live */
        free(a);
        free(a2);
        free(b);
        free(c);
        free(build);
}

static void test_noise(void)
{
        static const struct {
                size_t words, dict;
                double conf;
                int slide;
        } cases[] = {
            {12, 10, 92, 1}, /* a slide's words */
            {6, 3, 85, 1},   /* jargon: half of them in no dictionary */
            {2, 2, 95, 0},   /* a logo's two words are not a slide */
            {8, 1, 80, 0},   /* a camera's texture read as letters */
            {10, 6, 45, 0},  /* read with little confidence */
            {0, 0, -1, 0},   /* nothing read */
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                CHECK_ROW("%zu words, %zu in the dictionary, confidence %.0f", cases[i].words,
                          cases[i].dict, cases[i].conf);
                CHECK_INT(dx_rec_text_is_slide(cases[i].words, cases[i].dict, cases[i].conf),
                          cases[i].slide);
        }
        check_row[0] = '\0';
}

static void test_camera(void)
{
        char *path = dx_path_join(fixtures, "align/camera-only.mp4"), *err = NULL;
        dx_recslides r;
        dx_jail *jail = NULL;

        CHECK_INT(dx_jail_start(&jail), 0);
        CHECK_INT(dx_recslides_read_in(jail, path, -1, "eng", 120, &r, &err), 0);
        CHECK_STR(err, NULL);
        free(err);
        err = NULL;
        CHECK_INT(r.n, 0);
        CHECK(r.samples > 0);
        dx_recslides_release(&r);
        /* past its time, a job is cut off and says so */
        CHECK_INT(dx_recslides_read_in(jail, path, -1, "eng", 0.001, &r, &err), 1);
        CHECK_HAS(err, "reading its slides was stopped after");
        free(err);
        err = NULL;
        dx_recslides_release(&r);
        /* not a recording */
        char *pdf = dx_path_join(fixtures, "align/builds.pdf");
        CHECK(dx_recslides_read_in(jail, pdf, -1, "eng", 60, &r, &err) < 0);
        CHECK(err != NULL);
        free(err);
        free(pdf);
        dx_jail_stop(&jail);
        free(path);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            /* the jail first: it starts only while the process has one thread */
            {"camera", test_camera}, {"diff", test_diff},   {"live", test_live},
            {"plan", test_plan},     {"noise", test_noise},
        };

        if (argc < 2) {
                fprintf(stderr, "usage: %s FIXTURES [GROUP...]\n", argv[0]);
                return 2;
        }
        fixtures = argv[1];
        return check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
}
