/*
 * site_search.c - the static site's search index, read by src/export/site/search.js
 * in the browser.  Like Pagefind it is chunked so that a query loads only
 * what it needs:
 *
 *   search/meta.json    ranking constants, the first term of every chunk,
 *                       and per talk (by number, talks in id order) its
 *                       length in words and what the filters look at
 *   search/c/N.json     a run of terms in byte order with their postings:
 *                       for each talk the field mask and word offsets
 *   search/v/HEX.json   the terms starting with one character and in how
 *                       many talks each is, for spelling suggestions
 *   search/t/N.json     what a result shows: title, speakers, event, the
 *                       abstract, and where each slide starts in the slides
 *                       field (so the script finds the hit slides from the
 *                       postings alone)
 *   text/HASH/K.json    the text of slide K of a deck (written by site.c,
 *                       kept by the deck's hash), loaded only for the
 *                       slides a result shows as hits
 *
 * The terms are FTS5's own (dx_index_postings()), so the script never has
 * to tokenize documents; it stems only the query, with the same porter
 * stemmer, and ranks as dxrank() does with the constants of
 * dx_rank_params_get().
 */
#include "export.h"
#include "render.h"
#include "site.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A chunk is closed once it holds this much; a cold query then loads a few
 * of these whatever the archive's size. */
#define CHUNK_BYTES (16 * 1024)

typedef struct occ {
        int talk, field, off;
} occ;

typedef struct builder {
        const site *s;
        dx_index *idx;
        const char *dir; /* the folder written, relative to OUTDIR */
        char **ids;      /* talk ids in byte order: a talk's number is its place */
        size_t nids;
        long long *dl; /* words per talk */
        /* the term being collected */
        char *term;
        occ *occ;
        size_t nocc, aocc;
        /* the chunk being filled */
        char *cbuf;
        size_t clen;
        FILE *cf;
        int nchunks;
        json_t *chunk_first;
        /* the vocabulary file being filled (one first character) */
        char vkey[16];
        json_t *vocab, *vocab_keys;
        site_stats *st;
        char **errmsg;
        int failed;
} builder;

static int cmp_id(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_occ(const void *a, const void *b)
{
        const occ *x = a, *y = b;

        if (x->talk != y->talk)
                return x->talk < y->talk ? -1 : 1;
        if (x->field != y->field)
                return x->field < y->field ? -1 : 1;
        return (x->off > y->off) - (x->off < y->off);
}

static int talk_number(const builder *b, const char *id)
{
        char *const *p = bsearch(&id, b->ids, b->nids, sizeof(*b->ids), cmp_id);

        return p ? (int)(p - b->ids) : -1;
}

/* A JSON string (the term), escaped by hand: the chunks are written raw. */
static void json_str(FILE *f, const char *s)
{
        fputc('"', f);
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == '"' || *p == '\\')
                        fprintf(f, "\\%c", *p);
                else if (*p < 0x20)
                        fprintf(f, "\\u%04x", *p);
                else
                        fputc(*p, f);
        }
        fputc('"', f);
}

static int write_buf(builder *b, const char *rel, const char *data, size_t len)
{
        if (site_write(b->s, rel, data, len, b->errmsg) != 0)
                return -1;
        b->st->index_bytes += len;
        b->st->index_files++;
        return 0;
}

static int close_chunk(builder *b)
{
        char rel[64];
        int rc;

        if (!b->cf)
                return 0;
        fputs("}\n", b->cf);
        if (fclose(b->cf) != 0) {
                b->cf = NULL;
                return -1;
        }
        b->cf = NULL;
        snprintf(rel, sizeof(rel), "%s/c/%d.json", b->dir, b->nchunks - 1);
        rc = write_buf(b, rel, b->cbuf, b->clen);
        free(b->cbuf);
        b->cbuf = NULL;
        return rc;
}

static int close_vocab(builder *b)
{
        char rel[64], *text;
        int rc;

        if (!b->vocab)
                return 0;
        snprintf(rel, sizeof(rel), "%s/v/%s.json", b->dir, b->vkey);
        text = json_dumps(b->vocab, JSON_COMPACT);
        json_decref(b->vocab);
        b->vocab = NULL;
        if (!text)
                return -1;
        rc = write_buf(b, rel, text, strlen(text));
        free(text);
        if (!rc && json_array_append_new(b->vocab_keys, json_string(b->vkey)) != 0)
                rc = -1;
        return rc;
}

