/*
 * site.c - `doxsearch export site`: gathers every talk with its sources,
 * and builds the whole site in a new folder beside OUTDIR: the renderings
 * (slide thumbnails by the content hash of their deck, poster frames by
 * that of their recording, hard-linked from the previous site when it has
 * them, else rendered), the pages, the feed, the search index and the
 * embedded assets.  Only when all of it was written does the new folder
 * take OUTDIR's place, in one rename; on failure it is removed and the old
 * site stays as it was.  Every name written is made here from talk ids,
 * hashes and slugs, cut to fit a file name, never taken from the archive,
 * so nothing lands outside OUTDIR.
 */
#include "site.h"
#include "export.h"
#include "render.h"

#include <jansson.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The new site is built in PARENT/.doxsearch-site.PID; on file systems
 * without RENAME_EXCHANGE the old one is moved to PARENT/.doxsearch-old.PID
 * for the time of two renames. */
#define TMP_PREFIX ".doxsearch-site."
#define OLD_PREFIX ".doxsearch-old."

#define POSTER_WIDTH    640
#define POSTER_FRACTION 0.1

static void note(const site *s, int error, const char *path, const char *msg)
{
        if (s->o->note)
                s->o->note(s->o->ud, error, path, msg);
}

static char *path2(const char *a, const char *b)
{
        char *p = NULL;

        return asprintf(&p, "%s/%s", a, b) < 0 ? NULL : p;
}

int site_write(const site *s, const char *rel, const char *data, size_t len, char **errmsg)
{
        char *path = path2(s->outdir, rel);
        FILE *f;
        int rc = -1, short_write;

        if (!path)
                return export_fail(errmsg, "out of memory");
        f = fopen(path, "wb");
        if (!f) {
                export_fail(errmsg, "%s/%s: %s", s->shown, rel, strerror(errno));
                goto out;
        }
        short_write = len && fwrite(data, 1, len, f) != len;
        if (fclose(f) != 0 || short_write) { /* closed either way */
                export_fail(errmsg, "%s/%s: %s", s->shown, rel, strerror(errno));
                goto out;
        }
        rc = 0;
out:
        free(path);
        return rc;
}

char *site_file_name(const char *id, const char *ext)
{
        size_t n = strlen(id), room = NAME_MAX - strlen(ext), keep;
        uint64_t h = 1469598103934665603ULL; /* FNV-1a */
        char *name = NULL;

        if (n <= room)
                return strdup(id);
        for (size_t i = 0; i < n; i++)
                h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
        keep = dx_utf8_cut(id, room - 17); /* "-" and 16 hex digits */
        return asprintf(&name, "%.*s-%016llx", (int)keep, id, (unsigned long long)h) < 0 ? NULL
                                                                                         : name;
}

void site_url_dropped(const site *s, const site_talk *talk, const char *path)
{
        char *msg = NULL;

        if (asprintf(&msg, "link to %s left out: not an http(s) URL or a relative path",
                     path ? path : "") < 0)
                msg = NULL;
        note(s, 0, talk ? talk->t.id : "site", msg ? msg : "link left out");
        free(msg);
}

static int mkdir_p(const char *dir, char **errmsg)
{
        char *p = strdup(dir);

        if (!p)
                return export_fail(errmsg, "out of memory");
        for (char *q = p + 1; *q; q++) {
                if (*q != '/')
                        continue;
                *q = '\0';
                if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                        export_fail(errmsg, "%s: cannot create: %s", p, strerror(errno));
                        free(p);
                        return -1;
                }
                *q = '/';
        }
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                export_fail(errmsg, "%s: cannot create: %s", p, strerror(errno));
                free(p);
                return -1;
        }
        free(p);
        return 0;
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb;
        (void)ftw;
        return flag == FTW_DP ? rmdir(p) : unlink(p);
}

/* Remove a file or a folder with everything in it (symlinks not followed). */
static void rm_rf(const char *path)
{
        struct stat sb;

        if (lstat(path, &sb) != 0)
                return;
        if (S_ISDIR(sb.st_mode))
                nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        else
                unlink(path);
}

/* A content hash usable as a file name: [0-9A-Za-z], 1 to 64 bytes. */
static int hash_ok(const char *h)
{
        size_t n = h ? strlen(h) : 0;

        if (n == 0 || n > 64)
                return 0;
        for (size_t i = 0; i < n; i++)
                if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'z') ||
                      (h[i] >= 'A' && h[i] <= 'Z')))
                        return 0;
        return 1;
}

