/*
 * search.c - answer a query from the index.  The query's terms become an
 * FTS5 expression made only of quoted strings, column filters and AND/OR,
 * so nothing a person types is ever read as FTS5 syntax; the expression is
 * bound as a parameter.  Talks are ranked by BM25 over talk_fts with column
 * weights; each result then gets up to DX_MAX_HITS hits: the best matching
 * slide pages from page_fts and the metadata fields that matched.
 */
#include "dx_int.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

/* talk_fts column weights: title, speakers, affil, event, abstract, tags, slides */
#define DX_BM25 "bm25(talk_fts, 10.0, 8.0, 3.0, 2.0, 3.0, 4.0, 1.0)"

/* Markers FTS5 puts around matches; replaced by the caller's afterwards. */
#define MARK_OPEN  "\x02"
#define MARK_CLOSE "\x03"

static const char *const field_names[DX_FIELD_COUNT] = {
    [DX_FIELD_ANY] = "any",         [DX_FIELD_TITLE] = "title",   [DX_FIELD_SPEAKERS] = "speakers",
    [DX_FIELD_COMPANY] = "company", [DX_FIELD_EVENT] = "event",   [DX_FIELD_ABSTRACT] = "abstract",
    [DX_FIELD_TAGS] = "tags",       [DX_FIELD_SLIDES] = "slides",
};

/* talk_fts column of each field */
static const char *const field_cols[DX_FIELD_COUNT] = {
    [DX_FIELD_ANY] = NULL,        [DX_FIELD_TITLE] = "title",   [DX_FIELD_SPEAKERS] = "speakers",
    [DX_FIELD_COMPANY] = "affil", [DX_FIELD_EVENT] = "event",   [DX_FIELD_ABSTRACT] = "abstract",
    [DX_FIELD_TAGS] = "tags",     [DX_FIELD_SLIDES] = "slides",
};

const char *dx_field_name(dx_field f)
{
        return f >= 0 && f < DX_FIELD_COUNT ? field_names[f] : "any";
}

