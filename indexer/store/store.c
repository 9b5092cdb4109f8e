/*
 * store.c - the SQLite index: opening and creating it, its schema, and
 * writing one event at a time inside the caller's transaction.
 *
 * Full-text search indexes every word once, in one external-content FTS5
 * table over the view talk_doc: talk_fts has one row per talk (title,
 * speakers, their roles and companies, event, abstract, tags, the text of
 * all its slide pages, its captions and its chapter titles), so talks are
 * matched and ranked as wholes and the text itself is stored once (in
 * slide_text, cues and chapters).  Which page, cue or chapter of a found
 * talk matched is worked out at search time (locate.c).  A deck's page
 * text is one compressed row of slide_text (slidetext.c).
 * Earlier schemas: version 2 also indexed each page and each cue on its
 * own, with prefix indexes (the index was 3.5 times the text); version 3
 * kept a row per page in pages (1.7 times).  Opening either for writing
 * converts it (migrate_2_3, migrate_3_4); both are read as they are.
 * alignments and slide_times say when each slide page was on screen in
 * the talk's recording (timeline.c, ingest_align.c).
 * ocr_text and ocr_pages (schema 5) keep what OCR read of slide pages by
 * the page's content hash, and which pages it read (ocrtext.c).
 * talk_fts's captions column holds the cues of the talk's recording and of
 * the caption files talk_captions gives it; its chapters column the
 * recording's chapter titles.
 * An external-content row must be deleted with the values it was indexed
 * with, so talk_fts rows of an event are deleted before anything they are
 * made of changes and inserted again afterwards (dx_store_event_write). */
#include "dx_store.h"

#include <jansson.h>
#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bumped whenever the schema changes.  Version 1 was the development
 * schema before captions; there is no migration from it.  Version 2 is
 * converted when opened for writing, and read as it is. */
#define DX_SCHEMA_VERSION 5
#define DX_SCHEMA_OLDEST  2
/* PRAGMA application_id of our indexes ("DXSI"), set on new ones and
 * on older ones when opened for writing.  Indexes made before it are
 * known by their tables. */
#define DX_APPLICATION_ID 0x44585349
#define DX_STR_(x)        #x
#define DX_STR(x)         DX_STR_(x)

#define TALK_FTS_SQL                                                                               \
        "CREATE VIRTUAL TABLE talk_fts USING fts5(title, speakers, affil, event, abstract, tags,"  \
        "  slides, captions, chapters, content='talk_doc', content_rowid='id',"                    \
        "  tokenize='porter unicode61 remove_diacritics 2');"

/* A deck's page text (slidetext.c): bytes of text, z the pages' texts
 * each ended by a NUL, deflated in the zlib format. */
#define SLIDE_TEXT_SQL                                                                             \
        "CREATE TABLE slide_text("                                                                 \
        "  file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,"                    \
        "  bytes INTEGER NOT NULL, z BLOB NOT NULL);"

/* OCR text by page content hash, and the pages of decks OCR read
 * (ocrtext.c); added in version 5. */
#define OCR_SQL                                                                                    \
        "CREATE TABLE IF NOT EXISTS ocr_text("                                                     \
        "  hash TEXT PRIMARY KEY, text TEXT NOT NULL, conf REAL) WITHOUT ROWID;"                   \
        "CREATE TABLE IF NOT EXISTS ocr_pages("                                                    \
        "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"                       \
        "  page INTEGER NOT NULL, hash TEXT NOT NULL, conf REAL,"                                  \
        "  PRIMARY KEY(file_id, page)) WITHOUT ROWID;"

#define TALK_DOC_SQL                                                                               \
        "CREATE VIEW talk_doc AS SELECT t.id AS id, t.event_id AS event_id, t.title AS title,"     \
        "  (SELECT group_concat(name, ', ') FROM (SELECT s.name AS name FROM talk_speakers ts"     \
        "     JOIN speakers s ON s.id = ts.speaker_id WHERE ts.talk_id = t.id ORDER BY ts.pos))"   \
        "    AS speakers,"                                                                         \
        "  (SELECT group_concat(a, ', ') FROM (SELECT trim(coalesce(ts.role, '') || ' ' ||"        \
        "     coalesce(ts.company, '')) AS a FROM talk_speakers ts WHERE ts.talk_id = t.id"        \
        "     ORDER BY ts.pos)) AS affil,"                                                         \
        "  e.name || ' ' || e.venues || ' ' || coalesce(t.room, '') AS event,"                     \
        "  coalesce(t.abstract, '') AS abstract, t.tags AS tags,"                                  \
        "  (SELECT dxslides(z) FROM slide_text WHERE file_id = t.slides_id) AS slides,"            \
        "  (SELECT group_concat(text, char(10)) FROM (SELECT c.text AS text FROM cues c"           \
        "     WHERE c.file_id = t.video_id OR c.file_id IN (SELECT tc.file_id FROM talk_captions"  \
        "     tc WHERE tc.talk_id = t.id)"                                                         \
        "     ORDER BY c.file_id, c.start_ms, c.id)) AS captions,"                                 \
        "  (SELECT group_concat(title, char(10)) FROM (SELECT ch.title AS title FROM chapters ch"  \
        "     WHERE ch.file_id = t.video_id ORDER BY ch.pos)) AS chapters"                         \
        "  FROM talks t JOIN events e ON e.id = t.event_id;"

#define TIMELINE_SQL                                                                               \
        "CREATE TABLE alignments("                                                                 \
        "  talk_id INTEGER PRIMARY KEY REFERENCES talks(id) ON DELETE CASCADE,"                    \
        "  video_hash TEXT, slides_hash TEXT, status TEXT NOT NULL, error TEXT,"                   \
        "  area_score REAL, seconds REAL);"                                                        \
        "CREATE TABLE slide_times("                                                                \
        "  talk_id INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,"                       \
        "  page INTEGER NOT NULL, start_s REAL NOT NULL, end_s REAL NOT NULL, confidence REAL,"    \
        "  PRIMARY KEY(talk_id, page, start_s)) WITHOUT ROWID;"

static const char schema[] =
    "CREATE TABLE events("
    "  id INTEGER PRIMARY KEY,"
    "  root TEXT NOT NULL,"
    "  dir TEXT NOT NULL UNIQUE,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  date TEXT,"
    "  description TEXT,"
    "  venues TEXT NOT NULL DEFAULT '[]',"
    "  signature TEXT,"
    "  removed_at TEXT);"
    "CREATE TABLE files("
    "  id INTEGER PRIMARY KEY,"
    "  path TEXT NOT NULL UNIQUE,"
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"
    "  size INTEGER,"
    "  mtime_ns INTEGER,"
    "  hash TEXT,"
    "  error TEXT,"
    "  indexed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  removed_at TEXT);"
    "CREATE INDEX files_event ON files(event_id);"
    "CREATE INDEX files_hash ON files(hash);"
    "CREATE TABLE media("
    "  file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,"
    "  container TEXT, duration REAL, bit_rate INTEGER);"
    "CREATE TABLE streams("
    "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL, kind TEXT, codec TEXT, language TEXT,"
    "  width INTEGER, height INTEGER, fps REAL, channels INTEGER, sample_rate INTEGER,"
    "  bit_rate INTEGER, PRIMARY KEY(file_id, idx)) WITHOUT ROWID;"
    "CREATE TABLE tags("
    "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
    "  PRIMARY KEY(file_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE chapters("
    "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, title TEXT, start REAL, end REAL,"
    "  PRIMARY KEY(file_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE documents("
    "  file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,"
    "  pages INTEGER NOT NULL, title TEXT, author TEXT, subject TEXT, keywords TEXT,"
    "  created TEXT);" SLIDE_TEXT_SQL "CREATE TABLE cues("
    "  id INTEGER PRIMARY KEY,"
    "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    "  lang TEXT, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, text TEXT NOT NULL);"
    "CREATE INDEX cues_file ON cues(file_id, start_ms);"
    "CREATE TABLE speakers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE talks("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  slug TEXT NOT NULL,"
    "  title TEXT NOT NULL, abstract TEXT, tags TEXT NOT NULL DEFAULT '[]',"
    "  date TEXT, room TEXT,"
    "  video_id INTEGER REFERENCES files(id) ON DELETE SET NULL,"
    "  slides_id INTEGER REFERENCES files(id) ON DELETE SET NULL,"
    "  duration REAL,"
    "  sig TEXT,"
    "  removed_at TEXT);"
    "CREATE INDEX talks_event ON talks(event_id);"
    "CREATE INDEX talks_video ON talks(video_id);"
    "CREATE INDEX talks_slides ON talks(slides_id);"
    "CREATE TABLE talk_speakers("
    "  talk_id INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL,"
    "  speaker_id INTEGER NOT NULL REFERENCES speakers(id),"
    "  role TEXT, company TEXT, PRIMARY KEY(talk_id, pos)) WITHOUT ROWID;"
    "CREATE INDEX talk_speakers_speaker ON talk_speakers(speaker_id);" TIMELINE_SQL
    "CREATE TABLE talk_captions("
    "  talk_id INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,"
    "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    "  PRIMARY KEY(talk_id, file_id)) WITHOUT ROWID;"
    /* for people and tools; queries spell it out, since SQLite materialises
     * the UNION whole instead of looking one talk up */
    "CREATE VIEW talk_cue_files AS SELECT id AS talk_id, video_id AS file_id FROM talks"
    "  WHERE video_id IS NOT NULL UNION SELECT talk_id, file_id FROM talk_captions;" TALK_DOC_SQL
        TALK_FTS_SQL "CREATE VIRTUAL TABLE talk_vocab USING fts5vocab(talk_fts, 'row');" OCR_SQL;

