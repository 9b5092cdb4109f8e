/*
 * test_store.c - unit tests for the index: open, dx_ingest of the fixture
 * archive, dx_search (ranking, fields, prefixes, slide page hits, queries
 * with no words, odd text), talks and stats read back, re-ingest without
 * duplicates, the conversion of a version 2 index, and the SQLite and FTS5
 * consistency checks run on the file directly.
 * Usage: test_store FIXTURES [GROUP...]
 */
#include "check.h"
#include "dx_fts.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fixtures;

/* ---- temporary folders and indexes ------------------------------------------ */

static char *make_tmp(void)
{
        const char *t = getenv("TMPDIR");
        char *tmpl = dx_asprintf("%s/test_store.XXXXXX", t && *t ? t : "/tmp");

        if (!mkdtemp(tmpl)) {
                perror("mkdtemp");
                exit(2);
        }
        return tmpl;
}

/* Run a shell command made with printf. */
static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sh(const char *fmt, ...)
{
        dx_buf cmd = DX_BUF_INIT;
        va_list ap;

        va_start(ap, fmt);
        dx_buf_vaddf(&cmd, fmt, ap);
        va_end(ap);
        if (!cmd.s || system(cmd.s) != 0)
                fprintf(stderr, "failed: %s\n", cmd.s ? cmd.s : fmt);
        dx_buf_release(&cmd);
}

typedef struct notes {
        size_t errors, warnings, infos;
        dx_buf text; /* "E path: msg\n" ... */
} notes;

static void on_note(void *ud, dx_note_level level, const char *path, const char *msg)
{
        notes *ns = ud;

        ns->errors += level == DX_NOTE_ERROR;
        ns->warnings += level == DX_NOTE_WARNING;
        ns->infos += level == DX_NOTE_INFO;
        if (level != DX_NOTE_INFO)
                dx_buf_addf(&ns->text, "%c %s: %s\n", level == DX_NOTE_ERROR ? 'E' : 'W', path,
                            msg);
}

static int ingest_opts(dx_index *idx, const char *dir, int force, int no_align, dx_ingest_stats *st,
                       notes *ns)
{
        dx_ingest_opts o = {0};

        o.jobs = 2;
        o.force = force;
        o.no_align = no_align;
        o.note = on_note;
        o.ud = ns;
        return dx_ingest(idx, dir, &o, st);
}

/* Ingest dir into idx with the notes collected; returns dx_ingest's code.
 * The slides are not put on the timeline: these tests are about the index,
 * and aligning the fixture talks in every ingest is what made them slow
 * under the sanitizers.  ingest_aligned() does it, where the index should
 * hold timelines (test_archive, test_changes); test_align.c and
 * tests/align/ test the aligner. */
static int ingest(dx_index *idx, const char *dir, int force, dx_ingest_stats *st, notes *ns)
{
        return ingest_opts(idx, dir, force, 1, st, ns);
}

/* Ingest dir as ingest() does, putting the slides on the timeline too. */
static int ingest_aligned(dx_index *idx, const char *dir, int force, dx_ingest_stats *st, notes *ns)
{
        return ingest_opts(idx, dir, force, 0, st, ns);
}

static dx_index *open_new(const char *tmp, const char *name)
{
        char *path = dx_path_join(tmp, name), *err = NULL;
        dx_index *idx = NULL;

        if (!CHECK_INT(dx_index_open(&idx, path, DX_OPEN_WRITE, &err), 0))
                fprintf(stderr, "    %s\n", err ? err : "?");
        free(err);
        free(path);
        return idx;
}

/* ---- queries as data --------------------------------------------------------- */

typedef struct term {
        const char *text;
        dx_field field;
        int prefix;
} term;

#define MAXT 3

static int search(dx_index *idx, const term *t, size_t limit, size_t offset, dx_results *res)
{
        dx_query q = {0};
        dx_search_opts o = {0};
        int rc;

        for (size_t i = 0; i < MAXT && t[i].text; i++)
                dx_query_add(&q, t[i].text, strlen(t[i].text), t[i].field, t[i].prefix);
        o.limit = limit;
        o.offset = offset;
        o.mark_open = "[";
        o.mark_close = "]";
        rc = dx_search(idx, &q, &o, res);
        dx_query_release(&q);
        return rc;
}

static const char *terms_str(const term *t)
{
        static char s[256];
        size_t n = 0;

        s[0] = '\0';
        for (size_t i = 0; i < MAXT && t[i].text; i++)
                n += (size_t)snprintf(s + n, sizeof(s) - n, "%s%s%s%s", i ? " " : "",
                                      t[i].field ? dx_field_name(t[i].field) : "",
                                      t[i].field ? ":" : "", t[i].text);
        return s;
}

#define CD  "2020-01-doxlon_continuous-delivery-at-spotify"
#define SRE "2020-01-doxlon_100-days-of-sre"

/* Query -> how many talks match, the first, and the page of its first hit
 * (-1: not checked, 0: the first hit is not on a slide). */
static const struct {
        term t[MAXT];
        int total;
        const char *first;
        int page;
} searches[] = {
    {{{"continuous", 0, 0}, {"delivery", 0, 0}}, 3, CD, -1},
    {{{"continuous delivery", 0, 0}}, 3, CD, -1},
    {{{"Knoop", 0, 0}}, 1, SRE, -1},
    {{{"knoop", DX_FIELD_SPEAKERS, 0}}, 1, SRE, -1},
    {{{"tingle", 0, 0}}, 1, CD, 6},
    {{{"Tingle", DX_FIELD_SLIDES, 0}}, 1, CD, 6},
    {{{"backstage", 0, 0}}, 1, CD, 9},
    {{{"error budget", DX_FIELD_SLIDES, 0}}, 1, SRE, -1},
    {{{"spotify", DX_FIELD_SPEAKERS, 0}}, 0, NULL, -1},
    {{{"spotify", DX_FIELD_COMPANY, 0}}, 1, CD, -1},
    {{{"slava kalmykov", DX_FIELD_SPEAKERS, 0}}, 1, CD, -1},
    {{{"docker", DX_FIELD_TITLE, 0}}, 1, "2016-03-doxlon_docker-in-production", -1},
    {{{"zipkin", DX_FIELD_SLIDES, 0}}, 1, "2016-03-doxlon_monitoring-microservices", -1},
    {{{"chaos", DX_FIELD_TAGS, 0}}, 1, "2016-03-doxlon_chaos-engineering", -1},
    {{{"worldpay hq", DX_FIELD_EVENT, 0}}, 2, NULL, -1},
    {{{"trunk", DX_FIELD_ABSTRACT, 0}}, 1, CD, 0},
    {{{"kalmyk", 0, 1}}, 1, CD, -1},
    {{{"kalmyk", 0, 0}}, 0, NULL, -1},
    {{{"muller", 0, 0}}, 1, "2023-06-15-doxlon_platform-engineering", -1},
    {{{"M\xc3\xbcller", DX_FIELD_SPEAKERS, 0}}, 1, "2023-06-15-doxlon_platform-engineering", -1},
    {{{"finops", 0, 0}}, 1, "2023-06-15-doxlon_finops-lightning", -1},
    {{{"argo", 0, 0}, {"flux", 0, 0}}, 1, "2023-06-15-doxlon_gitops-in-practice", -1},
    {{{"CI/CD", 0, 0}}, 1, CD, -1},
    {{{"knoop", 0, 0}, {"spotify", 0, 0}}, 0, NULL, -1},
    {{{"survivor", 0, 0}}, 0, NULL, -1},
    {{{"zzzqqq", 0, 0}}, 0, NULL, -1},
};

