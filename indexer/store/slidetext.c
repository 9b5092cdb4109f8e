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

#include <stdint.h>
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

int dx_line_cmp(const void *a, const void *b)
{
        const dx_line *x = a, *y = b;
        int c = memcmp(x->s, y->s, (size_t)(x->len < y->len ? x->len : y->len));

        return c ? c : x->len - y->len;
}

/* The next line of the page text [*p, end): its text without the spaces
 * at either end in *a, *z; *p moves past it and its newline. */
static void next_line(const char **p, const char *end, const char **a, const char **z)
{
        const char *nl = memchr(*p, '\n', (size_t)(end - *p));

        *a = *p;
        *z = nl ? nl : end;
        *p = nl ? nl + 1 : end;
        while (*a < *z && (**a == ' ' || **a == '\t' || **a == '\r'))
                (*a)++;
        while (*z > *a && ((*z)[-1] == ' ' || (*z)[-1] == '\t' || (*z)[-1] == '\r'))
                (*z)--;
}

/* A distinct line of a deck while counting its pages. */
typedef struct line_slot {
        const char *s;
        int len, first, last, on; /* first and last page, pages it is on */
} line_slot;

/* A hash of a line, eight bytes at a time (byte by byte it took more
 * than the rest of finding a deck's repeated lines). */
static uint64_t line_hash(const char *s, int len)
{
        uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)len, w;
        int i = 0;

        for (; i + 8 <= len; i += 8) {
                memcpy(&w, s + i, 8);
                h = (h ^ w) * 0x100000001b3u;
                h ^= h >> 29;
        }
        w = 0;
        memcpy(&w, s + i, (size_t)(len - i));
        h = (h ^ w) * 0x100000001b3u;
        return h ^ (h >> 32);
}

int dx_slidetext_boilerplate(const char *raw, size_t len, dx_line **out, int *n)
{
        line_slot *tab;
        dx_line *v = NULL;
        size_t lines = 1, size = 16;
        int pages = 0, k = 0;

        *out = NULL;
        *n = 0;
        /* a hash table of the distinct lines, at most half full: read once,
         * where sorting every line cost a search about 5% of its time */
        for (const char *p = raw; (p = memchr(p, '\n', len - (size_t)(p - raw))); p++)
                lines++;
        for (size_t off = 0; off < len; off += strlen(raw + off) + 1)
                lines++;
        while (size < 2 * lines)
                size *= 2;
        if (!(tab = calloc(size, sizeof(*tab))))
                return DX_ENOMEM;
        for (size_t off = 0; off < len; pages++) {
                const char *p = raw + off, *end = p + strlen(p), *a, *z;

                off += (size_t)(end - p) + 1;
                while (p < end) {
                        line_slot *t;
                        size_t i;

                        next_line(&p, end, &a, &z);
                        if (z == a || z - a > 4096)
                                continue;
                        for (i = (size_t)line_hash(a, (int)(z - a)) & (size - 1);
                             tab[i].s &&
                             (tab[i].len != (int)(z - a) || memcmp(tab[i].s, a, (size_t)(z - a)));
                             i = (i + 1) & (size - 1))
                                ;
                        t = &tab[i];
                        if (!t->s)
                                *t = (line_slot){a, (int)(z - a), pages, pages, 1};
                        else if (t->last != pages)
                                t->last = pages, t->on++;
                }
        }
        /* the lines on enough pages, with the first page they are on */
        for (size_t i = 0; i < size; i++)
                if (tab[i].s && tab[i].on >= 3 && tab[i].on * 3 >= pages)
                        k++;
        if (k && !(v = malloc((size_t)k * sizeof(*v)))) {
                free(tab);
                return DX_ENOMEM;
        }
        k = 0;
        for (size_t i = 0; i < size && v; i++)
                if (tab[i].s && tab[i].on >= 3 && tab[i].on * 3 >= pages)
                        v[k++] = (dx_line){tab[i].s, tab[i].len, tab[i].first};
        free(tab);
        if (k > 1)
                qsort(v, (size_t)k, sizeof(*v), dx_line_cmp);
        *out = v;
        *n = k;
        return 0;
}

int dx_slidetext_unrepeat(const char *raw, size_t len, const dx_line *b, int nb, char **out,
                          size_t *outlen)
{
        char *w = malloc(len + 1);
        size_t o = 0;
        int page = 0;

        *out = NULL;
        *outlen = 0;
        if (!w)
                return DX_ENOMEM;
        for (size_t off = 0; off < len; page++) {
                const char *p = raw + off, *end = p + strlen(p);

                off += (size_t)(end - p) + 1;
                while (p < end) {
                        const char *from = p, *a, *z;
                        const dx_line *hit;
                        dx_line key;

                        next_line(&p, end, &a, &z);
                        key = (dx_line){a, (int)(z - a), 0};
                        hit = nb && z > a ? bsearch(&key, b, (size_t)nb, sizeof(*b), dx_line_cmp)
                                          : NULL;
                        if (hit && hit->page != page)
                                continue; /* the line and its newline go */
                        memcpy(w + o, from, (size_t)(p - from));
                        o += (size_t)(p - from);
                }
                w[o++] = '\0';
        }
        w[o] = '\0';
        *out = w;
        *outlen = o;
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

        dx_line *b = NULL;
        int nb = 0, rc;
        char *u;

        (void)argc;
        if (!raw)
                return;
        /* a line on many pages is indexed on the first (schema 6 on) */
        if ((rc = dx_slidetext_boilerplate(raw, len, &b, &nb)) == 0 && nb &&
            (rc = dx_slidetext_unrepeat(raw, len, b, nb, &u, &len)) == 0) {
                free(raw);
                raw = u;
        }
        free(b);
        if (rc) {
                free(raw);
                sqlite3_result_error_nomem(ctx);
                return;
        }
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
