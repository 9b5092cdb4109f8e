/*
 * report.c - what the archivist must fix, read from the index: files that
 * failed, talks missing a deck or a recording, recordings that never show
 * their deck, decks without a text layer, talks titled by their file name
 * or without a speaker, one speaker spelled two ways (or at two
 * companies), files with the same content, and what ingest noted per event
 * (manifest paths that point nowhere, recordings no deck could be paired
 * with, lengths that disagree with the schedule).  Grouped by kind in the
 * order of kinds[].
 */
#include "dx_store.h"

#include <sqlite3.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"failed",    "no-slides", "no-recording",   "not-shown",
                                    "no-text",   "untitled",  "no-speaker",     "name-variants",
                                    "duplicate", "dangling",  "length-mismatch"};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

typedef struct report {
        dx_index *idx;
        dx_problem *v;
        size_t n, cap;
        int64_t *events; /* the events reported on, sorted; NULL: all */
        size_t nevents;
        int failed; /* out of memory */
} report;

static int cmp_i64(const void *a, const void *b)
{
        int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

        return x < y ? -1 : x > y;
}

static int wanted(const report *r, int64_t event)
{
        return !r->events || bsearch(&event, r->events, r->nevents, sizeof(event), cmp_i64);
}

static void add(report *r, const char *kind, const char *talk, const char *file, char *message,
                char *suggestion)
{
        dx_problem *p;

        if (message && r->n == r->cap) {
                size_t nc = r->cap ? r->cap * 2 : 32;
                dx_problem *v = realloc(r->v, nc * sizeof(*v));

                if (v) {
                        r->v = v;
                        r->cap = nc;
                }
        }
        if (!message || r->n == r->cap) {
                r->failed = 1;
                free(message);
                free(suggestion);
                return;
        }
        p = &r->v[r->n++];
        p->kind = dx_strdup(kind);
        p->talk = talk ? dx_strdup(talk) : NULL;
        p->file = file ? dx_strdup(file) : NULL;
        p->message = message;
        p->suggestion = suggestion;
        if (!p->kind || (talk && !p->talk) || (file && !p->file))
                r->failed = 1; /* nothing rather than less */
}

static const char *text(sqlite3_stmt *st, int i)
{
        return (const char *)sqlite3_column_text(st, i);
}

/* Whether a talk already has a note of this kind (a more precise message
 * than the generic one). */
static int noted(const report *r, const char *kind, const char *talk)
{
        for (size_t i = 0; talk && i < r->n; i++)
                if (r->v[i].talk && strcmp(r->v[i].kind, kind) == 0 &&
                    strcmp(r->v[i].talk, talk) == 0)
                        return 1;
        return 0;
}

/* Run sql (its first column an event id) and hand each wanted row to fn. */
static int each(report *r, const char *sql, void (*fn)(report *, sqlite3_stmt *))
{
        sqlite3_stmt *st = NULL;
        int rc;

        if (sqlite3_prepare_v2(r->idx->db, sql, -1, &st, NULL) != SQLITE_OK)
                return dx_store_fail(r->idx, "read the report");
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                if (wanted(r, sqlite3_column_int64(st, 0)))
                        fn(r, st);
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 0 : dx_store_fail(r->idx, "read the report");
}

static void row_failed(report *r, sqlite3_stmt *st)
{
        add(r, "failed", text(st, 3), text(st, 1), dx_strdup(text(st, 2)), NULL);
}

static void row_note(report *r, sqlite3_stmt *st)
{
        add(r, text(st, 1), text(st, 2), text(st, 3), dx_strdup(text(st, 4)),
            text(st, 5) ? dx_strdup(text(st, 5)) : NULL);
}

static void row_no_slides(report *r, sqlite3_stmt *st)
{
        if (!noted(r, "no-slides", text(st, 1)))
                add(r, "no-slides", text(st, 1), text(st, 2),
                    dx_strdup("a recording without slides, and no deck of its event shows in it"),
                    dx_strdup("add the deck beside it with the same base name, or name it in "
                              "event.json"));
}

