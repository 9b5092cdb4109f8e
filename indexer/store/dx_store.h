/*
 * dx_store.h - the index: the SQLite handle and its cached statements
 * (store.c), reading talks back (store_read.c, talk.c), a deck's page text
 * compressed whole (slidetext.c), timelines (timeline.c), and the writes
 * an ingest makes.  SQL lives in this module and in search/.
 */
#ifndef DX_STORE_H
#define DX_STORE_H

#include "dx_int.h"
#include "dx_ingest.h"

/* ---- store.c ------------------------------------------------------------ */

struct sqlite3;

struct sqlite3_stmt;

/* Prepared statements kept for the life of the handle (see store.c). */
enum { DX_Q_FILE_STATE, DX_Q_EVENT_SIG, DX_Q_TALK_SUMMARY, DX_Q_TALK_SPEAKERS, DX_Q_COUNT };

struct dx_index {
        struct sqlite3 *db;
        char *path;
        char *errmsg;
        int writable;
        int scratch; /* a copy in memory: DX_OPEN_SCRATCH */
        int lock_fd; /* held while an ingest runs, -1 otherwise */
        struct sqlite3_stmt *q[DX_Q_COUNT];
        struct {
                const char *sql;
                struct sqlite3_stmt *st;
        } * cache; /* statements, by the address of their SQL (dx_store_prep) */
        size_t ncache, cache_alloc;
        void *fts5;       /* the connection's fts5_api, once asked for (dx_fts5_api) */
        int search_ready; /* dxrank() and dxoffsets() are registered */
        int version;      /* the index's schema version */
};

/* The view talk_fts indexes: a talk's fields; its slides are its deck's
 * pages or, with no deck, the slides read from its recording. */
#define DX_TALK_DOC_SQL                                                                            \
        "CREATE VIEW talk_doc AS SELECT t.id AS id, t.event_id AS event_id, t.title AS title,"     \
        "  (SELECT group_concat(name, ', ') FROM (SELECT s.name AS name FROM talk_speakers ts"     \
        "     JOIN speakers s ON s.id = ts.speaker_id WHERE ts.talk_id = t.id ORDER BY ts.pos))"   \
        "    AS speakers,"                                                                         \
        "  (SELECT group_concat(a, ', ') FROM (SELECT trim(coalesce(ts.role, '') || ' ' ||"        \
        "     coalesce(ts.company, '')) AS a FROM talk_speakers ts WHERE ts.talk_id = t.id"        \
        "     ORDER BY ts.pos)) AS affil,"                                                         \
        "  e.name || ' ' || e.venues || ' ' || coalesce(t.room, '') AS event,"                     \
        "  coalesce(t.abstract, '') AS abstract, t.tags AS tags,"                                  \
        "  CASE WHEN t.slides_id IS NULL THEN (SELECT group_concat(text, char(10)) FROM"           \
        "     (SELECT r.text AS text FROM rec_slides r WHERE r.talk_id = t.id ORDER BY r.page))"   \
        "    ELSE (SELECT dxslides(z) FROM slide_text WHERE file_id = t.slides_id) END AS slides," \
        "  (SELECT group_concat(text, char(10)) FROM (SELECT c.text AS text FROM cues c"           \
        "     WHERE c.file_id = t.video_id OR c.file_id IN (SELECT tc.file_id FROM talk_captions"  \
        "     tc WHERE tc.talk_id = t.id)"                                                         \
        "     ORDER BY c.file_id, c.start_ms, c.id)) AS captions,"                                 \
        "  (SELECT group_concat(title, char(10)) FROM (SELECT ch.title AS title FROM chapters ch"  \
        "     WHERE ch.file_id = t.video_id ORDER BY ch.pos)) AS chapters"                         \
        "  FROM talks t JOIN events e ON e.id = t.event_id;"

/* Slides read from recordings (recslides.c), from the index of version 5
 * on: added when an index is opened for writing. */
