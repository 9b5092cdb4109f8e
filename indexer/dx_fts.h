/*
 * dx_fts.h - what search.c, locate.c and suggest.c share about FTS5: the
 * extension API of a connection (for the ranking function and the
 * tokenizer), and where in a talk a match stands.
 */
#ifndef DX_FTS_H
#define DX_FTS_H

#include "dx_int.h"

#include <sqlite3.h>

/* The connection's FTS5 API, or NULL. */
fts5_api *dx_fts5_api(sqlite3 *db);
/* The same for the index's connection, asked for once. */
fts5_api *dx_index_fts5(dx_index *idx);

/* Run the index's tokenizer (porter over unicode61, remove_diacritics 2)
 * over text, calling cb as FTS5 does for each token; 0 or DX_ERR. */
int dx_fts_tokenize(fts5_api *api, const char *text,
                    int (*cb)(void *, int, const char *, int, int, int), void *ud);

/* Whether the tokenizer would find a word in s. */
int dx_has_token(const char *s);

/* ---- locate.c ---- */

typedef enum dx_locate_what { DX_LOCATE_PAGES, DX_LOCATE_CUES } dx_locate_what;

/* Make dxoffsets() known to the connection. */
int dx_locate_register(fts5_api *api);
/* The ids of the talk's pages (or cues, in language lang unless NULL)
 * that hold a match of the FTS5 expression match, best first: most of
 * its phrases, then most matches, then in order.  Returns how many (at
 * most max), or a negative error. */
int dx_locate(dx_index *idx, int64_t talk, dx_locate_what what, const char *match, const char *lang,
              int64_t *ids, int max);

#endif /* DX_FTS_H */
