/*
 * store_read.c - reading talks back from the index: summaries, the full
 * record behind `show`, the list of all talks, statistics, and the stored
 * media facts of unchanged files that ingest merges into talk metadata.
 */
#include "dx_store.h"

#include <jansson.h>
#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A copy of column i, NULL for SQL NULL; *oom is set when it could not be
 * made (a missing copy must not read as a missing value). */
static char *col_str(sqlite3_stmt *st, int i, int *oom)
{
        const unsigned char *s = sqlite3_column_text(st, i);
        char *d;

        if (!s) {
                if (sqlite3_column_type(st, i) != SQLITE_NULL)
                        *oom = 1;
                return NULL;
        }
        if (!(d = dx_strdup((const char *)s)))
                *oom = 1;
        return d;
}

/* The strings of a JSON array (NULL text: none) into *out, *n of them.
 * DX_ENOMEM when a copy fails, DX_ERR when the text is no array. */
static int json_to_strv(const char *text, char ***out, size_t *n)
{
        json_t *a, *e;
        json_error_t jerr;
        char **v;
        size_t i;
        int nomem;

        *out = NULL;
        *n = 0;
        if (!text)
                return 0;
        a = dx_json_loadb(text, strlen(text), 0, &jerr, &nomem);
        if (!json_is_array(a)) {
                json_decref(a);
                return nomem ? DX_ENOMEM : DX_ERR;
        }
        if (!(v = calloc(json_array_size(a) + 1, sizeof(*v)))) {
                json_decref(a);
                return DX_ENOMEM;
        }
        json_array_foreach(a, i, e)
        {
                if (!json_is_string(e))
                        continue;
                if (!(v[*n] = dx_strdup(json_string_value(e)))) {
                        dx_strv_free(v, *n);
                        *n = 0;
                        json_decref(a);
                        return DX_ENOMEM;
                }
                (*n)++;
        }
        json_decref(a);
        *out = v;
        return 0;
}

static sqlite3_stmt *prep(dx_index *idx, const char *sql)
{
        sqlite3_stmt *st = NULL;

        if (sqlite3_prepare_v2(idx->db, sql, -1, &st, NULL) != SQLITE_OK) {
                dx_store_fail(idx, "prepare");
                return NULL;
        }
        return st;
}

int dx_store_talk_summary(dx_index *idx, int64_t rowid, dx_talk *t)
{
        sqlite3_stmt *st = dx_store_stmt(idx, DX_Q_TALK_SUMMARY);
        size_t cap = 0;
        int oom = 0, rc;

        memset(t, 0, sizeof(*t));
        t->duration = -1;
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, rowid);
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
                if (rc != SQLITE_DONE) {
                        rc = dx_store_fail(idx, "talk");
                        sqlite3_reset(st);
                        return rc;
                }
                sqlite3_reset(st);
                dx_index_set_error(idx, "talk %lld vanished", (long long)rowid);
                return DX_ENOTFOUND;
        }
        t->id = col_str(st, 0, &oom);
        t->title = col_str(st, 1, &oom);
        t->abstract = col_str(st, 2, &oom);
        t->date = col_str(st, 3, &oom);
        t->room = col_str(st, 4, &oom);
        rc = json_to_strv((const char *)sqlite3_column_text(st, 5), &t->tags, &t->ntags);
        t->event_id = col_str(st, 6, &oom);
        t->event_name = col_str(st, 7, &oom);
        t->event_date = col_str(st, 8, &oom);
        if (!rc)
                rc =
                    json_to_strv((const char *)sqlite3_column_text(st, 9), &t->venues, &t->nvenues);
        if (sqlite3_column_type(st, 10) != SQLITE_NULL)
                t->duration = sqlite3_column_double(st, 10);
        t->video = col_str(st, 11, &oom);
        t->slides = col_str(st, 12, &oom);
        t->pages = sqlite3_column_int(st, 13);
        t->video_error = col_str(st, 14, &oom);
        sqlite3_reset(st);
        if (rc == DX_ERR)
                dx_index_set_error(idx, "talk %lld: tags or venues are not a JSON array",
                                   (long long)rowid);
        if (oom || !t->id)
                rc = DX_ENOMEM;
        if (rc)
                goto fail;

        st = dx_store_stmt(idx, DX_Q_TALK_SPEAKERS);
        if (!st) {
                rc = DX_ERR;
                goto fail;
        }
        sqlite3_bind_int64(st, 1, rowid);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                dx_speaker *sp;

                if (DX_GROW(t->speakers, t->nspeakers + 1, cap)) {
                        oom = 1;
                        break;
                }
                sp = &t->speakers[t->nspeakers++];
                sp->name = col_str(st, 0, &oom);
                sp->role = col_str(st, 1, &oom);
                sp->company = col_str(st, 2, &oom);
                if (oom)
                        break;
        }
        if (oom)
                rc = DX_ENOMEM;
        else if (rc != SQLITE_DONE)
                rc = dx_store_fail(idx, "speakers");
        else
                rc = 0;
        sqlite3_reset(st);
        if (!rc)
                rc = dx_store_talk_meta_read(idx, rowid, t);
        if (!rc) {
                int nrec = dx_store_rec_count(idx, rowid);

                rc = nrec < 0 ? nrec : 0;
                t->rec_slides = nrec > 0 ? (size_t)nrec : 0;
        }
        if (!rc)
                return 0;
