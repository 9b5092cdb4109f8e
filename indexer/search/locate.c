/*
 * locate.c - which slide pages, caption cues or chapters of a found talk
 * hold its match.  They are indexed only inside their talk's talk_fts row
 * (store.c): its slides column is the talk's pages joined in page order,
 * its captions column its cues and its chapters column its chapter titles,
 * in the order talk_doc gives them.  FTS5 says at which token of which
 * column each match stands (dxoffsets(), an auxiliary function defined
 * here, read once per shown talk); counting the tokens of the pages, cues
 * or chapters in the same order, with the same tokenizer, says which row
 * each token is in.  No archive-wide work and no index writes: only the
 * talk's rows up to its last match are tokenized, and only to count. */
#include "dx_fts.h"

#include <stdlib.h>
#include <string.h>

/* Phrases beyond this many are not told apart when ranking rows. */
#define MAX_PHRASES 64

/* dxoffsets(fts_table): the matches in the current row, as a blob of
 * dx_match in column and offset order. */
static void dxoffsets(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                      sqlite3_value **val)
{
        int ninst = 0, n = 0;
        dx_match *v;

        (void)nval, (void)val;
        if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
                sqlite3_result_error(ctx, "dxoffsets: cannot read matches", -1);
                return;
        }
        v = sqlite3_malloc64((size_t)(ninst > 0 ? ninst : 1) * sizeof(*v));
        if (!v) {
                sqlite3_result_error_nomem(ctx);
                return;
        }
        for (int i = 0; i < ninst; i++) {
                int p, c, off;

                if (api->xInst(fts, i, &p, &c, &off) == SQLITE_OK) {
                        v[n].phrase = p;
                        v[n].col = c;
                        v[n].off = off;
                        v[n].size = api->xPhraseSize(fts, p);
                        n++;
                }
        }
        sqlite3_result_blob(ctx, v, n * (int)sizeof(*v), sqlite3_free);
}

int dx_locate_register(fts5_api *api)
{
        return api->xCreateFunction(api, "dxoffsets", NULL, dxoffsets, NULL) == SQLITE_OK ? 0
                                                                                          : DX_ERR;
}

typedef struct counter {
        int n;
} counter;

static int count_token(void *ud, int flags, const char *tok, int n, int start, int end)
{
        (void)tok, (void)n, (void)start, (void)end;
        if (!(flags & FTS5_TOKEN_COLOCATED))
                ((counter *)ud)->n++;
        return SQLITE_OK;
}

/* The tokenizer, and what it was found to make of non-ASCII characters. */
typedef struct counting {
        fts5_tokenizer tk;
        Fts5Tokenizer *t;
        int n;
        uint32_t cp[64];
        signed char joins[64]; /* 1: part of a token; 0: a separator */
} counting;

/* Whether the character cp (UTF-8 bytes s[0..len)) continues a token, as
 * the tokenizer says of "a" cp "a"; -1 when it cannot say. */
static int char_joins(counting *c, uint32_t cp, const char *s, int len)
{
        char probe[8] = "a";
        counter k = {0};

        for (int i = 0; i < c->n; i++)
                if (c->cp[i] == cp)
                        return c->joins[i];
        memcpy(probe + 1, s, (size_t)len);
        probe[1 + len] = 'a';
        if (c->tk.xTokenize(c->t, &k, FTS5_TOKENIZE_DOCUMENT, probe, len + 2, count_token) !=
            SQLITE_OK)
                return -1;
        if (c->n < (int)(sizeof(c->cp) / sizeof(c->cp[0]))) {
                c->cp[c->n] = cp;
                c->joins[c->n++] = (signed char)(k.n == 1);
        }
        return k.n == 1;
}

/* How many tokens the tokenizer finds in text[0..len): letters and digits
 * of ASCII make tokens and every other ASCII byte parts them, as in
 * unicode61; other characters are asked of the tokenizer once each.
 * Returns -1 when the text must go through the tokenizer whole (bytes
 * that are not UTF-8). */