/* The page count a finished folder of per-page files (thumbnails, slide
 * text) holds, or -1. */
static int thumbs_cached(const char *dir)
{
        char *marker = path2(dir, "pages");
        FILE *f = marker ? fopen(marker, "r") : NULL;
        int n = -1;

        if (f) {
                if (fscanf(f, "%d", &n) != 1 || n < 0)
                        n = -1;
                fclose(f);
        }
        free(marker);
        return n;
}

/* Copy the file src to dst (created with mode): where no hard link can be
 * made.  0 or -1 with errno. */
static int copy_file(const char *src, const char *dst, mode_t mode)
{
        char buf[65536];
        int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = -1, e;
        ssize_t n;

        if (in < 0)
                return -1;
        out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
        if (out < 0)
                goto out;
        while ((n = read(in, buf, sizeof(buf))) > 0)
                for (ssize_t w, done = 0; done < n; done += w)
                        if ((w = write(out, buf + done, (size_t)(n - done))) < 0)
                                goto out;
        rc = n == 0 ? 0 : -1;
out:
        e = errno;
        if (out >= 0 && close(out) != 0 && rc == 0)
                rc = -1, e = errno;
        close(in);
        errno = e;
        return rc;
}

/* Make dst what src is (a file, a symbolic link, or a folder with all in
 * it) by hard links, copying the files that cannot be linked: the
 * renderings and files the new site takes from the old one without
 * writing them again.  0 or -1 with errno. */
static int link_tree(const char *src, const char *dst)
{
        struct stat sb;
        struct dirent *e;
        DIR *d;
        int rc = 0;

        if (lstat(src, &sb) != 0)
                return -1;
        if (S_ISLNK(sb.st_mode)) {
                char to[PATH_MAX];
                ssize_t n = readlink(src, to, sizeof(to) - 1);

                if (n < 0)
                        return -1;
                to[n] = '\0';
                return symlink(to, dst);
        }
        if (!S_ISDIR(sb.st_mode)) {
                if (link(src, dst) == 0)
                        return 0;
                /* a file system without hard links; a socket is left out */
                return S_ISREG(sb.st_mode) ? copy_file(src, dst, sb.st_mode) : 0;
        }
        if (mkdir(dst, sb.st_mode & 07777) != 0 || !(d = opendir(src)))
                return -1;
        while (rc == 0) {
                char *a, *b;

                errno = 0;
                if (!(e = readdir(d))) {
                        rc = errno ? -1 : 0;
                        break;
                }
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                        continue;
                a = path2(src, e->d_name);
                b = path2(dst, e->d_name);
                rc = a && b ? link_tree(a, b) : -1;
                free(a);
                free(b);
        }
        closedir(d);
        return rc;
}

/* The page count of rel, a finished folder of per-page files in the new
 * site, taken from the old site by hard links when that has it; or -1. */
static int cached_pages(const site *s, const char *rel)
{
        char *dir = path2(s->outdir, rel), *old = NULL;
        int n = dir ? thumbs_cached(dir) : -1;

        if (n < 0 && dir && s->olddir && (old = path2(s->olddir, rel)) &&
            (n = thumbs_cached(old)) >= 0 && link_tree(old, dir) != 0) {
                rm_rf(dir);
                n = -1;
        }
        free(old);
        free(dir);
        return n;
}

/* Whether rel, a rendered file, is in the new site, taken from the old
 * site by a hard link when that has it. */
