/*
 * test_catalog.c - unit tests for catalog.c: the fixture archive (events,
 * talks, manifest and base-name pairing, slugs), refused paths in
 * bad/escape, the broken manifest, a single event folder, and manifests
 * and folder layouts built in a temporary folder.
 * Usage: test_catalog FIXTURES [GROUP...]
 */
#include "check.h"
#include "dx_ingest.h"

#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fixtures;

/* ---- collecting notes ------------------------------------------------------ */

typedef struct note {
        dx_note_level level;
        char *path, *msg;
} note;

typedef struct notes {
        note v[64];
        size_t n;
} notes;

static void on_note(void *ud, dx_note_level level, const char *path, const char *msg)
{
        notes *ns = ud;

        if (ns->n < sizeof(ns->v) / sizeof(ns->v[0])) {
                ns->v[ns->n].level = level;
                ns->v[ns->n].path = dx_strdup(path);
                ns->v[ns->n].msg = dx_strdup(msg);
                ns->n++;
        }
}

static void notes_release(notes *ns)
{
        for (size_t i = 0; i < ns->n; i++) {
                free(ns->v[i].path);
                free(ns->v[i].msg);
        }
        ns->n = 0;
}

static void notes_print(const notes *ns)
{
        for (size_t i = 0; i < ns->n; i++)
                fprintf(stderr, "    note %zu: %s: %s: %s\n", i,
                        ns->v[i].level == DX_NOTE_ERROR     ? "error"
                        : ns->v[i].level == DX_NOTE_WARNING ? "warning"
                                                            : "info",
                        ns->v[i].path, ns->v[i].msg);
}

/* How many notes mention s in their path or message. */
static size_t notes_mentioning(const notes *ns, const char *s)
{
        size_t n = 0;

        for (size_t i = 0; i < ns->n; i++)
                n += strstr(ns->v[i].path, s) || strstr(ns->v[i].msg, s);
        return n;
}

/* The first note whose path ends with suffix, or NULL. */
static const note *note_for(const notes *ns, const char *suffix)
{
        for (size_t i = 0; i < ns->n; i++) {
                size_t lp = strlen(ns->v[i].path), ls = strlen(suffix);
                if (lp >= ls && strcmp(ns->v[i].path + lp - ls, suffix) == 0)
                        return &ns->v[i];
        }
        return NULL;
}

/* ---- looking things up in a catalog ----------------------------------------- */

static const dx_event_plan *event_of(const dx_catalog *c, const char *dir)
{
        for (size_t i = 0; i < c->nevents; i++)
                if (strcmp(c->events[i].dir, dir) == 0)
                        return &c->events[i];
        return NULL;
}

static const dx_talk_plan *talk_of(const dx_event_plan *ev, const char *slug)
{
        for (size_t i = 0; ev && i < ev->ntalks; i++)
                if (strcmp(ev->talks[i].slug, slug) == 0)
                        return &ev->talks[i];
        return NULL;
}

static const dx_talk_plan *talk_titled(const dx_event_plan *ev, const char *title)
{
        for (size_t i = 0; ev && i < ev->ntalks; i++)
                if (ev->talks[i].title && strcmp(ev->talks[i].title, title) == 0)
                        return &ev->talks[i];
        return NULL;
}

static const char *file_rel(const dx_event_plan *ev, int idx)
{
        return idx >= 0 && (size_t)idx < ev->nfiles ? ev->files[idx].rel : NULL;
}

/* ---- the fixture archive ---------------------------------------------------- */

static const struct {
        const char *dir, *name, *date;
        size_t nvenues, ntalks, nfiles;
        const char *venue0;
} archive_events[] = {
    {"2016-03-doxlon", "DevOps Exchange London - March 2016", "2016-03-22", 1, 3, 6,
     "Skills Matter CodeNode"},
    {"2020-01-doxlon", "DevOps Exchange London - January 2020", "2020-01-28", 2, 2, 5,
     "Worldpay HQ"},
    /* no event.json: named by its folder, dated by its name */
    {"2023-06-15-doxlon", "2023-06-15-doxlon", "2023-06-15", 0, 3, 5, NULL},
};

static const struct {
        const char *dir, *slug;
        const char *title; /* from the manifest; NULL: none */
        const char *video, *slides;
        const char *speaker, *role, *company;
} archive_talks[] = {
    {"2016-03-doxlon", "docker-in-production", "Docker in Production",
     "2016-03-doxlon/docker-in-production.mkv", "2016-03-doxlon/docker-in-production.pdf",
     "Jane Ironside", "Platform Engineer", "Acme Payments"},
    {"2016-03-doxlon", "monitoring-microservices", "Monitoring Microservices",
     "2016-03-doxlon/monitoring-microservices.m4a", "2016-03-doxlon/monitoring-microservices.pdf",
     "Priya Raman", NULL, "Ocado Technology"},
    {"2016-03-doxlon", "chaos-engineering", "Chaos Engineering Lightning Talk",
     "2016-03-doxlon/chaos-engineering.mp4", NULL, "Tom\xc3\xa1s \xc3\x93 Briain", NULL,
     "Bank of \xc3\x89ire"},
    {"2020-01-doxlon", "100-days-of-sre", "100 days of SRE", "2020-01-doxlon/100-days-of-sre.mp4",
     "2020-01-doxlon/100-days-of-sre.pdf", "Mark Knoop", "SRE Practice Lead", "Worldpay"},
    {"2020-01-doxlon", "continuous-delivery-at-spotify", "Continuous Delivery at Spotify",
     "2020-01-doxlon/continuous-delivery-at-spotify.mp4",
     "2020-01-doxlon/continuous-delivery-at-spotify.pdf", "Slava Kalmykov",
     "Senior Software Engineer", "Spotify"},
    /* paired by base name */
    {"2023-06-15-doxlon", "finops-lightning", NULL, NULL, "2023-06-15-doxlon/finops-lightning.pdf",
     NULL, NULL, NULL},
    {"2023-06-15-doxlon", "gitops-in-practice", NULL, "2023-06-15-doxlon/gitops-in-practice.opus",
     "2023-06-15-doxlon/gitops-in-practice.pdf", NULL, NULL, NULL},
    {"2023-06-15-doxlon", "platform-engineering", NULL,
     "2023-06-15-doxlon/platform-engineering.mp4", "2023-06-15-doxlon/platform-engineering.pdf",
     NULL, NULL, NULL},
};