static int count_tokens(counting *c, const char *text, int len)
{
        int n = 0, in = 0;

        for (int i = 0; i < len;) {
                unsigned char b = (unsigned char)text[i];
                int tok, k = 1;

                if (b < 0x80) {
                        tok = (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
                } else {
                        uint32_t cp;

                        if (b >= 0xc2 && b <= 0xdf)
                                k = 2, cp = b & 0x1f;
                        else if (b >= 0xe0 && b <= 0xef)
                                k = 3, cp = b & 0x0f;
                        else if (b >= 0xf0 && b <= 0xf4)
                                k = 4, cp = b & 0x07;
                        else
                                return -1;
                        if (i + k > len)
                                return -1;
                        for (int j = 1; j < k; j++) {
                                if (((unsigned char)text[i + j] & 0xc0) != 0x80)
                                        return -1;
                                cp = cp << 6 | ((unsigned char)text[i + j] & 0x3f);
                        }
                        if ((tok = char_joins(c, cp, text + i, k)) < 0)
                                return -1;
                }
                n += tok && !in;
                in = tok;
                i += k;
        }
        return n;
}

static int spot_cmp(const void *a, const void *b)
{
        const dx_spot *x = a, *y = b;

        if (x->fresh != y->fresh)
                return y->fresh - x->fresh;
        if (x->distinct != y->distinct)
                return y->distinct - x->distinct;
        if (x->nm != y->nm)
                return y->nm - x->nm;
        return x->order - y->order;
}

static int order_cmp(const void *a, const void *b)
{
        const dx_spot *x = a, *y = b;

        return x->order - y->order;
}

/* ---- boilerplate: what a deck repeats on many pages ---- */

/* A line of a page. */
typedef struct line_at {
        const char *s;
        int len, page;
} line_at;

/* Lines by their text. */
static int line_text_cmp(const void *a, const void *b)
{
        const line_at *x = a, *y = b;
        int c = memcmp(x->s, y->s, (size_t)(x->len < y->len ? x->len : y->len));

        return c ? c : x->len - y->len;
}

/* Lines by their text, then page. */
static int line_cmp(const void *a, const void *b)
{
        int c = line_text_cmp(a, b);

        return c ? c : ((const line_at *)a)->page - ((const line_at *)b)->page;
}

/* The lines (spaces at either end aside) that stand on at least three
 * pages of the deck and on a third of them or more (a footer, the
 * speaker's name, the event's name), each once, sorted: *out (free() it),
 * *n of them.  raw holds the pages, each ended by a NUL. */
static int deck_boilerplate(const char *raw, size_t len, line_at **out, int *n)
{
        line_at *v = NULL;
        size_t nv = 0, cap = 0;
        int pages = 0, k = 0;

        *out = NULL;
        *n = 0;
        for (size_t off = 0; off < len; pages++) {
                const char *p = raw + off, *end = p + strlen(p);

                off += (size_t)(end - p) + 1;
                while (p < end) {
                        const char *nl = memchr(p, '\n', (size_t)(end - p)), *a = p, *z;

                        z = nl ? nl : end;
                        p = nl ? nl + 1 : end;
                        while (a < z && (*a == ' ' || *a == '\t' || *a == '\r'))
                                a++;
                        while (z > a && (z[-1] == ' ' || z[-1] == '\t' || z[-1] == '\r'))
                                z--;
                        if (z == a || z - a > 4096)
                                continue;
                        if (nv == cap) {
                                line_at *g = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof(*v));

                                if (!g) {
                                        free(v);
                                        return DX_ENOMEM;
                                }
                                v = g;
                        }
                        v[nv++] = (line_at){a, (int)(z - a), pages};
                }
        }
        if (nv > 1)
                qsort(v, nv, sizeof(*v), line_cmp);
        /* keep one of each line on enough pages */
        for (size_t i = 0; i < nv;) {
                size_t j = i + 1;
                int on = 1;

                for (; j < nv && v[j].len == v[i].len && !memcmp(v[j].s, v[i].s, (size_t)v[i].len);
                     j++)
                        on += v[j].page != v[j - 1].page;
                if (on >= 3 && on * 3 >= pages)
                        v[k++] = v[i];
                i = j;
        }
        if (!k) {
                free(v);
                return 0;
        }
        *out = v;
        *n = k;
        return 0;
}

