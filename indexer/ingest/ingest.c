/*
 * ingest.c - the ingest pipeline.  The catalog says which events and files
 * exist; files whose size and mtime match the index are not read again, and
 * events whose inputs are all unchanged are skipped whole.  The files left
 * are probed (recordings) or read (slides) by worker threads, at most a
 * window of files ahead of the writer; the calling thread merges each
 * event's metadata and writes it in one transaction, in catalog order, so
 * the index is the same whatever the number of threads.
 */
#include "dx_store.h"
#include "dx_ocr.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Files extracted ahead of the writer, at most: with the event being
 * written, this bounds what is held in memory. */
#define DX_WINDOW 8

typedef struct task {
        dx_file_data *fd;
        char known_hash[DX_HASH_LEN + 1]; /* stored content hash, "" if none */
        char *warning;
        int done;
        int nomem; /* the file could not be read, and why could not be said */
} task;

typedef struct pipeline {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        task *tasks;
        size_t ntasks;
        size_t next;     /* next task a worker takes */
        size_t consumed; /* tasks the writer has collected */
        int stop;
        int dry_run;
        const dx_orphan *orphans; /* sorted by hash; read-only while workers run */
        size_t norphans;
        const char *real_root; /* files are read only if they are inside it */
        dx_jail *jail;         /* decks are read in its children; NULL: in-process */
        dx_ocr_opts ocr;       /* which pages are read by OCR, with what */
} pipeline;

static int cmp_orphan(const void *key, const void *elem)
{
        return strcmp(key, ((const dx_orphan *)elem)->hash);
}

/* Whether probing found a subtitle stream (text or bitmap: the caption
 * reader says which). */
static int has_text_subtitles(const dx_media *m)
{
        for (size_t i = 0; i < m->nstreams; i++)
                if (m->streams[i].kind && strcmp(m->streams[i].kind, "subtitle") == 0)
                        return 1;
        return 0;
}

/* Read one file: hash it first, and extract only content the index does
 * not already have (under this name, or under a name it had before).  The
 * file is opened once and checked to be inside the archive (dx_pin_open);
 * every reader below opens that checked file, never the name again. */
static void extract(const pipeline *p, task *t)
{
        dx_file_data *fd = t->fd;
        const dx_file *f = fd->file;
        const dx_orphan *o;
        int recording = f->kind == DX_KIND_VIDEO || f->kind == DX_KIND_AUDIO;
        char *err = NULL;
        dx_rec rec = {.fd = -1};
        dx_pinned pin = {.fd = -1};
        int rc, captions_nomem = 0;

        if (dx_pin_open(&pin, p->real_root, f->abs, &err) != 0) {
                fd->mode = DX_FILE_READ;
                fd->error = err ? err : dx_strdup("out of memory");
                t->nomem = !fd->error;
                return;
        }
        /* a recording is hashed by its head and tail, which the probe then
         * reuses: each byte is read once */
        if (recording) {
                rc = dx_rec_open(&rec, pin.path, &err);
                if (rc == 0)
                        dx_rec_hash(&rec, fd->hash);
        } else {
                rc = dx_file_hash(pin.path, fd->hash);
        }
        if (rc == 0 && t->known_hash[0] && strcmp(t->known_hash, fd->hash) == 0) {
                fd->mode = DX_FILE_TOUCH;
                goto out;
        }
        if (rc == 0 && p->norphans &&
            (o = bsearch(fd->hash, p->orphans, p->norphans, sizeof(*o), cmp_orphan))) {
                /* the first of equal hashes: the writer settles duplicates */
                while (o > p->orphans && strcmp(o[-1].hash, fd->hash) == 0)
                        o--;
                fd->mode = DX_FILE_MOVED;
                fd->moved_from = o->file_id;
                goto out;
        }
        fd->mode = DX_FILE_READ;
        if (p->dry_run)
                goto out;
        if (recording && !rec.head) {
                /* could not even be opened: err says why */
                fd->error = err;
                t->nomem = !err;
                err = NULL;
                goto out;
        }
        free(err);
        err = NULL;
        if (f->kind == DX_KIND_SLIDES) {
                rc = dx_slides_read_ocr(p->jail, pin.path, pin.fd, &p->ocr, &fd->deck, &err,
                                        &t->warning);
                fd->has_deck = rc >= 0;
        } else if (f->kind == DX_KIND_CAPTIONS) {
                rc = dx_captions_read(pin.path, &fd->cues, &err, &t->warning);
                fd->has_cues = rc >= 0;
        } else {
                rc = dx_probe_rec(&rec, f->abs, &fd->media, &err, &t->warning);
                fd->has_media = rc >= 0;
                if (rc >= 0 && has_text_subtitles(&fd->media)) {
                        char *cerr = NULL, *cwarn = NULL;
                        int crc =
                            dx_probe_captions(pin.path, &fd->cues, &fd->cues_lang, &cerr, &cwarn);

                        if (crc == 0)
                                fd->has_cues = fd->cues.n > 0;
                        /* damaged subtitles are a warning; memory that ran
                         * out while reading them is the file's failure */
                        captions_nomem = crc == DX_ENOMEM;
                        if ((cerr || cwarn) && !t->warning) {
                                t->warning = cerr ? cerr : cwarn;
                                cerr = cwarn = NULL;
                        }
                        free(cerr);
                        free(cwarn);
                }
        }
        fd->error = err;
        /* a reader that failed with no message ran out of memory making it:
         * the file must not pass for read */
        t->nomem = (rc < 0 && !err) || captions_nomem;
        err = NULL;
out:
        free(err);
        dx_rec_close(&rec);
        dx_pin_close(&pin);
}

