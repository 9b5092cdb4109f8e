/*
 * query.c - the query language of the command line, and back.
 *
 * Words are ANDed; OR between two terms ORs them (binding tighter than the
 * implied AND); -word and NOT word exclude; "quoted phrases"; prefix*;
 * field:value and field:"a value" restrict a term to a field; year:,
 * after:, before:, longer:, shorter: and has: filter on the catalogue.
 * Only upper-case OR and NOT are operators, and only between terms.  The
 * parser only splits and classifies: the library quotes every term before
 * FTS5 sees it, so an unbalanced quote, C++, CI/CD or a lone '*' is text.
 * Filter values that make no sense are errors, not text.
 */
#include "query.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Canonical names first: cli_query_format() writes those. */
static const struct {
        const char *name;
        dx_field field;
} fields[] = {
    {"title", DX_FIELD_TITLE},       {"speaker", DX_FIELD_SPEAKERS},
    {"company", DX_FIELD_COMPANY},   {"event", DX_FIELD_EVENT},
    {"abstract", DX_FIELD_ABSTRACT}, {"tag", DX_FIELD_TAGS},
    {"slides", DX_FIELD_SLIDES},     {"speakers", DX_FIELD_SPEAKERS},
    {"by", DX_FIELD_SPEAKERS},       {"tags", DX_FIELD_TAGS},
    {"slide", DX_FIELD_SLIDES},      {"captions", DX_FIELD_CAPTIONS},
    {"caption", DX_FIELD_CAPTIONS},  {"transcript", DX_FIELD_CAPTIONS},
    {"chapter", DX_FIELD_CHAPTERS},  {"chapters", DX_FIELD_CHAPTERS},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

enum { F_YEAR = 1, F_AFTER, F_BEFORE, F_LONGER, F_SHORTER, F_HAS, F_LANG };

static const struct {
        const char *name;
        int id;
} filters[] = {
    {"year", F_YEAR},     {"after", F_AFTER},     {"since", F_AFTER}, {"before", F_BEFORE},
    {"longer", F_LONGER}, {"shorter", F_SHORTER}, {"has", F_HAS},     {"lang", F_LANG},
};

static const struct {
        const char *name;
        unsigned bit;
} has_names[] = {
    {"video", DX_HAS_VIDEO},   {"audio", DX_HAS_AUDIO},       {"recording", DX_HAS_RECORDING},
    {"slides", DX_HAS_SLIDES}, {"captions", DX_HAS_CAPTIONS},
};
#define NHAS (sizeof(has_names) / sizeof(has_names[0]))

/* "name:" at p followed by something: a field (*f) or a filter (*filter).
 * Returns the length of "name:", 0 when p is no such thing. */
static size_t key_at(const char *p, dx_field *f, int *filter)
{
        size_t n = 0;

        while (isalpha((unsigned char)p[n]))
                n++;
        if (!n || p[n] != ':' || !p[n + 1] || isspace((unsigned char)p[n + 1]))
                return 0;
        for (size_t i = 0; i < NFIELDS; i++)
                if (strlen(fields[i].name) == n && strncasecmp(p, fields[i].name, n) == 0) {
                        *f = fields[i].field;
                        return n + 1;
                }
        for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
                if (strlen(filters[i].name) == n && strncasecmp(p, filters[i].name, n) == 0) {
                        *filter = filters[i].id;
                        return n + 1;
                }
        return 0;
}

static int digits(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (!isdigit((unsigned char)s[i]))
                        return 0;
        return 1;
}

/* 1 when s is YYYY, YYYY-MM or YYYY-MM-DD; -1 when it has that form but
 * names no month or day of the (proleptic Gregorian) calendar: 2020-02-29
 * is one, 2021-02-29, 2020-04-31 and 2020-13 are not; 0 otherwise. */
static int valid_date(const char *s, size_t n)
{
        int y, m, d;

        if (!(n == 4 || n == 7 || n == 10) || !digits(s, 4))
                return 0;
        if (n == 4)
                return 1;
        if (s[4] != '-' || !digits(s + 5, 2) || (n == 10 && (s[7] != '-' || !digits(s + 8, 2))))
                return 0;
        y = atoi(s);
        m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
                return -1;
        if (n == 7)
                return 1;
        d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > dx_days_in_month(y, m))
                return -1;
        return 1;
}

