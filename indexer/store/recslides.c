/*
 * recslides.c - slides read from a talk's recording when it has no deck:
 * rec_reads says which recording (by hash) and OCR language they were
 * read from and how it went, rec_slides holds each slide's text (page =
 * order of first appearance) and the time of the frame read, and
 * rec_slide_times when it was on screen.  talk_doc's slides column is a
 * deckless talk's rec_slides texts in page order, so talk_fts indexes them
 * as a deck's pages (a talk with a deck never uses them).  The tables are
 * added to any index opened for writing that lacks them, and talk_doc is
 * made again there; older indexes are read as they are.
 */
#include "dx_store.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

static const char rec_schema[] = DX_REC_SQL;

/* Does the index have the tables (an older one opened to read may not)? */
static int has_tables(dx_index *idx)
{
        sqlite3_stmt *st = dx_store_prep(
            idx, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'rec_slides'");
        int rc;

        if (!st)
                return 0;
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        return rc == SQLITE_ROW;
}

int dx_store_recslides_schema(dx_index *idx)
{
        sqlite3_stmt *st;
        int rc, old = 0;

        if (sqlite3_exec(idx->db, rec_schema, NULL, NULL, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "add the tables of slides read from recordings");
        st = dx_store_prep(idx, "SELECT sql NOT LIKE '%rec_slides%' FROM sqlite_schema"
                                " WHERE type = 'view' AND name = 'talk_doc'");
        if (!st)
                return DX_ERR;
        rc = sqlite3_step(st);
        old = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return dx_store_fail(idx, "read the schema");
        if (!old)
                return 0;
        /* the same values for every talk until a recording's slides are
         * read: talk_fts stays as it is */
        if (sqlite3_exec(idx->db,
                         "BEGIN IMMEDIATE; DROP VIEW IF EXISTS talk_doc;" DX_TALK_DOC_SQL "COMMIT;",
                         NULL, NULL, NULL) != SQLITE_OK) {
                dx_store_fail(idx, "make the view of talks again");
                sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
                return DX_ERR;
        }
        return 0;
}

/* ---- reading ------------------------------------------------------------- */

int dx_store_rec_text(dx_index *idx, int64_t talk, char **raw, size_t *len)
{
        sqlite3_stmt *st;
        dx_buf b = DX_BUF_INIT;
        int rc;

        *raw = NULL;
        *len = 0;
        if (!has_tables(idx))
                return 0;
        st = dx_store_prep(idx, "SELECT r.text FROM rec_slides r JOIN talks t ON t.id = r.talk_id"
                                " WHERE r.talk_id = ? AND t.slides_id IS NULL ORDER BY r.page");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, talk);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *s = (const char *)sqlite3_column_text(st, 0);
                dx_buf_add(&b, s ? s : "", (size_t)sqlite3_column_bytes(st, 0));
                dx_buf_add(&b, "", 1);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
                dx_buf_release(&b);
                return dx_store_fail(idx, "slides read from a recording");
        }
        if (b.truncated) {
                dx_buf_release(&b);
                return dx_index_nomem(idx, DX_ENOMEM);
        }
        *len = b.len;
        *raw = b.len ? dx_buf_detach(&b) : NULL;
        dx_buf_release(&b);
        return 0;
}

int dx_store_rec_on_screen(dx_index *idx, int64_t talk, int page, double (*iv)[2], size_t max)
{
        if (!has_tables(idx))
                return 0;
        return dx_store_read_intervals(
            idx,
            "SELECT start_s, end_s FROM rec_slide_times WHERE talk_id = ? AND page = ? AND"
            " talk_id IN (SELECT id FROM talks WHERE slides_id IS NULL) ORDER BY start_s",
            "slides read from a recording", talk, page, iv, max);
}