int dx_query_add(dx_query *q, const char *text, size_t len, dx_field field, int prefix)
{
        if (q->nterms == q->alloc) {
                size_t na = q->alloc ? q->alloc * 2 : 8;
                dx_term *v = realloc(q->terms, na * sizeof(*v));
                if (!v)
                        return DX_ENOMEM;
                q->terms = v;
                q->alloc = na;
        }
        q->terms[q->nterms].text = dx_strndup(text, len);
        if (!q->terms[q->nterms].text)
                return DX_ENOMEM;
        q->terms[q->nterms].field = field;
        q->terms[q->nterms].prefix = prefix;
        q->nterms++;
        return 0;
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

/* Whether the tokenizer would find a word in s: a letter, digit or any
 * non-ASCII character (unicode61 treats those as token characters). */
static int has_token(const char *s)
{
        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;
                if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
                        return 1;
        }
        return 0;
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

/* The expression for talk_fts: every term, ANDed.  For page_fts (pages=1):
 * the terms that may match slide text, ORed, to find the best pages. */
static char *build_expr(const dx_query *q, int pages)
{
        dx_buf b = DX_BUF_INIT;
        size_t n = 0;

        for (size_t i = 0; i < q->nterms; i++) {
                const dx_term *t = &q->terms[i];

                if (!has_token(t->text))
                        continue;
                if (pages && t->field != DX_FIELD_ANY && t->field != DX_FIELD_SLIDES)
                        continue;
                if (n++)
                        dx_buf_adds(&b, pages ? " OR " : " AND ");
                if (!pages && t->field != DX_FIELD_ANY)
                        dx_buf_addf(&b, "{%s} : ", field_cols[t->field]);
                add_string(&b, t->text);
                if (t->prefix)
                        dx_buf_adds(&b, " *");
        }
        if (!n) {
                dx_buf_release(&b);
                return NULL;
        }
        return dx_buf_detach(&b);
}

/* Replace the FTS5 markers with the caller's and trim the snippet. */
static char *marked(const char *s, const dx_search_opts *o, int *has_mark)
{
        dx_buf b = DX_BUF_INIT;

        *has_mark = 0;
        for (; s && *s; s++) {
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
        dx_squeeze_space(r);
        return r;
}

static void add_hit(dx_result *r, dx_field f, int page, char *snippet)
{
        if (r->nhits >= DX_MAX_HITS) {
                free(snippet);
                return;
        }
        r->hits[r->nhits].field = f;
        r->hits[r->nhits].page = page;
        r->hits[r->nhits].snippet = snippet;
        r->nhits++;
}

/* Pages of the talk's slides that match, best first. */
static int page_hits(dx_index *idx, int64_t talk, const char *expr, const dx_search_opts *o,
                     int *pages, char **snips, int max)
{
        sqlite3_stmt *st;
        int n = 0, has;

        if (!expr)
                return 0;
        if (sqlite3_prepare_v2(idx->db,
                               "SELECT p.page, snippet(page_fts, 0, '" MARK_OPEN "', '" MARK_CLOSE
                               "', '…', 16) FROM page_fts JOIN pages p ON p.id = page_fts.rowid"
                               " WHERE page_fts MATCH ?1 AND page_fts.rowid BETWEEN"
                               " (SELECT min(id) FROM pages WHERE file_id = ?2) AND"
                               " (SELECT max(id) FROM pages WHERE file_id = ?2) AND p.file_id = ?2"
                               " ORDER BY bm25(page_fts), p.page LIMIT ?3",
                               -1, &st, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "search pages");
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, talk);
        sqlite3_bind_int(st, 3, max);
        while (n < max && sqlite3_step(st) == SQLITE_ROW) {
                pages[n] = sqlite3_column_int(st, 0);
                snips[n] = marked((const char *)sqlite3_column_text(st, 1), o, &has);
                n++;
        }
        sqlite3_finalize(st);
        return n;
}

/* Metadata columns in the order their hits are shown after slides. */
static const struct {
        int col;
        dx_field field;
} meta_cols[] = {
    {4, DX_FIELD_ABSTRACT}, {0, DX_FIELD_TITLE}, {1, DX_FIELD_SPEAKERS},
    {2, DX_FIELD_COMPANY},  {5, DX_FIELD_TAGS},  {3, DX_FIELD_EVENT},
};
#define NMETA (sizeof(meta_cols) / sizeof(meta_cols[0]))

static int find_hits(dx_index *idx, int64_t rowid, const char *expr, const char *page_expr,
                     const dx_search_opts *o, dx_result *r)
{
        char *meta[NMETA] = {0};
        char *psnip[DX_MAX_HITS] = {0};
        int pages[DX_MAX_HITS] = {0};
        int np, has;
        sqlite3_stmt *st;
        int64_t slides_id = -1;

        if (sqlite3_prepare_v2(idx->db, "SELECT slides_id FROM talks WHERE id = ?", -1, &st,
                               NULL) != SQLITE_OK)
                return dx_store_fail(idx, "search");
        sqlite3_bind_int64(st, 1, rowid);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
                slides_id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);

        np = slides_id > 0 ? page_hits(idx, slides_id, page_expr, o, pages, psnip, DX_MAX_HITS) : 0;
        if (np < 0)
                return np;

        if (sqlite3_prepare_v2(idx->db,
                               "SELECT snippet(talk_fts, 4, '" MARK_OPEN "', '" MARK_CLOSE
                               "', '…', 16),"
                               " highlight(talk_fts, 0, '" MARK_OPEN "', '" MARK_CLOSE "'),"
                               " highlight(talk_fts, 1, '" MARK_OPEN "', '" MARK_CLOSE "'),"
                               " highlight(talk_fts, 2, '" MARK_OPEN "', '" MARK_CLOSE "'),"
                               " highlight(talk_fts, 5, '" MARK_OPEN "', '" MARK_CLOSE "'),"
                               " snippet(talk_fts, 3, '" MARK_OPEN "', '" MARK_CLOSE "', '…', 12)"
                               " FROM talk_fts WHERE talk_fts MATCH ? AND rowid = ?",
                               -1, &st, NULL) != SQLITE_OK) {
                for (int i = 0; i < np; i++)
                        free(psnip[i]);
                return dx_store_fail(idx, "search");
        }
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, rowid);
        if (sqlite3_step(st) == SQLITE_ROW) {
                for (size_t i = 0; i < NMETA; i++) {
                        meta[i] = marked((const char *)sqlite3_column_text(st, (int)i), o, &has);
                        if (!has) {
                                free(meta[i]);
                                meta[i] = NULL;
                        }
                }
        }
        sqlite3_finalize(st);

        /* the best slide page says most; then the abstract; then more pages */
        if (np > 0)
                add_hit(r, DX_FIELD_SLIDES, pages[0], psnip[0]);
        if (meta[0]) {
                add_hit(r, DX_FIELD_ABSTRACT, 0, meta[0]);
                meta[0] = NULL;
        }
        for (int i = 1; i < np; i++)
                add_hit(r, DX_FIELD_SLIDES, pages[i], psnip[i]);
        for (size_t i = 1; i < NMETA; i++) {
                if (meta[i])
                        add_hit(r, meta_cols[i].field, 0, meta[i]);
                meta[i] = NULL;
        }
        return 0;
}