static void check_archive_talks(const dx_catalog *c)
{
        for (size_t i = 0; i < sizeof(archive_talks) / sizeof(archive_talks[0]); i++) {
                const dx_event_plan *ev = event_of(c, archive_talks[i].dir);
                const dx_talk_plan *tp = talk_of(ev, archive_talks[i].slug);

                CHECK_ROW("talk %s/%s", archive_talks[i].dir, archive_talks[i].slug);
                if (!CHECK(tp != NULL))
                        continue;
                CHECK_STR(tp->title, archive_talks[i].title);
                CHECK_STR(file_rel(ev, tp->video), archive_talks[i].video);
                CHECK_STR(file_rel(ev, tp->slides), archive_talks[i].slides);
                if (archive_talks[i].speaker && CHECK_INT(tp->nspeakers, 1)) {
                        CHECK_STR(tp->speakers[0].name, archive_talks[i].speaker);
                        CHECK_STR(tp->speakers[0].role, archive_talks[i].role);
                        CHECK_STR(tp->speakers[0].company, archive_talks[i].company);
                } else if (!archive_talks[i].speaker) {
                        CHECK_INT(tp->nspeakers, 0);
                }
                if (tp->video >= 0)
                        CHECK(ev->files[tp->video].kind == DX_KIND_VIDEO ||
                              ev->files[tp->video].kind == DX_KIND_AUDIO);
                if (tp->slides >= 0)
                        CHECK(ev->files[tp->slides].kind == DX_KIND_SLIDES);
        }
        check_row[0] = '\0';
}

static void test_archive(void)
{
        char *dir = dx_path_join(fixtures, "archive"), *err = NULL;
        char real[PATH_MAX];
        notes ns = {0};
        dx_catalog c, again;

        CHECK_INT(dx_catalog_scan(dir, on_note, &ns, &c, &err), 0);
        CHECK(err == NULL);
        CHECK_INT(ns.n, 0);
        if (check_failures)
                notes_print(&ns);
        CHECK_INT(c.problems, 0);
        CHECK_INT(c.single_event, 0);
        CHECK_STR(c.root, dir);
        CHECK(realpath(dir, real) != NULL);
        CHECK_STR(c.real_root, real);
        CHECK_INT(c.nevents, 3);
        for (size_t i = 0; i < sizeof(archive_events) / sizeof(archive_events[0]); i++) {
                const dx_event_plan *ev = i < c.nevents ? &c.events[i] : NULL;

                CHECK_ROW("event %s", archive_events[i].dir);
                if (!CHECK(ev != NULL))
                        continue;
                /* events in folder order */
                CHECK_STR(ev->dir, archive_events[i].dir);
                CHECK_STR(ev->slug, archive_events[i].dir);
                CHECK_STR(ev->name, archive_events[i].name);
                CHECK_STR(ev->date, archive_events[i].date);
                CHECK_INT(ev->nvenues, archive_events[i].nvenues);
                if (archive_events[i].venue0 && ev->nvenues)
                        CHECK_STR(ev->venues[0], archive_events[i].venue0);
                CHECK_INT(ev->ntalks, archive_events[i].ntalks);
                CHECK_INT(ev->nfiles, archive_events[i].nfiles);
                CHECK(ev->signature && strlen(ev->signature) == 16);
                for (size_t f = 0; f < ev->nfiles; f++) {
                        struct stat sb;
                        const dx_file *fl = &ev->files[f];

                        CHECK(strncmp(fl->rel, ev->dir, strlen(ev->dir)) == 0);
                        CHECK(stat(fl->abs, &sb) == 0);
                        CHECK_INT(fl->size, sb.st_size);
                        CHECK(fl->mtime_ns > 0);
                }
                /* every talk slug is distinct and valid */
                for (size_t t = 0; t < ev->ntalks; t++) {
                        const char *s = ev->talks[t].slug;
                        CHECK(s && *s &&
                              strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s));
                        for (size_t u = 0; u < t; u++)
                                CHECK(strcmp(ev->talks[u].slug, s) != 0);
                }
        }
        check_row[0] = '\0';
        const dx_event_plan *jan = event_of(&c, "2020-01-doxlon");
        if (CHECK(jan != NULL)) {
                CHECK_HAS(jan->description, "Slava Kalymykov");
                CHECK(jan->nvenues == 2 && strcmp(jan->venues[1], "LinuxRecruit HQ") == 0);
        }
        const dx_event_plan *mar = event_of(&c, "2016-03-doxlon");
        const dx_talk_plan *docker = talk_of(mar, "docker-in-production");
        if (CHECK(docker != NULL)) {
                CHECK_STR(docker->room, "Skills Matter CodeNode");
                CHECK(docker->ntags == 2 && strcmp(docker->tags[0], "docker") == 0 &&
                      strcmp(docker->tags[1], "containers") == 0);
                CHECK_HAS(docker->abstract, "Acme Payments moved its payment APIs");
        }
        check_archive_talks(&c);

        /* the same inputs give the same plan and signatures */
        CHECK_INT(dx_catalog_scan(dir, NULL, NULL, &again, &err), 0);
        if (CHECK_INT(again.nevents, c.nevents))
                for (size_t i = 0; i < c.nevents; i++)
                        CHECK_STR(again.events[i].signature, c.events[i].signature);
        CHECK(strcmp(c.events[0].signature, c.events[1].signature) != 0);
        dx_catalog_release(&again);

        dx_catalog_release(&c);
        CHECK(c.events == NULL && c.nevents == 0);
        dx_catalog_release(&c);
        notes_release(&ns);
        free(dir);
}

static void test_single_event(void)
{
        static const char *const given[] = {"archive/2020-01-doxlon", "archive/2020-01-doxlon/",
                                            "archive/2020-01-doxlon//"};

        for (size_t g = 0; g < sizeof(given) / sizeof(given[0]); g++) {
                char *dir = dx_path_join(fixtures, given[g]), *err = NULL;
                char *root = dx_path_join(fixtures, "archive");
                char real[PATH_MAX];
                notes ns = {0};
                dx_catalog c;

                CHECK_ROW("%s", given[g]);
                CHECK_INT(dx_catalog_scan(dir, on_note, &ns, &c, &err), 0);
                CHECK_INT(ns.n, 0);
                CHECK_INT(c.single_event, 1);
                /* the archive root is the event's parent: ids stay the same */
                CHECK_STR(c.root, root);
                CHECK(realpath(root, real) != NULL);
                CHECK_STR(c.real_root, real);
                if (CHECK_INT(c.nevents, 1)) {
                        CHECK_STR(c.events[0].dir, "2020-01-doxlon");
                        CHECK_STR(c.events[0].slug, "2020-01-doxlon");
                        CHECK_STR(c.events[0].name, "DevOps Exchange London - January 2020");
                        CHECK_INT(c.events[0].ntalks, 2);
                        CHECK(talk_of(&c.events[0], "100-days-of-sre") != NULL);
                        CHECK(talk_of(&c.events[0], "continuous-delivery-at-spotify") != NULL);
                }
                dx_catalog_release(&c);
                notes_release(&ns);
                free(dir);
                free(root);
        }
}