/* "30m", "1h", "1h30m", "90s", "1.5h", "45" (minutes) in seconds; -1 if bad. */
static double parse_duration(const char *s, size_t n)
{
        char buf[64], *p, *end;
        double total = 0;

        if (!n || n >= sizeof(buf))
                return -1;
        memcpy(buf, s, n);
        buf[n] = '\0';
        for (p = buf; *p;) {
                double v;

                if (!isdigit((unsigned char)*p) && *p != '.')
                        return -1;
                v = strtod(p, &end);
                if (end == p || !isfinite(v) || v < 0)
                        return -1;
                p = end;
                if (strncasecmp(p, "min", 3) == 0) {
                        total += v * 60;
                        p += 3;
                } else if (*p == 'm' || *p == 'M' || !*p) {
                        total += v * 60;
                        p += *p != '\0';
                } else if (*p == 'h' || *p == 'H') {
                        total += v * 3600;
                        p++;
                } else if (*p == 's' || *p == 'S') {
                        total += v;
                        p++;
                } else {
                        return -1;
                }
        }
        return total > 0 && total < 1e9 ? total : -1;
}

static void set_from(dx_query *q, const char *s, size_t n)
{
        char v[DX_DATE_MAX];

        snprintf(v, sizeof(v), "%.*s", (int)n, s);
        if (strcmp(v, q->from) > 0)
                memcpy(q->from, v, sizeof(v));
}

static void set_until(dx_query *q, const char *s, size_t n)
{
        char v[DX_DATE_MAX];

        snprintf(v, sizeof(v), "%.*s", (int)n, s);
        if (!q->until[0] || strcmp(v, q->until) < 0)
                memcpy(q->until, v, sizeof(v));
}

/* "key:value: why" */
static char *msg(const char *key, size_t kn, const char *v, size_t vn, const char *why)
{
        size_t n = kn + vn + strlen(why) + 3;
        char *m = malloc(n);

        if (m)
                snprintf(m, n, "%.*s%.*s: %s", (int)kn, key, (int)vn, v, why);
        return m;
}

/* Apply filter id with value v[0..n); *err says why not. */
static int apply_filter(dx_query *q, int id, const char *key, size_t kn, const char *v, size_t n,
                        char **err)
{
        double d;

        switch (id) {
        case F_YEAR:
                if (n != 4 || !digits(v, 4))
                        break;
                set_from(q, v, 4);
                {
                        char next[16];
                        snprintf(next, sizeof(next), "%04d", atoi(v) + 1);
                        set_until(q, next, strlen(next));
                }
                return 0;
        case F_AFTER:
        case F_BEFORE:
                switch (valid_date(v, n)) {
                case 0:
                        *err = msg(key, kn, v, n, "a date is YYYY, YYYY-MM or YYYY-MM-DD");
                        return DX_EQUERY;
                case -1:
                        *err = msg(key, kn, v, n, "no such date");
                        return DX_EQUERY;
                }
                if (id == F_AFTER)
                        set_from(q, v, n);
                else
                        set_until(q, v, n);
                return 0;
        case F_LONGER:
        case F_SHORTER:
                if ((d = parse_duration(v, n)) < 0) {
                        *err = msg(key, kn, v, n,
                                   "a length is like 90s, 30m, 1h or 1h30m (plain numbers are "
                                   "minutes)");
                        return DX_EQUERY;
                }
                if (id == F_LONGER && d > q->longer)
                        q->longer = d;
                if (id == F_SHORTER && (q->shorter <= 0 || d < q->shorter))
                        q->shorter = d;
                return 0;
        case F_HAS:
                for (size_t i = 0; i < NHAS; i++)
                        if (strlen(has_names[i].name) == n &&
                            strncasecmp(v, has_names[i].name, n) == 0) {
                                q->has |= has_names[i].bit;
                                return 0;
                        }
                *err = msg(key, kn, v, n, "has: takes video, audio, recording, slides or captions");
                return DX_EQUERY;
        case F_LANG: {
                int ok = n > 0 && n < DX_LANG_MAX;

                for (size_t i = 0; ok && i < n; i++)
                        ok = isalnum((unsigned char)v[i]) || v[i] == '-';
                if (!ok) {
                        *err = msg(key, kn, v, n, "a language is a tag like en, de or pt-BR");
                        return DX_EQUERY;
                }
                memcpy(q->lang, v, n);
                q->lang[n] = '\0';
                return 0;
        }
        }
        *err = msg(key, kn, v, n, "a year is YYYY");
        return DX_EQUERY;
}

/* Whether the word at p is exactly w (followed by space or the end). */
static int word_is(const char *p, const char *w)
{
        size_t n = strlen(w);

        return strncmp(p, w, n) == 0 && (!p[n] || isspace((unsigned char)p[n]));
}

/* Whether another term follows p (after white space). */
static int more_after(const char *p)
{
        while (isspace((unsigned char)*p))
                p++;
        return *p != '\0';
}

/* A term, and the OR group it is in (the index of the group's first
 * term, or NO_GROUP). */
typedef struct term_at {
        const dx_term *t;
        size_t group;
} term_at;

#define NO_GROUP ((size_t)-1)

