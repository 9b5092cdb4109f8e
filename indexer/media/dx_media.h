/*
 * dx_media.h - reading the files of an archive: recordings (probe.c,
 * FFmpeg), decks (slides.c, poppler, read in the jail of jail.c), caption
 * files (captions.c), and PNG output for thumbnails and posters (png.c).
 */
#ifndef DX_MEDIA_H
#define DX_MEDIA_H

#include "dx_int.h"

struct dx_cues;

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
        int cached;    /* the index has its text: 1, the writer fills it in; 2, it did */
} dx_page_ocr;

typedef struct dx_deck {
        dx_docinfo info;
        dx_page *pages;
        size_t npages;
        size_t text_bytes;
        /* The first page's lines, "size\ttext\n" each (the largest font
         * size in the line, in points), at most a few KiB; NULL when it has
         * no text.  What the title and speakers are read from when the
         * document info says nothing meaningful (ingest/meta.c). */
        char *title_page;
        dx_page_ocr *ocr; /* the pages read by OCR, in page order */
        size_t nocr;
} dx_deck;

/* How a deck's pages without a text layer are read (slides.c, ocr/). */
typedef struct dx_ocr_opts {
        dx_ocr_mode mode;
        char lang[64];
        /* hashes the index has OCR text for, sorted.  The jail's children
         * read them at this address: they must be there when the jail
         * starts (its children are forks) and not change while it runs */
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
typedef struct _PopplerPage PopplerPage;
/* A page drawn on white into a new w x h RGB24 surface, scaled by sx and
 * sy from points (thumbs.c; thumbnails, the aligner's pages and OCR all
 * draw pages this way).  NULL when it cannot be, with cairo's status in
 * *why (CAIRO_STATUS_NO_MEMORY, ...). */
cairo_surface_t *dx_page_draw(PopplerPage *page, int w, int h, double sx, double sy, int *why);
/* Write an image surface to path as PNG through a temporary file. */
int dx_png_write(cairo_surface_t *s, const char *path, char **errmsg);

#endif /* DX_MEDIA_H */
