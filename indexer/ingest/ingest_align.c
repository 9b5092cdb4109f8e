/*
 * ingest_align.c - the last step of an ingest: put the slides on the
 * timeline.  Every talk with a recording and slides that was never
 * aligned, or whose files changed since, goes through dx_align() on the
 * worker threads; the results are written in archive order, one
 * transaction per talk, so an interrupted pass keeps what it finished and
 * the next ingest does the rest.
 */
#include "dx_int.h"

#include <sqlite3.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int dx_store_align_pending(dx_index *idx, int force, dx_align_job **out, size_t *n)
{
        sqlite3_stmt *st = dx_store_prep(
            idx, "SELECT t.id, t.uid, ev.root, v.path, s.path, v.hash, s.hash"
                 " FROM talks t JOIN events ev ON ev.id = t.event_id"
                 " JOIN files v ON v.id = t.video_id JOIN files s ON s.id = t.slides_id"
                 " LEFT JOIN alignments a ON a.talk_id = t.id"
                 " WHERE t.removed_at IS NULL AND v.kind = 'video' AND v.error IS NULL"
                 " AND s.error IS NULL AND v.hash IS NOT NULL AND s.hash IS NOT NULL"
                 " AND (?1 OR a.talk_id IS NULL OR a.video_hash IS NOT v.hash"
                 " OR a.slides_hash IS NOT s.hash)"
                 " ORDER BY ev.dir, t.pos");
        dx_align_job *v = NULL;
        size_t alloc = 0;
        int rc;

        *out = NULL;
        *n = 0;
        if (!st)
                return DX_ERR;
        sqlite3_bind_int(st, 1, force != 0);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                dx_align_job *j;

                if (*n == alloc) {
                        size_t na = alloc ? alloc * 2 : 16;
                        dx_align_job *g = realloc(v, na * sizeof(*v));

                        if (!g) {
                                rc = DX_ENOMEM;
                                break;
                        }
                        v = g;
                        alloc = na;
                }
                j = &v[(*n)++];
                memset(j, 0, sizeof(*j));
                j->talk = sqlite3_column_int64(st, 0);
                j->uid = dx_strdup((const char *)sqlite3_column_text(st, 1));
                j->video = dx_path_join((const char *)sqlite3_column_text(st, 2),
                                        (const char *)sqlite3_column_text(st, 3));
                j->slides = dx_path_join((const char *)sqlite3_column_text(st, 2),
                                         (const char *)sqlite3_column_text(st, 4));
                j->root = dx_strdup((const char *)sqlite3_column_text(st, 2));
                j->video_rel = dx_strdup((const char *)sqlite3_column_text(st, 3));
                j->video_hash = dx_strdup((const char *)sqlite3_column_text(st, 5));
                j->slides_hash = dx_strdup((const char *)sqlite3_column_text(st, 6));
                if (!j->uid || !j->video || !j->slides || !j->root || !j->video_rel ||
                    !j->video_hash || !j->slides_hash) {
                        rc = DX_ENOMEM;
                        break;
                }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
                dx_align_jobs_free(v, *n);
                *n = 0;
                return rc == DX_ENOMEM ? DX_ENOMEM : dx_store_fail(idx, "talks to align");
        }
        *out = v;
        return 0;
}

void dx_align_jobs_free(dx_align_job *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++) {
                free(v[i].uid);
                free(v[i].video);
                free(v[i].slides);
                free(v[i].root);
                free(v[i].video_rel);
                free(v[i].video_hash);
                free(v[i].slides_hash);
                free(v[i].error);
                dx_align_result_release(&v[i].result);
        }
        free(v);
}

/* The intervals of every page, merged with the pages identical to it. */
static int write_times(dx_index *idx, const dx_align_job *j)
{
        sqlite3_stmt *st = dx_store_prep(idx, "INSERT INTO slide_times(talk_id, page, start_s,"
                                              " end_s, confidence) VALUES (?,?,?,?,?)");
        const dx_align_result *r = &j->result;

        if (!st)
                return DX_ERR;
        for (int page = 1; page <= r->pages; page++) {
                double iv[64][2];
                size_t n = dx_align_on_screen(r, page, iv, 64);

                for (size_t i = 0; i < n; i++) {
                        double conf = 0;

                        /* the confidence of the span that holds the interval's start */
                        for (size_t k = 0; k < r->nspans; k++)
                                if (r->spans[k].start_s <= iv[i][0] && iv[i][0] < r->spans[k].end_s)
                                        conf = r->spans[k].confidence;
                        sqlite3_bind_int64(st, 1, j->talk);
                        sqlite3_bind_int(st, 2, page);
                        sqlite3_bind_double(st, 3, iv[i][0]);
                        sqlite3_bind_double(st, 4, iv[i][1]);
                        sqlite3_bind_double(st, 5, conf);
                        if (sqlite3_step(st) != SQLITE_DONE) {
                                sqlite3_reset(st);
                                return dx_store_fail(idx, "slide times");
                        }
                        sqlite3_reset(st);
                }
        }
        return 0;
}