static void test_escape(void)
{
        char *dir = dx_path_join(fixtures, "bad/escape"), *err = NULL;
        notes ns = {0};
        dx_catalog c;
        const note *n;

        CHECK_INT(dx_catalog_scan(dir, on_note, &ns, &c, &err), 0);
        /* three refused paths, each reported once */
        CHECK_INT(ns.n, 3);
        CHECK_INT(c.problems, 3);
        CHECK_INT(notes_mentioning(&ns, "../../../../etc/passwd"), 1);
        CHECK_INT(notes_mentioning(&ns, "/etc/hostname"), 1);
        CHECK_INT(notes_mentioning(&ns, "sneaky.pdf"), 1);
        for (size_t i = 0; i < ns.n; i++)
                CHECK(ns.v[i].level == DX_NOTE_ERROR);
        n = note_for(&ns, "2021-07-escape/sneaky.pdf");
        if (CHECK(n != NULL)) {
                CHECK_HAS(n->msg, "outside the archive");
                /* where it leads is not told */
                CHECK(strstr(n->msg, "/etc") == NULL);
        }
        for (size_t i = 0; i < ns.n; i++) {
                if (strstr(ns.v[i].msg, "../../../../etc/passwd")) {
                        CHECK_HAS(ns.v[i].path, "2021-07-escape/event.json");
                        CHECK_HAS(ns.v[i].msg, "leaves the archive");
                }
                if (strstr(ns.v[i].msg, "/etc/hostname")) {
                        CHECK_HAS(ns.v[i].path, "2021-07-escape/event.json");
                        CHECK_HAS(ns.v[i].msg, "absolute path");
                }
        }
        if (check_failures)
                notes_print(&ns);

        if (CHECK_INT(c.nevents, 1)) {
                const dx_event_plan *ev = &c.events[0];
                const dx_talk_plan *safe = talk_of(ev, "safe");

                CHECK_STR(ev->name, "Path Escape Meetup - July 2021");
                CHECK_INT(ev->ntalks, 4);
                if (CHECK(safe != NULL)) {
                        CHECK_STR(safe->title, "Safe Talk");
                        CHECK_STR(file_rel(ev, safe->slides), "2021-07-escape/safe.pdf");
                        CHECK_INT(safe->video, -1);
                }
                for (size_t t = 0; t < ev->ntalks; t++) {
                        const dx_talk_plan *tp = &ev->talks[t];
                        if (tp != safe) {
                                CHECK_ROW("refused talk %s", tp->title ? tp->title : "?");
                                CHECK_INT(tp->video, -1);
                                CHECK_INT(tp->slides, -1);
                        }
                }
                check_row[0] = '\0';
                /* the refused talks are still planned (their ids are not checked) */
                CHECK(talk_titled(ev, "Dot Dot Slash") != NULL);
                CHECK(talk_titled(ev, "Absolute Power") != NULL);
                CHECK(talk_titled(ev, "Symlink Sneak") != NULL);
                /* nothing outside the archive is ever planned for reading */
                for (size_t f = 0; f < ev->nfiles; f++) {
                        CHECK_ROW("file %s", ev->files[f].rel);
                        CHECK(strstr(ev->files[f].rel, "passwd") == NULL);
                        CHECK(strstr(ev->files[f].rel, "hostname") == NULL);
                        CHECK(strstr(ev->files[f].rel, "sneaky") == NULL);
                        CHECK(strstr(ev->files[f].abs, "/etc/") == NULL);
                }
        }
        dx_catalog_release(&c);
        notes_release(&ns);
        free(dir);
}

static void test_broken_manifest(void)
{
        char *dir = dx_path_join(fixtures, "bad/broken-manifest"), *err = NULL;
        notes ns = {0};
        dx_catalog c;
        const note *n;

        CHECK_INT(dx_catalog_scan(dir, on_note, &ns, &c, &err), 0);
        CHECK_INT(ns.n, 1);
        CHECK_INT(c.problems, 1);
        n = note_for(&ns, "2021-06-broken/event.json");
        if (CHECK(n != NULL)) {
                CHECK(n->level == DX_NOTE_ERROR);
                /* jansson: line 4, column 10 */
                CHECK_HAS(n->msg, "4:10");
        }
        if (CHECK_INT(c.nevents, 1)) {
                const dx_event_plan *ev = &c.events[0];
                const dx_talk_plan *tp = talk_of(ev, "talk");

                /* indexed as if it had no manifest */
                CHECK_STR(ev->name, "2021-06-broken");
                CHECK_STR(ev->date, "2021-06");
                CHECK_INT(ev->ntalks, 1);
                if (CHECK(tp != NULL)) {
                        CHECK(tp->title == NULL);
                        CHECK_STR(file_rel(ev, tp->video), "2021-06-broken/talk.mp4");
                        CHECK_STR(file_rel(ev, tp->slides), "2021-06-broken/talk.pdf");
                }
        }
        dx_catalog_release(&c);
        notes_release(&ns);
        free(dir);
}

static void test_not_a_folder(void)
{
        static const struct {
                const char *rel, *reason;
        } rows[] = {
            {"archive/no-such-folder", "No such file or directory"},
            {"archive/2020-01-doxlon/event.json", "not a folder"},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                char *dir = dx_path_join(fixtures, rows[i].rel), *err = NULL;
                notes ns = {0};
                dx_catalog c;

                CHECK_ROW("%s", rows[i].rel);
                CHECK(dx_catalog_scan(dir, on_note, &ns, &c, &err) < 0);
                CHECK_HAS(err, rows[i].reason);
                CHECK_INT(c.nevents, 0);
                dx_catalog_release(&c);
                notes_release(&ns);
                free(err);
                free(dir);
        }
}