/* Whether x and y are the same search, ASCII case aside. */
static int cmp_search(const term_at *x, const term_at *y)
{
        int c = strcasecmp(x->t->text, y->t->text);

        if (!c)
                c = (int)x->t->field - (int)y->t->field;
        if (!c)
                c = x->t->prefix - y->t->prefix;
        if (!c)
                c = x->t->negate - y->t->negate;
        if (!c)
                c = x->group < y->group ? -1 : x->group > y->group;
        return c;
}

/* The same searches next to each other, each in the order typed. */
static int cmp_terms(const void *a, const void *b)
{
        const term_at *x = a, *y = b;
        int c = cmp_search(x, y);

        return c ? c : x->t < y->t ? -1 : x->t > y->t;
}

/* Whether term k is a plain word of field f: no prefix, negation,
 * quotes or OR. */
static int plain(const dx_query *q, size_t k, dx_field f)
{
        const dx_term *t = &q->terms[k];

        return !t->negate && !t->prefix && !t->quoted && !t->or_next &&
               !(k > 0 && q->terms[k - 1].or_next) && t->field == f;
}

/* Whether term i is a word of a run typed side by side: a plain word
 * beside another plain word that is not the same. */
static int in_run(const dx_query *q, size_t i)
{
        const dx_term *t = &q->terms[i];

        if (!plain(q, i, t->field))
                return 0;
        if (i > 0 && plain(q, i - 1, t->field) && strcasecmp(q->terms[i - 1].text, t->text))
                return 1;
        return i + 1 < q->nterms && plain(q, i + 1, t->field) &&
               strcasecmp(q->terms[i + 1].text, t->text);
}

/* Drop every term that repeats an earlier one outside OR groups, or
 * within its OR group ("delivery delivery" is "delivery", "a OR a" is
 * "a"), in n log n: a query of 5,000 words parses in no time.  But a
 * word typed again inside a run of other words stays, while the query
 * keeps within CLI_QUERY_MAX_TERMS terms: the run is what was typed
 * ("WIP limits WIP limits" is four words side by side on a slide, and
 * dropping the second "WIP" would make "limits limits" neighbours).  The
 * number of terms dropped, or DX_ENOMEM. */
static int drop_repeats(dx_query *q)
{
        term_at *v = malloc((q->nterms + 1) * sizeof(*v));
        char *drop = calloc(q->nterms + 1, 1);
        size_t w = 0;
        int n = 0;

        if (!v || !drop) {
                free(v);
                free(drop);
                return DX_ENOMEM;
        }
        for (size_t i = 0; i < q->nterms; i++) {
                v[i].t = &q->terms[i];
                if (i && q->terms[i - 1].or_next)
                        v[i].group = v[i - 1].group;
                else
                        v[i].group = q->terms[i].or_next ? i : NO_GROUP;
        }
        qsort(v, q->nterms, sizeof(*v), cmp_terms);
        for (size_t k = 1; k < q->nterms; k++)
                drop[v[k].t - q->terms] = cmp_search(&v[k - 1], &v[k]) == 0;
        if (q->nterms <= CLI_QUERY_MAX_TERMS)
                for (size_t i = 0; i < q->nterms; i++)
                        if (drop[i] && in_run(q, i))
                                drop[i] = 0;
        for (size_t i = 0; i < q->nterms; i++) {
                if (!drop[i]) {
                        q->terms[w++] = q->terms[i];
                        continue;
                }
                /* the last of its OR group: the one before ends it now (a
                 * group's first term is never dropped) */
                if (i && q->terms[i - 1].or_next && !q->terms[i].or_next)
                        q->terms[w - 1].or_next = 0;
                free(q->terms[i].text);
                n++;
        }
        q->nterms = w;
        free(v);
        free(drop);
        return n;
}

/* DX_EQUERY with *err when q has too many terms, words or too much text. */
static int check_size(const dx_query *q, char **err)
{
        char m[80];
        size_t bytes = 0, words = 0;

        for (size_t i = 0; i < q->nterms; i++) {
                bytes += strlen(q->terms[i].text);
                words += dx_term_words(q->terms[i].text);
        }
        if (q->nterms > CLI_QUERY_MAX_TERMS)
                snprintf(m, sizeof(m), "query has %zu different terms; at most %d are allowed",
                         q->nterms, CLI_QUERY_MAX_TERMS);
        else if (bytes > CLI_QUERY_MAX_BYTES)
                snprintf(m, sizeof(m), "query has %zu bytes of terms; at most %d are allowed",
                         bytes, CLI_QUERY_MAX_BYTES);
        else if (words > CLI_QUERY_MAX_WORDS)
                snprintf(m, sizeof(m), "query has %zu words; at most %d are allowed", words,
                         CLI_QUERY_MAX_WORDS);
        else
                return 0;
        *err = strdup(m);
        return DX_EQUERY;
}

