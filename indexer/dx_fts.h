/*
 * dx_fts.h - what search.c and suggest.c share about FTS5: the extension
 * API of a connection (for the ranking function and the tokenizer), and
 * how a query becomes FTS5 strings.
 */
#ifndef DX_FTS_H
#define DX_FTS_H

#include "dx_int.h"

#include <sqlite3.h>

/* The connection's FTS5 API, or NULL. */
fts5_api *dx_fts5_api(sqlite3 *db);

/* Run the index's tokenizer (porter over unicode61, remove_diacritics 2)
 * over text, calling cb as FTS5 does for each token; 0 or DX_ERR. */
int dx_fts_tokenize(fts5_api *api, const char *text,
                    int (*cb)(void *, int, const char *, int, int, int), void *ud);

/* Whether the tokenizer would find a word in s. */
int dx_has_token(const char *s);

#endif /* DX_FTS_H */
