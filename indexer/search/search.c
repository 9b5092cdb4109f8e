/*
 * search.c - answer a query from the index.  The query's terms become an
 * FTS5 expression made only of quoted strings, column filters, AND, OR and
 * one binary NOT, so nothing a person types is ever read as FTS5 syntax;
 * the expression and every catalogue filter are bound as parameters.
 *
 * Talks are ranked by dxrank(), an FTS5 auxiliary function defined here:
 * BM25 over the weighted columns of talk_fts, with an IDF that stays
 * positive for words in half the archive (FTS5's bm25() gives those
 * nothing, which breaks small archives), plus a bonus when words typed
 * next to each other stand close together in one column, one for each
 * word found in the title, and one for the longest run of words typed
 * side by side that stand side by side.  Each result
 * then gets up to DX_MAX_HITS hits: its best matching slide pages and
 * caption cues, and the metadata fields that matched.
 *
 * Pages, cues and chapters are indexed only as part of their talk
 * (store.c).  For each shown talk one dxoffsets() query reads where its row
 * matched; locate.c says which pages, cues and chapters hold those
 * matches, and snippet.c cuts and marks their text, and the metadata's.
 */
#include "dx_fts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* dxrank() weight of each field; talk_fts has a column per field, in the
 * order of dx_field (title, speakers, affil, event, abstract, tags,
 * slides, captions, chapters) */
static const double rank_weight[DX_FIELD_COUNT] = {
    [DX_FIELD_TITLE] = 10.0, [DX_FIELD_SPEAKERS] = 8.0, [DX_FIELD_COMPANY] = 4.0,
    [DX_FIELD_EVENT] = 1.0,  [DX_FIELD_ABSTRACT] = 3.0, [DX_FIELD_TAGS] = 5.0,
    [DX_FIELD_SLIDES] = 1.0, [DX_FIELD_CAPTIONS] = 1.0, [DX_FIELD_CHAPTERS] = 3.0,
};

#define RANK_K1 1.2
#define RANK_B  0.75
/* What two words typed side by side earn when they stand side by side,
 * in units of their mean IDF; a quarter with one word between them, a
 * ninth with two, and so on up to RANK_NEAR_GAP; half that in the other
 * order. */
#define RANK_NEAR     1.5
#define RANK_NEAR_GAP 4
/* A phrase's weighted frequency in a talk stops growing at this: BM25's
 * term-frequency part is then within 5% of its limit, and a word found on
 * every slide of every talk ("the") is not counted 300 times a talk. */
#define RANK_TF_CAP 64.0
/* What a word found in the title earns on top, in units of its IDF among
 * titles (from how many talks have it in their title, not anywhere): the
 * weighted count above saturates on long decks, where a talk's topic
 * words fill its slides, and the title's weight then adds next to
 * nothing.  The IDF over whole talks would not do: a word said in every
 * abstract ("lessons") or on most slides ("team") is worth nothing there,
 * but the few talks titled with it are what a member typing it means. */
#define RANK_TITLE 1.0
/* What the longest run of three or more words typed side by side earns
 * when they stand side by side in one field (the slides run on across
 * pages), in units of the sum of their IDFs, times the run's length less
 * two: a run of common words on one page is rarer than the sum of its
 * words says, and than its pairs found in different places.  Its words
 * also earn RANK_TITLE, as if they were in the title: a run typed as it
 * stands on a slide names that slide as a title names its talk, and must
 * not lose to a talk with two of its words in the title. */
#define RANK_RUN 1.0

/* Markers FTS5 puts around matches; replaced by the caller's afterwards. */
#define MARK_OPEN  "\x02"
#define MARK_CLOSE "\x03"

static const char *const field_names[DX_FIELD_COUNT] = {
    [DX_FIELD_ANY] = "any",           [DX_FIELD_TITLE] = "title",
    [DX_FIELD_SPEAKERS] = "speakers", [DX_FIELD_COMPANY] = "company",
    [DX_FIELD_EVENT] = "event",       [DX_FIELD_ABSTRACT] = "abstract",
    [DX_FIELD_TAGS] = "tags",         [DX_FIELD_SLIDES] = "slides",
    [DX_FIELD_CAPTIONS] = "captions", [DX_FIELD_CHAPTERS] = "chapters",
};

/* talk_fts column of each field */
static const char *const field_cols[DX_FIELD_COUNT] = {
    [DX_FIELD_ANY] = NULL,
    [DX_FIELD_TITLE] = "title",
    [DX_FIELD_SPEAKERS] = "speakers",
    [DX_FIELD_COMPANY] = "affil",
    [DX_FIELD_EVENT] = "event",
    [DX_FIELD_ABSTRACT] = "abstract",
    [DX_FIELD_TAGS] = "tags",
    [DX_FIELD_SLIDES] = "slides",
    [DX_FIELD_CAPTIONS] = "captions",
    [DX_FIELD_CHAPTERS] = "chapters",
};

void dx_rank_params_get(dx_rank_params *out)
{
        out->k1 = RANK_K1;
        out->b = RANK_B;
        memcpy(out->weight, rank_weight, sizeof(out->weight));
        out->near = RANK_NEAR;
        out->near_gap = RANK_NEAR_GAP;
        out->tf_cap = RANK_TF_CAP;
}

const char *dx_field_name(dx_field f)
{
        return f >= 0 && f < DX_FIELD_COUNT ? field_names[f] : "any";
}

int dx_query_add(dx_query *q, const char *text, size_t len, dx_field field, int prefix)
{
        dx_term *t;

        if (q->nterms == q->alloc) {
                size_t na = q->alloc ? q->alloc * 2 : 8;
                dx_term *v = realloc(q->terms, na * sizeof(*v));
                if (!v)
                        return DX_ENOMEM;
                q->terms = v;
                q->alloc = na;
        }
        t = &q->terms[q->nterms];
        memset(t, 0, sizeof(*t));
        t->text = dx_strndup(text, len);
        if (!t->text)
                return DX_ENOMEM;
        t->field = field;
        t->prefix = prefix;
        q->nterms++;
        return 0;
}

int dx_query_copy(dx_query *dst, const dx_query *src)
{
        *dst = *src;
        dst->terms = NULL;
        dst->nterms = dst->alloc = 0;
        for (size_t i = 0; i < src->nterms; i++) {
                const dx_term *t = &src->terms[i];

                if (dx_query_add(dst, t->text, strlen(t->text), t->field, t->prefix)) {
                        dx_query_release(dst);
                        return DX_ENOMEM;
                }
                dst->terms[i].quoted = t->quoted;
                dst->terms[i].negate = t->negate;
                dst->terms[i].or_next = t->or_next;
        }
        return 0;
}

int dx_query_has_filters(const dx_query *q)
{
        return q->from[0] || q->until[0] || q->longer > 0 || q->shorter > 0 || q->has || q->lang[0];
}

void dx_query_release(dx_query *q)
{
        if (!q)
                return;
        for (size_t i = 0; i < q->nterms; i++)
                free(q->terms[i].text);
        free(q->terms);
        memset(q, 0, sizeof(*q));
}