static void *worker(void *arg)
{
        pipeline *p = arg;

        for (;;) {
                task *t;

                pthread_mutex_lock(&p->mu);
                while (!p->stop && p->next < p->ntasks && p->next >= p->consumed + DX_WINDOW)
                        pthread_cond_wait(&p->cv, &p->mu);
                if (p->stop || p->next >= p->ntasks) {
                        pthread_mutex_unlock(&p->mu);
                        return NULL;
                }
                t = &p->tasks[p->next++];
                pthread_mutex_unlock(&p->mu);

                extract(p, t);

                pthread_mutex_lock(&p->mu);
                t->done = 1;
                pthread_cond_broadcast(&p->cv);
                pthread_mutex_unlock(&p->mu);
        }
}

static void wait_done(pipeline *p, task *t)
{
        pthread_mutex_lock(&p->mu);
        while (!t->done)
                pthread_cond_wait(&p->cv, &p->mu);
        pthread_mutex_unlock(&p->mu);
}

static void consumed(pipeline *p, size_t n)
{
        pthread_mutex_lock(&p->mu);
        p->consumed += n;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
}

/* ---- metadata ---------------------------------------------------------- */

/* The first of a, b, c that is not empty, or NULL. */
static const char *first_of_src(const char *a, const char *b, const char *c)
{
        return a && *a ? a : b && *b ? b : c && *c ? c : NULL;
}

/* A copy of first_of_src(a, b, c), white space squeezed. */
static char *first_of(const char *a, const char *b, const char *c)
{
        char *r = dx_strdup(first_of_src(a, b, c));

        if (r)
                dx_squeeze_space(r);
        return r;
}

/* "continuous-delivery_at-spotify" -> "continuous delivery at spotify" */
static char *title_from_stem(const char *rel)
{
        const char *b = strrchr(rel, '/');
        const char *dot;
        char *t;

        b = b ? b + 1 : rel;
        dot = strrchr(b, '.');
        t = dot && dot != b ? dx_strndup(b, (size_t)(dot - b)) : dx_strdup(b);
        if (t && !dx_utf8_valid(t, strlen(t))) {
                char *u = dx_utf8_clean(t, strlen(t), NULL);
                free(t);
                t = u;
        }
        for (char *c = t; c && *c; c++)
                if (*c == '-' || *c == '_')
                        *c = ' ';
        if (t)
                dx_squeeze_space(t);
        return t;
}

/* Split "A; B & C" into speakers. */
static int speakers_from(const char *v, dx_talk *t)
{
        char *copy = dx_strdup(v), *save = NULL, *tok;
        size_t cap = 0;

        if (!copy)
                return DX_ENOMEM;
        for (char *c = copy; *c; c++)
                if (*c == '&')
                        *c = ';';
        for (tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
                dx_squeeze_space(tok);
                if (!*tok)
                        continue;
                if (DX_GROW(t->speakers, t->nspeakers + 1, cap)) {
                        free(copy);
                        return DX_ENOMEM;
                }
                memset(&t->speakers[t->nspeakers], 0, sizeof(dx_speaker));
                if (!(t->speakers[t->nspeakers++].name = dx_strdup(tok))) {
                        free(copy);
                        return DX_ENOMEM;
                }
        }
        free(copy);
        return 0;
}

static int tags_from(const char *v, dx_talk *t)
{
        char *copy = dx_strdup(v), *save = NULL, *tok;

        if (!copy || !(t->tags = calloc(strlen(v) / 2 + 2, sizeof(*t->tags)))) {
                free(copy);
                return DX_ENOMEM;
        }
        for (tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
                dx_squeeze_space(tok);
                if (*tok && !(t->tags[t->ntags++] = dx_strdup(tok))) {
                        free(copy);
                        return DX_ENOMEM;
                }
        }
        free(copy);
        return 0;
}

/* Copy n speakers into t: 0, or DX_ENOMEM when any field was lost. */
static int speakers_copy(dx_talk *t, const dx_speaker *v, size_t n)
{
        int oom;

        t->speakers = calloc(n + 1, sizeof(*t->speakers));
        oom = !t->speakers;
        for (size_t i = 0; t->speakers && i < n; i++) {
                t->speakers[i].name = dx_strdup(v[i].name);
                t->speakers[i].role = dx_strdup(v[i].role);
                t->speakers[i].company = dx_strdup(v[i].company);
                t->nspeakers++;
                oom |= (v[i].name && !t->speakers[i].name) || (v[i].role && !t->speakers[i].role) ||
                       (v[i].company && !t->speakers[i].company);
        }
        return oom ? DX_ENOMEM : 0;
}