static int cached_file(const site *s, const char *rel)
{
        char *out = path2(s->outdir, rel), *old = NULL;
        struct stat sb;
        int ok = out && stat(out, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;

        if (!ok && out && s->olddir && (old = path2(s->olddir, rel)) && stat(old, &sb) == 0 &&
            S_ISREG(sb.st_mode) && sb.st_size > 0) {
                unlink(out);
                ok = link_tree(old, out) == 0;
        }
        free(old);
        free(out);
        return ok;
}

/* A problem with one of the talk's files, named by its full path. */
static void note_file(const site *s, const site_talk *st, const char *rel, const char *msg)
{
        char *p = path2(st->src.root, rel);

        note(s, 1, p ? p : rel, msg);
        free(p);
}

/* Finish a folder of per-page files made under tmp: write its "pages"
 * marker (what thumbs_cached() reads) and rename it to dir, replacing an
 * unfinished one.  On failure it is named, counted and removed. */
static int seal_dir(const site *s, const char *tmp, const char *dir, size_t pages,
                    site_stats *stats)
{
        char *marker = path2(tmp, "pages");
        FILE *f = marker ? fopen(marker, "w") : NULL;
        int ok = f && fprintf(f, "%zu\n", pages) > 0;

        if (f)
                ok = fclose(f) == 0 && ok;
        free(marker);
        if (ok) {
                rm_rf(dir);
                ok = rename(tmp, dir) == 0;
        }
        if (!ok) {
                note(s, 1, dir, strerror(errno));
                stats->failed++;
                rm_rf(tmp);
                return -1;
        }
        return 0;
}

/* slides/<hash>/<N>.png for the talk's deck, from the cache or rendered
 * into a temporary folder that is renamed into place when complete. */
static void render_thumbs(const site *s, site_talk *st, site_stats *stats)
{
        char *rel = NULL, *dir = NULL, *tmp = NULL, *pdf = NULL, *err = NULL;
        dx_pinned pin = {.fd = -1};
        int pages = 0, n;

        if (!st->src.slides)
                return;
        if (!hash_ok(st->src.slides_hash)) {
                note_file(s, st, st->src.slides, "no content hash in the index (re-run ingest)");
                stats->failed++;
                return;
        }
        if (asprintf(&rel, "slides/%s", st->src.slides_hash) < 0 || !(dir = path2(s->outdir, rel)))
                goto oom;
        if ((n = cached_pages(s, rel)) >= 0) {
                st->thumb_dir = rel;
                st->thumbs = n;
                stats->decks_cached++;
                stats->thumbs += (size_t)n;
                free(dir);
                return;
        }
        if (asprintf(&tmp, "%s.tmp%ld", dir, (long)getpid()) < 0 ||
            !(pdf = path2(st->src.root, st->src.slides)))
                goto oom;
        rm_rf(tmp);
        if (mkdir(tmp, 0777) != 0) {
                note(s, 1, tmp, strerror(errno));
                stats->failed++;
                goto out;
        }
        /* rendered from the file as opened and checked to be in the archive */
        if (dx_pin_open(&pin, st->src.root, pdf, &err) != 0 ||
            dx_render_slides(pin.path, pin.fd, s->o->thumb_width, tmp, &pages, &err) != 0) {
                note_file(s, st, st->src.slides, err ? err : "cannot render");
                stats->failed++;
                rm_rf(tmp);
                goto out;
        }
        if (seal_dir(s, tmp, dir, (size_t)pages, stats) != 0)
                goto out;
        st->thumb_dir = rel;
        rel = NULL;
        st->thumbs = pages;
        stats->decks_rendered++;
        stats->thumbs += (size_t)pages;
        goto out;
oom:
        note_file(s, st, st->src.slides, "out of memory");
        stats->failed++;
out:
        dx_pin_close(&pin);
        free(err);
        free(pdf);
        free(tmp);
        free(dir);
        free(rel);
}

/* posters/<hash>.png for the talk's video, from the cache or rendered. */
static void render_poster(const site *s, site_talk *st, site_stats *stats)
{
        char *rel = NULL, *out = NULL, *video = NULL, *err = NULL;
        dx_pinned pin = {.fd = -1};

        if (!st->src.video || !st->src.video_kind || strcmp(st->src.video_kind, "video") != 0)
                return;
        if (!hash_ok(st->src.video_hash)) {
                note_file(s, st, st->src.video, "no content hash in the index (re-run ingest)");
                stats->failed++;
                return;
        }
        if (asprintf(&rel, "posters/%s.png", st->src.video_hash) < 0 ||
            !(out = path2(s->outdir, rel)) || !(video = path2(st->src.root, st->src.video))) {
                note_file(s, st, st->src.video, "out of memory");
                stats->failed++;
                goto out;
        }
        if (cached_file(s, rel)) {
                stats->posters_cached++;
        } else if (dx_pin_open(&pin, st->src.root, video, &err) != 0 ||
                   dx_render_poster(pin.path, POSTER_FRACTION, POSTER_WIDTH, out, &err) != 0) {
                /* a recording without pictures (slides and a voice) is no failure */
                if (!err || strncmp(err, "no video stream", 15) != 0) {
                        note_file(s, st, st->src.video, err ? err : "cannot decode a frame");
                        stats->failed++;
                }
                goto out;
        } else {
                stats->posters_rendered++;
        }
        st->poster = rel;
        rel = NULL;
out:
        dx_pin_close(&pin);
        free(err);
        free(video);
        free(out);
        free(rel);
}

/* text/<hash>/<K>.json: each slide's text as a JSON string, for the
 * search's slide hits; kept by the deck's content hash like its
 * thumbnails, so a re-export writes only a new deck's. */
static void write_texts(const site *s, site_talk *st, site_stats *stats)
{
        const dx_talk *t = &st->t;
        char *rel = NULL, *dir = NULL, *tmp = NULL;
        FILE *f = NULL;

        if (!st->src.slides || !hash_ok(st->src.slides_hash) || !t->npage_text)
                return;
        if (asprintf(&rel, "text/%s", st->src.slides_hash) < 0 || !(dir = path2(s->outdir, rel)))
                goto oom;
        if (cached_pages(s, rel) >= 0) {
                st->text_dir = rel;
                rel = NULL;
                goto out;
        }
        if (asprintf(&tmp, "%s.tmp%ld", dir, (long)getpid()) < 0)
                goto oom;
        rm_rf(tmp);
        if (mkdir(tmp, 0777) != 0) {
                note(s, 1, tmp, strerror(errno));
                stats->failed++;
                goto out;
        }
        for (size_t p = 0; p < t->npage_text; p++) {
                json_t *j = render_json_text(t->page_text[p].text);
                char *text = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
                char *file = NULL;
                int ok;

                f = NULL;
                ok = text && asprintf(&file, "%s/%d.json", tmp, t->page_text[p].page) >= 0 &&
                     (f = fopen(file, "w")) && fputs(text, f) >= 0;

                if (f)
                        ok = fclose(f) == 0 && ok;
                f = NULL;
                json_decref(j);
                free(text);
                free(file);
                if (!ok) {
                        note(s, 1, tmp, "cannot write the slides' text");
                        stats->failed++;
                        rm_rf(tmp);
                        goto out;
                }
        }
        if (seal_dir(s, tmp, dir, t->npage_text, stats) != 0)
                goto out;
        st->text_dir = rel;
        rel = NULL;
        goto out;
oom:
        note(s, 1, t->id, "out of memory");
        stats->failed++;
out:
        free(tmp);
        free(dir);
        free(rel);
}

/* Lower-case ASCII slug of a name: letters and digits, '-' between. */
static char *slug_of(const char *name)
{
        size_t n = strlen(name);
        char *s = malloc(n + 8), *p = s;

        if (!s)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)name[i];

                /* Latin-1 letters as their base letter: "Müller" is muller */
                if (c == 0xC3 && (unsigned char)name[i + 1] >= 0x80 &&
                    (unsigned char)name[i + 1] <= 0xBF) {
                        static const char base[] = "aaaaaaaceeeeiiiidnooooo-ouuuuyts"
                                                   "aaaaaaaceeeeiiiidnooooo-ouuuuyty";
                        char b = base[(unsigned char)name[++i] - 0x80];

                        if (b != '-')
                                *p++ = b;
                        else if (p > s && p[-1] != '-')
                                *p++ = '-';
                        continue;
                }
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                        *p++ = (char)c;
                else if (c >= 'A' && c <= 'Z')
                        *p++ = (char)(c - 'A' + 'a');
                else if (p > s && p[-1] != '-')
                        *p++ = '-';
        }
        while (p > s && p[-1] == '-')
                p--;
        if (p == s) {
                memcpy(s, "speaker", 7);
                p = s + 7;
        }
        *p = '\0';
        return s;
}

