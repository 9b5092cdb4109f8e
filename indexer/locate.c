/*
 * locate.c - which slide pages or caption cues of a found talk hold its
 * match.  Pages and cues are indexed only inside their talk's talk_fts row
 * (store.c): its slides column is the talk's pages joined in page order,
 * its captions column its cues in the order talk_doc gives them.  FTS5
 * says at which token of the column each match stands (dxoffsets(), an
 * auxiliary function defined here); counting the tokens of the pages or
 * cues in the same order, with the same tokenizer, says which row each
 * token is in.  No archive-wide work and no index writes: only the
 * talk's rows up to its last match are tokenized, and only to count.
 */
#include "dx_fts.h"

#include <stdlib.h>
#include <string.h>

/* Phrases beyond this many are not told apart when ranking rows. */
#define MAX_PHRASES 64

/* dxoffsets(fts_table, col): the matches in column col of the current
 * row, as a blob of (phrase, token offset) int pairs in offset order. */
static void dxoffsets(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                      sqlite3_value **val)
{
        int ninst = 0, col = nval > 0 ? sqlite3_value_int(val[0]) : 0, n = 0;
        int *v;

        if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
                sqlite3_result_error(ctx, "dxoffsets: cannot read matches", -1);
                return;
        }
        v = sqlite3_malloc64((size_t)(ninst > 0 ? ninst : 1) * 2 * sizeof(int));
        if (!v) {
                sqlite3_result_error_nomem(ctx);
                return;
        }
        /* instances come in column and offset order */
        for (int i = 0; i < ninst; i++) {
                int p, c, off;

                if (api->xInst(fts, i, &p, &c, &off) == SQLITE_OK && c == col) {
                        v[2 * n] = p;
                        v[2 * n + 1] = off;
                        n++;
                }
        }
        sqlite3_result_blob(ctx, v, n * 2 * (int)sizeof(int), sqlite3_free);
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

/* A row of the talk that holds matches. */
typedef struct spot {
        int64_t id;
        int distinct, count, order;
} spot;

static int spot_cmp(const void *a, const void *b)
{
        const spot *x = a, *y = b;

        if (x->distinct != y->distinct)
                return y->distinct - x->distinct;
        if (x->count != y->count)
                return y->count - x->count;
        return x->order - y->order;
}

/* The columns and rows of talk_doc, in the order the view joins them. */
static const struct {
        int col;
        const char *name;
        const char *rows; /* ?1: the talk; ?2: a language or NULL */
} sources[] = {
    [DX_LOCATE_PAGES] = {6, "slides",
                         "SELECT p.id, p.text, 1 FROM talks t JOIN pages p ON p.file_id ="
                         " t.slides_id WHERE t.id = ?1 ORDER BY p.page"},
    [DX_LOCATE_CUES] = {7, "captions",
                        "SELECT c.id, c.text, ?2 IS NULL OR dxlang(c.lang) = dxlang(?2) OR"
                        " dxlang(c.lang) LIKE dxlang(?2) || '-%' FROM cues c"
                        " WHERE c.file_id = (SELECT video_id FROM talks WHERE id = ?1)"
                        " OR c.file_id IN (SELECT tc.file_id FROM talk_captions tc"
                        " WHERE tc.talk_id = ?1) ORDER BY c.file_id, c.start_ms, c.id"},
};

/* The (phrase, offset) pairs of the talk's matches in the column. */
static int offsets(dx_index *idx, int64_t talk, dx_locate_what what, const char *match, int **out,
                   int *n)
{
        char *m = dx_asprintf("{%s} : (%s)", sources[what].name, match);
        sqlite3_stmt *st = NULL;
        int rc = 0;

        *out = NULL;
        *n = 0;
        if (!m)
                return DX_ENOMEM;
        st = dx_store_prep(idx, "SELECT dxoffsets(talk_fts, ?3) FROM talk_fts"
                                " WHERE talk_fts MATCH ?1 AND rowid = ?2");
        if (!st) {
                rc = DX_ERR;
                goto out;
        }
        sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, talk);
        sqlite3_bind_int(st, 3, sources[what].col);
        switch (sqlite3_step(st)) {
        case SQLITE_ROW: {
                int bytes = sqlite3_column_bytes(st, 0);

                if (bytes > 0) {
                        *out = malloc((size_t)bytes);
                        if (!*out) {
                                rc = DX_ENOMEM;
                                break;
                        }
                        memcpy(*out, sqlite3_column_blob(st, 0), (size_t)bytes);
                        *n = bytes / (int)(2 * sizeof(int));
                }
                break;
        }
        case SQLITE_DONE:
                break;
        default:
                rc = dx_store_fail(idx, "search");
        }
