/*
 * site.c - `doxsearch export site`: gathers every talk with its sources,
 * renders what is missing (slide thumbnails by the content hash of their
 * deck, poster frames by that of their recording), then writes the pages,
 * the feed, the search index and the embedded assets, and removes the
 * renderings and pages no talk uses any more.  Every file is written under
 * a temporary name and renamed; every name written is made here from talk
 * ids, hashes and slugs, never taken from the archive, so nothing lands
 * outside OUTDIR.
 */
#include "site.h"
#include "export.h"
#include "render.h"

#include <jansson.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
        char *path = path2(s->outdir, rel), *tmp = NULL;
        FILE *f;
        int rc = -1;

        if (!path || asprintf(&tmp, "%s.tmp%ld", path, (long)getpid()) < 0) {
                free(path);
                return export_fail(errmsg, "out of memory");
        }
        f = fopen(tmp, "wb");
        if (!f) {
                export_fail(errmsg, "%s: %s", path, strerror(errno));
                goto out;
        }
        if ((len && fwrite(data, 1, len, f) != len) | (fclose(f) != 0)) {
                export_fail(errmsg, "%s: %s", path, strerror(errno));
                unlink(tmp);
                goto out;
        }
        if (rename(tmp, path) != 0) {
                export_fail(errmsg, "%s: %s", path, strerror(errno));
                unlink(tmp);
                goto out;
        }
        rc = 0;
