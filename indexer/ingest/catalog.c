/*
 * catalog.c - find the events and talks of an archive.  An archive is a
 * folder of event folders; an event folder may hold event.json naming its
 * talks and their files.  Files the manifest does not name are paired by
 * base name (talk.mp4 + talk.pdf).  Manifest paths and symlinks that leave
 * the archive are refused; a broken manifest is reported with its line and
 * column and the folder is catalogued as if it had none.
 */
#include "dx_ingest.h"

#include <jansson.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DX_MAX_DEPTH    8
#define DX_MANIFEST_MAX ((size_t)4 << 20)

/* What is not a recording, and the recordings that are sound only (a
 * label: the probe finds out what streams a file has). */
static const struct {
        const char *ext;
        dx_kind kind;
} kinds[] = {
    {"pdf", DX_KIND_SLIDES}, {"srt", DX_KIND_CAPTIONS}, {"vtt", DX_KIND_CAPTIONS},
    {"m4a", DX_KIND_AUDIO},  {"m4b", DX_KIND_AUDIO},    {"mka", DX_KIND_AUDIO},
    {"mp3", DX_KIND_AUDIO},  {"mp2", DX_KIND_AUDIO},    {"m2a", DX_KIND_AUDIO},
    {"mpa", DX_KIND_AUDIO},  {"ogg", DX_KIND_AUDIO},    {"oga", DX_KIND_AUDIO},
    {"opus", DX_KIND_AUDIO}, {"spx", DX_KIND_AUDIO},    {"wav", DX_KIND_AUDIO},
    {"w64", DX_KIND_AUDIO},  {"flac", DX_KIND_AUDIO},   {"aac", DX_KIND_AUDIO},
    {"adts", DX_KIND_AUDIO}, {"wma", DX_KIND_AUDIO},    {"aif", DX_KIND_AUDIO},
    {"aiff", DX_KIND_AUDIO}, {"aifc", DX_KIND_AUDIO},   {"afc", DX_KIND_AUDIO},
    {"caf", DX_KIND_AUDIO},  {"isma", DX_KIND_AUDIO},
};

/* A file's kind by its extension: slides and captions by ours, recordings
 * by the formats libavformat reads (dx_av_recording_ext()). */
dx_kind dx_kind_of(const char *name)
{
        const char *dot = strrchr(name, '.');
        size_t i;

        if (!dot || dot == name || strchr(dot, '/'))
                return DX_KIND_OTHER;
        for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
                if (strcasecmp(dot + 1, kinds[i].ext) == 0)
                        break;
        if (i < sizeof(kinds) / sizeof(kinds[0]) && kinds[i].kind != DX_KIND_AUDIO)
                return kinds[i].kind;
        if (!dx_av_recording_ext(dot + 1))
                return DX_KIND_OTHER;
        return i < sizeof(kinds) / sizeof(kinds[0]) ? DX_KIND_AUDIO : DX_KIND_VIDEO;
}

/* Everything one scan carries around. */
typedef struct scan {
        const char *root; /* archive root as given */
        char *real_root;  /* its realpath, to check symlinks */
        dx_note_fn note;
        void *ud;
        dx_catalog *cat;
        dx_buf refused; /* "\n"-separated paths already reported */
        size_t walked;  /* files of the event being planned found by walking */
} scan;