static void row_no_recording(report *r, sqlite3_stmt *st)
{
        if (!noted(r, "no-recording", text(st, 1)))
                add(r, "no-recording", text(st, 1), text(st, 2),
                    dx_strdup("slides without a recording"),
                    dx_strdup("add the recording beside it with the same base name, or name it "
                              "in event.json"));
}

static void row_not_shown(report *r, sqlite3_stmt *st)
{
        add(r, "not-shown", text(st, 1), text(st, 2),
            dx_asprintf("the recording never shows its slides %s", text(st, 3)),
            dx_strdup("check that the deck is the one presented (camera-only recordings "
                      "cannot show it)"));
}

static void row_no_text(report *r, sqlite3_stmt *st)
{
        add(r, "no-text", text(st, 2), text(st, 1),
            dx_asprintf("the deck has %d page%s and no text layer (image-only PDF?): its "
                        "slides cannot be searched",
                        sqlite3_column_int(st, 3), sqlite3_column_int(st, 3) == 1 ? "" : "s"),
            dx_strdup("export it again as PDF with text, or run it through OCR"));
}

static void row_untitled(report *r, sqlite3_stmt *st)
{
        add(r, "untitled", text(st, 1), text(st, 3),
            text(st, 4) ? dx_asprintf("title \"%s\" comes from the file name", text(st, 2))
                        : dx_strdup("no title"),
            dx_strdup("give the talk a title in event.json (doxsearch manifest writes a draft)"));
}

static void row_no_speaker(report *r, sqlite3_stmt *st)
{
        add(r, "no-speaker", text(st, 1), text(st, 2), dx_strdup("no speaker"),
            dx_strdup("name the speakers in event.json (doxsearch manifest writes a draft)"));
}

/* Files with one content hash: each after the first is reported. */
static void row_duplicate(report *r, sqlite3_stmt *st)
{
        add(r, "duplicate", text(st, 4), text(st, 2),
            dx_asprintf("same content as %s", text(st, 1)),
            dx_asprintf("remove one of the two copies (or keep both only if they are two talks)"));
}

/* ---- names ------------------------------------------------------------- */

/* One speaker of one talk.  first: the first row with the same name. */
typedef struct person {
        char *name, *fold, *company, *talk;
        size_t first;
} person;

/* A spelling of one word of a name: the name (row u of persons) with that
 * word left out as key ("anna \1" for "anna mueller"'s last word), and the
 * word.  Two names of one number of words that differ in one word only
 * meet under one key. */
typedef struct word_key {
        char *key;
        const char *word;
        size_t len, u;
} word_key;

/* A pair to report: rows i (the later) and j; same_name: one name at two
 * companies, else two spellings. */
typedef struct name_pair {
        size_t i, j;
        int same_name;
} name_pair;

/* Rows sorted by name or fold, then in their order (pointers into one
 * array). */
static int cmp_by_name(const void *a, const void *b)
{
        const person *x = *(const person *const *)a, *y = *(const person *const *)b;
        int c = strcmp(x->name, y->name);

        return c ? c : (x > y) - (x < y);
}

static int cmp_by_fold(const void *a, const void *b)
{
        const person *x = *(const person *const *)a, *y = *(const person *const *)b;
        int c = strcmp(x->fold, y->fold);

        return c ? c : (x > y) - (x < y);
}

static int cmp_word_key(const void *a, const void *b)
{
        const word_key *x = a, *y = b;
        int c = strcmp(x->key, y->key);

        if (c)
                return c;
        if (x->len != y->len)
                return x->len < y->len ? -1 : 1;
        return (x->u > y->u) - (x->u < y->u);
}

static int cmp_pair(const void *a, const void *b)
{
        const name_pair *x = a, *y = b;

        if (x->i != y->i)
                return x->i < y->i ? -1 : 1;
        return (x->j > y->j) - (x->j < y->j);
}

static int add_pair(name_pair **v, size_t *n, size_t *cap, size_t a, size_t b, int same_name)
{
        if (DX_GROW(*v, *n + 1, *cap))
                return DX_ENOMEM;
        (*v)[*n].i = a > b ? a : b;
        (*v)[*n].j = a > b ? b : a;
        (*v)[(*n)++].same_name = same_name;
        return 0;
}

/* The keys of each word of the names u[0..nu) (rows of v): a name of w
 * words gives w keys. */
