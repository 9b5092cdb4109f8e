/*
 * query.h - turning what a person typed into a dx_query.
 */
#ifndef DX_QUERY_H
#define DX_QUERY_H

#include "doxsearch.h"

/* Parse the query words (joined with spaces).  Never fails on odd input:
 * anything that is not syntax is text.  Returns 0 or DX_ENOMEM. */
int cli_query_parse(char *const *words, int n, dx_query *q);

#endif
