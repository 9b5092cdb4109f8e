/*
 * slidetext.c - a deck's page text as the index keeps it: one row per deck
 * in slide_text, its pages' texts one after the other, each ended by a NUL
 * byte, compressed with zlib (deflate in the zlib format).  Deflating a
 * deck whole takes it to about a third; a page alone, a few hundred bytes,
 * only to three fifths, and a row per page costs its own overhead.  The
 * text was 1.1 times its own size in the index as a table of pages.
 *
 * Anyone can read it back: zlib.decompress(z).split(b"\0") in Python.  The
 * index's own views use the SQL functions defined here (dxslides(),
 * dxpage()), registered on every connection doxsearch opens.
 */
#include "dx_store.h"

#include <sqlite3.h>
#include <zlib.h>

#include <stdlib.h>
#include <string.h>

int dx_slidetext_pack(const dx_page *pages, size_t n, void **z, size_t *zlen, size_t *bytes)
{
        size_t raw = 0, off = 0, text = 0;
        int last = 0;
        unsigned char *in, *out;
        uLongf outlen;

        *z = NULL;
        *zlen = *bytes = 0;
        /* page k is the k-th text: a page that could not be read (missing
         * from pages, which come in order) stands as an empty one */
        for (size_t i = 0; i < n; i++) {
                if (pages[i].page <= last)
                        return DX_ERR;
                raw += (size_t)(pages[i].page - last - 1) + strlen(pages[i].text) + 1;
                last = pages[i].page;
        }
        if (!(in = malloc(raw + 1)))
                return DX_ENOMEM;
        last = 0;
        for (size_t i = 0; i < n; i++) {
                size_t len = strlen(pages[i].text);

                for (; last + 1 < pages[i].page; last++)
                        in[off++] = '\0';
                memcpy(in + off, pages[i].text, len);
                in[off + len] = '\0';
                off += len + 1;
                text += len;
                last = pages[i].page;
        }
        outlen = compressBound((uLong)raw);
        if (!(out = malloc(outlen))) {
                free(in);
                return DX_ENOMEM;
        }
        if (compress2(out, &outlen, in, (uLong)raw, Z_DEFAULT_COMPRESSION) != Z_OK) {
                free(in);
                free(out);
                return DX_ERR;
        }
        free(in);
        *z = out;
        *zlen = outlen;
        *bytes = text;
        return 0;
}

int dx_slidetext_unpack(const void *z, size_t zlen, char **raw, size_t *len)
{
        z_stream s = {0};
        size_t cap = zlen * 4 + 64, n = 0;
        char *buf = malloc(cap + 1);
        int rc;

        *raw = NULL;
        *len = 0;
        if (!buf)
                return DX_ENOMEM;
        if (inflateInit(&s) != Z_OK) {
                free(buf);
                return DX_ERR;
        }
        s.next_in = (Bytef *)z;
        s.avail_in = (uInt)zlen;
        do {
                if (n == cap) {
                        char *g = realloc(buf, cap * 2 + 1);

                        if (!g) {
                                rc = Z_MEM_ERROR;
                                break;
                        }
                        buf = g;
                        cap *= 2;
                }
                s.next_out = (Bytef *)buf + n;
                s.avail_out = (uInt)(cap - n);
                rc = inflate(&s, Z_NO_FLUSH);
                n = cap - s.avail_out;
        } while (rc == Z_OK);
        inflateEnd(&s);
        if (rc != Z_STREAM_END) {
                free(buf);
                return rc == Z_MEM_ERROR ? DX_ENOMEM : DX_ERR;
        }
        buf[n] = '\0';
        *raw = buf;
        *len = n;
        return 0;
}