static int word_keys(const person *v, person *const *u, size_t nu, word_key **out, size_t *nout)
{
        size_t cap = 0;

        *out = NULL;
        *nout = 0;
        for (size_t k = 0; k < nu; k++) {
                const char *f = u[k]->fold;

                for (const char *w = f; *w;) {
                        size_t len = strcspn(w, " ");
                        word_key *e;

                        if (DX_GROW(*out, *nout + 1, cap))
                                return DX_ENOMEM;
                        e = &(*out)[(*nout)++];
                        e->word = w;
                        e->len = len;
                        e->u = (size_t)(u[k] - v);
                        e->key = dx_asprintf("%.*s\001%s", (int)(w - f), f, w + len);
                        if (!e->key)
                                return DX_ENOMEM;
                        w += len;
                        w += *w == ' ';
                }
        }
        return 0;
}

/* Spellings of one name, among the distinct names u[0..nu): the same when
 * folded (Müller, Mueller), or of one number of words with one word off by
 * a typo in a word long enough that a typo is likelier than another name
 * (Kalmykov, Kalymykov: one edit for words of five letters or more, two
 * from eight; Anna and Anne are two names).  Names that fold alike are
 * neighbours when sorted by fold; names that differ in one word meet under
 * that word's key, and only words of about one length are compared there,
 * so the work grows with the number of names, not with its square (but for
 * many names sharing all words except one of one length). */
static int spellings(const person *v, person **u, size_t nu, name_pair **pairs, size_t *npairs,
                     size_t *cap)
{
        word_key *e = NULL;
        size_t ne = 0;
        int rc = 0;

        qsort(u, nu, sizeof(*u), cmp_by_fold);
        for (size_t a = 0; a < nu && !rc; a++)
                for (size_t b = a + 1; b < nu && !rc && strcmp(u[a]->fold, u[b]->fold) == 0; b++)
                        rc =
                            add_pair(pairs, npairs, cap, (size_t)(u[a] - v), (size_t)(u[b] - v), 0);
        if (!rc)
                rc = word_keys(v, u, nu, &e, &ne);
        if (!rc && ne)
                qsort(e, ne, sizeof(*e), cmp_word_key);
        for (size_t a = 0; a < ne && !rc; a++) {
                size_t m = e[a].len, max = m >= 8 ? 2 : 1;

                if (m < 5)
                        continue;
                for (size_t b = a + 1;
                     b < ne && !rc && e[b].len <= m + max && strcmp(e[a].key, e[b].key) == 0; b++) {
                        if (e[b].len == m && memcmp(e[a].word, e[b].word, m) == 0)
                                continue; /* folded alike: paired above */
                        if (dx_edit_distance_n(e[a].word, m, e[b].word, e[b].len, max) <= max)
                                rc = add_pair(pairs, npairs, cap, e[a].u, e[b].u, 0);
                }
        }
        for (size_t k = 0; k < ne; k++)
                free(e[k].key);
        free(e);
        return rc;
}

/* The speakers' names, reported per pair of spellings (at the later talk
 * of the two first to use them), and per talk whose speaker's company
 * differs from that of the name's first talk. */
