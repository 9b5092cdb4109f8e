/*
 * test_probe.c - unit tests for probe.c on every fixture recording:
 * durations within 50 ms of fixtures/README.md, container, streams, tags
 * and chapters; audio-only files; and the error for each bad file.
 * Usage: test_probe FIXTURES [GROUP...]
 */
#include "check.h"
#include "dx_media.h"

#include <math.h>

#define TOL 0.050 /* seconds: the issue asks for durations within 50 ms */

static const char *fixtures;

static char *fixture(const char *rel)
{
        return dx_path_join(fixtures, rel);
}

#define MP4 "mov,mp4,m4a,3gp,3g2,mj2"

/* Recordings that probe cleanly (rc 0) or with a notice (rc 1). */
static const struct {
        const char *file;
        int rc;
        double duration;
        const char *container;
        int video; /* 1: an H.264 320x180 video stream */
        const char *audio_codec;
        int sample_rate;
        const char *title, *artist;
        size_t nchapters;
} recordings[] = {
    {"archive/2020-01-doxlon/100-days-of-sre.mp4", 0, 300.0, MP4, 1, "aac", 16000,
     "100 days of SRE", "Mark Knoop", 3},
    {"archive/2020-01-doxlon/continuous-delivery-at-spotify.mp4", 0, 420.0, MP4, 1, "aac", 16000,
     "Continuous Delivery at Spotify", "Slava Kalmykov", 0},
    {"archive/2016-03-doxlon/docker-in-production.mkv", 0, 360.0, "matroska,webm", 1, "aac", 16000,
     "Docker in Production", "Jane Ironside", 2},
    {"archive/2016-03-doxlon/monitoring-microservices.m4a", 0, 240.0, MP4, 0, "aac", 16000,
     "Monitoring Microservices", "Priya Raman", 0},
    {"archive/2016-03-doxlon/chaos-engineering.mp4", 0, 180.0, MP4, 1, "aac", 16000,
     "Chaos Engineering Lightning Talk", "Tom\xc3\xa1s \xc3\x93 Briain", 0},
    {"archive/2023-06-15-doxlon/platform-engineering.mp4", 0, 330.0, MP4, 1, "aac", 16000,
     "Platform Engineering Is Product Management", "Ana M\xc3\xbcller", 0},
    {"archive/2023-06-15-doxlon/gitops-in-practice.opus", 0, 200.0065, "ogg", 0, "opus", 48000,
     "GitOps in Practice", "Sam O'Neill", 0},
    {"bad/archive/2021-05-bad/good-talk.mp4", 0, 60.0, MP4, 1, "aac", 16000,
     "Good Talk Among Bad Files", "Rita Good", 0},
    {"bad/broken-manifest/2021-06-broken/talk.mp4", 0, 45.0, MP4, 1, "aac", 16000,
     "Queues Under Pressure", "Dana Broke", 0},
    /* tags in Latin-1: converted, and said so (rc 1) */
    {"bad/archive/2021-05-bad/latin1-tags.mp4", 1, 30.0, MP4, 1, "aac", 16000,
     "Caf\xc3\xa9 Ops \xc3\xa0 Londres",
     "Jos\xc3\xa9 Garc\xc3\xad"
     "a",
     0},
    /* the header is intact and says 60 s; the data is cut (rc 1) */
    {"bad/archive/2021-05-bad/truncated-faststart.mp4", 1, 60.0, MP4, 1, "aac", 16000, NULL, NULL,
     0},
};

static const dx_stream *stream_of(const dx_media *m, const char *kind)
{
        for (size_t i = 0; i < m->nstreams; i++)
                if (m->streams[i].kind && strcmp(m->streams[i].kind, kind) == 0)
                        return &m->streams[i];
        return NULL;
}

static size_t count_kind(const dx_media *m, const char *kind)
{
        size_t n = 0;

        for (size_t i = 0; i < m->nstreams; i++)
                n += m->streams[i].kind && strcmp(m->streams[i].kind, kind) == 0;
        return n;
}