static void check_searches(dx_index *idx)
{
        for (size_t i = 0; i < sizeof(searches) / sizeof(searches[0]); i++) {
                dx_results res;
                int rc = search(idx, searches[i].t, 10, 0, &res);

                CHECK_ROW("search %s", terms_str(searches[i].t));
                if (!CHECK_INT(rc, 0)) {
                        fprintf(stderr, "    %s\n", dx_index_errmsg(idx));
                        continue;
                }
                CHECK_INT(res.total, searches[i].total);
                CHECK_INT(res.n, searches[i].total);
                if (searches[i].first && CHECK(res.n > 0))
                        CHECK_STR(res.v[0].talk.id, searches[i].first);
                if (searches[i].page >= 0 && res.n > 0 && CHECK(res.v[0].nhits > 0))
                        CHECK_INT(res.v[0].hits[0].page, searches[i].page);
                for (size_t r = 0; r < res.n; r++) {
                        CHECK(res.v[r].nhits <= DX_MAX_HITS);
                        if (r)
                                CHECK(res.v[r - 1].score >= res.v[r].score);
                }
                dx_results_release(&res);
        }
        check_row[0] = '\0';
}

/* Exactly what "tingle" finds: one talk, one hit on slide 6, marked. */
static void check_tingle(dx_index *idx)
{
        static const term t[MAXT] = {{"tingle", 0, 0}};
        dx_results res;

        if (!CHECK_INT(search(idx, t, 10, 0, &res), 0))
                return;
        if (CHECK_INT(res.n, 1)) {
                const dx_result *r = &res.v[0];
                CHECK_STR(r->talk.title, "Continuous Delivery at Spotify");
                CHECK(r->talk.nspeakers == 1 &&
                      strcmp(r->talk.speakers[0].name, "Slava Kalmykov") == 0);
                CHECK_STR(r->talk.event_name, "DevOps Exchange London - January 2020");
                CHECK_NEAR(r->talk.duration, 420.0, 0.05);
                CHECK_STR(r->talk.slides, "2020-01-doxlon/continuous-delivery-at-spotify.pdf");
                CHECK(r->score > 0);
                if (CHECK_INT(r->nhits, 1)) {
                        CHECK_INT(r->hits[0].field, DX_FIELD_SLIDES);
                        CHECK_INT(r->hits[0].page, 6);
                        CHECK_HAS(r->hits[0].snippet, "[Tingle]: our CI build system");
                }
        }
        dx_results_release(&res);
}

static void check_paging(dx_index *idx)
{
        static const term t[MAXT] = {{"continuous", 0, 0}, {"delivery", 0, 0}};
        dx_results all, first, rest;

        CHECK_INT(search(idx, t, 10, 0, &all), 0);
        CHECK_INT(search(idx, t, 1, 0, &first), 0);
        CHECK_INT(search(idx, t, 10, 1, &rest), 0);
        CHECK_INT(first.n, 1);
        CHECK_INT(first.total, all.total);
        CHECK_INT(rest.n, all.n - 1);
        CHECK_INT(rest.total, all.total);
        if (all.n >= 2 && first.n == 1 && rest.n >= 1) {
                CHECK_STR(first.v[0].talk.id, all.v[0].talk.id);
                CHECK_STR(rest.v[0].talk.id, all.v[1].talk.id);
        }
        dx_results_release(&all);
        dx_results_release(&first);
        dx_results_release(&rest);
}

/* Queries with nothing to search for. */
static const term no_words[][MAXT] = {
    {{NULL, 0, 0}},
    {{"", 0, 0}},
    {{"-", 0, 0}},
    {{"*", 0, 1}},
    {{"...", 0, 0}},
    {{"\"\"", 0, 0}},
    {{"!@#$%^&*()", 0, 0}},
    {{"-", 0, 0}, {"+", 0, 0}, {"/", DX_FIELD_TITLE, 0}},
    {{"   ", DX_FIELD_SPEAKERS, 1}},
};

static void check_no_words(dx_index *idx)
{
        for (size_t i = 0; i < sizeof(no_words) / sizeof(no_words[0]); i++) {
                dx_results res;
                int rc = search(idx, no_words[i], 10, 0, &res);

                CHECK_ROW("no words: \"%s\"", terms_str(no_words[i]));
                CHECK_INT(rc, DX_EQUERY);
                CHECK_INT(res.n, 0);
                CHECK(strstr(dx_index_errmsg(idx), "sqlite") == NULL &&
                      strstr(dx_index_errmsg(idx), "fts5") == NULL);
                dx_results_release(&res);
        }
        check_row[0] = '\0';
}

/* Text that looks like FTS5 syntax is text: a result or DX_EQUERY, never
 * another error, whatever the field and prefix. */
static const char *const odd[] = {
    "C++",
    "CI/CD",
    "node.js",
    "\"unbalanced",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "*",
    "-",
    "^x",
    "title:x",
    "{title}: x",
    "a:b",
    "\"\"\"",
    "x AND",
    "NEAR(a b)",
    "col:",
    "'",
    "(",
    ")",
    "a OR b",
    "-x",
    "x*y",
    "+x",
    "\\",
    "%",
    "_",
    "x\"y\"z",
    "\xc3\xa9t\xc3\xa9",
    "\x02\x03",
    "rank",
    "bm25(talk_fts)",
    "x' OR '1'='1",
    "; DROP TABLE talks; --",
};

static void check_odd(dx_index *idx)
{
        static const dx_field fields[] = {DX_FIELD_ANY, DX_FIELD_SPEAKERS, DX_FIELD_SLIDES};

        for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
                for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
                        for (int prefix = 0; prefix < 2; prefix++) {
                                term t[MAXT] = {{odd[i], fields[f], prefix}};
                                dx_results res;
                                int rc = search(idx, t, 10, 0, &res);

                                CHECK_ROW("odd \"%s\" field %s prefix %d (%s)", odd[i],
                                          dx_field_name(fields[f]), prefix,
                                          rc ? dx_index_errmsg(idx) : "ok");
                                CHECK(rc == 0 || rc == DX_EQUERY);
                                dx_results_release(&res);
                        }
        check_row[0] = '\0';
}