static void test_kinds(void)
{
        static const struct {
                const char *name;
                dx_kind kind;
        } rows[] = {
            {"talk.mp4", DX_KIND_VIDEO},
            {"TALK.MP4", DX_KIND_VIDEO},
            {"talk.mkv", DX_KIND_VIDEO},
            {"a/b/talk.webm", DX_KIND_VIDEO},
            {"talk.m4a", DX_KIND_AUDIO},
            {"talk.opus", DX_KIND_AUDIO},
            {"talk.mp3", DX_KIND_AUDIO},
            {"talk.pdf", DX_KIND_SLIDES},
            {"talk.PDF", DX_KIND_SLIDES},
            {"event.json", DX_KIND_OTHER},
            {"notes.txt", DX_KIND_OTHER},
            {".mp4", DX_KIND_OTHER},
            {"mp4", DX_KIND_OTHER},
            {"dir.mp4/notes", DX_KIND_OTHER},
            {"talk.pdf.bak", DX_KIND_OTHER},
            {"", DX_KIND_OTHER},
            {"talk.srt", DX_KIND_CAPTIONS},
            {"talk.en.VTT", DX_KIND_CAPTIONS},
            /* every extension of the fixed list there was before */
            {"t.m4v", DX_KIND_VIDEO},
            {"t.mov", DX_KIND_VIDEO},
            {"t.avi", DX_KIND_VIDEO},
            {"t.ts", DX_KIND_VIDEO},
            {"t.mpg", DX_KIND_VIDEO},
            {"t.mpeg", DX_KIND_VIDEO},
            {"t.flv", DX_KIND_VIDEO},
            {"t.wmv", DX_KIND_VIDEO},
            {"t.ogg", DX_KIND_AUDIO},
            {"t.oga", DX_KIND_AUDIO},
            {"t.wav", DX_KIND_AUDIO},
            {"t.flac", DX_KIND_AUDIO},
            {"t.aac", DX_KIND_AUDIO},
            {"t.wma", DX_KIND_AUDIO},
            /* from libavformat's demuxers and muxers */
            {"t.mka", DX_KIND_AUDIO},
            {"t.M4B", DX_KIND_AUDIO},
            {"t.ogv", DX_KIND_VIDEO},
            {"t.mts", DX_KIND_VIDEO},
            {"t.m2ts", DX_KIND_VIDEO},
            {"t.vob", DX_KIND_VIDEO},
            {"t.3gp", DX_KIND_VIDEO},
            {"t.f4v", DX_KIND_VIDEO},
            {"t.spx", DX_KIND_AUDIO},
            {"t.aiff", DX_KIND_AUDIO},
            {"t.caf", DX_KIND_AUDIO},
            {"t.mk3d", DX_KIND_VIDEO},
            /* images, subtitles, playlists, formats the probe does not take */
            {"t.avif", DX_KIND_OTHER},
            {"t.mks", DX_KIND_OTHER},
            {"t.jpg", DX_KIND_OTHER},
            {"t.png", DX_KIND_OTHER},
            {"t.gif", DX_KIND_OTHER},
            {"t.ass", DX_KIND_OTHER},
            {"t.sub", DX_KIND_OTHER},
            {"t.idx", DX_KIND_OTHER},
            {"t.m3u8", DX_KIND_OTHER},
            {"t.ffconcat", DX_KIND_OTHER},
            {"t.nfo", DX_KIND_OTHER},
            {"t.dat", DX_KIND_OTHER},
            {"t.mod", DX_KIND_OTHER},
            {"t.ppm", DX_KIND_OTHER},
            {"t.y4m", DX_KIND_OTHER},
            {"t.h264", DX_KIND_OTHER},
            {"t.mp4,mkv", DX_KIND_OTHER},
            {"t.matroska", DX_KIND_OTHER},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                CHECK_ROW("kind of \"%s\"", rows[i].name);
                CHECK_INT(dx_kind_of(rows[i].name), rows[i].kind);
        }
        check_row[0] = '\0';
        CHECK_STR(dx_kind_name(DX_KIND_VIDEO), "video");
        CHECK_STR(dx_kind_name(DX_KIND_AUDIO), "audio");
        CHECK_STR(dx_kind_name(DX_KIND_SLIDES), "slides");
        CHECK_STR(dx_kind_name(DX_KIND_OTHER), "other");
        CHECK_STR(dx_kind_name(DX_KIND_CAPTIONS), "captions");
}

/* ---- archives built on the spot --------------------------------------------- */

static void put(const char *root, const char *rel, const char *text)
{
        char *path = dx_path_join(root, rel);
        char *slash = strrchr(path, '/');
        FILE *f;

        /* mkdir -p the parent */
        for (char *p = path + strlen(root) + 1; slash && (p = strchr(p, '/')); p++) {
                *p = '\0';
                mkdir(path, 0755);
                *p = '/';
        }
        f = fopen(path, "w");
        if (CHECK(f != NULL)) {
                fputs(text, f);
                fclose(f);
        }
        free(path);
}

static void link_to(const char *root, const char *rel, const char *target)
{
        char *path = dx_path_join(root, rel);

        CHECK(symlink(target, path) == 0);
        free(path);
}

static char *make_tmp(void)
{
        const char *t = getenv("TMPDIR");
        char *tmpl = dx_asprintf("%s/test_catalog.XXXXXX", t && *t ? t : "/tmp");

        if (!mkdtemp(tmpl)) {
                perror("mkdtemp");
                exit(2);
        }
        return tmpl;
}

static void remove_tree(const char *dir)
{
        char *cmd = dx_asprintf("rm -rf '%s'", dir);

        if (system(cmd) != 0)
                fprintf(stderr, "could not remove %s\n", dir);
        free(cmd);
}

