/*
 * query.h - turning what a person typed into a dx_query, and back.
 */
#ifndef DX_QUERY_H
#define DX_QUERY_H

#include "doxsearch.h"

/* Parse the query words (joined with spaces).  Odd text is never an
 * error (anything that is not syntax is text), but a filter with a bad
 * value is: DX_EQUERY with *err, a message to free().  0 or DX_ENOMEM
 * otherwise. */
int cli_query_parse(char *const *words, int n, dx_query *q, char **err);

/* The query written back in the query language (for "did you mean"); a
 * string to free(), or NULL when out of memory. */
char *cli_query_format(const dx_query *q);

#endif
