/*
 * test_align.c - unit tests for the slide aligner's API (align.c) on the
 * recordings of fixtures/align/: a video that never shows its slides and a
 * video shown with the wrong deck are reported as such, identical pages
 * are reported together, the slide area is found, and every failure names
 * the file and the reason.  How well changes are placed is measured per
 * recording by tests/align/align_condition.c.
 * Usage: test_align FIXTURES [GROUP...]
 */
#include "check.h"
#include "dx_media.h"

#include <unistd.h>

static const char *fixtures;

static char *fixture(const char *rel)
{
        return dx_path_join(fixtures, rel);
}

#define SRE    "archive/2020-01-doxlon/100-days-of-sre.pdf"
#define DOCKER "archive/2016-03-doxlon/docker-in-production.pdf"
#define BUILDS "align/builds.pdf"

static int align(const char *video, const char *pdf, dx_align_result *r, char **err)
{
        char *v = fixture(video), *p = fixture(pdf);
        int rc = dx_align(v, p, NULL, r, err);

        free(v);
        free(p);
        return rc;
}

static void camera_only(void)
{
        dx_align_result r;
        char *err = NULL;

        CHECK_INT(align("align/camera-only.mp4", SRE, &r, &err), 0);
        CHECK_STR(err, NULL);
        CHECK_INT(r.status, DX_ALIGN_NOT_SHOWN);
        CHECK_INT(r.nspans, 0);
        CHECK_NEAR(r.duration, 30.0, 0.2);
        CHECK_INT(r.pages, 10);
        /* keyframes only: nothing is on screen to place a change of */
        CHECK(r.frames_decoded < 150);
        dx_align_result_release(&r);
}

/* The 100 days of SRE recording against another talk's deck with the same
 * template (header bar, bullets, footer). */
static void wrong_deck(void)
{
        dx_align_result r;
        char *err = NULL;

        CHECK_INT(align("align/full-frame.mp4", DOCKER, &r, &err), 0);
        CHECK_INT(r.status, DX_ALIGN_NOT_SHOWN);
        CHECK_INT(r.nspans, 0);
        dx_align_result_release(&r);
}

/* builds.pdf: page 11 is page 1 again; pages 2-5 are builds of one slide
 * and stay apart. */
static void identical_pages(void)
{
        dx_align_result r;
        char *err = NULL;
        double iv[64][2], iv11[64][2];

        CHECK_INT(align("align/revisits.mp4", BUILDS, &r, &err), 0);
        CHECK_INT(r.status, DX_ALIGN_SHOWN);
        CHECK_INT(r.pages, 11);
        CHECK_INT(r.same_as[10], 1);
        for (int p = 1; p <= 10; p++) {
                CHECK_ROW("page %d", p);
                CHECK_INT(r.same_as[p - 1], p);
        }
        CHECK_ROW("%s", "");
        /* page 1 and page 11 have the same times */
        size_t n = dx_align_on_screen(&r, 1, iv, 64), n11 = dx_align_on_screen(&r, 11, iv11, 64);
        CHECK_INT(n, n11);
        for (size_t i = 0; i < n && i < n11; i++) {
                CHECK_NEAR(iv[i][0], iv11[i][0], 1e-9);
                CHECK_NEAR(iv[i][1], iv11[i][1], 1e-9);
        }
        /* in revisits.truth page 1 opens the talk and comes back at 65 s,
         * page 11 at 58-65 s and 95-103 s and 107-116 s */
        CHECK(n >= 3);
        if (n >= 2) {
                CHECK_NEAR(iv[0][0], 0.0, 1e-9);
                CHECK_NEAR(iv[0][1], 2.5, 0.2);
                CHECK_NEAR(iv[1][0], 58.0, 0.2);
                CHECK_NEAR(iv[1][1], 70.0, 0.2);
        }
        /* spans are in time order and inside the recording */
        for (size_t i = 0; i < r.nspans; i++) {
                CHECK_ROW("span %zu", i);
                CHECK(r.spans[i].start_s < r.spans[i].end_s);
                CHECK(i == 0 || r.spans[i].start_s >= r.spans[i - 1].end_s - 1e-9);
                CHECK(r.spans[i].end_s <= r.duration + 1e-6);
                CHECK(r.spans[i].confidence > 0.5 && r.spans[i].confidence <= 1.0);
        }
        CHECK_ROW("%s", "");
        CHECK_INT(dx_align_on_screen(&r, 0, iv, 64), 0);
        CHECK_INT(dx_align_on_screen(&r, 12, iv, 64), 0);
        CHECK_INT(dx_align_on_screen(NULL, 1, iv, 64), 0);
        dx_align_result_release(&r);
        dx_align_result_release(NULL);
}