static int speaker_cmp(const void *a, const void *b)
{
        return strcmp(((const site_speaker *)a)->name, ((const site_speaker *)b)->name);
}

/* The speakers of all talks, by name, each with their talks. */
static int gather_speakers(site *s)
{
        size_t cap = 0;

        for (size_t i = 0; i < s->ntalks; i++) {
                dx_talk *t = &s->talks[i].t;

                for (size_t k = 0; k < t->nspeakers; k++) {
                        const char *name = t->speakers[k].name;
                        size_t j;

                        if (!name || !*name)
                                continue;
                        for (j = 0; j < s->nspeakers; j++)
                                if (strcmp(s->speakers[j].name, name) == 0)
                                        break;
                        if (j == s->nspeakers) {
                                if (s->nspeakers == cap) {
                                        size_t nc = cap ? cap * 2 : 32;
                                        site_speaker *v = realloc(s->speakers, nc * sizeof(*v));

                                        if (!v)
                                                return -1;
                                        s->speakers = v;
                                        cap = nc;
                                }
                                memset(&s->speakers[j], 0, sizeof(s->speakers[j]));
                                if (!(s->speakers[j].name = strdup(name)))
                                        return -1;
                                s->nspeakers++;
                        }
                        size_t *v =
                            realloc(s->speakers[j].talks, (s->speakers[j].ntalks + 1) * sizeof(*v));
                        if (!v)
                                return -1;
                        s->speakers[j].talks = v;
                        v[s->speakers[j].ntalks++] = i;
                }
        }
        if (s->nspeakers)
                qsort(s->speakers, s->nspeakers, sizeof(*s->speakers), speaker_cmp);
        /* slugs, unique as file names (a name of 400 letters is cut to fit
         * one): "ana-muller", then "ana-muller-2" */
        for (size_t j = 0; j < s->nspeakers; j++) {
                char *base = slug_of(s->speakers[j].name), *slug = NULL;

                for (int k = 1; base; k++) {
                        char *next = NULL;
                        size_t i;

                        if (k > 1 && asprintf(&next, "%s-%d", base, k) < 0)
                                break;
                        slug = site_file_name(next ? next : base, ".html");
                        free(next);
                        if (!slug)
                                break;
                        for (i = 0; i < j && strcmp(s->speakers[i].slug, slug) != 0; i++)
                                ;
                        if (i == j)
                                break;
                        free(slug);
                        slug = NULL;
                }
                free(base);
                if (!(s->speakers[j].slug = slug))
                        return -1;
        }
        /* each talk's speakers as indexes */
        for (size_t i = 0; i < s->ntalks; i++) {
                dx_talk *t = &s->talks[i].t;

                s->talks[i].speaker_ix = calloc(t->nspeakers + 1, sizeof(size_t));
                if (!s->talks[i].speaker_ix)
                        return -1;
                for (size_t k = 0; k < t->nspeakers; k++) {
                        site_speaker key = {.name = t->speakers[k].name};
                        site_speaker *sp = t->speakers[k].name
                                               ? bsearch(&key, s->speakers, s->nspeakers,
                                                         sizeof(*s->speakers), speaker_cmp)
                                               : NULL;

                        s->talks[i].speaker_ix[k] = sp ? (size_t)(sp - s->speakers) : (size_t)-1;
                }
        }
        return 0;
}

