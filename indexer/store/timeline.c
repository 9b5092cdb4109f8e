/*
 * timeline.c - when each slide page was on screen, read back from the
 * index for search hits and `show --timeline` (timeline_write.c writes it).
 *
 * alignments has one row per aligned talk with the hashes of the two files
 * it was made from; slide_times has, per page, the stretches when it (or a
 * page identical to it) was on screen.
 */
#include "dx_store.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

const char *const dx_timeline_status_names[] = {"shown", "not shown", "failed"};

const char *dx_timeline_status_name(dx_timeline_status s)
{
        return s <= DX_TIMELINE_FAILED ? dx_timeline_status_names[s] : "none";
}

int dx_store_read_intervals(dx_index *idx, const char *sql, const char *what, int64_t talk,
                            int page, double (*iv)[2], size_t max)
{
        sqlite3_stmt *st = dx_store_prep(idx, sql);
        size_t n = 0;
        int rc = SQLITE_DONE;

        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, talk);
        sqlite3_bind_int(st, 2, page);
        while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                iv[n][0] = sqlite3_column_double(st, 0);
                iv[n][1] = sqlite3_column_double(st, 1);
                n++;
        }
        /* stopped at max: the intervals asked for are all there */
        if (rc != SQLITE_DONE && !(rc == SQLITE_ROW && n == max)) {
                rc = dx_store_fail(idx, what);
                sqlite3_reset(st);
                return rc;
        }
        sqlite3_reset(st);
        return (int)n;
}

int dx_slide_on_screen(dx_index *idx, int64_t talk, int page, double (*iv)[2], size_t max)
{
        return dx_store_read_intervals(idx,
                                       "SELECT start_s, end_s FROM slide_times"
                                       " WHERE talk_id = ? AND page = ? ORDER BY start_s",
                                       "slide times", talk, page, iv, max);
}

int dx_talk_timeline(dx_index *idx, const char *id, dx_timeline *out)
{
        sqlite3_stmt *st = dx_store_prep(
            idx, "SELECT a.status, a.error FROM alignments a JOIN talks t ON t.id = a.talk_id"
                 " WHERE t.uid = ?");
        size_t alloc = 0;
        int rc;

        memset(out, 0, sizeof(*out));
        out->status = DX_TIMELINE_NONE;
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                const char *s = (const char *)sqlite3_column_text(st, 0);
                const char *e = (const char *)sqlite3_column_text(st, 1);

                for (int i = 0; i < 3; i++)
                        if (s && strcmp(s, dx_timeline_status_names[i]) == 0)
                                out->status = (dx_timeline_status)i;
                if ((!s && sqlite3_column_type(st, 0) != SQLITE_NULL) ||
                    (!e && sqlite3_column_type(st, 1) != SQLITE_NULL) ||
                    (e && !(out->error = dx_strdup(e))))
                        rc = SQLITE_NOMEM;
                else
                        rc = SQLITE_DONE;
        }
        if (rc != SQLITE_DONE) {
                rc = rc == SQLITE_NOMEM ? dx_index_nomem(idx, DX_ENOMEM)
                                        : dx_store_fail(idx, "timeline");
                sqlite3_reset(st);
                dx_timeline_release(out);
                return rc;
        }
        sqlite3_reset(st);
        if (out->status == DX_TIMELINE_NONE) {
                /* no deck: the slides read from the recording, if any */
                rc = dx_store_rec_timeline(idx, id, out);
                if (rc)
                        dx_timeline_release(out);
                return rc;
        }
        st = dx_store_prep(idx, "SELECT st.page, st.start_s, st.end_s, st.confidence"
                                " FROM slide_times st JOIN talks t ON t.id = st.talk_id"
                                " WHERE t.uid = ? ORDER BY st.start_s, st.page");
        if (!st) {
                dx_timeline_release(out);
                return DX_ERR;
        }
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (DX_GROW(out->spans, out->n + 1, alloc)) {
                        rc = DX_ENOMEM;
                        break;
                }
                out->spans[out->n].page = sqlite3_column_int(st, 0);
                out->spans[out->n].start_s = sqlite3_column_double(st, 1);
                out->spans[out->n].end_s = sqlite3_column_double(st, 2);
                out->spans[out->n].confidence = sqlite3_column_double(st, 3);
                out->n++;
        }
        if (rc != SQLITE_DONE) {
                rc = rc == DX_ENOMEM ? dx_index_nomem(idx, DX_ENOMEM)
                                     : dx_store_fail(idx, "slide times");
                sqlite3_reset(st);
                dx_timeline_release(out);
                return rc;
        }
        sqlite3_reset(st);
        return 0;
}

void dx_timeline_release(dx_timeline *t)
{
        free(t->spans);
        free(t->error);
        memset(t, 0, sizeof(*t));
}