int dx_store_align_write(dx_index *idx, const dx_align_job *j)
{
        sqlite3_stmt *st;
        dx_timeline_status status = j->error                             ? DX_TIMELINE_FAILED
                                    : j->result.status == DX_ALIGN_SHOWN ? DX_TIMELINE_SHOWN
                                                                         : DX_TIMELINE_NOT_SHOWN;
        int rc;

        if ((rc = dx_store_begin(idx)))
                return rc;
        st = dx_store_prep(idx, "DELETE FROM slide_times WHERE talk_id = ?");
        if (!st)
                goto fail;
        sqlite3_bind_int64(st, 1, j->talk);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
                dx_store_fail(idx, "slide times");
                goto fail;
        }
        st =
            dx_store_prep(idx, "INSERT OR REPLACE INTO alignments(talk_id, video_hash, slides_hash,"
                               " status, error, area_score, seconds) VALUES (?,?,?,?,?,?,?)");
        if (!st)
                goto fail;
        sqlite3_bind_int64(st, 1, j->talk);
        sqlite3_bind_text(st, 2, j->video_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, j->slides_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, dx_timeline_status_names[status], -1, SQLITE_STATIC);
        if (j->error)
                sqlite3_bind_text(st, 5, j->error, -1, SQLITE_STATIC);
        if (!j->error) {
                sqlite3_bind_double(st, 6, j->result.area_score);
                sqlite3_bind_double(st, 7, j->result.total_s);
        }
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
                dx_store_fail(idx, "slide times");
                goto fail;
        }
        if (status == DX_TIMELINE_SHOWN && write_times(idx, j))
                goto fail;
        return dx_store_commit(idx);
fail:
        dx_store_rollback(idx);
        return DX_ERR;
}

typedef struct pass {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        dx_align_job *jobs;
        size_t njobs, next;
        int threads; /* decoder threads per talk */
        int stop;
} pass;

/* Align one talk, reading the recording and the deck through files
 * opened once and checked to be inside the archive (dx_pin_open): a
 * symlink swapped in since the ingest read them leads nowhere outside. */
static void align_one(dx_align_job *j, dx_align_opts *o)
{
        dx_pinned video = {.fd = -1}, slides = {.fd = -1};
        char *err = NULL;

        o->video_name = j->video;
        o->pdf_name = j->slides;
        if (dx_pin_open(&video, j->root, j->video, &err) != 0 ||
            dx_pin_open(&slides, j->root, j->slides, &err) != 0) {
                j->error = dx_asprintf("%s: %s", video.fd < 0 ? j->video : j->slides,
                                       err ? err : "out of memory");
        } else if (dx_align(video.path, slides.path, o, &j->result, &j->error) != 0 && !j->error) {
                j->error = dx_strdup("cannot align (out of memory)");
        }
        free(err);
        dx_pin_close(&video);
        dx_pin_close(&slides);
}

static void *align_worker(void *arg)
{
        pass *p = arg;

        for (;;) {
                dx_align_opts o = {.threads = p->threads};
                dx_align_job *j;

                pthread_mutex_lock(&p->mu);
                if (p->stop || p->next >= p->njobs) {
                        pthread_mutex_unlock(&p->mu);
                        return NULL;
                }
                j = &p->jobs[p->next++];
                pthread_mutex_unlock(&p->mu);
                align_one(j, &o);
                pthread_mutex_lock(&p->mu);
                j->done = 1;
                pthread_cond_broadcast(&p->cv);
                pthread_mutex_unlock(&p->mu);
        }
}

int dx_ingest_align(dx_index *idx, int jobs, int force, const dx_ingest_opts *o,
                    dx_ingest_stats *st)
{
        pass p = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
        pthread_t th[64];
        int nth = 0, rc;

        if ((rc = dx_store_align_pending(idx, force, &p.jobs, &p.njobs)) || !p.njobs)
                return rc;
        if (jobs < 1)
                jobs = 1;
        /* talks in parallel; the decoder's own threads share what is left */
        nth = (size_t)jobs < p.njobs ? jobs : (int)p.njobs;
        if (nth > 64)
                nth = 64;
        p.threads = jobs / nth > 0 ? jobs / nth : 1;
        for (int i = 0; i < nth; i++)
                if (pthread_create(&th[i], NULL, align_worker, &p) != 0) {
                        nth = i;
                        break;
                }
        if (!nth) {
                dx_align_jobs_free(p.jobs, p.njobs);
                dx_index_set_error(idx, "cannot start threads to align slides");
                return DX_ERR;
        }
        for (size_t i = 0; i < p.njobs && !rc; i++) {
                dx_align_job *j = &p.jobs[i];

                pthread_mutex_lock(&p.mu);
                while (!j->done)
                        pthread_cond_wait(&p.cv, &p.mu);
                pthread_mutex_unlock(&p.mu);
                if (j->error) {
                        st->align_failed++;
                        if (o->note)
                                o->note(o->ud, DX_NOTE_WARNING, j->video_rel, j->error);
                } else if (j->result.status != DX_ALIGN_SHOWN) {
                        st->align_not_shown++;
                        if (o->note)
                                o->note(o->ud, DX_NOTE_INFO, j->video_rel,
                                        "the recording never shows its slides");
                } else if (j->result.confidence < DX_ALIGN_LOW_CONFIDENCE) {
                        st->aligned++;
                        st->align_low++;
                        if (o->note) {
                                char *msg = dx_asprintf("slides put on the timeline with low "
                                                        "confidence (%.2f)",
                                                        j->result.confidence);
                                o->note(o->ud, DX_NOTE_INFO, j->video_rel,
                                        msg ? msg : "slides put on the timeline");
                                free(msg);
                        }
                } else {
                        st->aligned++;
                        if (o->note)
                                o->note(o->ud, DX_NOTE_INFO, j->video_rel,
                                        "slides put on the timeline");
                }
                rc = dx_store_align_write(idx, j);
                dx_align_result_release(&j->result);
        }
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < nth; i++)
                pthread_join(th[i], NULL);
        dx_align_jobs_free(p.jobs, p.njobs);
        return rc;
}
