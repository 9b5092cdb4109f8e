/*
 * test_render.c - unit tests for thumbs.c, poster.c and postings.c on the
 * fixtures: a thumbnail per page at the width asked for, a poster frame
 * that is a picture (not one flat colour) at its width, the reasons given
 * for files that cannot be rendered, and the index's words read out in
 * term order with the field and position FTS5 gave them.
 * Usage: test_render FIXTURES [GROUP...]
 */
#include "check.h"
#include "dx_media.h"

#include <cairo.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fixtures;
static char tmpdir[] = "/tmp/dx-test-render.XXXXXX";

static char *fixture(const char *rel)
{
        return dx_path_join(fixtures, rel);
}

/* Width and height of a PNG, and whether its pixels are not all alike. */
static int png_info(const char *path, int *w, int *h, int *varied)
{
        cairo_surface_t *s = cairo_image_surface_create_from_png(path);
        int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;

        *w = *h = *varied = 0;
        if (ok) {
                const unsigned char *d = cairo_image_surface_get_data(s);
                int stride = cairo_image_surface_get_stride(s);
                uint32_t first;

                *w = cairo_image_surface_get_width(s);
                *h = cairo_image_surface_get_height(s);
                memcpy(&first, d, 4);
                for (int y = 0; y < *h && !*varied; y++)
                        for (int x = 0; x < *w && !*varied; x++) {
                                uint32_t px;

                                memcpy(&px, d + y * stride + x * 4, 4);
                                *varied = (px & 0xffffff) != (first & 0xffffff);
                        }
        }
        cairo_surface_destroy(s);
        return ok;
}

static const struct {
        const char *pdf;
        int pages;
} decks[] = {
    {"archive/2020-01-doxlon/continuous-delivery-at-spotify.pdf", 12},
    {"archive/2023-06-15-doxlon/finops-lightning.pdf", 5},
    {"bad/archive/2021-05-bad/image-only.pdf", 2},
};

static void test_thumbs(void)
{
        for (size_t i = 0; i < sizeof(decks) / sizeof(decks[0]); i++) {
                char *pdf = fixture(decks[i].pdf), *dir = dx_asprintf("%s/deck%zu", tmpdir, i);
                char *err = NULL;
                int pages = -1;

                CHECK_ROW("%s", decks[i].pdf);
                CHECK(mkdir(dir, 0777) == 0);
                CHECK_INT(dx_render_slides(pdf, -1, 200, dir, &pages, &err), 0);
                CHECK(err == NULL);
                CHECK_INT(pages, decks[i].pages);
                for (int p = 1; p <= pages + 1; p++) {
                        char *png = dx_asprintf("%s/%d.png", dir, p);
                        int w, h, varied;

                        if (p <= pages) {
                                CHECK(png_info(png, &w, &h, &varied));
                                CHECK_INT(w, 200);
                                CHECK(h > 50 && h < 400);
                                CHECK(varied);
                        } else {
                                CHECK(access(png, F_OK) != 0);
                        }
                        free(png);
                }
                free(err);
                free(dir);
                free(pdf);
        }
        CHECK_ROW("%s", "");
}

static const struct {
        const char *file, *why;
} bad_decks[] = {
    {"bad/archive/2021-05-bad/not-a-pdf.pdf", "damaged PDF"},
    {"bad/archive/2021-05-bad/encrypted.pdf", "encrypted PDF"},
    {"bad/archive/2021-05-bad/no-such-file.pdf", "cannot read"},
};

static void test_bad_decks(void)
{
        for (size_t i = 0; i < sizeof(bad_decks) / sizeof(bad_decks[0]); i++) {
                char *pdf = fixture(bad_decks[i].file), *err = NULL;
                int pages = -1;

                CHECK_ROW("%s", bad_decks[i].file);
                CHECK(dx_render_slides(pdf, -1, 320, tmpdir, &pages, &err) < 0);
                CHECK_HAS(err, bad_decks[i].why);
                CHECK_INT(pages, 0);
                free(err);
                free(pdf);
        }
        CHECK_ROW("%s", "");
}

