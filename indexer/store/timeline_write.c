/*
 * timeline_write.c - the talks an ingest must align, and the outcome of
 * each written back: the alignments row with the hashes of the two files
 * it was made from, and the slide_times rows of when each page was on
 * screen (ingest_align.c runs the jobs; timeline.c reads them back).
 * Part of the store, but linked with the ingest library, since it reads
 * the aligner's results (dx_align_on_screen).
 */
#include "dx_store.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

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

                if (DX_GROW(v, *n + 1, alloc)) {
                        rc = DX_ENOMEM;
                        break;
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
