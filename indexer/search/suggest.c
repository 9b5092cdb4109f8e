/*
 * suggest.c - spelling help for queries.  Each word of a query goes
 * through the index's own tokenizer (porter over unicode61), so it is
 * compared with what talk_vocab holds: stems, lower case, no accents.  A
 * stem in no talk is replaced by the closest stem by Damerau-Levenshtein
 * distance (optimal string alignment, bounded by the word's length), the
 * one in most talks winning ties.  Only stems sharing the word's first
 * letters are read, a range of the vocabulary and not all of it: first
 * those sharing three letters, and one of them a letter away is taken (a
 * stem sharing only two letters cannot be closer, though it may be in
 * more talks); else those sharing two letters, then one.  So a typo in the
 * first letter is not corrected.  A stem is no word ("deploi"), so the
 * suggestion shows how the stem first appears in the talks' text.
 */
#include "dx_fts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORD   64
#define MAX_TOKENS 32

typedef struct token {
        char stem[MAX_WORD];
        int start, end; /* bytes of the term's text */
} token;

typedef struct tokens {
        token v[MAX_TOKENS];
        int n;
} tokens;

static int collect(void *ud, int flags, const char *tok, int n, int start, int end)
{
        tokens *t = ud;

        if ((flags & FTS5_TOKEN_COLOCATED) || t->n >= MAX_TOKENS || n <= 0 || n >= MAX_WORD)
                return SQLITE_OK;
        memcpy(t->v[t->n].stem, tok, (size_t)n);
        t->v[t->n].stem[n] = '\0';
        t->v[t->n].start = start;
        t->v[t->n].end = end;
        t->n++;
        return SQLITE_OK;
}

/* The talk_fts tokenizer over text. */
static int tokenize(fts5_api *api, const char *text, tokens *out)
{
        out->n = 0;
        return dx_fts_tokenize(api, text, collect, out);
}

/* Optimal string alignment distance of a and b, or max + 1 when it is
 * more than max. */
static int distance(const char *a, size_t na, const char *b, size_t nb, int max)
{
        int rows[3][MAX_WORD + 1];
        int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

        if (na > MAX_WORD || nb > MAX_WORD)
                return max + 1;
        if ((na > nb ? na - nb : nb - na) > (size_t)max)
                return max + 1;
        for (size_t j = 0; j <= nb; j++)
                prev[j] = (int)j;
        for (size_t i = 1; i <= na; i++) {
                int lo = max + 1;

                cur[0] = (int)i;
                for (size_t j = 1; j <= nb; j++) {
                        int cost = a[i - 1] != b[j - 1];
                        int d = prev[j] + 1;

                        if (cur[j - 1] + 1 < d)
                                d = cur[j - 1] + 1;
                        if (prev[j - 1] + cost < d)
                                d = prev[j - 1] + cost;
                        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                            prev2[j - 2] + 1 < d)
                                d = prev2[j - 2] + 1;
                        cur[j] = d;
                        if (d < lo)
                                lo = d;
                }
                if (lo > max)
                        return max + 1;
                int *t = prev2;
                prev2 = prev;
                prev = cur;
                cur = t;
        }
        return prev[nb];
}

/* In how many talks the stem is; negative on failure. */
static int64_t vocab_docs(dx_index *idx, const char *stem)
{
        sqlite3_stmt *st;
        int64_t n = 0;
        int rc;

        if (sqlite3_prepare_v2(idx->db, "SELECT doc FROM talk_vocab WHERE term = ?", -1, &st,
                               NULL) != SQLITE_OK)
                return dx_store_fail(idx, "suggest");
        sqlite3_bind_text(st, 1, stem, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
        else if (rc != SQLITE_DONE)
                n = dx_store_fail(idx, "suggest");
        sqlite3_finalize(st);
        return n;
}

typedef struct best {
        char term[MAX_WORD];
        int dist;
        int64_t docs;
} best;

/* The closest stem to w among those starting with w's first plen bytes. */
static int closest(dx_index *idx, const char *w, size_t plen, int max, best *b)
{
        char lo[MAX_WORD], hi[MAX_WORD];
        size_t nw = strlen(w);
        sqlite3_stmt *st;
        int rc;

        memcpy(lo, w, plen);
        lo[plen] = '\0';
        memcpy(hi, lo, plen + 1);
        if ((unsigned char)hi[plen - 1] == 0xff)
                return 0;
        hi[plen - 1]++;
        if (sqlite3_prepare_v2(idx->db,
                               "SELECT term, doc FROM talk_vocab WHERE term >= ?1 AND term < ?2",
                               -1, &st, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "suggest");
        sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *t = (const char *)sqlite3_column_text(st, 0);
                size_t nt = (size_t)sqlite3_column_bytes(st, 0);
                int64_t docs = sqlite3_column_int64(st, 1);
                int d;

                if (!t || nt >= MAX_WORD || strcmp(t, w) == 0)
                        continue;
                d = distance(w, nw, t, nt, max);
                if (d > max || d > b->dist || (d == b->dist && docs <= b->docs))
                        continue;
                memcpy(b->term, t, nt + 1);
                b->dist = d;
                b->docs = docs;
        }
        rc = rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "suggest");
        sqlite3_finalize(st);
        return rc;
}