/* The slide at 70 % of a 1280x720 frame, its corner at (330, 150). */
static void slide_area(void)
{
        dx_align_result r;
        char *err = NULL;

        CHECK_INT(align("align/scaled-offset.mp4",
                        "archive/2020-01-doxlon/"
                        "continuous-delivery-at-spotify.pdf",
                        &r, &err),
                  0);
        CHECK_NEAR(r.area[0], 330.0 / 1280, 2.0 / 1280);
        CHECK_NEAR(r.area[1], 150.0 / 720, 2.0 / 720);
        CHECK_NEAR(r.area[2], 0.7, 0.004);
        CHECK_NEAR(r.area[3], 0.7, 0.004);
        CHECK(r.keyframes >= 15 && r.keyframes <= 16);
        dx_align_result_release(&r);
}

static void errors(void)
{
        static const struct {
                const char *video, *pdf, *culprit, *reason;
        } cases[] = {
            {"align/no-such.mp4", SRE, "align/no-such.mp4", "cannot open recording"},
            {"archive/2016-03-doxlon/monitoring-microservices.m4a",
             "archive/2016-03-doxlon/monitoring-microservices.pdf", "monitoring-microservices.m4a",
             "no video stream"},
            {"bad/archive/2021-05-bad/not-a-video.mp4", SRE, "not-a-video.mp4",
             "cannot open recording"},
            {"align/full-frame.mp4", "bad/archive/2021-05-bad/not-a-pdf.pdf", "not-a-pdf.pdf",
             "damaged PDF"},
            {"align/full-frame.mp4", "bad/archive/2021-05-bad/zero-pages.pdf", "zero-pages.pdf",
             "PDF has no pages"},
            {"align/full-frame.mp4", "align/no-such.pdf", "align/no-such.pdf", "no-such.pdf"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                dx_align_result r;
                char *err = NULL;
                CHECK_ROW("%s + %s", cases[i].video, cases[i].pdf);
                CHECK(align(cases[i].video, cases[i].pdf, &r, &err) < 0);
                CHECK_HAS(err, cases[i].culprit);
                CHECK_HAS(err, cases[i].reason);
                CHECK_INT(r.nspans, 0);
                CHECK(r.spans == NULL && r.same_as == NULL);
                free(err);
        }
        CHECK_ROW("%s", "");
}

/* A playlist named like a recording must not make the aligner read the
 * files it lists: only demuxers that read the file itself are allowed. */
static void playlist_refused(void)
{
        char dir[] = "/tmp/dx-align-XXXXXX";
        dx_align_result r;
        char *err = NULL;

        if (!CHECK(mkdtemp(dir) != NULL))
                return;
        char *video = dx_path_join(dir, "talk.mp4"), *target = fixture("align/full-frame.mp4");
        char *pdf = fixture(SRE);
        FILE *f = fopen(video, "w");
        if (CHECK(f != NULL)) {
                fprintf(f,
                        "#EXTM3U\n#EXT-X-TARGETDURATION:150\n#EXTINF:150,\nfile:%s\n"
                        "#EXT-X-ENDLIST\n",
                        target);
                fclose(f);
        }
        CHECK(dx_align(video, pdf, NULL, &r, &err) < 0);
        CHECK_HAS(err, "talk.mp4");
        CHECK_HAS(err, "cannot open recording");
        free(err);
        unlink(video);
        rmdir(dir);
        free(video);
        free(target);
        free(pdf);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"camera_only", camera_only},
            {"wrong_deck", wrong_deck},
            {"identical_pages", identical_pages},
            {"slide_area", slide_area},
            {"errors", errors},
            {"playlist_refused", playlist_refused},
        };
        if (argc < 2) {
                fprintf(stderr, "usage: test_align FIXTURES [GROUP...]\n");
                return 2;
        }
        fixtures = argv[1];
        return check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
}