int cli_query_parse(char *const *words, int n, dx_query *q, char **err)
{
        size_t len = 0;
        char *text, *p;
        int rc = 0, negate = 0, or_pending = 0;

        memset(q, 0, sizeof(*q));
        *err = NULL;
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
        /* bytes that are not UTF-8 (a Latin-1 terminal) are read as Latin-1,
         * as file names are: M\xfcller finds Müller */
        p = dx_utf8_display(text);
        free(text);
        if (!(text = p))
                return DX_ENOMEM;
        while (*p && !rc) {
                dx_field f = DX_FIELD_ANY;
                const char *start, *key;
                size_t klen;
                int prefix = 0, quoted = 0, filter = 0;

                while (isspace((unsigned char)*p))
                        p++;
                if (!*p)
                        break;
                /* operators: only between terms, else they are words */
                if (!negate && word_is(p, "OR") && q->nterms && !q->terms[q->nterms - 1].negate &&
                    more_after(p + 2)) {
                        or_pending = 1;
                        p += 2;
                        continue;
                }
                if (!negate && word_is(p, "NOT") && more_after(p + 3)) {
                        negate = 1;
                        p += 3;
                        continue;
                }
                if (*p == '-' && p[1] && p[1] != '-' && !isspace((unsigned char)p[1])) {
                        negate = 1;
                        p++;
                }
                key = p;
                klen = key_at(p, &f, &filter);
                p += klen;
                if (*p == '"') {
                        start = ++p;
                        while (*p && *p != '"')
                                p++;
                        len = (size_t)(p - start);
                        if (*p == '"')
                                p++;
                        quoted = 1;
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
                if (filter) {
                        if (negate) {
                                *err = msg(key, klen, start, len, "a filter cannot be excluded");
                                rc = DX_EQUERY;
                        } else {
                                rc = apply_filter(q, filter, key, klen, start, len, err);
                        }
                        or_pending = 0;
                        continue;
                }
                if (len) {
                        rc = dx_query_add(q, start, len, f, prefix);
                        if (!rc) {
                                dx_term *t = &q->terms[q->nterms - 1];

                                t->quoted = quoted;
                                t->negate = negate;
                                if (or_pending && !negate && q->nterms > 1)
                                        q->terms[q->nterms - 2].or_next = 1;
                        }
                }
                negate = or_pending = 0;
        }
        free(text);
        /* twice when "a OR a" became a term of its own: "a a OR a" */
        if (!rc)
                while ((rc = drop_repeats(q)) > 0)
                        ;
        if (!rc)
                rc = check_size(q, err);
        if (rc && !*err && rc != DX_ENOMEM)
                *err = strdup("bad query");
        if (rc)
                dx_query_release(q);
        return rc;
}

static void format_len(FILE *f, const char *key, double s)
{
        long v = lround(s);

        if (v % 3600 == 0)
                fprintf(f, " %s:%ldh", key, v / 3600);
        else if (v % 60 == 0)
                fprintf(f, " %s:%ldm", key, v / 60);
        else
                fprintf(f, " %s:%lds", key, v);
}

char *cli_query_format(const dx_query *q)
{
        char *s = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&s, &n);

        if (!f)
                return NULL;
        for (size_t i = 0; i < q->nterms; i++) {
                const dx_term *t = &q->terms[i];

                fputc(' ', f);
                if (t->negate)
                        fputc('-', f);
                for (size_t j = 0; t->field != DX_FIELD_ANY && j < NFIELDS; j++)
                        if (fields[j].field == t->field) {
                                fprintf(f, "%s:", fields[j].name);
                                break;
                        }
                if (t->quoted || strpbrk(t->text, " \t\n"))
                        fprintf(f, "\"%s\"", t->text);
                else
                        fputs(t->text, f);
                if (t->prefix)
                        fputc('*', f);
                if (t->or_next && i + 1 < q->nterms)
                        fputs(" OR", f);
        }
        if (q->from[0] && q->until[0] && strlen(q->from) == 4 && strlen(q->until) == 4 &&
            atoi(q->until) == atoi(q->from) + 1) {
                fprintf(f, " year:%s", q->from);
        } else {
                if (q->from[0])
                        fprintf(f, " after:%s", q->from);
                if (q->until[0])
                        fprintf(f, " before:%s", q->until);
        }
        if (q->longer > 0)
                format_len(f, "longer", q->longer);
        if (q->shorter > 0)
                format_len(f, "shorter", q->shorter);
        for (size_t i = 0; i < NHAS; i++)
                if (q->has & has_names[i].bit)
                        fprintf(f, " has:%s", has_names[i].name);
        if (q->lang[0])
                fprintf(f, " lang:%s", q->lang);
        if (fclose(f) != 0 || !s) {
                free(s);
                return NULL;
        }
        if (*s == ' ')
                memmove(s, s + 1, strlen(s));
        return s;
}