/* The file key of a term's first character: its code point in hex. */
static void first_key(const char *term, char *key, size_t n)
{
        const unsigned char *s = (const unsigned char *)term;
        unsigned c = s[0];
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

        if (len > 1) {
                c &= 0x3F >> (len - 1);
                for (int i = 1; i < len && (s[i] & 0xC0) == 0x80; i++)
                        c = (c << 6) | (s[i] & 0x3F);
        }
        snprintf(key, n, "%x", c);
}

/* Write the collected term into the current chunk and vocabulary. */
static int flush_term(builder *b)
{
        int prev = -1, talks = 0;
        char key[16];

        if (!b->term)
                return 0;
        qsort(b->occ, b->nocc, sizeof(*b->occ), cmp_occ);
        if (b->cf && ftell(b->cf) >= CHUNK_BYTES && close_chunk(b) != 0)
                return -1;
        if (!b->cf) {
                b->cf = open_memstream(&b->cbuf, &b->clen);
                if (!b->cf || json_array_append_new(b->chunk_first, json_string(b->term)) != 0)
                        return -1;
                b->nchunks++;
                fputc('{', b->cf);
        } else {
                fputs(",\n", b->cf);
        }
        json_str(b->cf, b->term);
        fputs(":[", b->cf);
        for (size_t i = 0; i < b->nocc;) {
                size_t j = i;
                unsigned mask = 0;

                while (j < b->nocc && b->occ[j].talk == b->occ[i].talk)
                        mask |= 1u << (b->occ[j++].field - DX_FIELD_TITLE);
                fprintf(b->cf, "%s%d,%u", i ? "," : "", b->occ[i].talk - prev, mask);
                prev = b->occ[i].talk;
                talks++;
                for (size_t k = i; k < j;) {
                        size_t m = k;

                        while (m < j && b->occ[m].field == b->occ[k].field)
                                m++;
                        fprintf(b->cf, ",%zu", m - k);
                        for (size_t x = k; x < m; x++)
                                fprintf(b->cf, ",%d",
                                        x == k ? b->occ[x].off : b->occ[x].off - b->occ[x - 1].off);
                        k = m;
                }
                i = j;
        }
        fputc(']', b->cf);

        first_key(b->term, key, sizeof(key));
        if (b->vocab && strcmp(key, b->vkey) != 0 && close_vocab(b) != 0)
                return -1;
        if (!b->vocab) {
                b->vocab = json_array();
                snprintf(b->vkey, sizeof(b->vkey), "%s", key);
        }
        if (!b->vocab || json_array_append_new(b->vocab, json_pack("[s,i]", b->term, talks)) != 0)
                return -1;
        free(b->term);
        b->term = NULL;
        b->nocc = 0;
        return 0;
}

static int on_posting(void *ud, const char *term, const char *talk_id, dx_field field, int off)
{
        builder *b = ud;
        int t = talk_number(b, talk_id);

        if (t < 0)
                return 0; /* a talk the site leaves out */
        if (!b->term || strcmp(term, b->term) != 0) {
                if (b->term && strcmp(term, b->term) < 0) {
                        b->failed = 1;
                        return 1; /* terms out of order: the chunks would be wrong */
                }
                if (flush_term(b) != 0 || !(b->term = strdup(term))) {
                        b->failed = 1;
                        return 1;
                }
        }
        if (b->nocc == b->aocc) {
                size_t na = b->aocc ? b->aocc * 2 : 256;
                occ *v = realloc(b->occ, na * sizeof(*v));

                if (!v) {
                        b->failed = 1;
                        return 1;
                }
                b->occ = v;
                b->aocc = na;
        }
        b->occ[b->nocc++] = (occ){t, field, off};
        b->dl[t]++;
        return 0;
}

static unsigned has_flags(const site_talk *st)
{
        unsigned f = 0;

        if (st->src.video) {
                f |= DX_HAS_RECORDING;
                if (st->src.video_kind && strcmp(st->src.video_kind, "video") == 0)
                        f |= DX_HAS_VIDEO;
                else if (st->src.video_kind && strcmp(st->src.video_kind, "audio") == 0)
                        f |= DX_HAS_AUDIO;
        }
        if (st->src.slides)
                f |= DX_HAS_SLIDES;
        if (st->has_captions)
                f |= DX_HAS_CAPTIONS;
        return f;
}

static const site_talk *talk_by_id(const site *s, const char *id)
{
        for (size_t i = 0; i < s->ntalks; i++)
                if (strcmp(s->talks[i].t.id, id) == 0)
                        return &s->talks[i];
        return NULL;
}

/* Role and company of each speaker, as the index's company field has them
 * ("Senior Software Engineer Spotify, ..."). */