fail:
        if (rc == DX_ENOMEM)
                dx_index_set_error(idx, "out of memory");
        dx_talk_release(t);
        return rc;
}

static int talk_ids(dx_index *idx, const char *sql, const char *arg, int64_t **ids, size_t *n)
{
        sqlite3_stmt *st = prep(idx, sql);
        size_t cap = 0;
        int rc;

        *ids = NULL;
        *n = 0;
        if (!st)
                return DX_ERR;
        if (arg)
                sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (DX_GROW(*ids, *n + 1, cap)) {
                        sqlite3_finalize(st);
                        free(*ids);
                        *ids = NULL;
                        *n = 0;
                        dx_index_set_error(idx, "out of memory");
                        return DX_ENOMEM;
                }
                (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
        }
        if (rc != SQLITE_DONE) {
                rc = dx_store_fail(idx, "list talks");
                sqlite3_finalize(st);
                free(*ids);
                *ids = NULL;
                *n = 0;
                return rc;
        }
        sqlite3_finalize(st);
        return 0;
}

int dx_talk_list(dx_index *idx, dx_talk **out, size_t *n)
{
        int64_t *ids;
        size_t cnt;
        int rc;

        *out = NULL;
        *n = 0;
        rc = talk_ids(idx,
                      "SELECT t.id FROM talks t JOIN events e ON e.id = t.event_id"
                      " WHERE t.removed_at IS NULL"
                      " ORDER BY coalesce(e.date, '') DESC, e.dir, t.pos",
                      NULL, &ids, &cnt);
        if (rc)
                return rc;
        *out = calloc(cnt + 1, sizeof(**out));
        if (!*out) {
                free(ids);
                return dx_index_nomem(idx, DX_ENOMEM);
        }
        for (size_t i = 0; i < cnt; i++) {
                rc = dx_store_talk_summary(idx, ids[i], &(*out)[i]);
                if (rc)
                        break;
                (*n)++;
        }
        free(ids);
        if (rc) {
                dx_talks_free(*out, *n);
                *out = NULL;
                *n = 0;
        }
        return dx_index_nomem(idx, rc);
}

