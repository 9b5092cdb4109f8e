/*
 * fuzz_manifest.c - libFuzzer target for the event.json reader and its
 * path resolution (indexer/ingest/catalog.c).  Once, it builds a small
 * archive beside a folder outside it: an event with recordings, slides,
 * captions, a subfolder, and symlinks that stay inside, lead outside (to a
 * file and to a folder), dangle, and loop.  Each input becomes that
 * event's event.json and the archive is scanned.  Whatever the manifest
 * says (JSON of any shape, paths with "..", absolute ones, NUL bytes,
 * names of the symlinks), the plan must only hold files that resolve
 * inside the archive, talks must point at files of the right kind, and
 * text must be valid UTF-8; never a crash, a leak or undefined behaviour.
 *
 * Build with -DDX_FUZZ=ON (clang); run:
 *   fuzz_manifest -max_total_time=60 tests/fuzz/corpus-manifest
 */
#include "dx_ingest.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* /tmp/dx-fuzz-manifest-XXXXXX/archive and its event.json */
static char base[] = "/tmp/dx-fuzz-manifest-XXXXXX", root[64], manifest[128];

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb, (void)flag, (void)ftw;
        return remove(p);
}

/* The archive goes when the fuzzer (or the replay) exits. */
static void remove_archive(void)
{
        nftw(base, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void make(const char *rel, const char *text)
{
        char p[256];
        FILE *f;

        snprintf(p, sizeof(p), "%s/%s", root, rel);
        if (!(f = fopen(p, "w")) || fputs(text, f) < 0 || fclose(f))
                abort();
}

static void link_to(const char *target, const char *rel)
{
        char p[256];

        snprintf(p, sizeof(p), "%s/%s", root, rel);
        if (symlink(target, p))
                abort();
}

static void sub(const char *rel)
{
        char p[256];

        snprintf(p, sizeof(p), "%s/%s", root, rel);
        if (mkdir(p, 0755))
                abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        char outside[64];

        (void)argc;
        (void)argv;
        if (!mkdtemp(base))
                abort();
        atexit(remove_archive);
        /* base/outside/: what no manifest may reach; base/archive/: the root */
        snprintf(outside, sizeof(outside), "%s/outside", base);
        snprintf(root, sizeof(root), "%s/archive", base);
        if (mkdir(outside, 0755) || mkdir(root, 0755))
                abort();
        snprintf(manifest, sizeof(manifest), "%s/outside/secret.mp4", base);
        if (close(open(manifest, O_CREAT | O_WRONLY, 0644)))
                abort();
        sub("2024-05-event");
        sub("2024-05-event/more");
        make("2024-05-event/talk-one.mp4", "");
        make("2024-05-event/talk-one.pdf", "");
        make("2024-05-event/talk-one.en.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n");
        make("2024-05-event/talk-two.m4a", "");
        make("2024-05-event/talk two.vtt", "WEBVTT\n");
        make("2024-05-event/more/deep.mkv", "");
        make("2024-05-event/more/deep.pdf", "");
        make("2024-05-event/notes.txt", "");
        link_to("talk-one.mp4", "2024-05-event/inside-link.mp4");
        link_to(manifest, "2024-05-event/outside-link.mp4");
        link_to("../../outside", "2024-05-event/outside-dir");
        link_to("missing.pdf", "2024-05-event/dangling.pdf");
        link_to("loop.mp4", "2024-05-event/loop.mp4");
        link_to("..", "2024-05-event/more/up");
        snprintf(manifest, sizeof(manifest), "%s/2024-05-event/event.json", root);
        return 0;
}

static void ignore(void *ud, dx_note_level lvl, const char *path, const char *msg)
{
        (void)ud, (void)lvl, (void)path, (void)msg;
}

static int text_ok(const char *s)
{
        return !s || dx_utf8_valid(s, strlen(s));
}

/* Index i names a file of the event of one of the kinds given. */
static int file_ok(const dx_event_plan *ev, int i, dx_kind a, dx_kind b)
{
        return i == -1 || (i >= 0 && (size_t)i < ev->nfiles &&
                           (ev->files[i].kind == a || ev->files[i].kind == b));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
        dx_catalog cat = {0};
        char *err = NULL;
        int fd = open(manifest, O_CREAT | O_TRUNC | O_WRONLY, 0644);

        if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd))
                abort();
        if (dx_catalog_scan(root, ignore, NULL, &cat, &err) != 0)
                abort(); /* the archive itself is readable */
        for (size_t e = 0; e < cat.nevents; e++) {
                const dx_event_plan *ev = &cat.events[e];

                if (!text_ok(ev->name) || !text_ok(ev->date) || !text_ok(ev->description))
                        abort();
                for (size_t i = 0; i < ev->nfiles; i++) {
                        const dx_file *f = &ev->files[i];
                        char *real = realpath(f->abs, NULL);

                        /* a file of the plan is inside the archive, or gone */
                        if (f->rel[0] == '/' || strstr(f->rel, "../") ||
                            (real && !dx_path_inside(cat.real_root, real)))
                                abort();
                        free(real);
                }
                for (size_t t = 0; t < ev->ntalks; t++) {
                        const dx_talk_plan *tp = &ev->talks[t];

                        if (!tp->slug || !tp->slug[0] || !text_ok(tp->title) ||
                            !text_ok(tp->abstract) || !text_ok(tp->room) ||
                            tp->nspeakers > DX_SPEAKERS_MAX ||
                            !file_ok(ev, tp->video, DX_KIND_VIDEO, DX_KIND_AUDIO) ||
                            !file_ok(ev, tp->slides, DX_KIND_SLIDES, DX_KIND_SLIDES))
                                abort();
                        for (size_t k = 0; k < tp->ntags; k++)
                                if (!text_ok(tp->tags[k]))
                                        abort();
                        for (size_t k = 0; k < tp->nspeakers; k++)
                                if (!text_ok(tp->speakers[k].name) ||
                                    strlen(tp->speakers[k].name ? tp->speakers[k].name : "") >
                                        DX_SPEAKER_MAX_TEXT)
                                        abort();
                        for (size_t k = 0; k < tp->ncaptions; k++)
                                if (!file_ok(ev, tp->captions[k], DX_KIND_CAPTIONS,
                                             DX_KIND_CAPTIONS))
                                        abort();
                }
        }
        dx_catalog_release(&cat);
        free(err);
        return 0;
}