/* The phrases of the page's matches m[0..n) (token offsets; the page's
 * text starts at base) that stand outside the deck's boilerplate lines
 * b[0..nb), as a mask in *mask; -1 when the page cannot be counted line
 * by line. */
static int fresh_phrases(counting *cnt, const line_at *b, int nb, const char *text, int ntext,
                         int base, const dx_match *m, int n, uint64_t *mask)
{
        const char *p = text, *end = text + ntext;
        int at = base;

        *mask = 0;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p)), *a = p, *z;
                line_at key;
                int ntok, boiler;

                z = nl ? nl : end;
                if ((ntok = count_tokens(cnt, p, (int)(z - p))) < 0)
                        return -1;
                while (a < z && (*a == ' ' || *a == '\t' || *a == '\r'))
                        a++;
                while (z > a && (z[-1] == ' ' || z[-1] == '\t' || z[-1] == '\r'))
                        z--;
                key = (line_at){a, (int)(z - a), 0};
                boiler = z > a && bsearch(&key, b, (size_t)nb, sizeof(*b), line_text_cmp);
                for (int i = 0; i < n && !boiler; i++)
                        if (m[i].off >= at && m[i].off + m[i].size <= at + ntok &&
                            m[i].phrase >= 0 && m[i].phrase < MAX_PHRASES)
                                *mask |= UINT64_C(1) << m[i].phrase;
                at += ntok;
                p = nl ? nl + 1 : end;
        }
        return 0;
}

/* The columns of talk_doc and, but for pages (a deck's text, one blob),
 * the rows each joins, in the order it joins them: id, text, whether the
 * row may be shown, start, end, lang. */
static const struct {
        int col;
        const char *rows; /* ?1: the talk; ?2: a language or NULL */
} sources[] = {
    [DX_LOCATE_PAGES] = {6, NULL},
    [DX_LOCATE_CUES] = {7, "SELECT c.id, c.text, ?2 IS NULL OR dxlang(c.lang) = dxlang(?2) OR"
                           " dxlang(c.lang) LIKE dxlang(?2) || '-%', c.start_ms / 1000.0,"
                           " c.end_ms / 1000.0, c.lang FROM cues c"
                           " WHERE c.file_id = (SELECT video_id FROM talks WHERE id = ?1)"
                           " OR c.file_id IN (SELECT tc.file_id FROM talk_captions tc"
                           " WHERE tc.talk_id = ?1) ORDER BY c.file_id, c.start_ms, c.id"},
    [DX_LOCATE_CHAPTERS] = {8, "SELECT ch.pos, ch.title, 1, ch.start, ch.start, NULL"
                               " FROM chapters ch WHERE ch.file_id ="
                               " (SELECT video_id FROM talks WHERE id = ?1) ORDER BY ch.pos"},
};

/* The rows of a talk's column, one after the other. */
typedef struct row_iter {
        sqlite3_stmt *st; /* cues, chapters */
        char *raw;        /* pages: the deck's texts, each ended by a NUL */
        size_t len, off;
        int page;
        /* the current row */
        const char *text, *lang;
        int ntext, shown;
        int64_t id;
        double start, end;
} row_iter;