static void problem(scan *s, dx_note_level lvl, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(scan *s, dx_note_level lvl, const char *rel, const char *fmt, ...)
{
        char *path = rel ? dx_path_join(s->cat->display, rel) : dx_strdup(s->cat->display);
        dx_buf b = DX_BUF_INIT;
        va_list ap;

        va_start(ap, fmt);
        dx_buf_vaddf(&b, fmt, ap);
        va_end(ap);
        if (lvl == DX_NOTE_ERROR)
                s->cat->problems++;
        if (s->note)
                s->note(s->ud, lvl, path, b.s ? b.s : "");
        dx_buf_release(&b);
        free(path);
}

static int add_file(dx_event_plan *ev, const char *rel, const char *abs, dx_kind kind,
                    const struct stat *sb)
{
        dx_file *v = dx_realloc(ev->files, (ev->nfiles + 1) * sizeof(*v));
        dx_file *f;

        if (!v)
                return DX_ENOMEM;
        ev->files = v;
        f = &v[ev->nfiles];
        memset(f, 0, sizeof(*f));
        f->rel = dx_strdup(rel);
        f->abs = dx_strdup(abs);
        f->kind = kind;
        f->size = sb ? (int64_t)sb->st_size : -1;
        f->mtime_ns = sb ? (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec : -1;
        if (!f->rel || !f->abs) {
                free(f->rel);
                free(f->abs);
                return DX_ENOMEM;
        }
        ev->nfiles++;
        return 0;
}

/* Was rel refused before?  Then it has been reported once already. */
static int refused(const scan *s, const char *rel)
{
        size_t n = strlen(rel);

        for (const char *p = s->refused.s; p && *p; p = strchr(p, '\n') + 1)
                if (strncmp(p, rel, n) == 0 && p[n] == '\n')
                        return 1;
        return 0;
}

/* Refuse rel from now on: it has been reported. */
static void refuse(scan *s, const char *rel)
{
        dx_buf_adds(&s->refused, rel);
        dx_buf_addc(&s->refused, '\n');
}

/* Drop "." and resolve ".." in an absolute path, by its text alone. */
static void squash_dots(char *p)
{
        char *w = p, *r = p;

        while (*r) {
                while (*r == '/')
                        r++;
                if (!*r)
                        break;
                size_t n = strcspn(r, "/");
                if (n == 1 && r[0] == '.') {
                        r += n;
                } else if (n == 2 && r[0] == '.' && r[1] == '.') {
                        while (w > p && *--w != '/')
                                ;
                        r += n;
                } else {
                        *w++ = '/';
                        memmove(w, r, n);
                        w += n;
                        r += n;
                }
        }
        if (w == p)
                *w++ = '/';
        *w = '\0';
}

/* Where a path that does not resolve would lead, told from its nearest
 * folder that does: a dangling symlink's text is read from its folder,
 * and missing names are appended as they are.  NULL when that cannot be
 * told. */
static char *dangling_target(const char *abs, const struct stat *lsb)
{
        char *dir = dx_strdup(abs), *rdir = NULL, *out = NULL, *slash;
        const char *tail;
        char link[PATH_MAX];
        ssize_t n;

        if (!dir)
                return NULL;
        /* the folder a name hangs from, climbing while it is missing too */
        for (;;) {
                slash = strrchr(dir, '/');
                if (!slash) {
                        rdir = realpath(".", NULL);
                        tail = abs;
                        break;
                }
                *slash = '\0';
                tail = abs + (slash - dir) + 1;
                if ((rdir = realpath(*dir ? dir : "/", NULL)) || !*dir)
                        break;
        }
        if (rdir && lsb && S_ISLNK(lsb->st_mode) && !strchr(tail, '/')) {
                n = readlink(abs, link, sizeof(link) - 1);
                if (n > 0) {
                        link[n] = '\0';
                        out = link[0] == '/' ? dx_strdup(link) : dx_path_join(rdir, link);
                }
        } else if (rdir) {
                out = dx_path_join(rdir, tail);
        }
        free(rdir);
        free(dir);
        if (out)
                squash_dots(out);
        return out;
}

/* Stat a file, following symlinks (in any part of its path) only when
 * where it resolves to stays inside the archive.  Returns 0 and fills
 * *sb, or a negative value after reporting why the file is skipped.  The
 * resolved path is not named: the archive's author knows it, and the
 * archivist's log need not show the host's folders to whoever reads it. */
static int stat_inside(scan *s, const char *rel, const char *abs, struct stat *sb)
{
        struct stat lsb;
        char *real;
        int have;

        if (refused(s, rel))
                return DX_ERR;
        have = lstat(abs, &lsb) == 0;
        real = have ? realpath(abs, NULL) : NULL;
        if (!real) {
                int e = errno;

                /* a path is refused alike whether or not what it leads to
                 * outside exists: its messages tell nothing of the outside */
                real = dangling_target(abs, have ? &lsb : NULL);
                if (!real || dx_path_inside(s->real_root, real)) {
                        problem(s, DX_NOTE_ERROR, rel, "cannot read: %s", strerror(e));
                        free(real);
                        return DX_ERR;
                }
        }
        if (!dx_path_inside(s->real_root, real)) {
                problem(s, DX_NOTE_ERROR, rel, "outside the archive (a symlink leads out of it)");
                refuse(s, rel);
                free(real);
                return DX_ERR;
        }
        free(real);
        if (!S_ISLNK(lsb.st_mode)) {
                *sb = lsb;
                return 0;
        }
        if (stat(abs, sb) != 0) {
                problem(s, DX_NOTE_ERROR, rel, "cannot read: %s", strerror(errno));
                return DX_ERR;
        }
        return 0;
}

static int cmp_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a folder, sorted, without dot files.  NULL on error. */
static char **list_dir(const char *path, size_t *n, int *err)
{
        DIR *d = path ? opendir(path) : NULL;
        struct dirent *de;
        char **v = NULL;
        size_t alloc = 0;

        *n = 0;
        *err = path ? 0 : ENOMEM;
        if (!path)
                return NULL;
        if (!d) {
                *err = errno;
                return NULL;
        }
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                /* a name left out would be a file left out */
                if (DX_GROW(v, *n + 1, alloc) || !(v[*n] = dx_strdup(de->d_name))) {
                        dx_strv_free(v, *n);
                        *n = 0;
                        closedir(d);
                        *err = ENOMEM;
                        return NULL;
                }
                (*n)++;
        }
        closedir(d);
        if (*n)
                qsort(v, *n, sizeof(*v), cmp_name);
        if (!v && !(v = dx_calloc(1, sizeof(*v))))
                *err = ENOMEM;
        return v;
}

/* Collect the media and slide files under one event folder. */
static void walk(scan *s, dx_event_plan *ev, const char *rel, int depth)
{
        char *abs = dx_path_join(s->root, rel);
        size_t n = 0;
        int err = 0;
        char **names = list_dir(abs, &n, &err);

        if (!names) {
                problem(s, DX_NOTE_ERROR, rel, "cannot read folder: %s", strerror(err));
                free(abs);
                return;
        }
        for (size_t i = 0; i < n; i++) {
                char *crel = dx_path_join(rel, names[i]);
                char *cabs = dx_path_join(s->root, crel);
                struct stat lsb, sb;
                dx_kind kind;

                if (!crel || !cabs) { /* out of memory: the walk fails */
                        free(crel);
                        free(cabs);
                        break;
                }
                if (lstat(cabs, &lsb) != 0) {
                        problem(s, DX_NOTE_ERROR, crel, "cannot read: %s", strerror(errno));
                } else if (S_ISDIR(lsb.st_mode)) {
                        if (depth < DX_MAX_DEPTH)
                                walk(s, ev, crel, depth + 1);
                        else
                                problem(s, DX_NOTE_WARNING, crel,
                                        "folder nested too deep, skipped");
                } else if ((kind = dx_kind_of(names[i])) != DX_KIND_OTHER) {
                        if (!dx_utf8_valid(names[i], strlen(names[i])))
                                problem(s, DX_NOTE_WARNING, crel,
                                        "file name is not valid UTF-8 (shown as Latin-1)");
                        /* symlinked folders are not followed: no loops */
                        if (stat_inside(s, crel, cabs, &sb) == 0) {
                                if (S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode))
                                        add_file(ev, crel, cabs, kind, &sb);
                                else
                                        problem(s, DX_NOTE_ERROR, crel, "not a regular file");
                        }
                }
                free(crel);
                free(cabs);
        }
        dx_strv_free(names, n);
        free(abs);
}

/* The base name of a path without folder and extension. */
static char *stem_of(const char *rel)
{
        const char *b = strrchr(rel, '/');
        const char *dot;

        b = b ? b + 1 : rel;
        dot = strrchr(b, '.');
        return dot && dot != b ? dx_strndup(b, (size_t)(dot - b)) : dx_strdup(b);
}

/* ---- event.json --------------------------------------------------------- */

static char *jstr(json_t *obj, const char *key)
{
        json_t *v = json_object_get(obj, key);
        char *r;

        if (!json_is_string(v))
                return NULL;
        r = dx_strdup(json_string_value(v));
        if (r)
                dx_squeeze_space(r);
        if (r && !*r) {
                free(r);
                r = NULL;
        }
        return r;
}

