/*
 * dx_ocr.h - the OCR module's private interface: reading the words of a
 * slide page that has no usable text layer from its pixels, with
 * Tesseract's C API, in the process that reads the deck (the jail's
 * child, see jail.c and slides.c).
 */
#ifndef DX_OCR_H
#define DX_OCR_H

#include "dx_media.h"

/* The resolution pages are rendered at for OCR: the one with the most
 * words read per second on ../shared/decks (README, "OCR"). */
#define DX_OCR_DPI 100
/* A page is rendered at most this many pixels (memory: one byte each),
 * at a lower resolution if it is that big. */
#define DX_OCR_MAX_PIXELS ((size_t)16 << 20)
/* A page whose text layer has fewer letters and digits than this is read
 * by OCR in the auto mode ("empty or nearly so": page numbers, a logo). */
#define DX_OCR_MIN_LAYER_CHARS 8
/* Words Tesseract is less sure of than this (0-100) are left out. */
#define DX_OCR_MIN_WORD_CONF 50.0f
/* Bounds per deck: pages read by OCR, seconds spent on OCR in all, and
 * seconds one page may take before it is cut off. */
#define DX_OCR_MAX_PAGES    300
#define DX_OCR_DECK_SECONDS 300.0
#define DX_OCR_PAGE_SECONDS 60.0
/* Tesseract stops a page past this much processor time and keeps the
 * words it read (the page's wall-clock limit above is the jail's, for a
 * page that hangs: a busy machine must not cut pages off). */
#define DX_OCR_PAGE_CPU_SECONDS 15.0
#define DX_OCR_LANG_MAX         64

typedef struct dx_ocr dx_ocr;

/* What OCR made of one page. */
typedef struct dx_ocr_text {
        char *text;     /* the words kept, a line of the page per line */
        double conf;    /* mean confidence of the words kept, 0-100; -1: no word */
        size_t words;   /* words kept */
        size_t dropped; /* words left out for low confidence */
        int partial;    /* Tesseract stopped at DX_OCR_PAGE_CPU_SECONDS */
} dx_ocr_text;

/* Start an engine for lang ("eng", "deu+eng"): 0, or negative with *err
 * (to free()) saying why, such as a language that is not installed. */
int dx_ocr_open(dx_ocr **out, const char *lang, char **err);
/* End the engine and set *ocr to NULL; takes NULL. */
void dx_ocr_close(dx_ocr **ocr);
/* The language the engine was opened for. */
const char *dx_ocr_lang(const dx_ocr *ocr);
/* Read an 8-bit grey image (w x h, stride bytes a row) scanned at dpi. */
int dx_ocr_read(dx_ocr *ocr, const unsigned char *grey, int w, int h, int stride, int dpi,
                dx_ocr_text *out);
void dx_ocr_text_release(dx_ocr_text *t);
/* 0 when each of lang's languages has its file in Tesseract's folder;
 * else *err (to free()) says which does not, and what is there. */
int dx_ocr_lang_installed(const char *lang, char **err);
/* Is lang a valid language argument (letters, digits, '_', '-', '+')? */
int dx_ocr_lang_ok(const char *lang);

/* ---- raster.c: pages as grey pixels ----------------------------------- */

typedef struct dx_grey {
        unsigned char *px; /* w x h, stride bytes a row */
        int w, h, stride, dpi;
} dx_grey;

typedef struct _PopplerPage PopplerPage;
/* Render a page on white at dpi (lower when it would exceed
 * DX_OCR_MAX_PIXELS) as 8-bit grey. */
int dx_grey_render(PopplerPage *page, int dpi, dx_grey *out);
void dx_grey_release(dx_grey *g);
/* A page's content hash for the OCR cache: its pixels, their size and
 * resolution, and what reads them (the language, the engine). */
uint64_t dx_grey_hash(const dx_grey *g, const char *lang);

/* ---- known.c: hashes the index has OCR text for ------------------------ */

typedef struct dx_ocr_known {
        uint64_t *v; /* sorted */
        size_t n;
} dx_ocr_known;

int dx_ocr_known_has(const dx_ocr_known *k, uint64_t h);
void dx_ocr_known_release(dx_ocr_known *k);
/* A hash as the index stores it: 16 lower-case hex digits. */
void dx_ocr_hash_hex(uint64_t h, char out[17]);
int dx_ocr_hash_parse(const char *s, uint64_t *h);

/* ---- deck.c: the OCR of a deck's pages, in the process that reads it -- */

/* Pages a reading of a deck may lose to OCR cut-offs before the rest of
 * the deck is read without OCR. */
#define DX_OCR_MAX_CUT 4

typedef struct dx_ocr_run {
        const dx_ocr_opts *o;
        dx_ocr **engine;     /* started at the first page that needs it */
        const int32_t *skip; /* pages cut off before: not read again */
        size_t nskip;
        double page_seconds; /* a page's OCR limit (the jail's alarm) */
        /* Rendering a page is reading the PDF (a drawing bomb is the
         * PDF's, not OCR's): it has what reading has left of its time,
         * set before each page, and is not counted in seconds below.
         * Once rendered, begin(ud, no) says the page's OCR begins. */
        double read_left;
        int (*begin)(void *ud, int no);
        void *ud;
        size_t max_pages; /* the caps per deck */
        double max_seconds;
        size_t pages, cached; /* read by OCR; of them, known to the index */
        double seconds;       /* spent on OCR */
        int capped_at;        /* the first page the caps left unread, 0 for none */
        int capped_by_time;
        size_t failed; /* pages Tesseract gave up on or stopped in */
        int first_failed;
        char *error; /* why there is no engine */
} dx_ocr_run;

/* A run for a deck: the caps are DX_OCR_MAX_PAGES, DX_OCR_DECK_SECONDS
 * and dx_ocr_page_seconds(), unless DOXSEARCH_OCR_MAX_PAGES or
 * DOXSEARCH_OCR_DECK_SECONDS say otherwise. */
void dx_ocr_run_init(dx_ocr_run *r, const dx_ocr_opts *o, dx_ocr **engine, const int32_t *skip,
                     size_t nskip);
/* A page's OCR time limit: DX_OCR_PAGE_SECONDS, or
 * DOXSEARCH_OCR_PAGE_SECONDS. */
double dx_ocr_page_seconds(void);
/* Should page no, whose text layer is layer, be read by OCR? */
int dx_ocr_due(const dx_ocr_run *r, int no, const char *layer);
/* Read page no by OCR into *info, and its text into *text (replacing or,
 * with a text layer, extending it); a page the index knows is only
 * hashed (info->cached).  0 also when the caps or a missing engine leave
 * it unread (*done 0); negative on no memory. */
int dx_ocr_page(dx_ocr_run *r, PopplerPage *page, int no, char **text, dx_page_ocr *info,
                int *done);
/* What a person should know of the run (caps, no engine), or NULL. */
char *dx_ocr_run_note(const dx_ocr_run *r);
void dx_ocr_run_release(dx_ocr_run *r);

#endif /* DX_OCR_H */