static int rows_open(dx_index *idx, int64_t talk, dx_locate_what what, const char *lang,
                     row_iter *r)
{
        memset(r, 0, sizeof(*r));
        if (what == DX_LOCATE_PAGES) {
                sqlite3_stmt *st = dx_store_prep(idx, "SELECT slides_id FROM talks WHERE id = ?");
                int64_t fid = 0;

                if (!st)
                        return DX_ERR;
                sqlite3_bind_int64(st, 1, talk);
                switch (sqlite3_step(st)) {
                case SQLITE_ROW:
                        fid = sqlite3_column_int64(st, 0);
                        break;
                case SQLITE_DONE:
                        break;
                default:
                        sqlite3_reset(st);
                        return dx_store_fail(idx, "search");
                }
                sqlite3_reset(st);
                return fid > 0 ? dx_store_slide_text(idx, fid, &r->raw, &r->len) : 0;
        }
        if (!(r->st = dx_store_prep(idx, sources[what].rows)))
                return DX_ERR;
        sqlite3_bind_int64(r->st, 1, talk);
        if (lang)
                sqlite3_bind_text(r->st, 2, lang, -1, SQLITE_STATIC);
        return 0;
}

/* 1 and the row's fields set, 0 at the end, or an error. */
static int rows_next(dx_index *idx, row_iter *r)
{
        int rc;

        if (!r->st) {
                if (!r->raw || r->off >= r->len)
                        return 0;
                r->text = r->raw + r->off;
                r->ntext = (int)strlen(r->text);
                r->off += (size_t)r->ntext + 1;
                r->id = r->page = r->page + 1;
                r->shown = 1;
                return 1;
        }
        if ((rc = sqlite3_step(r->st)) == SQLITE_DONE)
                return 0;
        if (rc != SQLITE_ROW)
                return dx_store_fail(idx, "search");
        r->id = sqlite3_column_int64(r->st, 0);
        r->text = (const char *)sqlite3_column_text(r->st, 1);
        r->ntext = sqlite3_column_bytes(r->st, 1);
        r->shown = sqlite3_column_int(r->st, 2);
        r->start = sqlite3_column_double(r->st, 3);
        r->end = sqlite3_column_double(r->st, 4);
        r->lang = (const char *)sqlite3_column_text(r->st, 5);
        return 1;
}

static void rows_close(row_iter *r)
{
        if (r->st)
                sqlite3_reset(r->st);
        free(r->raw);
}

int dx_matches(dx_index *idx, int64_t talk, const char *match, dx_match **out, int *n)
{
        return dx_matches_of(idx, match, &talk, 1, out, n);
}

int dx_matches_in(const dx_match *m, int nm, int col, const dx_match **first)
{
        int i = 0, n = 0;

        while (i < nm && m[i].col < col)
                i++;
        *first = m + i;
        while (i + n < nm && m[i + n].col == col)
                n++;
        return n;
}

int dx_matches_of(dx_index *idx, const char *match, const int64_t *ids, int n, dx_match **out,
                  int *nout)
{
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT rowid, dxoffsets(talk_fts) FROM talk_fts"
                                              " WHERE talk_fts MATCH ?1 AND rowid BETWEEN ?2"
                                              " AND ?3 AND +rowid IN"
                                              " (SELECT value FROM json_each(?4))");
        dx_buf list = DX_BUF_INIT;
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        int rc = 0, step;

        for (int i = 0; i < n; i++) {
                out[i] = NULL;
                nout[i] = 0;
                lo = ids[i] < lo ? ids[i] : lo;
                hi = ids[i] > hi ? ids[i] : hi;
                dx_buf_addf(&list, "%s%lld", i ? "," : "[", (long long)ids[i]);
        }
        dx_buf_addc(&list, ']');
        if (!st || list.truncated || list.failed) {
                dx_buf_release(&list);
                return st ? DX_ENOMEM : DX_ERR;
        }
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, lo);
        sqlite3_bind_int64(st, 3, hi);
        sqlite3_bind_text(st, 4, list.s, -1, SQLITE_STATIC);
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t id = sqlite3_column_int64(st, 0);
                int bytes = sqlite3_column_bytes(st, 1);

                for (int i = 0; i < n && !rc; i++) {
                        if (ids[i] != id || bytes <= 0 || out[i])
                                continue;
                        if (!(out[i] = malloc((size_t)bytes))) {
                                rc = DX_ENOMEM;
                                break;
                        }
                        memcpy(out[i], sqlite3_column_blob(st, 1), (size_t)bytes);
                        nout[i] = bytes / (int)sizeof(**out);
                }
        }
        if (!rc && step != SQLITE_DONE)
                rc = dx_store_fail(idx, "search");
        sqlite3_reset(st);
        dx_buf_release(&list);
        if (rc)
                for (int i = 0; i < n; i++) {
                        free(out[i]);
                        out[i] = NULL;
                        nout[i] = 0;
                }
        return rc;
}

