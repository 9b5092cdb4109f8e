/*
 * suggest.c - spelling help for queries.  Each word of a query goes
 * through the index's own tokenizer (porter over unicode61), so it is
 * compared with what talk_vocab holds: stems, lower case, no accents.  A
 * stem in no talk is replaced by the closest stems by Damerau-Levenshtein
 * distance (optimal string alignment, one edit for words of four or five
 * letters, two for longer ones).  The edits are counted between the stems
 * and between the word typed and how a stem is written in the talks,
 * whichever is fewer: a typo changes what the stemmer cuts.  Only stems
 * sharing the word's first letter are read, so a typo in the first letter
 * is not corrected.  A word typed alone becomes every stem equally close
 * to it (up to four, ORed: the rest of the query then ranks them); a word
 * of a phrase the one in most talks.  A stem is no word ("deploi"), so the
 * suggestion shows how the stem first appears in the talks' text. */
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

/* Optimal string alignment distance of a and b (dx_edit_distance_n), or
 * max + 1 when it is more than max. */
static int distance(const char *a, size_t na, const char *b, size_t nb, int max)
{
        return (int)dx_edit_distance_n(a, na, b, nb, (size_t)max);
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

/* Candidates kept while reading the vocabulary: the closest stems. */
#define MAX_CANDS 16
/* Equally close stems a word becomes, ORed: the rest of the query ranks
 * the talks that have one of them ("costl": cost or costa). */
#define MAX_ALTS 4

typedef struct cand {
        char term[MAX_WORD];
        int dist;  /* the fewer edits: between the stems, or the words */
        int other; /* the other count (the stems' until the words are seen) */
        int64_t docs;
} cand;

typedef struct cands {
        cand v[MAX_CANDS];
        int n;
} cands;

/* Whether x is closer than y: fewer edits, then fewer by the other
 * count, then in more talks. */
static int closer(const cand *x, const cand *y)
{
        if (x->dist != y->dist)
                return x->dist < y->dist;
        if (x->other != y->other)
                return x->other < y->other;
        return x->docs > y->docs;
}

/* Keep c if it is among the MAX_CANDS closest, in order. */
static void cands_add(cands *cs, const cand *c)
{
        int i = cs->n < MAX_CANDS ? cs->n++ : MAX_CANDS;

        if (i == MAX_CANDS && !closer(c, &cs->v[MAX_CANDS - 1]))
                return;
        if (i == MAX_CANDS)
                i = MAX_CANDS - 1;
        while (i > 0 && closer(c, &cs->v[i - 1])) {
                cs->v[i] = cs->v[i - 1];
                i--;
        }
        cs->v[i] = *c;
}

/* The stems within max edits of w that share its first nchars characters,
 * the closest first.  With one, every stem of that letter is read (a few
 * thousand on an archive of 10,000 talks: tens of milliseconds, and only
 * for a word that is in no talk): a typo in the second letter ("gracia"
 * for garcia) is as close as one in the last. */
static int closest(dx_index *idx, const char *w, int max, int nchars, cands *out)
{
        char lo[16], hi[16];
        size_t nw = strlen(w), plen = 0;
        sqlite3_stmt *st;
        int rc;

        /* the first characters, whole: a stem may start with multibyte ones */
        for (int k = 0; k < nchars && plen < nw; k++)
                for (plen++; plen < nw && ((unsigned char)w[plen] & 0xc0) == 0x80; plen++)
                        ;
        if (!plen || plen > 8)
                return 0;
        memcpy(lo, w, plen);
        lo[plen] = '\0';
        memcpy(hi, lo, plen + 1);
        if ((unsigned char)hi[plen - 1] == 0xff)
                return 0;
        hi[plen - 1]++;
        if (sqlite3_prepare_v2(idx->db,
                               "SELECT term FROM talk_vocab WHERE term >= ?1 AND term < ?2", -1,
                               &st, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "suggest");
        sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *t = (const char *)sqlite3_column_text(st, 0);
                size_t nt = (size_t)sqlite3_column_bytes(st, 0);
                cand c;

                if (!t || nt >= MAX_WORD || strcmp(t, w) == 0)
                        continue;
                c.dist = c.other = distance(w, nw, t, nt, max);
                if (c.dist > max)
                        continue;
                memcpy(c.term, t, nt + 1);
                /* in how many talks: only for the close ones (counting
                 * reads the stem's postings) */
                if ((c.docs = vocab_docs(idx, t)) < 0) {
                        sqlite3_finalize(st);
                        return (int)c.docs;
                }
                cands_add(out, &c);
        }
        rc = rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "suggest");
        sqlite3_finalize(st);
        return rc;
}