#define DX_REC_SQL                                                                                 \
        "CREATE TABLE IF NOT EXISTS rec_reads("                                                    \
        "  talk_id INTEGER PRIMARY KEY REFERENCES talks(id) ON DELETE CASCADE,"                    \
        "  video_hash TEXT NOT NULL, lang TEXT NOT NULL, error TEXT, slides INTEGER NOT NULL,"     \
        "  dropped INTEGER, seconds REAL);"                                                        \
        "CREATE TABLE IF NOT EXISTS rec_slides("                                                   \
        "  talk_id INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,"                       \
        "  page INTEGER NOT NULL, text TEXT NOT NULL, conf REAL, frame_s REAL NOT NULL,"           \
        "  PRIMARY KEY(talk_id, page)) WITHOUT ROWID;"                                             \
        "CREATE TABLE IF NOT EXISTS rec_slide_times("                                              \
        "  talk_id INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,"                       \
        "  page INTEGER NOT NULL, start_s REAL NOT NULL, end_s REAL NOT NULL,"                     \
        "  PRIMARY KEY(talk_id, page, start_s)) WITHOUT ROWID;"

/* ---- slidetext.c: a deck's page text, compressed whole ---- */

/* The n pages' texts, each ended by a NUL, deflated: *z (free() it),
 * *zlen bytes, for *bytes of text. */
int dx_slidetext_pack(const dx_page *pages, size_t n, void **z, size_t *zlen, size_t *bytes);
/* The pages' texts back, each ended by a NUL: *raw (free() it), *len bytes
 * with the NULs. */
int dx_slidetext_unpack(const void *z, size_t zlen, char **raw, size_t *len);
/* dxslides(z) and dxpage(z, n) in SQL. */
int dx_slidetext_register(struct sqlite3 *db);
/* A line of a deck's page: its text (spaces at either end aside), and the
 * page (from 0) it stands on first. */
typedef struct dx_line {
        const char *s;
        int len, page;
} dx_line;
/* Lines by their text (for bsearch over dx_slidetext_boilerplate()'s). */
int dx_line_cmp(const void *a, const void *b);
/* The lines that stand on at least three pages of the deck and on a third
 * of them or more (a footer, the speaker's name, the event's name), each
 * once with the first page it is on, sorted by text: *out (free() it;
 * pointing into raw), *n of them.  raw holds the pages, each ended by a
 * NUL. */
int dx_slidetext_boilerplate(const char *raw, size_t len, dx_line **out, int *n);
/* The deck's pages with each line of b[0..nb) kept only on the first page
 * it stands on (schema 6 on, talk_fts indexes a deck so: its boilerplate
 * counts once in the talk's score, as a line of one page): *out (free()
 * it), *outlen bytes, each page still ended by a NUL. */
int dx_slidetext_unrepeat(const char *raw, size_t len, const dx_line *b, int nb, char **out,
                          size_t *outlen);

/* search/fold.c: the words as people type them.  text with the letters
 * unicode61 keeps (ø, æ, ß, ł, đ, þ) in ASCII and a lone letter's "#" or
 * "++" as part of its word ("Csharp"), as many words as before; NULL when
 * out of memory.  free() it. */
char *dx_fold_words(const char *text);
/* dxfold(text) in SQL, which talk_fts rows are written through. */
int dx_fold_register(struct sqlite3 *db);
/* A deck's page texts, each ended by a NUL, from whichever schema the
 * index has; *raw NULL when it has none. */
int dx_store_slide_text(dx_index *idx, int64_t file_id, char **raw, size_t *len);

/* ---- ocrtext.c: OCR text of slide pages, by page content hash ---- */

/* The hashes the index has OCR text for, sorted: *v (free() it). */
int dx_store_ocr_known(dx_index *idx, uint64_t **v, size_t *n);
/* Put the cached text of the deck's pages OCR found known into them;
 * *missing counts those whose text is no longer there. */
int dx_store_ocr_fill(dx_index *idx, dx_deck *d, size_t *missing);
/* Record which pages of the deck (file fid) OCR read, and cache the text
 * of those it read now.  In the writer's transaction. */
int dx_store_ocr_write(dx_index *idx, int64_t fid, const dx_deck *d);
/* 1 when page of talk's slides has OCR text (*conf: its confidence, 0-100). */
int dx_store_slide_ocr(dx_index *idx, int64_t talk, int page, int *conf);
/* Mark the pages (pages[i] is page i + 1) of file fid that OCR read. */
int dx_store_ocr_marks(dx_index *idx, int64_t fid, dx_page *pages, size_t n);
/* Drop the cached OCR text no page has any longer (dry_run: count it). */
int dx_store_ocr_prune(dx_index *idx, int dry_run, size_t *n);

