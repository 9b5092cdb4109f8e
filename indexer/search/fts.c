/*
 * fts.c - the FTS5 plumbing the search module's files share: a
 * connection's extension API (asked for once per index handle) and the
 * index's own tokenizer, run over any text as FTS5 runs it over a row.
 */
#include "dx_fts.h"

#include <string.h>

fts5_api *dx_fts5_api(sqlite3 *db)
{
        fts5_api *api = NULL;
        sqlite3_stmt *st;

        if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
                return NULL;
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
        sqlite3_finalize(st);
        return api;
}

int dx_fts_tokenize(fts5_api *api, const char *text,
                    int (*cb)(void *, int, const char *, int, int, int), void *ud)
{
        const char *args[] = {"unicode61", "remove_diacritics", "2"};
        fts5_tokenizer tk;
        Fts5Tokenizer *t = NULL;
        void *tud = NULL;
        int rc;

        rc = api->xFindTokenizer(api, "porter", &tud, &tk);
        if (rc == SQLITE_OK)
                rc = tk.xCreate(tud, args, 3, &t);
        if (rc != SQLITE_OK)
                return DX_ERR;
        rc = tk.xTokenize(t, ud, FTS5_TOKENIZE_DOCUMENT, text, (int)strlen(text), cb);
        tk.xDelete(t);
        return rc == SQLITE_OK ? 0 : DX_ERR;
}

fts5_api *dx_index_fts5(dx_index *idx)
{
        if (!idx->fts5)
                idx->fts5 = dx_fts5_api(idx->db);
        return idx->fts5;
}