/* Code points outside ASCII that unicode61 does not make tokens of:
 * punctuation, symbols, spaces, marks and emoji blocks that people paste
 * ("—", "•", "…", "→", "✓", "€").  Letters and digits of any script are
 * token characters. */
static const struct {
        uint32_t lo, hi;
} not_token[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4}, {0x00B6, 0x00B8},   {0x00BB, 0x00BB},
    {0x00BF, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x02C2, 0x02C5},   {0x02D2, 0x02DF},
    {0x0300, 0x036F}, {0x2000, 0x206F}, {0x20A0, 0x20FF}, {0x2190, 0x245F},   {0x2500, 0x2775},
    {0x2794, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3004}, {0x3008, 0x3020},   {0x3030, 0x3030},
    {0xFE00, 0xFE0F}, {0xFE10, 0xFE6F}, {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F},   {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF}, {0xE0000, 0xE007F},
};

/* Decode one UTF-8 sequence at s; *len gets its length (1 for a bad byte). */
static uint32_t utf8_next(const unsigned char *s, size_t *len)
{
        uint32_t c = s[0];
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

        if (n == 1) {
                *len = 1;
                return c;
        }
        c &= 0x3F >> (n - 1);
        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xC0) != 0x80) {
                        *len = 1;
                        return 0xFFFD;
                }
                c = (c << 6) | (s[i] & 0x3F);
        }
        *len = n;
        return c;
}

/* Whether the tokenizer takes code point c as part of a word. */
static int token_char(uint32_t c)
{
        if (c < 0x80)
                return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        for (size_t i = 0; i < sizeof(not_token) / sizeof(not_token[0]); i++)
                if (c >= not_token[i].lo && c <= not_token[i].hi)
                        return 0;
        return 1;
}

size_t dx_term_words(const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t len, n = 0;
        int in = 0;

        while (*p) {
                int t = token_char(utf8_next(p, &len));

                n += t && !in;
                in = t;
                p += len;
        }
        return n;
}

int dx_has_token(const char *s)
{
        return dx_term_words(s) > 0;
}

/* Append s as one FTS5 string: "..." with inner quotes doubled. */
static void add_string(dx_buf *b, const char *s)
{
        dx_buf_addc(b, '"');
        for (; *s; s++) {
                if (*s == '"')
                        dx_buf_addc(b, '"');
                dx_buf_addc(b, *s);
        }
        dx_buf_addc(b, '"');
}

/* fold: the index holds the words folded (schema 5 on), so the query's
 * are too. */
static void add_term(dx_buf *b, const dx_term *t, int fold)
{
        char *f = fold ? dx_fold_words(t->text) : NULL;

        if (t->field != DX_FIELD_ANY)
                dx_buf_addf(b, "{%s} : ", field_cols[t->field]);
        if (fold && !f)
                b->truncated = 1; /* out of memory: the caller sees it */
        else
                add_string(b, f ? f : t->text);
        free(f);
        if (t->prefix)
                dx_buf_adds(b, " *");
}

/* What an FTS5 expression is built for. */
enum {
        EXPR_TALKS, /* talk_fts: the positive terms, then NOT the negative ones */
        EXPR_NOT,   /* talk_fts: the negative terms, ORed */
};

typedef struct expr {
        char *match; /* NULL when there is nothing to match */
        /* One character per phrase of match: '1' when the phrase and the
         * next one were typed side by side, for dxrank()'s nearness bonus. */
        char *near;
} expr;

static void expr_release(expr *e)
{
        free(e->match);
        free(e->near);
        e->match = e->near = NULL;
}

static int term_wanted(const dx_term *t, int mode)
{
        if (!dx_has_token(t->text))
                return 0;
        return mode == EXPR_NOT ? t->negate : !t->negate;
}

static int build_expr(const dx_query *q, int mode, int fold, expr *out)
{
        dx_buf b = DX_BUF_INIT, near = DX_BUF_INIT;
        size_t *e, m = 0, nneg = 0;

        memset(out, 0, sizeof(*out));
        e = calloc(q->nterms + 1, sizeof(*e));
        if (!e)
                return DX_ENOMEM;
        for (size_t i = 0; i < q->nterms; i++)
                if (term_wanted(&q->terms[i], mode))
                        e[m++] = i;
        if (!m) {
                free(e);
                return 0;
        }
        for (size_t k = 0; k < m; k++) {
                const dx_term *t = &q->terms[e[k]];
                /* ORed with the next term, as typed (OR groups only count
                 * among the positive terms of talk_fts) */
                int link = mode == EXPR_TALKS && t->or_next && k + 1 < m && e[k + 1] == e[k] + 1;
                int linked = mode == EXPR_TALKS && k > 0 && q->terms[e[k - 1]].or_next &&
                             e[k] == e[k - 1] + 1;
                int side = k + 1 < m && e[k + 1] == e[k] + 1 && !t->or_next &&
                           q->terms[e[k + 1]].field == t->field;

                if (k)
                        dx_buf_adds(&b, linked || mode != EXPR_TALKS ? " OR " : " AND ");
                if (link && !linked)
                        dx_buf_addc(&b, '(');
                add_term(&b, t, fold);
                if (linked && !link)
                        dx_buf_addc(&b, ')');
                dx_buf_addc(&near, mode != EXPR_NOT && side ? '1' : '0');
        }
        if (mode == EXPR_TALKS) {
                for (size_t i = 0; i < q->nterms; i++)
                        if (term_wanted(&q->terms[i], EXPR_NOT)) {
                                if (!nneg++) {
                                        /* FTS5's NOT is binary: (a AND b) NOT (c OR d) */
                                        char *pos = dx_buf_detach(&b);
                                        dx_buf_addf(&b, "(%s) NOT (", pos ? pos : "");
                                        b.failed |= !pos;
                                        free(pos);
                                } else {
                                        dx_buf_adds(&b, " OR ");
                                }
                                add_term(&b, &q->terms[i], fold);
                                dx_buf_addc(&near, '0');
                        }
                if (nneg)
                        dx_buf_addc(&b, ')');
        }
        free(e);
        if (b.truncated || b.failed || near.truncated || near.failed) {
                dx_buf_release(&b);
                dx_buf_release(&near);
                return DX_ENOMEM;
        }
        out->match = dx_buf_detach(&b);
        out->near = dx_buf_detach(&near);
        if (!out->match || !out->near) {
                expr_release(out);
                return DX_ENOMEM;
        }
        return 0;
}

/* ---- dxrank() ----------------------------------------------------------- */

/* Per query: IDF and length of every phrase, the mean row length, and
 * scratch space for one row. */
typedef struct rank_stats {
        int nphrase, ncol;
        double avgdl;
        /* every talk's length in tokens, by rowid (see talk_lengths) */
        int *len;
        int64_t nlen;
        int len_checked;
        double *idf, *tf, *near, *runidf;
        double *tidf;   /* IDF among titles */
        double *weight; /* per column, from dxrank()'s arguments */
        int *size, *last_col, *last_off;
        Fts5PhraseIter *it; /* rank_merged()'s place in each phrase */
        int *wcol, *woff;
        int *title, *run; /* found in the title; run ending at the last seen */
        int chain;        /* the longest chain of words typed side by side */
        int chains;       /* how many chains are that long */
        double best_run;  /* sum of the IDFs of the longest run found */
        int best_len;
        int best_end; /* the phrase the longest run ends with */
} rank_stats;