static const char *const cached_sql[DX_Q_COUNT] = {
    [DX_Q_FILE_STATE] = "SELECT size, mtime_ns, error IS NOT NULL OR removed_at IS NOT NULL,"
                        " hash FROM files WHERE path = ?",
    /* an event with a file that failed is never skipped: the file is tried
     * again, since a chmod or a repair need not change its mtime */
    [DX_Q_EVENT_SIG] = "SELECT signature FROM events e WHERE dir = ? AND removed_at IS NULL"
                       " AND NOT EXISTS (SELECT 1 FROM files f WHERE f.event_id = e.id AND"
                       " f.error IS NOT NULL AND f.removed_at IS NULL)",
    [DX_Q_TALK_SUMMARY] =
        "SELECT t.uid, t.title, t.abstract, t.date, t.room, t.tags, e.slug, e.name,"
        " e.date, e.venues, t.duration, v.path, s.path, d.pages, v.error"
        " FROM talks t JOIN events e ON e.id = t.event_id"
        " LEFT JOIN files v ON v.id = t.video_id LEFT JOIN files s ON s.id = t.slides_id"
        " LEFT JOIN documents d ON d.file_id = t.slides_id WHERE t.id = ?",
    [DX_Q_TALK_SPEAKERS] = "SELECT s.name, ts.role, ts.company FROM talk_speakers ts"
                           " JOIN speakers s ON s.id = ts.speaker_id"
                           " WHERE ts.talk_id = ? ORDER BY ts.pos",
};

static char errmsg_oom[] = "out of memory";

void dx_index_set_error(dx_index *idx, const char *fmt, ...)
{
        dx_buf b = DX_BUF_INIT;
        va_list ap;

        va_start(ap, fmt);
        dx_buf_vaddf(&b, fmt, ap);
        va_end(ap);
        if (idx->errmsg != errmsg_oom)
                free(idx->errmsg);
        /* a message that cannot be made still says why the call failed */
        if (!(idx->errmsg = dx_buf_detach(&b)))
                idx->errmsg = errmsg_oom;
}

int dx_index_nomem(dx_index *idx, int rc)
{
        if (rc == DX_ENOMEM)
                dx_index_set_error(idx, "out of memory");
        return rc;
}

int dx_store_fail(dx_index *idx, const char *what)
{
        int code = sqlite3_errcode(idx->db);

        /* no claim on the index: what was committed before stays, and the
         * caller rolls back the transaction that failed */
        if (code == SQLITE_FULL)
                dx_index_set_error(idx, "%s: cannot write: database or disk is full", idx->path);
        else if (code == SQLITE_READONLY)
                dx_index_set_error(idx, "%s: index is read-only", idx->path);
        else if (code == SQLITE_IOERR)
                dx_index_set_error(idx, "%s: cannot write: %s", idx->path, sqlite3_errmsg(idx->db));
        else if (code == SQLITE_NOTADB)
                dx_index_set_error(idx, "%s: not a doxsearch index (not an SQLite database)",
                                   idx->path);
        else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
                dx_index_set_error(idx, "%s: index is busy (another ingest?)", idx->path);
        else
                dx_index_set_error(idx, "%s: %s: %s", idx->path, what, sqlite3_errmsg(idx->db));
        return code == SQLITE_BUSY ? DX_EBUSY : DX_ERR;
}

const char *dx_index_errmsg(const dx_index *idx)
{
        return idx && idx->errmsg ? idx->errmsg : "no error";
}