void dx_spots_release(dx_spot *s, int n)
{
        for (int i = 0; i < n; i++) {
                free(s[i].text);
                free(s[i].lang);
                s[i].text = s[i].lang = NULL;
        }
}

/* Keep the current row as a spot. */
static int spot_keep(const row_iter *r, dx_spot *s)
{
        s->id = r->id;
        s->page = r->st ? 0 : r->page;
        s->start = r->start;
        s->end = r->end;
        s->text = dx_strdup(r->text ? r->text : "");
        s->lang = r->lang ? dx_strdup(r->lang) : NULL;
        return s->text && (!r->lang || s->lang) ? 0 : DX_ENOMEM;
}

int dx_locate(dx_index *idx, int64_t talk, dx_locate_what what, const char *lang, const dx_match *m,
              int nm, int in_order, dx_spot *out, int max)
{
        const char *args[] = {"remove_diacritics", "2"};
        fts5_api *api = dx_index_fts5(idx);
        counting cnt = {0};
        void *ud = NULL;
        row_iter r = {0};
        dx_spot *spots = NULL;
        size_t nspots = 0, cap = 0;
        line_at *boiler = NULL;
        int nboiler = 0;
        const dx_match *first;
        int n = dx_matches_in(m, nm, sources[what].col, &first);
        int next = (int)(first - m), last = next + n, base = 0, order = 0, rc = 0;

        if (!n)
                return 0;
        if (!api || api->xFindTokenizer(api, "unicode61", &ud, &cnt.tk) != SQLITE_OK ||
            cnt.tk.xCreate(ud, args, 2, &cnt.t) != SQLITE_OK) {
                dx_index_set_error(idx, "%s: cannot tokenize (FTS5 missing?)", idx->path);
                return DX_ERR;
        }
        if ((rc = rows_open(idx, talk, what, lang, &r)))
                goto out;
        if (r.raw && (rc = deck_boilerplate(r.raw, r.len, &boiler, &nboiler)))
                goto out;
        while (next < last && (rc = rows_next(idx, &r)) == 1) {
                counter c = {0};
                uint64_t seen = 0, fresh = 0;
                dx_spot s = {.base = base, .m = m + next, .order = order++};
                int from = next;

                /* porter never splits or joins unicode61's tokens */
                if (r.text && (c.n = count_tokens(&cnt, r.text, r.ntext)) < 0) {
                        c.n = 0;
                        if (cnt.tk.xTokenize(cnt.t, &c, FTS5_TOKENIZE_DOCUMENT, r.text, r.ntext,
                                             count_token) != SQLITE_OK) {
                                rc = DX_ERR;
                                break;
                        }
                }
                for (; next < last && m[next].off < base + c.n; next++) {
                        int p = m[next].phrase;

                        /* a phrase that runs on into the next row is in neither */
                        if (m[next].off + m[next].size > base + c.n)
                                continue;
                        s.nm++;
                        if (p >= 0 && p < MAX_PHRASES && !(seen & (UINT64_C(1) << p))) {
                                seen |= UINT64_C(1) << p;
                                s.distinct++;
                        }
                }
                /* the phrases outside the deck's boilerplate, which a
                 * page where the query's words are its own comes first by */
                s.fresh = s.distinct;
                if (s.nm && nboiler &&
                    !fresh_phrases(&cnt, boiler, nboiler, r.text, r.ntext, base, m + from,
                                   next - from, &fresh))
                        for (s.fresh = 0; fresh; fresh &= fresh - 1)
                                s.fresh++;
                base += c.n;
                if (!s.nm || !r.shown)
                        continue;
                if (nspots == cap) {
                        dx_spot *grown = realloc(spots, (cap ? cap * 2 : 16) * sizeof(*spots));

                        if (!grown) {
                                rc = DX_ENOMEM;
                                break;
                        }
                        spots = grown;
                        cap = cap ? cap * 2 : 16;
                }
                if (spot_keep(&r, &s)) {
                        dx_spots_release(&s, 1);
                        rc = DX_ENOMEM;
                        break;
                }
                spots[nspots++] = s;
        }
        if (rc < 0)
                goto out;
        rc = 0;
        if (nspots > 1 && !in_order)
                qsort(spots, nspots, sizeof(*spots), spot_cmp);
        for (size_t i = 0, boiler_only = 0; i < nspots; i++) {
                /* pages that match only in the deck's boilerplate all say
                 * the same: one of them is enough */
                if (nboiler && !spots[i].fresh && boiler_only++)
                        continue;
                if (rc < max) {
                        out[rc++] = spots[i];
                        spots[i].text = spots[i].lang = NULL;
                }
        }
        if (in_order && rc > 1)
                qsort(out, (size_t)rc, sizeof(*out), order_cmp);
out:
        if (spots)
                dx_spots_release(spots, (int)nspots);
        rows_close(&r);
        if (cnt.t)
                cnt.tk.xDelete(cnt.t);
        free(spots);
        free(boiler);
        return rc;
}

