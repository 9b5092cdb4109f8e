/*
 * dx_fts.h - what the search module's files share about FTS5: the
 * extension API of a connection and the tokenizer (fts.c), the ranking
 * function (search.c), and where in a talk a match stands (locate.c,
 * snippet.c).
 */
#ifndef DX_FTS_H
#define DX_FTS_H

#include "dx_store.h"

#include <sqlite3.h>

/* ---- fts.c ---- */

/* The connection's FTS5 API, or NULL. */
fts5_api *dx_fts5_api(sqlite3 *db);
/* The same for the index's connection, asked for once. */
fts5_api *dx_index_fts5(dx_index *idx);

/* Run the index's tokenizer (porter over unicode61, remove_diacritics 2)
 * over text, calling cb as FTS5 does for each token; 0 or DX_ERR. */
int dx_fts_tokenize(fts5_api *api, const char *text,
                    int (*cb)(void *, int, const char *, int, int, int), void *ud);

/* ---- search.c ---- */

/* Make dxrank() and dxoffsets() known to the index's connection, once. */
int dx_search_register(dx_index *idx);

/* Whether the tokenizer would find a word in s. */
int dx_has_token(const char *s);

/* ---- locate.c ---- */

/* A match of a query in a talk's talk_fts row: phrase phrase (of size
 * tokens) at token off of column col. */
typedef struct dx_match {
        int phrase, col, off, size;
} dx_match;

/* Make dxoffsets() known to the connection. */
int dx_locate_register(fts5_api *api);

/* The matches of the FTS5 expression match in the talk's row, in column
 * and offset order: *out (free() it) gets *n of them.  0 or an error. */
int dx_matches(dx_index *idx, int64_t talk, const char *match, dx_match **out, int *n);

/* The same for the n talks ids, in one pass over the matches: out[i] and
 * nout[i] for ids[i].  Cheaper than a dx_matches() per talk when the
 * expression has a prefix term, whose terms FTS5 merges again for every
 * query. */
int dx_matches_of(dx_index *idx, const char *match, const int64_t *ids, int n, dx_match **out,
                  int *nout);

/* How many of the matches m are in column col; *first the first of them. */
int dx_matches_in(const dx_match *m, int nm, int col, const dx_match **first);

typedef enum dx_locate_what { DX_LOCATE_PAGES, DX_LOCATE_CUES, DX_LOCATE_CHAPTERS } dx_locate_what;

/* A slide page, caption cue or chapter of a talk that holds matches. */
typedef struct dx_spot {
        int64_t id;        /* a page's number, cues.id or chapters.pos */
        int page;          /* a page's number */
        double start, end; /* a cue's or a chapter's time, in seconds */
        char *text, *lang; /* its text; a cue's language or NULL */
        int base;          /* its first token's offset in its talk_fts column */
        const dx_match *m; /* its matches, nm of them: a run of the talk's */
        int nm, distinct, order;
        int fresh; /* phrases matched outside the deck's boilerplate */
} dx_spot;

/* The talk's pages (or cues, in language lang unless NULL; or chapters)
 * that hold some of its matches m, best first (most of the phrases matched
 * outside lines that repeat on many pages of the deck, then most of the
 * phrases, then most matches, then in order) or in order.  Fills out with at most max;
 * returns how many, or a negative error.  dx_spots_release() them. */
int dx_locate(dx_index *idx, int64_t talk, dx_locate_what what, const char *lang, const dx_match *m,
              int nm, int in_order, dx_spot *out, int max);
void dx_spots_release(dx_spot *s, int n);

/* talk_fts's first columns, the talk's metadata: title, speakers,
 * affil, event, abstract, tags. */
#define DX_META_COLS 6

/* The talk's metadata as talk_fts indexes it, column by column (NULL
 * where there is none; free() each).  0 or an error. */
int dx_talk_meta(dx_index *idx, int64_t talk, char *out[DX_META_COLS]);

/* The words of the talk's text the match m stands on, as written, into
 * *out (NULL when the text has none there); negative on failure. */
int dx_match_text(dx_index *idx, int64_t talk, const dx_match *m, char **out);

/* ---- snippet.c ---- */

/* text (the column's tokens from base on) with the matches m marked by
 * open and close: all of it when ntok <= 0, else the best ntok tokens,
 * chosen as FTS5's snippet() chooses them, with ellipsis where text was
 * left out.  NULL when out of memory. */
char *dx_snippet(fts5_api *api, const char *text, const dx_match *m, int nm, int base, int ntok,
                 const char *open, const char *close, const char *ellipsis);

#endif /* DX_FTS_H */