static void test_built(void)
{
        char *tmp = make_tmp(), *err = NULL;
        notes ns = {0};
        dx_catalog c;
        const dx_event_plan *ev;
        const dx_talk_plan *tp;
        const note *n;

        put(tmp, "2024-01-ev/event.json",
            "{\"name\": \"Built\", \"talks\": [\n"
            " {\"title\": \"Outside\", \"slides\": \"../2024-02-other/x.pdf\"},\n"
            " {\"title\": \"Named\", \"speaker\": \"Solo Speaker\", \"video\": \"a.mp4\","
            " \"slides\": \"a.pdf\"},\n"
            " {\"title\": \"Again\", \"speakers\": [\"  Two   Spaces \", {\"name\": \"\"}],"
            " \"video\": \"./sub/../a.mp4\"}]}\n");
        put(tmp, "2024-01-ev/a.mp4", "");
        put(tmp, "2024-01-ev/a.pdf", "");
        put(tmp, "2024-01-ev/b.mkv", "");
        put(tmp, "2024-01-ev/b.mp4", "");
        put(tmp, "2024-01-ev/b.pdf", "");
        put(tmp, "2024-01-ev/notes.txt", "not a talk");
        put(tmp, "2024-01-ev/sub/c.mp4", "");
        put(tmp, "2024-01-ev/sub/c.pdf", "");
        link_to(tmp, "2024-01-ev/inside-link.pdf", "a.pdf");
        put(tmp, "2024-02-other/x.pdf", "");
        link_to(tmp, "linked-event", "2024-02-other");

        CHECK_INT(dx_catalog_scan(tmp, on_note, &ns, &c, &err), 0);
        CHECK_INT(c.single_event, 0);
        CHECK_INT(c.nevents, 2);
        CHECK_INT(c.problems, 1);
        CHECK_INT(ns.n, 2);
        n = note_for(&ns, "2024-01-ev/event.json");
        if (CHECK(n != NULL)) {
                CHECK(n->level == DX_NOTE_ERROR);
                CHECK_HAS(n->msg, "talk 1");
                CHECK_HAS(n->msg, "outside the event folder");
        }
        n = note_for(&ns, "linked-event");
        if (CHECK(n != NULL)) {
                CHECK(n->level == DX_NOTE_WARNING);
                CHECK_HAS(n->msg, "symlinked folder");
        }
        if (check_failures)
                notes_print(&ns);

        ev = event_of(&c, "2024-01-ev");
        if (CHECK(ev != NULL)) {
                static const struct {
                        const char *slug, *title, *video, *slides; /* slug NULL: by title */
                } talks[] = {
                    {NULL, "Outside", NULL, NULL},
                    {"a", "Named", "2024-01-ev/a.mp4", "2024-01-ev/a.pdf"},
                    /* a slug taken by an earlier talk gets a number */
                    {"a-2", "Again", "2024-01-ev/a.mp4", NULL},
                    /* two recordings with one base name: two talks */
                    {"b", NULL, "2024-01-ev/b.mkv", "2024-01-ev/b.pdf"},
                    {"b-2", NULL, "2024-01-ev/b.mp4", NULL},
                    /* a symlink that stays inside the archive is followed */
                    {"inside-link", NULL, NULL, "2024-01-ev/inside-link.pdf"},
                    /* files in sub-folders pair within their folder */
                    {"c", NULL, "2024-01-ev/sub/c.mp4", "2024-01-ev/sub/c.pdf"},
                };

                CHECK_STR(ev->name, "Built");
                CHECK_STR(ev->date, "2024-01");
                CHECK_INT(ev->ntalks, sizeof(talks) / sizeof(talks[0]));
                for (size_t i = 0; i < sizeof(talks) / sizeof(talks[0]); i++) {
                        CHECK_ROW("built talk %s", talks[i].slug ? talks[i].slug : talks[i].title);
                        tp = talks[i].slug ? talk_of(ev, talks[i].slug)
                                           : talk_titled(ev, talks[i].title);
                        if (!CHECK(tp != NULL))
                                continue;
                        CHECK_STR(tp->title, talks[i].title);
                        CHECK_STR(file_rel(ev, tp->video), talks[i].video);
                        CHECK_STR(file_rel(ev, tp->slides), talks[i].slides);
                }
                check_row[0] = '\0';
                tp = talk_of(ev, "a");
                if (tp && CHECK_INT(tp->nspeakers, 1))
                        CHECK_STR(tp->speakers[0].name, "Solo Speaker");
                tp = talk_of(ev, "a-2");
                if (tp && CHECK_INT(tp->nspeakers, 1))
                        CHECK_STR(tp->speakers[0].name, "Two Spaces");
                for (size_t f = 0; f < ev->nfiles; f++)
                        CHECK(strstr(ev->files[f].rel, "notes.txt") == NULL);
        }
        ev = event_of(&c, "2024-02-other");
        if (CHECK(ev != NULL))
                CHECK_INT(ev->ntalks, 1);
        CHECK(event_of(&c, "linked-event") == NULL);
        dx_catalog_release(&c);
        notes_release(&ns);
        remove_tree(tmp);
        free(tmp);
}

/* Manifests that are wrong in one way each: one error naming the file or
 * the event.json, and the folder is still catalogued. */
static const struct {
        const char *dir, *manifest;
        const char *path_suffix, *reason;
} bad_manifests[] = {
    {"2024-03-array", "[1, 2]\n", "event.json", "not a JSON object"},
    {"2024-04-dupkey", "{\"name\": \"a\",\n \"name\": \"b\"}\n", "event.json", "2:"},
    {"2024-05-talks", "{\"talks\": {}}\n", "event.json", "\"talks\" is not an array"},
    {"2024-06-talkobj", "{\"talks\": [1]}\n", "event.json", "talk 1 is not an object"},
    {"2024-07-empty", "", "event.json", "(the folder is indexed without it)"},
    {"2024-08-missing", "{\"talks\": [{\"title\": \"Ghost\", \"video\": \"ghost.mp4\"}]}\n",
     "2024-08-missing/ghost.mp4", "No such file or directory"},
    {"2024-09-dot", "{\"talks\": [{\"title\": \"Dot\", \"slides\": \".\"}]}\n", "event.json",
     "names no file"},
    {"2024-10-drive", "{\"talks\": [{\"title\": \"Win\", \"slides\": \"C:\\\\x.pdf\"}]}\n",
     "event.json", "absolute path"},
    {"2024-11-climb", "{\"talks\": [{\"title\": \"Up\", \"slides\": \"../../x.pdf\"}]}\n",
     "event.json", "leaves the archive"},
};

