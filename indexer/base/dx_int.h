/*
 * dx_int.h - what every module of the library shares: the growable string
 * buffer, text, path and date helpers, and content hashes.  Each module
 * has a header of its own beside its files (dx_store.h, dx_fts.h,
 * dx_media.h, dx_align_int.h, dx_ingest.h); this one is the base of them.
 */
#ifndef DX_INT_H
#define DX_INT_H

#include "doxsearch.h"
#include "dx_array.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>

/* ---- buf.c: a growable NUL-terminated byte string with a size ceiling --- */

typedef struct dx_buf {
        char *s;
        size_t len, alloc;
        size_t max;    /* 0: DX_BUF_MAX */
        int truncated; /* an append was cut at max */
        int failed;    /* an append ran out of memory: the text lacks it */
} dx_buf;

#define DX_BUF_MAX ((size_t)64 << 20)
#define DX_BUF_INIT                                                                                \
        {                                                                                          \
                NULL, 0, 0, 0, 0, 0                                                                \
        }

int dx_buf_add(dx_buf *b, const char *s, size_t n);
int dx_buf_adds(dx_buf *b, const char *s);
int dx_buf_addc(dx_buf *b, char c);
int dx_buf_addf(dx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dx_buf_vaddf(dx_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hand the string to the caller ("" when empty) and reset the buffer;
 * NULL (the buffer released) when an append ran out of memory, so that
 * text with a part missing is never handed on. */
char *dx_buf_detach(dx_buf *b);
void dx_buf_reset(dx_buf *b);
void dx_buf_release(dx_buf *b);

/* ---- json.c: jansson calls that fail rather than lose data ------------- */

struct json_t;
struct json_error_t;
/* json_loadb(); NULL with *nomem set when memory ran out while parsing
 * (the text may be fine: say so, not that it is bad JSON). */
struct json_t *dx_json_loadb(const char *text, size_t len, size_t flags, struct json_error_t *err,
                             int *nomem);
/* json_dumps(); NULL when j is NULL or memory ran out. */
char *dx_json_dumps(const struct json_t *j, size_t flags);
/* json_array_append_new() of v, which may be NULL (a failed json_string()
 * or json_pack()): 0, or DX_ENOMEM, so that no element goes missing. */
int dx_json_append(struct json_t *a, struct json_t *v);

/* ---- util.c ------------------------------------------------------------ */

/* How many allocations of the library's helpers (these, dx_buf, DX_GROW,
 * jansson's through base/json.c) failed on this thread so far: code that
 * cannot pass every failure up (a walk of many small steps) compares it
 * before and after and fails as a whole. */
size_t dx_alloc_failures(void);
void dx_alloc_failed(void);
/* calloc() and realloc() that count their failures. */
void *dx_calloc(size_t n, size_t size);
void *dx_realloc(void *p, size_t n);
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
/* a/b; NULL when out of memory or either is NULL (not made for want of memory). */
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

#define DX_HASH_LEN 16

/* Hash a file's content (slides, captions): its size and all of it, or its
 * first and last MiB past 64 MiB.  Recordings are hashed by dx_rec_hash(). */
int dx_file_hash(const char *path, char out[DX_HASH_LEN + 1]);

/* ---- names.c: telling names and file names apart ------------------------ */

/* A name folded for comparison: lower case, accents dropped and umlauts
 * and ß spelled out (Müller and Mueller fold alike), runs of anything but
 * letters and digits as one space.  To free(); NULL on no memory. */
char *dx_name_fold(const char *s);
/* Edit distance (insertions, deletions, substitutions, swaps of two
 * neighbours) between a and b, or max + 1 when it is larger than max. */
size_t dx_edit_distance(const char *a, const char *b, size_t max);
/* The same for a[0..n) and b[0..m), which need not end in NUL; no
 * allocation when b is at most DX_EDIT_SHORT bytes. */
#define DX_EDIT_SHORT 64
size_t dx_edit_distance_n(const char *a, size_t n, const char *b, size_t m, size_t max);

#endif /* DX_INT_H */