sqlite3_stmt *dx_store_stmt(dx_index *idx, int which)
{
        sqlite3_stmt *st = idx->q[which];

        if (!st) {
                if (sqlite3_prepare_v3(idx->db, cached_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                       &idx->q[which], NULL) != SQLITE_OK) {
                        dx_store_fail(idx, "prepare");
                        return NULL;
                }
                return idx->q[which];
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
}

static int exec(dx_index *idx, const char *sql)
{
        if (sqlite3_exec(idx->db, sql, NULL, NULL, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "sql");
        return 0;
}

/* The value of an integer pragma such as "PRAGMA user_version". */
static int pragma_int(dx_index *idx, const char *sql, int *v)
{
        sqlite3_stmt *st;
        int rc;

        if (sqlite3_prepare_v2(idx->db, sql, -1, &st, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "read schema version");
        rc = sqlite3_step(st);
        *v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
        return rc == SQLITE_ROW ? 0 : dx_store_fail(idx, "read schema version");
}

static int user_version(dx_index *idx, int *v)
{
        return pragma_int(idx, "PRAGMA user_version", v);
}

/* Refuse a database that is not ours before anything is written to it:
 * ours carry our application_id, or (made before it was set) have our
 * tables; a file without tables becomes an index.  0 when it is ours or
 * empty (*empty says which), else DX_ERR with a message naming a few of
 * its tables. */
static int check_ours(dx_index *idx, int v, int *empty)
{
        sqlite3_stmt *st = NULL;
        dx_buf names = DX_BUF_INIT;
        int app = 0, ours = 0, step, rc = DX_ERR;
        size_t n = 0;

        *empty = 0;
        if (pragma_int(idx, "PRAGMA application_id", &app))
                return DX_ERR;
        if (app == DX_APPLICATION_ID)
                return 0;
        if (sqlite3_prepare_v2(idx->db,
                               "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
                               " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                               -1, &st, NULL) != SQLITE_OK) {
                dx_store_fail(idx, "read the list of tables");
                goto out;
        }
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                const char *name = (const char *)sqlite3_column_text(st, 0);

                if (!name)
                        continue;
                ours += strcmp(name, "events") == 0 || strcmp(name, "files") == 0 ||
                        strcmp(name, "talks") == 0;
                if (n < 6)
                        dx_buf_addf(&names, "%s%s", n ? ", " : "", name);
                else if (n == 6)
                        dx_buf_adds(&names, ", ...");
                n++;
        }
        if (step != SQLITE_DONE) {
                dx_store_fail(idx, "read the list of tables");
                goto out;
        }
        if (app == 0 && ours == 3 && v != 0) {
                rc = 0;
        } else if (app == 0 && n == 0 && v == 0) {
                *empty = 1;
                rc = 0;
        } else if (n) {
                dx_index_set_error(idx, "%s: not a doxsearch index (it holds tables: %s)",
                                   idx->path, names.s ? names.s : "");
        } else {
                dx_index_set_error(idx, "%s: not a doxsearch index (another program's database)",
                                   idx->path);
        }
out:
        sqlite3_finalize(st);
        dx_buf_release(&names);
        return rc;
}

/* Version 2 to 3: drop the per-page and per-cue FTS5 tables and their
 * triggers, and index talk_fts again without prefix indexes.  One
 * transaction: a crash leaves the index at version 2, as it was. */
static const char migrate_2_3[] =
    "DROP TRIGGER pages_ai; DROP TRIGGER pages_ad; DROP TRIGGER pages_au;"
    "DROP TRIGGER cues_ai; DROP TRIGGER cues_ad; DROP TRIGGER cues_au;"
    "DROP TABLE page_fts; DROP TABLE cue_fts; DROP TABLE talk_vocab; DROP TABLE "
    "talk_fts;" TALK_FTS_SQL "CREATE VIRTUAL TABLE talk_vocab USING fts5vocab(talk_fts, 'row');"
    "INSERT INTO talk_fts(talk_fts) VALUES('rebuild');"
    "PRAGMA user_version = 3;";

/* Version 4 keeps each deck's page text compressed in one row of
 * slide_text instead of a row per page in pages (1.1 times the text, the
 * most of the index); talk_fts indexes the same text, so it stays.
 * chapter_fts, which search no longer reads, goes. */
static int write_slide_text(dx_index *idx, int64_t fid, const dx_page *pages, size_t n);

static int migrate_3_4(dx_index *idx)
{
        sqlite3_stmt *files = NULL, *pages = NULL;
        dx_page *v = NULL;
        size_t n = 0, cap = 0;
        int rc = DX_ERR, wrc, step;

        if (exec(idx, SLIDE_TEXT_SQL))
                return DX_ERR;
        if (sqlite3_prepare_v2(idx->db, "SELECT DISTINCT file_id FROM pages ORDER BY file_id", -1,
                               &files, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(idx->db,
                               "SELECT page, text FROM pages WHERE file_id = ? ORDER BY page", -1,
                               &pages, NULL) != SQLITE_OK) {
                dx_store_fail(idx, "convert the index to schema 4");
                goto out;
        }
        while ((step = sqlite3_step(files)) == SQLITE_ROW) {
                int64_t fid = sqlite3_column_int64(files, 0);

                n = 0;
                sqlite3_bind_int64(pages, 1, fid);
                while ((step = sqlite3_step(pages)) == SQLITE_ROW) {
                        const char *t = (const char *)sqlite3_column_text(pages, 1);

                        if (DX_GROW(v, n + 1, cap)) {
                                dx_index_set_error(idx, "%s: out of memory", idx->path);
                                goto out;
                        }
                        v[n].page = sqlite3_column_int(pages, 0);
                        if (!(v[n].text = dx_strdup(t ? t : ""))) {
                                dx_index_set_error(idx, "%s: out of memory", idx->path);
                                goto out;
                        }
                        n++;
                }
                /* a page that cannot be read must not be dropped with the table */
                if (step != SQLITE_DONE) {
                        dx_store_fail(idx, "convert the index to schema 4");
                        goto out;
                }
                sqlite3_reset(pages);
                wrc = write_slide_text(idx, fid, v, n);
                for (size_t i = 0; i < n; i++)
                        free(v[i].text);
                n = 0;
                if (wrc)
                        goto out;
        }
        if (step != SQLITE_DONE) {
                dx_store_fail(idx, "convert the index to schema 4");
                goto out;
        }
        rc = exec(idx, "DROP TABLE pages; DROP VIEW talk_doc;" TALK_DOC_SQL
                       "DROP TRIGGER IF EXISTS chapters_ai; DROP TRIGGER IF EXISTS chapters_ad;"
                       "DROP TABLE IF EXISTS chapter_fts; PRAGMA user_version = 4;");
out:
        for (size_t i = 0; i < n; i++)
                free(v[i].text);
        free(v);
        sqlite3_finalize(files);
        sqlite3_finalize(pages);
        return rc ? DX_ERR : 0;
}

/* The columns of talk_doc as talk_fts indexes them: with the words as
 * people type them (search/fold.c), from schema 5 on.  Rows are added and
 * deleted with these values. */
#define FTS_VALUES                                                                                 \
        "dxfold(title), dxfold(speakers), dxfold(affil), dxfold(event), dxfold(abstract),"         \
        " dxfold(tags), dxfold(slides), dxfold(captions), dxfold(chapters) FROM talk_doc"

/* Version 5 indexes the words folded (Sørensen as sorensen, C# as csharp):
 * talk_fts is filled again; it also keeps OCR text (OCR_SQL, added first).
 * Older indexes are read as they are. */
static const char migrate_4_5[] =
    "INSERT INTO talk_fts(talk_fts) VALUES('delete-all');"
    "INSERT INTO talk_fts(rowid, title, speakers, affil, event, abstract, tags, slides, captions,"
    " chapters) SELECT id, " FTS_VALUES ";"
    "PRAGMA user_version = 5;";

/* Create the schema in an empty index, or bring an older one up to date. */
static int upgrade(dx_index *idx)
{
        int v = 0;

        if (exec(idx, "BEGIN IMMEDIATE"))
                return DX_ERR;
        /* re-read under the write lock: another process may have won */
        if (user_version(idx, &v))
                goto fail;
        if (v == 0 &&
            (exec(idx, schema) || exec(idx, "PRAGMA user_version = " DX_STR(DX_SCHEMA_VERSION))))
                goto fail;
        if (v == 2 && exec(idx, migrate_2_3))
                goto fail;
        if ((v == 2 || v == 3) && migrate_3_4(idx))
                goto fail;
        if (v >= 2 && v <= 4 && (exec(idx, OCR_SQL) || exec(idx, migrate_4_5)))
                goto fail;
        if (exec(idx, "PRAGMA application_id = " DX_STR(DX_APPLICATION_ID)) || exec(idx, "COMMIT"))
                goto fail;
        idx->version = DX_SCHEMA_VERSION;
        return 0;
fail:
        dx_store_rollback(idx); /* keeps the message of what failed */
        return DX_ERR;
}

/* dxlang(tag): dx_lang_canon() in SQL, for the lang: filter. */
static void sql_lang(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
        const char *tag = (const char *)sqlite3_value_text(argv[0]);
        char out[64];

        (void)argc;
        if (!tag) {
                sqlite3_result_null(ctx);
                return;
        }
        sqlite3_result_text(ctx, out, (int)dx_lang_canon(tag, out, sizeof(out)), SQLITE_TRANSIENT);
}

static int setup(dx_index *idx)
{
        int v = 0, app = 0, empty = 0;

        sqlite3_busy_timeout(idx->db, 10000);
        if (sqlite3_create_function(idx->db, "dxlang", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                    sql_lang, NULL, NULL) != SQLITE_OK ||
            dx_slidetext_register(idx->db) || dx_fold_register(idx->db))
                return dx_store_fail(idx, "set up");
        /* a common word's doclist is megabytes: searches map the file
         * rather than copy it through read() (SQLite caps the size at its
         * own maximum); ingest does not, which keeps its resident set to
         * what it allocates */
        if (exec(idx, "PRAGMA foreign_keys = ON") ||
            (!idx->writable && exec(idx, "PRAGMA mmap_size = 1073741824")))
                return DX_ERR;
        if (user_version(idx, &v) || check_ours(idx, v, &empty))
                return DX_ERR;
        idx->version = v;
        if (v > DX_SCHEMA_VERSION) {
                dx_index_set_error(idx,
                                   "%s: index has schema version %d; this doxsearch knows "
                                   "up to %d (upgrade doxsearch)",
                                   idx->path, v, DX_SCHEMA_VERSION);
                return DX_ERR;
        }
        if (v != 0 && v < DX_SCHEMA_OLDEST) {
                dx_index_set_error(idx,
                                   "%s: index has schema version %d, older than this "
                                   "doxsearch reads (%d): remove it and ingest again",
                                   idx->path, v, DX_SCHEMA_OLDEST);
                return DX_ERR;
        }
        if (!idx->writable) {
                if (empty) {
                        dx_index_set_error(idx, "%s: not a doxsearch index", idx->path);
                        return DX_ENOTFOUND;
                }
                return 0;
        }
        if (sqlite3_db_readonly(idx->db, "main") == 1) {
                dx_index_set_error(idx, "%s: index is read-only", idx->path);
                return DX_ERR;
        }
        /* pages FTS5 merges free go back to the file system after an
         * ingest (dx_store_compact); only a file without tables takes it */
        if (empty && exec(idx, "PRAGMA auto_vacuum = INCREMENTAL"))
                return DX_ERR;
        if (exec(idx, "PRAGMA journal_mode = WAL") || exec(idx, "PRAGMA synchronous = NORMAL") ||
            pragma_int(idx, "PRAGMA application_id", &app))
                return DX_ERR;
        if ((v != DX_SCHEMA_VERSION || app != DX_APPLICATION_ID) && upgrade(idx))
                return DX_ERR;
        return dx_store_meta_schema(idx);
}

/* A WAL index in a folder we cannot write (a read-only mount, another
 * user's archive) cannot be read the usual way: SQLite needs to create its
 * shared-memory file.  Read it as immutable instead. */
static int reopen_immutable(dx_index *idx)
{
        int code = sqlite3_errcode(idx->db);
        dx_buf uri = DX_BUF_INIT;
        int rc;

        if (code != SQLITE_READONLY && code != SQLITE_CANTOPEN && code != SQLITE_IOERR)
                return DX_ERR;
        dx_buf_adds(&uri, "file:");
        for (const char *p = idx->path; *p; p++) {
                if (*p == '?' || *p == '#' || *p == '%')
                        dx_buf_addf(&uri, "%%%02X", (unsigned char)*p);
                else
                        dx_buf_addc(&uri, *p);
        }
        dx_buf_adds(&uri, "?immutable=1");
        sqlite3_close_v2(idx->db);
        idx->db = NULL;
        rc = sqlite3_open_v2(uri.s, &idx->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
        dx_buf_release(&uri);
        return rc == SQLITE_OK ? 0 : DX_ERR;
}

/* The private in-memory copy of a DX_OPEN_SCRATCH index: what is at the
 * path, read with a read-only connection, or nothing. */
static int open_scratch(dx_index *idx)
{
        sqlite3 *src = NULL;
        sqlite3_backup *b;
        struct stat sb;
        int rc = SQLITE_OK;

        if (sqlite3_open_v2(":memory:", &idx->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            NULL) != SQLITE_OK) {
                dx_index_set_error(idx, "%s: cannot open index: out of memory", idx->path);
                return DX_ERR;
        }
        if (stat(idx->path, &sb) != 0)
                return 0;
        rc = sqlite3_open_v2(idx->path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc == SQLITE_OK) {
                sqlite3_busy_timeout(src, 10000);
                b = sqlite3_backup_init(idx->db, "main", src, "main");
                if (!b) {
                        rc = sqlite3_errcode(idx->db);
                } else {
                        rc = sqlite3_backup_step(b, -1);
                        rc = rc == SQLITE_DONE ? sqlite3_backup_finish(b)
                                               : (sqlite3_backup_finish(b), rc);
                }
        }
        if (rc != SQLITE_OK)
                dx_index_set_error(idx, "%s: cannot read index: %s", idx->path,
                                   src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
        sqlite3_close_v2(src);
        return rc == SQLITE_OK ? 0 : DX_ERR;
}

int dx_index_open(dx_index **out, const char *path, int flags, char **errmsg)
{
        dx_index *idx = calloc(1, sizeof(*idx));
        int oflags = SQLITE_OPEN_NOMUTEX;
        struct stat sb;
        int rc;

        *out = NULL;
        if (errmsg)
                *errmsg = NULL;
        if (!idx)
                return DX_ENOMEM;
        idx->lock_fd = -1;
        if (!(idx->path = dx_strdup(path))) {
                free(idx);
                return DX_ENOMEM;
        }
        idx->scratch = (flags & DX_OPEN_SCRATCH) != 0;
        idx->writable = (flags & (DX_OPEN_WRITE | DX_OPEN_SCRATCH)) != 0;
        oflags |= idx->writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
        /* SQLite's open of a FIFO waits for a writer: forever */
        if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
                dx_index_set_error(idx, "%s: cannot open index: %s", path,
                                   S_ISDIR(sb.st_mode) ? "Is a directory" : "not a regular file");
                rc = DX_ERR;
                goto fail;
        }
        if (idx->scratch) {
                if ((rc = open_scratch(idx)))
                        goto fail;
        } else if (sqlite3_open_v2(path, &idx->db, oflags, NULL) != SQLITE_OK) {
                int code = idx->db ? sqlite3_errcode(idx->db) : SQLITE_NOMEM;
                if (code == SQLITE_CANTOPEN && !idx->writable) {
                        dx_index_set_error(idx,
                                           "%s: no index here (run 'doxsearch ingest DIR' "
                                           "first)",
                                           path);
                        rc = DX_ENOTFOUND;
                } else {
                        dx_index_set_error(idx, "%s: cannot open index: %s", path,
                                           idx->db ? sqlite3_errmsg(idx->db) : "out of memory");
                        rc = DX_ERR;
                }
                goto fail;
        }
        sqlite3_extended_result_codes(idx->db, 0);
        rc = setup(idx);
        if (rc && !idx->writable && reopen_immutable(idx) == 0)
                rc = setup(idx);
        if (rc)
                goto fail;
        *out = idx;
        return 0;
fail:
        if (errmsg && !(*errmsg = dx_strdup(idx->errmsg)))
                rc = DX_ENOMEM; /* the code says it */
        dx_index_close(&idx);
        return rc ? rc : DX_ERR;
}

void dx_index_close(dx_index **pidx)
{
        dx_index *idx = pidx ? *pidx : NULL;

        if (!idx)
                return;
        for (int i = 0; i < DX_Q_COUNT; i++)
                sqlite3_finalize(idx->q[i]);
        for (size_t i = 0; i < idx->ncache; i++)
                sqlite3_finalize(idx->cache[i].st);
        free(idx->cache);
        dx_store_unlock(idx);
        if (idx->db && idx->writable)
                sqlite3_exec(idx->db, "PRAGMA optimize", NULL, NULL, NULL);
        sqlite3_close_v2(idx->db);
        free(idx->path);
        if (idx->errmsg != errmsg_oom)
                free(idx->errmsg);
        free(idx);
        *pidx = NULL;
}

int dx_store_lock(dx_index *idx)
{
        char *path = dx_asprintf("%s.lock", idx->path);
        char pid[32];
        ssize_t n;
        int fd;

        if (idx->lock_fd >= 0 || idx->scratch) {
                free(path);
                return 0;
        }
        fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
        if (fd < 0) {
                dx_index_set_error(idx, "%s: cannot create lock file: %s", path ? path : "",
                                   strerror(errno));
                free(path);
                return DX_ERR;
        }
        free(path);
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
                n = pread(fd, pid, sizeof(pid) - 1, 0);
                pid[n > 0 ? n : 0] = '\0';
                pid[strcspn(pid, "\n")] = '\0';
                dx_index_set_error(idx, "%s: index is being updated by PID %s", idx->path,
                                   *pid ? pid : "?");
                close(fd);
                return DX_EBUSY;
        }
        n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
        if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
                /* the PID is only for the message; the flock is what counts */
        }
        idx->lock_fd = fd;
        return 0;
}

void dx_store_unlock(dx_index *idx)
{
        if (idx->lock_fd < 0)
                return;
        if (ftruncate(idx->lock_fd, 0) != 0) {
                /* a stale PID in an unlocked file misleads nobody: flock decides */
        }
        close(idx->lock_fd);
        idx->lock_fd = -1;
}

static _Thread_local size_t bind_failures;

#undef sqlite3_bind_text
int dx_bind_text(sqlite3_stmt *st, int i, const char *s, int n, void (*del)(void *))
{
        int rc = sqlite3_bind_text(st, i, s, n, del);

        bind_failures += rc != SQLITE_OK;
        return rc;
}
#define sqlite3_bind_text dx_bind_text

int dx_store_begin(dx_index *idx)
{
        bind_failures = 0;
        return exec(idx, "BEGIN IMMEDIATE");
}

int dx_store_commit(dx_index *idx)
{
        if (bind_failures) {
                bind_failures = 0;
                return dx_index_nomem(idx, DX_ENOMEM);
        }
        return exec(idx, "COMMIT");
}

int dx_store_compact(dx_index *idx)
{
        return exec(idx, "PRAGMA incremental_vacuum");
}

void dx_store_rollback(dx_index *idx)
{
        if (!sqlite3_get_autocommit(idx->db))
                sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
}

int dx_store_file_state(dx_index *idx, const char *rel, dx_file_state *fs)
{
        sqlite3_stmt *st = dx_store_stmt(idx, DX_Q_FILE_STATE);
        int rc;

        memset(fs, 0, sizeof(*fs));
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, rel, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                fs->known = 1;
                fs->size = sqlite3_column_int64(st, 0);
                fs->mtime_ns = sqlite3_column_int64(st, 1);
                fs->had_error = sqlite3_column_int(st, 2);
                if (sqlite3_column_text(st, 3))
                        snprintf(fs->hash, sizeof(fs->hash), "%s", sqlite3_column_text(st, 3));
        }
        sqlite3_reset(st);
        return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "file state");
}

int dx_store_event_unchanged(dx_index *idx, const char *dir, const char *sig)
{
        sqlite3_stmt *st = dx_store_stmt(idx, DX_Q_EVENT_SIG);
        int same = 0;

        if (!st)
                return 0;
        sqlite3_bind_text(st, 1, dir, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                same = strcmp((const char *)sqlite3_column_text(st, 0), sig) == 0;
        sqlite3_reset(st);
        return same;
}

/* ---- statements ----------------------------------------------------------- */

/* Ingest runs the same few dozen statements for every talk, a search the
 * same few for every result. */
sqlite3_stmt *dx_store_prep(dx_index *idx, const char *sql)
{
        sqlite3_stmt *st = NULL;

        for (size_t i = 0; i < idx->ncache; i++)
                if (idx->cache[i].sql == sql) {
                        sqlite3_reset(idx->cache[i].st);
                        sqlite3_clear_bindings(idx->cache[i].st);
                        return idx->cache[i].st;
                }
        if (idx->ncache == idx->cache_alloc) {
                size_t na = idx->cache_alloc ? idx->cache_alloc * 2 : 32;
                void *v = realloc(idx->cache, na * sizeof(*idx->cache));
                if (!v) {
                        dx_index_set_error(idx, "out of memory");
                        return NULL;
                }
                idx->cache = v;
                idx->cache_alloc = na;
        }
        if (sqlite3_prepare_v3(idx->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
            SQLITE_OK) {
                dx_store_fail(idx, "prepare");
                return NULL;
        }
        idx->cache[idx->ncache].sql = sql;
        idx->cache[idx->ncache].st = st;
        idx->ncache++;
        return st;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
        if (s && *s)
                sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
        else
                sqlite3_bind_null(st, i);
}

/* Step a statement that returns no rows, then reset it. */
static int run(dx_index *idx, sqlite3_stmt *st, const char *what)
{
        int rc;

        if (!st)
                return DX_ERR;
        rc = sqlite3_step(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
                rc = dx_store_fail(idx, what);
                sqlite3_reset(st);
                return rc;
        }
        sqlite3_reset(st);
        return 0;
}

static int64_t step_id(dx_index *idx, sqlite3_stmt *st, const char *what)
{
        int64_t id = -1;

        if (!st)
                return -1;
        if (sqlite3_step(st) == SQLITE_ROW)
                id = sqlite3_column_int64(st, 0);
        else
                dx_store_fail(idx, what);
        sqlite3_reset(st);
        return id;
}

/* The strings as a JSON array, NULL when out of memory (never a shorter
 * array: an empty one would store a talk without its tags).  A string
 * that is not UTF-8 is left out, as JSON cannot hold it. */
static char *json_strv(char **v, size_t n)
{
        json_t *a = json_array();
        char *s = NULL;
        int rc = a ? 0 : DX_ENOMEM;

        for (size_t i = 0; !rc && i < n; i++)
                if (v[i] && dx_utf8_valid(v[i], strlen(v[i])))
                        rc = dx_json_append(a, json_string(v[i]));
        if (!rc)
                s = dx_json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(a);
        return s;
}

/* ---- writing ----------------------------------------------------------- */

#define NOW_SQL "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/* Add or remove one talk's row in talk_fts.  A row must be deleted with the
 * values it was indexed with, so deletes run before anything the talk is
 * made of changes. */
static int fts_talk(dx_index *idx, int64_t talk_id, int insert)
{
        sqlite3_stmt *st = dx_store_prep(
            idx,
            insert ? "INSERT INTO talk_fts(rowid, title, speakers, affil, event, abstract,"
                     " tags, slides, captions, chapters) SELECT id, " FTS_VALUES " WHERE id = ?"
                   : "INSERT INTO talk_fts(talk_fts, rowid, title, speakers, affil, event,"
                     " abstract, tags, slides, captions, chapters) SELECT 'delete', id, " FTS_VALUES
                     " WHERE id = ?");

        if (st)
                sqlite3_bind_int64(st, 1, talk_id);
        return run(idx, st, "full-text index");
}

/* Does the event of the index at root/dir leave it with this ingest (or
 * did it already, removed): its folder is gone from the archive scanned? */
static int leaves(const dx_catalog *cat, const char *root, const char *dir, int removed)
{
        if (removed)
                return 1;
        if (cat->single_event || strcmp(root, cat->real_root) != 0)
                return 0;
        for (size_t i = 0; i < cat->nevents; i++)
                if (strcmp(cat->events[i].dir, dir) == 0)
                        return 0;
        return 1;
}

/* Which event in the index holds slug, other than the folder dir: its row
 * id in *id and, when it stays in its archive, its full path in *holder
 * (NULL: none, or one that leaves).  Negative when the index cannot be
 * read. */
static int slug_holder(dx_index *idx, const dx_catalog *cat, const char *slug, const char *dir,
                       int64_t *id, char **holder)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT id, root, dir, removed_at IS NOT NULL"
                                              " FROM events WHERE slug = ? AND dir <> ?");
        int rc;

        *holder = NULL;
        *id = -1;
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, dir, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                const char *root = (const char *)sqlite3_column_text(st, 1);
                const char *hdir = (const char *)sqlite3_column_text(st, 2);

                *id = sqlite3_column_int64(st, 0);
                if (!leaves(cat, root, hdir, sqlite3_column_int(st, 3)))
                        *holder = dx_path_join(root, hdir);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return dx_store_fail(idx, "event ids");
        return 0;
}

/* Give event i of the catalog an id no settled event of the catalog and
 * no other folder in the index has: its own, else with -2, -3, ...; say
 * so when it changes. */
static int settle_slug(dx_index *idx, dx_catalog *cat, size_t i, const char *settled,
                       dx_note_fn note, void *ud)
{
        dx_event_plan *ev = &cat->events[i];
        char *slug = dx_strdup(ev->slug), *holder = NULL, *first = NULL;
        int64_t id;
        int rc = 0;

        for (int k = 2; slug && !rc; k++) {
                for (size_t j = 0; j < cat->nevents && !holder; j++)
                        if (j != i && settled[j] && strcmp(cat->events[j].slug, slug) == 0)
                                holder = dx_path_join(cat->display, cat->events[j].dir);
                if (!holder && (rc = slug_holder(idx, cat, slug, ev->dir, &id, &holder)) != 0)
                        break;
                if (!holder)
                        break;
                if (!first)
                        first = holder;
                else
                        free(holder);
                holder = NULL;
                free(slug);
                slug = dx_asprintf("%s-%d", ev->slug, k);
        }
        if (!slug) {
                rc = DX_ENOMEM;
        } else if (!rc && first) {
                char *path = dx_path_join(cat->display, ev->dir);
                char *other = dx_utf8_display(first);
                char *msg = dx_asprintf("the event id %s is that of %s too: this event is %s",
                                        ev->slug, other ? other : first, slug);

                if (note && path && msg)
                        note(ud, DX_NOTE_WARNING, path, msg);
                free(msg);
                free(other);
                free(path);
        }
        if (!rc && slug) {
                free(ev->slug);
                ev->slug = slug;
                slug = NULL;
        }
        free(slug);
        free(first);
        return rc;
}

/* Is slug free: held by no row of the index and no event of the catalog? */
static int slug_free(dx_index *idx, const dx_catalog *cat, const char *slug, int *is_free)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT 1 FROM events WHERE slug = ?");
        int rc;

        *is_free = 0;
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return dx_store_fail(idx, "event ids");
        *is_free = rc == SQLITE_DONE;
        for (size_t i = 0; i < cat->nevents && *is_free; i++)
                *is_free = strcmp(cat->events[i].slug, slug) != 0;
        return 0;
}