static json_t *affil_json(const dx_talk *t)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        json_t *j;

        if (!f)
                return json_null();
        for (size_t k = 0; k < t->nspeakers; k++) {
                const char *r = t->speakers[k].role, *c = t->speakers[k].company;

                fprintf(f, "%s%s%s%s", k ? ", " : "", r ? r : "", r && c ? " " : "", c ? c : "");
        }
        fclose(f);
        j = render_json_text(buf ? buf : "");
        free(buf);
        return j;
}

/* A URL of the site for the JSON the search reads (site_url()), or null
 * and a warning naming the talk. */
static json_t *url_json(const builder *b, const site_talk *st, const char *path)
{
        char *u = path ? site_url(NULL, path, NULL) : NULL;
        json_t *j;

        if (!path)
                return json_null();
        if (!u)
                site_url_dropped(b->s, st, path);
        j = u ? json_string(u) : json_null();
        free(u);
        return j;
}

/* The moments a hit can open the talk page at: whether the page plays the
 * recording ("play"), when each slide was first on screen ("at", by page;
 * null for never), the chapters ([start, title]) and where the caption
 * cues are ("cues", captions/<file>.json). */
static void moments_json(const builder *b, json_t *o, const site_talk *st)
{
        const dx_talk *t = &st->t;
        int pages = t->pages > 0 ? t->pages : (int)t->npage_text;

        json_object_set_new(o, "play", json_boolean(site_talk_played(b->s, st)));
        if (st->timeline.status == DX_TIMELINE_SHOWN && st->timeline.n && pages > 0) {
                json_t *at = json_array();

                for (int p = 1; p <= pages; p++) {
                        json_t *v = json_null();

                        for (size_t i = 0; i < st->timeline.n; i++)
                                if (st->timeline.spans[i].page == p) {
                                        json_decref(v);
                                        v = json_real(st->timeline.spans[i].start_s);
                                        break;
                                }
                        json_array_append_new(at, v);
                }
                json_object_set_new(o, "at", at);
        }
        if (t->has_media && t->media.nchapters) {
                json_t *ch = json_array();

                for (size_t c = 0; c < t->media.nchapters; c++)
                        json_array_append_new(
                            ch, json_pack("[f,o]", t->media.chapters[c].start,
                                          render_json_text(t->media.chapters[c].title
                                                               ? t->media.chapters[c].title
                                                               : "")));
                json_object_set_new(o, "chapters", ch);
        }
        if (st->cues_json)
                json_object_set_new(o, "cues", url_json(b, st, st->cues_json));
}

/* search/t/N.json: what a result shows, where each slide page starts in
 * the slides field, and where the slides' text is (text/<hash>/K.json,
 * loaded for the slides that are hits). */
static int write_detail(builder *b, int n, const site_talk *st)
{
        const dx_talk *t = &st->t;
        json_t *o = json_object(), *sp = json_array(), *starts = json_array();
        char rel[96], dur[32], *text, *url = NULL;
        int rc = -1, at = 0, page = 0;

        if (asprintf(&url, "talks/%s.html", st->file) < 0)
                url = NULL;
        render_duration(dur, sizeof(dur), t->duration);
        for (size_t k = 0; k < t->nspeakers; k++)
                json_array_append_new(sp, render_json_text(t->speakers[k].name));
        for (size_t p = 0; p < t->npage_text; p++) {
                int words = dx_text_words(b->idx, t->page_text[p].text);

                if (words < 0) {
                        export_fail(b->errmsg, "%s: %s", t->id, dx_index_errmsg(b->idx));
                        goto out;
                }
                /* a page the index lacks starts where the next one does */
                while (++page < t->page_text[p].page)
                        json_array_append_new(starts, json_integer(at));
                json_array_append_new(starts, json_integer(at));
                at += words;
        }
        json_array_append_new(starts, json_integer(at));
        json_object_set_new(o, "id", render_json_text(t->id));
        json_object_set_new(o, "title", render_json_text(t->title));
        json_object_set_new(o, "url", url_json(b, st, url));
        json_object_set_new(o, "speakers", sp);
        sp = NULL;
        json_object_set_new(o, "event", render_json_text(t->event_name));
        json_object_set_new(
            o, "date", render_json_text_or_null(t->date && *t->date ? t->date : t->event_date));
        json_object_set_new(o, "duration", json_string(t->duration >= 0 ? dur : ""));
        json_object_set_new(o, "abstract", render_json_text_or_null(t->abstract));
        json_object_set_new(o, "affil", affil_json(t));
        json_object_set_new(o, "tags", render_json_strv(t->tags, t->ntags));
        json_object_set_new(o, "venues", render_json_strv(t->venues, t->nvenues));
        json_object_set_new(o, "thumbs", url_json(b, st, st->thumb_dir));
        json_object_set_new(o, "text", url_json(b, st, st->text_dir));
        json_object_set_new(o, "starts", starts);
        starts = NULL;
        moments_json(b, o, st);
        text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        snprintf(rel, sizeof(rel), "%s/t/%d.json", b->dir, n);
        if (text)
                rc = write_buf(b, rel, text, strlen(text));
        free(text);
out:
        free(url);
        json_decref(o);
        json_decref(sp);
        json_decref(starts);
        return rc;
}

