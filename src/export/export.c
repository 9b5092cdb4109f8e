/*
 * export.c - writing the index out for other programs.  `json` is one
 * document of events (newest first) and their talks with everything a site
 * generator needs, page texts included; `ndjson` and `es-bulk` are one
 * search-engine document per talk (or per slide page) per line.  Keys come
 * in a fixed order and nothing depends on the clock, so the same index
 * always gives the same bytes.  Only the public library API is used.
 */
#include "export.h"
#include "render.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_FORMAT_NAME    "doxsearch-export"
#define EXPORT_FORMAT_VERSION 1
#define EXPORT_ID_MAX         512

int export_fail(char **errmsg, const char *fmt, ...)
{
        va_list ap;

        if (errmsg && !*errmsg) {
                va_start(ap, fmt);
                if (vasprintf(errmsg, fmt, ap) < 0)
                        *errmsg = NULL;
                va_end(ap);
        }
        return DX_ERR;
}

/* Seconds rounded to milliseconds, or null when unknown. */
static json_t *seconds_json(double s)
{
        return s >= 0 && isfinite(s) ? json_real(round(s * 1000.0) / 1000.0) : json_null();
}

/* Set o[key] = v, remembering in *bad that something failed (no memory). */
static void put(json_t *o, const char *key, json_t *v, int *bad)
{
        if (!o || !v || json_object_set_new(o, key, v) != 0)
                *bad = 1;
}

static void push(json_t *a, json_t *v, int *bad)
{
        if (!a || !v || json_array_append_new(a, v) != 0)
                *bad = 1;
}

static json_t *strv_json(char **v, size_t n, int *bad)
{
        json_t *a = json_array();

        for (size_t i = 0; i < n; i++)
                push(a, render_json_text(v[i]), bad);
        return a;
}

static json_t *speakers_json(const dx_talk *t, int *bad)
{
        json_t *a = json_array();

        for (size_t i = 0; i < t->nspeakers; i++) {
                json_t *s = json_object();

                put(s, "name", render_json_text(t->speakers[i].name), bad);
                put(s, "role", render_json_text_or_null(t->speakers[i].role), bad);
                put(s, "company", render_json_text_or_null(t->speakers[i].company), bad);
                push(a, s, bad);
        }
        return a;
}

static json_t *chapters_json(const dx_talk *t, int *bad)
{
        json_t *a = json_array();

        for (size_t i = 0; t->has_media && i < t->media.nchapters; i++) {
                const dx_chapter *c = &t->media.chapters[i];
                json_t *o = json_object();

                put(o, "title", render_json_text(c->title), bad);
                put(o, "start_s", seconds_json(c->start), bad);
                put(o, "end_s", seconds_json(c->end), bad);
                push(a, o, bad);
        }
        return a;
}

static json_t *pages_json(const dx_talk *t, int *bad)
{
        json_t *a = json_array();

        for (size_t i = 0; i < t->npage_text; i++) {
                json_t *o = json_object();

                put(o, "page", json_integer(t->page_text[i].page), bad);
                put(o, "text", render_json_text(t->page_text[i].text), bad);
                push(a, o, bad);
        }
        return a;
}

/* The event a talk belongs to; with talks, an empty "talks" array. */
static json_t *event_json(const dx_talk *t, int with_talks, int *bad)
{
        json_t *o = json_object();

        put(o, "id", render_json_text(t->event_id), bad);
        put(o, "name", render_json_text(t->event_name), bad);
        put(o, "date", render_json_text_or_null(t->event_date), bad);
        put(o, "venues", strv_json(t->venues, t->nvenues, bad), bad);
        if (with_talks)
                put(o, "talks", json_array(), bad);
        return o;
}