static void test_bad_manifests(void)
{
        char *tmp = make_tmp(), *err = NULL;
        notes ns = {0};
        dx_catalog c;
        size_t nrows = sizeof(bad_manifests) / sizeof(bad_manifests[0]);

        for (size_t i = 0; i < nrows; i++) {
                char *rel = dx_path_join(bad_manifests[i].dir, "event.json");
                put(tmp, rel, bad_manifests[i].manifest);
                free(rel);
        }
        CHECK_INT(dx_catalog_scan(tmp, on_note, &ns, &c, &err), 0);
        CHECK_INT(c.nevents, nrows);
        CHECK_INT(c.problems, nrows);
        CHECK_INT(ns.n, nrows);
        for (size_t i = 0; i < nrows; i++) {
                size_t found = 0;

                CHECK_ROW("%s", bad_manifests[i].dir);
                for (size_t k = 0; k < ns.n; k++) {
                        if (!strstr(ns.v[k].path, bad_manifests[i].dir))
                                continue;
                        found++;
                        CHECK(ns.v[k].level == DX_NOTE_ERROR);
                        CHECK_HAS(ns.v[k].path, bad_manifests[i].path_suffix);
                        CHECK_HAS(ns.v[k].msg, bad_manifests[i].reason);
                }
                CHECK_INT(found, 1);
                CHECK(event_of(&c, bad_manifests[i].dir) != NULL);
        }
        check_row[0] = '\0';
        if (check_failures)
                notes_print(&ns);
        dx_catalog_release(&c);
        notes_release(&ns);
        remove_tree(tmp);
        free(tmp);
}

/* Symlinks anywhere on a file's path: a folder that leads out of the
 * archive refuses what a manifest names through it (slides, captions),
 * whether or not it exists there, without saying where it leads; a
 * manifest that is a symlink out is not read; links that stay inside are
 * followed. */
static void test_links_out(void)
{
        char *tmp = make_tmp(), *err = NULL, *archive = dx_path_join(tmp, "archive");
        char *out = dx_path_join(tmp, "outside");
        char *out_json = dx_path_join(out, "event.json");
        notes ns = {0};
        dx_catalog c;
        const dx_event_plan *ev;
        const note *n;
        static const char *const refused[] = {
            "2024-03-ev/linkdir/secret.pdf",  "2024-03-ev/linkdir/secret.srt",
            "2024-03-ev/linkdir/missing.pdf", "2024-03-ev/linkdir/no/such/thing.pdf",
            "2024-03-ev/dangling.pdf",        "2024-04-json/event.json",
        };

        put(tmp, "outside/secret.pdf", "%PDF-1.4 secret");
        put(tmp, "outside/secret.srt", "1\n00:00:01,000 --> 00:00:02,000\nsecret\n");
        put(tmp, "outside/event.json", "{\"name\": \"Hijacked\"}");
        put(tmp, "archive/2024-03-ev/event.json",
            "{\"talks\": [{\"title\": \"Leak\", \"slides\": \"linkdir/secret.pdf\","
            " \"captions\": [\"linkdir/secret.srt\"]},\n"
            " {\"title\": \"Gone\", \"slides\": \"linkdir/missing.pdf\"},\n"
            " {\"title\": \"Deep\", \"slides\": \"linkdir/no/such/thing.pdf\"},\n"
            " {\"title\": \"Dangling\", \"slides\": \"dangling.pdf\"},\n"
            " {\"title\": \"Next door\", \"slides\": \"next/x.pdf\"}]}\n");
        link_to(tmp, "archive/2024-03-ev/linkdir", out);
        link_to(tmp, "archive/2024-03-ev/dangling.pdf", "../../outside/nothing-here.pdf");
        link_to(tmp, "archive/2024-03-ev/next", "../2024-05-next");
        put(tmp, "archive/2024-05-next/x.pdf", "");
        put(tmp, "archive/2024-04-json/talk.pdf", "");
        link_to(tmp, "archive/2024-04-json/event.json", out_json);

        CHECK_INT(dx_catalog_scan(archive, on_note, &ns, &c, &err), 0);
        CHECK_INT(ns.n, sizeof(refused) / sizeof(refused[0]));
        CHECK_INT(c.problems, sizeof(refused) / sizeof(refused[0]));
        for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
                CHECK_ROW("%s", refused[i]);
                n = note_for(&ns, refused[i]);
                if (!CHECK(n != NULL))
                        continue;
                CHECK(n->level == DX_NOTE_ERROR);
                CHECK_STR(n->msg, "outside the archive (a symlink leads out of it)");
        }
        check_row[0] = '\0';
        CHECK_INT(notes_mentioning(&ns, "outside/"), 0);
        if (check_failures)
                notes_print(&ns);
        ev = event_of(&c, "2024-03-ev");
        if (CHECK(ev != NULL)) {
                const dx_talk_plan *tp = talk_titled(ev, "Next door");

                for (size_t f = 0; f < ev->nfiles; f++) {
                        CHECK_ROW("file %s", ev->files[f].rel);
                        CHECK(strstr(ev->files[f].rel, "linkdir") == NULL);
                        CHECK(strstr(ev->files[f].rel, "dangling") == NULL);
                }
                check_row[0] = '\0';
                tp = talk_titled(ev, "Leak");
                if (CHECK(tp != NULL)) {
                        CHECK_INT(tp->slides, -1);
                        CHECK_INT(tp->ncaptions, 0);
                }
                /* a link to a place inside the archive is followed */
                tp = talk_titled(ev, "Next door");
                if (CHECK(tp != NULL))
                        CHECK_STR(file_rel(ev, tp->slides), "2024-03-ev/next/x.pdf");
        }
        ev = event_of(&c, "2024-04-json");
        if (CHECK(ev != NULL)) {
                CHECK_STR(ev->name, "2024-04-json");
                CHECK_INT(ev->ntalks, 1);
        }
        dx_catalog_release(&c);
        notes_release(&ns);

        /* the archive given as a symlink is the archive */
        link_to(tmp, "archive-link", "archive");
        free(archive);
        archive = dx_path_join(tmp, "archive-link");
        CHECK_INT(dx_catalog_scan(archive, on_note, &ns, &c, &err), 0);
        CHECK_INT(c.nevents, 3);
        CHECK_INT(c.problems, sizeof(refused) / sizeof(refused[0]));
        ev = event_of(&c, "2024-03-ev");
        if (CHECK(ev != NULL) && CHECK(talk_titled(ev, "Next door") != NULL))
                CHECK(talk_titled(ev, "Next door")->slides >= 0);
        dx_catalog_release(&c);
        notes_release(&ns);

        /* one event folder given as a symlink: the archive is the folder
         * that really holds it */
        link_to(tmp, "event-link", "archive/2024-05-next");
        free(archive);
        archive = dx_path_join(tmp, "event-link");
        CHECK_INT(dx_catalog_scan(archive, on_note, &ns, &c, &err), 0);
        CHECK_INT(c.single_event, 1);
        CHECK_INT(ns.n, 0);
        if (CHECK_INT(c.nevents, 1)) {
                CHECK_STR(c.events[0].dir, "2024-05-next");
                CHECK_INT(c.events[0].ntalks, 1);
                CHECK_INT(c.events[0].nfiles, 1);
        }
        if (check_failures)
                notes_print(&ns);
        dx_catalog_release(&c);
        notes_release(&ns);
        remove_tree(tmp);
        free(out_json);
        free(out);
        free(archive);
        free(tmp);
}