/* The stored media facts of file fid: DX_ENOTFOUND when it has none. */
static int load_media(dx_index *idx, int64_t fid, dx_media *m)
{
        sqlite3_stmt *st;
        size_t cap;
        int oom = 0, rc;

        memset(m, 0, sizeof(*m));
        m->duration = -1;
        st = prep(idx, "SELECT container, duration, bit_rate FROM media WHERE file_id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
                rc = rc == SQLITE_DONE ? DX_ENOTFOUND : dx_store_fail(idx, "media");
                sqlite3_finalize(st);
                return rc;
        }
        m->container = col_str(st, 0, &oom);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
                m->duration = sqlite3_column_double(st, 1);
        m->bit_rate = sqlite3_column_int64(st, 2);
        sqlite3_finalize(st);
        if (oom)
                goto nomem;

        st = prep(idx, "SELECT idx, kind, codec, language, width, height, fps, channels,"
                       " sample_rate, bit_rate FROM streams WHERE file_id = ? ORDER BY idx");
        if (!st)
                goto fail;
        sqlite3_bind_int64(st, 1, fid);
        for (cap = 0; (rc = sqlite3_step(st)) == SQLITE_ROW;) {
                dx_stream *s;

                if (DX_GROW(m->streams, m->nstreams + 1, cap)) {
                        oom = 1;
                        break;
                }
                s = &m->streams[m->nstreams++];
                memset(s, 0, sizeof(*s));
                s->index = sqlite3_column_int(st, 0);
                s->kind = col_str(st, 1, &oom);
                s->codec = col_str(st, 2, &oom);
                s->language = col_str(st, 3, &oom);
                s->width = sqlite3_column_int(st, 4);
                s->height = sqlite3_column_int(st, 5);
                s->fps = sqlite3_column_double(st, 6);
                s->channels = sqlite3_column_int(st, 7);
                s->sample_rate = sqlite3_column_int(st, 8);
                s->bit_rate = sqlite3_column_int64(st, 9);
                if (oom)
                        break;
        }
        if (!oom && rc != SQLITE_DONE)
                goto fail_st;
        sqlite3_finalize(st);
        if (oom)
                goto nomem;

        st = prep(idx, "SELECT key, value FROM tags WHERE file_id = ? ORDER BY pos");
        if (!st)
                goto fail;
        sqlite3_bind_int64(st, 1, fid);
        for (cap = 0; (rc = sqlite3_step(st)) == SQLITE_ROW;) {
                if (DX_GROW(m->tags, m->ntags + 1, cap)) {
                        oom = 1;
                        break;
                }
                m->tags[m->ntags].key = col_str(st, 0, &oom);
                m->tags[m->ntags].value = col_str(st, 1, &oom);
                m->ntags++;
                if (oom)
                        break;
        }
        if (!oom && rc != SQLITE_DONE)
                goto fail_st;
        sqlite3_finalize(st);
        if (oom)
                goto nomem;

        st = prep(idx, "SELECT title, start, end FROM chapters WHERE file_id = ? ORDER BY pos");
        if (!st)
                goto fail;
        sqlite3_bind_int64(st, 1, fid);
        for (cap = 0; (rc = sqlite3_step(st)) == SQLITE_ROW;) {
                if (DX_GROW(m->chapters, m->nchapters + 1, cap)) {
                        oom = 1;
                        break;
                }
                m->chapters[m->nchapters].title = col_str(st, 0, &oom);
                m->chapters[m->nchapters].start = sqlite3_column_double(st, 1);
                m->chapters[m->nchapters].end = sqlite3_column_double(st, 2);
                m->nchapters++;
                if (oom)
                        break;
        }
        if (!oom && rc != SQLITE_DONE)
                goto fail_st;
        sqlite3_finalize(st);
        if (oom)
                goto nomem;
        return 0;

fail_st:
        dx_store_fail(idx, "media");
        sqlite3_finalize(st);
fail:
        dx_media_release(m);
        return DX_ERR;
nomem:
        dx_media_release(m);
        dx_index_set_error(idx, "out of memory");
        return DX_ENOMEM;
}