/* The words of text as unicode61 folds them (lower case, no accents),
 * without stemming: out->v[k].stem gets the k-th. */
static int fold_words(fts5_api *api, const char *text, tokens *out)
{
        const char *args[] = {"remove_diacritics", "2"};
        fts5_tokenizer tk;
        Fts5Tokenizer *t = NULL;
        void *ud = NULL;
        int rc;

        out->n = 0;
        if (api->xFindTokenizer(api, "unicode61", &ud, &tk) != SQLITE_OK ||
            tk.xCreate(ud, args, 2, &t) != SQLITE_OK)
                return DX_ERR;
        rc = tk.xTokenize(t, out, FTS5_TOKENIZE_DOCUMENT, text, (int)strlen(text), collect);
        tk.xDelete(t);
        return rc == SQLITE_OK ? 0 : DX_ERR;
}

/* How the stem first appears in the columns cols of the talks ("" for
 * all), lower-cased; NULL when it is in none of them. */
static char *surface_in(dx_index *idx, const char *stem, const char *cols)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT rowid FROM talk_fts WHERE talk_fts MATCH ?"
                                              " LIMIT 1");
        char *match = dx_asprintf("%s\"%s\"", cols, stem), *r = NULL;
        dx_match *m = NULL;
        int nm = 0;

        if (match && st) {
                sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
                if (sqlite3_step(st) == SQLITE_ROW) {
                        int64_t talk = sqlite3_column_int64(st, 0);

                        sqlite3_reset(st);
                        if (dx_matches(idx, talk, match, &m, &nm) == 0 && nm > 0 &&
                            dx_match_text(idx, talk, &m[0], &r) != 0) {
                                free(r); /* then as if not found: the stem is shown */
                                r = NULL;
                        }
                }
                sqlite3_reset(st);
        }
        free(m);
        free(match);
        for (char *p = r; p && *p; p++)
                *p = (char)tolower((unsigned char)*p);
        return r;
}

/* How the stem first appears in the talks, lower-cased, or the stem.  The
 * talks' metadata first: a name is there, and a deck's text is a whole
 * deck to inflate. */
static char *surface(dx_index *idx, const char *stem)
{
        char *r = surface_in(idx, stem, "{title speakers affil event abstract tags} : ");

        if (!r)
                r = surface_in(idx, stem, "");
        return r ? r : dx_strdup(stem);
}

/* Whether the words a and b stand side by side in some talk. */
static int phrase_found(dx_index *idx, const char *a, const char *b)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT rowid FROM talk_fts WHERE talk_fts MATCH ?"
                                              " LIMIT 1");
        char *match = dx_asprintf("\"%s %s\"", a, b);
        int found = -1;

        if (match && st) {
                sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
                found = sqlite3_step(st) == SQLITE_ROW;
                sqlite3_reset(st);
        }
        free(match);
        return found;
}

/* The word cut in two words that stand side by side in a talk, the
 * first cut found: 1 with *alt ("o connor"), 0 for none, or an error. */