out:
        free(tmp);
        free(path);
        return rc;
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
        if ((n = thumbs_cached(dir)) >= 0) {
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
            dx_render_slides(pin.path, s->o->thumb_width, tmp, &pages, &err) != 0) {
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
        struct stat sb;

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
        if (stat(out, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
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
        if (thumbs_cached(dir) >= 0) {
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
        /* slugs, unique: "ana-muller", then "ana-muller-2" */
        for (size_t j = 0; j < s->nspeakers; j++) {
                char *slug = slug_of(s->speakers[j].name);

                if (!slug)
                        return -1;
                for (int k = 2;; k++) {
                        size_t i;

                        for (i = 0; i < j && strcmp(s->speakers[i].slug, slug) != 0; i++)
                                ;
                        if (i == j)
                                break;
                        char *base = slug_of(s->speakers[j].name), *next = NULL;

                        free(slug);
                        if (!base || asprintf(&next, "%s-%d", base, k) < 0) {
                                free(base);
                                return -1;
                        }
                        free(base);
                        slug = next;
                }
                s->speakers[j].slug = slug;
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

/* Delete the entries of outdir/sub that no talk wrote this time. */
static void prune_dir(const site *s, const char *sub, int (*keep)(const site *, const char *))
{
        char *dir = path2(s->outdir, sub);
        DIR *d = dir ? opendir(dir) : NULL;
        struct dirent *e;

        while (d && (e = readdir(d))) {
                char *p;

                if (e->d_name[0] == '.' || keep(s, e->d_name))
                        continue;
                p = path2(dir, e->d_name);
                if (p)
                        rm_rf(p);
                free(p);
        }
        if (d)
                closedir(d);
        free(dir);
}

/* Whether some talk's path (as picked by field, "DIR/NAME") names NAME in
 * the folder dir. */
static int keep_in(const site *s, const char *dir, const char *name,
                   const char *(*field)(const site_talk *))
{
        size_t n = strlen(dir);

        for (size_t i = 0; i < s->ntalks; i++) {
                const char *p = field(&s->talks[i]);

                if (p && strncmp(p, dir, n) == 0 && p[n] == '/' && strcmp(p + n + 1, name) == 0)
                        return 1;
        }
        return 0;
}

static const char *thumb_dir(const site_talk *t)
{
        return t->thumb_dir;
}

static const char *text_dir(const site_talk *t)
{
        return t->text_dir;
}

static const char *poster(const site_talk *t)
{
        return t->poster;
}

static int keep_thumbs(const site *s, const char *name)
{
        return keep_in(s, "slides", name, thumb_dir);
}

static int keep_text(const site *s, const char *name)
{
        return keep_in(s, "text", name, text_dir);
}

static int keep_poster(const site *s, const char *name)
{
        return keep_in(s, "posters", name, poster);
}

static int keep_talk_page(const site *s, const char *name)
{
        size_t n = strlen(name);

        for (size_t i = 0; i < s->ntalks; i++)
                if (n == strlen(s->talks[i].t.id) + 5 &&
                    strncmp(name, s->talks[i].t.id, n - 5) == 0 &&
                    strcmp(name + n - 5, ".html") == 0)
                        return 1;
        return 0;
}

static int keep_speaker_page(const site *s, const char *name)
{
        size_t n = strlen(name);

        if (strcmp(name, "index.html") == 0)
                return 1;
        for (size_t i = 0; i < s->nspeakers; i++)
                if (n == strlen(s->speakers[i].slug) + 5 &&
                    strncmp(name, s->speakers[i].slug, n - 5) == 0 &&
                    strcmp(name + n - 5, ".html") == 0)
                        return 1;
        return 0;
}

static void site_release(site *s)
{
        for (size_t i = 0; i < s->ntalks; i++) {
                site_talk *t = &s->talks[i];

                dx_talk_release(&t->t);
                dx_sources_release(&t->src);
                free(t->thumb_dir);
                free(t->poster);
                free(t->text_dir);
                for (size_t k = 0; k < t->ncue_langs; k++)
                        free(t->cue_langs[k]);
                free(t->cue_langs);
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

/* The caption languages of a talk (and whether it has any cue). */
static int load_captions(dx_index *idx, site_talk *st)
{
        dx_cue *cues = NULL;
        size_t n = 0;

        if (dx_talk_transcript(idx, st->t.id, &cues, &n) != 0)
                return -1;
        st->has_captions = n > 0;
        for (size_t i = 0; i < n; i++) {
                size_t k;

                if (!cues[i].lang)
                        continue;
                for (k = 0; k < st->ncue_langs && strcmp(st->cue_langs[k], cues[i].lang); k++)
                        ;
                if (k < st->ncue_langs)
                        continue;
                char **v = realloc(st->cue_langs, (st->ncue_langs + 1) * sizeof(*v));
                if (!v || !(v[st->ncue_langs] = strdup(cues[i].lang))) {
                        if (v)
                                st->cue_langs = v;
                        dx_transcript_free(cues, n);
                        return -1;
                }
                st->cue_langs = v;
                st->ncue_langs++;
        }
        dx_transcript_free(cues, n);
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

/* The search index is written whole into a new folder that then takes
 * the place of search/: no file of an older index is left behind. */
static int write_search(const site *s, dx_index *idx, site_stats *st, char **errmsg)
{
        static const char *const subs[] = {"", "/c", "/t", "/v"};
        char *rel = NULL, *tmp = NULL, *dst = path2(s->outdir, "search"), *old = NULL;
        int rc = -1;

        if (!dst || asprintf(&rel, "search.tmp%ld", (long)getpid()) < 0 ||
            !(tmp = path2(s->outdir, rel)) || asprintf(&old, "%s.old", tmp) < 0) {
                export_fail(errmsg, "out of memory");
                goto out;
        }
        rm_rf(tmp);
        for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
                char *d = NULL;

                if (asprintf(&d, "%s%s", tmp, subs[i]) < 0 || mkdir(d, 0777) != 0) {
                        export_fail(errmsg, "%s: cannot create: %s", d ? d : tmp, strerror(errno));
                        free(d);
                        goto out;
                }
                free(d);
        }
        if (site_write_search(s, idx, rel, st, errmsg) != 0)
                goto out;
        rm_rf(old);
        if ((rename(dst, old) != 0 && errno != ENOENT) || rename(tmp, dst) != 0) {
                export_fail(errmsg, "%s: %s", dst, strerror(errno));
                goto out;
        }
        rm_rf(old);
        rc = 0;
out:
        if (rc && tmp)
                rm_rf(tmp);
        free(old);
        free(tmp);
        free(rel);
        free(dst);
        return rc;
}

int site_export(dx_index *idx, const char *outdir, const site_opts *o, site_stats *st,
                char **errmsg)
{
        static const char *const dirs[] = {"", "talks", "speakers", "slides", "posters", "text"};
        site s = {.o = o, .outdir = outdir};
        dx_talk *list = NULL;
        size_t n = 0;
        int rc = -1;

        memset(st, 0, sizeof(*st));
        *errmsg = NULL;
        for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
                char *d = path2(outdir, dirs[i]);
                int r = d ? mkdir_p(d, errmsg) : export_fail(errmsg, "out of memory");

                free(d);
                if (r)
                        return -1;
        }
        if (dx_talk_list(idx, &list, &n) != 0)
                return export_fail(errmsg, "%s", dx_index_errmsg(idx));
        s.talks = calloc(n + 1, sizeof(*s.talks));
        if (!s.talks) {
                export_fail(errmsg, "out of memory");
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                site_talk *t = &s.talks[s.ntalks];

                if (!export_id_ok(list[i].id)) {
                        note(&s, 1, list[i].id, "talk id is no file name; talk left out");
                        st->failed++;
                        continue;
                }
                if (dx_talk_get(idx, list[i].id, &t->t, NULL) != 0 ||
                    dx_talk_sources(idx, list[i].id, &t->src) != 0 || load_captions(idx, t) != 0 ||
                    dx_talk_timeline(idx, list[i].id, &t->timeline) != 0) {
                        export_fail(errmsg, "%s: %s", list[i].id, dx_index_errmsg(idx));
                        s.ntalks++;
                        goto out;
                }
                s.ntalks++;
                if (i == 0 || strcmp(list[i].event_id ? list[i].event_id : "",
                                     list[i - 1].event_id ? list[i - 1].event_id : "") != 0)
                        st->events++;
        }
        st->talks = s.ntalks;
        if (gather_speakers(&s) != 0) {
                export_fail(errmsg, "out of memory");
                goto out;
        }
        st->speakers = s.nspeakers;
        for (size_t i = 0; i < s.ntalks; i++) {
                render_thumbs(&s, &s.talks[i], st);
                write_texts(&s, &s.talks[i], st);
                render_poster(&s, &s.talks[i], st);
        }
        if (site_write_pages(&s, st, errmsg) != 0 || site_write_feed(&s, errmsg) != 0 ||
            write_search(&s, idx, st, errmsg) != 0 || write_assets(&s, errmsg) != 0)
                goto out;
        prune_dir(&s, "slides", keep_thumbs);
        prune_dir(&s, "posters", keep_poster);
        prune_dir(&s, "text", keep_text);
        prune_dir(&s, "talks", keep_talk_page);
        prune_dir(&s, "speakers", keep_speaker_page);
        rc = st->failed ? 1 : 0;
out:
        site_release(&s);
        dx_talks_free(list, n);
        return rc;
}
