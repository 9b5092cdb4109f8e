/*
 * dx_int.h - private interfaces shared by the indexer's modules: the growable
 * string buffer, text helpers, and the probe, slides, catalog and store
 * entry points that ingest.c strings together.
 */
#ifndef DX_INT_H
#define DX_INT_H

#include "doxsearch.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>

/* ---- buf.c: a growable NUL-terminated byte string with a size ceiling --- */

typedef struct dx_buf {
        char *s;
        size_t len, alloc;
        size_t max;    /* 0: DX_BUF_MAX */
        int truncated; /* an append was cut at max */
} dx_buf;

#define DX_BUF_MAX ((size_t)64 << 20)
#define DX_BUF_INIT                                                                                \
        {                                                                                          \
                NULL, 0, 0, 0, 0                                                                   \
        }

int dx_buf_add(dx_buf *b, const char *s, size_t n);
int dx_buf_adds(dx_buf *b, const char *s);
int dx_buf_addc(dx_buf *b, char c);
int dx_buf_addf(dx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dx_buf_vaddf(dx_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hand the string to the caller ("" when empty) and reset the buffer. */
char *dx_buf_detach(dx_buf *b);
void dx_buf_reset(dx_buf *b);
void dx_buf_release(dx_buf *b);

/* ---- util.c ------------------------------------------------------------ */

char *dx_strdup(const char *s);
char *dx_strndup(const char *s, size_t n);
char *dx_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A valid UTF-8 copy: valid input is copied, anything else is read as
 * Windows-1252/Latin-1.  *converted is set when that happened. */
char *dx_utf8_clean(const char *s, size_t n, int *converted);
/* Lower-case ASCII slug: letters and digits, runs of others become '-'. */
char *dx_slugify(const char *s);
/* Trim ASCII white space in place and collapse inner runs to one space. */
void dx_squeeze_space(char *s);
char *dx_path_join(const char *a, const char *b);
/* 1 when real (a resolved path) is root (a resolved path) or inside it. */
int dx_path_inside(const char *root, const char *real);
/* Years a date may have: anything else is a typo or a placeholder. */
#define DX_YEAR_MIN 1900
#define DX_YEAR_MAX 2100
/* Speakers per talk in a manifest, and the bytes of each one's name, role
 * and company: a meetup talk has one to a handful, a panel a dozen. */
#define DX_SPEAKERS_MAX     32
#define DX_SPEAKER_MAX_TEXT 512
/* What dx_date_prefix() found at the start of a string. */
typedef enum {
        DX_DATE_NONE = 0, /* nothing shaped like a date */
        DX_DATE_OK,       /* a real calendar date, copied out */
        DX_DATE_BAD,      /* shaped like one, but no such day (2020-02-30, 9999-99-99) */
} dx_date_kind;
/* The "YYYY-MM-DD" or "YYYY-MM" (and with year_ok "YYYY") that s starts
 * with, not followed by a digit, and its length in *len: DX_DATE_OK copies
 * it into out.  A date must be in DX_YEAR_MIN..DX_YEAR_MAX, and its month
 * and day must exist. */
dx_date_kind dx_date_prefix(const char *s, int year_ok, char out[11], size_t *len);
/* Parse "YYYY-MM" or "YYYY-MM-DD" at the start of s into a new string;
 * NULL when there is none or it is no real date. */
char *dx_leading_date(const char *s);
/* A language tag in the form compared by lang: lower case, '-' between
 * subtags, and a three-letter ISO 639-2 primary language given as its
 * two-letter ISO 639-1 code ("eng" and "EN" are "en", "por-BR" "pt-br").
 * Writes at most size bytes with the NUL; returns the length. */
size_t dx_lang_canon(const char *tag, char *out, size_t size);
void dx_strv_free(char **v, size_t n);
double dx_now(void);
/* 64-bit FNV-1a: fold n bytes into h (start from DX_FNV_INIT). */
#define DX_FNV_INIT 1469598103934665603ULL
uint64_t dx_fnv(uint64_t h, const void *p, size_t n);

struct dx_cues;

#define DX_HASH_LEN 16

/* ---- probe.c ------------------------------------------------------------ */

/* Read a recording's headers.  0 on success; otherwise *err says why. */
int dx_probe(const char *path, dx_media *out, char **err, char **warning);
void dx_media_release(dx_media *m);
/* Decode every text subtitle stream of a recording (mov_text, SubRip,
 * ASS, WebVTT) into out, each cue tagged with its stream's language (or
 * NULL); *lang is left NULL.  0 also when there is none (*warning notes
 * bitmap subtitles skipped); negative with *err when the file cannot be
 * read.  Reads the whole file. */
int dx_probe_captions(const char *path, struct dx_cues *out, char **lang, char **err,
                      char **warning);
/* A recording opened for one read: its first and last DX_REC_SAMPLE bytes
 * are read at once (for the content hash, and where containers keep their
 * headers) and served to the demuxer from memory, so that hashing and
 * probing together read each byte once. */
#define DX_REC_SAMPLE (64 * 1024)

typedef struct dx_rec {
        int fd;
        int64_t size, pos;
        unsigned char *head, *tail;
        size_t nhead, ntail;
        int64_t tail_off;
} dx_rec;

int dx_rec_open(dx_rec *r, const char *path, char **err);
/* Content hash: the size and the head and tail samples. */
void dx_rec_hash(const dx_rec *r, char out[DX_HASH_LEN + 1]);
void dx_rec_close(dx_rec *r);
/* dx_probe() on an open recording; path names it (format guess, messages). */
int dx_probe_rec(dx_rec *r, const char *path, dx_media *out, char **err, char **warning);

/* The value of a tag, case-insensitively, or NULL. */
const char *dx_media_tag(const dx_media *m, const char *key);

/* ---- jail.c: hostile files read in child processes with limits -------- */

#define DX_JAIL_SECONDS 30   /* per PDF; DOXSEARCH_PDF_SECONDS overrides */
#define DX_JAIL_MIB     1024 /* resident memory per PDF; DOXSEARCH_PDF_MIB overrides */

typedef struct dx_jail dx_jail;

typedef enum {
        DX_JAIL_DONE,   /* the job ended by itself */
        DX_JAIL_TIME,   /* killed past its time */
        DX_JAIL_MEMORY, /* killed past its memory */
        DX_JAIL_SIGNAL, /* killed by a signal of its own (a crash) */
        DX_JAIL_FAILED, /* could not be run, or exited abnormally */
} dx_jail_end;

typedef struct dx_jail_limits {
        double seconds;      /* the whole job */
        double page_seconds; /* between two dx_jail_tick() calls; 0: no limit */
        size_t bytes;        /* resident memory */
} dx_jail_limits;

/* A job: runs in a child process, sends its records to fd with
 * dx_jail_send(); file is the child's copy of the file dx_jail_run() was
 * given (-1 for none), arg a copy of its argument. */
typedef int (*dx_jail_fn)(int fd, int file, const char *arg, size_t len);
/* Takes one record of a job in the caller; non-zero stops the job. */
typedef int (*dx_jail_record_fn)(void *ud, int type, const char *data, size_t len);

/* Fork the keeper of the child processes.  Only while this process has a
 * single thread: DX_ERR otherwise (read in-process then). */
int dx_jail_start(dx_jail **out);
/* End the keeper and its children; set *jail to NULL; takes NULL. */
void dx_jail_stop(dx_jail **jail);
/* The limits for reading one PDF: the defaults, or the environment's. */
void dx_jail_limits_get(dx_jail_limits *lim);
/* Run fn(file, arg) in a child with limits, from any thread; file (an
 * open file, or -1) is passed over the socket, since the child is no
 * child of the caller and has none of its descriptors.  Its records go to
 * cb as they come.  0 with *end (and *sig for DX_JAIL_SIGNAL) telling how
 * the job ended; negative when it could not be run. */
int dx_jail_run(dx_jail *jail, dx_jail_fn fn, int file, const char *arg, size_t len,
                const dx_jail_limits *lim, dx_jail_record_fn cb, void *ud, dx_jail_end *end,
                int *sig);
/* In a job: the path that opens file (the caller's file passed along, as
 * /proc/self/fd/N in buf), or fallback when file is -1. */
const char *dx_jail_path(int file, const char *fallback, char buf[32]);
/* In a job: send one record of type (>= 0) made of a then b. */
int dx_jail_send(int fd, int type, const void *a, size_t na, const void *b, size_t nb);
/* In a job: a page begins; its time is page_seconds. */
void dx_jail_tick(void);
/* In a job: the next step must end within seconds (0: no limit); does
 * nothing outside a jail's child. */
void dx_jail_alarm(double seconds);

/* ---- slides.c ----------------------------------------------------------- */

#define DX_SLIDES_MAX_PAGES     10000
#define DX_SLIDES_MAX_PAGE_TEXT ((size_t)64 << 10)
#define DX_SLIDES_MAX_DOC_TEXT  ((size_t)8 << 20)

/* A page read by OCR (ocr/): the content hash its text is cached by. */
typedef struct dx_page_ocr {
        int page;      /* 1-based */
        char hash[17]; /* 16 hex digits */
        double conf;   /* mean confidence of its words, 0-100; -1: no word */
        int cached;    /* the index has its text: the writer fills it in */
} dx_page_ocr;

typedef struct dx_deck {
        dx_docinfo info;
        dx_page *pages;
        size_t npages;
        size_t text_bytes;
        dx_page_ocr *ocr; /* the pages read by OCR, in page order */
        size_t nocr;
} dx_deck;

/* How a deck's pages without a text layer are read (slides.c, ocr/). */
typedef struct dx_ocr_opts {
        dx_ocr_mode mode;
        char lang[64];
        /* hashes the index has OCR text for, sorted; allocated before the
         * jail starts, so its children have it at the same address */
        const uint64_t *known;
        size_t nknown;
} dx_ocr_opts;

/* Read a PDF's document info and the text of every page.  0 on success,
 * with *warning set for things worth saying (no text layer, text cut);
 * otherwise *err says why nothing could be read. */
int dx_slides_read(const char *path, dx_deck *out, char **err, char **warning);
void dx_deck_release(dx_deck *d);
/* Keep the PDF library's global state alive between decks (an ingest
 * holds it while it runs); NULL is fine to unhold. */
void *dx_slides_hold(void);
void dx_slides_unhold(void *hold);
void dx_docinfo_release(dx_docinfo *i);

/* Read a PDF as dx_slides_read() does, in a child process of jail with
 * bounds on its time and memory (in this process when jail is NULL).  A
 * child stopped at a bound keeps the pages it read: 1 and *err say so.
 * fd, when not -1, is path opened (as dx_pin_open() leaves it): the child
 * reads that file, not whatever path names by then. */
int dx_slides_read_in(dx_jail *jail, const char *path, int fd, dx_deck *out, char **err,
                      char **warning);
/* dx_slides_read_in() with the pages that need it read by OCR as ocr
 * says (NULL: none), each page in the child that reads the deck, with a
 * time limit of its own: a page cut off is named in *warning, and the
 * rest of the deck is read. */
int dx_slides_read_ocr(dx_jail *jail, const char *path, int fd, const dx_ocr_opts *ocr,
                       dx_deck *out, char **err, char **warning);

/* ---- captions.c --------------------------------------------------------- */

#define DX_CAPTIONS_MAX_BYTES ((size_t)32 << 20)
#define DX_CAPTIONS_MAX_CUES  200000
#define DX_CUE_MAX_TEXT       ((size_t)4 << 10)
/* how much of a file without a BOM is looked at to tell UTF-16 */
#define DX_CAPTIONS_SNIFF_BYTES ((size_t)4 << 10)

/* A list of cues, in order of start time. */
typedef struct dx_cues {
        dx_cue *v;
        size_t n, alloc;
} dx_cues;

/* Parse SubRip or WebVTT text (told apart by its content) into out,
 * appending.  Never fails on bad input: the cues that could be read are
 * kept, and *warning (when non-NULL) says what was skipped or converted.
 * Negative only when memory runs out. */
int dx_captions_parse(const char *data, size_t len, dx_cues *out, char **warning);
/* Read and parse a caption file.  0 with cues (and perhaps *warning);
 * negative with *err when the file cannot be read or holds no cue. */
int dx_captions_read(const char *path, dx_cues *out, char **err, char **warning);
/* Append one cue; its text is cleaned of markup (tags, {\..} overrides,
 * entities, ASS \N) and skipped when empty.  0, DX_CUE_CUT when the text
 * was cut at DX_CUE_MAX_TEXT bytes, or negative on no memory. */
int dx_cues_add(dx_cues *c, int64_t start_ms, int64_t end_ms, const char *text, size_t len);
#define DX_CUE_CUT 1
/* Append "; the cue at 00:01:02.500 is over 4 KiB: cut" (or how many
 * were, and the first) to a warning being built; nothing when ncut is 0. */
void dx_cues_cut_note(dx_buf *w, size_t ncut, int64_t first_ms);
/* Sort by start time, keeping the file's order among equal starts. */
void dx_cues_sort(dx_cues *c);
void dx_cues_release(dx_cues *c);

/* ---- catalog.c ---------------------------------------------------------- */

typedef enum {
        DX_KIND_OTHER = 0,
        DX_KIND_VIDEO,
        DX_KIND_AUDIO,
        DX_KIND_SLIDES,
        DX_KIND_CAPTIONS, /* a sidecar .srt or .vtt */
} dx_kind;

const char *dx_kind_name(dx_kind k);
dx_kind dx_kind_of(const char *name);

typedef struct dx_file {
        char *rel; /* path relative to the archive root */
        char *abs; /* path to open */
        dx_kind kind;
        int64_t size, mtime_ns;
        char *lang; /* captions: the language its name or the manifest gives, or NULL */
} dx_file;

typedef struct dx_talk_plan {
        char *slug;
        char *slug_hint; /* the base name a manifest gives, even if the file is missing */
        /* from event.json, NULL or empty where it says nothing */
        char *title, *abstract, *date, *room;
        char **tags;
        size_t ntags;
        dx_speaker *speakers;
        size_t nspeakers;
        int video, slides; /* index into the event's files, -1 for none */
        int *captions;     /* indexes of its caption files */
        size_t ncaptions;
} dx_talk_plan;

typedef struct dx_event_plan {
        char *dir; /* relative to the archive root */
        char *slug, *name, *date, *description;
        char **venues;
        size_t nvenues;
        dx_file *files;
        size_t nfiles;
        dx_talk_plan *talks;
        size_t ntalks;
        char *signature; /* changes whenever the event's inputs change */
} dx_event_plan;

typedef struct dx_catalog {
        char *root;    /* the archive root as given */
        char *display; /* prefix for paths in messages */
        dx_event_plan *events;
        size_t nevents;
        char *real_root;  /* its realpath: events are pruned per root */
        int single_event; /* the folder given was one event, not an archive */
        size_t problems;  /* errors reported while scanning */
} dx_catalog;

/* Walk an archive (or a single event folder) and plan its talks.  Problems
 * with single files or manifests go to note and are counted; a negative
 * return means the folder itself could not be read (*err). */
int dx_catalog_scan(const char *dir, dx_note_fn note, void *ud, dx_catalog *out, char **err);
void dx_catalog_release(dx_catalog *c);
/* Take event i out of the catalog (it will not be written). */
void dx_catalog_drop(dx_catalog *c, size_t i);

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

/* ---- slidetext.c: a deck's page text, compressed whole ---- */

/* The n pages' texts, each ended by a NUL, deflated: *z (free() it),
 * *zlen bytes, for *bytes of text. */
int dx_slidetext_pack(const dx_page *pages, size_t n, void **z, size_t *zlen, size_t *bytes);
/* The pages' texts back, each ended by a NUL: *raw (free() it), *len bytes
 * with the NULs. */
int dx_slidetext_unpack(const void *z, size_t zlen, char **raw, size_t *len);
/* dxslides(z) and dxpage(z, n) in SQL. */
int dx_slidetext_register(struct sqlite3 *db);
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

/* ---- timeline.c, ingest_align.c: slides on the timeline ------------------ */

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
/* Align the talks that need it on jobs threads and store the outcomes. */
int dx_ingest_align(dx_index *idx, int jobs, int force, const dx_ingest_opts *o,
                    dx_ingest_stats *st);

/* How a file's row is brought up to date. */
typedef enum {
        DX_FILE_KEEP,  /* size and mtime unchanged: nothing to do */
        DX_FILE_TOUCH, /* changed on disk, same content: new size and mtime only */
        DX_FILE_MOVED, /* a known file under a new name: its row is renamed */
        DX_FILE_READ,  /* new or changed content: extracted below */
} dx_file_mode;

/* What ingest knows about one file, ready to store. */
typedef struct dx_file_data {
        const dx_file *file;
        dx_file_mode mode;
        char hash[DX_HASH_LEN + 1]; /* content hash, "" when unknown */
        int64_t moved_from;         /* DX_FILE_MOVED: the row's id */
        char *error;                /* why it could not be read, or NULL */
        int has_media;
        dx_media media;
        int has_deck;
        dx_deck deck;
        int has_cues; /* captions read: a sidecar's, or a recording's text subtitles */
        dx_cues cues;
        char *cues_lang; /* the embedded subtitle stream's language, or NULL */
} dx_file_data;

/* The stored state of a file, to decide whether it changed. */
typedef struct dx_file_state {
        int known;
        int64_t size, mtime_ns;
        int had_error;
        char hash[DX_HASH_LEN + 1];
} dx_file_state;

/* A file the index has under this archive root that the archive no
 * longer has at that path: a candidate for a move. */
typedef struct dx_orphan {
        char hash[DX_HASH_LEN + 1];
        int64_t file_id;
} dx_orphan;

/* Hash a file's content (slides, captions): its size and all of it, or its
 * first and last MiB past 64 MiB.  Recordings are hashed by dx_rec_hash(). */
int dx_file_hash(const char *path, char out[DX_HASH_LEN + 1]);

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

/* ---- probe.c: FFmpeg's log goes to a per-thread buffer, never stderr -- */

void dx_av_quiet(void);
/* Is ext (no dot, any case) a recording's: claimed by libavformat's
 * demuxers or muxers of a format the probe accepts, and not an image,
 * subtitle or document?  Asked of libavformat once per process. */
int dx_av_recording_ext(const char *ext);

/* ---- slides.c: opening a PDF ------------------------------------------ */

typedef struct _PopplerDocument PopplerDocument;
/* Open the PDF at path (a file name: made a URI here), or NULL with *err
 * saying why (*encrypted set for a password-protected one). */
PopplerDocument *dx_pdf_open(const char *path, int *encrypted, char **err);

/* ---- png.c ------------------------------------------------------------- */

typedef struct _cairo_surface cairo_surface_t;
/* Write an image surface to path as PNG through a temporary file. */
int dx_png_write(cairo_surface_t *s, const char *path, char **errmsg);

#endif /* DX_INT_H */