static void site_release(site *s)
{
        for (size_t i = 0; i < s->ntalks; i++) {
                site_talk *t = &s->talks[i];

                dx_talk_release(&t->t);
                dx_sources_release(&t->src);
                free(t->file);
                free(t->thumb_dir);
                free(t->poster);
                free(t->text_dir);
                for (size_t k = 0; k < t->ncue_langs; k++)
                        free(t->cue_langs[k]);
                free(t->cue_langs);
                dx_transcript_free(t->cues, t->ncues);
                for (size_t k = 0; k < t->ntracks; k++)
                        free(t->tracks[k]);
                free(t->tracks);
                free(t->cues_json);
                free(t->speaker_ix);
                dx_timeline_release(&t->timeline);
        }
        free(s->talks);
        for (size_t i = 0; i < s->nspeakers; i++) {
                free(s->speakers[i].name);
                free(s->speakers[i].slug);
                free(s->speakers[i].talks);
        }
        free(s->speakers);
}

/* The captions of a talk, and their languages. */
static int load_captions(dx_index *idx, site_talk *st)
{
        if (dx_talk_transcript(idx, st->t.id, &st->cues, &st->ncues) != 0)
                return -1;
        st->has_captions = st->ncues > 0;
        for (size_t i = 0; i < st->ncues; i++) {
                const char *lang = st->cues[i].lang;
                size_t k;

                if (!lang)
                        continue;
                for (k = 0; k < st->ncue_langs && strcmp(st->cue_langs[k], lang); k++)
                        ;
                if (k < st->ncue_langs)
                        continue;
                char **v = realloc(st->cue_langs, (st->ncue_langs + 1) * sizeof(*v));
                if (!v || !(v[st->ncue_langs] = strdup(lang))) {
                        if (v)
                                st->cue_langs = v;
                        return -1;
                }
                st->cue_langs = v;
                st->ncue_langs++;
        }
        return 0;
}

static int write_assets(const site *s, char **errmsg)
{
        for (size_t i = 0; i < site_nassets; i++)
                if (site_write(s, site_assets[i].name, (const char *)site_assets[i].data,
                               site_assets[i].len, errmsg) != 0)
                        return -1;
        return 0;
}