/* xQueryPhrase() callback: counts the rows with the phrase ([0]) and those
 * with it in the title ([1], talk_fts's column 0: the first column it is
 * in). */
static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
        sqlite3_int64 *n = ud;
        Fts5PhraseIter it;
        int col = -1;

        n[0]++;
        if (api->xPhraseFirstColumn(fts, 0, &it, &col) == SQLITE_OK && col == 0)
                n[1]++;
        return SQLITE_OK;
}

static void rank_stats_free(void *p)
{
        rank_stats *rs = p;

        sqlite3_free(rs->len);
        sqlite3_free(rs);
}

/* A varint of SQLite's record format at p (end e); *v gets its value. */
static int get_varint(const unsigned char *p, const unsigned char *e, uint64_t *v)
{
        int n = 0;

        *v = 0;
        while (p + n < e && n < 8 && (p[n] & 0x80))
                *v = (*v << 7) | (p[n++] & 0x7f);
        if (p + n >= e)
                return 0;
        *v = n == 8 ? (*v << 8) | p[n] : (*v << 7) | p[n];
        return n + 1;
}

/* When most of the archive matches, read every talk's length in tokens
 * in one pass over talk_fts_docsize (a varint per column; rows are talk
 * ids): FTS5's xColumnSize() looks each row up on its own, which was a
 * third of a search for a common word.  dxrank() checks the first length
 * against xColumnSize() and falls back to it if they differ. */
static void talk_lengths(sqlite3 *db, rank_stats *rs, int64_t nrow)
{
        sqlite3_stmt *st;
        int64_t max = 0;
        int step;

        if (sqlite3_prepare_v2(db, "SELECT max(id) FROM talk_fts_docsize", -1, &st, NULL) !=
            SQLITE_OK)
                return;
        if (sqlite3_step(st) == SQLITE_ROW)
                max = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        /* rows are talk ids: dense unless talks were removed by the many */
        if (max <= 0 || max > INT32_MAX || max > 4 * nrow + 1024 ||
            !(rs->len = sqlite3_malloc64((size_t)(max + 1) * sizeof(*rs->len))))
                return;
        memset(rs->len, 0xff, (size_t)(max + 1) * sizeof(*rs->len)); /* -1: unknown */
        rs->nlen = max + 1;
        if (sqlite3_prepare_v2(db, "SELECT id, sz FROM talk_fts_docsize", -1, &st, NULL) !=
            SQLITE_OK) {
                sqlite3_free(rs->len);
                rs->len = NULL;
                return;
        }
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t id = sqlite3_column_int64(st, 0);
                const unsigned char *p = sqlite3_column_blob(st, 1);
                const unsigned char *e = p + sqlite3_column_bytes(st, 1);
                uint64_t total = 0, v;
                int k;

                if (id < 0 || id >= rs->nlen || !p)
                        continue;
                while (p < e && (k = get_varint(p, e, &v)) > 0) {
                        total += v;
                        p += k;
                }
                rs->len[id] = total > INT32_MAX ? -1 : (int)total;
        }
        sqlite3_finalize(st);
        if (step != SQLITE_DONE) { /* lengths left unread: ask FTS5 for each */
                sqlite3_free(rs->len);
                rs->len = NULL;
                rs->nlen = 0;
        }
}

/* The current row's length in tokens. */
static int row_length(const Fts5ExtensionApi *api, Fts5Context *fts, rank_stats *rs, int *dl)
{
        int64_t id = api->xRowid(fts);
        int rc;

        if (rs->len && id >= 0 && id < rs->nlen && rs->len[id] >= 0) {
                if (rs->len_checked)
                        return *dl = rs->len[id], SQLITE_OK;
                if ((rc = api->xColumnSize(fts, -1, dl)) != SQLITE_OK)
                        return rc;
                if (*dl != rs->len[id]) {
                        sqlite3_free(rs->len);
                        rs->len = NULL;
                }
                rs->len_checked = 1;
                return SQLITE_OK;
        }
        return api->xColumnSize(fts, -1, dl);
}

static int rank_stats_get(const Fts5ExtensionApi *api, Fts5Context *fts, int nweight,
                          sqlite3_value **weight, rank_stats **out)
{
        rank_stats *rs = api->xGetAuxdata(fts, 0);
        sqlite3_int64 nrow = 0, ntok = 0, most = 0;
        int np, nc, rc;

        if (rs) {
                *out = rs;
                return SQLITE_OK;
        }
        np = api->xPhraseCount(fts);
        nc = api->xColumnCount(fts);
        rs = sqlite3_malloc64(sizeof(*rs) + (size_t)np * (5 * sizeof(double) + 7 * sizeof(int)) +
                              (size_t)nc * sizeof(double) + (size_t)np * sizeof(Fts5PhraseIter));
        if (!rs)
                return SQLITE_NOMEM;
        memset(rs, 0, sizeof(*rs));
        rs->nphrase = np;
        rs->ncol = nc;
        rs->it = (Fts5PhraseIter *)(rs + 1);
        rs->idf = (double *)(rs->it + np);
        rs->tf = rs->idf + np;
        rs->near = rs->tf + np;
        rs->runidf = rs->near + np;
        rs->tidf = rs->runidf + np;
        rs->weight = rs->tidf + np;
        for (int c = 0; c < nc; c++)
                rs->weight[c] = c < nweight ? sqlite3_value_double(weight[c]) : 1.0;
        rs->size = (int *)(rs->weight + nc);
        rs->last_col = rs->size + np;
        rs->last_off = rs->last_col + np;
        rs->wcol = rs->last_off + np;
        rs->woff = rs->wcol + np;
        rs->title = rs->woff + np;
        rs->run = rs->title + np;
        rc = api->xRowCount(fts, &nrow);
        if (rc == SQLITE_OK)
                rc = api->xColumnTotalSize(fts, -1, &ntok);
        rs->avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
        for (int i = 0; rc == SQLITE_OK && i < np; i++) {
                sqlite3_int64 n[2] = {0, 0};

                rs->size[i] = api->xPhraseSize(fts, i);
                if (np == 1 && rs->size[i] > 1) {
                        /* one phrase: its IDF scales every score alike, and
                         * counting the rows of a phrase of several words
                         * would match it over the whole archive once more */
                        rs->idf[i] = rs->tidf[i] = 1.0;
                        break;
                }
                rc = api->xQueryPhrase(fts, i, n, count_row);
                /* never zero or negative, unlike BM25's own for n > N/2 */
                rs->idf[i] = log(1.0 + ((double)(nrow - n[0]) + 0.5) / ((double)n[0] + 0.5));
                rs->tidf[i] = log(1.0 + ((double)(nrow - n[1]) + 0.5) / ((double)n[1] + 0.5));
                most = n[0] > most ? n[0] : most;
        }
        if (rc != SQLITE_OK) {
                sqlite3_free(rs);
                return rc;
        }
        /* one row looked up costs about what ten read in a pass do */
        if (most * 10 > nrow && api->xUserData(fts))
                talk_lengths(api->xUserData(fts), rs, nrow);
        rc = api->xSetAuxdata(fts, rs, rank_stats_free); /* frees rs when it fails */
        if (rc == SQLITE_OK)
                *out = rs;
        return rc;
}

