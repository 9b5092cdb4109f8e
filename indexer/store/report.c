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

typedef struct person {
        char *name, *fold, *company, *talk;
} person;

/* Two spellings of one name: the same when folded (Müller, Mueller), or
 * one word of the same number of words off by a typo in a word long
 * enough that a typo is likelier than another name (Kalmykov,
 * Kalymykov; but not Anna and Anne). */
static int variants(const char *a, const char *b)
{
        char *x, *y, *sx = NULL, *sy = NULL;
        int differ = 0, ok = 1;

        if (strcmp(a, b) == 0)
                return 1;
        if (!(x = dx_strdup(a)) || !(y = dx_strdup(b))) {
                free(x);
                return 0;
        }
        char *wx = strtok_r(x, " ", &sx), *wy = strtok_r(y, " ", &sy);
        for (; ok && wx && wy; wx = strtok_r(NULL, " ", &sx), wy = strtok_r(NULL, " ", &sy)) {
                size_t lx = strlen(wx), ly = strlen(wy), m = lx < ly ? lx : ly, d;

                if (strcmp(wx, wy) == 0)
                        continue;
                d = dx_edit_distance(wx, wy, 2);
                if (++differ > 1 || !(m >= 8 ? d <= 2 : m >= 5 ? d <= 1 : 0))
                        ok = 0;
        }
        ok = ok && !wx && !wy && differ == 1;
        free(x);
        free(y);
        return ok;
}

static int names(report *r)
{
        sqlite3_stmt *st = NULL;
        person *v = NULL;
        size_t n = 0, cap = 0;
        int rc;

        if (sqlite3_prepare_v2(r->idx->db,
                               "SELECT t.event_id, s.name, ts.company, t.uid FROM talk_speakers ts"
                               " JOIN speakers s ON s.id = ts.speaker_id JOIN talks t ON"
                               " t.id = ts.talk_id WHERE t.removed_at IS NULL"
                               " ORDER BY t.uid, ts.pos",
                               -1, &st, NULL) != SQLITE_OK)
                return dx_store_fail(r->idx, "read the report");
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (!wanted(r, sqlite3_column_int64(st, 0)))
                        continue;
                if (n == cap) {
                        person *g = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof(*v));
                        if (!g) {
                                r->failed = 1;
                                break;
                        }
                        v = g;
                }
                v[n].name = dx_strdup(text(st, 1));
                v[n].fold = dx_name_fold(text(st, 1));
                v[n].company = text(st, 2) ? dx_name_fold(text(st, 2)) : NULL;
                v[n].talk = dx_strdup(text(st, 3));
                n++;
        }
        sqlite3_finalize(st);
        for (size_t i = 0; i < n; i++) {
                for (size_t j = 0; j < i; j++) {
                        int told = 0;

                        if (!v[i].fold || !v[j].fold || !v[i].name || !v[j].name)
                                continue;
                        /* reported once per pair of spellings */
                        for (size_t k = 0; k < j && !told; k++)
                                told = v[k].name && strcmp(v[k].name, v[j].name) == 0;
                        if (told)
                                continue;
                        if (strcmp(v[i].name, v[j].name) != 0 && variants(v[i].fold, v[j].fold)) {
                                int seen = 0;
                                for (size_t k = 0; k < i && !seen; k++)
                                        seen = v[k].name && strcmp(v[k].name, v[i].name) == 0;
                                if (!seen)
                                        add(r, "name-variants", v[i].talk, NULL,
                                            dx_asprintf("\"%s\" (%s) and \"%s\" (%s) may be one "
                                                        "person spelled two ways",
                                                        v[j].name, v[j].talk, v[i].name, v[i].talk),
                                            dx_asprintf("use one spelling in event.json"));
                        } else if (strcmp(v[i].name, v[j].name) == 0 && v[i].company &&
                                   v[j].company && *v[i].company && *v[j].company &&
                                   strcmp(v[i].company, v[j].company) != 0) {
                                add(r, "name-variants", v[i].talk, NULL,
                                    dx_asprintf("\"%s\" is with two companies: %s (%s) and %s "
                                                "(%s)",
                                                v[i].name, v[j].company, v[j].talk, v[i].company,
                                                v[i].talk),
                                    dx_strdup("check whether they are one person who changed "
                                              "jobs, or two people"));
                        }
                }
        }
        for (size_t i = 0; i < n; i++) {
                free(v[i].name);
                free(v[i].fold);
                free(v[i].company);
                free(v[i].talk);
        }
        free(v);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : dx_store_fail(r->idx, "read the report");
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