/* An event whose folder left the archive gives its id up to a folder of
 * the archive that has it now (the same folder renamed, as often as not:
 * its talks keep their ids); it takes the first free one with -2, -3, ...
 * in case it comes back. */
static int release_slug(dx_index *idx, const dx_catalog *cat, const dx_event_plan *ev)
{
        sqlite3_stmt *st;
        int64_t id;
        char *holder = NULL, *fresh = NULL;
        int rc, is_free = 0;

        rc = slug_holder(idx, cat, ev->slug, ev->dir, &id, &holder);
        if (rc || id < 0 || holder) {
                free(holder);
                return rc;
        }
        for (int k = 2; !rc && !is_free; k++) {
                free(fresh);
                fresh = dx_asprintf("%s-%d", ev->slug, k);
                rc = fresh ? slug_free(idx, cat, fresh, &is_free) : DX_ENOMEM;
        }
        if (!rc) {
                st = dx_store_prep(idx, "UPDATE events SET slug = ? WHERE id = ?");
                if (st) {
                        sqlite3_bind_text(st, 1, fresh, -1, SQLITE_STATIC);
                        sqlite3_bind_int64(st, 2, id);
                }
                rc = run(idx, st, "event ids");
        }
        free(fresh);
        return rc;
}

/* Does the index hold a live file of the event at dir that ev does not
 * have?  1 yes, 0 no, negative when the index cannot be read. */