/* The nearness of the instance at (col, off) of phrase p to the last seen
 * instance of phrase other in the same column: 1 for side by side in the
 * order typed, less for words between or the other order. */
static double nearness(const rank_stats *rs, int p, int other, int col, int off, double order)
{
        int gap;

        if (other < 0 || other >= rs->nphrase || rs->last_col[other] != col)
                return 0;
        gap = off - (rs->last_off[other] + rs->size[other]);
        if (gap < 0 || gap > RANK_NEAR_GAP)
                return 0;
        return order / ((1.0 + gap) * (1.0 + gap));
}

/* Count the weighted frequency of each phrase and the nearness of phrases
 * typed side by side (near[p] == '1': p and p + 1), walking all phrases'
 * positions together in column and offset order, higher phrases first at
 * one position (a word typed twice side by side, "the the", sees the
 * other's instance before it moves on), without building xInst()'s
 * array.  Stops when no further position can change anything. */
static int rank_merged(const Fts5ExtensionApi *api, Fts5Context *fts, rank_stats *rs,
                       const char *near, size_t nnear)
{
        int open = 0; /* frequencies under the cap and nearness under 1 */

        for (int p = 0; p < rs->nphrase; p++) {
                rs->wcol[p] = -1;
                if (api->xPhraseFirst(fts, p, &rs->it[p], &rs->wcol[p], &rs->woff[p]) != SQLITE_OK)
                        rs->wcol[p] = -1;
                /* a phrase not in the row (excluded, or an OR the row lacks)
                 * has no frequency to fill */
                open += (rs->wcol[p] >= 0) + ((size_t)p < nnear && near[p] == '1');
        }
        open += rs->chain >= 3;
        while (open > 0) {
                int p = -1, col, off;
                double n;

                for (int q = 0; q < rs->nphrase; q++)
                        if (rs->wcol[q] >= 0 &&
                            (p < 0 || rs->wcol[q] < rs->wcol[p] ||
                             (rs->wcol[q] == rs->wcol[p] && rs->woff[q] <= rs->woff[p])))
                                p = q;
                if (p < 0)
                        break;
                col = rs->wcol[p];
                off = rs->woff[p];
                api->xPhraseNext(fts, &rs->it[p], &rs->wcol[p], &rs->woff[p]);
                rs->title[p] |= col == 0;
                if (rs->tf[p] < RANK_TF_CAP) {
                        rs->tf[p] += col < rs->ncol ? rs->weight[col] : 1.0;
                        open -= rs->tf[p] >= RANK_TF_CAP;
                }
                if (p > 0 && (size_t)(p - 1) < nnear && near[p - 1] == '1') {
                        n = nearness(rs, p, p - 1, col, off, 1.0);
                        if (n > rs->near[p - 1]) {
                                open -= n >= 1.0;
                                rs->near[p - 1] = n;
                        }
                }
                if ((size_t)p < nnear && near[p] == '1') {
                        n = nearness(rs, p, p + 1, col, off, 0.5);
                        if (n > rs->near[p])
                                rs->near[p] = n; /* the other order: never 1 */
                }
                if (p > 0 && (size_t)(p - 1) < nnear && near[p - 1] == '1' &&
                    rs->last_col[p - 1] == col && rs->last_off[p - 1] + rs->size[p - 1] == off) {
                        rs->run[p] = rs->run[p - 1] + 1;
                        rs->runidf[p] = rs->runidf[p - 1] + rs->idf[p];
                } else {
                        rs->run[p] = 1;
                        rs->runidf[p] = rs->idf[p];
                }
                if (rs->run[p] > rs->best_len ||
                    (rs->run[p] == rs->best_len && rs->runidf[p] > rs->best_run)) {
                        /* with two chains that long the other may weigh more */
                        if (rs->best_len < rs->chain && rs->run[p] >= rs->chain && rs->chains == 1)
                                open--;
                        rs->best_len = rs->run[p];
                        rs->best_run = rs->runidf[p];
                        rs->best_end = p;
                }
                rs->last_col[p] = col;
                rs->last_off[p] = off;
        }
        return SQLITE_OK;
}

/* dxrank(fts_table, near, weight...): higher is better. */
static void dxrank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                   sqlite3_value **val)
{
        const char *near = nval > 0 ? (const char *)sqlite3_value_text(val[0]) : NULL;
        size_t nnear = near ? strlen(near) : 0;
        rank_stats *rs;
        int rc, dl = 0;
        double score = 0, k;

        rc = rank_stats_get(api, fts, nval > 1 ? nval - 1 : 0, val + 1, &rs);
        if (rc == SQLITE_OK)
                rc = row_length(api, fts, rs, &dl);
        if (rc != SQLITE_OK) {
                sqlite3_result_error_code(ctx, rc);
                return;
        }
        rs->chain = rs->chains = rs->best_len = rs->best_end = 0;
        rs->best_run = 0;
        for (int i = 0, c = 1; i < rs->nphrase; i++) {
                rs->tf[i] = rs->near[i] = rs->runidf[i] = 0;
                rs->last_col[i] = -1;
                rs->title[i] = rs->run[i] = 0;
                c = i > 0 && (size_t)(i - 1) < nnear && near[i - 1] == '1' ? c + 1 : 1;
                if (c > rs->chain)
                        rs->chain = c, rs->chains = 0;
                rs->chains += c == rs->chain;
        }
        if (memchr(near ? near : "", '1', nnear)) {
                rc = rank_merged(api, fts, rs, near, nnear);
        } else {
                /* no nearness to measure: walk each phrase's own positions */
                for (int p = 0; p < rs->nphrase; p++) {
                        Fts5PhraseIter it;
                        int col = -1, off = -1;

                        if (api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK)
                                continue;
                        for (; col >= 0 && rs->tf[p] < RANK_TF_CAP;
                             api->xPhraseNext(fts, &it, &col, &off)) {
                                rs->title[p] |= col == 0;
                                rs->tf[p] += col < rs->ncol ? rs->weight[col] : 1.0;
                        }
                }
        }
        if (rc != SQLITE_OK) {
                sqlite3_result_error_code(ctx, rc);
                return;
        }
        k = RANK_K1 * (1.0 - RANK_B + RANK_B * (double)dl / rs->avgdl);
        /* three or more words typed side by side that all stand side by
         * side name what they stand in as a title does: they earn the
         * title's bonus (once more when they are in the title: a title
         * that holds them as typed) */
        for (int i = rs->best_end - rs->best_len + 1;
             rs->best_len >= 3 && rs->best_len == rs->chain && i <= rs->best_end; i++)
                rs->title[i]++;
        for (int i = 0; i < rs->nphrase; i++) {
                score += rs->idf[i] * rs->tf[i] * (RANK_K1 + 1.0) / (rs->tf[i] + k);
                score += RANK_TITLE * rs->tidf[i] * rs->title[i];
                if (i + 1 < rs->nphrase)
                        score += RANK_NEAR * rs->near[i] * (rs->idf[i] + rs->idf[i + 1]) / 2;
        }
        if (rs->best_len >= 3)
                score += RANK_RUN * rs->best_run * (rs->best_len - 2);
        sqlite3_result_double(ctx, score);
}