/* dx_pin_open: a file inside opens; one reached through a symlink out of
 * the folder, a FIFO or a folder does not; and once open, swapping the
 * name for a symlink out changes nothing that reads the pinned path. */
static void test_pinned(void)
{
        char *tmp = make_tmp(), *root = dx_path_join(tmp, "root"), *err = NULL;
        char *inside = dx_path_join(root, "ev/talk.srt"), *fifo = dx_path_join(root, "ev/fifo.srt");
        char *through = dx_path_join(root, "ev/linkdir/secret.srt");
        char *dir = dx_path_join(root, "ev");
        dx_pinned p = {.fd = -1};
        char buf[64] = "";
        FILE *f;
        static const struct {
                const char *root, *real;
                int inside;
        } rows[] = {
            {"/a/b", "/a/b", 1}, {"/a/b", "/a/b/c", 1}, {"/a/b", "/a/bc", 0},
            {"/a/b", "/a", 0},   {"/", "/etc", 1},      {"/a/b", "/x/a/b", 0},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                CHECK_ROW("%s in %s", rows[i].real, rows[i].root);
                CHECK_INT(dx_path_inside(rows[i].root, rows[i].real), rows[i].inside);
        }
        check_row[0] = '\0';
        put(tmp, "root/ev/talk.srt", "inside");
        put(tmp, "outside/secret.srt", "secret");
        link_to(tmp, "root/ev/linkdir", "../../outside");
        CHECK(mkfifo(fifo, 0644) == 0);

        CHECK_INT(dx_pin_open(&p, root, through, &err), DX_ERR);
        CHECK_STR(err, "outside the archive (a symlink leads out of it)");
        CHECK_INT(p.fd, -1);
        free(err);
        CHECK_INT(dx_pin_open(&p, root, fifo, &err), DX_ERR);
        CHECK_STR(err, "not a regular file");
        free(err);
        CHECK_INT(dx_pin_open(&p, root, dir, &err), DX_ERR);
        CHECK_STR(err, "cannot read: Is a directory");
        free(err);

        if (CHECK_INT(dx_pin_open(&p, root, inside, &err), 0)) {
                /* the name now leads out; the pinned file is still ours */
                CHECK(unlink(inside) == 0);
                link_to(tmp, "root/ev/talk.srt", "../../outside/secret.srt");
                f = fopen(p.path, "r");
                if (CHECK(f != NULL)) {
                        CHECK(fgets(buf, sizeof(buf), f) != NULL);
                        fclose(f);
                }
                CHECK_STR(buf, "inside");
                dx_pin_close(&p);
                CHECK_INT(p.fd, -1);
                dx_pin_close(&p);
                CHECK_INT(dx_pin_open(&p, root, inside, &err), DX_ERR);
                CHECK_STR(err, "outside the archive (a symlink leads out of it)");
                free(err);
        }
        remove_tree(tmp);
        free(dir);
        free(through);
        free(fifo);
        free(inside);
        free(root);
        free(tmp);
}

/* Dates that are no real day, in a folder's name or in event.json: named
 * in a warning and taken as unknown (a manifest's bad date as if it said
 * none), never stored. */
static void test_bad_dates(void)
{
        char *tmp = make_tmp(), *err = NULL;
        notes ns = {0};
        dx_catalog c;
        const dx_event_plan *ev;
        static const struct {
                const char *dir, *date; /* the event's date, NULL: unknown */
        } events[] = {
            {"9999-99-99-meetup", NULL},       {"2020-02-30-meetup", NULL},
            {"2020-02-29-leap", "2020-02-29"}, {"2021-03-json", "2021-03"},
            {"2022-05-json-ok", "2022-05-07"},
        };

        put(tmp, "9999-99-99-meetup/a.pdf", "");
        put(tmp, "2020-02-30-meetup/a.pdf", "");
        put(tmp, "2020-02-29-leap/a.pdf", "");
        put(tmp, "2021-03-json/event.json",
            "{\"date\": \"2021-02-29\", \"talks\": [{\"title\": \"T\", \"date\": \"9999-99-99\"},"
            " {\"title\": \"U\", \"date\": \"next tuesday\"}]}");
        put(tmp, "2022-05-json-ok/event.json",
            "{\"date\": \"2022-05-07T19:00:00Z\", \"talks\": [{\"title\": \"V\", \"date\": "
            "\"2022\"}]}");
        CHECK_INT(dx_catalog_scan(tmp, on_note, &ns, &c, &err), 0);
        CHECK_INT(c.problems, 0);
        CHECK_INT(ns.n, 5);
        for (size_t i = 0; i < ns.n; i++)
                CHECK(ns.v[i].level == DX_NOTE_WARNING);
        CHECK_INT(notes_mentioning(&ns, "9999-99-99-meetup: "), 0);
        if (CHECK(note_for(&ns, "9999-99-99-meetup") != NULL))
                CHECK_HAS(note_for(&ns, "9999-99-99-meetup")->msg, "\"9999-99-99\"");
        if (CHECK(note_for(&ns, "2020-02-30-meetup") != NULL))
                CHECK_HAS(note_for(&ns, "2020-02-30-meetup")->msg, "no real date");
        CHECK_INT(notes_mentioning(&ns, "\"2021-02-29\""), 1);
        CHECK_INT(notes_mentioning(&ns, "talk 1: date \"9999-99-99\""), 1);
        CHECK_INT(notes_mentioning(&ns, "talk 2: date \"next tuesday\""), 1);
        if (check_failures)
                notes_print(&ns);
        for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
                CHECK_ROW("%s", events[i].dir);
                ev = event_of(&c, events[i].dir);
                if (CHECK(ev != NULL))
                        CHECK_STR(ev->date, events[i].date);
        }
        check_row[0] = '\0';
        ev = event_of(&c, "2021-03-json");
        if (CHECK(ev != NULL) && CHECK_INT(ev->ntalks, 2)) {
                CHECK_STR(ev->talks[0].date, NULL);
                CHECK_STR(ev->talks[1].date, NULL);
        }
        ev = event_of(&c, "2022-05-json-ok");
        if (CHECK(ev != NULL) && CHECK_INT(ev->ntalks, 1))
                CHECK_STR(ev->talks[0].date, "2022");
        dx_catalog_release(&c);
        notes_release(&ns);
        remove_tree(tmp);
        free(tmp);
}