static int holds_more(dx_index *idx, const char *dir, const dx_event_plan *ev)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT f.path FROM files f JOIN events e ON"
                                              " e.id = f.event_id WHERE e.dir = ? AND"
                                              " f.removed_at IS NULL");
        int rc, more = 0;

        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, dir, -1, SQLITE_STATIC);
        while (!more && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *path = (const char *)sqlite3_column_text(st, 0);
                size_t i;

                for (i = 0; path && i < ev->nfiles; i++)
                        if (strcmp(ev->files[i].rel, path) == 0)
                                break;
                more = path && i == ev->nfiles;
        }
        sqlite3_reset(st);
        if (!more && rc != SQLITE_DONE)
                return dx_store_fail(idx, "events");
        return more;
}

int dx_store_event_claim(dx_index *idx, const dx_catalog *cat, const dx_event_plan *ev,
                         char **other, int *there)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT root FROM events WHERE dir = ? AND"
                                              " root <> ? AND removed_at IS NULL");
        struct stat sb;
        int rc;

        *other = NULL;
        *there = 0;
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, ev->dir, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, cat->real_root, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                *other = dx_path_join((const char *)sqlite3_column_text(st, 0), ev->dir);
                if (!*other)
                        rc = SQLITE_NOMEM;
                else
                        *there = stat(*other, &sb) == 0 && S_ISDIR(sb.st_mode);
        }
        sqlite3_reset(st);
        if (rc == SQLITE_NOMEM)
                return DX_ENOMEM;
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return dx_store_fail(idx, "events");
        if (!*other)
                return 0;
        if (*there) {
                rc = holds_more(idx, ev->dir, ev);
                if (rc < 0)
                        return rc;
                *there = rc ? 1 : 2;
                if (rc)
                        return 0;
        }
        st = dx_store_prep(idx, "UPDATE events SET root = ? WHERE dir = ?");
        if (st) {
                sqlite3_bind_text(st, 1, cat->real_root, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 2, ev->dir, -1, SQLITE_STATIC);
        }
        return run(idx, st, "events");
}

int dx_store_event_slugs(dx_index *idx, dx_catalog *cat, dx_note_fn note, void *ud)
{
        char *settled = calloc(cat->nevents + 1, 1);
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT slug FROM events WHERE dir = ?");
        int rc = 0;

        if (!settled || !st) {
                free(settled);
                return settled ? DX_ERR : DX_ENOMEM;
        }
        /* an event the index has keeps its id */
        for (size_t i = 0; i < cat->nevents && !rc; i++) {
                dx_event_plan *ev = &cat->events[i];
                int r;

                sqlite3_bind_text(st, 1, ev->dir, -1, SQLITE_STATIC);
                r = sqlite3_step(st);
                if (r == SQLITE_ROW) {
                        char *kept = dx_strdup((const char *)sqlite3_column_text(st, 0));
                        if (kept) {
                                free(ev->slug);
                                ev->slug = kept;
                                settled[i] = 1;
                        } else {
                                rc = DX_ENOMEM;
                        }
                } else if (r != SQLITE_DONE) {
                        rc = dx_store_fail(idx, "event ids");
                }
                sqlite3_reset(st);
        }
        /* new ones in archive order, a folder named as its id first */
        for (int pass = 0; pass < 2 && !rc; pass++)
                for (size_t i = 0; i < cat->nevents && !rc; i++) {
                        const dx_event_plan *ev = &cat->events[i];

                        if (settled[i] || (strcmp(ev->dir, ev->slug) == 0) != (pass == 0))
                                continue;
                        rc = settle_slug(idx, cat, i, settled, note, ud);
                        settled[i] = 1;
                }
        for (size_t i = 0; i < cat->nevents && !rc; i++)
                rc = release_slug(idx, cat, &cat->events[i]);
        free(settled);
        return rc;
}

/* A path as SQL's hex() spells it, for lists of paths matched with
 * hex(path): a file name need not be UTF-8, and JSON text must be (jansson
 * turns such a name into no string at all, which matched no file). */
static json_t *json_hex(const char *s)
{
        static const char digit[] = "0123456789ABCDEF";
        size_t n = strlen(s);
        char *h = malloc(2 * n + 1);
        json_t *j;

        if (!h)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                h[2 * i] = digit[(unsigned char)s[i] >> 4];
                h[2 * i + 1] = digit[(unsigned char)s[i] & 15];
        }
        h[2 * n] = '\0';
        j = json_string(h);
        free(h);
        return j;
}

/* Append s in hex to the array a of paths or folders that must stay:
 * 0, or DX_ENOMEM (the list must not go on without it: "hex(path) NOT IN
 * (SELECT value FROM json_each(?))" would mark that one removed). */
static int hex_push(json_t *a, const char *s)
{
        return a ? dx_json_append(a, json_hex(s)) : DX_ENOMEM;
}

static int64_t upsert_event(dx_index *idx, const char *real_root, const dx_event_plan *ev)
{
        char *venues = json_strv(ev->venues, ev->nvenues);
        sqlite3_stmt *st = dx_store_prep(
            idx, "INSERT INTO events(root, dir, slug, name, date, description, venues,"
                 " signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)"
                 " ON CONFLICT(dir) DO UPDATE SET root = ?1, name = ?4, date = ?5,"
                 " description = ?6, venues = ?7, removed_at = NULL RETURNING id");
        int64_t id;

        if (!venues) {
                dx_index_set_error(idx, "out of memory");
                return -1;
        }
        if (st) {
                sqlite3_bind_text(st, 1, real_root, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 2, ev->dir, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 3, ev->slug, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 4, ev->name, -1, SQLITE_STATIC);
                bind_text_or_null(st, 5, ev->date);
                bind_text_or_null(st, 6, ev->description);
                sqlite3_bind_text(st, 7, venues, -1, SQLITE_STATIC);
        }
        id = step_id(idx, st, "write event");
        free(venues);
        return id;
}

static int write_media(dx_index *idx, int64_t fid, const dx_media *m)
{
        sqlite3_stmt *st;

        st = dx_store_prep(
            idx, "INSERT INTO media(file_id, container, duration, bit_rate) VALUES (?,?,?,?)");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        bind_text_or_null(st, 2, m->container);
        if (m->duration >= 0)
                sqlite3_bind_double(st, 3, m->duration);
        sqlite3_bind_int64(st, 4, m->bit_rate);
        if (run(idx, st, "write media"))
                return DX_ERR;

        st = dx_store_prep(idx,
                           "INSERT INTO streams(file_id, idx, kind, codec, language, width, height,"
                           " fps, channels, sample_rate, bit_rate) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        for (size_t i = 0; st && i < m->nstreams; i++) {
                const dx_stream *s = &m->streams[i];

                sqlite3_reset(st);
                sqlite3_bind_int64(st, 1, fid);
                sqlite3_bind_int(st, 2, s->index);
                bind_text_or_null(st, 3, s->kind);
                bind_text_or_null(st, 4, s->codec);
                bind_text_or_null(st, 5, s->language);
                sqlite3_bind_int(st, 6, s->width);
                sqlite3_bind_int(st, 7, s->height);
                sqlite3_bind_double(st, 8, s->fps);
                sqlite3_bind_int(st, 9, s->channels);
                sqlite3_bind_int(st, 10, s->sample_rate);
                sqlite3_bind_int64(st, 11, s->bit_rate);
                if (sqlite3_step(st) != SQLITE_DONE) {
                        sqlite3_reset(st);
                        return dx_store_fail(idx, "write streams");
                }
        }
        sqlite3_reset(st);

        st = dx_store_prep(idx, "INSERT INTO tags(file_id, pos, key, value) VALUES (?,?,?,?)");
        for (size_t i = 0; st && i < m->ntags; i++) {
                sqlite3_reset(st);
                sqlite3_bind_int64(st, 1, fid);
                sqlite3_bind_int64(st, 2, (int64_t)i);
                sqlite3_bind_text(st, 3, m->tags[i].key, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 4, m->tags[i].value, -1, SQLITE_STATIC);
                if (sqlite3_step(st) != SQLITE_DONE) {
                        sqlite3_reset(st);
                        return dx_store_fail(idx, "write tags");
                }
        }
        sqlite3_reset(st);

        st = dx_store_prep(
            idx, "INSERT INTO chapters(file_id, pos, title, start, end) VALUES (?,?,?,?,?)");
        for (size_t i = 0; st && i < m->nchapters; i++) {
                sqlite3_reset(st);
                sqlite3_bind_int64(st, 1, fid);
                sqlite3_bind_int64(st, 2, (int64_t)i);
                sqlite3_bind_text(st, 3, m->chapters[i].title, -1, SQLITE_STATIC);
                sqlite3_bind_double(st, 4, m->chapters[i].start);
                sqlite3_bind_double(st, 5, m->chapters[i].end);
                if (sqlite3_step(st) != SQLITE_DONE) {
                        sqlite3_reset(st);
                        return dx_store_fail(idx, "write chapters");
                }
        }
        sqlite3_reset(st);
        return 0;
}