int dx_search_register(dx_index *idx)
{
        fts5_api *api;

        if (idx->search_ready)
                return 0;
        api = dx_index_fts5(idx);
        if (!api || api->xCreateFunction(api, "dxrank", idx->db, dxrank, NULL) != SQLITE_OK ||
            dx_locate_register(api) != 0) {
                dx_index_set_error(idx, "%s: cannot set up ranking (FTS5 missing?)", idx->path);
                return DX_ERR;
        }
        idx->search_ready = 1;
        return 0;
}

/* Replace the FTS5 markers with the caller's and trim the snippet. */
static char *marked(const char *s, const dx_search_opts *o, int *has_mark)
{
        dx_buf b = DX_BUF_INIT;

        *has_mark = 0;
        if (!s) /* no text: the snippet could not be made */
                return NULL;
        for (; *s; s++) {
                if (*s == MARK_OPEN[0]) {
                        *has_mark = 1;
                        dx_buf_adds(&b, o->mark_open ? o->mark_open : "[");
                } else if (*s == MARK_CLOSE[0]) {
                        /* "[continuous] [delivery]" reads better as one mark */
                        size_t sp = strspn(s + 1, " ");
                        if (s[1 + sp] == MARK_OPEN[0]) {
                                dx_buf_add(&b, s + 1, sp);
                                s += 1 + sp;
                                continue;
                        }
                        dx_buf_adds(&b, o->mark_close ? o->mark_close : "]");
                } else if (*s == '\n' || *s == '\r' || *s == '\t') {
                        if (b.len && b.s[b.len - 1] != ' ')
                                dx_buf_addc(&b, ' ');
                } else {
                        dx_buf_addc(&b, *s);
                }
        }
        char *r = dx_buf_detach(&b);
        if (r)
                dx_squeeze_space(r);
        return r;
}

/* When the slide page of the result's last hit was on screen. */
static int add_slide_times(dx_index *idx, dx_result *r, int64_t talk)
{
        dx_hit *h = &r->hits[r->nhits - 1];
        double iv[16][2];
        int n = dx_slide_on_screen(idx, talk, h->page, iv, 16);

        if (n <= 0)
                return n < 0 ? n : 0;
        h->on_screen = malloc((size_t)n * sizeof(*h->on_screen));
        if (!h->on_screen)
                return DX_ENOMEM;
        memcpy(h->on_screen, iv, (size_t)n * sizeof(*h->on_screen));
        h->non_screen = (size_t)n;
        h->start_s = iv[0][0];
        h->end_s = iv[0][1];
        return 0;
}

/* A slide read from the talk's recording (it has no deck): when it was on
 * screen, and that its words came from OCR of the recording. */
static int add_rec_times(dx_index *idx, dx_hit *h, int64_t talk)
{
        double iv[16][2];
        int n = dx_store_rec_on_screen(idx, talk, h->page, iv, 16);

        if (n <= 0)
                return n < 0 ? n : 0;
        h->on_screen = malloc((size_t)n * sizeof(*h->on_screen));
        if (!h->on_screen)
                return DX_ENOMEM;
        memcpy(h->on_screen, iv, (size_t)n * sizeof(*h->on_screen));
        h->non_screen = (size_t)n;
        h->start_s = iv[0][0];
        h->end_s = iv[0][1];
        h->ocr = 1;
        h->from_recording = 1;
        return 0;
}

/* Add a hit with the snippet to the result unless it has DX_MAX_HITS or
 * there is no snippet: the hit, or NULL (and the snippet is freed). */
static dx_hit *add_hit(dx_result *r, dx_field f, char *snippet)
{
        dx_hit *h;

        if (!snippet || r->nhits >= DX_MAX_HITS) {
                free(snippet);
                return NULL;
        }
        h = &r->hits[r->nhits++];
        h->field = f;
        h->snippet = snippet;
        return h;
}

/* The spot's text cut to its matches, marked as the caller asked, into
 * *out (NULL when the spot has no text); DX_ENOMEM when it cannot be made. */
static int spot_snippet(dx_index *idx, const dx_spot *s, int ntok, const dx_search_opts *o,
                        char **out)
{
        int has;
        char *raw;

        *out = NULL;
        if (!s->text)
                return 0;
        raw = dx_snippet(dx_index_fts5(idx), s->text, s->m, s->nm, s->base, ntok, MARK_OPEN,
                         MARK_CLOSE, "…");
        *out = marked(raw, o, &has);
        free(raw);
        return *out ? 0 : DX_ENOMEM;
}

static int add_slide_hit(dx_index *idx, dx_result *r, int64_t talk, const dx_spot *s,
                         const dx_search_opts *o)
{
        char *snip;
        int rc = spot_snippet(idx, s, 16, o, &snip);
        dx_hit *h = rc ? NULL : add_hit(r, DX_FIELD_SLIDES, snip);

        if (h) {
                int conf;

                h->page = s->page;
                h->ocr = dx_store_slide_ocr(idx, talk, h->page, &conf) == 1;
                rc = add_slide_times(idx, r, talk);
                if (!rc && !h->non_screen)
                        rc = add_rec_times(idx, h, talk);
        }
        return rc;
}

/* A caption cue or, whole, a chapter title. */
static int add_timed_hit(dx_index *idx, dx_result *r, dx_field f, dx_spot *s,
                         const dx_search_opts *o)
{
        char *snip;
        int rc = spot_snippet(idx, s, f == DX_FIELD_CHAPTERS ? 0 : 16, o, &snip);
        dx_hit *h = rc ? NULL : add_hit(r, f, snip);

        if (h) {
                h->start_s = s->start;
                h->end_s = s->end;
                h->lang = s->lang;
                s->lang = NULL;
        }
        return rc;
}

/* Copy the query's marks at *p to b and step past them. */
static void copy_marks(const char **p, dx_buf *b)
{
        while (**p == MARK_OPEN[0] || **p == MARK_CLOSE[0])
                dx_buf_addc(b, *(*p)++);
}

/* The value of the four hex digits at p, or -1. */
static long hex4(const char *p)
{
        long v = 0;

        for (int i = 0; i < 4; i++) {
                char c = p[i];

                if (c >= '0' && c <= '9')
                        v = v * 16 + (c - '0');
                else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
                        v = v * 16 + ((c | 0x20) - 'a' + 10);
                else
                        return -1;
        }
        return v;
}