static void test_recordings(void)
{
        for (size_t i = 0; i < sizeof(recordings) / sizeof(recordings[0]); i++) {
                char *path = fixture(recordings[i].file);
                char *err = NULL, *warn = NULL;
                dx_media m;
                int rc = dx_probe(path, &m, &err, &warn);
                const dx_stream *v, *a;

                CHECK_ROW("%s (err: %s)", recordings[i].file, err ? err : "none");
                CHECK_INT(rc, recordings[i].rc);
                if (recordings[i].rc == 0)
                        CHECK(err == NULL);
                else
                        CHECK(err != NULL);
                CHECK_NEAR(m.duration, recordings[i].duration, TOL);
                CHECK_STR(m.container, recordings[i].container);
                CHECK(m.bit_rate > 0);

                v = stream_of(&m, "video");
                a = stream_of(&m, "audio");
                CHECK_INT(count_kind(&m, "video"), recordings[i].video);
                CHECK_INT(count_kind(&m, "audio"), 1);
                if (recordings[i].video && CHECK(v != NULL)) {
                        CHECK_STR(v->codec, "h264");
                        CHECK_INT(v->width, 320);
                        CHECK_INT(v->height, 180);
                        CHECK_NEAR(v->fps, 1.0, 0.01);
                }
                if (CHECK(a != NULL)) {
                        CHECK_STR(a->codec, recordings[i].audio_codec);
                        CHECK_INT(a->channels, 1);
                        CHECK_INT(a->sample_rate, recordings[i].sample_rate);
                        CHECK_INT(a->width, 0);
                }
                for (size_t s = 0; s < m.nstreams; s++)
                        CHECK_INT(m.streams[s].index, s);

                if (recordings[i].title) {
                        CHECK_STR(dx_media_tag(&m, "title"), recordings[i].title);
                        CHECK_STR(dx_media_tag(&m, "artist"), recordings[i].artist);
                        /* keys match case-insensitively (Matroska has ARTIST) */
                        CHECK_STR(dx_media_tag(&m, "ARTIST"), recordings[i].artist);
                }
                CHECK(dx_media_tag(&m, "no-such-tag") == NULL);
                for (size_t t = 0; t < m.ntags; t++)
                        CHECK(dx_utf8_valid(m.tags[t].key, strlen(m.tags[t].key)) &&
                              dx_utf8_valid(m.tags[t].value, strlen(m.tags[t].value)));
                CHECK_INT(m.nchapters, recordings[i].nchapters);

                dx_media_release(&m);
                CHECK(m.streams == NULL && m.nstreams == 0 && m.container == NULL);
                dx_media_release(&m); /* released twice: harmless */
                free(err);
                free(warn);
                free(path);
        }
}

/* Chapters: title, start and end (README: "Why SRE" 0-60, ...). */
static const struct {
        const char *file;
        size_t pos;
        const char *title;
        double start, end;
} chapters[] = {
    {"archive/2020-01-doxlon/100-days-of-sre.mp4", 0, "Why SRE", 0, 60},
    {"archive/2020-01-doxlon/100-days-of-sre.mp4", 1, "The first 100 days", 60, 240},
    {"archive/2020-01-doxlon/100-days-of-sre.mp4", 2, "Lessons", 240, 300},
    {"archive/2016-03-doxlon/docker-in-production.mkv", 0, "Containers", 0, 180},
    {"archive/2016-03-doxlon/docker-in-production.mkv", 1, "Orchestration", 180, 360},
};

static void test_chapters(void)
{
        for (size_t i = 0; i < sizeof(chapters) / sizeof(chapters[0]); i++) {
                char *path = fixture(chapters[i].file);
                char *err = NULL, *warn = NULL;
                dx_media m;

                CHECK_ROW("%s chapter %zu", chapters[i].file, chapters[i].pos + 1);
                CHECK_INT(dx_probe(path, &m, &err, &warn), 0);
                if (CHECK(m.nchapters > chapters[i].pos)) {
                        const dx_chapter *c = &m.chapters[chapters[i].pos];
                        CHECK_STR(c->title, chapters[i].title);
                        CHECK_NEAR(c->start, chapters[i].start, TOL);
                        CHECK_NEAR(c->end, chapters[i].end, TOL);
                }
                dx_media_release(&m);
                free(err);
                free(warn);
                free(path);
        }
}

