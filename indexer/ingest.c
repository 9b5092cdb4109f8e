/*
 * ingest.c - the ingest pipeline.  The catalog says which events and files
 * exist; files whose size and mtime match the index are not read again, and
 * events whose inputs are all unchanged are skipped whole.  The files left
 * are probed (recordings) or read (slides) by worker threads, at most a
 * window of files ahead of the writer; the calling thread merges each
 * event's metadata and writes it in one transaction, in catalog order, so
 * the index is the same whatever the number of threads.
 */
#include "dx_int.h"

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
        char *warning;
        int rc;
        int done;
} task;

typedef struct pipeline {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        task *tasks;
        size_t ntasks;
        size_t next;     /* next task a worker takes */
        size_t consumed; /* tasks the writer has collected */
        int stop;
} pipeline;

static void extract(task *t)
{
        dx_file_data *fd = t->fd;
        const dx_file *f = fd->file;
        char *err = NULL;

        if (f->kind == DX_KIND_SLIDES) {
                t->rc = dx_slides_read(f->abs, &fd->deck, &err, &t->warning);
                fd->has_deck = t->rc >= 0;
        } else {
                t->rc = dx_probe(f->abs, &fd->media, &err, &t->warning);
                fd->has_media = t->rc >= 0;
        }
        fd->error = err;
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

                extract(t);

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

static char *first_of(const char *a, const char *b, const char *c)
{
        const char *v = a && *a ? a : b && *b ? b : c && *c ? c : NULL;
        char *r = dx_strdup(v);

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
        for (char *c = t; c && *c; c++)
                if (*c == '-' || *c == '_')
                        *c = ' ';
        if (t)
                dx_squeeze_space(t);
        return t;
}

/* A date from a tag: keep "YYYY", "YYYY-MM" or "YYYY-MM-DD" prefixes. */
static char *tag_date(const char *v)
{
        size_t n = 0;

        if (!v)
                return NULL;
        while (n < 10 && (isdigit((unsigned char)v[n]) || (v[n] == '-' && (n == 4 || n == 7))))
                n++;
        if (n == 4 || n == 7 || n == 10)
                return dx_strndup(v, n);
        return NULL;
}

/* Split "A; B & C" into speakers. */
static void speakers_from(const char *v, dx_talk *t)
{
        char *copy = dx_strdup(v), *save = NULL, *tok;
        size_t cap = 0;

        if (!copy)
                return;
        for (char *c = copy; *c; c++)
                if (*c == '&')
                        *c = ';';
        for (tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
                dx_squeeze_space(tok);
                if (!*tok)
                        continue;
                if (t->nspeakers == cap) {
                        size_t nc = cap ? cap * 2 : 2;
                        dx_speaker *s = realloc(t->speakers, nc * sizeof(*s));
                        if (!s)
                                break;
                        t->speakers = s;
                        cap = nc;
                }
                memset(&t->speakers[t->nspeakers], 0, sizeof(dx_speaker));
                t->speakers[t->nspeakers++].name = dx_strdup(tok);
        }
        free(copy);
}

static void tags_from(const char *v, dx_talk *t)
{
        char *copy = dx_strdup(v), *save = NULL, *tok;

        if (!copy)
                return;
        t->tags = calloc(strlen(v) / 2 + 2, sizeof(*t->tags));
        for (tok = strtok_r(copy, ",;", &save); t->tags && tok;
             tok = strtok_r(NULL, ",;", &save)) {
                dx_squeeze_space(tok);
                if (*tok)
                        t->tags[t->ntags++] = dx_strdup(tok);
        }
        free(copy);
}

/* Manifest first, then the recording's tags, then the deck's info, then
 * the file name: the talk as it will be stored. */
static int merge_talk(const dx_event_plan *ev, const dx_talk_plan *tp, const dx_file_data *files,
                      dx_talk *t)
{
        const dx_file_data *v = tp->video >= 0 ? &files[tp->video] : NULL;
        const dx_file_data *s = tp->slides >= 0 ? &files[tp->slides] : NULL;
        const dx_media *m = v && v->has_media ? &v->media : NULL;
        const dx_docinfo *d = s && s->has_deck ? &s->deck.info : NULL;
        const char *tag_artist = NULL;
        char *date = NULL;

        memset(t, 0, sizeof(*t));
        t->id = dx_asprintf("%s_%s", ev->slug, tp->slug);
        t->title = first_of(tp->title, m ? dx_media_tag(m, "title") : NULL, d ? d->title : NULL);
        if (!t->title)
                t->title = title_from_stem(v ? v->file->rel : s ? s->file->rel : tp->slug);
        t->abstract = first_of(tp->abstract,
                               m ? (dx_media_tag(m, "comment") ? dx_media_tag(m, "comment")
                                                               : dx_media_tag(m, "description"))
                                 : NULL,
                               d ? d->subject : NULL);
        if (m && !(date = tag_date(dx_media_tag(m, "date"))))
                date = tag_date(dx_media_tag(m, "creation_time"));
        t->date = first_of(tp->date, ev->date, date);
        free(date);
        t->room = dx_strdup(tp->room);
        t->duration = m ? m->duration : -1;

        if (tp->nspeakers) {
                t->speakers = calloc(tp->nspeakers, sizeof(*t->speakers));
                for (size_t i = 0; t->speakers && i < tp->nspeakers; i++) {
                        t->speakers[i].name = dx_strdup(tp->speakers[i].name);
                        t->speakers[i].role = dx_strdup(tp->speakers[i].role);
                        t->speakers[i].company = dx_strdup(tp->speakers[i].company);
                        t->nspeakers++;
                }
        } else {
                if (m)
                        tag_artist = dx_media_tag(m, "artist") ? dx_media_tag(m, "artist")
                                                                : dx_media_tag(m, "author");
                if (tag_artist)
                        speakers_from(tag_artist, t);
                else if (d && d->author)
                        speakers_from(d->author, t);
        }
        if (tp->ntags) {
                t->tags = calloc(tp->ntags, sizeof(*t->tags));
                for (size_t i = 0; t->tags && i < tp->ntags; i++)
                        t->tags[t->ntags++] = dx_strdup(tp->tags[i]);
        } else if (d && d->keywords) {
                tags_from(d->keywords, t);
        }
        return t->id && t->title ? 0 : DX_ENOMEM;
}

/* ---- the run ----------------------------------------------------------- */

typedef struct run {
        dx_index *idx;
        const dx_ingest_opts *o;
        dx_ingest_stats *st;
        dx_catalog cat;
        size_t failed;
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

static void stored_error(void *ud, const char *rel, const char *error)
{
        run *r = ud;

        note(r, DX_NOTE_ERROR, rel, error);
        r->failed++;
}

/* Decide which files of each changed event must be read. */
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

                        fd->file = &ev->files[i];
                        if (ev->files[i].kind == DX_KIND_OTHER)
                                continue;
                        if (dx_store_file_state(r->idx, ev->files[i].rel, &fs))
                                return DX_ERR;
                        if (!r->o->force && fs.known && !fs.had_error &&
                            fs.size == ev->files[i].size && fs.mtime_ns == ev->files[i].mtime_ns) {
                                dx_store_file_load(r->idx, ev->files[i].rel, fd);
                                continue;
                        }
                        fd->read = 1;
                        if (*ntasks == cap) {
                                size_t nc = cap ? cap * 2 : 64;
                                task *v = realloc(*tasks, nc * sizeof(*v));
                                if (!v)
                                        return DX_ENOMEM;
                                *tasks = v;
                                cap = nc;
                        }
                        memset(&(*tasks)[*ntasks], 0, sizeof(task));
                        (*tasks)[(*ntasks)++].fd = fd;
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
        }
        free(fds);
}