static void add_utf8(dx_buf *b, unsigned long c)
{
        if (c < 0x20) {
                dx_buf_addc(b, ' ');
        } else if (c < 0x80) {
                dx_buf_addc(b, (char)c);
        } else if (c < 0x800) {
                dx_buf_addc(b, (char)(0xc0 | c >> 6));
                dx_buf_addc(b, (char)(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
                dx_buf_addc(b, (char)(0xe0 | c >> 12));
                dx_buf_addc(b, (char)(0x80 | (c >> 6 & 0x3f)));
                dx_buf_addc(b, (char)(0x80 | (c & 0x3f)));
        } else {
                dx_buf_addc(b, (char)(0xf0 | c >> 18));
                dx_buf_addc(b, (char)(0x80 | (c >> 12 & 0x3f)));
                dx_buf_addc(b, (char)(0x80 | (c >> 6 & 0x3f)));
                dx_buf_addc(b, (char)(0x80 | (c & 0x3f)));
        }
}

/* The escape after the backslash at *p (marks may stand inside it) into
 * b; *p is moved past it.  -1 when it is no JSON escape. */
static int read_escape(const char **p, dx_buf *b)
{
        long c, lo;

        (*p)++;
        copy_marks(p, b);
        switch (**p) {
        case 'u':
                if ((c = hex4(*p + 1)) < 0)
                        return -1;
                *p += 5;
                if (c >= 0xd800 && c < 0xdc00) {
                        /* a pair stored as two escapes */
                        copy_marks(p, b);
                        if ((*p)[0] != '\\' || (*p)[1] != 'u' || (lo = hex4(*p + 2)) < 0xdc00 ||
                            lo > 0xdfff) {
                                add_utf8(b, 0xfffd);
                                return 0;
                        }
                        *p += 6;
                        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                } else if (c >= 0xdc00 && c < 0xe000) {
                        c = 0xfffd;
                }
                add_utf8(b, (unsigned long)c);
                return 0;
        case '\0':
                return -1;
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
                dx_buf_addc(b, ' ');
                break;
        default:
                dx_buf_addc(b, **p);
        }
        (*p)++;
        return 0;
}

/* The JSON array of strings at *s (as the index stores tags and venues,
 * with the query's marks anywhere in its strings) added to b as a person
 * reads it, "a, b, c"; *s is moved past it.  -1 when it is no such array. */
static int read_json_list(const char **s, dx_buf *b)
{
        const char *p = *s;
        int n = 0;

        if (*p++ != '[')
                return -1;
        if (*p == ']') {
                *s = p + 1;
                return 0;
        }
        for (;;) {
                if (*p++ != '"')
                        return -1;
                if (n++)
                        dx_buf_adds(b, ", ");
                while (*p != '"') {
                        if (!*p || (*p == '\\' && read_escape(&p, b)))
                                return -1;
                        if (*p != '\\' && *p != '"')
                                dx_buf_addc(b, *p++);
                }
                p++;
                if (*p == ']')
                        break;
                if (*p++ != ',')
                        return -1;
        }
        *s = p + 1;
        return 0;
}

/* A tags hit ("kubernetes, helm") or an event hit ("name · venues ·
 * room") made from the marked text of its column, which holds JSON: the
 * text itself when it is not as the index writes it. */
static char *meta_readable(dx_field f, char *raw)
{
        dx_buf b = DX_BUF_INIT;
        const char *p = raw, *v = NULL;

        if (!raw)
                return NULL;
        if (f == DX_FIELD_TAGS) {
                if (read_json_list(&p, &b) || *p)
                        goto keep;
                goto done;
        }
        /* the event column is "name venues room" */
        for (const char *q = raw; (q = strstr(q, " [")) && !v; q++) {
                const char *after = q + 1;
                dx_buf list = DX_BUF_INIT;

                if (!read_json_list(&after, &list) && (!*after || *after == ' ')) {
                        v = q;
                        dx_buf_add(&b, raw, (size_t)(q - raw));
                        if (list.len) {
                                dx_buf_adds(&b, " · ");
                                dx_buf_add(&b, list.s, list.len);
                        }
                        p = *after ? after + 1 : after;
                        if (*p) {
                                dx_buf_adds(&b, " · ");
                                dx_buf_adds(&b, p);
                        }
                }
                dx_buf_release(&list);
        }
        if (!v)
                goto keep;
done:
        if (b.truncated)
                goto keep;
        free(raw);
        return dx_buf_detach(&b);
keep:
        dx_buf_release(&b);
        return raw;
}

/* Metadata columns of talk_fts in the order their hits are shown after
 * slides, and how many words of each a hit shows (0: all). */
static const struct {
        int col, words;
        dx_field field;
} meta_cols[] = {
    {4, 16, DX_FIELD_ABSTRACT}, {0, 0, DX_FIELD_TITLE}, {1, 0, DX_FIELD_SPEAKERS},
    {2, 0, DX_FIELD_COMPANY},   {5, 0, DX_FIELD_TAGS},  {3, 0, DX_FIELD_EVENT},
};
#define NMETA (sizeof(meta_cols) / sizeof(meta_cols[0]))

/* The metadata hits of the talk, in meta_cols order (NULL: no match). */
static int meta_hits(dx_index *idx, int64_t talk, const dx_match *m, int nm,
                     const dx_search_opts *o, char *out[NMETA])
{
        char *text[DX_META_COLS];
        int rc;

        if (!nm || m[0].col >= DX_META_COLS)
                return 0;
        if ((rc = dx_talk_meta(idx, talk, text)))
                return rc;
        for (size_t k = 0; k < NMETA; k++) {
                const dx_match *first;
                int n = dx_matches_in(m, nm, meta_cols[k].col, &first), has;
                char *raw;

                if (!n || !text[meta_cols[k].col])
                        continue;
                raw = dx_snippet(dx_index_fts5(idx), text[meta_cols[k].col], first, n, 0,
                                 meta_cols[k].words, MARK_OPEN, MARK_CLOSE, "…");
                if (meta_cols[k].field == DX_FIELD_TAGS || meta_cols[k].field == DX_FIELD_EVENT)
                        raw = meta_readable(meta_cols[k].field, raw);
                out[k] = marked(raw, o, &has);
                free(raw);
                if (!out[k]) { /* a hit left out would go unnoticed */
                        rc = DX_ENOMEM;
                        break;
                }
                if (!has) {
                        free(out[k]);
                        out[k] = NULL;
                }
        }
        for (int c = 0; c < DX_META_COLS; c++)
                free(text[c]);
        if (rc)
                for (size_t k = 0; k < NMETA; k++) {
                        free(out[k]);
                        out[k] = NULL;
                }
        return rc;
}

/* Up to DX_MAX_HITS hits of a found talk: its best slide page says most;
 * then the abstract; then the best caption cue; then more pages and cues,
 * the other fields and the chapters.  All from one read of where the
 * talk's row matched (dx_matches). */
static int find_hits(dx_index *idx, int64_t talk, const dx_match *m, int nm, const char *lang,
                     const dx_search_opts *o, dx_result *r)
{
        dx_spot pages[DX_MAX_HITS], cues[DX_MAX_HITS], chaps[DX_MAX_HITS];
        char *meta[NMETA] = {0};
        int np = 0, nc = 0, nch = 0, rc = 0;

        if (!nm)
                return 0;
        if ((np = dx_locate(idx, talk, DX_LOCATE_PAGES, NULL, m, nm, 0, pages, DX_MAX_HITS)) < 0 ||
            (nc = dx_locate(idx, talk, DX_LOCATE_CUES, lang, m, nm, 0, cues, DX_MAX_HITS)) < 0 ||
            (nch = dx_locate(idx, talk, DX_LOCATE_CHAPTERS, NULL, m, nm, 1, chaps, DX_MAX_HITS)) <
                0 ||
            (rc = meta_hits(idx, talk, m, nm, o, meta))) {
                rc = rc ? rc : np < 0 ? np : nc < 0 ? nc : nch;
                goto out;
        }
        if (np > 0)
                rc = add_slide_hit(idx, r, talk, &pages[0], o);
        add_hit(r, DX_FIELD_ABSTRACT, meta[0]);
        meta[0] = NULL;
        if (!rc && nc > 0)
                rc = add_timed_hit(idx, r, DX_FIELD_CAPTIONS, &cues[0], o);
        for (int i = 1; !rc && i < np; i++)
                rc = add_slide_hit(idx, r, talk, &pages[i], o);
        for (int i = 1; !rc && i < nc; i++)
                rc = add_timed_hit(idx, r, DX_FIELD_CAPTIONS, &cues[i], o);
        for (size_t i = 1; !rc && i < NMETA; i++) {
                add_hit(r, meta_cols[i].field, meta[i]);
                meta[i] = NULL;
        }
        for (int i = 0; !rc && i < nch; i++)
                rc = add_timed_hit(idx, r, DX_FIELD_CHAPTERS, &chaps[i], o);
out:
        dx_spots_release(pages, np > 0 ? np : 0);
        dx_spots_release(cues, nc > 0 ? nc : 0);
        dx_spots_release(chaps, nch > 0 ? nch : 0);
        for (size_t i = 0; i < NMETA; i++)
                free(meta[i]);
        return rc;
}

/* The hits of the talks shown, out->v[0..n). */
static int add_hits(dx_index *idx, const dx_query *q, const char *match, const int64_t *ids,
                    const dx_search_opts *o, dx_results *out)
{
        dx_match **m = calloc(out->n + 1, sizeof(*m));
        int *nm = calloc(out->n + 1, sizeof(*nm)), prefix = 0, rc = 0;
        const char *lang = q->lang[0] ? q->lang : NULL;

        if (!m || !nm) {
                rc = DX_ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < q->nterms; i++)
                prefix |= q->terms[i].prefix && !q->terms[i].negate;
        if (prefix && out->n > 1)
                rc = dx_matches_of(idx, match, ids, (int)out->n, m, nm);
        else
                for (size_t i = 0; i < out->n && !rc; i++)
                        rc = dx_matches(idx, ids[i], match, &m[i], &nm[i]);
        for (size_t i = 0; i < out->n && !rc; i++)
                rc = find_hits(idx, ids[i], m[i], nm[i], lang, o, &out->v[i]);
out:
        for (size_t i = 0; m && i < out->n; i++)
                free(m[i]);
        free(m);
        free(nm);
        return rc;
}

/* Parameters of a statement put together from fixed SQL pieces. */
typedef struct binds {
        int n;
        struct {
                int type;
                const char *s;
                double d;
        } v[16];
} binds;

static int bind_text(binds *b, const char *s)
{
        b->v[b->n].type = SQLITE_TEXT;
        b->v[b->n].s = s;
        return ++b->n;
}

static int bind_real(binds *b, double d)
{
        b->v[b->n].type = SQLITE_FLOAT;
        b->v[b->n].d = d;
        return ++b->n;
}

static void bind_all(sqlite3_stmt *st, const binds *b)
{
        for (int i = 0; i < b->n; i++) {
                if (b->v[i].type == SQLITE_TEXT)
                        sqlite3_bind_text(st, i + 1, b->v[i].s, -1, SQLITE_STATIC);
                else
                        sqlite3_bind_double(st, i + 1, b->v[i].d);
        }
}

/* The catalogue filters, each " AND ..." over talks t and events e. */
static void add_filters(dx_buf *w, const dx_query *q, binds *b)
{
        dx_buf_adds(w, " AND t.removed_at IS NULL");
        if (q->from[0])
                dx_buf_addf(w, " AND coalesce(t.date, e.date) >= ?%d", bind_text(b, q->from));
        if (q->until[0])
                dx_buf_addf(w, " AND coalesce(t.date, e.date) < ?%d", bind_text(b, q->until));
        if (q->longer > 0)
                dx_buf_addf(w, " AND t.duration > ?%d", bind_real(b, q->longer));
        if (q->shorter > 0)
                dx_buf_addf(w, " AND t.duration < ?%d", bind_real(b, q->shorter));
        if (q->has & DX_HAS_VIDEO)
                dx_buf_adds(w, " AND EXISTS (SELECT 1 FROM files f WHERE f.id = t.video_id"
                               " AND f.kind = 'video')");
        if (q->has & DX_HAS_AUDIO)
                dx_buf_adds(w, " AND EXISTS (SELECT 1 FROM files f WHERE f.id = t.video_id"
                               " AND f.kind = 'audio')");
        if (q->has & DX_HAS_RECORDING)
                dx_buf_adds(w, " AND t.video_id IS NOT NULL");
        if (q->has & DX_HAS_SLIDES)
                dx_buf_adds(w, " AND t.slides_id IS NOT NULL");
        if (q->has & DX_HAS_CAPTIONS)
                dx_buf_adds(w, " AND EXISTS (SELECT 1 FROM cues c WHERE c.file_id = t.video_id"
                               " OR c.file_id IN (SELECT tc.file_id FROM talk_captions tc"
                               " WHERE tc.talk_id = t.id))");
        if (q->lang[0]) {
                int l = bind_text(b, q->lang);

                /* "en" takes "en", "eng" and "en-GB"; case does not matter */
                dx_buf_addf(w,
                            " AND EXISTS (SELECT 1 FROM cues c WHERE (c.file_id = t.video_id"
                            " OR c.file_id IN (SELECT tc.file_id FROM talk_captions tc"
                            " WHERE tc.talk_id = t.id)) AND (dxlang(c.lang) = dxlang(?%d)"
                            " OR dxlang(c.lang) LIKE dxlang(?%d) || '-%%'))",
                            l, l);
        }
}

/* A talk that matched, with what the orders need. */
typedef struct ranked {
        int64_t id;
        double score, len; /* len < 0: no duration */
        char date[32];     /* "" when the talk has no date */
} ranked;

/* Missing dates and durations sort last whichever way. */
static int by_date(const ranked *x, const ranked *y)
{
        if (!x->date[0] != !y->date[0])
                return !x->date[0] - !y->date[0];
        return -strcmp(x->date, y->date);
}

static int by_len(const ranked *x, const ranked *y)
{
        if ((x->len < 0) != (y->len < 0))
                return (x->len < 0) - (y->len < 0);
        return (x->len < y->len) - (x->len > y->len);
}

static int by_score(const ranked *x, const ranked *y)
{
        return (x->score < y->score) - (x->score > y->score);
}

static int by_id(const ranked *x, const ranked *y)
{
        return (x->id > y->id) - (x->id < y->id);
}

static int cmp_relevance(const void *a, const void *b)
{
        int c = by_score(a, b);

        return c ? c : (c = by_date(a, b)) ? c : by_id(a, b);
}

static int cmp_date(const void *a, const void *b)
{
        int c = by_date(a, b);

        return c ? c : (c = by_score(a, b)) ? c : by_id(a, b);
}

static int cmp_duration(const void *a, const void *b)
{
        int c = by_len(a, b);

        return c ? c : (c = by_score(a, b)) ? c : by_id(a, b);
}

static int (*const sort_cmp[])(const void *, const void *) = {
    [DX_SORT_RELEVANCE] = cmp_relevance,
    [DX_SORT_DATE] = cmp_date,
    [DX_SORT_DURATION] = cmp_duration,
};

/* Every talk the statement gives, in the order asked for: one pass that
 * also counts them (a count(*) first would match everything twice). */
static int rank_all(dx_index *idx, sqlite3_stmt *st, dx_sort sort, ranked **out, size_t *n)
{
        ranked *v = NULL;
        size_t cap = 0;
        int rc;

        *out = NULL;
        *n = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *d = (const char *)sqlite3_column_text(st, 2);
                size_t dn;
                ranked *r;

                if (*n == cap) {
                        ranked *g = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof(*v));

                        if (!g) {
                                free(v);
                                return DX_ENOMEM;
                        }
                        v = g;
                }
                r = &v[(*n)++];
                r->id = sqlite3_column_int64(st, 0);
                r->score = sqlite3_column_double(st, 1);
                r->len =
                    sqlite3_column_type(st, 3) == SQLITE_NULL ? -1.0 : sqlite3_column_double(st, 3);
                dn = d ? strnlen(d, sizeof(r->date) - 1) : 0;
                memcpy(r->date, d ? d : "", dn);
                r->date[dn] = '\0';
        }
        if (rc != SQLITE_DONE) {
                free(v);
                *n = 0;
                return dx_store_fail(idx, "search");
        }
        if (*n > 1)
                qsort(v, *n, sizeof(*v), sort_cmp[sort]);
        *out = v;
        return 0;
}