static char **jstrv(json_t *obj, const char *key, size_t *n)
{
        json_t *v = json_object_get(obj, key), *e;
        char **out;
        size_t i;

        *n = 0;
        if (json_is_string(v)) {
                out = dx_calloc(1, sizeof(*out));
                if (out && (out[0] = jstr(obj, key)))
                        *n = 1;
                return out;
        }
        if (!json_is_array(v))
                return NULL;
        out = dx_calloc(json_array_size(v) + 1, sizeof(*out));
        if (!out)
                return NULL;
        json_array_foreach(v, i, e)
        {
                if (json_is_string(e) && json_string_value(e)[0])
                        out[(*n)++] = dx_strdup(json_string_value(e));
        }
        return out;
}

/* A name, role or company cut to DX_SPEAKER_MAX_TEXT bytes at a UTF-8
 * boundary; 1 when it was cut. */
static int cut_field(char *f)
{
        size_t n = f ? strlen(f) : 0;

        if (n <= DX_SPEAKER_MAX_TEXT)
                return 0;
        f[dx_utf8_cut(f, DX_SPEAKER_MAX_TEXT)] = '\0';
        return 1;
}

/* The speakers of talk no (from 1) of the manifest at mrel: at most
 * DX_SPEAKERS_MAX of them, each field cut to DX_SPEAKER_MAX_TEXT bytes,
 * with a warning, so that a small manifest cannot make a site of
 * gigabytes (each speaker's page lists the talk with all its speakers). */
static void parse_speakers(scan *s, const char *mrel, size_t no, json_t *talk, dx_talk_plan *tp)
{
        json_t *v = json_object_get(talk, "speakers"), *e;
        size_t i, cut = 0, dropped = 0;

        if (!v)
                v = json_object_get(talk, "speaker");
        if (json_is_string(v) || json_is_object(v)) {
                json_t *arr = json_array();
                json_array_append(arr, v);
                v = arr;
        } else {
                json_incref(v);
        }
        if (!json_is_array(v)) {
                json_decref(v);
                return;
        }
        tp->speakers = dx_calloc(json_array_size(v) + 1, sizeof(*tp->speakers));
        if (!tp->speakers) {
                json_decref(v);
                problem(s, DX_NOTE_ERROR, mrel, "talk %zu: out of memory", no);
                return;
        }
        json_array_foreach(v, i, e)
        {
                dx_speaker *sp = &tp->speakers[tp->nspeakers];

                if (tp->nspeakers == DX_SPEAKERS_MAX) {
                        dropped++;
                        continue;
                }

                if (json_is_string(e)) {
                        sp->name = dx_strdup(json_string_value(e));
                        dx_squeeze_space(sp->name);
                } else if (json_is_object(e)) {
                        sp->name = jstr(e, "name");
                        sp->role = jstr(e, "role");
                        sp->company = jstr(e, "company");
                }
                if (sp->name && *sp->name) {
                        cut += cut_field(sp->name) + cut_field(sp->role) + cut_field(sp->company);
                        tp->nspeakers++;
                } else {
                        free(sp->name);
                        free(sp->role);
                        free(sp->company);
                        memset(sp, 0, sizeof(*sp));
                }
        }
        json_decref(v);
        if (dropped)
                problem(s, DX_NOTE_WARNING, mrel,
                        "talk %zu: %zu speakers more than %d: only the first %d are kept", no,
                        dropped, DX_SPEAKERS_MAX, DX_SPEAKERS_MAX);
        if (cut)
                problem(s, DX_NOTE_WARNING, mrel,
                        "talk %zu: %zu speaker names, roles or companies over %d bytes: cut", no,
                        cut, DX_SPEAKER_MAX_TEXT);
}

/* Lexically resolve a manifest path against the event folder.  NULL (with
 * *why) when it is absolute or climbs out of the archive. */
