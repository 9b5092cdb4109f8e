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

static char *col_str(sqlite3_stmt *st, int i)
{
        const unsigned char *s = sqlite3_column_text(st, i);

        return s ? dx_strdup((const char *)s) : NULL;
}

static char **json_to_strv(const char *text, size_t *n)
{
        json_t *a = text ? json_loads(text, 0, NULL) : NULL, *e;
        char **v;
        size_t i;

        *n = 0;
        if (!json_is_array(a)) {
                json_decref(a);
                return NULL;
        }
        v = calloc(json_array_size(a) + 1, sizeof(*v));
        json_array_foreach(a, i, e)
        {
                if (v && json_is_string(e))
                        v[(*n)++] = dx_strdup(json_string_value(e));
        }
        json_decref(a);
        return v;
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
        size_t cap;

        memset(t, 0, sizeof(*t));
        t->duration = -1;
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, rowid);
        if (sqlite3_step(st) != SQLITE_ROW) {
                sqlite3_reset(st);
                dx_index_set_error(idx, "talk %lld vanished", (long long)rowid);
                return DX_ENOTFOUND;
        }
        t->id = col_str(st, 0);
        t->title = col_str(st, 1);
        t->abstract = col_str(st, 2);
        t->date = col_str(st, 3);
        t->room = col_str(st, 4);
        t->tags = json_to_strv((const char *)sqlite3_column_text(st, 5), &t->ntags);
        t->event_id = col_str(st, 6);
        t->event_name = col_str(st, 7);
        t->event_date = col_str(st, 8);
        t->venues = json_to_strv((const char *)sqlite3_column_text(st, 9), &t->nvenues);
        if (sqlite3_column_type(st, 10) != SQLITE_NULL)
                t->duration = sqlite3_column_double(st, 10);
        t->video = col_str(st, 11);
        t->slides = col_str(st, 12);
        t->pages = sqlite3_column_int(st, 13);
        t->video_error = col_str(st, 14);
        sqlite3_reset(st);

        st = dx_store_stmt(idx, DX_Q_TALK_SPEAKERS);
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, rowid);
        cap = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
                if (t->nspeakers == cap) {
                        size_t nc = cap ? cap * 2 : 2;
                        dx_speaker *v = realloc(t->speakers, nc * sizeof(*v));
                        if (!v)
                                break;
                        t->speakers = v;
                        cap = nc;
                }
                dx_speaker *sp = &t->speakers[t->nspeakers++];
                sp->name = col_str(st, 0);
                sp->role = col_str(st, 1);
                sp->company = col_str(st, 2);
        }
        sqlite3_reset(st);
        return 0;
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
                if (*n == cap) {
                        size_t nc = cap ? cap * 2 : 64;
                        int64_t *v = realloc(*ids, nc * sizeof(*v));
                        if (!v) {
                                sqlite3_finalize(st);
                                return DX_ENOMEM;
                        }
                        *ids = v;
                        cap = nc;
                }
                (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 0 : dx_store_fail(idx, "list talks");
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
                return DX_ENOMEM;
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
        return rc;
}

