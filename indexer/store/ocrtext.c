/*
 * ocrtext.c - what OCR read of slide pages, in the index: ocr_text keeps
 * the text of every page OCR has read by the page's content hash (its
 * pixels, resolution and language: ocr/raster.c), so that a page read once
 * is never read again, whichever deck or ingest it comes back in;
 * ocr_pages says which pages of a deck have OCR text.  The deck's page
 * text itself is stored as any deck's (slide_text).
 */
#include "dx_store.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

/* Schema 5 added these tables. */
static int has_tables(const dx_index *idx)
{
        return idx->version >= 5;
}

static int done(dx_index *idx, sqlite3_stmt *st, int step, const char *what)
{
        int ok = step == SQLITE_DONE;

        sqlite3_reset(st);
        return ok ? 0 : dx_store_fail(idx, what);
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

        return x < y ? -1 : x > y;
}

int dx_store_ocr_known(dx_index *idx, uint64_t **out, size_t *n)
{
        sqlite3_stmt *st;
        uint64_t *v = NULL;
        size_t cap = 0;
        int step;

        *out = NULL;
        *n = 0;
        if (!has_tables(idx))
                return 0;
        st = dx_store_prep(idx, "SELECT hash FROM ocr_text");
        if (!st)
                return DX_ERR;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                const char *h = (const char *)sqlite3_column_text(st, 0);
                char *end;
                uint64_t x;

                if (!h || strlen(h) != 16)
                        continue;
                x = strtoull(h, &end, 16);
                if (*end)
                        continue;
                if (*n == cap) {
                        uint64_t *g = realloc(v, (cap = cap ? cap * 2 : 256) * sizeof(*v));

                        if (!g) {
                                sqlite3_reset(st);
                                free(v);
                                dx_index_set_error(idx, "%s: out of memory", idx->path);
                                return DX_ENOMEM;
                        }
                        v = g;
                }
                v[(*n)++] = x;
        }
        if (done(idx, st, step, "read the OCR cache")) {
                free(v);
                *n = 0;
                return DX_ERR;
        }
        if (*n)
                qsort(v, *n, sizeof(*v), cmp_u64);
        *out = v;
        return 0;
}

int dx_store_ocr_fill(dx_index *idx, dx_deck *d, size_t *missing)
{
        sqlite3_stmt *st;
        size_t p = 0;
        int step = SQLITE_DONE;

        *missing = 0;
        for (size_t i = 0; i < d->nocr; i++) {
                if (!d->ocr[i].cached)
                        continue;
                while (p < d->npages && d->pages[p].page < d->ocr[i].page)
                        p++;
                if (p == d->npages || d->pages[p].page != d->ocr[i].page)
                        continue;
                st = has_tables(idx) ? dx_store_prep(idx, "SELECT text, conf FROM ocr_text"
                                                          " WHERE hash = ?")
                                     : NULL;
                if (!st)
                        return has_tables(idx) ? DX_ERR : 0;
                sqlite3_bind_text(st, 1, d->ocr[i].hash, -1, SQLITE_STATIC);
                step = sqlite3_step(st);
                if (step == SQLITE_ROW) {
                        const char *t = (const char *)sqlite3_column_text(st, 0);
                        size_t n = t ? strlen(t) : 0;
                        char *nt;

                        if (n > DX_SLIDES_MAX_PAGE_TEXT)
                                n = dx_utf8_cut(t, DX_SLIDES_MAX_PAGE_TEXT);
                        nt = dx_strndup(t ? t : "", n);
                        if (!nt) {
                                sqlite3_reset(st);
                                return DX_ENOMEM;
                        }
                        d->text_bytes += n;
                        d->text_bytes -= strlen(d->pages[p].text);
                        free(d->pages[p].text);
                        d->pages[p].text = nt;
                        d->ocr[i].conf = sqlite3_column_type(st, 1) == SQLITE_NULL
                                             ? -1
                                             : sqlite3_column_double(st, 1);
                        d->ocr[i].cached = 2; /* filled */
                        step = sqlite3_step(st);
                } else {
                        /* gone since the ingest began (another index's prune?):
                         * the page stays without its OCR text */
                        (*missing)++;
                }
                if (done(idx, st, step, "read the OCR cache"))
                        return DX_ERR;
        }
        for (size_t i = 0; i < d->npages; i++) {
                d->pages[i].ocr_conf = 0;
                for (size_t k = 0; k < d->nocr; k++)
                        if (d->ocr[k].page == d->pages[i].page && d->ocr[k].conf > 0)
                                d->pages[i].ocr_conf = (int)(d->ocr[k].conf + 0.5);
        }
        return 0;
}