/* A deck's page text, compressed whole (slidetext.c); none for no pages. */
static int write_slide_text(dx_index *idx, int64_t fid, const dx_page *pages, size_t n)
{
        sqlite3_stmt *st;
        size_t zlen, bytes;
        void *z;
        int rc;

        if (!n)
                return 0;
        if ((rc = dx_slidetext_pack(pages, n, &z, &zlen, &bytes))) {
                dx_index_set_error(idx, "%s: cannot compress slide text", idx->path);
                return rc;
        }
        st = dx_store_prep(idx, "INSERT INTO slide_text(file_id, bytes, z) VALUES (?,?,?)");
        if (st) {
                sqlite3_bind_int64(st, 1, fid);
                sqlite3_bind_int64(st, 2, (sqlite3_int64)bytes);
                sqlite3_bind_blob(st, 3, z, (int)zlen, SQLITE_STATIC);
        }
        rc = run(idx, st, "write slide text");
        free(z);
        return rc;
}

static int write_deck(dx_index *idx, int64_t fid, const dx_deck *d)
{
        sqlite3_stmt *st;

        st = dx_store_prep(idx,
                           "INSERT INTO documents(file_id, pages, title, author, subject, keywords,"
                           " created) VALUES (?,?,?,?,?,?,?)");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        sqlite3_bind_int(st, 2, (int)d->npages);
        bind_text_or_null(st, 3, d->info.title);
        bind_text_or_null(st, 4, d->info.author);
        bind_text_or_null(st, 5, d->info.subject);
        bind_text_or_null(st, 6, d->info.keywords);
        bind_text_or_null(st, 7, d->info.created);
        if (run(idx, st, "write document"))
                return DX_ERR;

        return write_slide_text(idx, fid, d->pages, d->npages) || dx_store_ocr_write(idx, fid, d)
                   ? DX_ERR
                   : 0;
}

/* All of a file's cues in one statement: FTS5 flushes what it holds at the
 * end of every statement, so a row at a time (through the trigger) would
 * leave a segment per cue and cost ten times as much. */
static int write_cues(dx_index *idx, int64_t fid, const dx_cues *c, const char *lang)
{
        json_t *a = json_array();
        sqlite3_stmt *st;
        char *js = NULL;
        int rc = a ? 0 : DX_ENOMEM;

        for (size_t i = 0; !rc && i < c->n; i++)
                rc = dx_json_append(a, json_pack("[I, I, s, s?]", (json_int_t)c->v[i].start_ms,
                                                 (json_int_t)c->v[i].end_ms, c->v[i].text,
                                                 c->v[i].lang));
        if (!rc)
                js = dx_json_dumps(a, JSON_COMPACT);
        json_decref(a);
        if (!js)
                return dx_index_nomem(idx, DX_ENOMEM);
        st = dx_store_prep(
            idx,
            "INSERT INTO cues(file_id, lang, start_ms, end_ms, text) SELECT ?1,"
            " coalesce(value ->> 3, ?2), value ->> 0, value ->> 1, value ->> 2 FROM json_each(?3)"
            " ORDER BY key");
        if (st) {
                sqlite3_bind_int64(st, 1, fid);
                bind_text_or_null(st, 2, lang);
                sqlite3_bind_text(st, 3, js, -1, SQLITE_STATIC);
        }
        rc = run(idx, st, "write cues");
        free(js);
        return rc;
}

static int clear_file_data(dx_index *idx, int64_t fid)
{
        static const char *const sql[] = {
            "DELETE FROM media WHERE file_id = ?",     "DELETE FROM streams WHERE file_id = ?",
            "DELETE FROM tags WHERE file_id = ?",      "DELETE FROM chapters WHERE file_id = ?",
            "DELETE FROM documents WHERE file_id = ?", "DELETE FROM slide_text WHERE file_id = ?",
            "DELETE FROM cues WHERE file_id = ?",      "DELETE FROM ocr_pages WHERE file_id = ?",
        };

        for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
                sqlite3_stmt *st = dx_store_prep(idx, sql[i]);
                if (st)
                        sqlite3_bind_int64(st, 1, fid);
                if (run(idx, st, "clear file"))
                        return DX_ERR;
        }
        return 0;
}

/* Bring one file's row up to date; returns its id. */
static int64_t write_file(dx_index *idx, int64_t event_id, const dx_file_data *fd)
{
        const dx_file *f = fd->file;
        sqlite3_stmt *st;
        int64_t fid;

        switch (fd->mode) {
        case DX_FILE_KEEP:
                st = dx_store_prep(idx,
                                   "UPDATE files SET event_id = ?, removed_at = NULL WHERE path = ?"
                                   " RETURNING id");
                if (st) {
                        sqlite3_bind_int64(st, 1, event_id);
                        sqlite3_bind_text(st, 2, f->rel, -1, SQLITE_STATIC);
                }
                return step_id(idx, st, "write file");
        case DX_FILE_MOVED:
                /* a file that came back to an old path of its own gives way */
                st = dx_store_prep(idx, "DELETE FROM files WHERE path = ? AND id <> ?");
                if (st) {
                        sqlite3_bind_text(st, 1, f->rel, -1, SQLITE_STATIC);
                        sqlite3_bind_int64(st, 2, fd->moved_from);
                }
                if (run(idx, st, "move file"))
                        return -1;
                st = dx_store_prep(
                    idx, "UPDATE files SET path = ?, event_id = ?, size = ?, mtime_ns = ?,"
                         " hash = ?, error = NULL, removed_at = NULL WHERE id = ? RETURNING id");
                if (st) {
                        sqlite3_bind_text(st, 1, f->rel, -1, SQLITE_STATIC);
                        sqlite3_bind_int64(st, 2, event_id);
                        sqlite3_bind_int64(st, 3, f->size);
                        sqlite3_bind_int64(st, 4, f->mtime_ns);
                        bind_text_or_null(st, 5, fd->hash);
                        sqlite3_bind_int64(st, 6, fd->moved_from);
                }
                return step_id(idx, st, "move file");
        case DX_FILE_TOUCH:
        case DX_FILE_READ:
                break;
        }
        st = dx_store_prep(idx,
                           "INSERT INTO files(path, event_id, kind, size, mtime_ns, hash, error)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(path) DO UPDATE SET"
                           " event_id = ?2, kind = ?3, size = ?4, mtime_ns = ?5, hash = ?6,"
                           " error = ?7, removed_at = NULL, indexed_at = " NOW_SQL " RETURNING id");
        if (st) {
                sqlite3_bind_text(st, 1, f->rel, -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, event_id);
                sqlite3_bind_text(st, 3, dx_kind_name(f->kind), -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 4, f->size);
                sqlite3_bind_int64(st, 5, f->mtime_ns);
                bind_text_or_null(st, 6, fd->hash);
                bind_text_or_null(st, 7, fd->error);
        }
        fid = step_id(idx, st, "write file");
        if (fid < 0 || fd->mode == DX_FILE_TOUCH)
                return fid;
        /* a file that failed keeps what an earlier read found */
        if (fd->has_media || fd->has_deck || fd->has_cues || !fd->error) {
                if (clear_file_data(idx, fid))
                        return -1;
                if (fd->has_media && write_media(idx, fid, &fd->media))
                        return -1;
                if (fd->has_deck && (write_deck(idx, fid, &fd->deck) ||
                                     dx_store_title_page_write(idx, fid, fd->deck.title_page)))
                        return -1;
                if (fd->has_cues &&
                    write_cues(idx, fid, &fd->cues, fd->cues_lang ? fd->cues_lang : f->lang))
                        return -1;
        }
        return fid;
}

static int64_t speaker_id(dx_index *idx, const char *name)
{
        sqlite3_stmt *st =
            dx_store_prep(idx, "INSERT INTO speakers(name) VALUES (?) ON CONFLICT(name)"
                               " DO UPDATE SET name = name RETURNING id");

        if (st)
                sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        return step_id(idx, st, "write speaker");
}

static int64_t write_talk(dx_index *idx, int64_t event_id, const dx_event_plan *ev, size_t pos,
                          const dx_talk *t, const char *sig, const int64_t *file_ids)
{
        const dx_talk_plan *tp = &ev->talks[pos];
        char *tags = json_strv(t->tags, t->ntags);
        sqlite3_stmt *st;
        int64_t tid;

        if (!tags) {
                dx_index_set_error(idx, "out of memory");
                return -1;
        }
        st = dx_store_prep(
            idx, "INSERT INTO talks(uid, event_id, pos, slug, title, abstract, tags, date,"
                 " room, video_id, slides_id, duration, sig)"
                 " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13) ON CONFLICT(uid)"
                 " DO UPDATE SET event_id = ?2, pos = ?3, slug = ?4, title = ?5,"
                 " abstract = ?6, tags = ?7, date = ?8, room = ?9, video_id = ?10,"
                 " slides_id = ?11, duration = ?12, sig = ?13, removed_at = NULL"
                 " RETURNING id");
        if (st) {
                sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, event_id);
                sqlite3_bind_int64(st, 3, (int64_t)pos);
                sqlite3_bind_text(st, 4, tp->slug, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 5, t->title, -1, SQLITE_STATIC);
                bind_text_or_null(st, 6, t->abstract);
                sqlite3_bind_text(st, 7, tags, -1, SQLITE_STATIC);
                bind_text_or_null(st, 8, t->date);
                bind_text_or_null(st, 9, t->room);
                if (tp->video >= 0 && file_ids[tp->video] > 0)
                        sqlite3_bind_int64(st, 10, file_ids[tp->video]);
                if (tp->slides >= 0 && file_ids[tp->slides] > 0)
                        sqlite3_bind_int64(st, 11, file_ids[tp->slides]);
                if (t->duration >= 0)
                        sqlite3_bind_double(st, 12, t->duration);
                sqlite3_bind_text(st, 13, sig, -1, SQLITE_STATIC);
        }
        tid = step_id(idx, st, "write talk");
        free(tags);
        if (tid < 0 || dx_store_talk_meta_write(idx, tid, t))
                return -1;

        st = dx_store_prep(idx, "DELETE FROM talk_speakers WHERE talk_id = ?");
        if (st)
                sqlite3_bind_int64(st, 1, tid);
        if (run(idx, st, "write speakers"))
                return -1;
        for (size_t i = 0; i < t->nspeakers; i++) {
                int64_t sid = speaker_id(idx, t->speakers[i].name);

                if (sid < 0)
                        return -1;
                st = dx_store_prep(
                    idx, "INSERT INTO talk_speakers(talk_id, pos, speaker_id, role, company)"
                         " VALUES (?,?,?,?,?)");
                if (st) {
                        sqlite3_bind_int64(st, 1, tid);
                        sqlite3_bind_int64(st, 2, (int64_t)i);
                        sqlite3_bind_int64(st, 3, sid);
                        bind_text_or_null(st, 4, t->speakers[i].role);
                        bind_text_or_null(st, 5, t->speakers[i].company);
                }
                if (run(idx, st, "write speakers"))
                        return -1;
        }

        st = dx_store_prep(idx, "DELETE FROM talk_captions WHERE talk_id = ?");
        if (st)
                sqlite3_bind_int64(st, 1, tid);
        if (run(idx, st, "write captions"))
                return -1;
        for (size_t i = 0; i < tp->ncaptions; i++) {
                if (file_ids[tp->captions[i]] <= 0)
                        continue;
                st = dx_store_prep(
                    idx, "INSERT OR IGNORE INTO talk_captions(talk_id, file_id) VALUES (?,?)");
                if (st) {
                        sqlite3_bind_int64(st, 1, tid);
                        sqlite3_bind_int64(st, 2, file_ids[tp->captions[i]]);
                }
                if (run(idx, st, "write captions"))
                        return -1;
                /* the manifest may give an unchanged file a new language */
                st = dx_store_prep(
                    idx, "UPDATE cues SET lang = ?2 WHERE file_id = ?1 AND lang IS NOT ?2");
                if (st) {
                        sqlite3_bind_int64(st, 1, file_ids[tp->captions[i]]);
                        bind_text_or_null(st, 2, ev->files[tp->captions[i]].lang);
                }
                if (run(idx, st, "write captions"))
                        return -1;
        }
        return tid;
}