/* The deck's pages with their text, from page 1 on. */
static int load_page_text(dx_index *idx, int64_t file_id, dx_talk *t)
{
        char *raw;
        size_t len, n = 0;
        int rc = dx_store_slide_text(idx, file_id, &raw, &len);

        if (rc || !raw)
                return rc;
        for (size_t off = 0; off < len; off += strlen(raw + off) + 1)
                n++;
        if (!n) {
                free(raw);
                return 0;
        }
        if (!(t->page_text = calloc(n, sizeof(*t->page_text)))) {
                free(raw);
                return DX_ENOMEM;
        }
        for (size_t off = 0; off < len; off += strlen(raw + off) + 1) {
                dx_page *p = &t->page_text[t->npage_text];

                p->page = (int)t->npage_text + 1;
                if (!(p->text = dx_strdup(raw + off))) {
                        rc = DX_ENOMEM;
                        break;
                }
                t->npage_text++;
        }
        free(raw);
        return rc ? rc : dx_store_ocr_marks(idx, file_id, t->page_text, t->npage_text);
}

static int load_docinfo(dx_index *idx, int64_t fid, dx_docinfo *d)
{
        sqlite3_stmt *st = prep(idx, "SELECT pages, title, author, subject, keywords, created"
                                     " FROM documents WHERE file_id = ?");
        int oom = 0, rc;

        memset(d, 0, sizeof(*d));
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                d->pages = sqlite3_column_int(st, 0);
                d->title = col_str(st, 1, &oom);
                d->author = col_str(st, 2, &oom);
                d->subject = col_str(st, 3, &oom);
                d->keywords = col_str(st, 4, &oom);
                d->created = col_str(st, 5, &oom);
                rc = 0;
        } else {
                rc = rc == SQLITE_DONE ? DX_ENOTFOUND : dx_store_fail(idx, "document");
        }
        sqlite3_finalize(st);
        if (oom) {
                dx_docinfo_release(d);
                dx_index_set_error(idx, "out of memory");
                rc = DX_ENOMEM;
        }
        return rc;
}

/* The row id of the file at rel into *id: DX_ENOTFOUND when there is none. */
static int file_id(dx_index *idx, const char *rel, int64_t *id)
{
        sqlite3_stmt *st = prep(idx, "SELECT id FROM files WHERE path = ?");
        int rc;

        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, rel, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                *id = sqlite3_column_int64(st, 0);
                rc = 0;
        } else {
                rc = rc == SQLITE_DONE ? DX_ENOTFOUND : dx_store_fail(idx, "files");
        }
        sqlite3_finalize(st);
        return rc;
}

int dx_store_file_load(dx_index *idx, const char *rel, int64_t id, dx_file_data *fd)
{
        int64_t fid = id;
        int rc = rel ? file_id(idx, rel, &fid) : 0;

        if (rc)
                return rc;
        if (fid < 0)
                return DX_ENOTFOUND;
        rc = load_media(idx, fid, &fd->media);
        if (rc == 0)
                fd->has_media = 1;
        else if (rc != DX_ENOTFOUND)
                return rc;
        /* document info only: the pages stay in the index */
        rc = load_docinfo(idx, fid, &fd->deck.info);
        if (rc == 0) {
                fd->has_deck = 1;
                dx_store_title_page_load(idx, fid, &fd->deck.title_page);
        } else if (rc != DX_ENOTFOUND) {
                return rc;
        }
        return 0;
}

/* The rows of st (path, kind, error, talk) as file states. */
static int file_states(dx_index *idx, sqlite3_stmt *st, dx_talk_file **out, size_t *n)
{
        size_t cap = 0;
        int rc, oom = 0;

        *out = NULL;
        *n = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                dx_talk_file *f;

                if (DX_GROW(*out, *n + 1, cap)) {
                        rc = SQLITE_NOMEM;
                        break;
                }
                f = &(*out)[(*n)++];
                f->path = col_str(st, 0, &oom);
                f->kind = col_str(st, 1, &oom);
                f->error = col_str(st, 2, &oom);
                f->talk = col_str(st, 3, &oom);
                if (oom || !f->path || !f->kind) {
                        rc = SQLITE_NOMEM;
                        break;
                }
        }
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
                return 0;
        dx_talk_files_free(*out, *n);
        *out = NULL;
        *n = 0;
        if (rc == SQLITE_NOMEM) {
                dx_index_set_error(idx, "out of memory");
                return DX_ENOMEM;
        }
        return dx_store_fail(idx, "files");
}