/* The MP4 chapters are stored twice by ffmpeg: a third stream, data. */
static void test_mp4_chapter_track(void)
{
        char *path = fixture("archive/2020-01-doxlon/100-days-of-sre.mp4");
        char *err = NULL, *warn = NULL;
        dx_media m;

        CHECK_INT(dx_probe(path, &m, &err, &warn), 0);
        CHECK_INT(m.nstreams, 3);
        CHECK_INT(count_kind(&m, "data"), 1);
        CHECK_STR(dx_media_tag(&m, "comment"),
                  "Starting an SRE practice at Worldpay: SLOs, error budgets and toil.");
        CHECK_STR(dx_media_tag(&m, "date"), "2020-01-28");
        dx_media_release(&m);
        free(path);
        free(err);
        free(warn);

        /* Ogg Opus keeps its comments on the stream */
        path = fixture("archive/2023-06-15-doxlon/gitops-in-practice.opus");
        CHECK_INT(dx_probe(path, &m, &err, &warn), 0);
        CHECK_INT(m.nstreams, 1);
        CHECK_STR(dx_media_tag(&m, "comment"), "Argo CD, Flux and pull-based deployment.");
        dx_media_release(&m);
        free(path);
        free(err);
        free(warn);
}

static void test_notices(void)
{
        char *path = fixture("bad/archive/2021-05-bad/truncated-faststart.mp4");
        char *err = NULL, *warn = NULL;
        dx_media m;

        CHECK_INT(dx_probe(path, &m, &err, &warn), 1);
        CHECK_HAS(err, "truncated");
        dx_media_release(&m);
        free(path);
        free(err);
        free(warn);

        path = fixture("bad/archive/2021-05-bad/latin1-tags.mp4");
        err = warn = NULL;
        CHECK_INT(dx_probe(path, &m, &err, &warn), 1);
        CHECK_HAS(err, "UTF-8");
        CHECK_STR(dx_media_tag(&m, "title"), "Caf\xc3\xa9 Ops \xc3\xa0 Londres");
        dx_media_release(&m);
        free(path);
        free(err);
        free(warn);
}

/* Files that are no recording: rc < 0, nothing filled, a reason. */
static const struct {
        const char *file;
        const char *reason;
} bad[] = {
    {"bad/archive/2021-05-bad/zero-byte.mp4", "empty file"},
    {"bad/archive/2021-05-bad/not-a-video.mp4", "not an audio or video file"},
    {"bad/archive/2021-05-bad/truncated.mp4", "moov atom not found"},
    {"archive/2020-01-doxlon/event.json", "not an audio or video file"},
    {"archive/2020-01-doxlon/100-days-of-sre.pdf", ""},
    {"archive/2020-01-doxlon", "Is a directory"},
    {"archive/no-such-file.mp4", "No such file or directory"},
};

static void test_bad(void)
{
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                char *path = fixture(bad[i].file);
                char *err = NULL, *warn = (char *)"unset";
                dx_media m;
                int rc = dx_probe(path, &m, &err, &warn);

                CHECK_ROW("%s (err: %s)", bad[i].file, err ? err : "none");
                CHECK(rc < 0);
                CHECK(err != NULL && *err);
                CHECK_HAS(err, bad[i].reason);
                CHECK(warn == NULL);
                CHECK(m.nstreams == 0 && m.streams == NULL && m.ntags == 0 && m.nchapters == 0);
                CHECK(m.container == NULL);
                dx_media_release(&m);
                free(err);
                free(path);
        }
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"recordings", test_recordings},
            {"chapters", test_chapters},
            {"mp4_chapter_track", test_mp4_chapter_track},
            {"notices", test_notices},
            {"bad", test_bad},
        };

        if (argc < 2) {
                fprintf(stderr, "usage: %s FIXTURES [GROUP...]\n", argv[0]);
                return 2;
        }
        fixtures = argv[1];
        return check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
}
