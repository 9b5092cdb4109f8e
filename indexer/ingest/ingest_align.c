/*
 * ingest_align.c - the last step of an ingest: put the slides on the
 * timeline.  Every talk with a recording and slides that was never
 * aligned, or whose files changed since, goes through dx_align() on the
 * worker threads; the results are written in archive order, one
 * transaction per talk, so an interrupted pass keeps what it finished and
 * the next ingest does the rest.
 */
#include "dx_store.h"

#include <sqlite3.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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
                if (!j->done) /* else known already */
                        align_one(j, &o);
                pthread_mutex_lock(&p->mu);
                j->done = 1;
                pthread_cond_broadcast(&p->cv);
                pthread_mutex_unlock(&p->mu);
        }
}

int dx_workers_count(int jobs, size_t njobs)
{
        size_t n = jobs < 1 ? 1 : (size_t)jobs;

        if (n > njobs)
                n = njobs;
        return n > DX_MAX_WORKERS ? DX_MAX_WORKERS : (int)n;
}

int dx_workers_start(pthread_t *th, int n, void *(*fn)(void *), void *arg)
{
        for (int i = 0; i < n; i++)
                if (pthread_create(&th[i], NULL, fn, arg) != 0)
                        return i;
        return n;
}

int dx_ingest_align(dx_index *idx, int jobs, int force, const dx_ingest_opts *o,
                    dx_ingest_stats *st, dx_align_known *known, size_t nknown)
{
        pass p = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
        pthread_t th[DX_MAX_WORKERS];
        int nth = 0, rc;

        if ((rc = dx_store_align_pending(idx, force, &p.jobs, &p.njobs)) || !p.njobs)
                return rc;
        for (size_t i = 0; i < p.njobs; i++)
                for (size_t k = 0; k < nknown; k++)
                        if (!known[k].taken &&
                            strcmp(known[k].video_hash, p.jobs[i].video_hash) == 0 &&
                            strcmp(known[k].slides_hash, p.jobs[i].slides_hash) == 0) {
                                p.jobs[i].result = known[k].result;
                                memset(&known[k].result, 0, sizeof(known[k].result));
                                known[k].taken = 1;
                                p.jobs[i].done = 1;
                                break;
                        }
        if (jobs < 1)
                jobs = 1;
        /* talks in parallel; the decoder's own threads share what is left */
        nth = dx_workers_count(jobs, p.njobs);
        p.threads = jobs / nth > 0 ? jobs / nth : 1;
        nth = dx_workers_start(th, nth, align_worker, &p);
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