static void check_read_back(dx_index *idx)
{
        dx_talk *v = NULL, t;
        dx_index_stats s;
        char *cand = NULL;
        size_t n = 0;

        CHECK_INT(dx_talk_list(idx, &v, &n), 0);
        CHECK_INT(n, 8);
        /* newest event first */
        for (size_t i = 1; i < n; i++)
                CHECK(strcmp(v[i - 1].event_date ? v[i - 1].event_date : "",
                             v[i].event_date ? v[i].event_date : "") >= 0);
        for (size_t i = 0; i < n; i++) {
                CHECK_ROW("listed %s", v[i].id);
                CHECK(v[i].id &&
                      strspn(v[i].id, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(v[i].id));
                CHECK(v[i].title && *v[i].title);
                CHECK(v[i].nspeakers >= 1);
        }
        check_row[0] = '\0';
        dx_talks_free(v, n);

        CHECK_INT(dx_talk_get(idx, SRE, &t, &cand), 0);
        CHECK_STR(t.title, "100 days of SRE");
        CHECK_INT(t.has_media, 1);
        CHECK_INT(t.media.nchapters, 3);
        CHECK_INT(t.npage_text, 10);
        CHECK_INT(t.docinfo.pages, 10);
        CHECK_STR(t.room, "Worldpay HQ");
        CHECK(t.nvenues == 2);
        if (t.npage_text == 10)
                CHECK_HAS(t.page_text[0].text, "Mark Knoop");
        dx_talk_release(&t);

        /* a unique part of a title or id */
        CHECK_INT(dx_talk_get(idx, "spotify", &t, &cand), 0);
        CHECK_STR(t.id, CD);
        dx_talk_release(&t);
        CHECK_INT(dx_talk_get(idx, "finops", &t, &cand), 0);
        CHECK_INT(t.has_media, 0);
        CHECK_INT(t.npage_text, 5);
        CHECK(t.duration < 0);
        dx_talk_release(&t);
        CHECK_INT(dx_talk_get(idx, "2020-01", &t, &cand), DX_EAMBIG);
        CHECK_HAS(cand, SRE);
        CHECK_HAS(cand, CD);
        free(cand);
        cand = NULL;
        CHECK_INT(dx_talk_get(idx, "zzzqqq", &t, &cand), DX_ENOTFOUND);
        CHECK_INT(dx_talk_get(idx, "%", &t, &cand), DX_ENOTFOUND);
        CHECK_INT(dx_talk_get(idx, "x%y", &t, &cand), DX_ENOTFOUND);
        free(cand);

        CHECK_INT(dx_index_stats_get(idx, &s), 0);
        CHECK_INT(s.events, 3);
        CHECK_INT(s.talks, 8);
        CHECK_INT(s.pages, 57);
        CHECK_INT(s.videos, 7);
        CHECK_INT(s.slide_decks, 7);
        CHECK_INT(s.speakers, 8);
        CHECK_INT(s.failed_files, 0);
        CHECK_NEAR(s.hours, (300 + 420 + 360 + 240 + 180 + 330 + 200.0065) / 3600.0, 0.001);
        CHECK_INT(s.schema_version, 5);
}

/* ---- consistency, checked with sqlite3 directly ----------------------------- */

static int64_t one_int(sqlite3 *db, const char *sql)
{
        sqlite3_stmt *st;
        int64_t v = -1;

        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
                fprintf(stderr, "    %s: %s\n", sql, sqlite3_errmsg(db));
                return -1;
        }
        if (sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
}

static int exec_ok(sqlite3 *db, const char *sql)
{
        char *err = NULL;
        int rc = sqlite3_exec(db, sql, NULL, NULL, &err);

        if (rc != SQLITE_OK)
                fprintf(stderr, "    %s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
        return rc == SQLITE_OK;
}

/* PRAGMA integrity_check says ok, both FTS5 indexes agree with their
 * content, and each table holds what the fixtures say (talks, pages). */
static void check_consistent(const char *path, int talks, int pages)
{
        sqlite3 *db = NULL;
        sqlite3_stmt *st;

        if (!CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK)) {
                sqlite3_close(db);
                return;
        }
        /* talk_doc reads the slide text with dxslides() */
        CHECK_INT(dx_slidetext_register(db), 0);
        if (CHECK(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK)) {
                CHECK(sqlite3_step(st) == SQLITE_ROW);
                CHECK_STR((const char *)sqlite3_column_text(st, 0), "ok");
                sqlite3_finalize(st);
        }
        CHECK_INT(one_int(db, "PRAGMA foreign_key_check"), -1); /* no rows */
        CHECK(exec_ok(db, "INSERT INTO talk_fts(talk_fts) VALUES('integrity-check')"));
        if (talks >= 0) {
                CHECK_INT(one_int(db, "SELECT count(*) FROM talks"), talks);
                CHECK_INT(one_int(db, "SELECT count(*) FROM talk_fts_docsize"), talks);
        }
        if (pages >= 0) {
                CHECK_INT(one_int(db, "SELECT sum(pages) FROM documents"), pages);
                /* each deck's text holds its pages, each ended by a NUL */
                CHECK_INT(one_int(db, "SELECT count(*) FROM documents d JOIN slide_text s"
                                      " ON s.file_id = d.file_id WHERE dxpage(s.z, d.pages)"
                                      " IS NULL OR dxpage(s.z, d.pages + 1) IS NOT NULL"),
                          0);
        }
        /* no duplicates anywhere */
        CHECK_INT(one_int(db, "SELECT count(*) - count(DISTINCT uid) FROM talks"), 0);
        CHECK_INT(one_int(db, "SELECT count(*) - count(DISTINCT path) FROM files"), 0);
        CHECK_INT(one_int(db, "SELECT count(*) - count(DISTINCT name) FROM speakers"), 0);
        sqlite3_close(db);
}

/* ---- groups ------------------------------------------------------------------ */

static void test_archive(void)
{
        char *tmp = make_tmp(), *dir = dx_path_join(fixtures, "archive");
        char *path = dx_path_join(tmp, "index.db");
        dx_index *idx = open_new(tmp, "index.db");
        dx_ingest_stats st;
        notes ns = {0};
        dx_talk *v = NULL;
        size_t n = 0;

        if (!idx)
                goto out;
        CHECK_INT(ingest_aligned(idx, dir, 0, &st, &ns), 0);
        CHECK_INT(ns.errors, 0);
        CHECK_INT(ns.warnings, 0);
        if (ns.text.len)
                fprintf(stderr, "%s", ns.text.s);
        CHECK_INT(st.events, 3);
        CHECK_INT(st.talks, 8);
        CHECK_INT(st.added, 8);
        CHECK_INT(st.updated, 0);
        CHECK_INT(st.unchanged, 0);
        CHECK_INT(st.removed, 0);
        CHECK_INT(st.files_read, 14);
        CHECK_INT(st.files_failed, 0);
        CHECK_INT(st.pages, 57);
        /* four talks have a video and slides; their recordings never show them */
        CHECK_INT(st.aligned, 0);
        CHECK_INT(st.align_not_shown, 4);
        CHECK_INT(st.align_failed, 0);

        check_searches(idx);
        check_tingle(idx);
        check_paging(idx);
        check_no_words(idx);
        check_odd(idx);
        check_read_back(idx);

        /* again: nothing read, nothing added, the same talks */
        CHECK_INT(ingest(idx, dir, 0, &st, &ns), 0);
        CHECK_INT(st.talks, 8);
        CHECK_INT(st.unchanged, st.talks);
        CHECK_INT(st.added, 0);
        CHECK_INT(st.updated, 0);
        CHECK_INT(st.removed, 0);
        CHECK_INT(st.files_read, 0);
        CHECK_INT(dx_talk_list(idx, &v, &n), 0);
        CHECK_INT(n, 8);
        dx_talks_free(v, n);
        check_searches(idx);
        check_consistent(path, 8, 57);

        /* forced: every file read again; the same content updates no talk */
        CHECK_INT(ingest(idx, dir, 1, &st, &ns), 0);
        CHECK_INT(st.files_read, 14);
        CHECK_INT(st.added, 0);
        CHECK_INT(st.updated, 0);
        CHECK_INT(st.unchanged, 8);
        CHECK_INT(st.removed, 0);
        check_searches(idx);
        check_consistent(path, 8, 57);

        /* one event of the same archive given alone: the same ids, nothing pruned */
        char *one = dx_path_join(dir, "2020-01-doxlon");
        CHECK_INT(ingest(idx, one, 1, &st, &ns), 0);
        CHECK_INT(st.talks, 2);
        CHECK_INT(st.files_read, 4);
        CHECK_INT(st.unchanged, 2);
        CHECK_INT(st.added, 0);
        CHECK_INT(st.removed, 0);
        free(one);
        check_read_back(idx);
        check_consistent(path, 8, 57);

        /* read-only handles cannot ingest */
        dx_index *ro = NULL;
        char *err = NULL;
        CHECK_INT(dx_index_open(&ro, path, DX_OPEN_READONLY, &err), 0);
        if (ro) {
                CHECK(ingest(ro, dir, 0, &st, &ns) < 0);
                CHECK_HAS(dx_index_errmsg(ro), "read-only");
                check_tingle(ro);
                dx_index_close(&ro);
                CHECK(ro == NULL);
        }
        free(err);
        dx_index_close(&idx);
        CHECK(idx == NULL);
        dx_index_close(&idx); /* takes NULL */
out:
        dx_buf_release(&ns.text);
        sh("rm -rf '%s'", tmp);
        free(path);
        free(dir);
        free(tmp);
}

static void test_open(void)
{
        char *tmp = make_tmp();
        char *missing = dx_path_join(tmp, "missing.db"), *other = dx_path_join(tmp, "other.db");
        char *err = NULL;
        dx_index *idx = NULL;
        sqlite3 *db;

        /* read-only on nothing: not found, and the file is not created */
        CHECK_INT(dx_index_open(&idx, missing, DX_OPEN_READONLY, &err), DX_ENOTFOUND);
        CHECK(idx == NULL);
        CHECK_HAS(err, "ingest");
        CHECK(access(missing, F_OK) != 0);
        free(err);
        err = NULL;

        /* an SQLite file that is no index */
        if (CHECK_INT(sqlite3_open(other, &db), SQLITE_OK)) {
                CHECK(exec_ok(db, "CREATE TABLE t(x)"));
                sqlite3_close(db);
        }
        CHECK(dx_index_open(&idx, other, DX_OPEN_READONLY, &err) < 0);
        CHECK(idx == NULL);
        CHECK_HAS(err, "not a doxsearch index");
        free(err);
        err = NULL;

        /* a folder where the index should be */
        CHECK(dx_index_open(&idx, tmp, DX_OPEN_WRITE, &err) < 0);
        CHECK(idx == NULL);
        CHECK(err && *err);
        free(err);
        err = NULL;

        /* a new index: empty, searchable, nothing found */
        idx = open_new(tmp, "new.db");
        if (idx) {
                static const term t[MAXT] = {{"anything", 0, 0}};
                dx_results res;
                dx_talk *v = NULL;
                size_t n = 1;

                CHECK_INT(search(idx, t, 10, 0, &res), 0);
                CHECK_INT(res.n, 0);
                CHECK_INT(res.total, 0);
                dx_results_release(&res);
                CHECK_INT(dx_talk_list(idx, &v, &n), 0);
                CHECK_INT(n, 0);
                dx_talks_free(v, n);

                /* ingest of something that is no folder: an error, the index unchanged */
                dx_ingest_stats st;
                notes ns = {0};
                CHECK(ingest(idx, missing, 0, &st, &ns) < 0);
                CHECK_HAS(dx_index_errmsg(idx), "missing.db");
                dx_buf_release(&ns.text);
                dx_index_close(&idx);
        }
        sh("rm -rf '%s'", tmp);
        free(missing);
        free(other);
        free(tmp);
}

/* A database that is not ours is refused for reading and for writing, and
 * left as it was; an empty file becomes an index; an index made before
 * indexes carried our application_id is known by its tables. */
static void test_foreign(void)
{
        static const struct {
                const char *sql, *want;
        } rows[] = {
            {"CREATE TABLE a(x); CREATE TABLE b(y);",
             "not a doxsearch index (it holds tables: a, b)"},
            {"CREATE TABLE events(x); CREATE TABLE notes(y); PRAGMA user_version = 3;",
             "not a doxsearch index (it holds tables: events, notes)"},
            {"CREATE TABLE t1(x); CREATE TABLE t2(x); CREATE TABLE t3(x); CREATE TABLE t4(x);"
             "CREATE TABLE t5(x); CREATE TABLE t6(x); CREATE TABLE t7(x); CREATE VIEW v AS"
             " SELECT 1; PRAGMA user_version = 9;",
             "(it holds tables: t1, t2, t3, t4, t5, t6, ...)"},
            {"PRAGMA application_id = 42;", "not a doxsearch index (another program's database)"},
        };
        char *tmp = make_tmp(), *path = dx_path_join(tmp, "other.sqlite");
        char *empty = dx_path_join(tmp, "empty.db"), *err = NULL;
        dx_index *idx = NULL;
        sqlite3 *db;
        FILE *f;

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                int64_t objects;

                CHECK_ROW("%s", rows[i].sql);
                unlink(path);
                if (!CHECK_INT(sqlite3_open(path, &db), SQLITE_OK))
                        continue;
                CHECK(exec_ok(db, rows[i].sql));
                objects = one_int(db, "SELECT count(*) FROM sqlite_schema");
                sqlite3_close(db);
                for (int w = 0; w < 2; w++) {
                        CHECK(dx_index_open(&idx, path, w ? DX_OPEN_WRITE : DX_OPEN_READONLY,
                                            &err) < 0);
                        CHECK(idx == NULL);
                        CHECK_HAS(err, "other.sqlite: ");
                        CHECK_HAS(err, rows[i].want);
                        free(err);
                        err = NULL;
                }
                /* nothing was added or changed */
                if (CHECK_INT(sqlite3_open(path, &db), SQLITE_OK)) {
                        CHECK_INT(one_int(db, "SELECT count(*) FROM sqlite_schema"), objects);
                        CHECK_INT(one_int(db, "SELECT count(*) FROM pragma_journal_mode"
                                              " WHERE journal_mode = 'wal'"),
                                  0);
                        sqlite3_close(db);
                }
        }
        check_row[0] = '\0';

        /* a file that is not SQLite at all */
        if (CHECK((f = fopen(path, "w")) != NULL)) {
                fputs("name,talk\nana,deploys\n", f);
                fclose(f);
                CHECK(dx_index_open(&idx, path, DX_OPEN_WRITE, &err) < 0);
                CHECK_HAS(err, "not a doxsearch index (not an SQLite database)");
                free(err);
                err = NULL;
        }

        /* an empty file becomes an index, with our application_id */
        if (CHECK((f = fopen(empty, "w")) != NULL))
                fclose(f);
        CHECK_INT(dx_index_open(&idx, empty, DX_OPEN_WRITE, &err), 0);
        dx_index_close(&idx);
        free(err);
        err = NULL;
        if (CHECK_INT(sqlite3_open(empty, &db), SQLITE_OK)) {
                CHECK_INT(one_int(db, "PRAGMA application_id"), 0x44585349);
                CHECK_INT(one_int(db, "PRAGMA user_version"), 5);
                /* as an index of schema 4 (no OCR tables) made before
                 * application_id was set */
                CHECK(exec_ok(db, "DROP TABLE ocr_text; DROP TABLE ocr_pages;"
                                  " PRAGMA user_version = 4; PRAGMA application_id = 0"));
                sqlite3_close(db);
        }
        CHECK_INT(dx_index_open(&idx, empty, DX_OPEN_READONLY, &err), 0);
        dx_index_close(&idx);
        free(err);
        err = NULL;
        CHECK_INT(dx_index_open(&idx, empty, DX_OPEN_WRITE, &err), 0);
        dx_index_close(&idx);
        free(err);
        if (CHECK_INT(sqlite3_open(empty, &db), SQLITE_OK)) {
                CHECK_INT(one_int(db, "PRAGMA application_id"), 0x44585349);
                /* and of schema 5: the OCR tables were added */
                CHECK_INT(one_int(db, "PRAGMA user_version"), 5);
                CHECK_INT(one_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                      " ('ocr_text', 'ocr_pages')"),
                          2);
                sqlite3_close(db);
        }
        sh("rm -rf '%s'", tmp);
        free(path);
        free(empty);
        free(tmp);
}