/* Create the n folders names (in order: parents first) in the output. */
static int make_dirs(const site *s, const char *const *names, size_t n, char **errmsg)
{
        for (size_t i = 0; i < n; i++) {
                char *d = path2(s->outdir, names[i]);

                if (!d || mkdir(d, 0777) != 0) {
                        export_fail(errmsg, "%s: cannot create: %s", d ? d : names[i],
                                    d ? strerror(errno) : "out of memory");
                        free(d);
                        return -1;
                }
                free(d);
        }
        return 0;
}

/* search/: the index the site's search script reads. */
static int write_search(const site *s, dx_index *idx, site_stats *st, char **errmsg)
{
        static const char *const subs[] = {"search", "search/c", "search/t", "search/v"};

        if (make_dirs(s, subs, sizeof(subs) / sizeof(subs[0]), errmsg) != 0)
                return -1;
        return site_write_search(s, idx, "search", st, errmsg);
}

/* Whether name in OUTDIR is the site's own (made anew by every export);
 * anything else there (a CNAME, robots.txt, .git) is carried over. */
static int site_owns(const char *name)
{
        static const char *const own[] = {"index.html", "search.html", "feed.xml", "talks",
                                          "speakers",   "slides",      "posters",  "text",
                                          "search",     "captions"};

        for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
                if (strcmp(name, own[i]) == 0)
                        return 1;
        for (size_t i = 0; i < site_nassets; i++)
                if (strcmp(name, site_assets[i].name) == 0)
                        return 1;
        return strncmp(name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0 ||
               strncmp(name, OLD_PREFIX, strlen(OLD_PREFIX)) == 0;
}

/* Whether dir is empty or holds a site of ours (a search index). */
static int is_site(const char *dir)
{
        char *meta = path2(dir, "search/meta.json");
        DIR *d = opendir(dir);
        struct dirent *e;
        int empty = 1, yes;

        while (d && empty && (e = readdir(d)))
                empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
                        strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0;
        if (d)
                closedir(d);
        yes = empty || (meta && access(meta, F_OK) == 0);
        free(meta);
        return yes;
}

/* Hard-link into the new site what the old one has that is not the
 * site's own. */
static int carry_over(const site *s, char **errmsg)
{
        DIR *d = opendir(s->olddir);
        struct dirent *e;
        int rc = 0;

        if (!d)
                return export_fail(errmsg, "%s: %s", s->olddir, strerror(errno));
        while (rc == 0 && (e = readdir(d))) {
                char *a, *b;

                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
                    site_owns(e->d_name))
                        continue;
                a = path2(s->olddir, e->d_name);
                b = path2(s->outdir, e->d_name);
                if (!a || !b)
                        rc = export_fail(errmsg, "out of memory");
                else if (link_tree(a, b) != 0)
                        rc = export_fail(errmsg, "%s: cannot keep it: %s", a, strerror(errno));
                free(a);
                free(b);
        }
        closedir(d);
        return rc;
}

/* Remove the new sites that exports which died left in parent. */
static void remove_stale(const char *parent)
{
        DIR *d = opendir(parent);
        struct dirent *e;

        while (d && (e = readdir(d))) {
                char *end, *p;
                long pid;

                if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
                        continue;
                pid = strtol(e->d_name + strlen(TMP_PREFIX), &end, 10);
                if (*end || pid <= 0 ||
                    (pid != (long)getpid() && !(kill((pid_t)pid, 0) != 0 && errno == ESRCH)))
                        continue; /* another export's, at work */
                if ((p = path2(parent, e->d_name)))
                        rm_rf(p);
                free(p);
        }
        if (d)
                closedir(d);
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir but "." and "..", sorted, in *names (to free with each
 * name); their count, or -1. */
static long list_dir(const char *dir, char ***names)
{
        DIR *d = opendir(dir);
        struct dirent *e;
        long n = 0;

        *names = NULL;
        if (!d)
                return -1;
        while ((e = readdir(d))) {
                char **v;

                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                        continue;
                if (!(v = realloc(*names, (size_t)(n + 1) * sizeof(*v))) ||
                    !(v[n] = strdup(e->d_name))) {
                        if (v)
                                *names = v;
                        n = -1 - n; /* what to free */
                        break;
                }
                *names = v;
                n++;
        }
        closedir(d);
        if (n > 0)
                qsort(*names, (size_t)n, sizeof(**names), by_name);
        return n;
}

/* Put each entry of tmp, a folder inside target, in the place of target's
 * entry of that name, the old one going to tmp: for a target that is a
 * file system of its own (a mount point), whose new site cannot be built
 * beside it.  Each entry changes in one step; if one cannot, those done are
 * put back. */
static int swap_entries(const char *tmp, const char *target, char **errmsg)
{
        char **names = NULL;
        long n = list_dir(tmp, &names), done = 0;
        int rc = 0;

        if (n < 0) {
                n = -1 - n;
                rc = export_fail(errmsg, "%s: %s", tmp, strerror(errno ? errno : ENOMEM));
        }
        for (; rc == 0 && done < n; done++) {
                char *a = path2(tmp, names[done]), *b = path2(target, names[done]);

                if (!a || !b)
                        rc = export_fail(errmsg, "out of memory");
                else if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0 &&
                         !(errno == ENOENT && rename(a, b) == 0))
                        rc = export_fail(errmsg, "%s: cannot replace it: %s", b, strerror(errno));
                free(a);
                free(b);
        }
        /* on failure, back as it was: exchanged again, or moved back */
        for (long i = rc ? done - 1 : 0; rc && i-- > 0;) {
                char *a = path2(tmp, names[i]), *b = path2(target, names[i]);

                if (a && b && renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0)
                        rename(b, a);
                free(a);
                free(b);
        }
        for (long i = 0; i < n; i++)
                free(names[i]);
        free(names);
        return rc;
}