int dx_search(dx_index *idx, const dx_query *q, const dx_search_opts *opts, dx_results *out)
{
        dx_search_opts o = opts ? *opts : (dx_search_opts){0};
        char *expr, *page_expr;
        sqlite3_stmt *st = NULL;
        int rc = 0;
        size_t cap;

        memset(out, 0, sizeof(*out));
        if (!o.limit)
                o.limit = 10;
        expr = build_expr(q, 0);
        if (!expr) {
                dx_index_set_error(idx, q->nterms ? "nothing to search for: the query has no words"
                                                  : "empty query");
                return DX_EQUERY;
        }
        page_expr = build_expr(q, 1);

        if (sqlite3_prepare_v2(idx->db, "SELECT count(*) FROM talk_fts WHERE talk_fts MATCH ?", -1,
                               &st, NULL) != SQLITE_OK) {
                rc = dx_store_fail(idx, "search");
                goto out;
        }
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW) {
                rc = dx_store_fail(idx, "search");
                goto out;
        }
        out->total = (size_t)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        st = NULL;

        if (sqlite3_prepare_v2(idx->db,
                               "SELECT rowid, " DX_BM25 " AS r FROM talk_fts WHERE talk_fts MATCH ?"
                               " ORDER BY r, rowid LIMIT ? OFFSET ?",
                               -1, &st, NULL) != SQLITE_OK) {
                rc = dx_store_fail(idx, "search");
                goto out;
        }
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (int64_t)o.limit);
        sqlite3_bind_int64(st, 3, (int64_t)o.offset);
        cap = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t rowid = sqlite3_column_int64(st, 0);
                dx_result *r;

                if (out->n == cap) {
                        size_t nc = cap ? cap * 2 : 16;
                        dx_result *v = realloc(out->v, nc * sizeof(*v));
                        if (!v) {
                                rc = DX_ENOMEM;
                                goto out;
                        }
                        out->v = v;
                        cap = nc;
                }
                r = &out->v[out->n];
                memset(r, 0, sizeof(*r));
                r->score = -sqlite3_column_double(st, 1);
                if (dx_store_talk_summary(idx, rowid, &r->talk)) {
                        dx_talk_release(&r->talk);
                        continue;
                }
                out->n++;
                if ((rc = find_hits(idx, rowid, expr, page_expr, &o, r)) != 0)
                        goto out;
        }
        rc = rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "search");
out:
        sqlite3_finalize(st);
        free(expr);
        free(page_expr);
        if (rc)
                dx_results_release(out);
        return rc;
}

void dx_results_release(dx_results *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                dx_talk_release(&r->v[i].talk);
                for (size_t j = 0; j < r->v[i].nhits; j++)
                        free(r->v[i].hits[j].snippet);
        }
        free(r->v);
        memset(r, 0, sizeof(*r));
}