static int names(report *r)
{
        sqlite3_stmt *st = NULL;
        person *v = NULL;
        size_t n = 0, cap = 0, nu = 0, npairs = 0, pcap = 0;
        person **order = NULL;
        name_pair *pairs = NULL;
        int rc, err = 0;

        if (sqlite3_prepare_v2(r->idx->db,
                               "SELECT t.event_id, s.name, ts.company, t.uid FROM talk_speakers ts"
                               " JOIN speakers s ON s.id = ts.speaker_id JOIN talks t ON"
                               " t.id = ts.talk_id WHERE t.removed_at IS NULL"
                               " ORDER BY t.uid, ts.pos",
                               -1, &st, NULL) != SQLITE_OK)
                return dx_store_fail(r->idx, "read the report");
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                person *p;

                if (!wanted(r, sqlite3_column_int64(st, 0)))
                        continue;
                if (DX_GROW(v, n + 1, cap)) {
                        err = DX_ENOMEM;
                        break;
                }
                p = &v[n++];
                p->name = dx_strdup(text(st, 1));
                p->fold = dx_name_fold(text(st, 1));
                p->company = text(st, 2) ? dx_name_fold(text(st, 2)) : NULL;
                p->talk = dx_strdup(text(st, 3));
                if (!p->name || !p->fold || !p->talk || (text(st, 2) && !p->company))
                        err = DX_ENOMEM;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
                rc = dx_store_fail(r->idx, "read the report");
                goto out;
        }
        rc = err;
        if (rc || !n)
                goto out;
        if (!(order = calloc(n, sizeof(*order)))) {
                rc = DX_ENOMEM;
                goto out;
        }
        /* each row's first row of its name; the first rows are the names */
        for (size_t i = 0; i < n; i++)
                order[i] = &v[i];
        qsort(order, n, sizeof(*order), cmp_by_name);
        for (size_t k = 0; k < n; k++)
                order[k]->first = k && strcmp(order[k]->name, order[k - 1]->name) == 0
                                      ? order[k - 1]->first
                                      : (size_t)(order[k] - v);
        for (size_t i = 0; i < n && !rc; i++) {
                const person *a = &v[i], *b = &v[v[i].first];

                if (a->first == i)
                        order[nu++] = &v[i];
                else if (a->company && b->company && *a->company && *b->company &&
                         strcmp(a->company, b->company) != 0)
                        rc = add_pair(&pairs, &npairs, &pcap, i, a->first, 1);
        }
        rc = rc ? rc : spellings(v, order, nu, &pairs, &npairs, &pcap);
        if (rc)
                goto out;
        /* in the order of the talks, as found */
        if (npairs)
                qsort(pairs, npairs, sizeof(*pairs), cmp_pair);
        for (size_t k = 0; k < npairs; k++) {
                const person *i = &v[pairs[k].i], *j = &v[pairs[k].j];

                if (pairs[k].same_name)
                        add(r, "name-variants", i->talk, NULL,
                            dx_asprintf("\"%s\" is with two companies: %s (%s) and %s (%s)",
                                        i->name, j->company, j->talk, i->company, i->talk),
                            dx_strdup("check whether they are one person who changed jobs, or "
                                      "two people"));
                else
                        add(r, "name-variants", i->talk, NULL,
                            dx_asprintf("\"%s\" (%s) and \"%s\" (%s) may be one person spelled "
                                        "two ways",
                                        j->name, j->talk, i->name, i->talk),
                            dx_asprintf("use one spelling in event.json"));
        }
out:
        if (rc == DX_ENOMEM)
                r->failed = 1;
        for (size_t i = 0; i < n; i++) {
                free(v[i].name);
                free(v[i].fold);
                free(v[i].company);
                free(v[i].talk);
        }
        free(v);
        free(order);
        free(pairs);
        return rc == DX_ENOMEM ? 0 : rc;
}

/* ---- which events ------------------------------------------------------ */

/* The events inside (or holding) each folder; a folder with none is named
 * in *err. */
static int pick_events(report *r, const char *const *roots, size_t nroots, char **err)
{
        sqlite3_stmt *st = NULL;
        dx_buf missing = DX_BUF_INIT;
        char **real = calloc(nroots + 1, sizeof(*real));
        size_t *hits = calloc(nroots + 1, sizeof(*hits));
        size_t cap = 0;
        int rc = 0, step;

        if (!real || !hits) {
                rc = DX_ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < nroots; i++) {
                real[i] = realpath(roots[i], NULL);
                if (!real[i])
                        real[i] = dx_strdup(roots[i]);
        }
        if (sqlite3_prepare_v2(r->idx->db,
                               "SELECT id, root, dir FROM events WHERE removed_at IS NULL", -1, &st,
                               NULL) != SQLITE_OK) {
                rc = dx_store_fail(r->idx, "read events");
                goto out;
        }
        r->events = calloc(1, sizeof(*r->events));
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                char *ev = dx_path_join(text(st, 1) ? text(st, 1) : "", text(st, 2));
                int take = 0;

                for (size_t i = 0; ev && i < nroots; i++)
                        if (dx_path_inside(real[i], ev) || dx_path_inside(ev, real[i])) {
                                take = 1;
                                hits[i]++;
                        }
                free(ev);
                if (!take)
                        continue;
                if (r->nevents == cap) {
                        int64_t *g = realloc(r->events, (cap = cap ? cap * 2 : 16) * sizeof(*g));
                        if (!g) {
                                rc = DX_ENOMEM;
                                goto out;
                        }
                        r->events = g;
                }
                r->events[r->nevents++] = sqlite3_column_int64(st, 0);
        }
        if (step != SQLITE_DONE) {
                rc = dx_store_fail(r->idx, "read events");
                goto out;
        }
        qsort(r->events, r->nevents, sizeof(*r->events), cmp_i64);
        for (size_t i = 0; i < nroots; i++)
                if (!hits[i])
                        dx_buf_addf(&missing, "%s%s", missing.len ? ", " : "", roots[i]);
        if (missing.len)
                *err = dx_asprintf("%s: not in the index (ingest it first)", missing.s);
