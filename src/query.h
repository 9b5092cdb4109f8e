/*
 * query.h - turning what a person typed into a dx_query, and back.
 */
#ifndef DX_QUERY_H
#define DX_QUERY_H

#include "doxsearch.h"

/* The most terms a query may have, once a term typed again is dropped,
 * the most bytes of text they may have in all, and the most words (a
 * phrase of 1,000 words is one term, and FTS5 reads a word's positions
 * once for each time a phrase has it: "a a a ... a" of 1,000 words took
 * 110 s and 3 GB against captions of 3 million a's).  A pasted paragraph
 * has fewer terms; src/export/site/search.js has the same numbers. */
#define CLI_QUERY_MAX_TERMS 64
#define CLI_QUERY_MAX_BYTES 2048
#define CLI_QUERY_MAX_WORDS 64

/* Parse the query words (joined with spaces).  Odd text is never an
 * error (anything that is not syntax is text), but a filter with a bad
 * value is, and so is a query of more than CLI_QUERY_MAX_TERMS terms,
 * CLI_QUERY_MAX_WORDS words or CLI_QUERY_MAX_BYTES bytes of terms:
 * DX_EQUERY with *err, a message to free().  A term typed again (same
 * words, ASCII case aside, field, prefix and sign, neither in an OR
 * group) is dropped: it would not change what is found, only the ranking
 * and the time.  Bytes that are not UTF-8 are read as Latin-1.  0 or
 * DX_ENOMEM otherwise. */
int cli_query_parse(char *const *words, int n, dx_query *q, char **err);

/* The query written back in the query language (for "did you mean"); a
 * string to free(), or NULL when out of memory. */
char *cli_query_format(const dx_query *q);

#endif