/* A talk of the json export: everything but its event. */
static json_t *talk_json(const dx_talk *t, int *bad)
{
        json_t *o = json_object();

        put(o, "id", render_json_text(t->id), bad);
        put(o, "title", render_json_text(t->title), bad);
        put(o, "speakers", speakers_json(t, bad), bad);
        put(o, "abstract", render_json_text_or_null(t->abstract), bad);
        put(o, "tags", strv_json(t->tags, t->ntags, bad), bad);
        put(o, "date", render_json_text_or_null(t->date), bad);
        put(o, "room", render_json_text_or_null(t->room), bad);
        put(o, "venues", strv_json(t->venues, t->nvenues, bad), bad);
        put(o, "duration_s", seconds_json(t->duration), bad);
        put(o, "video", render_json_text_or_null(t->video), bad);
        put(o, "slides", render_json_text_or_null(t->slides), bad);
        put(o, "chapters", chapters_json(t, bad), bad);
        put(o, "page_count", json_integer(t->pages), bad);
        put(o, "pages", pages_json(t, bad), bad);
        return o;
}

/* Word separators as search engines see them: space, controls, ASCII
 * punctuation. */
static int is_sep(unsigned char c)
{
        return c <= ' ' || (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                          (c >= 'A' && c <= 'Z')));
}

/* The length of the longest prefix of s[0..n) holding at most max words;
 * *cut is set when that is not all of it.  Cuts fall on ASCII separators,
 * so UTF-8 stays whole. */
static size_t words_prefix(const char *s, size_t n, size_t max, int *cut)
{
        size_t words = 0;

        *cut = 0;
        for (size_t i = 0; i < n; i++) {
                if (is_sep((unsigned char)s[i]))
                        continue;
                if (i > 0 && !is_sep((unsigned char)s[i - 1]))
                        continue;
                if (++words > max) {
                        *cut = 1;
                        while (i > 0 && is_sep((unsigned char)s[i - 1]))
                                i--;
                        return i;
                }
        }
        return n;
}

/* A JSON string of at most EXPORT_MAX_WORDS words of s[0..n). */
static json_t *capped_json(const char *s, size_t n, export_stats *st, int *bad)
{
        int cut;
        size_t len = words_prefix(s, n, EXPORT_MAX_WORDS, &cut);
        char *copy;
        json_t *j;

        if (cut)
                st->truncated++;
        if (len == n && s[n] == '\0')
                return render_json_text(s);
        copy = strndup(s, len);
        if (!copy) {
                *bad = 1;
                return NULL;
        }
        j = render_json_text(copy);
        free(copy);
        return j;
}

/* A document id: the bytes of [A-Za-z0-9_-] kept, any other as _xHH. */
static char *doc_id(const char *talk, int page)
{
        size_t n = strlen(talk);
        char *id = malloc(n * 4 + 16), *p = id;

        if (!id)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)talk[i];

                if (!is_sep(c) && c < 0x80)
                        *p++ = (char)c;
                else if (c == '-' || c == '_')
                        *p++ = (char)c;
                else
                        p += sprintf(p, "_x%02X", c);
        }
        if (page > 0)
                p += sprintf(p, "-p%d", page);
        *p = '\0';
        return id;
}

/* All page texts of a talk, one blank line between pages. */
static char *all_text(const dx_talk *t, size_t *len)
{
        size_t n = 0, off = 0;
        char *s;

        for (size_t i = 0; i < t->npage_text; i++)
                n += (t->page_text[i].text ? strlen(t->page_text[i].text) : 0) + 2;
        s = malloc(n + 1);
        if (!s)
                return NULL;
        for (size_t i = 0; i < t->npage_text; i++) {
                const char *p = t->page_text[i].text ? t->page_text[i].text : "";
                size_t k = strlen(p);

                if (off) {
                        memcpy(s + off, "\n\n", 2);
                        off += 2;
                }
                memcpy(s + off, p, k);
                off += k;
        }
        s[off] = '\0';
        *len = off;
        return s;
}

/* A search-engine document: the talk's fields, and the text of one page
 * (page > 0) or of all pages. */