/* A talk as stored: its row id, signature and whether it is live. */
typedef struct stored_talk {
        int64_t id;
        char *sig;
        int live;
        int64_t pos;
} stored_talk;

/* What the index has for the talk uid (s->id -1: nothing). */
static int stored_lookup(dx_index *idx, const char *uid, stored_talk *s)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT id, sig, removed_at IS NULL, pos FROM talks"
                                              " WHERE uid = ?");
        int rc;

        memset(s, 0, sizeof(*s));
        s->id = -1;
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                const char *sig = (const char *)sqlite3_column_text(st, 1);

                s->id = sqlite3_column_int64(st, 0);
                /* a signature lost would rewrite the talk: no harm, but say it */
                s->sig = sig ? dx_strdup(sig) : NULL;
                s->live = sqlite3_column_int(st, 2);
                s->pos = sqlite3_column_int64(st, 3);
                rc = (sig && !s->sig) || (!sig && sqlite3_column_type(st, 1) != SQLITE_NULL)
                         ? dx_index_nomem(idx, DX_ENOMEM)
                         : 0;
        } else {
                rc = rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "talk");
        }
        sqlite3_reset(st);
        return rc;
}

/* A talk keeps its identity while it keeps a file: a talk whose recording
 * or slides were renamed or moved takes the id of the talk that owned the
 * file, unless another talk of this event has that id. */
static int keep_identity(dx_index *idx, const dx_event_plan *ev, const dx_file_data *files,
                         dx_talk *talks, size_t ntalks, size_t i)
{
        const dx_talk_plan *tp = &ev->talks[i];
        int slots[2] = {tp->video, tp->slides};

        for (int k = 0; k < 2; k++) {
                const dx_file_data *fd = slots[k] >= 0 ? &files[slots[k]] : NULL;
                sqlite3_stmt *st;
                char *uid = NULL;

                if (!fd)
                        continue;
                st = dx_store_prep(idx,
                                   "SELECT t.uid FROM talks t JOIN files f ON f.id = t.video_id OR"
                                   " f.id = t.slides_id WHERE (f.id = ?1 OR (?1 IS NULL AND"
                                   " f.path = ?2)) ORDER BY t.removed_at IS NOT NULL LIMIT 1");
                int rc;

                if (!st)
                        return DX_ERR;
                if (fd->mode == DX_FILE_MOVED)
                        sqlite3_bind_int64(st, 1, fd->moved_from);
                sqlite3_bind_text(st, 2, fd->file->rel, -1, SQLITE_STATIC);
                rc = sqlite3_step(st);
                if (rc == SQLITE_ROW) {
                        /* a talk that lost its id would come back as a new one */
                        if (!(uid = dx_strdup((const char *)sqlite3_column_text(st, 0))))
                                rc = dx_index_nomem(idx, DX_ENOMEM);
                        else
                                rc = 0;
                } else {
                        rc = rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "talk identity");
                }
                sqlite3_reset(st);
                if (rc)
                        return rc;
                if (!uid || strcmp(uid, talks[i].id) == 0) {
                        free(uid);
                        return 0;
                }
                for (size_t j = 0; j < ntalks; j++)
                        if (j != i && strcmp(talks[j].id, uid) == 0) {
                                free(uid);
                                uid = NULL;
                                break;
                        }
                if (uid) {
                        free(talks[i].id);
                        talks[i].id = uid;
                        return 0;
                }
        }
        return 0;
}

static int mark_removed(dx_index *idx, const char *sql, int64_t id)
{
        sqlite3_stmt *st = dx_store_prep(idx, sql);

        if (st)
                sqlite3_bind_int64(st, 1, id);
        return run(idx, st, "mark removed");
}

int dx_store_event_write(dx_index *idx, const char *real_root, const dx_event_plan *ev,
                         dx_file_data *files, dx_talk *talks, char **sigs, size_t ntalks,
                         dx_ingest_stats *stats, dx_change_fn change, void *ud)
{
        stored_talk *stored = calloc(ntalks + 1, sizeof(*stored));
        int64_t event_id, *file_ids = calloc(ev->nfiles + 1, sizeof(*file_ids));
        int64_t *gone = NULL;
        size_t ngone = 0;
        json_t *keep;
        char *keep_s = NULL;
        sqlite3_stmt *st;
        int rc = DX_ERR;

        if (!stored || !file_ids) {
                free(stored);
                free(file_ids);
                return DX_ENOMEM;
        }
        event_id = upsert_event(idx, real_root, ev);
        if (event_id < 0)
                goto out;
        for (size_t i = 0; i < ntalks; i++)
                if (keep_identity(idx, ev, files, talks, ntalks, i))
                        goto out;
        if (dx_store_event_notes_write(idx, event_id, ev, talks, ntalks))
                goto out;
        /* the talks that stay: a list missing one would remove it */
        keep = json_array();
        for (size_t i = 0; i < ntalks; i++) {
                if (stored_lookup(idx, talks[i].id, &stored[i]) ||
                    (rc = keep ? dx_json_append(keep, json_string(talks[i].id)) : DX_ENOMEM)) {
                        json_decref(keep);
                        rc = dx_index_nomem(idx, rc);
                        goto out;
                }
        }
        keep_s = dx_json_dumps(keep, JSON_COMPACT);
        json_decref(keep);
        rc = DX_ERR;
        if (!keep_s) {
                rc = dx_index_nomem(idx, DX_ENOMEM);
                goto out;
        }
        st = dx_store_prep(idx,
                           "SELECT id, uid FROM talks WHERE event_id = ? AND removed_at IS NULL AND"
                           " uid NOT IN (SELECT value FROM json_each(?))");
        if (!st)
                goto out;
        sqlite3_bind_int64(st, 1, event_id);
        sqlite3_bind_text(st, 2, keep_s, -1, SQLITE_STATIC);
        {
                size_t cap = 0;
                int step;

                while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                        if (DX_GROW(gone, ngone + 1, cap)) {
                                sqlite3_reset(st);
                                rc = dx_index_nomem(idx, DX_ENOMEM);
                                goto out;
                        }
                        gone[ngone++] = sqlite3_column_int64(st, 0);
                        if (change)
                                change(ud, DX_CHANGE_REMOVED,
                                       (const char *)sqlite3_column_text(st, 1), ev->dir);
                }
                if (step != SQLITE_DONE) {
                        rc = dx_store_fail(idx, "talks removed");
                        sqlite3_reset(st);
                        goto out;
                }
        }
        sqlite3_reset(st);

        /* 2. out of talk_fts while their documents are intact */
        for (size_t i = 0; i < ntalks; i++)
                if (stored[i].live && !(stored[i].sig && strcmp(stored[i].sig, sigs[i]) == 0) &&
                    fts_talk(idx, stored[i].id, 0))
                        goto out;
        for (size_t i = 0; i < ngone; i++)
                if (fts_talk(idx, gone[i], 0) ||
                    mark_removed(idx, "UPDATE talks SET removed_at = " NOW_SQL " WHERE id = ?",
                                 gone[i]))
                        goto out;
        stats->removed += ngone;

        /* 3. files */
        for (size_t i = 0; i < ev->nfiles; i++) {
                if (ev->files[i].kind == DX_KIND_OTHER) {
                        /* event.json: a row, so that it is known */
                        dx_file_data md = {.file = &ev->files[i], .mode = DX_FILE_TOUCH};
                        file_ids[i] = write_file(idx, event_id, &md);
                } else {
                        file_ids[i] = write_file(idx, event_id, &files[i]);
                }
                if (file_ids[i] < 0)
                        goto out;
        }
        {
                json_t *paths = json_array();
                char *ps = NULL;

                rc = 0;
                for (size_t i = 0; !rc && i < ev->nfiles; i++)
                        rc = hex_push(paths, ev->files[i].rel);
                if (!rc)
                        ps = dx_json_dumps(paths, JSON_COMPACT);
                json_decref(paths);
                if (!ps) {
                        rc = dx_index_nomem(idx, DX_ENOMEM);
                        goto out;
                }
                st = dx_store_prep(
                    idx, "UPDATE files SET removed_at = " NOW_SQL " WHERE event_id = ? AND"
                         " removed_at IS NULL AND hex(path) NOT IN (SELECT value FROM"
                         " json_each(?))");
                if (st) {
                        sqlite3_bind_int64(st, 1, event_id);
                        sqlite3_bind_text(st, 2, ps, -1, SQLITE_STATIC);
                }
                rc = run(idx, st, "mark removed");
                free(ps);
                if (rc)
                        goto out;
                rc = DX_ERR;
        }

        /* 4. talks whose signature changed, and back into talk_fts */
        for (size_t i = 0; i < ntalks; i++) {
                int same = stored[i].live && stored[i].sig && strcmp(stored[i].sig, sigs[i]) == 0;
                int64_t tid;

                if (same) {
                        stats->unchanged++;
                        if (stored[i].pos != (int64_t)i) {
                                /* order in the event: no part of the index entry */
                                st = dx_store_prep(idx, "UPDATE talks SET pos = ? WHERE id = ?");
                                if (st) {
                                        sqlite3_bind_int64(st, 1, (int64_t)i);
                                        sqlite3_bind_int64(st, 2, stored[i].id);
                                }
                                if (run(idx, st, "write talk"))
                                        goto out;
                        }
                        continue;
                }
                tid = write_talk(idx, event_id, ev, i, &talks[i], sigs[i], file_ids);
                if (tid < 0 || fts_talk(idx, tid, 1))
                        goto out;
                const dx_talk_plan *tp = &ev->talks[i];
                int moved = (tp->video >= 0 && files[tp->video].mode == DX_FILE_MOVED) ||
                            (tp->slides >= 0 && files[tp->slides].mode == DX_FILE_MOVED);
                dx_change what = moved            ? DX_CHANGE_MOVED
                                 : stored[i].live ? DX_CHANGE_UPDATED
                                                  : DX_CHANGE_ADDED;

                if (what == DX_CHANGE_MOVED)
                        stats->moved++;
                else if (what == DX_CHANGE_UPDATED)
                        stats->updated++;
                else
                        stats->added++;
                if (change)
                        change(ud, what, talks[i].id,
                               tp->video >= 0    ? ev->files[tp->video].rel
                               : tp->slides >= 0 ? ev->files[tp->slides].rel
                                                 : ev->dir);
        }
        st = dx_store_prep(idx, "UPDATE events SET signature = ? WHERE id = ?");
        if (st) {
                sqlite3_bind_text(st, 1, ev->signature, -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, event_id);
        }
        rc = run(idx, st, "write event");
