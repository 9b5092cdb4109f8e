/*
 * draft.c - event.json drafts from the index: for each event folder, the
 * talks as ingest found and inferred them (recording and deck paired by
 * manifest, name or content; titles, speakers and dates from tags, deck
 * info, title pages and file names), written in the manifest format, so
 * that the archivist corrects a draft instead of typing one.  Ingesting
 * the folder with the draft gives the same talks: the ids come from the
 * recording's (else the deck's) base name either way.
 */
#include "dx_store.h"

#include <jansson.h>
#include <sqlite3.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *col(sqlite3_stmt *st, int i)
{
        return (const char *)sqlite3_column_text(st, i);
}

/* A path of the index relative to the event folder dir. */
static const char *in_event(const char *path, const char *dir)
{
        size_t n = strlen(dir);

        return strncmp(path, dir, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

static void set_str(json_t *o, const char *key, const char *v)
{
        if (v && *v)
                json_object_set_new(o, key, json_string(v));
}

static json_t *strv_json(const char *json_text)
{
        json_t *a = json_text ? json_loads(json_text, 0, NULL) : NULL;

        if (!json_is_array(a) || json_array_size(a) == 0) {
                json_decref(a);
                return NULL;
        }
        return a;
}

/* The talks of one event as the manifest's "talks" array. */
static int event_talks(dx_index *idx, int64_t event, const char *dir, const char *event_date,
                       json_t *talks, size_t *n)
{
        sqlite3_stmt *st = NULL, *sp = NULL, *cap = NULL;
        int rc, step;

        if (sqlite3_prepare_v2(idx->db,
                               "SELECT t.id, t.title, t.abstract, t.tags, t.date, t.room, v.path,"
                               " s.path FROM talks t LEFT JOIN files v ON v.id = t.video_id LEFT"
                               " JOIN files s ON s.id = t.slides_id WHERE t.event_id = ? AND"
                               " t.removed_at IS NULL ORDER BY t.pos",
                               -1, &st, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(idx->db,
                               "SELECT s.name, ts.role, ts.company FROM talk_speakers ts JOIN"
                               " speakers s ON s.id = ts.speaker_id WHERE ts.talk_id = ? ORDER BY"
                               " ts.pos",
                               -1, &sp, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(idx->db,
                               "SELECT f.path, (SELECT c.lang FROM cues c WHERE c.file_id = f.id"
                               " LIMIT 1) FROM talk_captions tc JOIN files f ON f.id = tc.file_id"
                               " WHERE tc.talk_id = ? ORDER BY f.path",
                               -1, &cap, NULL) != SQLITE_OK) {
                rc = dx_store_fail(idx, "read talks");
                goto out;
        }
        sqlite3_bind_int64(st, 1, event);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                json_t *t = json_object(), *speakers = json_array(), *caps = json_array();
                json_t *tags = strv_json(col(st, 3));

                set_str(t, "title", col(st, 1));
                sqlite3_reset(sp);
                sqlite3_bind_int64(sp, 1, sqlite3_column_int64(st, 0));
                while (sqlite3_step(sp) == SQLITE_ROW) {
                        json_t *o = json_object();

                        set_str(o, "name", col(sp, 0));
                        set_str(o, "role", col(sp, 1));
                        set_str(o, "company", col(sp, 2));
                        json_array_append_new(speakers, o);
                }
                if (json_array_size(speakers))
                        json_object_set(t, "speakers", speakers);
                /* the event's date is said once, by the event */
                if (col(st, 4) && !(event_date && strcmp(event_date, col(st, 4)) == 0))
                        set_str(t, "date", col(st, 4));
                set_str(t, "abstract", col(st, 2));
                if (tags)
                        json_object_set_new(t, "tags", tags);
                set_str(t, "room", col(st, 5));
                if (col(st, 6))
                        set_str(t, "video", in_event(col(st, 6), dir));
                if (col(st, 7))
                        set_str(t, "slides", in_event(col(st, 7), dir));
                sqlite3_reset(cap);
                sqlite3_bind_int64(cap, 1, sqlite3_column_int64(st, 0));
                while (sqlite3_step(cap) == SQLITE_ROW) {
                        json_t *o = json_object();

                        set_str(o, "file", in_event(col(cap, 0), dir));
                        set_str(o, "lang", col(cap, 1));
                        json_array_append_new(caps, o);
                }
                if (json_array_size(caps))
                        json_object_set(t, "captions", caps);
                json_decref(speakers);
                json_decref(caps);
                json_array_append_new(talks, t);
                (*n)++;
        }
        rc = step == SQLITE_DONE ? 0 : dx_store_fail(idx, "read talks");
out:
        sqlite3_finalize(st);
        sqlite3_finalize(sp);
        sqlite3_finalize(cap);
        return rc;
}

int dx_manifest_drafts(dx_index *idx, const char *dir, dx_draft **out, size_t *n)
{
        char *real = realpath(dir, NULL);
        sqlite3_stmt *st = NULL;
        size_t cap = 0;
        int rc = 0, step;

        *out = NULL;
        *n = 0;
        if (!real)
                real = dx_strdup(dir);
        if (sqlite3_prepare_v2(idx->db,
                               "SELECT id, root, dir, name, date, description, venues FROM events"
                               " WHERE removed_at IS NULL ORDER BY root, dir",
                               -1, &st, NULL) != SQLITE_OK) {
                rc = dx_store_fail(idx, "read events");
                goto out;
        }
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                char *path = dx_path_join(col(st, 1) ? col(st, 1) : "", col(st, 2));
                json_t *m, *talks, *venues;
                dx_draft *d;
                size_t nt = 0;

                if (!path || !real || !dx_path_inside(real, path)) {
                        free(path);
                        continue;
                }
                if (*n == cap) {
                        dx_draft *g = realloc(*out, (cap = cap ? cap * 2 : 8) * sizeof(*g));
                        if (!g) {
                                free(path);
                                rc = DX_ENOMEM;
                                goto out;
                        }
                        *out = g;
                }
                m = json_object();
                talks = json_array();
                set_str(m, "name", col(st, 3));
                set_str(m, "date", col(st, 4));
                set_str(m, "description", col(st, 5));
                if ((venues = strv_json(col(st, 6))))
                        json_object_set_new(m, "venues", venues);
                rc = event_talks(idx, sqlite3_column_int64(st, 0), col(st, 2), col(st, 4), talks,
                                 &nt);
                json_object_set_new(m, "talks", talks);
                d = &(*out)[*n];
                d->path = path;
                d->talks = nt;
                d->json = rc ? NULL : json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                json_decref(m);
                (*n)++;
                if (!rc && !d->json)
                        rc = DX_ENOMEM;
                if (rc)
                        goto out;
        }
        if (step != SQLITE_DONE)
                rc = dx_store_fail(idx, "read events");
        else if (!*n)
                rc = DX_ENOTFOUND;
out:
        sqlite3_finalize(st);
        free(real);
        if (rc) {
                dx_drafts_free(*out, *n);
                *out = NULL;
                *n = 0;
        }
        return rc;
}

void dx_drafts_free(dx_draft *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++) {
                free(v[i].path);
                free(v[i].json);
        }
        free(v);
}