/* Put the folder tmp in the place of target in one step (the old site
 * ends up at tmp and is removed); where the file system cannot exchange
 * two names, move the old site aside, the new one in, and remove the old. */
static int swap_in(const char *tmp, const char *target, const char *parent, char **errmsg)
{
        char *old = NULL;
        int rc = -1, e;

        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
                rm_rf(tmp);
                return 0;
        }
        if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
                return export_fail(errmsg, "%s: cannot replace it: %s", target, strerror(errno));
        if (asprintf(&old, "%s/" OLD_PREFIX "%ld", parent, (long)getpid()) < 0)
                return export_fail(errmsg, "out of memory");
        rm_rf(old);
        if (rename(target, old) != 0) {
                export_fail(errmsg, "%s: cannot replace it: %s", target, strerror(errno));
        } else if (rename(tmp, target) != 0) {
                e = errno;
                rename(old, target);
                export_fail(errmsg, "%s: cannot replace it: %s", target, strerror(e));
        } else {
                rm_rf(old);
                rc = 0;
        }
        free(old);
        return rc;
}

const char *site_name(const site *s)
{
        return s->o->title && *s->o->title ? s->o->title : "Talk archive";
}

/* Say what the site lacks without --media-url (when there are recordings)
 * and --base-url. */
static void warn_options(const site *s)
{
        size_t rec = 0;

        for (size_t i = 0; i < s->ntalks; i++)
                rec += s->talks[i].t.video != NULL;
        if (rec && !s->o->media_url) {
                char *msg = NULL;

                if (asprintf(&msg,
                             "not given: %zu recording%s not played on the talk pages (give the "
                             "URL the archive's folder is served under, absolute or relative to "
                             "the site)",
                             rec, rec == 1 ? " is" : "s are") < 0)
                        msg = NULL;
                note(s, 0, "--media-url", msg ? msg : "not given");
                free(msg);
        }
        if (!s->o->base_url)
                note(s, 0, "--base-url",
                     "not given: the feed's links, link previews and the talks' structured data "
                     "have relative URLs, which feed readers and search engines may not resolve");
}

/* The talks, their renderings, pages, feed, search index and assets,
 * written into s->outdir: 0, 1 when some renderings failed, or -1. */