/* The unpacked text of the blob argument, or NULL with the error set. */
static char *unpack_arg(sqlite3_context *ctx, sqlite3_value *v, size_t *len)
{
        char *raw;
        int rc;

        if (sqlite3_value_type(v) == SQLITE_NULL)
                return NULL;
        rc = dx_slidetext_unpack(sqlite3_value_blob(v), (size_t)sqlite3_value_bytes(v), &raw, len);
        if (rc == DX_ENOMEM)
                sqlite3_result_error_nomem(ctx);
        else if (rc)
                sqlite3_result_error(ctx, "slide text: not a zlib stream", -1);
        return rc ? NULL : raw;
}

/* dxslides(z): the deck's pages joined by newlines, as talk_fts indexes
 * its slides column. */
static void sql_slides(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
        size_t len;
        char *raw = unpack_arg(ctx, argv[0], &len);

        (void)argc;
        if (!raw)
                return;
        /* every page ends with a NUL: all but the last become newlines */
        for (size_t i = 0; i + 1 < len; i++)
                if (raw[i] == '\0')
                        raw[i] = '\n';
        sqlite3_result_text(ctx, raw, len ? (int)len - 1 : 0, free);
}

/* dxpage(z, n): the text of page n (from 1), or NULL. */
static void sql_page(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
        int want = sqlite3_value_int(argv[1]), page = 1;
        size_t len, off = 0;
        char *raw = unpack_arg(ctx, argv[0], &len);

        (void)argc;
        if (!raw)
                return;
        while (off < len && page < want) {
                off += strlen(raw + off) + 1;
                page++;
        }
        if (want >= 1 && off < len)
                sqlite3_result_text(ctx, raw + off, -1, SQLITE_TRANSIENT);
        free(raw);
}

int dx_slidetext_register(sqlite3 *db)
{
        int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

        if (sqlite3_create_function(db, "dxslides", 1, flags, NULL, sql_slides, NULL, NULL) !=
                SQLITE_OK ||
            sqlite3_create_function(db, "dxpage", 2, flags, NULL, sql_page, NULL, NULL) !=
                SQLITE_OK)
                return DX_ERR;
        return 0;
}

int dx_store_slide_text(dx_index *idx, int64_t file_id, char **raw, size_t *len)
{
        dx_buf b = DX_BUF_INIT;
        sqlite3_stmt *st;
        int rc = 0, step, last = 0;

        *raw = NULL;
        *len = 0;
        if (idx->version >= 4) {
                st = dx_store_prep(idx, "SELECT z FROM slide_text WHERE file_id = ?");
                if (!st)
                        return DX_ERR;
                sqlite3_bind_int64(st, 1, file_id);
                step = sqlite3_step(st);
                if (step == SQLITE_ROW)
                        rc = dx_slidetext_unpack(sqlite3_column_blob(st, 0),
                                                 (size_t)sqlite3_column_bytes(st, 0), raw, len);
                else if (step != SQLITE_DONE)
                        rc = dx_store_fail(idx, "read slide text");
                sqlite3_reset(st);
                if (rc == DX_ERR && step == SQLITE_ROW)
                        dx_index_set_error(idx, "%s: slide text of file %lld is damaged", idx->path,
                                           (long long)file_id);
                return rc;
        }
        /* schema 2 and 3: a row per page, none for a page that could not
         * be read; it stands as an empty page, as dx_slidetext_pack() has it */
        st = dx_store_prep(idx, "SELECT page, text FROM pages WHERE file_id = ? ORDER BY page");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, file_id);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                int page = sqlite3_column_int(st, 0);

                for (; last + 1 < page; last++)
                        dx_buf_addc(&b, '\0');
                dx_buf_add(&b, (const char *)sqlite3_column_text(st, 1),
                           (size_t)sqlite3_column_bytes(st, 1));
                dx_buf_addc(&b, '\0');
                last = page > last ? page : last;
        }
        if (step != SQLITE_DONE)
                rc = dx_store_fail(idx, "read slide text");
        sqlite3_reset(st);
        if (!rc && (b.truncated || b.failed))
                rc = DX_ENOMEM;
        if (!rc && b.len) {
                *len = b.len;
                *raw = dx_buf_detach(&b);
        }
        dx_buf_release(&b);
        return rc;
}
