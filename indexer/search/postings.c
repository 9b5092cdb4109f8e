/*
 * postings.c - the talks' search index read out word by word, for search
 * engines that live outside SQLite (the static site's own search).  The
 * words are FTS5's own (porter over unicode61, as talk_fts stores them),
 * read through an fts5vocab "instance" table, so an outside engine never
 * has to tokenize a document the way SQLite would; dx_text_words() says
 * how many positions a text takes (where each slide page starts in the
 * slides field, which holds the pages one after the other).
 */
#include "dx_fts.h"

#include <stdlib.h>
#include <string.h>

/* talk_fts columns, in dx_field order from DX_FIELD_TITLE */
static const char *const columns[] = {"title", "speakers", "affil",    "event",   "abstract",
                                      "tags",  "slides",   "captions", "chapters"};

static dx_field column_field(const char *col)
{
        for (size_t i = 0; col && i < sizeof(columns) / sizeof(columns[0]); i++)
                if (strcmp(col, columns[i]) == 0)
                        return (dx_field)(DX_FIELD_TITLE + (int)i);
        return DX_FIELD_ANY;
}

int dx_index_postings(dx_index *idx, dx_posting_fn fn, void *ud)
{
        sqlite3_stmt *st = NULL;
        int rc;

        /* a temp table: the index itself may be read-only; CROSS JOIN keeps
         * the vocabulary the outer loop, so terms come in order */
        if (sqlite3_exec(idx->db,
                         "CREATE VIRTUAL TABLE IF NOT EXISTS temp.dx_talk_inst USING"
                         " fts5vocab(main, talk_fts, 'instance')",
                         NULL, NULL, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "read the index's words");
        if (sqlite3_prepare_v2(idx->db,
                               "SELECT i.term, t.uid, i.col, i.offset FROM temp.dx_talk_inst i"
                               " CROSS JOIN talks t ON t.id = i.doc WHERE t.removed_at IS NULL",
                               -1, &st, NULL) != SQLITE_OK) {
                rc = dx_store_fail(idx, "read the index's words");
                goto out;
        }
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *term = (const char *)sqlite3_column_text(st, 0);
                const char *uid = (const char *)sqlite3_column_text(st, 1);
                dx_field f = column_field((const char *)sqlite3_column_text(st, 2));
                int r;

                if (!term || !uid || f == DX_FIELD_ANY)
                        continue;
                r = fn(ud, term, uid, f, sqlite3_column_int(st, 3));
                if (r) {
                        rc = r;
                        goto out;
                }
        }
        rc = rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "read the index's words");
out:
        sqlite3_finalize(st);
        sqlite3_exec(idx->db, "DROP TABLE IF EXISTS temp.dx_talk_inst", NULL, NULL, NULL);
        return rc;
}

static int count_token(void *ud, int flags, const char *tok, int n, int start, int end)
{
        if (!(flags & FTS5_TOKEN_COLOCATED))
                (*(int *)ud)++;
        return SQLITE_OK;
}

int dx_text_words(dx_index *idx, const char *text)
{
        fts5_api *api = dx_fts5_api(idx->db);
        int n = 0;

        if (!api) {
                dx_index_set_error(idx, "%s: cannot tokenize (FTS5 missing?)", idx->path);
                return DX_ERR;
        }
        if (text && dx_fts_tokenize(api, text, count_token, &n) != 0) {
                dx_index_set_error(idx, "%s: cannot tokenize", idx->path);
                return DX_ERR;
        }
        return n;
}

int dx_talk_page_words(dx_index *idx, const dx_talk *t, int *words)
{
        dx_buf raw = DX_BUF_INIT;
        dx_line *b = NULL;
        char *u = NULL;
        size_t ulen = 0, off = 0;
        int nb = 0, page = 0, rc = 0;

        /* the deck as stored: its pages in order, a missing one empty */
        for (size_t k = 0; k < t->npage_text; k++) {
                while (++page < t->page_text[k].page)
                        dx_buf_addc(&raw, '\0');
                dx_buf_adds(&raw, t->page_text[k].text ? t->page_text[k].text : "");
                dx_buf_addc(&raw, '\0');
        }
        if (raw.truncated || raw.failed)
                rc = DX_ENOMEM;
        else if (idx->version >= 6 && raw.len &&
                 (rc = dx_slidetext_boilerplate(raw.s, raw.len, &b, &nb)) == 0 && nb)
                rc = dx_slidetext_unrepeat(raw.s, raw.len, b, nb, &u, &ulen);
        if (!u) {
                u = raw.s;
                ulen = raw.len;
        }
        page = 0;
        for (size_t k = 0; k < t->npage_text && !rc; k++) {
                /* the page's text as indexed */
                while (++page < t->page_text[k].page && off < ulen)
                        off += strlen(u + off) + 1;
                words[k] = off < ulen ? dx_text_words(idx, u + off) : 0;
                if (words[k] < 0)
                        rc = words[k];
                if (off < ulen)
                        off += strlen(u + off) + 1;
        }
        if (u != raw.s)
                free(u);
        dx_buf_release(&raw);
        free(b);
        return rc == DX_ENOMEM ? dx_index_nomem(idx, rc) : rc;
}