static int build(site *s, dx_index *idx, site_stats *st, char **errmsg)
{
        static const char *const dirs[] = {"talks",   "speakers", "slides",
                                           "posters", "text",     "captions"};
        dx_talk *list = NULL;
        size_t n = 0;
        int rc = -1;

        if (make_dirs(s, dirs, sizeof(dirs) / sizeof(dirs[0]), errmsg) != 0)
                return -1;
        if (s->olddir && carry_over(s, errmsg) != 0)
                return -1;
        if (dx_talk_list(idx, &list, &n) != 0)
                return export_fail(errmsg, "%s", dx_index_errmsg(idx));
        s->talks = calloc(n + 1, sizeof(*s->talks));
        if (!s->talks) {
                export_fail(errmsg, "out of memory");
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                site_talk *t = &s->talks[s->ntalks];

                if (!export_id_ok(list[i].id)) {
                        note(s, 1, list[i].id, "talk id is no file name; talk left out");
                        st->failed++;
                        continue;
                }
                s->ntalks++;
                if (!(t->file = site_file_name(list[i].id, ".html"))) {
                        export_fail(errmsg, "out of memory");
                        goto out;
                }
                if (dx_talk_get(idx, list[i].id, &t->t, NULL) != 0 ||
                    dx_talk_sources(idx, list[i].id, &t->src) != 0 || load_captions(idx, t) != 0 ||
                    dx_talk_timeline(idx, list[i].id, &t->timeline) != 0) {
                        export_fail(errmsg, "%s: %s", list[i].id, dx_index_errmsg(idx));
                        goto out;
                }
                if (i == 0 || strcmp(list[i].event_id ? list[i].event_id : "",
                                     list[i - 1].event_id ? list[i - 1].event_id : "") != 0)
                        st->events++;
        }
        st->talks = s->ntalks;
        if (gather_speakers(s) != 0) {
                export_fail(errmsg, "out of memory");
                goto out;
        }
        st->speakers = s->nspeakers;
        warn_options(s);
        for (size_t i = 0; i < s->ntalks; i++) {
                render_thumbs(s, &s->talks[i], st);
                write_texts(s, &s->talks[i], st);
                render_poster(s, &s->talks[i], st);
                if (site_write_tracks(s, &s->talks[i], errmsg) != 0)
                        goto out;
        }
        if (site_write_pages(s, st, errmsg) != 0 || site_write_feed(s, errmsg) != 0 ||
            write_search(s, idx, st, errmsg) != 0 || write_assets(s, errmsg) != 0)
                goto out;
        rc = st->failed ? 1 : 0;
out:
        dx_talks_free(list, n);
        return rc;
}

int site_export(dx_index *idx, const char *outdir, const site_opts *o, site_stats *st,
                char **errmsg)
{
        site s = {.o = o, .shown = outdir};
        char *target = NULL, *parent = NULL, *tmp = NULL, *slash;
        int created = 0, inside, rc = -1, built;
        struct stat sb, ps;

        memset(st, 0, sizeof(*st));
        *errmsg = NULL;
        if (stat(outdir, &sb) != 0) {
                if (errno != ENOENT)
                        return export_fail(errmsg, "%s: %s", outdir, strerror(errno));
                if (mkdir_p(outdir, errmsg) != 0)
                        return -1;
                created = 1;
        }
        if (!(target = realpath(outdir, NULL))) {
                export_fail(errmsg, "%s: %s", outdir, strerror(errno));
                goto out;
        }
        slash = strrchr(target, '/');
        if (!slash || slash[1] == '\0') {
                export_fail(errmsg, "%s: cannot put a site in place of the root folder", outdir);
                goto out;
        }
        if (!created && !is_site(target)) {
                export_fail(errmsg,
                            "%s: holds files but no exported site (export into a new or "
                            "empty folder)",
                            outdir);
                goto out;
        }
        /* the new site is made beside the old, on the same file system */
        if (!(parent = strndup(target, slash == target ? 1 : (size_t)(slash - target))) ||
            stat(parent, &ps) != 0 || stat(target, &sb) != 0) {
                export_fail(errmsg, "%s: %s", outdir, parent ? strerror(errno) : "out of memory");
                goto out;
        }
        /* a mount point: the new site is made inside it, on its file system */
        inside = ps.st_dev != sb.st_dev;
        if (asprintf(&tmp, "%s/" TMP_PREFIX "%ld", inside ? target : parent, (long)getpid()) < 0) {
                tmp = NULL;
                export_fail(errmsg, "out of memory");
                goto out;
        }
        remove_stale(inside ? target : parent);
        if (mkdir(tmp, 0700) != 0) {
                export_fail(errmsg, "%s: cannot build the new site beside %s: %s", tmp, outdir,
                            strerror(errno));
                free(tmp);
                tmp = NULL;
                goto out;
        }
        s.outdir = tmp;
        s.olddir = created ? NULL : target;
        built = build(&s, idx, st, errmsg);
        if (built < 0)
                goto out;
        if (stat(target, &sb) != 0 || chmod(tmp, sb.st_mode & 07777) != 0) {
                export_fail(errmsg, "%s: %s", target, strerror(errno));
                goto out;
        }
        if (inside ? swap_entries(tmp, target, errmsg) != 0
                   : swap_in(tmp, target, parent, errmsg) != 0)
                goto out;
        rc = built;
out:
        if (tmp)
                rm_rf(tmp);
        if (rc < 0 && created && target)
                rmdir(target);
        site_release(&s);
        free(tmp);
        free(parent);
        free(target);
        return rc;
}