out:
        if (st)
                sqlite3_reset(st);
        free(m);
        return rc;
}

int dx_locate(dx_index *idx, int64_t talk, dx_locate_what what, const char *match, const char *lang,
              int64_t *ids, int max)
{
        const char *args[] = {"remove_diacritics", "2"};
        fts5_api *api = dx_index_fts5(idx);
        counting cnt = {0};
        void *ud = NULL;
        sqlite3_stmt *st = NULL;
        spot *spots = NULL;
        size_t nspots = 0, cap = 0;
        int *inst = NULL, ninst = 0, next = 0, base = 0, order = 0, rc;

        if ((rc = offsets(idx, talk, what, match, &inst, &ninst)) || !ninst)
                goto out;
        if (!api || api->xFindTokenizer(api, "unicode61", &ud, &cnt.tk) != SQLITE_OK ||
            cnt.tk.xCreate(ud, args, 2, &cnt.t) != SQLITE_OK) {
                dx_index_set_error(idx, "%s: cannot tokenize (FTS5 missing?)", idx->path);
                rc = DX_ERR;
                goto out;
        }
        if (!(st = dx_store_prep(idx, sources[what].rows))) {
                rc = DX_ERR;
                goto out;
        }
        sqlite3_bind_int64(st, 1, talk);
        if (lang)
                sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
        while (next < ninst && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *text = (const char *)sqlite3_column_text(st, 1);
                counter c = {0};
                uint64_t seen = 0;
                int len = sqlite3_column_bytes(st, 1);
                spot s = {sqlite3_column_int64(st, 0), 0, 0, order++};

                /* porter never splits or joins unicode61's tokens */
                if (text && (c.n = count_tokens(&cnt, text, len)) < 0) {
                        c.n = 0;
                        if (cnt.tk.xTokenize(cnt.t, &c, FTS5_TOKENIZE_DOCUMENT, text, len,
                                             count_token) != SQLITE_OK) {
                                rc = DX_ERR;
                                break;
                        }
                }
                for (; next < ninst && inst[2 * next + 1] < base + c.n; next++) {
                        int p = inst[2 * next];

                        s.count++;
                        if (p >= 0 && p < MAX_PHRASES && !(seen & (UINT64_C(1) << p))) {
                                seen |= UINT64_C(1) << p;
                                s.distinct++;
                        }
                }
                base += c.n;
                if (!s.count || !sqlite3_column_int(st, 2))
                        continue;
                if (nspots == cap) {
                        spot *grown = realloc(spots, (cap ? cap * 2 : 16) * sizeof(*spots));

                        if (!grown) {
                                rc = DX_ENOMEM;
                                break;
                        }
                        spots = grown;
                        cap = cap ? cap * 2 : 16;
                }
                spots[nspots++] = s;
        }
        if (rc == DX_ERR || rc == DX_ENOMEM)
                goto out;
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                rc = dx_store_fail(idx, "search");
                goto out;
        }
        rc = 0;
        if (nspots > 1)
                qsort(spots, nspots, sizeof(*spots), spot_cmp);
        for (size_t i = 0; i < nspots && rc < max; i++)
                ids[rc++] = spots[i].id;
out:
        if (st)
                sqlite3_reset(st);
        if (cnt.t)
                cnt.tk.xDelete(cnt.t);
        free(spots);
        free(inst);
        return rc;
}