out:
        sqlite3_finalize(st);
        dx_buf_release(&missing);
        for (size_t i = 0; real && i < nroots; i++)
                free(real[i]);
        free(real);
        free(hits);
        return rc;
}

static int has_table(dx_index *idx, const char *name)
{
        sqlite3_stmt *st = NULL;
        int yes = 0;

        if (sqlite3_prepare_v2(idx->db, "SELECT 1 FROM sqlite_master WHERE name = ?", -1, &st,
                               NULL) == SQLITE_OK) {
                sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
                yes = sqlite3_step(st) == SQLITE_ROW;
        }
        sqlite3_finalize(st);
        return yes;
}

int dx_index_report(dx_index *idx, const char *const *roots, size_t nroots, dx_problem **out,
                    size_t *n, char **err)
{
        report r = {.idx = idx};
        int meta = has_table(idx, "talk_meta"), rc = 0;
        dx_problem *sorted;

        *out = NULL;
        *n = 0;
        *err = NULL;
        if (nroots && (rc = pick_events(&r, roots, nroots, err)))
                goto out;
        /* notes first: a talk's precise note replaces the generic line */
        if (has_table(idx, "event_notes"))
                rc = each(&r,
                          "SELECT n.event_id, n.kind, n.talk, n.file, n.message, n.suggestion"
                          " FROM event_notes n JOIN events e ON e.id = n.event_id"
                          " WHERE e.removed_at IS NULL ORDER BY e.dir, n.pos",
                          row_note);
        rc = rc ? rc
                : each(&r,
                       "SELECT f.event_id, f.path, f.error, (SELECT t.uid FROM talks t WHERE"
                       " t.removed_at IS NULL AND (t.video_id = f.id OR t.slides_id = f.id OR"
                       " t.id IN (SELECT tc.talk_id FROM talk_captions tc WHERE tc.file_id ="
                       " f.id)) ORDER BY t.uid LIMIT 1) FROM files f WHERE f.error IS NOT NULL"
                       " AND f.removed_at IS NULL ORDER BY f.path",
                       row_failed);
        rc = rc ? rc
                : each(&r,
                       "SELECT t.event_id, t.uid, v.path FROM talks t JOIN events e ON e.id ="
                       " t.event_id JOIN files v ON v.id = t.video_id WHERE t.removed_at IS NULL"
                       " AND t.slides_id IS NULL ORDER BY e.dir, t.pos",
                       row_no_slides);
        rc = rc ? rc
                : each(&r,
                       "SELECT t.event_id, t.uid, s.path FROM talks t JOIN events e ON e.id ="
                       " t.event_id JOIN files s ON s.id = t.slides_id WHERE t.removed_at IS NULL"
                       " AND t.video_id IS NULL ORDER BY e.dir, t.pos",
                       row_no_recording);
        rc = rc ? rc
                : each(&r,
                       "SELECT t.event_id, t.uid, v.path, '(' || s.path || ')' FROM talks t JOIN"
                       " events e ON e.id = t.event_id JOIN alignments a ON a.talk_id = t.id"
                       " JOIN files v ON v.id = t.video_id JOIN files s ON s.id = t.slides_id"
                       " WHERE t.removed_at IS NULL AND a.status = 'not shown' ORDER BY e.dir,"
                       " t.pos",
                       row_not_shown);
        rc = rc ? rc
                : each(&r,
                       "SELECT f.event_id, f.path, (SELECT t.uid FROM talks t WHERE t.slides_id ="
                       " f.id AND t.removed_at IS NULL ORDER BY t.uid LIMIT 1), d.pages FROM"
                       " documents d JOIN files f ON f.id = d.file_id LEFT JOIN slide_text x ON"
                       " x.file_id = f.id WHERE f.removed_at IS NULL AND f.error IS NULL AND"
                       " d.pages > 0 AND (x.bytes IS NULL OR x.bytes = 0 OR (x.bytes < 64 AND"
                       " trim(dxslides(x.z), ' ' || char(9, 10, 12, 13)) = '')) ORDER BY f.path",
                       row_no_text);
        if (!rc && meta)
                rc = each(&r,
                          "SELECT t.event_id, t.uid, t.title, coalesce(v.path, s.path), m.title_src"
                          " FROM talks t JOIN talk_meta m ON m.talk_id = t.id JOIN events e ON"
                          " e.id = t.event_id LEFT JOIN files v ON v.id = t.video_id LEFT JOIN"
                          " files s ON s.id = t.slides_id WHERE t.removed_at IS NULL AND"
                          " (m.title_src IS NULL OR m.title_src = 'file-name') ORDER BY e.dir,"
                          " t.pos",
                          row_untitled);
        rc = rc ? rc
                : each(&r,
                       "SELECT t.event_id, t.uid, coalesce(v.path, s.path) FROM talks t JOIN"
                       " events e ON e.id = t.event_id LEFT JOIN files v ON v.id = t.video_id"
                       " LEFT JOIN files s ON s.id = t.slides_id WHERE t.removed_at IS NULL AND"
                       " NOT EXISTS (SELECT 1 FROM talk_speakers ts WHERE ts.talk_id = t.id)"
                       " ORDER BY e.dir, t.pos",
                       row_no_speaker);
        rc = rc ? rc : names(&r);
        rc = rc ? rc
                : each(&r,
                       "SELECT * FROM (SELECT f.event_id, (SELECT g.path FROM files g WHERE"
                       " g.hash = f.hash AND g.removed_at IS NULL AND g.error IS NULL AND g.kind"
                       " = f.kind ORDER BY g.path LIMIT 1) AS first, f.path AS path, f.hash,"
                       " (SELECT t.uid FROM talks t WHERE t.removed_at IS NULL AND (t.video_id ="
                       " f.id OR t.slides_id = f.id) LIMIT 1) FROM files f WHERE f.removed_at IS"
                       " NULL AND f.error IS NULL AND f.hash IS NOT NULL AND f.kind != 'other')"
                       " WHERE path != first ORDER BY path",
                       row_duplicate);
        if (rc)
                goto out;
        if (r.failed) {
                rc = DX_ENOMEM;
                goto out;
        }
        /* grouped by kind, each group in the order it was found */
        sorted = calloc(r.n + 1, sizeof(*sorted));
        if (!sorted) {
                rc = DX_ENOMEM;
                goto out;
        }
        for (size_t k = 0; k < NKINDS; k++)
                for (size_t i = 0; i < r.n; i++)
                        if (r.v[i].kind && strcmp(r.v[i].kind, kinds[k]) == 0)
                                sorted[(*n)++] = r.v[i];
        for (size_t i = 0; i < r.n; i++) {
                size_t k = 0;
                while (k < NKINDS && (!r.v[i].kind || strcmp(r.v[i].kind, kinds[k]) != 0))
                        k++;
                if (k == NKINDS)
                        sorted[(*n)++] = r.v[i]; /* a kind this version does not know */
        }
        free(r.v);
        r.v = NULL;
        r.n = 0;
        *out = sorted;
out:
        dx_problems_free(r.v, r.n);
        free(r.events);
        return rc;
}

void dx_problems_free(dx_problem *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++) {
                free(v[i].kind);
                free(v[i].talk);
                free(v[i].file);
                free(v[i].message);
                free(v[i].suggestion);
        }
        free(v);
}