static int load_media(dx_index *idx, int64_t fid, dx_media *m)
{
        sqlite3_stmt *st;
        size_t cap;

        memset(m, 0, sizeof(*m));
        m->duration = -1;
        st = prep(idx, "SELECT container, duration, bit_rate FROM media WHERE file_id = ?");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        if (sqlite3_step(st) != SQLITE_ROW) {
                sqlite3_finalize(st);
                return DX_ENOTFOUND;
        }
        m->container = col_str(st, 0);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
                m->duration = sqlite3_column_double(st, 1);
        m->bit_rate = sqlite3_column_int64(st, 2);
        sqlite3_finalize(st);

        st = prep(idx, "SELECT idx, kind, codec, language, width, height, fps, channels,"
                       " sample_rate, bit_rate FROM streams WHERE file_id = ? ORDER BY idx");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        for (cap = 0; sqlite3_step(st) == SQLITE_ROW;) {
                if (m->nstreams == cap) {
                        size_t nc = cap ? cap * 2 : 4;
                        dx_stream *v = realloc(m->streams, nc * sizeof(*v));
                        if (!v)
                                break;
                        m->streams = v;
                        cap = nc;
                }
                dx_stream *s = &m->streams[m->nstreams++];
                memset(s, 0, sizeof(*s));
                s->index = sqlite3_column_int(st, 0);
                s->kind = col_str(st, 1);
                s->codec = col_str(st, 2);
                s->language = col_str(st, 3);
                s->width = sqlite3_column_int(st, 4);
                s->height = sqlite3_column_int(st, 5);
                s->fps = sqlite3_column_double(st, 6);
                s->channels = sqlite3_column_int(st, 7);
                s->sample_rate = sqlite3_column_int(st, 8);
                s->bit_rate = sqlite3_column_int64(st, 9);
        }
        sqlite3_finalize(st);

        st = prep(idx, "SELECT key, value FROM tags WHERE file_id = ? ORDER BY pos");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        for (cap = 0; sqlite3_step(st) == SQLITE_ROW;) {
                if (m->ntags == cap) {
                        size_t nc = cap ? cap * 2 : 8;
                        dx_tag *v = realloc(m->tags, nc * sizeof(*v));
                        if (!v)
                                break;
                        m->tags = v;
                        cap = nc;
                }
                m->tags[m->ntags].key = col_str(st, 0);
                m->tags[m->ntags].value = col_str(st, 1);
                m->ntags++;
        }
        sqlite3_finalize(st);

        st = prep(idx, "SELECT title, start, end FROM chapters WHERE file_id = ? ORDER BY pos");
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        for (cap = 0; sqlite3_step(st) == SQLITE_ROW;) {
                if (m->nchapters == cap) {
                        size_t nc = cap ? cap * 2 : 8;
                        dx_chapter *v = realloc(m->chapters, nc * sizeof(*v));
                        if (!v)
                                break;
                        m->chapters = v;
                        cap = nc;
                }
                m->chapters[m->nchapters].title = col_str(st, 0);
                m->chapters[m->nchapters].start = sqlite3_column_double(st, 1);
                m->chapters[m->nchapters].end = sqlite3_column_double(st, 2);
                m->nchapters++;
        }
        sqlite3_finalize(st);
        return 0;
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
        int rc = DX_ENOTFOUND;

        memset(d, 0, sizeof(*d));
        if (!st)
                return DX_ERR;
        sqlite3_bind_int64(st, 1, fid);
        if (sqlite3_step(st) == SQLITE_ROW) {
                d->pages = sqlite3_column_int(st, 0);
                d->title = col_str(st, 1);
                d->author = col_str(st, 2);
                d->subject = col_str(st, 3);
                d->keywords = col_str(st, 4);
                d->created = col_str(st, 5);
                rc = 0;
        }
        sqlite3_finalize(st);
        return rc;
}