int dx_index_problems(dx_index *idx, dx_talk_file **out, size_t *n)
{
        sqlite3_stmt *st =
            prep(idx, "SELECT f.path, f.kind, f.error, (SELECT t.uid FROM talks t WHERE"
                      " t.removed_at IS NULL AND (t.video_id = f.id OR t.slides_id = f.id OR"
                      " t.id IN (SELECT tc.talk_id FROM talk_captions tc WHERE tc.file_id = f.id))"
                      " ORDER BY t.uid LIMIT 1) FROM files f WHERE f.error IS NOT NULL AND"
                      " f.removed_at IS NULL ORDER BY f.path");

        *out = NULL;
        *n = 0;
        return st ? file_states(idx, st, out, n) : DX_ERR;
}

static int load_detail(dx_index *idx, int64_t rowid, dx_talk *t)
{
        sqlite3_stmt *fs =
            prep(idx, "SELECT f.path, f.kind, f.error, NULL FROM talks t JOIN files f ON"
                      " f.id = t.video_id OR f.id = t.slides_id OR f.id IN (SELECT tc.file_id FROM"
                      " talk_captions tc WHERE tc.talk_id = t.id) WHERE t.id = ? ORDER BY"
                      " f.id IS NOT t.video_id, f.id IS NOT t.slides_id, f.path");
        sqlite3_stmt *st;
        int64_t vid = -1, sid = -1;
        int rc;

        if (!fs)
                return DX_ERR;
        sqlite3_bind_int64(fs, 1, rowid);
        rc = file_states(idx, fs, &t->files, &t->nfiles);
        if (rc)
                return rc;
        st = prep(idx, "SELECT video_id, slides_id FROM talks WHERE id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, rowid);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                if (sqlite3_column_type(st, 0) != SQLITE_NULL)
                        vid = sqlite3_column_int64(st, 0);
                if (sqlite3_column_type(st, 1) != SQLITE_NULL)
                        sid = sqlite3_column_int64(st, 1);
        } else if (rc != SQLITE_DONE) {
                rc = dx_store_fail(idx, "talk");
                sqlite3_finalize(st);
                return rc;
        }
        sqlite3_finalize(st);
        rc = vid > 0 ? load_media(idx, vid, &t->media) : DX_ENOTFOUND;
        if (rc == 0)
                t->has_media = 1;
        else if (rc != DX_ENOTFOUND)
                return rc;
        if (sid <= 0)
                return 0;
        rc = load_docinfo(idx, sid, &t->docinfo);
        if (rc && rc != DX_ENOTFOUND)
                return rc;
        return load_page_text(idx, sid, t);
}

/* Escape LIKE wildcards so that what a person typed matches literally. */
static char *like_pattern(const char *s)
{
        dx_buf b = DX_BUF_INIT;
        int rc = dx_buf_addc(&b, '%');

        for (; *s && !rc; s++) {
                if (*s == '%' || *s == '_' || *s == '\\')
                        rc = dx_buf_addc(&b, '\\');
                if (!rc)
                        rc = dx_buf_addc(&b, *s);
        }
        if (!rc)
                rc = dx_buf_addc(&b, '%');
        if (rc) { /* a pattern cut short would match other talks */
                dx_buf_release(&b);
                return NULL;
        }
        return dx_buf_detach(&b);
}