static json_t *doc_json(const dx_talk *t, const char *id, const dx_page *page, export_stats *st,
                        int *bad)
{
        json_t *o = json_object();
        const char *date = t->date && *t->date ? t->date : t->event_date;

        put(o, "id", render_json_text(id), bad);
        put(o, "talk_id", render_json_text(t->id), bad);
        put(o, "title", render_json_text(t->title), bad);
        put(o, "speakers", speakers_json(t, bad), bad);
        if (t->abstract && *t->abstract)
                put(o, "abstract", capped_json(t->abstract, strlen(t->abstract), st, bad), bad);
        else
                put(o, "abstract", json_null(), bad);
        put(o, "tags", strv_json(t->tags, t->ntags, bad), bad);
        put(o, "date", render_json_text_or_null(date), bad);
        put(o, "event", event_json(t, 0, bad), bad);
        put(o, "room", render_json_text_or_null(t->room), bad);
        put(o, "duration_s", seconds_json(t->duration), bad);
        put(o, "video", render_json_text_or_null(t->video), bad);
        put(o, "slides", render_json_text_or_null(t->slides), bad);
        put(o, "chapters", chapters_json(t, bad), bad);
        put(o, "page_count", json_integer(t->pages), bad);
        if (page) {
                const char *text = page->text ? page->text : "";

                put(o, "page", json_integer(page->page), bad);
                put(o, "text", capped_json(text, strlen(text), st, bad), bad);
        } else {
                size_t len = 0;
                char *text = all_text(t, &len);

                if (!text)
                        *bad = 1;
                else
                        put(o, "text", capped_json(text, len, st, bad), bad);
                free(text);
        }
        return o;
}