static int split_word(dx_index *idx, const char *word, cand *alt)
{
        size_t n = strlen(word);
        char a[MAX_WORD];

        for (size_t i = 0; i < n; i++)
                if (!((word[i] >= 'a' && word[i] <= 'z') || (word[i] >= '0' && word[i] <= '9')))
                        return 0; /* ASCII words only: a cut inside a character is none */
        for (size_t i = 1; i < n && n < MAX_WORD - 1; i++) {
                int f;

                memcpy(a, word, i);
                a[i] = '\0';
                if ((f = phrase_found(idx, a, word + i)) < 0)
                        return dx_store_fail(idx, "suggest");
                if (f) {
                        memcpy(alt->term, word, i);
                        alt->term[i] = ' ';
                        memcpy(alt->term + i + 1, word + i, n - i + 1);
                        alt->dist = alt->other = 0;
                        alt->docs = 0;
                        return 1;
                }
        }
        return 0;
}

static int weigh(dx_index *idx, fts5_api *api, const char *word, int max, cands *cs);

/* The stems a word in no talk may have been meant as, in alts (up to
 * MAX_ALTS, all equally close, in most talks first): *nalts of them, 0
 * for none.  stem is the word's stem, word the word folded but not
 * stemmed.  Edits are counted between the stems, and also between the
 * word and how a stem is written in the talks: a typo can change what
 * the stemmer cuts ("gallagohur" keeps its end, Gallagher's stem is
 * "gallagh"), and the stems are then further apart than the words. */
static int suggest_word(dx_index *idx, fts5_api *api, const char *stem, const char *word,
                        cand *alts, int *nalts)
{
        /* by the stem's length: "tingle" (stem "tingl") is not "till" */
        size_t n = strlen(stem);
        int max = n <= 3 ? 0 : n <= 5 ? 1 : 2, rc;
        int64_t docs;
        cands cs = {.n = 0};

        *nalts = 0;
        /* words of three letters or fewer are too close to too many */
        if (!max || n >= MAX_WORD)
                return 0;
        if ((docs = vocab_docs(idx, stem)) != 0)
                return docs < 0 ? (int)docs : 0;
        /* two words typed as one ("OConnor" for O'Connor, "dont"): no
         * letter is wrong, only the mark between them is missing */
        if ((rc = split_word(idx, word, alts)) != 0) {
                *nalts = rc > 0;
                return rc > 0 ? 0 : rc;
        }
        /* two edits more between the stems: the words may still be close;
         * the stems sharing two letters first (a small range), then all
         * those of the first letter unless one was a letter away */
        for (int pass = 0; pass < 2; pass++) {
                cs.n = 0;
                if ((rc = closest(idx, stem, max + 2, 2 - pass, &cs)) ||
                    (rc = weigh(idx, api, word, max, &cs)))
                        return rc;
                if (cs.n && cs.v[0].dist <= 1)
                        break;
        }
        for (int i = 0; i < cs.n && *nalts < MAX_ALTS; i++)
                if (cs.v[i].dist <= max && cs.v[i].dist == cs.v[0].dist &&
                    cs.v[i].other == cs.v[0].other)
                        alts[(*nalts)++] = cs.v[i];
        return 0;
}

/* Count the edits between the word and how each candidate is written, and
 * put the closest first. */
static int weigh(dx_index *idx, fts5_api *api, const char *word, int max, cands *cs)
{
        for (int i = 0; i < cs->n; i++) {
                cand *c = &cs->v[i];
                char *sf = surface(idx, c->term);
                tokens f;
                int d;

                if (!sf)
                        return DX_ENOMEM;
                if (fold_words(api, sf, &f) == 0 && f.n == 1) {
                        d = distance(word, strlen(word), f.v[0].stem, strlen(f.v[0].stem), max + 2);
                        c->other = d > c->dist ? d : c->dist;
                        c->dist = d < c->dist ? d : c->dist;
                }
                free(sf);
        }
        /* the closest first, by both counts */
        for (int i = 1; i < cs->n; i++)
                for (int j = i; j > 0 && closer(&cs->v[j], &cs->v[j - 1]); j--) {
                        cand t = cs->v[j];

                        cs->v[j] = cs->v[j - 1];
                        cs->v[j - 1] = t;
                }
        return 0;
}