int dx_talk_get(dx_index *idx, const char *which, dx_talk *out, char **candidates)
{
        int64_t *ids = NULL;
        size_t n = 0;
        char *pat;
        int rc;

        memset(out, 0, sizeof(*out));
        if (candidates)
                *candidates = NULL;
        rc = talk_ids(idx, "SELECT id FROM talks WHERE uid = ?", which, &ids, &n);
        if (!rc && n == 0) {
                free(ids);
                ids = NULL;
                if (!(pat = like_pattern(which))) {
                        dx_index_set_error(idx, "out of memory");
                        return DX_ENOMEM;
                }
                rc = talk_ids(idx,
                              "SELECT id FROM talks WHERE removed_at IS NULL AND (uid LIKE ?1"
                              " ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\') ORDER BY uid",
                              pat, &ids, &n);
                free(pat);
        }
        if (!rc && n == 0) {
                dx_index_set_error(idx, "%s: no such talk", which);
                rc = DX_ENOTFOUND;
        } else if (!rc && n > 1) {
                dx_buf b = DX_BUF_INIT;
                sqlite3_stmt *st = prep(idx, "SELECT uid, title FROM talks WHERE id = ?");

                int bad = !st;

                for (size_t i = 0; st && !bad && i < n; i++) {
                        sqlite3_reset(st);
                        sqlite3_bind_int64(st, 1, ids[i]);
                        if (sqlite3_step(st) != SQLITE_ROW ||
                            dx_buf_addf(&b, "%s\t%s\n", sqlite3_column_text(st, 0),
                                        sqlite3_column_text(st, 1)))
                                bad = 1;
                }
                sqlite3_finalize(st);
                if (candidates && !bad && !(*candidates = dx_buf_detach(&b)))
                        bad = 1;
                dx_buf_release(&b);
                if (bad) { /* a list of candidates with some missing */
                        dx_index_set_error(idx, "%s: cannot list the talks that match", which);
                        rc = DX_ENOMEM;
                } else {
                        dx_index_set_error(idx, "%s: %zu talks match; name one by its id", which,
                                           n);
                        rc = DX_EAMBIG;
                }
        } else if (!rc) {
                rc = dx_store_talk_summary(idx, ids[0], out);
                if (!rc)
                        rc = load_detail(idx, ids[0], out);
        }
        free(ids);
        if (rc && rc != DX_EAMBIG)
                dx_talk_release(out);
        return dx_index_nomem(idx, rc);
}

int dx_index_stats_get(dx_index *idx, dx_index_stats *s)
{
        sqlite3_stmt *st;
        struct stat sb;

        memset(s, 0, sizeof(*s));
        st = prep(idx,
                  "SELECT (SELECT count(*) FROM events WHERE removed_at IS NULL),"
                  " (SELECT count(*) FROM talks WHERE removed_at IS NULL),"
                  " (SELECT count(DISTINCT ts.speaker_id) FROM talk_speakers ts JOIN talks t"
                  "   ON t.id = ts.talk_id WHERE t.removed_at IS NULL),"
                  " (SELECT count(*) FROM files WHERE removed_at IS NULL),"
                  " (SELECT count(*) FROM files WHERE error IS NOT NULL AND removed_at IS NULL),"
                  " (SELECT coalesce(sum(d.pages), 0) FROM documents d JOIN files f"
                  "   ON f.id = d.file_id WHERE f.removed_at IS NULL),"
                  " (SELECT count(*) FROM talks WHERE video_id IS NOT NULL AND"
                  "   removed_at IS NULL),"
                  " (SELECT count(*) FROM talks WHERE slides_id IS NOT NULL AND"
                  "   removed_at IS NULL),"
                  " (SELECT coalesce(sum(duration), 0) FROM talks WHERE removed_at IS NULL),"
                  " (SELECT user_version FROM pragma_user_version),"
                  " (SELECT count(*) FROM cues c JOIN files f ON f.id = c.file_id"
                  "   WHERE f.removed_at IS NULL),"
                  " (SELECT count(*) FROM talks t WHERE t.removed_at IS NULL AND EXISTS"
                  "   (SELECT 1 FROM cues c WHERE c.file_id = t.video_id OR c.file_id IN"
                  "   (SELECT tc.file_id FROM talk_captions tc WHERE tc.talk_id = t.id)))");
        if (!st)
                return DX_ERR;
        if (sqlite3_step(st) != SQLITE_ROW) {
                sqlite3_finalize(st);
                return dx_store_fail(idx, "stats");
        }
        s->events = sqlite3_column_int64(st, 0);
        s->talks = sqlite3_column_int64(st, 1);
        s->speakers = sqlite3_column_int64(st, 2);
        s->files = sqlite3_column_int64(st, 3);
        s->failed_files = sqlite3_column_int64(st, 4);
        s->pages = sqlite3_column_int64(st, 5);
        s->videos = sqlite3_column_int64(st, 6);
        s->slide_decks = sqlite3_column_int64(st, 7);
        s->hours = sqlite3_column_double(st, 8) / 3600.0;
        s->schema_version = sqlite3_column_int(st, 9);
        s->cues = sqlite3_column_int64(st, 10);
        s->captioned = sqlite3_column_int64(st, 11);
        sqlite3_finalize(st);
        if (stat(idx->path, &sb) == 0)
                s->db_bytes = (int64_t)sb.st_size;
        return 0;
}