/* How the stem first appears in the talks, lower-cased, or the stem, into
 * *out; negative on failure. */
static int surface(dx_index *idx, const char *stem, char **out)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT rowid FROM talk_fts WHERE talk_fts MATCH ?"
                                              " LIMIT 1");
        char *match = dx_asprintf("\"%s\"", stem), *r = NULL;
        dx_match *m = NULL;
        int nm = 0, rc = !st ? DX_ERR : !match ? DX_ENOMEM : 0;

        *out = NULL;
        if (!rc) {
                sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
                rc = sqlite3_step(st);
                if (rc == SQLITE_ROW) {
                        int64_t talk = sqlite3_column_int64(st, 0);

                        sqlite3_reset(st);
                        rc = dx_matches(idx, talk, match, &m, &nm);
                        if (!rc && nm > 0)
                                rc = dx_match_text(idx, talk, &m[0], &r);
                } else {
                        rc = rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "suggest");
                }
                sqlite3_reset(st);
        }
        free(m);
        free(match);
        if (rc) {
                free(r);
                return rc;
        }
        if (!r)
                return (*out = dx_strdup(stem)) ? 0 : DX_ENOMEM;
        for (char *p = r; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        *out = r;
        return 0;
}

/* A suggestion for one stem in *b, or b->dist < 0 for none. */
static int suggest_stem(dx_index *idx, const char *stem, best *b)
{
        size_t n = strlen(stem);
        int max = n <= 3 ? 0 : n <= 5 ? 1 : 2;
        int rc = 0;
        int64_t docs;

        b->dist = -1;
        /* words of three letters or fewer are too close to too many */
        if (!max || n >= MAX_WORD)
                return 0;
        if ((docs = vocab_docs(idx, stem)) != 0)
                return docs < 0 ? (int)docs : 0;
        /* stems sharing three letters first: one a letter away is as close
         * as any, and that range of the vocabulary is small; then two
         * letters, then one */
        for (size_t plen = 3; plen >= 1; plen--) {
                best c = {.dist = max + 1, .docs = 0};

                if ((rc = closest(idx, stem, plen, max, &c)))
                        return rc;
                if (c.dist <= (plen == 3 ? 1 : max)) {
                        *b = c;
                        return 0;
                }
        }
        return 0;
}

/* text with bytes [start, end) replaced by with. */
static char *splice(const char *text, int start, int end, const char *with)
{
        return dx_asprintf("%.*s%s%s", start, text, with, text + end);
}

int dx_query_suggest(dx_index *idx, const dx_query *q, dx_query *fixed)
{
        fts5_api *api = dx_fts5_api(idx->db);
        int changed = 0, rc = 0;

        if (!api) {
                dx_index_set_error(idx, "%s: cannot read the vocabulary (FTS5 missing?)",
                                   idx->path);
                return DX_ERR;
        }
        if (dx_search_register(idx))
                return DX_ERR;
        if (dx_query_copy(fixed, q))
                return dx_index_nomem(idx, DX_ENOMEM);
        for (size_t i = 0; i < fixed->nterms && !rc; i++) {
                dx_term *t = &fixed->terms[i];
                tokens tk;

                if (t->negate || t->prefix || !dx_has_token(t->text))
                        continue;
                if (tokenize(api, t->text, &tk)) {
                        dx_index_set_error(idx, "%s: cannot tokenize the query", idx->path);
                        rc = DX_ERR;
                        break;
                }
                /* from the last token, so earlier offsets stay right */
                for (int k = tk.n - 1; k >= 0 && !rc; k--) {
                        best b;
                        char *word, *text;

                        if ((rc = suggest_stem(idx, tk.v[k].stem, &b)) || b.dist < 0)
                                continue;
                        if ((rc = surface(idx, b.term, &word)))
                                break;
                        text = splice(t->text, tk.v[k].start, tk.v[k].end, word);
                        free(word);
                        if (!text) {
                                rc = DX_ENOMEM;
                                break;
                        }
                        free(t->text);
                        t->text = text;
                        changed = 1;
                }
        }
        if (rc || !changed)
                dx_query_release(fixed);
        return rc ? dx_index_nomem(idx, rc) : changed;
}