/* Bad input: files that fail are reported once each, the rest is indexed
 * and searchable, and the index stays consistent. */
static void test_bad_input(void)
{
        static const struct {
                const char *dir;
                int talks;
                const char *word, *id;
                int page;
        } rows[] = {
            {"bad/archive", 11, "survivor", "2021-05-bad_good-talk", 2},
            {"bad/broken-manifest", 1, "resilient", "2021-06-broken_talk", 2},
            {"bad/escape", 4, "staying", "2021-07-escape_safe", 2},
        };
        char *tmp = make_tmp(), *path = dx_path_join(tmp, "index.db");
        dx_index *idx = open_new(tmp, "index.db");
        int talks = 0;

        for (size_t i = 0; idx && i < sizeof(rows) / sizeof(rows[0]); i++) {
                char *dir = dx_path_join(fixtures, rows[i].dir);
                term t[MAXT] = {{rows[i].word, 0, 0}};
                dx_ingest_stats st;
                dx_results res;
                notes ns = {0};

                CHECK_ROW("%s", rows[i].dir);
                CHECK_INT(ingest(idx, dir, 0, &st, &ns), 1);
                CHECK(ns.errors > 0);
                CHECK_INT(st.files_failed, ns.errors);
                CHECK_INT(st.talks, rows[i].talks);
                talks += rows[i].talks;
                CHECK_INT(search(idx, t, 10, 0, &res), 0);
                if (CHECK_INT(res.n, 1)) {
                        CHECK_STR(res.v[0].talk.id, rows[i].id);
                        if (CHECK(res.v[0].nhits > 0))
                                CHECK_INT(res.v[0].hits[0].page, rows[i].page);
                }
                dx_results_release(&res);
                dx_buf_release(&ns.text);
                free(dir);
        }
        check_row[0] = '\0';
        /* nothing from outside the archive was read */
        {
                static const term t[MAXT] = {{"nologin", 0, 0}};
                dx_results res;
                if (idx && CHECK_INT(search(idx, t, 10, 0, &res), 0))
                        CHECK_INT(res.n, 0);
                dx_results_release(&res);
        }
        dx_index_close(&idx);
        check_consistent(path, talks, -1);
        sh("rm -rf '%s'", tmp);
        free(path);
        free(tmp);
}