/* text with bytes [start, end) replaced by with. */
static char *splice(const char *text, int start, int end, const char *with)
{
        return dx_asprintf("%.*s%s%s", start, text, with, text + end);
}

/* Make room for n more terms after term i of q (copies of it). */
static int insert_terms(dx_query *q, size_t i, int n)
{
        dx_term *v;

        if (q->nterms + (size_t)n > q->alloc) {
                size_t na = q->nterms + (size_t)n;

                if (!(v = realloc(q->terms, na * sizeof(*v))))
                        return DX_ENOMEM;
                q->terms = v;
                q->alloc = na;
        }
        memmove(&q->terms[i + 1 + n], &q->terms[i + 1], (q->nterms - i - 1) * sizeof(*v));
        for (int k = 1; k <= n; k++) {
                q->terms[i + k] = q->terms[i];
                q->terms[i + k].text = NULL;
        }
        q->nterms += (size_t)n;
        return 0;
}

/* Term i (one word, stem replaced by the alts) becomes an OR group of
 * the alts as written in the talks. */
static int or_alts(dx_index *idx, dx_query *q, size_t i, const cand *alts, int nalts)
{
        int last_or = q->terms[i].or_next;

        if (insert_terms(q, i, nalts - 1))
                return DX_ENOMEM;
        for (int k = 0; k < nalts; k++) {
                dx_term *t = &q->terms[i + (size_t)k];
                char *w = surface(idx, alts[k].term);

                if (!w)
                        return DX_ENOMEM;
                if (k == 0)
                        free(t->text);
                t->text = w;
                t->or_next = k + 1 < nalts ? 1 : last_or;
        }
        return 0;
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
        /* the words as the index holds them (schema 5 on: folded) */
        for (size_t i = 0; i < fixed->nterms && idx->version >= 5; i++) {
                char *f = dx_fold_words(fixed->terms[i].text);

                if (!f) {
                        dx_query_release(fixed);
                        return dx_index_nomem(idx, DX_ENOMEM);
                }
                free(fixed->terms[i].text);
                fixed->terms[i].text = f;
        }
        for (size_t i = 0; i < fixed->nterms && !rc; i++) {
                dx_term *t = &fixed->terms[i];
                tokens tk, words;

                if (t->negate || t->prefix || !dx_has_token(t->text))
                        continue;
                if (tokenize(api, t->text, &tk) || fold_words(api, t->text, &words) ||
                    words.n != tk.n) {
                        dx_index_set_error(idx, "%s: cannot tokenize the query", idx->path);
                        rc = DX_ERR;
                        break;
                }
                /* from the last token, so earlier offsets stay right */
                for (int k = tk.n - 1; k >= 0 && !rc; k--) {
                        cand alts[MAX_ALTS];
                        int nalts = 0;
                        char *word, *text;

                        if ((rc = suggest_word(idx, api, tk.v[k].stem, words.v[k].stem, alts,
                                               &nalts)) ||
                            !nalts)
                                continue;
                        changed = 1;
                        /* a word typed alone: every equally close word */
                        if (tk.n == 1 && !t->quoted && nalts > 1) {
                                rc = or_alts(idx, fixed, i, alts, nalts);
                                i += (size_t)nalts - 1;
                                break;
                        }
                        word = surface(idx, alts[0].term);
                        text = word ? splice(t->text, tk.v[k].start, tk.v[k].end, word) : NULL;
                        free(word);
                        if (!text) {
                                rc = DX_ENOMEM;
                                break;
                        }
                        free(t->text);
                        t->text = text;
                }
        }
        if (rc || !changed)
                dx_query_release(fixed);
        if (rc == DX_ENOMEM)
                return dx_index_nomem(idx, rc); /* says so unless a message is set */
        return rc ? rc : changed;
}