static int query_error(dx_index *idx, const dx_query *q)
{
        int words = 0, negs = 0;

        for (size_t i = 0; i < q->nterms; i++) {
                if (!dx_has_token(q->terms[i].text))
                        continue;
                words++;
                negs += q->terms[i].negate;
        }
        if (negs && negs == words)
                dx_index_set_error(idx, "nothing to search for: the query only excludes words"
                                        " (add a word or a filter)");
        else if (q->nterms)
                dx_index_set_error(idx, "nothing to search for: the query has no words");
        else
                dx_index_set_error(idx, "empty query");
        return DX_EQUERY;
}

static int add_result(dx_results *out, size_t *cap)
{
        if (out->n == *cap) {
                size_t nc = *cap ? *cap * 2 : 16;
                dx_result *v = realloc(out->v, nc * sizeof(*v));
                if (!v)
                        return DX_ENOMEM;
                out->v = v;
                *cap = nc;
        }
        memset(&out->v[out->n], 0, sizeof(out->v[out->n]));
        return 0;
}

int dx_search(dx_index *idx, const dx_query *q, const dx_search_opts *opts, dx_results *out)
{
        dx_search_opts o = opts ? *opts : (dx_search_opts){0};
        expr pos = {0}, neg = {0};
        dx_buf from = DX_BUF_INIT, sql = DX_BUF_INIT;
        binds b = {0};
        sqlite3_stmt *st = NULL;
        ranked *all = NULL;
        int64_t *shown = NULL;
        int rc, near_arg = 0;
        size_t cap = 0, nall = 0;

        memset(out, 0, sizeof(*out));
        if (!o.limit)
                o.limit = 10;
        if (o.sort > DX_SORT_DURATION)
                o.sort = DX_SORT_RELEVANCE;
        if ((rc = build_expr(q, EXPR_TALKS, idx->version >= 5, &pos)) ||
            (rc = build_expr(q, EXPR_NOT, idx->version >= 5, &neg)))
                goto out;
        if (!pos.match && !dx_query_has_filters(q)) {
                rc = query_error(idx, q);
                goto out;
        }
        if (pos.match) {
                if ((rc = dx_search_register(idx)))
                        goto out;
                dx_buf_addf(&from,
                            " FROM talk_fts JOIN talks t ON t.id = talk_fts.rowid"
                            " JOIN events e ON e.id = t.event_id WHERE talk_fts MATCH ?%d",
                            bind_text(&b, pos.match));
        } else {
                dx_buf_adds(&from, " FROM talks t JOIN events e ON e.id = t.event_id WHERE 1");
                if (neg.match)
                        dx_buf_addf(&from,
                                    " AND t.id NOT IN (SELECT rowid FROM talk_fts"
                                    " WHERE talk_fts MATCH ?%d)",
                                    bind_text(&b, neg.match));
        }
        add_filters(&from, q, &b);
        if (from.truncated || from.failed) {
                rc = DX_ENOMEM;
                goto out;
        }

        if (pos.match)
                near_arg = bind_text(&b, pos.near);
        if (near_arg) {
                dx_buf_addf(&sql, "SELECT t.id, dxrank(talk_fts, ?%d", near_arg);
                for (int f = DX_FIELD_TITLE; f < DX_FIELD_COUNT; f++)
                        dx_buf_addf(&sql, ", %.1f", rank_weight[f]);
                dx_buf_adds(&sql, "),");
        } else
                dx_buf_adds(&sql, "SELECT t.id, 0.0,");
        dx_buf_addf(&sql, " coalesce(t.date, e.date), t.duration%s", from.s);
        if (sql.truncated || sql.failed ||
            sqlite3_prepare_v2(idx->db, sql.s, -1, &st, NULL) != SQLITE_OK) {
                rc = sql.truncated || sql.failed ? DX_ENOMEM : dx_store_fail(idx, "search");
                goto out;
        }
        bind_all(st, &b);
        if ((rc = rank_all(idx, st, o.sort, &all, &nall)))
                goto out;
        out->total = nall;
        if (!(shown = malloc((o.limit < nall ? o.limit : nall) * sizeof(*shown) + 1))) {
                rc = DX_ENOMEM;
                goto out;
        }
        for (size_t i = o.offset; i < nall && i - o.offset < o.limit; i++) {
                int64_t rowid = all[i].id;
                dx_result *r;

                if ((rc = add_result(out, &cap)))
                        goto out;
                r = &out->v[out->n];
                r->score = all[i].score;
                rc = dx_store_talk_summary(idx, rowid, &r->talk);
                if (rc == DX_ENOTFOUND) { /* removed since it matched */
                        rc = 0;
                        continue;
                }
                if (rc)
                        goto out;
                shown[out->n++] = rowid;
        }
        if (pos.match && out->n)
                rc = add_hits(idx, q, pos.match, shown, &o, out);
out:
        free(shown);
        free(all);
        sqlite3_finalize(st);
        dx_buf_release(&from);
        dx_buf_release(&sql);
        expr_release(&pos);
        expr_release(&neg);
        if (rc)
                dx_results_release(out);
        return dx_index_nomem(idx, rc);
}

void dx_results_release(dx_results *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                dx_talk_release(&r->v[i].talk);
                for (size_t j = 0; j < r->v[i].nhits; j++) {
                        free(r->v[i].hits[j].snippet);
                        free(r->v[i].hits[j].lang);
                        free(r->v[i].hits[j].on_screen);
                }
        }
        free(r->v);
        memset(r, 0, sizeof(*r));
}
