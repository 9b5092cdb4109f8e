/*
 * export.h - the index as files for other programs: one JSON document of
 * events and talks for a site generator, and one document per line for
 * search engines (NDJSON for Meilisearch, Typesense and jq; the _bulk form
 * of Elasticsearch and OpenSearch).
 */
#ifndef DX_EXPORT_H
#define DX_EXPORT_H

#include "doxsearch.h"

#include <stdio.h>

typedef enum { EXPORT_JSON, EXPORT_NDJSON, EXPORT_ES_BULK } export_format;

/* The most words a search-engine document may hold in one attribute
 * (Meilisearch indexes no further; it is also Typesense's comfort zone). */
#define EXPORT_MAX_WORDS 65535

typedef struct export_opts {
        export_format format;
        int per_page;      /* ndjson, es-bulk: one document per slide page */
        const char *index; /* es-bulk: the index named in each action line */
} export_opts;

typedef struct export_stats {
        size_t events, talks, documents, pages;
        size_t truncated; /* documents whose text was cut at EXPORT_MAX_WORDS */
} export_stats;

/* Write every talk of the index to f in the format o asks for.  The bytes
 * depend only on what the index holds: fixed key order, events newest
 * first, no timestamps.  0 or negative; then *errmsg (to free()) says why. */
int export_write(dx_index *idx, FILE *f, const export_opts *o, export_stats *st, char **errmsg);

/* Set *errmsg (to free()) to the message unless one is set already, and
 * return DX_ERR: the first failure is the one worth telling. */
int export_fail(char **errmsg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The format named s ("json", "ndjson", "es-bulk"); -1 if none. */
int export_format_parse(const char *s);

/* Whether s is a search-engine document id: 1 to 512 bytes of
 * [A-Za-z0-9_-]. */
int export_id_ok(const char *s);

/* Whether s may name an Elasticsearch index: lower case [a-z0-9._-], not
 * starting with '-', '_' or '.', at most 255 bytes. */
int export_index_name_ok(const char *s);

#endif /* DX_EXPORT_H */