static char *resolve_rel(const char *evdir, const char *p, const char **why)
{
        dx_buf b = DX_BUF_INIT;
        char *joined, *save = NULL, *tok;
        char **parts;
        size_t n = 0;

        if (p[0] == '/' || p[0] == '\\' || (p[0] && p[1] == ':')) {
                *why = "is an absolute path";
                return NULL;
        }
        joined = dx_path_join(evdir, p);
        parts = joined ? dx_calloc(strlen(joined) / 2 + 2, sizeof(*parts)) : NULL;
        if (!parts) { /* counted: the walk fails */
                free(joined);
                *why = "cannot be read (out of memory)";
                return NULL;
        }
        for (tok = strtok_r(joined, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
                if (strcmp(tok, ".") == 0)
                        continue;
                if (strcmp(tok, "..") == 0) {
                        if (n == 0) {
                                *why = "leaves the archive";
                                free(parts);
                                free(joined);
                                return NULL;
                        }
                        n--;
                        continue;
                }
                parts[n++] = tok;
        }
        for (size_t i = 0; i < n; i++) {
                if (i)
                        dx_buf_addc(&b, '/');
                dx_buf_adds(&b, parts[i]);
        }
        free(parts);
        free(joined);
        /* a file belongs to the event whose folder holds it */
        size_t dl = strlen(evdir);
        if (!b.len || strncmp(b.s, evdir, dl) != 0 || b.s[dl] != '/' || !b.s[dl + 1]) {
                *why = b.len && strncmp(b.s, evdir, dl) != 0 ? "is outside the event folder"
                                                             : "names no file";
                dx_buf_release(&b);
                return NULL;
        }
        return dx_buf_detach(&b);
}

/* Whether a file of kind k can be a talk's what ("video", "slides",
 * "captions"): a deck named as the recording, or a recording as the
 * slides, is an error in the manifest, not a talk made of the wrong file. */
static int kind_fits(scan *s, const char *mrel, int talkno, const char *what, const char *p,
                     dx_kind k)
{
        int fits = strcmp(what, "slides") == 0     ? k == DX_KIND_SLIDES
                   : strcmp(what, "captions") == 0 ? k == DX_KIND_CAPTIONS
                                                   : k == DX_KIND_VIDEO || k == DX_KIND_AUDIO;

        if (!fits)
                problem(s, DX_NOTE_ERROR, mrel, "talk %d: %s \"%s\" is %s", talkno, what, p,
                        k == DX_KIND_SLIDES     ? "a slide deck"
                        : k == DX_KIND_CAPTIONS ? "a caption file"
                        : k == DX_KIND_OTHER    ? "no recording, slides or captions"
                                                : "a recording");
        return fits;
}

int dx_plan_note_add(dx_event_plan *ev, const char *kind, int talk, const char *file,
                     const char *message, const char *suggestion)
{
        dx_plan_note *v = realloc(ev->notes, (ev->nnotes + 1) * sizeof(*v));
        dx_plan_note *n;

        if (!v)
                return DX_ENOMEM;
        ev->notes = v;
        n = &v[ev->nnotes];
        n->kind = kind;
        n->talk = talk;
        n->file = file ? dx_strdup(file) : NULL;
        n->message = dx_strdup(message);
        n->suggestion = suggestion ? dx_strdup(suggestion) : NULL;
        if (!n->message) {
                free(n->file);
                free(n->suggestion);
                return DX_ENOMEM;
        }
        ev->nnotes++;
        return 0;
}

/* The file of the event folder (of the kind a manifest's key asks for)
 * whose name is closest to the missing rel: a typo, a renamed file.
 * NULL when none is close (at most a third of the name differs). */
static const char *closest_file(const dx_event_plan *ev, size_t nwalked, const char *rel,
                                const char *what)
{
        const char *best = NULL, *base = strrchr(rel, '/');
        char *want = dx_name_fold(base ? base + 1 : rel);
        size_t best_d = 0, max;

        if (!want)
                return NULL;
        max = strlen(want) / 3 > 2 ? strlen(want) / 3 : 2;
        for (size_t i = 0; i < nwalked; i++) {
                const dx_file *f = &ev->files[i];
                int kind_ok = strcmp(what, "slides") == 0 ? f->kind == DX_KIND_SLIDES
                              : strcmp(what, "captions") == 0
                                  ? f->kind == DX_KIND_CAPTIONS
                                  : f->kind == DX_KIND_VIDEO || f->kind == DX_KIND_AUDIO;
                const char *b = strrchr(f->rel, '/');
                char *have;
                size_t d;

                if (!kind_ok || !(have = dx_name_fold(b ? b + 1 : f->rel)))
                        continue;
                d = dx_edit_distance(want, have, max);
                if (d <= max && (!best || d < best_d)) {
                        best = f->rel;
                        best_d = d;
                }
                free(have);
        }
        free(want);
        return best;
}

/* Is abs, which does not exist, missing inside the archive (not behind a
 * symlink that leads out of it, which stat_inside() refuses alike)? */
static int missing_inside(const scan *s, const char *abs)
{
        char *where = dangling_target(abs, NULL);
        int inside = where && dx_path_inside(s->real_root, where);

        free(where);
        return inside;
}

/* Find or add the file a manifest names; -1 after reporting a problem. */
static int manifest_file(scan *s, dx_event_plan *ev, const char *mrel, int talkno, const char *what,
                         const char *p)
{
        const char *why = NULL;
        char *rel = resolve_rel(ev->dir, p, &why);
        char *abs;
        struct stat sb;
        int idx = -1;

        if (!rel) {
                problem(s, DX_NOTE_ERROR, mrel, "talk %d: %s \"%s\" %s", talkno, what, p, why);
                return -1;
        }
        for (size_t i = 0; i < ev->nfiles; i++)
                if (strcmp(ev->files[i].rel, rel) == 0) {
                        idx = kind_fits(s, mrel, talkno, what, p, ev->files[i].kind) ? (int)i : -1;
                        free(rel);
                        return idx;
                }
        abs = dx_path_join(s->root, rel);
        if (!refused(s, rel) && lstat(abs, &sb) != 0 && errno == ENOENT && missing_inside(s, abs)) {
                /* pointing nowhere: say what is there instead */
                const char *near = closest_file(ev, s->walked, rel, what);
                char *msg = dx_asprintf("talk %d: %s \"%s\" names no file", talkno, what, p);
                char *hint = near ? dx_asprintf("did you mean %s?", near) : NULL;

                problem(s, DX_NOTE_ERROR, rel, "cannot read: %s%s%s%s", strerror(ENOENT),
                        near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
                dx_plan_note_add(ev, "dangling", (int)ev->ntalks, mrel, msg ? msg : "", hint);
                free(msg);
                free(hint);
                free(abs);
                free(rel);
                return -1;
        }
        if (stat_inside(s, rel, abs, &sb) == 0) {
                if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
                        problem(s, DX_NOTE_ERROR, rel, "not a regular file");
                } else {
                        dx_kind k = dx_kind_of(rel);
                        if (k == DX_KIND_OTHER)
                                k = strcmp(what, "slides") == 0     ? DX_KIND_SLIDES
                                    : strcmp(what, "captions") == 0 ? DX_KIND_CAPTIONS
                                                                    : DX_KIND_VIDEO;
                        if (kind_fits(s, mrel, talkno, what, p, k) &&
                            add_file(ev, rel, abs, k, &sb) == 0)
                                idx = (int)ev->nfiles - 1;
                }
        }
        free(abs);
        free(rel);
        return idx;
}

/* A talk's "captions": [{"file": "talk.de.vtt", "lang": "de"}, ...] (or
 * plain file names).  The claimed array has room for every entry. */
static void manifest_captions(scan *s, dx_event_plan *ev, const char *mrel, int talkno,
                              json_t *list, dx_talk_plan *tp, char *claimed)
{
        size_t i;
        json_t *c;

        if (!list)
                return;
        if (!json_is_array(list)) {
                problem(s, DX_NOTE_ERROR, mrel, "talk %d: captions is not a list", talkno);
                return;
        }
        json_array_foreach(list, i, c)
        {
                json_t *jf = json_is_object(c) ? json_object_get(c, "file") : c;
                char *lang = json_is_object(c) ? jstr(c, "lang") : NULL;
                int k = -1, *v;

                if (json_is_string(jf) && json_string_value(jf)[0])
                        k = manifest_file(s, ev, mrel, talkno, "captions", json_string_value(jf));
                else
                        problem(s, DX_NOTE_ERROR, mrel, "talk %d: caption %zu names no file",
                                talkno, i + 1);
                if (k < 0 || ev->files[k].kind != DX_KIND_CAPTIONS ||
                    !(v = dx_realloc(tp->captions, (tp->ncaptions + 1) * sizeof(*v)))) {
                        free(lang);
                        continue;
                }
                tp->captions = v;
                tp->captions[tp->ncaptions++] = k;
                claimed[k] = 1;
                if (lang && *lang && !ev->files[k].lang)
                        ev->files[k].lang = lang;
                else
                        free(lang);
        }
}

/* Read at most max bytes of an open file; NULL (errno set) on failure,
 * and with *n = max + 1 when there is more. */
static char *read_capped(int fd, size_t max, size_t *n)
{
        char *buf = dx_calloc(max + 2, 1);
        ssize_t k = 0;

        *n = 0;
        while (buf && *n <= max && (k = read(fd, buf + *n, max + 1 - *n)) > 0)
                *n += (size_t)k;
        if (buf && k < 0) {
                int e = errno;
                free(buf);
                errno = e;
                return NULL;
        }
        if (buf)
                buf[*n] = '\0';
        return buf;
}

/* Load event.json: checked like every file of the archive, then read
 * through the file checked (dx_pin_open), never by its name again. */
static int load_manifest(scan *s, dx_event_plan *ev, const char *mrel, json_t **out)
{
        char *abs = dx_path_join(s->root, mrel), *err = NULL, *text = NULL;
        dx_pinned pin = {.fd = -1};
        json_error_t je;
        json_t *root = NULL;
        struct stat sb;
        size_t len;
        int rc = DX_ERR, nomem;

        *out = NULL;
        if (!abs)
                return DX_ENOMEM;
        if (lstat(abs, &sb) != 0 && errno == ENOENT) {
                free(abs);
                return 0;
        }
        if (stat_inside(s, mrel, abs, &sb) != 0)
                goto out;
        if (dx_pin_open(&pin, s->real_root, abs, &err) != 0 || fstat(pin.fd, &sb) != 0) {
                problem(s, DX_NOTE_ERROR, mrel, "%s", err ? err : strerror(errno));
                goto out;
        }
        if ((size_t)sb.st_size > DX_MANIFEST_MAX) {
                problem(s, DX_NOTE_ERROR, mrel, "manifest too large (%lld bytes)",
                        (long long)sb.st_size);
                goto out;
        }
        add_file(ev, mrel, abs, DX_KIND_OTHER, &sb);
        text = read_capped(pin.fd, DX_MANIFEST_MAX, &len);
        if (!text || len > DX_MANIFEST_MAX) {
                problem(s, DX_NOTE_ERROR, mrel, "%s",
                        text ? "manifest too large" : strerror(errno));
                goto out;
        }
        root = dx_json_loadb(text, len, JSON_REJECT_DUPLICATES, &je, &nomem);
        if (!root && nomem) { /* the walk fails as a whole: dx_alloc_failures() */
                rc = DX_ENOMEM;
                goto out;
        }
        if (!root) {
                if (je.line > 0)
                        problem(s, DX_NOTE_ERROR, mrel,
                                "%d:%d: %s (the folder is indexed without it)", je.line, je.column,
                                je.text);
                else
                        problem(s, DX_NOTE_ERROR, mrel, "%s (the folder is indexed without it)",
                                je.text);
                goto out;
        }
        if (!json_is_object(root)) {
                problem(s, DX_NOTE_ERROR, mrel,
                        "not a JSON object (the folder is indexed without it)");
                json_decref(root);
                goto out;
        }
        *out = root;
        rc = 0;
out:
        dx_pin_close(&pin);
        free(text);
        free(err);
        free(abs);
        return rc;
}

/* The base name of a manifest path that stays in the event folder. */
static char *slug_hint(const dx_event_plan *ev, const char *p)
{
        const char *why = NULL;
        char *rel = resolve_rel(ev->dir, p, &why);
        char *stem = rel ? stem_of(rel) : NULL;

        free(rel);
        return stem;
}

/* The "date" of an event (talkno 0) or a talk in event.json, when it is a
 * real date: "YYYY", "YYYY-MM" or "YYYY-MM-DD", perhaps followed by a
 * time.  Anything else is named in a warning and taken as no date. */
static char *manifest_date(scan *s, const char *mrel, json_t *obj, int talkno)
{
        char *v = jstr(obj, "date"), d[11], talk[32] = "";
        size_t n;

        if (!v)
                return NULL;
        if (dx_date_prefix(v, 1, d, &n) == DX_DATE_OK && (!v[n] || v[n] == 'T' || v[n] == ' ')) {
                free(v);
                return dx_strdup(d);
        }
        if (talkno)
                snprintf(talk, sizeof(talk), "talk %d: ", talkno);
        problem(s, DX_NOTE_WARNING, mrel,
                "%sdate \"%.40s\" is no real date (YYYY-MM-DD, years %d to %d): taken as unknown",
                talk, v, DX_YEAR_MIN, DX_YEAR_MAX);
        free(v);
        return NULL;
}

/* A talk's schedule length in seconds: "length" in minutes (a number, or
 * "45 min"), or "H:MM:SS" / "MM:SS"; or "start" and "end" as "HH:MM" of
 * one day.  0 when the manifest gives none it can be read from. */
static double manifest_length(json_t *t)
{
        json_t *l = json_object_get(t, "length");
        const char *a, *b;
        int h1, m1, h2, m2, x, y, z;
        char unit[8];

        if (json_is_number(l))
                return json_number_value(l) > 0 ? json_number_value(l) * 60 : 0;
        if (json_is_string(l)) {
                a = json_string_value(l);
                if (sscanf(a, "%d:%d:%d", &x, &y, &z) == 3 && x >= 0 && y >= 0 && z >= 0)
                        return x * 3600.0 + y * 60 + z;
                if (sscanf(a, "%d:%d", &x, &y) == 2 && x >= 0 && y >= 0)
                        return x * 60.0 + y;
                if (sscanf(a, "%d %7s", &x, unit) >= 1 && x > 0)
                        return x * 60.0;
                return 0;
        }
        a = json_string_value(json_object_get(t, "start"));
        b = json_string_value(json_object_get(t, "end"));
        if (a && b && sscanf(a, "%d:%d", &h1, &m1) == 2 && sscanf(b, "%d:%d", &h2, &m2) == 2 &&
            h2 * 60 + m2 > h1 * 60 + m1)
                return (h2 * 60 + m2 - h1 * 60 - m1) * 60.0;
        return 0;
}

static void plan_manifest(scan *s, dx_event_plan *ev, const char *mrel, json_t *root, char *claimed)
{
        json_t *talks = json_object_get(root, "talks"), *t;
        size_t i;
        char *v;

        if ((v = jstr(root, "name"))) {
                free(ev->name);
                ev->name = v;
        }
        if ((v = manifest_date(s, mrel, root, 0))) {
                free(ev->date);
                ev->date = v;
                ev->date_src = "manifest";
        }
        ev->description = jstr(root, "description");
        ev->venues = jstrv(root, "venues", &ev->nvenues);
        if (!ev->nvenues) {
                free(ev->venues);
                ev->venues = jstrv(root, "venue", &ev->nvenues);
        }
        if (talks && !json_is_array(talks)) {
                problem(s, DX_NOTE_ERROR, mrel, "\"talks\" is not an array");
                return;
        }
        ev->talks = dx_calloc(json_array_size(talks) + 1, sizeof(*ev->talks));
        if (!ev->talks) /* counted: the walk fails */
                return;
        json_array_foreach(talks, i, t)
        {
                dx_talk_plan *tp = &ev->talks[ev->ntalks];
                json_t *jv, *js;

                if (!json_is_object(t)) {
                        problem(s, DX_NOTE_ERROR, mrel, "talk %zu is not an object", i + 1);
                        continue;
                }
                memset(tp, 0, sizeof(*tp));
                tp->video = tp->slides = -1;
                tp->title = jstr(t, "title");
                tp->abstract = jstr(t, "abstract");
                tp->date = manifest_date(s, mrel, t, (int)i + 1);
                tp->room = jstr(t, "room");
                tp->tags = jstrv(t, "tags", &tp->ntags);
                parse_speakers(s, mrel, i + 1, t, tp);
                jv = json_object_get(t, "video");
                js = json_object_get(t, "slides");
                if (!jv)
                        jv = json_object_get(t, "recording");
                /* the id comes from the file the manifest names, even while
                 * the file is missing, but never from a refused path */
                if (json_is_string(jv) && json_string_value(jv)[0])
                        tp->slug_hint = slug_hint(ev, json_string_value(jv));
                if (!tp->slug_hint && json_is_string(js) && json_string_value(js)[0])
                        tp->slug_hint = slug_hint(ev, json_string_value(js));
                if (json_is_string(jv) && json_string_value(jv)[0])
                        tp->video =
                            manifest_file(s, ev, mrel, (int)i + 1, "video", json_string_value(jv));
                if (json_is_string(js) && json_string_value(js)[0])
                        tp->slides =
                            manifest_file(s, ev, mrel, (int)i + 1, "slides", json_string_value(js));
                if (tp->video >= 0)
                        claimed[tp->video] = 1;
                if (tp->slides >= 0)
                        claimed[tp->slides] = 1;
                tp->manifest = 1;
                if (tp->video >= 0 && tp->slides >= 0)
                        tp->paired_by = "manifest";
                tp->length = manifest_length(t);
                manifest_captions(s, ev, mrel, (int)i + 1, json_object_get(t, "captions"), tp,
                                  claimed);
                ev->ntalks++;
        }
}

/* Pair the files no manifest claimed: same folder and base name, one talk. */
static void plan_pairs(dx_event_plan *ev, char *claimed, size_t nmedia)
{
        dx_talk_plan *v;

        v = dx_realloc(ev->talks, (ev->ntalks + nmedia + 1) * sizeof(*v));
        if (!v)
                return;
        ev->talks = v;
        for (size_t i = 0; i < nmedia; i++) {
                dx_talk_plan *tp;
                const char *dot_i;
                size_t keylen;

                if (claimed[i] || ev->files[i].kind == DX_KIND_OTHER ||
                    ev->files[i].kind == DX_KIND_CAPTIONS)
                        continue;
                tp = &ev->talks[ev->ntalks++];
                memset(tp, 0, sizeof(*tp));
                tp->video = tp->slides = -1;
                dot_i = strrchr(ev->files[i].rel, '.');
                keylen = dot_i ? (size_t)(dot_i - ev->files[i].rel) : strlen(ev->files[i].rel);
                for (size_t j = i; j < nmedia; j++) {
                        const dx_file *f = &ev->files[j];
                        const char *dot_j = strrchr(f->rel, '.');
                        int *slot;

                        if (claimed[j] || f->kind == DX_KIND_OTHER || f->kind == DX_KIND_CAPTIONS ||
                            !dot_j || (size_t)(dot_j - f->rel) != keylen ||
                            strncmp(f->rel, ev->files[i].rel, keylen) != 0)
                                continue;
                        slot = f->kind == DX_KIND_SLIDES ? &tp->slides : &tp->video;
                        if (*slot >= 0)
                                continue; /* a second recording: a talk of its own */
                        *slot = (int)j;
                        claimed[j] = 1;
                }
                if (tp->video >= 0 && tp->slides >= 0)
                        tp->paired_by = "name";
        }
}

/* Words after a recording's base name that say what a caption file is
 * rather than its language (talk.en.forced.srt, talk.sdh.vtt). */
static int caption_flag(const char *s, size_t n)
{
        static const char *const flags[] = {"forced", "sdh", "cc", "hi", "default", "auto"};

        for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
                if (strlen(flags[i]) == n && strncasecmp(s, flags[i], n) == 0)
                        return 1;
        return 0;
}

/* Attach each caption file nobody claimed to the talk whose recording (or
 * else slides) has its base name: talk.srt, talk.en.vtt and
 * talk.en.forced.srt belong to talk.mp4; the first word after the base
 * name that is no flag is the language.  A caption file that fits no talk
 * is named in a warning. */
static void plan_captions(scan *s, dx_event_plan *ev, const char *claimed)
{
        for (size_t i = 0; i < ev->nfiles; i++) {
                dx_file *f = &ev->files[i];
                const char *dot = strrchr(f->rel, '.');
                size_t cut = dot ? (size_t)(dot - f->rel) : strlen(f->rel), best_len = 0;
                dx_talk_plan *best = NULL;
                int *v;

                if (f->kind != DX_KIND_CAPTIONS || claimed[i])
                        continue;
                for (size_t t = 0; t < ev->ntalks; t++) {
                        int k = ev->talks[t].video >= 0 ? ev->talks[t].video : ev->talks[t].slides;
                        const char *r, *d;
                        size_t l;

                        if (k < 0)
                                continue;
                        r = ev->files[k].rel;
                        d = strrchr(r, '.');
                        l = d ? (size_t)(d - r) : strlen(r);
                        if (l > cut || strncmp(r, f->rel, l) != 0 ||
                            (l < cut && f->rel[l] != '.') || l <= best_len)
                                continue;
                        best = &ev->talks[t];
                        best_len = l;
                }
                if (!best) {
                        problem(s, DX_NOTE_WARNING, f->rel,
                                "caption file of no talk (name it after the recording or the "
                                "slides: talk.srt, talk.en.vtt)");
                        continue;
                }
                v = dx_realloc(best->captions, (best->ncaptions + 1) * sizeof(*v));
                if (!v)
                        return;
                best->captions = v;
                best->captions[best->ncaptions++] = (int)i;
                for (size_t p = best_len; p < cut && !f->lang;) {
                        size_t q = p + 1, e = q;

                        while (e < cut && f->rel[e] != '.')
                                e++;
                        if (e > q && e - q <= 8 && !caption_flag(f->rel + q, e - q))
                                f->lang = dx_strndup(f->rel + q, e - q);
                        p = e;
                }
        }
}

static void assign_slugs(dx_event_plan *ev)
{
        for (size_t i = 0; i < ev->ntalks; i++) {
                dx_talk_plan *tp = &ev->talks[i];
                char *base = NULL;

                if (tp->slug_hint)
                        base = dx_strdup(tp->slug_hint);
                else if (tp->video >= 0)
                        base = stem_of(ev->files[tp->video].rel);
                else if (tp->slides >= 0)
                        base = stem_of(ev->files[tp->slides].rel);
                /* a base name that could not be copied is counted: the
                 * walk fails, and so no slug of a title stands for it */
                tp->slug = dx_slugify(base ? base : tp->title ? tp->title : "");
                free(base);
                if (tp->slug && !*tp->slug) {
                        free(tp->slug);
                        tp->slug = dx_asprintf("talk-%zu", i + 1);
                }
                if (!tp->slug)
                        return;
                for (int k = 2;; k++) {
                        size_t j;
                        for (j = 0; j < i; j++)
                                if (strcmp(ev->talks[j].slug, tp->slug) == 0)
                                        break;
                        if (j == i)
                                break;
                        char *n = dx_asprintf("%s-%d", ev->talks[j].slug, k);
                        free(tp->slug);
                        if (!(tp->slug = n))
                                return;
                }
        }
}

/* FNV-1a over the event's inputs: file names, sizes and times. */
static void sign(dx_event_plan *ev)
{
        uint64_t h = dx_fnv(DX_FNV_INIT, "dx1", 3);
        char num[64];

        for (size_t i = 0; i < ev->nfiles; i++) {
                const dx_file *f = &ev->files[i];
                int n = snprintf(num, sizeof(num), "|%lld|%lld|", (long long)f->size,
                                 (long long)f->mtime_ns);
                h = dx_fnv(h, f->rel, strlen(f->rel) + 1);
                h = dx_fnv(h, num, (size_t)n);
        }
        ev->signature = dx_asprintf("%016llx", (unsigned long long)h);
}

static void plan_event(scan *s, const char *dir)
{
        dx_catalog *c = s->cat;
        dx_event_plan *v = dx_realloc(c->events, (c->nevents + 1) * sizeof(*v));
        dx_event_plan *ev;
        char *mrel, *claimed;
        json_t *manifest = NULL;
        const char *base;
        size_t nmedia, n;
        char date[11];
        int converted = 0;
        /* out of memory: the scan fails as a whole (dx_catalog_scan()), so
         * planning stops at the next step rather than work on a half */
        size_t failures = dx_alloc_failures();

        if (!v)
                return;
        c->events = v;
        ev = &v[c->nevents++];
        memset(ev, 0, sizeof(*ev));
        ev->dir = dx_strdup(dir);
        ev->slug = dx_slugify(dir);
        if (!ev->dir || !ev->slug)
                return;
        if (!*ev->slug) {
                free(ev->slug);
                ev->slug = dx_strdup("event");
        }
        base = strrchr(dir, '/');
        base = base ? base + 1 : dir;
        ev->name = dx_utf8_clean(base, strlen(base), &converted);
        if (converted)
                problem(s, DX_NOTE_WARNING, dir,
                        "folder name is not valid UTF-8 (shown as Latin-1)");
        if (dx_date_prefix(base, 0, date, &n) == DX_DATE_OK) {
                ev->date = dx_strdup(date);
                ev->date_src = "file-name";
        } else if (n)
                problem(s, DX_NOTE_WARNING, dir,
                        "\"%.*s\" in the folder name is no real date (the date is unknown)", (int)n,
                        base);

        walk(s, ev, dir, 1);
        nmedia = ev->nfiles;
        s->walked = nmedia;
        mrel = dx_path_join(dir, "event.json");
        if (dx_alloc_failures() != failures) {
                free(mrel);
                return;
        }
        load_manifest(s, ev, mrel, &manifest);
        /* the manifest may add files; claimed[] covers them all */
        claimed = dx_calloc(ev->nfiles + 64, 1);
        if (manifest) {
                json_t *talks = json_object_get(manifest, "talks");
                size_t extra = json_is_array(talks) ? 2 * json_array_size(talks) : 0;
                size_t ti;
                json_t *tv;

                /* and every caption file a talk names */
                if (json_is_array(talks))
                        json_array_foreach(talks, ti, tv)
                        {
                                json_t *cl = json_object_get(tv, "captions");
                                extra += json_is_array(cl) ? json_array_size(cl) : 0;
                        }
                free(claimed);
                claimed = dx_calloc(ev->nfiles + extra + 1, 1);
                if (claimed)
                        plan_manifest(s, ev, mrel, manifest, claimed);
                json_decref(manifest);
        }
        if (dx_alloc_failures() != failures) {
                free(claimed);
                free(mrel);
                return;
        }
        plan_pairs(ev, claimed, nmedia);
        plan_captions(s, ev, claimed);
        if (dx_alloc_failures() == failures)
                assign_slugs(ev);
        if (dx_alloc_failures() == failures)
                sign(ev);
        free(claimed);
        free(mrel);
}

/* Does this folder look like one event rather than an archive of them? */
static int is_event_dir(const char *abs)
{
        size_t n = 0;
        int err = 0, yes = 0;
        char **names = list_dir(abs, &n, &err);

        for (size_t i = 0; names && i < n && !yes; i++)
                yes = strcmp(names[i], "event.json") == 0 || dx_kind_of(names[i]) != DX_KIND_OTHER;
        dx_strv_free(names, n);
        return yes;
}

int dx_catalog_scan(const char *dir, dx_note_fn note, void *ud, dx_catalog *out, char **err)
{
        scan s = {0};
        struct stat sb;
        char real[PATH_MAX];
        char *trimmed;
        size_t len, n = 0;
        int e = 0, single;
        char **names;
        /* the walk is many small steps that go on past a failure: one
         * that ran out of memory fails the whole, never plans less */
        size_t failures = dx_alloc_failures();

        memset(out, 0, sizeof(*out));
        *err = NULL;
        if (!(trimmed = dx_strdup(dir)))
                return DX_ENOMEM;
        len = strlen(trimmed);
        while (len > 1 && trimmed[len - 1] == '/')
                trimmed[--len] = '\0';
        if (stat(trimmed, &sb) != 0) {
                *err = dx_asprintf("%s: %s", trimmed, strerror(errno));
                free(trimmed);
                return DX_ERR;
        }
        if (!S_ISDIR(sb.st_mode)) {
                *err = dx_asprintf("%s: not a folder", trimmed);
                free(trimmed);
                return DX_ERR;
        }
        s.note = note;
        s.ud = ud;
        s.cat = out;

        single = is_event_dir(trimmed);
        if (single) {
                /* one event folder: its parent is the archive root */
                char *slash = strrchr(trimmed, '/');
                char *evname, *joined;

                if (!realpath(trimmed, real)) {
                        *err = dx_asprintf("%s: %s", trimmed, strerror(errno));
                        free(trimmed);
                        return DX_ERR;
                }
                if (slash) {
                        out->root = dx_strndup(trimmed, (size_t)(slash - trimmed));
                        out->display = dx_strdup(out->root);
                        evname = dx_strdup(slash + 1);
                        if (!*out->root) {
                                free(out->root);
                                out->root = dx_strdup("/");
                        }
                } else {
                        out->root = dx_strdup(".");
                        out->display = dx_strdup("");
                        evname = dx_strdup(trimmed);
                }
                s.real_root = realpath(out->root, NULL);
                joined = s.real_root ? dx_path_join(s.real_root, evname) : NULL;
                if (!joined || strcmp(joined, real) != 0) {
                        /* "ingest ." inside an event folder, or a symlink to
                         * one: the archive is the folder that really holds
                         * it, and the event has its real name */
                        char *rs = strrchr(real, '/');
                        free(evname);
                        free(out->root);
                        free(out->display);
                        free(s.real_root);
                        evname = dx_strdup(rs + 1);
                        out->root =
                            rs == real ? dx_strdup("/") : dx_strndup(real, (size_t)(rs - real));
                        out->display = dx_strdup(out->root);
                        s.real_root = dx_strdup(out->root);
                }
                free(joined);
                s.root = out->root;
                plan_event(&s, evname);
                free(evname);
        } else {
                out->root = dx_strdup(trimmed);
                out->display = dx_strdup(strcmp(trimmed, ".") == 0 ? "" : trimmed);
                s.root = out->root;
                s.real_root = realpath(trimmed, NULL);
                names = list_dir(trimmed, &n, &e);
                if (!names || !s.real_root) {
                        *err = dx_asprintf("%s: %s", trimmed, strerror(e ? e : errno));
                        free(s.real_root);
                        free(trimmed);
                        dx_catalog_release(out);
                        return DX_ERR;
                }
                for (size_t i = 0; i < n; i++) {
                        char *abs = dx_path_join(trimmed, names[i]);
                        struct stat lsb;

                        if (!abs) /* out of memory: the walk fails */
                                break;
                        if (lstat(abs, &lsb) == 0 && S_ISDIR(lsb.st_mode))
                                plan_event(&s, names[i]);
                        else if (lstat(abs, &lsb) == 0 && S_ISLNK(lsb.st_mode) &&
                                 stat(abs, &sb) == 0 && S_ISDIR(sb.st_mode))
                                problem(&s, DX_NOTE_WARNING, names[i],
                                        "symlinked folder not followed");
                        free(abs);
                }
                dx_strv_free(names, n);
        }
        out->real_root = s.real_root;
        out->single_event = single;
        dx_buf_release(&s.refused);
        free(trimmed);
        if (dx_alloc_failures() != failures) {
                dx_catalog_release(out);
                *err = dx_strdup("out of memory");
                return DX_ENOMEM;
        }
        return 0;
}

static void talk_plan_release(dx_talk_plan *tp)
{
        free(tp->slug);
        free(tp->slug_hint);
        free(tp->title);
        free(tp->abstract);
        free(tp->date);
        free(tp->room);
        dx_strv_free(tp->tags, tp->ntags);
        for (size_t i = 0; i < tp->nspeakers; i++) {
                free(tp->speakers[i].name);
                free(tp->speakers[i].role);
                free(tp->speakers[i].company);
        }
        free(tp->speakers);
        free(tp->captions);
}

static void event_plan_release(dx_event_plan *ev)
{
        free(ev->dir);
        free(ev->slug);
        free(ev->name);
        free(ev->date);
        free(ev->description);
        free(ev->signature);
        dx_strv_free(ev->venues, ev->nvenues);
        for (size_t j = 0; j < ev->nfiles; j++) {
                free(ev->files[j].rel);
                free(ev->files[j].abs);
                free(ev->files[j].lang);
        }
        free(ev->files);
        for (size_t j = 0; j < ev->ntalks; j++)
                talk_plan_release(&ev->talks[j]);
        free(ev->talks);
        for (size_t j = 0; j < ev->nnotes; j++) {
                free(ev->notes[j].file);
                free(ev->notes[j].message);
                free(ev->notes[j].suggestion);
        }
        free(ev->notes);
}

void dx_catalog_drop(dx_catalog *c, size_t i)
{
        if (i >= c->nevents)
                return;
        event_plan_release(&c->events[i]);
        memmove(&c->events[i], &c->events[i + 1], (c->nevents - i - 1) * sizeof(c->events[0]));
        c->nevents--;
}

void dx_catalog_release(dx_catalog *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < c->nevents; i++)
                event_plan_release(&c->events[i]);
        free(c->events);
        free(c->root);
        free(c->display);
        free(c->real_root);
        memset(c, 0, sizeof(*c));
}