/* A manifest of a few kilobytes cannot make a talk of thousands of speakers
 * (the site lists each talk with all its speakers on each speaker's page):
 * the first DX_SPEAKERS_MAX are kept, long fields cut, with a warning. */
static void test_many_speakers(void)
{
        char *tmp = make_tmp(), *err = NULL;
        dx_buf b = DX_BUF_INIT;
        notes ns = {0};
        dx_catalog c;
        const dx_event_plan *ev;

        dx_buf_adds(&b, "{\"talks\": [{\"title\": \"Panel\", \"speakers\": [");
        for (int i = 0; i < 1500; i++)
                dx_buf_addf(&b, "%s\"Speaker %d\"", i ? ", " : "", i + 1);
        dx_buf_adds(&b, "]}, {\"title\": \"Long\", \"speakers\": [{\"name\": \"");
        for (int i = 0; i < DX_SPEAKER_MAX_TEXT; i++)
                dx_buf_adds(&b, "\u00e9");
        dx_buf_adds(&b, "\", \"company\": \"Acme\"}]}]}");
        put(tmp, "2024-03-panel/event.json", b.s);
        CHECK_INT(dx_catalog_scan(tmp, on_note, &ns, &c, &err), 0);
        CHECK_INT(c.problems, 0);
        CHECK_INT(notes_mentioning(&ns, "talk 1: 1468 speakers more than 32"), 1);
        CHECK_INT(notes_mentioning(&ns, "talk 2: 1 speaker names, roles or companies over"), 1);
        ev = event_of(&c, "2024-03-panel");
        if (CHECK(ev != NULL) && CHECK_INT(ev->ntalks, 2)) {
                CHECK_INT(ev->talks[0].nspeakers, DX_SPEAKERS_MAX);
                CHECK_STR(ev->talks[0].speakers[DX_SPEAKERS_MAX - 1].name, "Speaker 32");
                if (CHECK_INT(ev->talks[1].nspeakers, 1)) {
                        const char *name = ev->talks[1].speakers[0].name;

                        /* two bytes a letter: cut between letters */
                        CHECK_INT(strlen(name), DX_SPEAKER_MAX_TEXT);
                        CHECK(dx_utf8_valid(name, strlen(name)));
                        CHECK_STR(ev->talks[1].speakers[0].company, "Acme");
                }
        }
        dx_catalog_release(&c);
        notes_release(&ns);
        dx_buf_release(&b);
        remove_tree(tmp);
        free(tmp);
}

/* Sidecar captions go to the talk whose recording (else slides) has their
 * base name; the first word after it that is no flag is the language;
 * event.json may name caption files with their language. */
static void test_caption_sidecars(void)
{
        static const struct {
                const char *file, *talk, *lang; /* talk NULL: attached to none */
        } rows[] = {
            {"2024-05-cap/talk.srt", "talk", NULL},
            {"2024-05-cap/talk.en.vtt", "talk", "en"},
            {"2024-05-cap/talk.en.forced.srt", "talk", "en"},
            {"2024-05-cap/talk.forced.srt", "talk", NULL},
            {"2024-05-cap/talk.part2.de.srt", "talk-part2", "de"},
            {"2024-05-cap/deck-only.pt-BR.vtt", "deck-only", "pt-BR"},
            {"2024-05-cap/orphan.srt", NULL, NULL},
            {"2024-05-cap/tal.srt", NULL, NULL},
            {"2024-06-man/subs/german.srt", "named", "de"},
        };
        char *tmp = make_tmp(), *err = NULL;
        notes ns = {0};
        dx_catalog c;

        put(tmp, "2024-05-cap/talk.mp4", "");
        put(tmp, "2024-05-cap/talk.part2.mp4", "");
        put(tmp, "2024-05-cap/deck-only.pdf", "");
        put(tmp, "2024-06-man/event.json",
            "{\"talks\": [{\"title\": \"Named\", \"video\": \"named.mp4\", \"captions\":"
            " [{\"file\": \"subs/german.srt\", \"lang\": \"de\"}, {\"lang\": \"xx\"}]}]}\n");
        put(tmp, "2024-06-man/named.mp4", "");
        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
                put(tmp, rows[i].file, "1\n00:00:01,000 --> 00:00:02,000\nx\n");

        CHECK_INT(dx_catalog_scan(tmp, on_note, &ns, &c, &err), 0);
        CHECK_INT(c.problems, 1); /* the caption entry that names no file */
        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                const dx_talk_plan *owner = NULL;
                const dx_file *f = NULL;

                CHECK_ROW("%s", rows[i].file);
                for (size_t e = 0; e < c.nevents; e++) {
                        const dx_event_plan *ev = &c.events[e];

                        for (size_t t = 0; t < ev->ntalks; t++)
                                for (size_t k = 0; k < ev->talks[t].ncaptions; k++)
                                        if (strcmp(ev->files[ev->talks[t].captions[k]].rel,
                                                   rows[i].file) == 0) {
                                                CHECK(owner == NULL);
                                                owner = &ev->talks[t];
                                                f = &ev->files[ev->talks[t].captions[k]];
                                        }
                }
                if (!rows[i].talk) {
                        CHECK(owner == NULL);
                        continue;
                }
                if (!CHECK(owner != NULL))
                        continue;
                CHECK_STR(owner->slug, rows[i].talk);
                CHECK_STR(f->lang, rows[i].lang);
                CHECK_INT(f->kind, DX_KIND_CAPTIONS);
        }
        check_row[0] = '\0';
        if (check_failures)
                notes_print(&ns);
        dx_catalog_release(&c);
        notes_release(&ns);
        remove_tree(tmp);
        free(tmp);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"archive", test_archive},
            {"single_event", test_single_event},
            {"escape", test_escape},
            {"broken_manifest", test_broken_manifest},
            {"not_a_folder", test_not_a_folder},
            {"kinds", test_kinds},
            {"built", test_built},
            {"bad_manifests", test_bad_manifests},
            {"caption_sidecars", test_caption_sidecars},
            {"links_out", test_links_out},
            {"pinned", test_pinned},
            {"bad_dates", test_bad_dates},
            {"many_speakers", test_many_speakers},
        };

        if (argc < 2) {
                fprintf(stderr, "usage: %s FIXTURES [GROUP...]\n", argv[0]);
                return 2;
        }
        fixtures = argv[1];
        return check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
}