static int write_meta(builder *b)
{
        dx_rank_params rp;
        json_t *m = json_object(), *w = json_array(), *talks = json_array();
        long long total = 0;
        char rel[64], *text;
        int rc = -1;

        dx_rank_params_get(&rp);
        for (int f = DX_FIELD_TITLE; f < DX_FIELD_COUNT; f++)
                json_array_append_new(w, json_real(rp.weight[f]));
        for (size_t i = 0; i < b->nids; i++) {
                const site_talk *st = talk_by_id(b->s, b->ids[i]);
                const dx_talk *t = &st->t;
                const char *d = t->date && *t->date ? t->date : t->event_date;
                json_t *langs = json_array();

                for (size_t k = 0; k < st->ncue_langs; k++)
                        json_array_append_new(langs, render_json_text(st->cue_langs[k]));
                total += b->dl[i];
                json_array_append_new(talks, json_pack("[I,o,f,i,o]", (json_int_t)b->dl[i],
                                                       d ? render_json_text(d) : json_null(),
                                                       t->duration >= 0 ? t->duration : -1.0,
                                                       (int)has_flags(st), langs));
        }
        json_object_set_new(m, "format", json_string("doxsearch-site-index"));
        json_object_set_new(m, "version", json_integer(1));
        json_object_set_new(m, "k1", json_real(rp.k1));
        json_object_set_new(m, "b", json_real(rp.b));
        json_object_set_new(m, "near", json_real(rp.near));
        json_object_set_new(m, "near_gap", json_integer(rp.near_gap));
        json_object_set_new(m, "tf_cap", json_real(rp.tf_cap));
        json_object_set_new(m, "weights", w);
        json_object_set_new(m, "avgdl",
                            json_real(b->nids && total ? (double)total / (double)b->nids : 1.0));
        json_object_set_new(m, "chunks", b->chunk_first);
        b->chunk_first = NULL;
        json_object_set_new(m, "vocab", b->vocab_keys);
        b->vocab_keys = NULL;
        json_object_set_new(m, "talks", talks);
        text = json_dumps(m, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        json_decref(m);
        snprintf(rel, sizeof(rel), "%s/meta.json", b->dir);
        if (text)
                rc = write_buf(b, rel, text, strlen(text));
        free(text);
        return rc;
}

int site_write_search(const site *s, dx_index *idx, const char *dir, site_stats *st, char **errmsg)
{
        builder b = {.s = s, .idx = idx, .dir = dir, .st = st, .errmsg = errmsg};
        int rc = -1, r;

        b.ids = calloc(s->ntalks + 1, sizeof(*b.ids));
        b.dl = calloc(s->ntalks + 1, sizeof(*b.dl));
        b.chunk_first = json_array();
        b.vocab_keys = json_array();
        if (!b.ids || !b.dl || !b.chunk_first || !b.vocab_keys)
                goto out;
        for (size_t i = 0; i < s->ntalks; i++)
                b.ids[i] = s->talks[i].t.id;
        b.nids = s->ntalks;
        qsort(b.ids, b.nids, sizeof(*b.ids), cmp_id);

        r = dx_index_postings(idx, on_posting, &b);
        if (r != 0 || b.failed) {
                if (!*errmsg)
                        asprintf(errmsg, "search index: %s",
                                 b.failed ? "cannot collect the index's words"
                                          : dx_index_errmsg(idx));
                goto out;
        }
        if (flush_term(&b) != 0 || close_chunk(&b) != 0 || close_vocab(&b) != 0)
                goto out;
        for (size_t i = 0; i < b.nids; i++)
                if (write_detail(&b, (int)i, talk_by_id(s, b.ids[i])) != 0)
                        goto out;
        if (write_meta(&b) != 0)
                goto out;
        rc = 0;
out:
        if (b.cf)
                fclose(b.cf);
        free(b.cbuf);
        free(b.term);
        free(b.occ);
        free(b.ids);
        free(b.dl);
        json_decref(b.chunk_first);
        json_decref(b.vocab_keys);
        json_decref(b.vocab);
        if (rc && !*errmsg)
                *errmsg = strdup("search index: out of memory or cannot write");
        return rc;
}