/* The cached statement which, reset and with its bindings cleared. */
struct sqlite3_stmt *dx_store_stmt(dx_index *idx, int which);
/* The statement for sql, prepared once per handle and kept, reset and with
 * its bindings cleared; NULL (with the message set) when it fails.  sql
 * must be a string literal: it is looked up by its address.  Callers
 * reset it when done (a stepped statement holds its read snapshot) and
 * never finalize it. */
struct sqlite3_stmt *dx_store_prep(dx_index *idx, const char *sql);
/* Record sqlite's message for a failed call and return DX_ERR. */
int dx_store_fail(dx_index *idx, const char *what);
/* Fill the summary fields of a talk from its row id. */
int dx_store_talk_summary(dx_index *idx, int64_t rowid, dx_talk *t);

void dx_index_set_error(dx_index *idx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sqlite3_bind_text() with SQLITE_TRANSIENT copies the text and can run
 * out of memory, leaving the parameter NULL and the statement runnable: a
 * write would store less than it was given.  The store's files bind text
 * through dx_bind_text(), which counts such failures on this thread;
 * dx_store_begin() clears the count and dx_store_commit() refuses (out of
 * memory, the transaction to be rolled back) when it is not zero. */
int dx_bind_text(struct sqlite3_stmt *st, int i, const char *s, int n, void (*del)(void *));
#ifdef DX_STORE_BIND
#include <sqlite3.h> /* declared before the name is taken over */
#define sqlite3_bind_text dx_bind_text
#endif
/* rc, with the message "out of memory" when it is DX_ENOMEM: the last step
 * of an entry point whose callees may run out of memory without a word. */
int dx_index_nomem(dx_index *idx, int rc);

/* ---- timeline.c, timeline_write.c: slides on the timeline ---------------- */

/* One talk to align, and what came of it. */
typedef struct dx_align_job {
        int64_t talk;
        char *uid, *video, *slides; /* full paths */
        char *root;                 /* the archive root they must stay in */
        char *video_rel;            /* as the archive names it, for messages */
        char *video_hash, *slides_hash;
        dx_align_result result;
        char *error; /* the alignment failed: why */
        int done;
} dx_align_job;

extern const char *const dx_timeline_status_names[];

/* The talks whose recording and slides were never aligned, or changed
 * since (every such talk with force), in archive order. */
int dx_store_align_pending(dx_index *idx, int force, dx_align_job **out, size_t *n);
void dx_align_jobs_free(dx_align_job *v, size_t n);
/* Replace the talk's timeline with the job's outcome, in one transaction. */
int dx_store_align_write(dx_index *idx, const dx_align_job *j);
/* When page of talk was on screen: at most max intervals; how many. */
int dx_slide_on_screen(dx_index *idx, int64_t talk, int page, double (*iv)[2], size_t max);
/* The (start, end) rows of sql, which binds talk and page, into iv (at
 * most max); the count, or DX_ERR naming what was read. */
int dx_store_read_intervals(dx_index *idx, const char *sql, const char *what, int64_t talk,
                            int page, double (*iv)[2], size_t max);

/* Add or remove one talk's row in talk_fts (store.c).  A row must be
 * deleted with the values it was indexed with, so deletes run before
 * anything the talk is made of changes. */
int dx_store_fts_talk(dx_index *idx, int64_t talk_id, int insert);

/* ---- recslides.c, recslides_write.c: slides read from recordings ---- */

typedef struct dx_rec_job dx_rec_job;
/* Add the tables (and make talk_doc read them) in an index opened for
 * writing that lacks them. */
int dx_store_recslides_schema(dx_index *idx);
/* The talks with a recording and no deck whose slides were never read, or
 * read from another recording or in another language than lang (every
 * such talk with force), in archive order; slides read for talks that
 * have a deck since are forgotten. */
int dx_store_rec_pending(dx_index *idx, int force, const char *lang, dx_rec_job **out, size_t *n);
void dx_rec_jobs_free(dx_rec_job *v, size_t n);
/* Replace the talk's slides read from its recording with the job's, and
 * its talk_fts row, in one transaction. */
int dx_store_rec_write(dx_index *idx, const dx_rec_job *j, const char *lang);
/* The talk's slides read from its recording (none when it has a deck),
 * each text ended by a NUL, in page order; *raw NULL when none. */
int dx_store_rec_text(dx_index *idx, int64_t talk, char **raw, size_t *len);
/* When slide page read from the talk's recording was on screen: at most
 * max intervals; how many (0: no such slide). */
int dx_store_rec_on_screen(dx_index *idx, int64_t talk, int page, double (*iv)[2], size_t max);
/* How many slides were read from the talk's recording. */
int dx_store_rec_count(dx_index *idx, int64_t talk);
/* A deckless talk's timeline from the slides read from its recording
 * (out left as it is when none were read). */
int dx_store_rec_timeline(dx_index *idx, const char *id, dx_timeline *out);

/* Take the index's writer lock (<index>.lock, flock + our PID) so that one
 * ingest runs at a time; DX_EBUSY names the PID that holds it. */
int dx_store_lock(dx_index *idx);
void dx_store_unlock(dx_index *idx);
int dx_store_begin(dx_index *idx);
int dx_store_commit(dx_index *idx);
/* Give the pages the index no longer uses back to the file system. */
int dx_store_compact(dx_index *idx);
void dx_store_rollback(dx_index *idx);
int dx_store_file_state(dx_index *idx, const char *rel, dx_file_state *st);
/* Give every event of the catalog an id (slug) of its own: the one the
 * index has for its folder, else one no other folder of an archive has
 * (its name's slug, or with -2, -3, ..., named in a warning through
 * note); an event that left its archive gives its id up.  Writes: call it
 * in a transaction. */
int dx_store_event_slugs(dx_index *idx, dx_catalog *cat, dx_note_fn note, void *ud);
/* Does the index hold the folder of ev for another archive?  Then *other
 * is that archive's folder (to free()) and *there says what it is: 0 gone,
 * 1 there and holding files ev lacks (ev must not be written: its talks
 * would leave), 2 there with nothing ev lacks (a copy).  Unless 1, the
 * event becomes this archive's.  Else *other is NULL. */
int dx_store_event_claim(dx_index *idx, const dx_catalog *cat, const dx_event_plan *ev,
                         char **other, int *there);
/* 1 when the event's stored signature equals sig. */
int dx_store_event_unchanged(dx_index *idx, const char *dir, const char *sig);
/* Mark events of this archive root that are no longer in it as removed. */
int dx_store_remove_events(dx_index *idx, const dx_catalog *cat, dx_ingest_stats *stats,
                           dx_change_fn change, void *ud);
/* Files under the root whose paths the catalog does not have, by hash. */
int dx_store_orphans(dx_index *idx, const dx_catalog *cat, dx_orphan **out, size_t *n);
/* Load what is stored for a file (media or document info) by path, or by
 * row id when rel is NULL. */
int dx_store_file_load(dx_index *idx, const char *rel, int64_t id, dx_file_data *fd);
/* Write an event with its talks and files in the open transaction.  Talks
 * carry a signature of everything they are made of; those whose signature
 * is unchanged are left alone. */
int dx_store_event_write(dx_index *idx, const char *real_root, const dx_event_plan *ev,
                         dx_file_data *files, dx_talk *talks, char **sigs, size_t ntalks,
                         dx_ingest_stats *stats, dx_change_fn change, void *ud);

/* ---- meta.c: what inference adds to the index -------------------------- */

/* Create the tables of sources, title pages and event notes in an index
 * opened for writing that lacks them (additive: older readers ignore
 * them). */
int dx_store_meta_schema(dx_index *idx);
/* Write where a talk's fields came from and how it was paired. */
int dx_store_talk_meta_write(dx_index *idx, int64_t talk, const dx_talk *t);
/* Fill t's sources and pairing from the index (left NULL when the index
 * has none). */
int dx_store_talk_meta_read(dx_index *idx, int64_t talk, dx_talk *t);
/* A deck's title page lines (dx_deck.title_page), written with its file
 * and loaded with it when the file is unchanged. */
int dx_store_title_page_write(dx_index *idx, int64_t file, const char *lines);
int dx_store_title_page_load(dx_index *idx, int64_t file, char **lines);
/* Replace the notes of an event with ev's (talk ids from talks). */
int dx_store_event_notes_write(dx_index *idx, int64_t event, const dx_event_plan *ev,
                               const dx_talk *talks, size_t ntalks);

#endif /* DX_STORE_H */