static size_t listed(dx_index *idx)
{
        dx_talk *v = NULL;
        size_t n = 0;

        CHECK_INT(dx_talk_list(idx, &v, &n), 0);
        dx_talks_free(v, n);
        return n;
}

static size_t found(dx_index *idx, const char *word)
{
        term t[MAXT] = {{word, 0, 0}};
        dx_results res;
        size_t n = 0;

        if (CHECK_INT(search(idx, t, 10, 0, &res), 0))
                n = res.total;
        dx_results_release(&res);
        return n;
}

/* A copy of the archive that changes between ingests: an event folder
 * that disappears leaves search and list at once but stays in the index
 * until prune, comes back whole when its folder does, and after prune is
 * gone for good; a new event is added.  The index stays consistent. */
static void test_changes(void)
{
        char *tmp = make_tmp(), *path = dx_path_join(tmp, "index.db");
        char *arc = dx_path_join(tmp, "arc"), *src = dx_path_join(fixtures, "archive");
        dx_index *idx = open_new(tmp, "index.db");
        dx_ingest_stats st;
        dx_prune_stats ps;
        notes ns = {0};

        sh("cp -R '%s' '%s'", src, arc);
        if (!idx)
                goto out;
        /* with timelines, so that the talks removed and pruned below have them */
        CHECK_INT(ingest_aligned(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.added, 8);
        CHECK_INT(st.align_not_shown, 4);
        CHECK_INT(found(idx, "ironside"), 1);

        /* a whole event folder goes: its talks leave search and list */
        sh("rm -rf '%s/%s'", arc, "2016-03-doxlon");
        CHECK_INT(ingest(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.events, 2);
        CHECK_INT(st.talks, 5);
        CHECK_INT(st.removed, 3);
        CHECK_INT(st.unchanged, 5);
        CHECK_INT(listed(idx), 5);
        CHECK_INT(found(idx, "ironside"), 0);

        /* and comes back: the talks are back, nothing twice */
        sh("cp -R '%s/2016-03-doxlon' '%s/'", src, arc);
        CHECK_INT(ingest(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.talks, 8);
        CHECK_INT(st.removed, 0);
        CHECK_INT(listed(idx), 8);
        CHECK_INT(found(idx, "ironside"), 1);
        dx_index_close(&idx);
        check_consistent(path, 8, 57);
        idx = open_new(tmp, "index.db");
        if (!idx)
                goto out;

        /* gone again, then pruned: deleted for good */
        sh("rm -rf '%s/%s'", arc, "2016-03-doxlon");
        CHECK_INT(ingest(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.removed, 3);
        CHECK_INT(dx_prune(idx, 1, NULL, NULL, &ps), 0); /* dry run: counts only */
        CHECK_INT(ps.talks, 3);
        CHECK_INT(dx_prune(idx, 0, NULL, NULL, &ps), 0);
        CHECK_INT(ps.talks, 3);
        CHECK_INT(ps.events, 1);
        CHECK_INT(dx_prune(idx, 0, NULL, NULL, &ps), 0); /* nothing left to prune */
        CHECK_INT(ps.talks, 0);
        CHECK_INT(listed(idx), 5);
        dx_index_close(&idx);
        check_consistent(path, 5, 43);
        idx = open_new(tmp, "index.db");
        if (!idx)
                goto out;

        /* a new event with one talk */
        sh("mkdir '%s/2024-01-new'", arc);
        sh("cp '%s/bad/archive/2021-05-bad/good-talk.pdf' '%s/2024-01-new/'", fixtures, arc);
        CHECK_INT(ingest(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.added, 1);
        CHECK_INT(st.talks, 6);
        CHECK_INT(found(idx, "survivor"), 1);
        dx_index_close(&idx);
        check_consistent(path, 6, 46);
out:
        dx_index_close(&idx);
        dx_buf_release(&ns.text);
        sh("rm -rf '%s'", tmp);
        free(src);
        free(arc);
        free(path);
        free(tmp);
}

/* Re-ingest of an event in which files changed while a slide deck stayed
 * the same: a touched recording (same content) reads nothing, a deck with
 * new content is read again and its talk updated.
 * Regression: at 8a7698e this crashed.  plan_reads() loaded the unchanged
 * deck with dx_store_file_load(), which set deck.npages = info.pages but
 * left deck.pages NULL; release_fds() -> dx_deck_release() then read
 * d->pages[i].text (slides.c:266): a NULL dereference. */
static void test_changed_event(void)
{
        char *tmp = make_tmp(), *path = dx_path_join(tmp, "index.db");
        char *arc = dx_path_join(tmp, "arc"), *src = dx_path_join(fixtures, "archive");
        dx_index *idx = open_new(tmp, "index.db");
        dx_ingest_stats st;
        notes ns = {0};

        sh("mkdir '%s'", arc);
        sh("cp -R '%s/2020-01-doxlon' '%s/'", src, arc);
        if (!idx)
                goto out;
        CHECK_INT(ingest(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.added, 2);
        sh("touch -d '2001-02-03 04:05:06' '%s/2020-01-doxlon/100-days-of-sre.mp4'", arc);
        CHECK_INT(ingest(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.talks, 2);
        CHECK_INT(st.added, 0);
        CHECK_INT(st.updated, 0);
        CHECK_INT(st.unchanged, 2);
        CHECK_INT(st.files_read, 0);
        sh("printf '%%%% a comment after the end\\n' >>'%s/2020-01-doxlon/100-days-of-sre.pdf'",
           arc);
        CHECK_INT(ingest(idx, arc, 0, &st, &ns), 0);
        CHECK_INT(st.talks, 2);
        CHECK_INT(st.updated, 1);
        CHECK_INT(st.unchanged, 1);
        CHECK_INT(st.files_read, 1);
        CHECK_INT(st.pages, 10);
        CHECK_INT(found(idx, "tingle"), 1);
        CHECK_INT(found(idx, "toil"), 1);
        CHECK_INT(ns.errors, 0);
        dx_index_close(&idx);
        check_consistent(path, 2, 22);
out:
        dx_buf_release(&ns.text);
        sh("rm -rf '%s'", tmp);
        free(src);
        free(arc);
        free(path);
        free(tmp);
}

/* A word that is only non-ASCII punctuation ("—", "•", "…") is no word:
 * "docker —" finds what "docker" finds, and "—" alone is DX_EQUERY.
 * doxsearch's own output puts "—" between title and speaker, so a result
 * line pasted back as a query must work. */
static void test_unicode_punctuation(void)
{
        static const term with_word[][MAXT] = {
            {{"docker", 0, 0}, {"\xe2\x80\x94", 0, 0}},     /* — em dash */
            {{"docker", 0, 0}, {"\xe2\x80\xa2", 0, 0}},     /* • bullet */
            {{"docker", 0, 0}, {"\xe2\x80\xa6", 0, 0}},     /* … ellipsis */
            {{"docker", 0, 0}, {"\xc2\xab\xc2\xbb", 0, 0}}, /* «» */
        };
        static const term alone[][MAXT] = {
            {{"\xe2\x80\x94", 0, 0}},
            {{"\xe2\x80\xa2", 0, 0}},
            {{"\xe2\x80\xa6", 0, 0}},
        };
        char *tmp = make_tmp(), *dir = dx_path_join(fixtures, "archive/2016-03-doxlon");
        dx_index *idx = open_new(tmp, "index.db");
        dx_ingest_stats st;
        notes ns = {0};

        static const term word[MAXT] = {{"docker", 0, 0}};
        dx_results res;
        size_t want;

        if (!idx)
                goto out;
        CHECK_INT(ingest(idx, dir, 0, &st, &ns), 0);
        CHECK_INT(search(idx, word, 10, 0, &res), 0);
        want = res.n;
        CHECK(want > 0);
        dx_results_release(&res);
        for (size_t i = 0; i < sizeof(with_word) / sizeof(with_word[0]); i++) {
                CHECK_ROW("search %s", terms_str(with_word[i]));
                CHECK_INT(search(idx, with_word[i], 10, 0, &res), 0);
                CHECK_INT(res.n, want);
                dx_results_release(&res);
        }
        for (size_t i = 0; i < sizeof(alone) / sizeof(alone[0]); i++) {
                CHECK_ROW("search %s", terms_str(alone[i]));
                CHECK_INT(search(idx, alone[i], 10, 0, &res), DX_EQUERY);
                dx_results_release(&res);
        }
        dx_index_close(&idx);
out:
        dx_buf_release(&ns.text);
        sh("rm -rf '%s'", tmp);
        free(dir);
        free(tmp);
}

/* Schema version 3 from the current one: a row per slide page, and the
 * chapter titles indexed on their own. */
#define SCHEMA_V3_FROM_V4                                                                          \
        "CREATE TABLE pages(id INTEGER PRIMARY KEY,"                                               \
        "  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"                       \
        "  page INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE(file_id, page));"                     \
        "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 10000)"          \
        "  INSERT INTO pages(file_id, page, text) SELECT s.file_id, k, dxpage(s.z, k)"             \
        "  FROM slide_text s JOIN documents d ON d.file_id = s.file_id JOIN n ON k <= d.pages"     \
        "  ORDER BY s.file_id, k;"                                                                 \
        "DROP TABLE slide_text; DROP VIEW talk_doc;"                                               \
        "CREATE VIEW talk_doc AS SELECT t.id AS id, t.event_id AS event_id, t.title AS title,"     \
        "  (SELECT group_concat(name, ', ') FROM (SELECT s.name AS name FROM talk_speakers ts"     \
        "     JOIN speakers s ON s.id = ts.speaker_id WHERE ts.talk_id = t.id ORDER BY ts.pos))"   \
        "    AS speakers,"                                                                         \
        "  (SELECT group_concat(a, ', ') FROM (SELECT trim(coalesce(ts.role, '') || ' ' ||"        \
        "     coalesce(ts.company, '')) AS a FROM talk_speakers ts WHERE ts.talk_id = t.id"        \
        "     ORDER BY ts.pos)) AS affil,"                                                         \
        "  e.name || ' ' || e.venues || ' ' || coalesce(t.room, '') AS event,"                     \
        "  coalesce(t.abstract, '') AS abstract, t.tags AS tags,"                                  \
        "  (SELECT group_concat(text, char(10)) FROM (SELECT p.text AS text FROM pages p"          \
        "     WHERE p.file_id = t.slides_id ORDER BY p.page)) AS slides,"                          \
        "  (SELECT group_concat(text, char(10)) FROM (SELECT c.text AS text FROM cues c"           \
        "     WHERE c.file_id = t.video_id OR c.file_id IN (SELECT tc.file_id"                     \
        "     FROM talk_captions tc WHERE tc.talk_id = t.id)"                                      \
        "     ORDER BY c.file_id, c.start_ms, c.id)) AS captions,"                                 \
        "  (SELECT group_concat(title, char(10)) FROM (SELECT ch.title AS title FROM chapters ch"  \
        "     WHERE ch.file_id = t.video_id ORDER BY ch.pos)) AS chapters"                         \
        "  FROM talks t JOIN events e ON e.id = t.event_id;"                                       \
        "CREATE VIRTUAL TABLE chapter_fts USING fts5(title, file_id UNINDEXED, pos UNINDEXED,"     \
        "  start UNINDEXED, tokenize='porter unicode61 remove_diacritics 2');"                     \
        "INSERT INTO chapter_fts(title, file_id, pos, start) SELECT coalesce(title, ''), file_id," \
        "  pos, start FROM chapters;"                                                              \
        "CREATE TRIGGER chapters_ai AFTER INSERT ON chapters BEGIN"                                \
        "  INSERT INTO chapter_fts(title, file_id, pos, start)"                                    \
        "  VALUES (coalesce(new.title, ''), new.file_id, new.pos, new.start); END;"                \
        "CREATE TRIGGER chapters_ad AFTER DELETE ON chapters BEGIN"                                \
        "  DELETE FROM chapter_fts WHERE file_id = old.file_id AND pos = old.pos; END;"

static const char schema_v3[] =
    SCHEMA_V3_FROM_V4 "PRAGMA user_version = 3; PRAGMA application_id = 0;";

/* Schema version 2: version 3 with the pages and caption cues indexed on
 * their own as well, with prefix indexes. */
static const char schema_v2_fts[] = SCHEMA_V3_FROM_V4
    "DROP TABLE talk_vocab; DROP TABLE talk_fts;"
    "CREATE VIRTUAL TABLE talk_fts USING fts5(title, speakers, affil, event, abstract, tags,"
    "  slides, captions, chapters, content='talk_doc', content_rowid='id', prefix='2 3',"
    "  tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE VIRTUAL TABLE talk_vocab USING fts5vocab(talk_fts, 'row');"
    "INSERT INTO talk_fts(talk_fts) VALUES('rebuild');"
    "CREATE VIRTUAL TABLE page_fts USING fts5(text, content='pages', content_rowid='id',"
    "  prefix='2 3', tokenize='porter unicode61 remove_diacritics 2');"
    "INSERT INTO page_fts(page_fts) VALUES('rebuild');"
    "CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN"
    "  INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END;"
    "CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN"
    "  INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
    "CREATE TRIGGER pages_au AFTER UPDATE ON pages BEGIN"
    "  INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    "  INSERT INTO page_fts(rowid, text) VALUES (new.id, new.text); END;"
    "CREATE VIRTUAL TABLE cue_fts USING fts5(text, content='cues', content_rowid='id',"
    "  prefix='2 3', tokenize='porter unicode61 remove_diacritics 2');"
    "INSERT INTO cue_fts(cue_fts) VALUES('rebuild');"
    "CREATE TRIGGER cues_ai AFTER INSERT ON cues BEGIN"
    "  INSERT INTO cue_fts(rowid, text) VALUES (new.id, new.text); END;"
    "CREATE TRIGGER cues_ad AFTER DELETE ON cues BEGIN"
    "  INSERT INTO cue_fts(cue_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
    "CREATE TRIGGER cues_au AFTER UPDATE ON cues BEGIN"
    "  INSERT INTO cue_fts(cue_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    "  INSERT INTO cue_fts(rowid, text) VALUES (new.id, new.text); END;"
    "PRAGMA user_version = 2; PRAGMA application_id = 0;";

/* Page 3 of the Spotify deck is missing (test_upgrade): the pages after it
 * keep their numbers, read as they are or converted, and a word of page 4
 * is found on page 4. */
static void check_gap(dx_index *idx, int converted)
{
        static const term t[MAXT] = {{"short-lived", 0, 0}};
        dx_results res;
        dx_talk tk;

        CHECK_ROW("converted %d", converted);
        if (CHECK_INT(dx_talk_get(idx, "2020-01-doxlon_continuous-delivery-at-spotify", &tk, NULL),
                      0)) {
                if (CHECK(tk.npage_text >= 4)) {
                        CHECK_STR(tk.page_text[2].text, "");
                        CHECK_INT(tk.page_text[3].page, 4);
                        CHECK(strlen(tk.page_text[3].text) > 0);
                }
                dx_talk_release(&tk);
        }
        if (CHECK_INT(search(idx, t, 1, 0, &res), 0) && CHECK(res.n > 0)) {
                CHECK_STR(res.v[0].talk.id, "2020-01-doxlon_continuous-delivery-at-spotify");
                CHECK_INT(res.v[0].hits[0].page, 4);
        }
        dx_results_release(&res);
}

/* An index of the fixture archive at path, turned into an older schema
 * by sql; the database handle is left open for more, or NULL. */
static sqlite3 *make_old(const char *tmp, const char *path, const char *sql)
{
        char *dir = dx_path_join(fixtures, "archive");
        dx_index *idx = open_new(tmp, "index.db");
        dx_ingest_stats st;
        notes ns = {0};
        sqlite3 *db = NULL;

        if (idx) {
                CHECK_INT(ingest(idx, dir, 0, &st, &ns), 0);
                dx_index_close(&idx);
                if (CHECK_INT(sqlite3_open(path, &db), SQLITE_OK)) {
                        CHECK_INT(dx_slidetext_register(db), 0);
                        CHECK(exec_ok(db, sql));
                }
        }
        dx_buf_release(&ns.text);
        free(dir);
        return db;
}

/* The index at path is of the current schema, with our application_id,
 * none of the tables named in gone (an SQL list), and whole. */
static void check_converted(const char *path, const char *gone)
{
        sqlite3 *db;
        char *sql = dx_asprintf("SELECT count(*) FROM sqlite_schema WHERE name IN (%s)", gone);

        if (CHECK_INT(sqlite3_open(path, &db), SQLITE_OK)) {
                CHECK_INT(one_int(db, "PRAGMA user_version"), 5);
                CHECK_INT(one_int(db, "PRAGMA application_id"), 0x44585349);
                CHECK_INT(one_int(db, sql), 0);
                sqlite3_close(db);
        }
        free(sql);
        check_consistent(path, 8, 57);
}

/* An index of schema version 2 is searched as it is, and converted to the
 * current schema (one full-text table, slide text compressed per deck)
 * when opened for writing. */
static void test_upgrade(void)
{
        char *tmp = make_tmp(), *dir = dx_path_join(fixtures, "archive");
        char *path = dx_path_join(tmp, "index.db");
        sqlite3 *db = make_old(tmp, path, schema_v2_fts);
        dx_index *idx = NULL;
        dx_ingest_stats st;
        notes ns = {0};
        char *err = NULL;

        if (!db)
                goto out;
        CHECK_INT(one_int(db, "SELECT count(*) FROM pages"), 57);
        /* a page the PDF reader could not read has no row in pages */
        CHECK(exec_ok(db, "DELETE FROM pages WHERE page = 3 AND file_id = (SELECT slides_id FROM"
                          " talks WHERE uid = '2020-01-doxlon_continuous-delivery-at-spotify');"
                          "INSERT INTO talk_fts(talk_fts) VALUES('rebuild');"));
        sqlite3_close(db);

        CHECK_INT(dx_index_open(&idx, path, DX_OPEN_READONLY, &err), 0);
        if (idx) {
                check_searches(idx);
                check_gap(idx, 0);
                dx_index_close(&idx);
        }
        free(err);
        err = NULL;

        CHECK_INT(dx_index_open(&idx, path, DX_OPEN_WRITE, &err), 0);
        if (idx) {
                check_searches(idx);
                check_gap(idx, 1);
                CHECK_INT(ingest(idx, dir, 0, &st, &ns), 0);
                CHECK_INT(st.unchanged, 8);
                dx_index_close(&idx);
        }
        free(err);
        check_converted(path, "'page_fts', 'cue_fts', 'pages_ai', 'cues_ai', 'pages',"
                              " 'chapter_fts', 'chapters_ai'");
out:
        dx_buf_release(&ns.text);
        sh("rm -rf '%s'", tmp);
        free(path);
        free(dir);
        free(tmp);
}

/* An index of schema version 3, made before indexes carried our
 * application_id, is searched as it is and converted when opened for
 * writing. */
static void test_upgrade_v3(void)
{
        char *tmp = make_tmp(), *path = dx_path_join(tmp, "index.db"), *err = NULL;
        sqlite3 *db = make_old(tmp, path, schema_v3);
        dx_index *idx = NULL;

        if (!db)
                goto out;
        sqlite3_close(db);
        for (int w = 0; w < 2; w++) {
                CHECK_ROW("%s", w ? "write" : "read");
                CHECK_INT(dx_index_open(&idx, path, w ? DX_OPEN_WRITE : DX_OPEN_READONLY, &err), 0);
                if (idx)
                        check_searches(idx);
                dx_index_close(&idx);
                free(err);
                err = NULL;
        }
        check_row[0] = '\0';
        check_converted(path, "'pages', 'chapter_fts', 'chapters_ai'");
out:
        sh("rm -rf '%s'", tmp);
        free(path);
        free(tmp);
}

/* Text that tests how locate.c counts tokens: accents precomposed and
 * combining, scripts without spaces, symbols, marks that are no letters. */
static const char *const odd_pages[] = {
    "naïve café — Zürich•delivery… e\u0301tude",
    "日本語のテキスト and 中文 deploy",
    "x\u00a0y don't C++ CI/CD node.js 🚀deploy ½ ²",
    "soft\u00adhyphen zero\u200bwidth joiner\u200dword Ωmega ΑΒΓ",
    "",
    "deploy deploy naive etude",
};

/* dx_locate() says which pages of a talk hold a term exactly as an FTS5
 * table of those pages alone would, for every term on every page, and
 * dx_snippet() cuts the same snippet of each as that table's snippet(). */
static void test_locate(void)
{
        char *tmp = make_tmp(), *dir = dx_path_join(fixtures, "archive");
        char *path = dx_path_join(tmp, "index.db");
        dx_index *idx = open_new(tmp, "index.db");
        dx_ingest_stats st;
        notes ns = {0};
        sqlite3 *db = NULL, *mem = NULL;
        sqlite3_stmt *talks = NULL, *terms = NULL, *brute = NULL, *snip = NULL;
        size_t nterms = 0, nsnips = 0;

        if (!idx)
                goto out;
        CHECK_INT(ingest(idx, dir, 0, &st, &ns), 0);
        dx_index_close(&idx);
        /* the odd text on the pages of one talk, indexed again */
        if (!CHECK_INT(sqlite3_open(path, &db), SQLITE_OK))
                goto out;
        CHECK_INT(dx_slidetext_register(db), 0);
        {
                dx_page oddp[sizeof(odd_pages) / sizeof(odd_pages[0])];
                sqlite3_stmt *up = NULL;
                size_t zlen, bytes;
                void *z = NULL;

                for (size_t i = 0; i < sizeof(oddp) / sizeof(oddp[0]); i++) {
                        oddp[i].page = (int)i + 1;
                        oddp[i].text = (char *)odd_pages[i];
                }
                CHECK_INT(
                    dx_slidetext_pack(oddp, sizeof(oddp) / sizeof(oddp[0]), &z, &zlen, &bytes), 0);
                CHECK_INT(sqlite3_prepare_v2(db,
                                             "UPDATE slide_text SET z = ?1, bytes = ?2 WHERE"
                                             " file_id = (SELECT min(file_id) FROM slide_text)",
                                             -1, &up, NULL),
                          SQLITE_OK);
                sqlite3_bind_blob(up, 1, z, (int)zlen, SQLITE_STATIC);
                sqlite3_bind_int64(up, 2, (sqlite3_int64)bytes);
                CHECK_INT(sqlite3_step(up), SQLITE_DONE);
                sqlite3_finalize(up);
                free(z);
        }
        CHECK(exec_ok(db, "UPDATE documents SET pages = 6 WHERE"
                          " file_id = (SELECT min(file_id) FROM slide_text)"));
        CHECK(exec_ok(db, "INSERT INTO talk_fts(talk_fts) VALUES('rebuild')"));
        sqlite3_close(db);
        db = NULL;

        if (!CHECK_INT(dx_index_open(&idx, path, DX_OPEN_READONLY, NULL), 0) ||
            !CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK) ||
            !CHECK_INT(sqlite3_open(":memory:", &mem), SQLITE_OK))
                goto out;
        /* dx_locate needs the search's SQL functions: one search sets them up */
        {
                static const term t[MAXT] = {{"delivery", 0, 0}};
                dx_results res;

                CHECK_INT(search(idx, t, 1, 0, &res), 0);
                dx_results_release(&res);
        }
        CHECK(exec_ok(mem, "CREATE VIRTUAL TABLE b USING fts5(text,"
                           " tokenize='porter unicode61 remove_diacritics 2');"
                           "CREATE VIRTUAL TABLE v USING fts5vocab(b, 'row')"));
        CHECK_INT(dx_slidetext_register(db), 0);
        CHECK_INT(sqlite3_prepare_v2(db,
                                     "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1"
                                     " FROM n WHERE k < 10000) SELECT t.id, k, dxpage(s.z, k)"
                                     " FROM talks t JOIN slide_text s ON s.file_id = t.slides_id"
                                     " JOIN documents d ON d.file_id = s.file_id"
                                     " JOIN n ON k <= d.pages ORDER BY t.id, k",
                                     -1, &talks, NULL),
                  SQLITE_OK);
        CHECK_INT(sqlite3_prepare_v2(mem, "SELECT term FROM v", -1, &terms, NULL), SQLITE_OK);
        CHECK_INT(sqlite3_prepare_v2(mem,
                                     "SELECT rowid FROM b WHERE b MATCH ?"
                                     " ORDER BY rowid",
                                     -1, &brute, NULL),
                  SQLITE_OK);
        CHECK_INT(sqlite3_prepare_v2(mem,
                                     "SELECT snippet(b, 0, '[', ']', '…', 16) FROM b"
                                     " WHERE b MATCH ?1 AND rowid = ?2",
                                     -1, &snip, NULL),
                  SQLITE_OK);
        if (!talks || !terms || !brute || !snip)
                goto out;
        for (int more = sqlite3_step(talks) == SQLITE_ROW; more;) {
                int64_t talk = sqlite3_column_int64(talks, 0);

                exec_ok(mem, "DELETE FROM b");
                do {
                        sqlite3_stmt *ins;

                        sqlite3_prepare_v2(mem, "INSERT INTO b(rowid, text) VALUES (?, ?)", -1,
                                           &ins, NULL);
                        sqlite3_bind_int64(ins, 1, sqlite3_column_int64(talks, 1));
                        sqlite3_bind_text(ins, 2, (const char *)sqlite3_column_text(talks, 2), -1,
                                          SQLITE_TRANSIENT);
                        CHECK_INT(sqlite3_step(ins), SQLITE_DONE);
                        sqlite3_finalize(ins);
                        more = sqlite3_step(talks) == SQLITE_ROW;
                } while (more && sqlite3_column_int64(talks, 0) == talk);

                while (sqlite3_step(terms) == SQLITE_ROW) {
                        const char *word = (const char *)sqlite3_column_text(terms, 0);
                        char *match = sqlite3_mprintf("\"%w\"", word);
                        char *slides = sqlite3_mprintf("{slides} : %s", match);
                        int64_t want[64];
                        dx_spot got[DX_MAX_HITS];
                        dx_match *m = NULL;
                        int nwant = 0, ngot = 0, nm = 0;

                        sqlite3_bind_text(brute, 1, match, -1, SQLITE_STATIC);
                        while (sqlite3_step(brute) == SQLITE_ROW && nwant < 64)
                                want[nwant++] = sqlite3_column_int64(brute, 0);
                        sqlite3_reset(brute);
                        CHECK_ROW("talk %lld, term \"%s\"", (long long)talk, word);
                        if (CHECK_INT(dx_matches(idx, talk, slides, &m, &nm), 0))
                                ngot = dx_locate(idx, talk, DX_LOCATE_PAGES, NULL, m, nm, 0, got,
                                                 DX_MAX_HITS);
                        /* every page that has it, but that pages which have it only
                         * in a line the deck repeats on three pages or more (a
                         * footer) are shown once: a word on fewer pages is all
                         * there, one on more at least once */
                        if (nwant < 3)
                                CHECK_INT(ngot, nwant);
                        else
                                CHECK(ngot >= 1 &&
                                      ngot <= (nwant < DX_MAX_HITS ? nwant : DX_MAX_HITS));
                        for (int i = 0; i < ngot; i++) {
                                int in = 0;
                                char *mine;

                                for (int j = 0; j < nwant; j++)
                                        in |= want[j] == got[i].id;
                                CHECK(in);
                                sqlite3_bind_text(snip, 1, match, -1, SQLITE_STATIC);
                                sqlite3_bind_int64(snip, 2, got[i].id);
                                if (!CHECK_INT(sqlite3_step(snip), SQLITE_ROW)) {
                                        sqlite3_reset(snip);
                                        continue;
                                }
                                mine = dx_snippet(dx_index_fts5(idx), got[i].text, got[i].m,
                                                  got[i].nm, got[i].base, 16, "[", "]", "…");
                                CHECK_STR(mine, (const char *)sqlite3_column_text(snip, 0));
                                free(mine);
                                sqlite3_reset(snip);
                                nsnips++;
                        }
                        dx_spots_release(got, ngot > 0 ? ngot : 0);
                        free(m);
                        sqlite3_free(slides);
                        sqlite3_free(match);
                        nterms++;
                }
                sqlite3_reset(terms);
        }
        /* the odd page's words were among them */
        CHECK(nterms > 300);
        CHECK(nsnips >= nterms);
out:
        sqlite3_finalize(snip);
        sqlite3_finalize(talks);
        sqlite3_finalize(terms);
        sqlite3_finalize(brute);
        sqlite3_close(db);
        sqlite3_close(mem);
        dx_index_close(&idx);
        dx_buf_release(&ns.text);
        sh("rm -rf '%s'", tmp);
        free(path);
        free(dir);
        free(tmp);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"archive", test_archive},
            {"open", test_open},
            {"foreign", test_foreign},
            {"bad_input", test_bad_input},
            {"changes", test_changes},
            {"changed_event", test_changed_event},
            {"unicode_punctuation", test_unicode_punctuation},
            {"upgrade", test_upgrade},
            {"upgrade_v3", test_upgrade_v3},
            {"locate", test_locate},
        };

        if (argc < 2) {
                fprintf(stderr, "usage: %s FIXTURES [GROUP...]\n", argv[0]);
                return 2;
        }
        fixtures = argv[1];
        return check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
}