/* The same name, told apart by case and spacing only. */
static int same_name(const char *a, const char *b)
{
        char *x = dx_slugify(a), *y = dx_slugify(b);
        int same = x && y && *x && strcmp(x, y) == 0;

        free(x);
        free(y);
        return same;
}

/* The date of a talk with no date in a manifest: the recording's tags,
 * a date in the recording's or the deck's file name, the deck's creation
 * date; one that disagrees with the event folder's date is passed over
 * (a recording copied or converted later), and the folder's date is taken
 * when none agrees. */
static void merge_date(const dx_event_plan *ev, const dx_talk_plan *tp, const dx_media *m,
                       const dx_file_data *v, const dx_file_data *s, const dx_docinfo *d,
                       dx_talk *t)
{
        char *cand[4] = {NULL, NULL, NULL, NULL};
        static const char *const src[4] = {"tag", "file-name", "file-name", "deck-info"};
        const char *folder =
            ev->date_src && strcmp(ev->date_src, "file-name") == 0 ? ev->date : NULL;

        if (tp->date || (ev->date && !folder)) {
                t->date = dx_strdup(tp->date ? tp->date : ev->date);
                t->date_src = dx_strdup("manifest");
                return;
        }
        if (m && !(cand[0] = dx_meta_date(dx_media_tag(m, "date"))))
                cand[0] = dx_meta_date(dx_media_tag(m, "creation_time"));
        cand[1] = v ? dx_meta_name_date(v->file->rel) : NULL;
        cand[2] = s ? dx_meta_name_date(s->file->rel) : NULL;
        cand[3] = d ? dx_meta_date(d->created) : NULL;
        for (int i = 0; i < 4 && !t->date; i++)
                if (cand[i] && (!folder || strncmp(cand[i], folder, strlen(folder)) == 0)) {
                        t->date = cand[i];
                        cand[i] = NULL;
                        t->date_src = dx_strdup(src[i]);
                }
        if (!t->date && folder) {
                t->date = dx_strdup(folder);
                t->date_src = dx_strdup("file-name");
        }
        for (int i = 0; i < 4; i++)
                free(cand[i]);
}

/* Manifest first, then the recording's tags, then the deck's document
 * info, then its title page, then the file name: the talk as it will be
 * stored, each of title, speakers and date with where it came from.
 * Titles and names that a program filled in are passed over. */