static void test_poster(void)
{
        char *mp4 = fixture("archive/2020-01-doxlon/100-days-of-sre.mp4");
        char *mkv = fixture("archive/2016-03-doxlon/docker-in-production.mkv");
        char *m4a = fixture("archive/2016-03-doxlon/monitoring-microservices.m4a");
        char *bad = fixture("bad/archive/2021-05-bad/not-a-video.mp4");
        char *out = dx_asprintf("%s/poster.png", tmpdir), *err = NULL;
        int w, h, varied;

        CHECK_INT(dx_render_poster(mp4, 0.1, 640, out, &err), 0);
        CHECK(err == NULL);
        CHECK(png_info(out, &w, &h, &varied));
        CHECK_INT(w, 640);
        CHECK_INT(h, 360); /* the fixture is 16:9 */
        CHECK(varied);
        CHECK(unlink(out) == 0);
        CHECK_INT(dx_render_poster(mkv, 0.5, 320, out, &err), 0);
        CHECK(png_info(out, &w, &h, &varied) && w == 320);
        CHECK(dx_render_poster(m4a, 0.1, 640, out, &err) < 0);
        CHECK_HAS(err, "no video stream");
        free(err);
        err = NULL;
        CHECK(dx_render_poster(bad, 0.1, 640, out, &err) < 0);
        CHECK(err != NULL && *err);
        free(err);
        free(out);
        free(bad);
        free(m4a);
        free(mkv);
        free(mp4);
}

typedef struct walk {
        char last[128];
        size_t n, out_of_order, bad_field, tingle;
} walk;

static int on_posting(void *ud, const char *term, const char *talk, dx_field f, int off)
{
        walk *w = ud;

        if (w->n && strcmp(term, w->last) < 0)
                w->out_of_order++;
        snprintf(w->last, sizeof(w->last), "%s", term);
        if (f < DX_FIELD_TITLE || f >= DX_FIELD_COUNT || off < 0)
                w->bad_field++;
        /* "Tingle" is on one slide of one talk only */
        if (strcmp(term, "tingl") == 0) {
                w->tingle++;
                CHECK_STR(talk, "2020-01-doxlon_continuous-delivery-at-spotify");
                CHECK_INT(f, DX_FIELD_SLIDES);
        }
        w->n++;
        return 0;
}

static int stop_at_ten(void *ud, const char *term, const char *talk, dx_field f, int off)
{
        return ++*(int *)ud == 10 ? 42 : 0;
}

static void test_postings(void)
{
        char *db = dx_asprintf("%s/index.db", tmpdir), *arch = fixture("archive"), *err = NULL;
        dx_index *idx = NULL;
        dx_ingest_opts o = {.jobs = 1, .no_align = 1}; /* postings and sources need no timeline */
        dx_ingest_stats st;
        dx_sources src;
        walk w = {{0}, 0, 0, 0, 0};
        int n = 0;

        CHECK_INT(dx_index_open(&idx, db, DX_OPEN_WRITE, &err), 0);
        CHECK_INT(dx_ingest(idx, arch, &o, &st), 0);
        CHECK_INT(dx_index_postings(idx, on_posting, &w), 0);
        CHECK(w.n > 1000);
        CHECK_INT(w.out_of_order, 0);
        CHECK_INT(w.bad_field, 0);
        CHECK(w.tingle >= 1);
        CHECK_INT(dx_index_postings(idx, stop_at_ten, &n), 42);
        CHECK_INT(n, 10);

        CHECK_INT(dx_talk_sources(idx, "2020-01-doxlon_100-days-of-sre", &src), 0);
        CHECK_STR(src.slides, "2020-01-doxlon/100-days-of-sre.pdf");
        CHECK_STR(src.video_kind, "video");
        CHECK(src.root && src.root[0] == '/');
        CHECK(src.slides_hash && strlen(src.slides_hash) >= 8);
        dx_sources_release(&src);
        CHECK_INT(dx_talk_sources(idx, "2016-03-doxlon_monitoring-microservices", &src), 0);
        CHECK_STR(src.video_kind, "audio");
        dx_sources_release(&src);
        CHECK_INT(dx_talk_sources(idx, "no-such-talk", &src), DX_ENOTFOUND);
        dx_index_close(&idx);
        free(err);
        free(arch);
        free(db);
}

static int rm_all(void)
{
        char *cmd = dx_asprintf("rm -rf '%s'", tmpdir);
        int rc = system(cmd);

        free(cmd);
        return rc;
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"thumbs", test_thumbs},
            {"bad_decks", test_bad_decks},
            {"poster", test_poster},
            {"postings", test_postings},
        };
        int rc;

        if (argc < 2) {
                fprintf(stderr, "usage: %s FIXTURES [GROUP...]\n", argv[0]);
                return 2;
        }
        fixtures = argv[1];
        if (!mkdtemp(tmpdir)) {
                perror("mkdtemp");
                return 2;
        }
        rc = check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
        rm_all();
        return rc;
}