static int dump_line(FILE *f, json_t *j)
{
        if (json_dumpf(j, f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0)
                return -1;
        return fputc('\n', f) == EOF ? -1 : 0;
}

typedef struct idlist {
        char **v;
        size_t n, alloc;
} idlist;

static int idlist_add(idlist *l, char *id)
{
        if (l->n == l->alloc) {
                size_t na = l->alloc ? l->alloc * 2 : 64;
                char **nv = realloc(l->v, na * sizeof(*nv));

                if (!nv)
                        return -1;
                l->v = nv;
                l->alloc = na;
        }
        l->v[l->n++] = id;
        return 0;
}

static void idlist_release(idlist *l)
{
        for (size_t i = 0; i < l->n; i++)
                free(l->v[i]);
        free(l->v);
        memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Write one document (and for es-bulk its action line); takes id. */
static int emit_doc(FILE *f, const export_opts *o, const dx_talk *t, char *id, const dx_page *page,
                    export_stats *st, idlist *ids, char **errmsg)
{
        int bad = 0, rc = 0;
        json_t *doc, *action = NULL;

        if (!export_id_ok(id)) {
                export_fail(errmsg, "%s: cannot make a document id of it", t->id);
                free(id);
                return DX_ERR;
        }
        if (idlist_add(ids, id) != 0) {
                free(id);
                return export_fail(errmsg, "out of memory");
        }
        doc = doc_json(t, id, page, st, &bad);
        if (o->format == EXPORT_ES_BULK) {
                action = json_pack("{s:{s:s, s:s}}", "index", "_index",
                                   o->index ? o->index : "talks", "_id", id);
                if (!action)
                        bad = 1;
        }
        if (bad)
                rc = export_fail(errmsg, "out of memory");
        else if ((action && dump_line(f, action) != 0) || dump_line(f, doc) != 0)
                rc = export_fail(errmsg, "write error");
        else
                st->documents++;
        json_decref(action);
        json_decref(doc);
        return rc;
}

static int emit_talk_docs(FILE *f, const export_opts *o, const dx_talk *t, export_stats *st,
                          idlist *ids, char **errmsg)
{
        if (!o->per_page || t->npage_text == 0) {
                char *id = doc_id(t->id, 0);

                return id ? emit_doc(f, o, t, id, NULL, st, ids, errmsg)
                          : export_fail(errmsg, "out of memory");
        }
        for (size_t i = 0; i < t->npage_text; i++) {
                char *id = doc_id(t->id, t->page_text[i].page);
                int rc = id ? emit_doc(f, o, t, id, &t->page_text[i], st, ids, errmsg)
                            : export_fail(errmsg, "out of memory");

                if (rc)
                        return rc;
        }
        return 0;
}

static int same(const char *a, const char *b)
{
        return strcmp(a ? a : "", b ? b : "") == 0;
}

int export_write(dx_index *idx, FILE *f, const export_opts *o, export_stats *st, char **errmsg)
{
        dx_talk *list = NULL;
        size_t n = 0;
        json_t *root = NULL, *events = NULL, *talks = NULL;
        const char *prev_event = NULL;
        idlist ids = {0};
        int rc = 0, bad = 0;

        memset(st, 0, sizeof(*st));
        if (errmsg)
                *errmsg = NULL;
        if (dx_talk_list(idx, &list, &n) != 0)
                return export_fail(errmsg, "%s", dx_index_errmsg(idx));
        if (o->format == EXPORT_JSON) {
                root = json_object();
                put(root, "format", json_string(EXPORT_FORMAT_NAME), &bad);
                put(root, "version", json_integer(EXPORT_FORMAT_VERSION), &bad);
                events = json_array();
                put(root, "events", events, &bad);
        }
        for (size_t i = 0; i < n && !rc && !bad; i++) {
                dx_talk t;

                if (dx_talk_get(idx, list[i].id, &t, NULL) != 0) {
                        rc = export_fail(errmsg, "%s: %s", list[i].id, dx_index_errmsg(idx));
                        break;
                }
                st->talks++;
                st->pages += t.npage_text;
                if (o->format == EXPORT_JSON) {
                        if (!prev_event || !same(prev_event, list[i].event_id)) {
                                json_t *ev = event_json(&t, 1, &bad);

                                push(events, ev, &bad);
                                talks = json_object_get(ev, "talks");
                                st->events++;
                        }
                        prev_event = list[i].event_id ? list[i].event_id : "";
                        push(talks, talk_json(&t, &bad), &bad);
                } else {
                        if (!prev_event || !same(prev_event, list[i].event_id))
                                st->events++;
                        prev_event = list[i].event_id ? list[i].event_id : "";
                        rc = emit_talk_docs(f, o, &t, st, &ids, errmsg);
                }
                dx_talk_release(&t);
        }
        if (!rc && bad)
                rc = export_fail(errmsg, "out of memory");
        if (!rc && root) {
                if (json_dumpf(root, f,
                               JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) !=
                        0 ||
                    fputc('\n', f) == EOF)
                        rc = export_fail(errmsg, "write error");
        }
        if (!rc && ids.n > 1) {
                qsort(ids.v, ids.n, sizeof(*ids.v), cmp_str);
                for (size_t i = 1; i < ids.n && !rc; i++)
                        if (strcmp(ids.v[i - 1], ids.v[i]) == 0)
                                rc =
                                    export_fail(errmsg, "%s: two documents have this id", ids.v[i]);
        }
        if (!rc && ferror(f))
                rc = export_fail(errmsg, "write error");
        json_decref(root);
        idlist_release(&ids);
        dx_talks_free(list, n);
        return rc;
}

int export_format_parse(const char *s)
{
        if (strcmp(s, "json") == 0)
                return EXPORT_JSON;
        if (strcmp(s, "ndjson") == 0)
                return EXPORT_NDJSON;
        if (strcmp(s, "es-bulk") == 0)
                return EXPORT_ES_BULK;
        return -1;
}

int export_id_ok(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n > EXPORT_ID_MAX)
                return 0;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];

                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '_' || c == '-'))
                        return 0;
        }
        return 1;
}

int export_index_name_ok(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n > 255 || s[0] == '-' || s[0] == '_' || s[0] == '.')
                return 0;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];

                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' ||
                      c == '.'))
                        return 0;
        }
        return 1;
}