static int merge_talk(const dx_event_plan *ev, const dx_talk_plan *tp, const dx_file_data *files,
                      dx_talk *t)
{
        const dx_file_data *v = tp->video >= 0 ? &files[tp->video] : NULL;
        const dx_file_data *s = tp->slides >= 0 ? &files[tp->slides] : NULL;
        const dx_media *m = v && v->has_media ? &v->media : NULL;
        const dx_docinfo *d = s && s->has_deck ? &s->deck.info : NULL;
        const char *tag_title = m ? dx_media_tag(m, "title") : NULL;
        const char *tag_artist = NULL, *src;
        char *page_title = NULL;
        dx_speaker *page_sp = NULL;
        size_t npage_sp = 0;
        size_t fails = dx_alloc_failures(); /* a field lost anywhere below fails the talk */
        int oom = 0;

        memset(t, 0, sizeof(*t));
        t->id = dx_asprintf("%s_%s", ev->slug, tp->slug);
        if (s && s->has_deck && s->deck.title_page)
                oom |=
                    dx_meta_title_page(s->deck.title_page, &page_title, &page_sp, &npage_sp) != 0;
        if (tp->title) {
                t->title = first_of(tp->title, NULL, NULL);
                t->title_src = dx_strdup("manifest");
        } else if (m && dx_meta_title_ok(tag_title, v->file->rel)) {
                t->title = first_of(tag_title, NULL, NULL);
                t->title_src = dx_strdup("tag");
        } else if (d && dx_meta_title_ok(d->title, s->file->rel)) {
                t->title = first_of(d->title, NULL, NULL);
                t->title_src = dx_strdup("deck-info");
        } else if (page_title) {
                t->title = page_title;
                page_title = NULL;
                t->title_src = dx_strdup("title-page");
        } else {
                t->title = title_from_stem(v ? v->file->rel : s ? s->file->rel : tp->slug);
                t->title_src = dx_strdup("file-name");
        }
        src = first_of_src(tp->abstract,
                           m ? (dx_media_tag(m, "comment") ? dx_media_tag(m, "comment")
                                                           : dx_media_tag(m, "description"))
                             : NULL,
                           d ? d->subject : NULL);
        t->abstract = first_of(src, NULL, NULL);
        oom |= src && !t->abstract;
        merge_date(ev, tp, m, v, s, d, t);
        t->room = dx_strdup(tp->room);
        oom |= tp->room && !t->room;
        t->duration = m ? m->duration : -1;

        if (m)
                tag_artist = dx_media_tag(m, "artist") ? dx_media_tag(m, "artist")
                                                       : dx_media_tag(m, "author");
        if (tp->nspeakers) {
                oom |= speakers_copy(t, tp->speakers, tp->nspeakers) != 0;
                t->speakers_src = dx_strdup("manifest");
        } else if (dx_meta_person_ok(tag_artist)) {
                oom |= speakers_from(tag_artist, t) != 0;
                t->speakers_src = dx_strdup("tag");
        } else if (d && dx_meta_person_ok(d->author)) {
                oom |= speakers_from(d->author, t) != 0;
                t->speakers_src = dx_strdup("deck-info");
                /* the title page may say the role and company of the
                 * same person */
                for (size_t i = 0; i < t->nspeakers; i++)
                        for (size_t j = 0; j < npage_sp; j++)
                                if (same_name(t->speakers[i].name, page_sp[j].name) &&
                                    !t->speakers[i].role && !t->speakers[i].company) {
                                        t->speakers[i].role = dx_strdup(page_sp[j].role);
                                        t->speakers[i].company = dx_strdup(page_sp[j].company);
                                        oom |= (page_sp[j].role && !t->speakers[i].role) ||
                                               (page_sp[j].company && !t->speakers[i].company);
                                }
        } else if (npage_sp) {
                oom |= speakers_copy(t, page_sp, npage_sp) != 0;
                t->speakers_src = dx_strdup("title-page");
        }
        if (!t->nspeakers) {
                free(t->speakers_src);
                t->speakers_src = NULL;
        }
        if (tp->ntags) {
                t->tags = calloc(tp->ntags, sizeof(*t->tags));
                oom |= !t->tags;
                for (size_t i = 0; t->tags && i < tp->ntags; i++)
                        if (!(t->tags[t->ntags++] = dx_strdup(tp->tags[i])))
                                oom = 1;
        } else if (d && d->keywords) {
                oom |= tags_from(d->keywords, t) != 0;
        }
        if (v && s && tp->paired_by) {
                t->paired_by = dx_strdup(tp->paired_by);
                t->pair_confidence = tp->pair_confidence;
        }
        free(page_title);
        for (size_t i = 0; i < npage_sp; i++) {
                free(page_sp[i].name);
                free(page_sp[i].role);
                free(page_sp[i].company);
        }
        free(page_sp);
        oom |= !t->title_src || (t->nspeakers && !t->speakers_src) ||
               (tp->paired_by && v && s && !t->paired_by);
        oom |= dx_alloc_failures() != fails;
        return t->id && t->title && !oom ? 0 : DX_ENOMEM;
}

/* ---- the run ----------------------------------------------------------- */