out:
        for (size_t i = 0; i < ntalks; i++)
                free(stored[i].sig);
        free(stored);
        free(gone);
        free(keep_s);
        free(file_ids);
        return rc;
}

int dx_store_remove_events(dx_index *idx, const dx_catalog *cat, dx_ingest_stats *stats,
                           dx_change_fn change, void *ud)
{
        json_t *keep = json_array();
        sqlite3_stmt *st;
        char *k;
        int rc = 0, step = SQLITE_DONE;

        for (size_t i = 0; !rc && i < cat->nevents; i++)
                rc = hex_push(keep, cat->events[i].dir);
        k = rc ? NULL : dx_json_dumps(keep, JSON_COMPACT);
        json_decref(keep);
        /* a list missing an event would mark it removed */
        if (!k)
                return dx_index_nomem(idx, DX_ENOMEM);
        st = dx_store_prep(
            idx, "SELECT t.id, t.uid, e.dir FROM talks t JOIN events e ON e.id = t.event_id"
                 " WHERE e.root = ? AND e.removed_at IS NULL AND t.removed_at IS NULL AND"
                 " hex(e.dir) NOT IN (SELECT value FROM json_each(?))");
        if (!st) {
                free(k);
                return DX_ERR;
        }
        sqlite3_bind_text(st, 1, cat->real_root, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, k, -1, SQLITE_STATIC);
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t tid = sqlite3_column_int64(st, 0);

                if (change)
                        change(ud, DX_CHANGE_REMOVED, (const char *)sqlite3_column_text(st, 1),
                               (const char *)sqlite3_column_text(st, 2));
                stats->removed++;
                rc = fts_talk(idx, tid, 0);
                if (!rc)
                        rc = mark_removed(
                            idx, "UPDATE talks SET removed_at = " NOW_SQL " WHERE id = ?", tid);
        }
        if (!rc && step != SQLITE_DONE)
                rc = dx_store_fail(idx, "events removed");
        sqlite3_reset(st);
        if (!rc) {
                st = dx_store_prep(idx,
                                   "UPDATE events SET removed_at = " NOW_SQL ", signature = NULL"
                                   " WHERE root = ?1 AND removed_at IS NULL AND hex(dir) NOT IN"
                                   " (SELECT value FROM json_each(?2))");
                if (st) {
                        sqlite3_bind_text(st, 1, cat->real_root, -1, SQLITE_STATIC);
                        sqlite3_bind_text(st, 2, k, -1, SQLITE_STATIC);
                }
                rc = run(idx, st, "mark removed");
        }
        if (!rc) {
                st = dx_store_prep(
                    idx, "UPDATE files SET removed_at = " NOW_SQL " WHERE removed_at IS NULL"
                         " AND event_id IN (SELECT id FROM events WHERE removed_at IS NOT"
                         " NULL)");
                rc = run(idx, st, "mark removed");
        }
        free(k);
        return rc;
}

int dx_store_orphans(dx_index *idx, const dx_catalog *cat, dx_orphan **out, size_t *n)
{
        json_t *paths = json_array();
        sqlite3_stmt *st;
        size_t cap = 0;
        char *ps;
        int rc = 0;

        *out = NULL;
        *n = 0;
        for (size_t e = 0; !rc && e < cat->nevents; e++)
                for (size_t i = 0; !rc && i < cat->events[e].nfiles; i++)
                        rc = hex_push(paths, cat->events[e].files[i].rel);
        ps = rc ? NULL : dx_json_dumps(paths, JSON_COMPACT);
        json_decref(paths);
        /* a list missing a path would offer its file as moved */
        if (!ps)
                return dx_index_nomem(idx, DX_ENOMEM);
        st = dx_store_prep(
            idx, "SELECT f.hash, f.id FROM files f JOIN events e ON e.id = f.event_id"
                 " WHERE e.root = ? AND f.hash IS NOT NULL AND f.error IS NULL AND"
                 " hex(f.path) NOT IN (SELECT value FROM json_each(?)) ORDER BY f.hash, f.id");
        if (!st) {
                free(ps);
                return DX_ERR;
        }
        sqlite3_bind_text(st, 1, cat->real_root, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ps, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *h = (const char *)sqlite3_column_text(st, 0);

                if (!h || DX_GROW(*out, *n + 1, cap)) {
                        rc = SQLITE_NOMEM;
                        break;
                }
                snprintf((*out)[*n].hash, sizeof((*out)[*n].hash), "%s", h);
                (*out)[*n].file_id = sqlite3_column_int64(st, 1);
                (*n)++;
        }
        if (rc != SQLITE_DONE) {
                rc = rc == SQLITE_NOMEM ? dx_index_nomem(idx, DX_ENOMEM)
                                        : dx_store_fail(idx, "orphans");
                free(*out);
                *out = NULL;
                *n = 0;
        } else {
                rc = 0;
        }
        sqlite3_reset(st);
        free(ps);
        return rc;
}

/* Name to each what prune deletes, in the order of prune_counts. */
static int prune_names(dx_index *idx, dx_prune_fn each, void *ud)
{
        static const struct {
                const char *kind, *sql;
        } q[] = {
            {"talk", "SELECT uid || ': ' || title FROM talks WHERE removed_at IS NOT NULL"
                     " ORDER BY uid"},
            {"file", "SELECT path FROM files WHERE removed_at IS NOT NULL ORDER BY path"},
            {"event", "SELECT dir FROM events WHERE removed_at IS NOT NULL ORDER BY dir"},
            {"speaker", "SELECT name FROM speakers WHERE id NOT IN (SELECT speaker_id FROM"
                        " talk_speakers ts JOIN talks t ON t.id = ts.talk_id"
                        " WHERE t.removed_at IS NULL) ORDER BY name"},
        };

        for (size_t k = 0; k < sizeof(q) / sizeof(q[0]); k++) {
                sqlite3_stmt *st = dx_store_prep(idx, q[k].sql);
                int rc;

                if (!st)
                        return DX_ERR;
                while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                        each(ud, q[k].kind, (const char *)sqlite3_column_text(st, 0));
                sqlite3_reset(st);
                if (rc != SQLITE_DONE)
                        return dx_store_fail(idx, "prune");
        }
        return 0;
}

int dx_prune(dx_index *idx, int dry_run, dx_prune_fn each, void *ud, dx_prune_stats *out)
{
        static const char *const count_sql =
            "SELECT (SELECT count(*) FROM talks WHERE removed_at IS NOT NULL),"
            " (SELECT count(*) FROM files WHERE removed_at IS NOT NULL),"
            " (SELECT count(*) FROM events WHERE removed_at IS NOT NULL),"
            " (SELECT count(*) FROM speakers WHERE id NOT IN (SELECT speaker_id FROM"
            "   talk_speakers ts JOIN talks t ON t.id = ts.talk_id WHERE t.removed_at IS NULL))";
        sqlite3_stmt *st;
        int rc;

        memset(out, 0, sizeof(*out));
        if (!idx->writable) {
                dx_index_set_error(idx, "%s: index is open read-only", idx->path);
                return DX_ERR;
        }
        if ((rc = dx_store_lock(idx)) != 0)
                return rc;
        st = dx_store_prep(idx, count_sql);
        if (!st || sqlite3_step(st) != SQLITE_ROW) {
                sqlite3_reset(st);
                dx_store_unlock(idx);
                return dx_store_fail(idx, "prune");
        }
        out->talks = (size_t)sqlite3_column_int64(st, 0);
        out->files = (size_t)sqlite3_column_int64(st, 1);
        out->events = (size_t)sqlite3_column_int64(st, 2);
        out->speakers = (size_t)sqlite3_column_int64(st, 3);
        sqlite3_reset(st);
        if (each && (rc = prune_names(idx, each, ud)) != 0) {
                dx_store_unlock(idx);
                return rc;
        }
        if (dry_run) {
                dx_store_unlock(idx);
                return 0;
        }
        /* removed talks have no talk_fts row; slide text and cues go
         * with their files (ON DELETE CASCADE) */
        rc = dx_store_begin(idx);
        if (!rc)
                rc = exec(idx, "DELETE FROM talks WHERE removed_at IS NOT NULL;"
                               "DELETE FROM files WHERE removed_at IS NOT NULL;"
                               "DELETE FROM events WHERE removed_at IS NOT NULL AND id NOT IN"
                               " (SELECT event_id FROM talks);"
                               "DELETE FROM speakers WHERE id NOT IN (SELECT speaker_id FROM"
                               " talk_speakers);");
        if (!rc) { /* and the OCR text of pages no deck has any longer */
                size_t n;

                rc = dx_store_ocr_prune(idx, 0, &n);
        }
        if (!rc)
                rc = dx_store_commit(idx);
        if (rc)
                dx_store_rollback(idx);
        dx_store_unlock(idx);
        return rc;
}
