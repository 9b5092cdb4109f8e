/*
 * query.c - the query language of the command line: words, "quoted
 * phrases", prefix*, and field:value filters with quoted values.  The
 * parser only splits; the library quotes every term before FTS5 sees it,
 * so an unbalanced quote, C++, CI/CD or a lone '*' is text, not syntax.
 */
#include "query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
        const char *name;
        dx_field field;
} fields[] = {
    {"title", DX_FIELD_TITLE},       {"speaker", DX_FIELD_SPEAKERS},
    {"speakers", DX_FIELD_SPEAKERS}, {"by", DX_FIELD_SPEAKERS},
    {"company", DX_FIELD_COMPANY},   {"event", DX_FIELD_EVENT},
    {"abstract", DX_FIELD_ABSTRACT}, {"tag", DX_FIELD_TAGS},
    {"tags", DX_FIELD_TAGS},         {"slides", DX_FIELD_SLIDES},
    {"slide", DX_FIELD_SLIDES},
};

/* "name:" at p (followed by something) is a field; returns its length. */
static size_t field_at(const char *p, dx_field *f)
{
        size_t n = 0;

        while (isalpha((unsigned char)p[n]))
                n++;
        if (!n || p[n] != ':' || !p[n + 1] || isspace((unsigned char)p[n + 1]))
                return 0;
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
                if (strlen(fields[i].name) == n && strncasecmp(p, fields[i].name, n) == 0) {
                        *f = fields[i].field;
                        return n + 1;
                }
        return 0;
}

int cli_query_parse(char *const *words, int n, dx_query *q)
{
        size_t len = 0;
        char *text, *p;
        int rc = 0;

        memset(q, 0, sizeof(*q));
        for (int i = 0; i < n; i++)
                len += strlen(words[i]) + 1;
        text = calloc(len + 1, 1);
        if (!text)
                return DX_ENOMEM;
        p = text;
        for (int i = 0; i < n; i++) {
                size_t wl = strlen(words[i]);

                if (i)
                        *p++ = ' ';
                memcpy(p, words[i], wl);
                p += wl;
        }

        p = text;
        while (*p && !rc) {
                dx_field f = DX_FIELD_ANY;
                const char *start;
                size_t flen;
                int prefix = 0;

                while (isspace((unsigned char)*p))
                        p++;
                if (!*p)
                        break;
                flen = field_at(p, &f);
                p += flen;
                if (*p == '"') {
                        start = ++p;
                        while (*p && *p != '"')
                                p++;
                        len = (size_t)(p - start);
                        if (*p == '"')
                                p++;
                        if (*p == '*') {
                                prefix = 1;
                                while (*p == '*')
                                        p++;
                        }
                } else {
                        start = p;
                        while (*p && !isspace((unsigned char)*p))
                                p++;
                        len = (size_t)(p - start);
                        while (len && start[len - 1] == '*') {
                                prefix = 1;
                                len--;
                        }
                }
                if (len)
                        rc = dx_query_add(q, start, len, f, prefix);
        }
        free(text);
        if (rc)
                dx_query_release(q);
        return rc;
}