static int64_t file_id(dx_index *idx, const char *rel)
{
        sqlite3_stmt *st = prep(idx, "SELECT id FROM files WHERE path = ?");
        int64_t id = -1;

        if (!st)
                return -1;
        sqlite3_bind_text(st, 1, rel, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
                id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return id;
}

int dx_store_file_load(dx_index *idx, const char *rel, int64_t id, dx_file_data *fd)
{
        int64_t fid = rel ? file_id(idx, rel) : id;

        if (fid < 0)
                return DX_ENOTFOUND;
        if (load_media(idx, fid, &fd->media) == 0)
                fd->has_media = 1;
        else
                dx_media_release(&fd->media);
        /* document info only: the pages stay in the index */
        if (load_docinfo(idx, fid, &fd->deck.info) == 0)
                fd->has_deck = 1;
        return 0;
}

/* The rows of st (path, kind, error, talk) as file states. */
static int file_states(dx_index *idx, sqlite3_stmt *st, dx_talk_file **out, size_t *n)
{
        size_t cap = 0;
        int rc;

        *out = NULL;
        *n = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                dx_talk_file *f;

                if (*n == cap) {
                        size_t nc = cap ? cap * 2 : 8;
                        dx_talk_file *v = realloc(*out, nc * sizeof(*v));
                        if (!v) {
                                rc = SQLITE_NOMEM;
                                break;
                        }
                        *out = v;
                        cap = nc;
                }
                f = &(*out)[(*n)++];
                f->path = col_str(st, 0);
                f->kind = col_str(st, 1);
                f->error = col_str(st, 2);
                f->talk = col_str(st, 3);
                if (!f->path || !f->kind) {
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
        if (sqlite3_step(st) == SQLITE_ROW) {
                if (sqlite3_column_type(st, 0) != SQLITE_NULL)
                        vid = sqlite3_column_int64(st, 0);
                if (sqlite3_column_type(st, 1) != SQLITE_NULL)
                        sid = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
        if (vid > 0 && load_media(idx, vid, &t->media) == 0)
                t->has_media = 1;
        else
                dx_media_release(&t->media);
        if (sid <= 0)
                return 0;
        load_docinfo(idx, sid, &t->docinfo);
        return load_page_text(idx, sid, t);
}

/* Escape LIKE wildcards so that what a person typed matches literally. */
static char *like_pattern(const char *s)
{
        dx_buf b = DX_BUF_INIT;

        dx_buf_addc(&b, '%');
        for (; *s; s++) {
                if (*s == '%' || *s == '_' || *s == '\\')
                        dx_buf_addc(&b, '\\');
                dx_buf_addc(&b, *s);
        }
        dx_buf_addc(&b, '%');
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
                pat = like_pattern(which);
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

                for (size_t i = 0; st && i < n; i++) {
                        sqlite3_reset(st);
                        sqlite3_bind_int64(st, 1, ids[i]);
                        if (sqlite3_step(st) == SQLITE_ROW)
                                dx_buf_addf(&b, "%s\t%s\n", sqlite3_column_text(st, 0),
                                            sqlite3_column_text(st, 1));
                }
                sqlite3_finalize(st);
                if (candidates)
                        *candidates = dx_buf_detach(&b);
                dx_buf_release(&b);
                dx_index_set_error(idx, "%s: %zu talks match; name one by its id", which, n);
                rc = DX_EAMBIG;
        } else if (!rc) {
                rc = dx_store_talk_summary(idx, ids[0], out);
                if (!rc)
                        rc = load_detail(idx, ids[0], out);
        }
        free(ids);
        return rc;
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
                const char *lang = (const char *)sqlite3_column_text(st, 0);

                if (*n == alloc) {
                        size_t na = alloc ? alloc * 2 : 64;
                        dx_cue *nv = realloc(v, na * sizeof(*nv));
                        if (!nv) {
                                rc = SQLITE_NOMEM;
                                break;
                        }
                        v = nv;
                        alloc = na;
                }
                v[*n].lang = lang ? dx_strdup(lang) : NULL;
                v[*n].start_ms = sqlite3_column_int64(st, 1);
                v[*n].end_ms = sqlite3_column_int64(st, 2);
                v[*n].text = dx_strdup((const char *)sqlite3_column_text(st, 3));
                (*n)++;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
                dx_transcript_free(v, *n);
                *n = 0;
                return rc == SQLITE_NOMEM ? DX_ENOMEM : dx_store_fail(idx, "transcript");
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
                out->root = col_str(st, 0);
                out->video = col_str(st, 1);
                out->video_hash = col_str(st, 2);
                out->video_kind = col_str(st, 3);
                out->slides = col_str(st, 4);
                out->slides_hash = col_str(st, 5);
                rc = out->root ? 0 : DX_ENOMEM;
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