int dx_talk_transcript(dx_index *idx, const char *id, dx_cue **out, size_t *n)
{
        sqlite3_stmt *st;
        dx_cue *v = NULL;
        size_t alloc = 0;
        int rc;

        *out = NULL;
        *n = 0;
        if (sqlite3_prepare_v2(idx->db,
                               "SELECT c.lang, c.start_ms, c.end_ms, c.text FROM talks t"
                               " JOIN cues c ON c.file_id = t.video_id OR c.file_id IN"
                               " (SELECT tc.file_id FROM talk_captions tc WHERE tc.talk_id ="
                               " t.id) WHERE t.uid = ? ORDER BY coalesce(c.lang, ''),"
                               " c.start_ms, c.id",
                               -1, &st, NULL) != SQLITE_OK)
                return dx_store_fail(idx, "transcript");
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                int oom = 0;

                if (DX_GROW(v, *n + 1, alloc)) {
                        rc = SQLITE_NOMEM;
                        break;
                }
                v[*n].lang = col_str(st, 0, &oom);
                v[*n].start_ms = sqlite3_column_int64(st, 1);
                v[*n].end_ms = sqlite3_column_int64(st, 2);
                v[*n].text = col_str(st, 3, &oom);
                (*n)++;
                if (oom || !v[*n - 1].text) {
                        rc = SQLITE_NOMEM;
                        break;
                }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
                dx_transcript_free(v, *n);
                *n = 0;
                if (rc != SQLITE_NOMEM)
                        return dx_store_fail(idx, "transcript");
                dx_index_set_error(idx, "out of memory");
                return DX_ENOMEM;
        }
        *out = v;
        return 0;
}

void dx_transcript_free(dx_cue *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++) {
                free(v[i].text);
                free(v[i].lang);
        }
        free(v);
}

int dx_talk_sources(dx_index *idx, const char *id, dx_sources *out)
{
        sqlite3_stmt *st = prep(idx, "SELECT e.root, v.path, v.hash, v.kind, s.path, s.hash"
                                     " FROM talks t JOIN events e ON e.id = t.event_id"
                                     " LEFT JOIN files v ON v.id = t.video_id"
                                     " LEFT JOIN files s ON s.id = t.slides_id"
                                     " WHERE t.uid = ? AND t.removed_at IS NULL");
        int rc;

        memset(out, 0, sizeof(*out));
        if (!st)
                return DX_ERR;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                int oom = 0;

                out->root = col_str(st, 0, &oom);
                out->video = col_str(st, 1, &oom);
                out->video_hash = col_str(st, 2, &oom);
                out->video_kind = col_str(st, 3, &oom);
                out->slides = col_str(st, 4, &oom);
                out->slides_hash = col_str(st, 5, &oom);
                rc = out->root && !oom ? 0 : DX_ENOMEM;
                if (rc)
                        dx_index_set_error(idx, "out of memory");
        } else if (rc == SQLITE_DONE) {
                dx_index_set_error(idx, "%s: no such talk", id);
                rc = DX_ENOTFOUND;
        } else {
                rc = dx_store_fail(idx, "talk sources");
        }
        sqlite3_finalize(st);
        if (rc)
                dx_sources_release(out);
        return rc;
}

void dx_sources_release(dx_sources *s)
{
        if (!s)
                return;
        free(s->root);
        free(s->video);
        free(s->video_hash);
        free(s->video_kind);
        free(s->slides);
        free(s->slides_hash);
        memset(s, 0, sizeof(*s));
}