int dx_store_ocr_write(dx_index *idx, int64_t fid, const dx_deck *d)
{
        sqlite3_stmt *st;

        if (!has_tables(idx))
                return 0;
        st = dx_store_prep(idx, "DELETE FROM ocr_pages WHERE file_id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        if (done(idx, st, sqlite3_step(st), "write OCR pages"))
                return DX_ERR;
        for (size_t i = 0, p = 0; i < d->nocr; i++) {
                const dx_page_ocr *o = &d->ocr[i];

                while (p < d->npages && d->pages[p].page < o->page)
                        p++;
                if (p == d->npages || d->pages[p].page != o->page || o->cached == 1)
                        continue; /* a cached page whose text is gone has none */
                st =
                    dx_store_prep(idx, "INSERT OR REPLACE INTO ocr_pages(file_id, page, hash, conf)"
                                       " VALUES (?,?,?,?)");
                if (!st)
                        return DX_ERR;
                sqlite3_bind_int64(st, 1, fid);
                sqlite3_bind_int(st, 2, o->page);
                sqlite3_bind_text(st, 3, o->hash, -1, SQLITE_STATIC);
                if (o->conf >= 0)
                        sqlite3_bind_double(st, 4, o->conf);
                if (done(idx, st, sqlite3_step(st), "write OCR pages"))
                        return DX_ERR;
                if (o->cached)
                        continue;
                st = dx_store_prep(idx, "INSERT INTO ocr_text(hash, text, conf) VALUES (?,?,?)"
                                        " ON CONFLICT(hash) DO NOTHING");
                if (!st)
                        return DX_ERR;
                sqlite3_bind_text(st, 1, o->hash, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 2, d->pages[p].text, -1, SQLITE_STATIC);
                if (o->conf >= 0)
                        sqlite3_bind_double(st, 3, o->conf);
                if (done(idx, st, sqlite3_step(st), "write OCR text"))
                        return DX_ERR;
        }
        return 0;
}

int dx_store_slide_ocr(dx_index *idx, int64_t talk, int page, int *conf)
{
        sqlite3_stmt *st;
        int step, r = 0;

        *conf = 0;
        if (!has_tables(idx))
                return 0;
        st = dx_store_prep(idx, "SELECT o.conf FROM talks t JOIN ocr_pages o"
                                " ON o.file_id = t.slides_id AND o.page = ? WHERE t.id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int(st, 1, page);
        sqlite3_bind_int64(st, 2, talk);
        step = sqlite3_step(st);
        if (step == SQLITE_ROW) {
                r = 1;
                *conf = (int)(sqlite3_column_double(st, 0) + 0.5);
                step = sqlite3_step(st);
        }
        return done(idx, st, step, "read OCR pages") ? DX_ERR : r;
}

int dx_store_ocr_marks(dx_index *idx, int64_t fid, dx_page *pages, size_t n)
{
        sqlite3_stmt *st;
        int step;

        if (!has_tables(idx) || !n)
                return 0;
        st = dx_store_prep(idx, "SELECT page, conf FROM ocr_pages WHERE file_id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                int page = sqlite3_column_int(st, 0);

                if (page >= 1 && (size_t)page <= n && pages[page - 1].page == page) {
                        pages[page - 1].ocr = 1;
                        pages[page - 1].ocr_conf = (int)(sqlite3_column_double(st, 1) + 0.5);
                }
        }
        return done(idx, st, step, "read OCR pages");
}

int dx_store_ocr_prune(dx_index *idx, int dry_run, size_t *n)
{
        sqlite3_stmt *st;
        int step;

        *n = 0;
        if (!has_tables(idx))
                return 0;
        st = dry_run ? dx_store_prep(idx, "SELECT count(*) FROM ocr_text WHERE hash NOT IN"
                                          " (SELECT hash FROM ocr_pages)")
                     : dx_store_prep(idx, "DELETE FROM ocr_text WHERE hash NOT IN"
                                          " (SELECT hash FROM ocr_pages)");
        if (!st)
                return DX_ERR;
        step = sqlite3_step(st);
        if (dry_run && step == SQLITE_ROW) {
                *n = (size_t)sqlite3_column_int64(st, 0);
                step = sqlite3_step(st);
        } else if (!dry_run && step == SQLITE_DONE) {
                *n = (size_t)sqlite3_changes(idx->db);
        }
        return done(idx, st, step, "prune the OCR cache");
}