int dx_store_rec_count(dx_index *idx, int64_t talk)
{
        sqlite3_stmt *st;
        int rc, n = 0;

        if (!has_tables(idx))
                return 0;
        st = dx_store_prep(idx, "SELECT count(*) FROM rec_slides r JOIN talks t ON t.id ="
                                " r.talk_id WHERE r.talk_id = ? AND t.slides_id IS NULL");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, talk);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                n = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        return rc == SQLITE_ROW ? n : dx_store_fail(idx, "slides read from a recording");
}

int dx_store_rec_timeline(dx_index *idx, const char *id, dx_timeline *out)
{
        sqlite3_stmt *st;
        size_t alloc = 0;
        int rc;

        if (!has_tables(idx))
                return 0;
        st = dx_store_prep(idx, "SELECT r.slides, r.error FROM rec_reads r JOIN talks t"
                                " ON t.id = r.talk_id WHERE t.uid = ? AND t.slides_id IS NULL");
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                const char *e = (const char *)sqlite3_column_text(st, 1);

                out->from_recording = 1;
                out->status = e                               ? DX_TIMELINE_FAILED
                              : sqlite3_column_int(st, 0) > 0 ? DX_TIMELINE_SHOWN
                                                              : DX_TIMELINE_NOT_SHOWN;
                if (e && !(out->error = dx_strdup(e)))
                        rc = SQLITE_NOMEM;
                else
                        rc = SQLITE_DONE;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
                return rc == SQLITE_NOMEM ? dx_index_nomem(idx, DX_ENOMEM)
                                          : dx_store_fail(idx, "timeline");
        if (!out->from_recording)
                return 0;
        st = dx_store_prep(idx, "SELECT s.page, s.start_s, s.end_s, r.conf FROM rec_slide_times s"
                                " JOIN rec_slides r ON r.talk_id = s.talk_id AND r.page = s.page"
                                " JOIN talks t ON t.id = s.talk_id WHERE t.uid = ?"
                                " ORDER BY s.start_s, s.page");
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (DX_GROW(out->spans, out->n + 1, alloc)) {
                        rc = DX_ENOMEM;
                        break;
                }
                out->spans[out->n].page = sqlite3_column_int(st, 0);
                out->spans[out->n].start_s = sqlite3_column_double(st, 1);
                out->spans[out->n].end_s = sqlite3_column_double(st, 2);
                out->spans[out->n].confidence = sqlite3_column_double(st, 3) / 100.0;
                out->n++;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
                return rc == DX_ENOMEM ? dx_index_nomem(idx, DX_ENOMEM)
                                       : dx_store_fail(idx, "timeline");
        return 0;
}

int dx_talk_rec_slides(dx_index *idx, const char *id, dx_rec_slide **out, size_t *n)
{
        sqlite3_stmt *st;
        size_t alloc = 0;
        int rc;

        *out = NULL;
        *n = 0;
        if (!has_tables(idx))
                return 0;
        st = dx_store_prep(idx, "SELECT r.page, r.text, r.conf, r.frame_s FROM rec_slides r"
                                " JOIN talks t ON t.id = r.talk_id WHERE t.uid = ?"
                                " AND t.slides_id IS NULL ORDER BY r.page");
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                dx_rec_slide *s;

                if (DX_GROW(*out, *n + 1, alloc)) {
                        rc = DX_ENOMEM;
                        break;
                }
                s = &(*out)[(*n)++];
                memset(s, 0, sizeof(*s));
                s->page = sqlite3_column_int(st, 0);
                s->text = dx_strdup((const char *)sqlite3_column_text(st, 1));
                s->conf = sqlite3_column_double(st, 2);
                s->frame_s = sqlite3_column_double(st, 3);
                if (!s->text) {
                        rc = DX_ENOMEM;
                        break;
                }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
                dx_rec_slides_free(*out, *n);
                *out = NULL;
                *n = 0;
                return rc == DX_ENOMEM ? dx_index_nomem(idx, DX_ENOMEM)
                                       : dx_store_fail(idx, "slides read from a recording");
        }
        return 0;
}

void dx_rec_slides_free(dx_rec_slide *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                free(v[i].text);
        free(v);
}
