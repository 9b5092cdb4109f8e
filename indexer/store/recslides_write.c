/*
 * recslides_write.c - the talks whose slides an ingest must read from
 * their recording (a recording and no deck, never read or changed since,
 * or read in another OCR language), and what was read written back with
 * the talk's talk_fts row made again (recslides.c has the tables; the
 * jobs run in ingest_recslides.c).  Part of the store, but linked with
 * the ingest library, since it holds the reader's results.
 */
#include "dx_store.h"
#include "dx_recslides.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

void dx_rec_jobs_free(dx_rec_job *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++) {
                free(v[i].video);
                free(v[i].root);
                free(v[i].video_rel);
                free(v[i].video_hash);
                free(v[i].error);
                free(v[i].warning);
                dx_recslides_release(&v[i].result);
        }
        free(v);
}

int dx_store_rec_pending(dx_index *idx, int force, const char *lang, dx_rec_job **out, size_t *n)
{
        sqlite3_stmt *st;
        dx_rec_job *v = NULL;
        size_t alloc = 0;
        int rc;

        *out = NULL;
        *n = 0;
        /* slides read before the talk got a deck are no longer used */
        st = dx_store_prep(idx, "DELETE FROM rec_reads WHERE talk_id IN"
                                " (SELECT id FROM talks WHERE slides_id IS NOT NULL)");
        if (!st)
                return DX_ERR;
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
                return dx_store_fail(idx, "slides read from recordings");
        st = dx_store_prep(
            idx, "SELECT t.id, ev.root, v.path, v.hash, m.duration"
                 " FROM talks t JOIN events ev ON ev.id = t.event_id"
                 " JOIN files v ON v.id = t.video_id LEFT JOIN media m ON m.file_id = v.id"
                 " LEFT JOIN rec_reads r ON r.talk_id = t.id"
                 " WHERE t.removed_at IS NULL AND t.slides_id IS NULL AND v.kind = 'video'"
                 " AND v.error IS NULL AND v.hash IS NOT NULL"
                 " AND (?1 OR r.talk_id IS NULL OR r.video_hash IS NOT v.hash OR r.lang IS NOT ?2)"
                 " ORDER BY ev.dir, t.pos");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int(st, 1, force != 0);
        sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                dx_rec_job *j;

                if (DX_GROW(v, *n + 1, alloc)) {
                        rc = DX_ENOMEM;
                        break;
                }
                j = &v[(*n)++];
                memset(j, 0, sizeof(*j));
                j->talk = sqlite3_column_int64(st, 0);
                j->root = dx_strdup((const char *)sqlite3_column_text(st, 1));
                j->video_rel = dx_strdup((const char *)sqlite3_column_text(st, 2));
                j->video = dx_path_join(j->root ? j->root : "", j->video_rel ? j->video_rel : "");
                j->video_hash = dx_strdup((const char *)sqlite3_column_text(st, 3));
                j->duration =
                    sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 4);
                if (!j->root || !j->video_rel || !j->video || !j->video_hash) {
                        rc = DX_ENOMEM;
                        break;
                }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
                dx_rec_jobs_free(v, *n);
                *n = 0;
                return rc == DX_ENOMEM ? dx_index_nomem(idx, DX_ENOMEM)
                                       : dx_store_fail(idx, "talks to read slides of");
        }
        *out = v;
        return 0;
}

/* Run a write to its end. */
static int run(dx_index *idx, sqlite3_stmt *st, const char *what)
{
        int rc;

        if (!st)
                return DX_ERR;
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : dx_store_fail(idx, what);
}

static int write_slides(dx_index *idx, const dx_rec_job *j)
{
        const dx_recslides *r = &j->result;

        for (size_t i = 0; i < r->n; i++) {
                sqlite3_stmt *st = dx_store_prep(idx, "INSERT INTO rec_slides(talk_id, page, text,"
                                                      " conf, frame_s) VALUES (?,?,?,?,?)");
                if (!st)
                        return DX_ERR;
                sqlite3_bind_int64(st, 1, j->talk);
                sqlite3_bind_int(st, 2, (int)i + 1);
                sqlite3_bind_text(st, 3, r->v[i].text, -1, SQLITE_STATIC);
                sqlite3_bind_double(st, 4, r->v[i].conf);
                sqlite3_bind_double(st, 5, r->v[i].at);
                if (run(idx, st, "slides read from a recording"))
                        return DX_ERR;
                for (size_t k = 0; k < r->v[i].niv; k++) {
                        st = dx_store_prep(idx, "INSERT OR REPLACE INTO rec_slide_times(talk_id,"
                                                " page, start_s, end_s) VALUES (?,?,?,?)");
                        if (!st)
                                return DX_ERR;
                        sqlite3_bind_int64(st, 1, j->talk);
                        sqlite3_bind_int(st, 2, (int)i + 1);
                        sqlite3_bind_double(st, 3, r->v[i].iv[k][0]);
                        sqlite3_bind_double(st, 4, r->v[i].iv[k][1]);
                        if (run(idx, st, "slides read from a recording"))
                                return DX_ERR;
                }
        }
        return 0;
}

int dx_store_rec_write(dx_index *idx, const dx_rec_job *j, const char *lang)
{
        static const char *const clear[] = {"DELETE FROM rec_slide_times WHERE talk_id = ?",
                                            "DELETE FROM rec_slides WHERE talk_id = ?"};
        sqlite3_stmt *st;
        int rc;

        if ((rc = dx_store_begin(idx)))
                return rc;
        /* out of talk_fts with the words it was indexed with, and back */
        if (dx_store_fts_talk(idx, j->talk, 0))
                goto fail;
        for (size_t i = 0; i < sizeof(clear) / sizeof(clear[0]); i++) {
                st = dx_store_prep(idx, clear[i]);
                if (st)
                        sqlite3_bind_int64(st, 1, j->talk);
                if (run(idx, st, "slides read from a recording"))
                        goto fail;
        }
        st = dx_store_prep(idx, "INSERT OR REPLACE INTO rec_reads(talk_id, video_hash, lang,"
                                " error, slides, dropped, seconds) VALUES (?,?,?,?,?,?,?)");
        if (!st)
                goto fail;
        sqlite3_bind_int64(st, 1, j->talk);
        sqlite3_bind_text(st, 2, j->video_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
        if (j->error)
                sqlite3_bind_text(st, 4, j->error, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, (int64_t)j->result.n);
        sqlite3_bind_int64(st, 6, (int64_t)j->result.noise);
        sqlite3_bind_double(st, 7, j->result.cpu_s);
        if (run(idx, st, "slides read from a recording") || write_slides(idx, j) ||
            dx_store_fts_talk(idx, j->talk, 1))
                goto fail;
        return dx_store_commit(idx);
fail:
        dx_store_rollback(idx);
        return DX_ERR;
}