static int write_event(run *r, const dx_event_plan *ev, dx_file_data *fds)
{
        dx_talk *talks = calloc(ev->ntalks + 1, sizeof(*talks));
        int rc = 0;

        if (!talks)
                return DX_ENOMEM;
        for (size_t i = 0; i < ev->ntalks && !rc; i++)
                rc = merge_talk(ev, &ev->talks[i], fds, &talks[i]);
        if (!rc)
                rc = dx_store_begin(r->idx);
        if (!rc) {
                rc = dx_store_event_write(r->idx, r->cat.real_root, ev, fds, talks, ev->ntalks,
                                          r->st);
                if (!rc)
                        rc = dx_store_commit(r->idx);
                if (rc)
                        dx_store_rollback(r->idx);
        }
        for (size_t i = 0; i < ev->ntalks; i++)
                dx_talk_release(&talks[i]);
        free(talks);
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
        pthread_t *threads = NULL;
        size_t nthreads = 0, t = 0, done_talks = 0, total_talks = 0;
        char *skip = NULL, *err = NULL;
        int rc = 0, jobs;

        memset(r.st, 0, sizeof(*r.st));
        if (!idx->writable) {
                dx_index_set_error(idx, "%s: index is open read-only", idx->path);
                return DX_ERR;
        }
        rc = dx_store_lock(idx);
        if (rc)
                return rc;
        if (dx_catalog_scan(dir, scan_note, &r, &r.cat, &err)) {
                dx_store_unlock(idx);
                dx_index_set_error(idx, "%s", err ? err : dir);
                free(err);
                return DX_ERR;
        }
        fds = calloc(r.cat.nevents + 1, sizeof(*fds));
        skip = calloc(r.cat.nevents + 1, 1);
        if (!fds || !skip) {
                rc = DX_ENOMEM;
                goto out;
        }
        rc = plan_reads(&r, fds, skip, &p.tasks, &p.ntasks);
        if (rc)
                goto out;
        for (size_t e = 0; e < r.cat.nevents; e++)
                total_talks += r.cat.events[e].ntalks;

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
                        dx_store_event_errors(idx, ev->dir, stored_error, &r);
                        done_talks += ev->ntalks;
                        continue;
                }
                for (; t < p.ntasks && p.tasks[t].fd >= fds[e] &&
                       p.tasks[t].fd < fds[e] + ev->nfiles;
                     t++) {
                        task *tk = &p.tasks[t];
                        const char *rel = tk->fd->file->rel;

                        wait_done(&p, tk);
                        consumed(&p, 1);
                        r.st->files_read++;
                        if (tk->fd->error) {
                                note(&r, DX_NOTE_ERROR, rel, tk->fd->error);
                                r.failed++;
                        }
                        if (tk->warning) {
                                note(&r, DX_NOTE_WARNING, rel, tk->warning);
                                r.st->warnings++;
                        }
                        if (!tk->fd->error && !tk->warning)
                                note(&r, DX_NOTE_INFO, rel, "read");
                        if (tk->fd->has_deck)
                                r.st->pages += tk->fd->deck.npages;
                }
                rc = write_event(&r, ev, fds[e]);
                release_fds(ev, fds[e]);
                fds[e] = NULL;
                done_talks += ev->ntalks;
                if (r.o->progress)
                        r.o->progress(r.o->ud, done_talks, total_talks, r.st->pages, ev->dir);
        }
        if (!rc && !r.cat.single_event) {
                rc = dx_store_begin(idx);
                if (!rc) {
                        rc = dx_store_prune_events(idx, r.cat.real_root, &r.cat, r.st);
                        rc = rc ? rc : dx_store_commit(idx);
                        if (rc)
                                dx_store_rollback(idx);
                }
        }
out:
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
        for (size_t i = 0; i < nthreads; i++)
                pthread_join(threads[i], NULL);
        free(threads);
        for (size_t i = 0; i < p.ntasks; i++)
                free(p.tasks[i].warning);
        free(p.tasks);
        for (size_t e = 0; fds && e < r.cat.nevents; e++)
                release_fds(&r.cat.events[e], fds[e]);
        free(fds);
        free(skip);
        r.st->files_failed = r.failed + r.cat.problems;
        dx_catalog_release(&r.cat);
        dx_store_unlock(idx);
        if (rc)
                return rc;
        return r.st->files_failed ? 1 : 0;
}