/* Fold a string and a separator into h; NULL counts as "". */
static void mix(uint64_t *h, const char *s)
{
        *h = dx_fnv(*h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* A signature of everything a talk's index entry is made of: when it is
 * unchanged, the talk is left alone. */
static char *talk_sig(const dx_event_plan *ev, size_t pos, const dx_talk *t,
                      const dx_file_data *files)
{
        const dx_talk_plan *tp = &ev->talks[pos];
        uint64_t h = DX_FNV_INIT;
        char num[64];

        mix(&h, "talk1");
        mix(&h, t->title);
        mix(&h, t->abstract);
        mix(&h, t->date);
        mix(&h, t->room);
        for (size_t i = 0; i < t->ntags; i++)
                mix(&h, t->tags[i]);
        mix(&h, "|");
        for (size_t i = 0; i < t->nspeakers; i++) {
                mix(&h, t->speakers[i].name);
                mix(&h, t->speakers[i].role);
                mix(&h, t->speakers[i].company);
        }
        mix(&h, t->title_src);
        mix(&h, t->speakers_src);
        mix(&h, t->date_src);
        mix(&h, t->paired_by);
        snprintf(num, sizeof(num), "%.2f", t->pair_confidence);
        mix(&h, num);
        mix(&h, ev->name);
        for (size_t i = 0; i < ev->nvenues; i++)
                mix(&h, ev->venues[i]);
        snprintf(num, sizeof(num), "%.3f", t->duration);
        mix(&h, num);
        if (tp->video >= 0) {
                mix(&h, files[tp->video].file->rel);
                mix(&h, files[tp->video].hash);
        }
        mix(&h, "|");
        if (tp->slides >= 0) {
                mix(&h, files[tp->slides].file->rel);
                mix(&h, files[tp->slides].hash);
        }
        for (size_t i = 0; i < tp->ncaptions; i++) {
                mix(&h, "|c");
                mix(&h, files[tp->captions[i]].file->rel);
                mix(&h, files[tp->captions[i]].file->lang);
                mix(&h, files[tp->captions[i]].hash);
        }
        return dx_asprintf("%016llx", (unsigned long long)h);
}

typedef struct run {
        dx_index *idx;
        const dx_ingest_opts *o;
        dx_ingest_stats *st;
        dx_catalog cat;
        size_t failed;
        dx_align_known *known; /* alignments pairing by content did */
        size_t nknown;
        int64_t *claimed; /* orphan rows taken by a moved file in this run */
        size_t nclaimed, claimed_alloc;
} run;

static void note(run *r, dx_note_level lvl, const char *rel, const char *msg)
{
        char *path = dx_path_join(r->cat.display, rel);

        if (r->o->note)
                r->o->note(r->o->ud, lvl, path, msg);
        free(path);
}

static void scan_note(void *ud, dx_note_level lvl, const char *path, const char *msg)
{
        run *r = ud;

        if (r->o->note)
                r->o->note(r->o->ud, lvl, path, msg);
}

/* The index keys an event by its folder, relative to its archive: an
 * event folder that another archive of this index still has is left out
 * with an error when it holds files this one lacks (writing it would take
 * that archive's talks away); else, or when that archive no longer has
 * it, the event becomes this archive's, with a warning (the archive was
 * moved or copied: its talks keep their ids). */
static int claim_events(run *r)
{
        int rc = 0;

        for (size_t i = 0; i < r->cat.nevents && !rc;) {
                const char *dir = r->cat.events[i].dir;
                char *other = NULL, *path = NULL, *shown = NULL, *msg = NULL;
                int there = 0;

                rc = dx_store_event_claim(r->idx, &r->cat, &r->cat.events[i], &other, &there);
                if (rc || !other) {
                        free(other);
                        i++;
                        continue;
                }
                path = dx_path_join(r->cat.display, dir);
                shown = dx_utf8_display(other);
                if (there == 2)
                        msg = dx_asprintf("indexed from %s before, which has no file this"
                                          " folder lacks: the event is this archive's now",
                                          shown);
                else if (there)
                        msg = dx_asprintf("%s has an event folder of this name in this index:"
                                          " not ingested (rename one of the two folders, or"
                                          " ingest this archive into another index with --db)",
                                          shown);
                else
                        msg = dx_asprintf("indexed from %s before, which is gone: the event"
                                          " is this archive's now",
                                          shown);
                if (path && msg)
                        scan_note(r, there == 1 ? DX_NOTE_ERROR : DX_NOTE_WARNING, path, msg);
                else
                        rc = DX_ENOMEM;
                if (there == 1) {
                        r->cat.problems++;
                        dx_catalog_drop(&r->cat, i);
                } else {
                        i++;
                }
                free(msg);
                free(shown);
                free(path);
                free(other);
        }
        return rc;
}

/* Decide which files of each changed event must be looked at. */
static int plan_reads(run *r, dx_file_data **fds, char *skip, task **tasks, size_t *ntasks)
{
        size_t cap = 0;

        *tasks = NULL;
        *ntasks = 0;
        for (size_t e = 0; e < r->cat.nevents; e++) {
                const dx_event_plan *ev = &r->cat.events[e];

                if (!r->o->force && dx_store_event_unchanged(r->idx, ev->dir, ev->signature)) {
                        skip[e] = 1;
                        continue;
                }
                fds[e] = calloc(ev->nfiles + 1, sizeof(**fds));
                if (!fds[e])
                        return DX_ENOMEM;
                for (size_t i = 0; i < ev->nfiles; i++) {
                        dx_file_data *fd = &fds[e][i];
                        dx_file_state fs;
                        task *t;

                        fd->file = &ev->files[i];
                        fd->mode = DX_FILE_KEEP;
                        if (ev->files[i].kind == DX_KIND_OTHER)
                                continue;
                        if (dx_store_file_state(r->idx, ev->files[i].rel, &fs))
                                return DX_ERR;
                        if (!r->o->force && fs.known && !fs.had_error &&
                            fs.size == ev->files[i].size && fs.mtime_ns == ev->files[i].mtime_ns) {
                                int rc;

                                memcpy(fd->hash, fs.hash, sizeof(fd->hash));
                                /* the talk is made of what is stored: all of it */
                                rc = dx_store_file_load(r->idx, ev->files[i].rel, 0, fd);
                                if (rc && rc != DX_ENOTFOUND)
                                        return rc;
                                continue;
                        }
                        if (DX_GROW(*tasks, *ntasks + 1, cap))
                                return DX_ENOMEM;
                        t = &(*tasks)[(*ntasks)++];
                        memset(t, 0, sizeof(*t));
                        t->fd = fd;
                        if (fs.known && !fs.had_error && !r->o->force)
                                memcpy(t->known_hash, fs.hash, sizeof(t->known_hash));
                }
        }
        return 0;
}

static void release_fds(const dx_event_plan *ev, dx_file_data *fds)
{
        if (!fds)
                return;
        for (size_t i = 0; i < ev->nfiles; i++) {
                free(fds[i].error);
                dx_media_release(&fds[i].media);
                dx_deck_release(&fds[i].deck);
                dx_cues_release(&fds[i].cues);
                free(fds[i].cues_lang);
        }
        free(fds);
}

/* Settle a collected task: load what the index has for same-content and
 * moved files, take each orphan row once, report what happened.  Negative
 * when what the index has cannot be loaded. */
static int collect(run *r, const pipeline *p, task *tk)
{
        dx_file_data *fd = tk->fd;
        const char *rel = fd->file->rel;

        if (fd->mode == DX_FILE_MOVED) {
                for (size_t i = 0; i < r->nclaimed; i++)
                        if (r->claimed[i] == fd->moved_from) {
                                /* a second copy of one file: read it after all */
                                pipeline solo = *p;
                                solo.norphans = 0;
                                tk->known_hash[0] = '\0';
                                extract(&solo, tk);
                                break;
                        }
        }
        if (fd->mode == DX_FILE_MOVED || fd->mode == DX_FILE_TOUCH) {
                int rc;

                /* a row claimed twice would be one file for two talks */
                if (fd->mode == DX_FILE_MOVED) {
                        if (DX_GROW(r->claimed, r->nclaimed + 1, r->claimed_alloc))
                                return DX_ENOMEM;
                        r->claimed[r->nclaimed++] = fd->moved_from;
                }
                rc = fd->mode == DX_FILE_MOVED
                         ? dx_store_file_load(r->idx, NULL, fd->moved_from, fd)
                         : dx_store_file_load(r->idx, rel, 0, fd);
                return rc == DX_ENOTFOUND ? 0 : rc;
        }
        if (r->o->dry_run)
                return 0;
        if (tk->nomem)
                return dx_index_nomem(r->idx, DX_ENOMEM);
        r->st->files_read++;
        if (fd->error) {
                note(r, DX_NOTE_ERROR, rel, fd->error);
                r->failed++;
        }
        if (tk->warning) {
                note(r, DX_NOTE_WARNING, rel, tk->warning);
                r->st->warnings++;
        }
        if (!fd->error && !tk->warning)
                note(r, DX_NOTE_INFO, rel, "");
        if (fd->has_deck)
                r->st->pages += fd->deck.npages;
        if (fd->has_deck && fd->deck.nocr) {
                size_t missing = 0;
                /* pages the index had read: their text comes from it */
                int frc = dx_store_ocr_fill(r->idx, &fd->deck, &missing);

                if (frc < 0)
                        return frc;
                if (missing) {
                        char *w = dx_asprintf("OCR text of %zu page%s left the index during "
                                              "the ingest: ingest again to read %s",
                                              missing, missing == 1 ? "" : "s",
                                              missing == 1 ? "it" : "them");
                        note(r, DX_NOTE_WARNING, rel, w ? w : "out of memory");
                        free(w);
                        r->st->warnings++;
                }
                r->st->ocr_pages += fd->deck.nocr;
                for (size_t i = 0; i < fd->deck.nocr; i++)
                        r->st->ocr_cached += fd->deck.ocr[i].cached != 0;
        }
        return 0;
}

static void pair_note(void *ud, dx_note_level lvl, const char *rel, const char *msg)
{
        note(ud, lvl, rel, msg);
}

/* Before an event is written: recordings paired with the decks they show,
 * and recordings whose length is far from the manifest's schedule (more
 * than a quarter of it, and five minutes). */
static int infer(run *r, dx_event_plan *ev, dx_file_data *fds, int jobs)
{
        int rc = 0;

        if (!r->o->dry_run)
                rc = dx_pair_by_content(ev, fds, r->cat.real_root, jobs, pair_note, r, &r->known,
                                        &r->nknown);
        for (size_t i = 0; !rc && i < ev->ntalks; i++) {
                const dx_talk_plan *tp = &ev->talks[i];
                const dx_file_data *v = tp->video >= 0 ? &fds[tp->video] : NULL;
                double d, slack;
                char *msg;

                if (tp->length <= 0 || !v || !v->has_media || v->media.duration <= 0)
                        continue;
                d = v->media.duration;
                slack = tp->length / 4 > 300 ? tp->length / 4 : 300;
                if (d > tp->length - slack && d < tp->length + slack)
                        continue;
                msg = dx_asprintf("the recording lasts %.0f min; the schedule gives %.0f min",
                                  d / 60, tp->length / 60);
                rc = msg ? dx_plan_note_add(ev, "length-mismatch", (int)i, v->file->rel, msg,
                                            d < tp->length ? "check that the recording is whole"
                                                           : "check the schedule, or whether the "
                                                             "recording holds more than one talk")
                         : DX_ENOMEM;
                free(msg);
        }
        return rc;
}

static int write_event(run *r, const dx_event_plan *ev, dx_file_data *fds)
{
        dx_talk *talks = calloc(ev->ntalks + 1, sizeof(*talks));
        char **sigs = calloc(ev->ntalks + 1, sizeof(*sigs));
        dx_ingest_stats before = *r->st;
        int rc = 0;

        if (!talks || !sigs) {
                free(talks);
                free(sigs);
                return DX_ENOMEM;
        }
        for (size_t i = 0; i < ev->ntalks && !rc; i++) {
                rc = merge_talk(ev, &ev->talks[i], fds, &talks[i]);
                if (!rc && !(sigs[i] = talk_sig(ev, i, &talks[i], fds)))
                        rc = DX_ENOMEM;
        }
        if (!rc && !r->o->dry_run)
                rc = dx_store_begin(r->idx);
        if (!rc) {
                rc = dx_store_event_write(r->idx, r->cat.real_root, ev, fds, talks, sigs,
                                          ev->ntalks, r->st, r->o->change, r->o->ud);
                if (!rc && !r->o->dry_run)
                        rc = dx_store_commit(r->idx);
                if (rc && !r->o->dry_run)
                        dx_store_rollback(r->idx);
        }
        if (rc) { /* none of the event's changes were made */
                r->st->added = before.added;
                r->st->updated = before.updated;
                r->st->moved = before.moved;
                r->st->unchanged = before.unchanged;
                r->st->removed = before.removed;
        }
        for (size_t i = 0; i < ev->ntalks; i++) {
                dx_talk_release(&talks[i]);
                free(sigs[i]);
        }
        free(talks);
        free(sigs);
        return rc;
}

static int ncores(void)
{
        long n = sysconf(_SC_NPROCESSORS_ONLN);

        return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

int dx_ingest(dx_index *idx, const char *dir, const dx_ingest_opts *opts, dx_ingest_stats *stats)
{
        dx_ingest_opts none = {0};
        dx_ingest_stats dummy;
        run r = {.idx = idx, .o = opts ? opts : &none, .st = stats ? stats : &dummy};
        pipeline p = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
        dx_file_data **fds = NULL;
        dx_orphan *orphans = NULL;
        pthread_t *threads = NULL;
        size_t nthreads = 0, t = 0, done_talks = 0, total_talks = 0, norphans = 0;
        char *skip = NULL, *err = NULL;
        int rc = 0, jobs, in_dry_txn = 0;
        void *hold = NULL;
        uint64_t *known = NULL;

        memset(r.st, 0, sizeof(*r.st));
        p.dry_run = r.o->dry_run;
        p.ocr.mode = r.o->ocr;
        snprintf(p.ocr.lang, sizeof(p.ocr.lang), "%s", r.o->ocr_lang ? r.o->ocr_lang : "eng");
        if (!idx->writable) {
                dx_index_set_error(idx, "%s: index is open read-only", idx->path);
                return DX_ERR;
        }
        if (p.ocr.mode != DX_OCR_NEVER && (r.o->ocr_lang || r.o->ocr == DX_OCR_ALWAYS)) {
                /* a language asked for that is not installed is said once,
                 * not per deck (and no engine here: its threads would keep
                 * the jail from starting) */
                if (dx_ocr_lang_installed(p.ocr.lang, &err)) {
                        dx_index_set_error(idx, "%s", err ? err : "out of memory");
                        free(err);
                        return DX_ERR;
                }
        }
        rc = dx_store_lock(idx);
        if (rc)
                return rc;
        if ((rc = dx_catalog_scan(dir, scan_note, &r, &r.cat, &err))) {
                dx_store_unlock(idx);
                dx_index_set_error(idx, "%s", err ? err : rc == DX_ENOMEM ? "out of memory" : dir);
                free(err);
                return rc == DX_ENOMEM ? DX_ENOMEM : DX_ERR;
        }
        if (r.o->dry_run) {
                /* the real writes, rolled back at the end: what would happen */
                rc = dx_store_begin(idx);
                if (rc)
                        goto out;
                in_dry_txn = 1;
        }
        rc = claim_events(&r);
        if (rc)
                goto out;
        fds = calloc(r.cat.nevents + 1, sizeof(*fds));
        skip = calloc(r.cat.nevents + 1, 1);
        if (!fds || !skip) {
                rc = DX_ENOMEM;
                goto out;
        }
        /* event ids first: talk ids are made of them */
        rc = r.o->dry_run ? 0 : dx_store_begin(idx);
        if (!rc)
                rc = dx_store_event_slugs(idx, &r.cat, scan_note, &r);
        if (!rc && !r.o->dry_run)
                rc = dx_store_commit(idx);
        else if (rc && !r.o->dry_run)
                dx_store_rollback(idx);
        if (rc)
                goto out;
        rc = plan_reads(&r, fds, skip, &p.tasks, &p.ntasks);
        if (!rc && p.ntasks)
                rc = dx_store_orphans(idx, &r.cat, &orphans, &norphans);
        if (rc)
                goto out;
        p.orphans = orphans;
        p.norphans = norphans;
        p.real_root = r.cat.real_root;
        for (size_t e = 0; e < r.cat.nevents; e++)
                total_talks += r.cat.events[e].ntalks;

        if (p.ntasks && !r.o->dry_run) {
                hold = dx_slides_hold();
                /* before the threads: its children inherit the held state;
                 * when it cannot start, decks are read in this process */
                size_t i = 0;

                while (i < p.ntasks && p.tasks[i].fd->file->kind != DX_KIND_SLIDES)
                        i++;
                /* the hashes OCR need not read again: before the jail, so
                 * that its children have them */
                if (i < p.ntasks && p.ocr.mode != DX_OCR_NEVER) {
                        rc = dx_store_ocr_known(idx, &known, &p.ocr.nknown);
                        if (rc)
                                goto out;
                        p.ocr.known = known;
                }
                if (i < p.ntasks)
                        dx_jail_start(&p.jail);
        }
        jobs = r.o->jobs > 0 ? r.o->jobs : ncores();
        if ((size_t)jobs > p.ntasks)
                jobs = (int)p.ntasks;
        threads = calloc((size_t)jobs + 1, sizeof(*threads));
        for (int i = 0; threads && i < jobs; i++)
                if (pthread_create(&threads[nthreads], NULL, worker, &p) == 0)
                        nthreads++;
        if (p.ntasks && !nthreads) {
                dx_index_set_error(idx, "cannot start worker threads");
                rc = DX_ERR;
                goto out;
        }

        for (size_t e = 0; e < r.cat.nevents && !rc; e++) {
                const dx_event_plan *ev = &r.cat.events[e];

                r.st->events++;
                r.st->talks += ev->ntalks;
                if (skip[e]) {
                        r.st->unchanged += ev->ntalks;
                        done_talks += ev->ntalks;
                        continue;
                }
                for (; !rc && t < p.ntasks && p.tasks[t].fd >= fds[e] &&
                       p.tasks[t].fd < fds[e] + ev->nfiles;
                     t++) {
                        wait_done(&p, &p.tasks[t]);
                        consumed(&p, 1);
                        rc = collect(&r, &p, &p.tasks[t]);
                }
                size_t planned = ev->ntalks;

                rc = infer(&r, &r.cat.events[e], fds[e], r.o->jobs > 0 ? r.o->jobs : ncores());
                r.st->talks -= planned - ev->ntalks; /* two talks paired into one */
                total_talks -= planned - ev->ntalks;
                if (!rc)
                        rc = write_event(&r, ev, fds[e]);
                release_fds(ev, fds[e]);
                fds[e] = NULL;
                if (rc) /* this event and the ones not looked at yet */
                        for (size_t k = e; k < r.cat.nevents; k++) {
                                r.st->events += k > e;
                                r.st->talks += k > e ? r.cat.events[k].ntalks : 0;
                                if (k > e && skip[k])
                                        r.st->unchanged += r.cat.events[k].ntalks;
                                else
                                        r.st->unwritten += r.cat.events[k].ntalks;
                        }
                done_talks += ev->ntalks;
                if (r.o->progress)
                        r.o->progress(r.o->ud, done_talks, total_talks, r.st->pages, ev->dir);
        }
        if (!rc && !r.cat.single_event) {
                if (!r.o->dry_run)
                        rc = dx_store_begin(idx);
                if (!rc) {
                        rc = dx_store_remove_events(idx, &r.cat, r.st, r.o->change, r.o->ud);
                        if (!r.o->dry_run)
                                rc = rc ? rc : dx_store_commit(idx);
                        if (rc && !r.o->dry_run)
                                dx_store_rollback(idx);
                }
        }
        if (!rc && !r.o->dry_run && (p.ntasks || r.st->removed))
                rc = dx_store_compact(idx);
        if (!rc && !r.o->dry_run && !r.o->no_align)
                rc = dx_ingest_align(idx, r.o->jobs > 0 ? r.o->jobs : ncores(), r.o->force, r.o,
                                     r.st, r.known, r.nknown);
out:
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
        for (size_t i = 0; i < nthreads; i++)
                pthread_join(threads[i], NULL);
        dx_jail_stop(&p.jail);
        if (in_dry_txn)
                dx_store_rollback(idx);
        dx_slides_unhold(hold);
        free(threads);
        for (size_t i = 0; i < p.ntasks; i++)
                free(p.tasks[i].warning);
        free(p.tasks);
        for (size_t e = 0; fds && e < r.cat.nevents; e++)
                release_fds(&r.cat.events[e], fds[e]);
        free(fds);
        free(skip);
        free(orphans);
        free(known);
        free(r.claimed);
        for (size_t i = 0; i < r.nknown; i++)
                dx_align_result_release(&r.known[i].result);
        free(r.known);
        r.st->files_failed = r.failed + r.cat.problems;
        dx_catalog_release(&r.cat);
        dx_store_unlock(idx);
        if (rc)
                return dx_index_nomem(idx, rc);
        return r.st->files_failed ? 1 : 0;
}
