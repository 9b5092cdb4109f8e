/*
 * dx_ingest.h - what an ingest plans and reads: the archive's events, talks
 * and files as the catalog walk finds them (catalog.c), each file's
 * extracted data ready for the store to write, and the alignment pass
 * (ingest_align.c).
 */
#ifndef DX_INGEST_H
#define DX_INGEST_H

#include "dx_int.h"
#include "dx_media.h"

#include <pthread.h>

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
        /* how video and slides were put together: "manifest", "name",
         * "content" (pair.c), NULL for a talk of one file */
        const char *paired_by;
        double pair_confidence; /* "content": the matcher's */
        double length;          /* the manifest's schedule length, seconds; 0: none */
        int manifest;           /* the talk is one of the manifest's */
} dx_talk_plan;

/* Something the archivist should fix that walking or pairing found (a
 * report kind, see dx_problem), kept with its event in the index. */
typedef struct dx_plan_note {
        const char *kind;
        int talk;   /* index into the event's talks, -1 for none */
        char *file; /* relative to the archive root, or NULL */
        char *message, *suggestion;
} dx_plan_note;

typedef struct dx_event_plan {
        char *dir; /* relative to the archive root */
        char *slug, *name, *date, *description;
        const char *date_src; /* "manifest", "file-name" (the folder's), NULL */
        char **venues;
        size_t nvenues;
        dx_file *files;
        size_t nfiles;
        dx_talk_plan *talks;
        size_t ntalks;
        char *signature; /* changes whenever the event's inputs change */
        dx_plan_note *notes;
        size_t nnotes;
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

/* An alignment done already (pairing by content compares whole
 * recordings): what it found for these contents need not be found again. */
typedef struct dx_align_known {
        char video_hash[DX_HASH_LEN + 1], slides_hash[DX_HASH_LEN + 1];
        dx_align_result result;
        int taken;
} dx_align_known;

/* Worker threads of the ingest's parallel steps (alignment, slides read
 * from recordings): how many for jobs wanted and njobs to do (1 to
 * DX_MAX_WORKERS), and started: the count that did start. */
#define DX_MAX_WORKERS 64
int dx_workers_count(int jobs, size_t njobs);
int dx_workers_start(pthread_t *th, int n, void *(*fn)(void *), void *arg);

/* Align the talks that need it on jobs threads and store the outcomes;
 * a talk whose recording and deck are among the n known takes that
 * result instead. */
int dx_ingest_align(dx_index *idx, int jobs, int force, const dx_ingest_opts *o,
                    dx_ingest_stats *st, dx_align_known *known, size_t nknown);

/* Read the slides of the talks with a recording and no deck that need it
 * from their recordings, in children of *jail (started here when it is
 * NULL and this process has one thread), on jobs threads, and store
 * them; nothing with --ocr never (the caller skips it with --no-align,
 * as it does alignment: both read recordings frame by frame). */
struct dx_jail;
int dx_ingest_recslides(dx_index *idx, struct dx_jail **jail, int jobs, int force,
                        const dx_ingest_opts *o, dx_ingest_stats *st);

/* Add a note to an event (message and suggestion are copied). */
int dx_plan_note_add(dx_event_plan *ev, const char *kind, int talk, const char *file,
                     const char *message, const char *suggestion);

/* ---- meta.c: what the files say of a talk ------------------------------- */

/* 1 when a title from a deck's document info or a recording's tags says
 * something: not a presentation program's placeholder ("PowerPoint
 * Presentation", "Slide 1", "untitled"), not a file name, not file_rel's
 * base name (file_rel may be NULL). */
int dx_meta_title_ok(const char *title, const char *file_rel);
/* 1 when an author field names a person: not "Microsoft Office User",
 * "admin", a login name or an address. */
int dx_meta_person_ok(const char *name);
/* The date (YYYY, YYYY-MM or YYYY-MM-DD) a tag's value starts with, NULL
 * for none or an unset clock's (1970-01-01, 1904-01-01). */
char *dx_meta_date(const char *v);
/* The day in a file's name: 8 digits (GMT20240312-183012,
 * IMG_20240312_183012) or YYYY-MM-DD (or _ or .); NULL when none. */
char *dx_meta_name_date(const char *rel);
/* Read a title page's lines (dx_deck.title_page): *title is its largest
 * text when that stands out, speakers the names it shows with "by" or
 * followed by a role or company.  Fills nothing it is unsure of; DX_ENOMEM,
 * with nothing filled, when memory ran out on the way. */
int dx_meta_title_page(const char *lines, char **title, dx_speaker **speakers, size_t *n);

/* ---- pair.c: recordings paired with the decks they show ----------------- */

/* Pair the event's recordings that neither manifest nor name paired with
 * the decks nothing paired, by what the recordings show (dx_align()):
 * a clear match merges the two talks (paired_by "content", told through
 * note as DX_NOTE_NOTICE); an ambiguous or absent one leaves them, with a
 * note on the event for the report.  fds are the event's files as read. */
int dx_pair_by_content(dx_event_plan *ev, const dx_file_data *fds, const char *root, int threads,
                       dx_note_fn note, void *ud, dx_align_known **known, size_t *nknown);

#endif /* DX_INGEST_H */
