/*
 * ingest_recslides.c - a step of an ingest after alignment: the slides of
 * every talk that has a recording and no deck are read from the
 * recording's pixels (ocr/recording.c), each talk in a child of the jail
 * with bounds on time and memory, on the worker threads; the results are
 * written in archive order, one transaction per talk, so an interrupted
 * pass keeps what it finished and the next ingest does the rest.
 */
#include "dx_store.h"
#include "dx_recslides.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A job's time: a few times real time for a recording of known length,
 * never less than a minute; DOXSEARCH_REC_SECONDS sets it for all. */
#define DX_REC_SECONDS_MIN     60.0
#define DX_REC_PER_SECOND      0.5
#define DX_REC_SECONDS_MAX     7200.0
#define DX_REC_SECONDS_UNKNOWN 1800.0

typedef struct pass {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        dx_rec_job *jobs;
        size_t njobs, next;
        dx_jail *jail;
        const char *lang;
        int stop;
} pass;

static double job_seconds(const dx_rec_job *j)
{
        const char *s = getenv("DOXSEARCH_REC_SECONDS");
        char *end;
        double v;

        if (s && *s && (v = strtod(s, &end)) > 0 && !*end && v <= 86400)
                return v;
        if (j->duration <= 0)
                return DX_REC_SECONDS_UNKNOWN;
        v = DX_REC_SECONDS_MIN + j->duration * DX_REC_PER_SECOND;
        return v < DX_REC_SECONDS_MAX ? v : DX_REC_SECONDS_MAX;
}

/* Read one talk's recording through a file opened once and checked to be
 * inside the archive (dx_pin_open). */
static void read_one(pass *p, dx_rec_job *j)
{
        dx_pinned video = {.fd = -1};
        char *err = NULL;
        int rc;

        if (dx_pin_open(&video, j->root, j->video, &err) != 0) {
                j->error = dx_strdup(err ? err : "out of memory");
                free(err);
                return;
        }
        rc = dx_recslides_read_in(p->jail, video.path, video.fd, p->lang, job_seconds(j),
                                  &j->result, &err);
        if (rc == 1)
                j->warning =
                    dx_asprintf("%s; the slides read before are kept", err ? err : "stopped");
        else if (rc)
                j->error = dx_asprintf("cannot read slides from the recording: %s",
                                       err ? err : "out of memory");
        free(err);
        dx_pin_close(&video);
}

static void *worker(void *arg)
{
        pass *p = arg;

        for (;;) {
                dx_rec_job *j;

                pthread_mutex_lock(&p->mu);
                if (p->stop || p->next >= p->njobs) {
                        pthread_mutex_unlock(&p->mu);
                        return NULL;
                }
                j = &p->jobs[p->next++];
                pthread_mutex_unlock(&p->mu);
                read_one(p, j);
                pthread_mutex_lock(&p->mu);
                j->done = 1;
                pthread_cond_broadcast(&p->cv);
                pthread_mutex_unlock(&p->mu);
        }
}

int dx_ingest_recslides(dx_index *idx, dx_jail **jail, int jobs, int force, const dx_ingest_opts *o,
                        dx_ingest_stats *st)
{
        pass p = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
        const char *lang = o->ocr_lang ? o->ocr_lang : "eng";
        pthread_t th[DX_MAX_WORKERS];
        int nth = 0, rc;

        if (o->ocr == DX_OCR_NEVER)
                return 0;
        if ((rc = dx_store_rec_pending(idx, force, lang, &p.jobs, &p.njobs)) || !p.njobs)
                return rc;
        /* the engine's language, asked once (not per talk) */
        {
                char *err = NULL;

                if (dx_ocr_lang_installed(lang, &err)) {
                        if (o->note)
                                o->note(o->ud, DX_NOTE_WARNING, NULL, err ? err : "out of memory");
                        free(err);
                        dx_rec_jobs_free(p.jobs, p.njobs);
                        return 0;
                }
        }
        /* the jail is started while this process has one thread (no
         * deck was read, so none was started); else talks are read here */
        if (!*jail)
                dx_jail_start(jail);
        p.jail = *jail;
        p.lang = lang;
        nth = dx_workers_start(th, dx_workers_count(jobs, p.njobs), worker, &p);
        if (!nth) {
                dx_rec_jobs_free(p.jobs, p.njobs);
                dx_index_set_error(idx, "cannot start threads to read slides from recordings");
                return DX_ERR;
        }
        for (size_t i = 0; i < p.njobs && !rc; i++) {
                dx_rec_job *j = &p.jobs[i];

                pthread_mutex_lock(&p.mu);
                while (!j->done)
                        pthread_cond_wait(&p.cv, &p.mu);
                pthread_mutex_unlock(&p.mu);
                st->rec_talks++;
                if (j->error) {
                        st->rec_failed++;
                        if (o->note)
                                o->note(o->ud, DX_NOTE_WARNING, j->video_rel, j->error);
                } else {
                        char *msg;

                        st->rec_slides += j->result.n;
                        if (j->warning && o->note)
                                o->note(o->ud, DX_NOTE_WARNING, j->video_rel, j->warning);
                        if (j->result.note && o->note)
                                o->note(o->ud, DX_NOTE_WARNING, j->video_rel, j->result.note);
                        msg = j->result.n ? dx_asprintf("no deck: %zu slide%s read from the "
                                                        "recording",
                                                        j->result.n, j->result.n == 1 ? "" : "s")
                                          : dx_strdup("no deck, and no slide could be read "
                                                      "from the recording");
                        if (o->note && msg)
                                o->note(o->ud, DX_NOTE_INFO, j->video_rel, msg);
                        free(msg);
                }
                rc = dx_store_rec_write(idx, j, lang);
                dx_recslides_release(&j->result);
        }
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < nth; i++)
                pthread_join(th[i], NULL);
        dx_rec_jobs_free(p.jobs, p.njobs);
        return rc;
}