int dx_talk_meta(dx_index *idx, int64_t talk, char *out[DX_META_COLS])
{
        /* only the cheap columns of the view: no pages, no cues */
        sqlite3_stmt *st = dx_store_prep(idx, "SELECT title, speakers, affil, event, abstract,"
                                              " tags FROM talk_doc WHERE id = ?");
        int rc = 0, step;

        memset(out, 0, DX_META_COLS * sizeof(*out));
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, talk);
        step = sqlite3_step(st);
        if (step == SQLITE_ROW) {
                for (int c = 0; c < DX_META_COLS && !rc; c++) {
                        const char *t = (const char *)sqlite3_column_text(st, c);

                        if (t && !(out[c] = dx_strdup(t)))
                                rc = DX_ENOMEM;
                }
        } else if (step != SQLITE_DONE) { /* DONE: the talk went since it was found */
                rc = dx_store_fail(idx, "search");
        }
        sqlite3_reset(st);
        if (rc)
                for (int c = 0; c < DX_META_COLS; c++) {
                        free(out[c]);
                        out[c] = NULL;
                }
        return rc;
}

int dx_match_text(dx_index *idx, int64_t talk, const dx_match *m, char **out)
{
        static const dx_locate_what rows[] = {DX_LOCATE_PAGES, DX_LOCATE_CUES, DX_LOCATE_CHAPTERS};
        char *meta[DX_META_COLS] = {0}, *marked = NULL;
        dx_spot spot = {0};
        const char *text = NULL, *a, *z;
        int base = 0, n = 0, rc = 0;

        *out = NULL;
        if (m->col < DX_META_COLS) {
                if ((rc = dx_talk_meta(idx, talk, meta)) == 0)
                        text = meta[m->col];
        } else if (m->col - DX_META_COLS < 3) {
                n = dx_locate(idx, talk, rows[m->col - DX_META_COLS], NULL, m, 1, 0, &spot, 1);
                text = n > 0 ? spot.text : NULL;
                base = spot.base;
                rc = n < 0 ? n : 0;
        }
        if (text &&
            !(marked = dx_snippet(dx_index_fts5(idx), text, m, 1, base, 0, "\x02", "\x03", "")))
                rc = DX_ENOMEM;
        if (marked && (a = strchr(marked, '\x02')) && (z = strchr(a, '\x03')) && z > a + 1 &&
            !(*out = dx_strndup(a + 1, (size_t)(z - a - 1))))
                rc = DX_ENOMEM;
        free(marked);
        dx_spots_release(&spot, n > 0 ? n : 0);
        for (int c = 0; c < DX_META_COLS; c++)
                free(meta[c]);
        return rc;
}
