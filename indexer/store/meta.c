/*
 * meta.c - what the index keeps of inference: where each talk's title,
 * speakers and date came from and how its files were paired (talk_meta),
 * the first page's lines of each deck (title_pages, read again from the
 * index when the deck is unchanged), and what walking and pairing an event
 * found for the archivist to fix (event_notes, read by the report).  The
 * tables are added to any index opened for writing that lacks them, so
 * older doxsearch versions read a newer index as before.
 */
#include "dx_store.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

static const char meta_schema[] =
    "CREATE TABLE IF NOT EXISTS talk_meta("
    "  talk_id INTEGER PRIMARY KEY REFERENCES talks(id) ON DELETE CASCADE,"
    "  title_src TEXT, speakers_src TEXT, date_src TEXT, paired_by TEXT, pair_confidence REAL);"
    "CREATE TABLE IF NOT EXISTS title_pages("
    "  file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,"
    "  lines TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS event_notes("
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, kind TEXT NOT NULL, talk TEXT, file TEXT,"
    "  message TEXT NOT NULL, suggestion TEXT, PRIMARY KEY(event_id, pos)) WITHOUT ROWID;";

int dx_store_meta_schema(dx_index *idx)
{
        if (sqlite3_exec(idx->db, meta_schema, NULL, NULL, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "add the tables of sources");
        return 0;
}

static void bind_or_null(sqlite3_stmt *st, int i, const char *s)
{
        if (s)
                sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
        else
                sqlite3_bind_null(st, i);
}

/* Step a write to its end. */
static int done(dx_index *idx, sqlite3_stmt *st, const char *what)
{
        int rc;

        if (!st)
                return DX_ERR;
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : dx_store_fail(idx, what);
}

int dx_store_talk_meta_write(dx_index *idx, int64_t talk, const dx_talk *t)
{
        sqlite3_stmt *st = dx_store_prep(
            idx, "INSERT OR REPLACE INTO talk_meta(talk_id, title_src, speakers_src, date_src,"
                 " paired_by, pair_confidence) VALUES (?,?,?,?,?,?)");

        if (st) {
                sqlite3_bind_int64(st, 1, talk);
                bind_or_null(st, 2, t->title_src);
                bind_or_null(st, 3, t->speakers_src);
                bind_or_null(st, 4, t->date_src);
                bind_or_null(st, 5, t->paired_by);
                if (t->paired_by && strcmp(t->paired_by, "content") == 0)
                        sqlite3_bind_double(st, 6, t->pair_confidence);
        }
        return done(idx, st, "write sources");
}

static char *col(sqlite3_stmt *st, int i)
{
        const unsigned char *s = sqlite3_column_text(st, i);

        return s ? dx_strdup((const char *)s) : NULL;
}

/* Whether the index has the table (an index no ingest of this version
 * wrote has not). */
static int has_table(dx_index *idx, const char *name)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                              " AND name = ?");
        int yes;

        if (!st)
                return 0;
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        return yes;
}

int dx_store_talk_meta_read(dx_index *idx, int64_t talk, dx_talk *t)
{
        sqlite3_stmt *st;
        int rc;

        if (!has_table(idx, "talk_meta"))
                return 0;
        st = dx_store_prep(idx, "SELECT title_src, speakers_src, date_src, paired_by,"
                                " pair_confidence FROM talk_meta WHERE talk_id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, talk);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                t->title_src = col(st, 0);
                t->speakers_src = col(st, 1);
                t->date_src = col(st, 2);
                t->paired_by = col(st, 3);
                t->pair_confidence = sqlite3_column_double(st, 4);
                rc = SQLITE_DONE;
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "read sources");
}

int dx_store_title_page_write(dx_index *idx, int64_t file, const char *lines)
{
        sqlite3_stmt *st = dx_store_prep(idx, "DELETE FROM title_pages WHERE file_id = ?");

        if (st)
                sqlite3_bind_int64(st, 1, file);
        if (done(idx, st, "write title page"))
                return DX_ERR;
        if (!lines)
                return 0;
        st = dx_store_prep(idx, "INSERT INTO title_pages(file_id, lines) VALUES (?,?)");
        if (st) {
                sqlite3_bind_int64(st, 1, file);
                sqlite3_bind_text(st, 2, lines, -1, SQLITE_STATIC);
        }
        return done(idx, st, "write title page");
}

int dx_store_title_page_load(dx_index *idx, int64_t file, char **lines)
{
        sqlite3_stmt *st;
        int rc;

        *lines = NULL;
        if (!has_table(idx, "title_pages"))
                return 0;
        st = dx_store_prep(idx, "SELECT lines FROM title_pages WHERE file_id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, file);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                *lines = col(st, 0);
                rc = SQLITE_DONE;
        }
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "read title page");
}

int dx_store_event_notes_write(dx_index *idx, int64_t event, const dx_event_plan *ev,
                               const dx_talk *talks, size_t ntalks)
{
        sqlite3_stmt *st = dx_store_prep(idx, "DELETE FROM event_notes WHERE event_id = ?");

        if (st)
                sqlite3_bind_int64(st, 1, event);
        if (done(idx, st, "write notes"))
                return DX_ERR;
        for (size_t i = 0; i < ev->nnotes; i++) {
                const dx_plan_note *n = &ev->notes[i];

                st = dx_store_prep(idx, "INSERT INTO event_notes(event_id, pos, kind, talk, file,"
                                        " message, suggestion) VALUES (?,?,?,?,?,?,?)");
                if (st) {
                        sqlite3_bind_int64(st, 1, event);
                        sqlite3_bind_int64(st, 2, (int64_t)i);
                        sqlite3_bind_text(st, 3, n->kind, -1, SQLITE_STATIC);
                        bind_or_null(st, 4,
                                     n->talk >= 0 && (size_t)n->talk < ntalks ? talks[n->talk].id
                                                                              : NULL);
                        bind_or_null(st, 5, n->file);
                        sqlite3_bind_text(st, 6, n->message, -1, SQLITE_STATIC);
                        bind_or_null(st, 7, n->suggestion);
                }
                if (done(idx, st, "write notes"))
                        return DX_ERR;
        }
        return 0;
}
