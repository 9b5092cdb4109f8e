/*
 * test_fault.c - fault injection: an ingest of a small archive and a
 * session of reads and searches are run again and again, the n-th
 * allocation failing each time (n = 1, 2, ...: every one, or every STRIDE-th
 * past the first few hundred), until a run makes fewer allocations than n.
 * Each run must either give exactly what a run without faults gives, or
 * fail with a message; an ingest that failed must leave an index that a
 * second ingest brings to exactly the same state.  Never less data with
 * success.
 *
 *   test_fault ingest|read|scan FIXTURES [STRIDE [DENSE]]
 *
 * scan is the archive walk alone (the catalog: event.json, pairing,
 * captions), every allocation of it.
 *
 * Every allocation up to DENSE (300) is failed in turn, then every
 * STRIDE-th (1).
 * FAULT_ONLY=n runs that n only; FAULT_TRACE=1 prints where it fails;
 * FAULT_DUMP=1 prints what the ingest gives without faults.
 */
#include "dx_ingest.h"
#include "fault_alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Allocations up to this one are failed one by one; past it every
 * stride-th. */
static long dense = 300;

static const char *fixtures;
static char tmp[64], archive[128], db[160];
static int problems;
/* the operation failed in a call without a handle (dx_query_add()): its
 * code, DX_ENOMEM, is the message */
static int handleless;
static long calls; /* allocations of the last run */

static void die(const char *what)
{
        fprintf(stderr, "test_fault: %s\n", what);
        exit(2);
}

static void run_cmd(const char *cmd)
{
        if (system(cmd) != 0)
                die(cmd);
}

static void write_file(const char *path, const char *text)
{
        FILE *f = fopen(path, "w");

        if (!f || fputs(text, f) < 0 || fclose(f))
                die(path);
}

/* The event's manifest: its talks with speakers, tags and venues (JSON
 * read and written back), one with slides. */
static const char manifest[] =
    "{\"name\": \"DevOps Exchange London - March 2016\", \"date\": \"2016-03-22\",\n"
    " \"venues\": [\"Skills Matter CodeNode\", \"Online\"],\n"
    " \"talks\": [\n"
    "  {\"title\": \"Docker in Production\",\n"
    "   \"speakers\": [{\"name\": \"Jane Ironside\", \"role\": \"Platform Engineer\","
    " \"company\": \"Acme Payments\"}],\n"
    "   \"abstract\": \"Acme Payments moved its payment APIs from virtual machines to Docker"
    " containers in six months.\",\n"
    "   \"tags\": [\"docker\", \"containers\"], \"room\": \"CodeNode\",\n"
    "   \"video\": \"docker-in-production.mkv\", \"slides\": \"docker-in-production.pdf\"},\n"
    "  {\"title\": \"Chaos Engineering Lightning Talk\",\n"
    "   \"speakers\": [{\"name\": \"Tom\u00e1s \u00d3 Briain\", \"company\": \"Bank of"
    " \u00c9ire\"}, {\"name\": \"Priya Raman\"}],\n"
    "   \"abstract\": \"Five minutes on running your first game day.\",\n"
    "   \"tags\": [\"chaos-engineering\"], \"video\": \"chaos-engineering.mp4\"}]}\n";

/* ---- what a person would see, as text -------------------------------- */

static void add_s(dx_buf *b, const char *k, const char *v)
{
        dx_buf_addf(b, "%s=%s\n", k, v ? v : "(null)");
}

static void dump_talk(dx_buf *b, const dx_talk *t)
{
        add_s(b, "id", t->id);
        add_s(b, "title", t->title);
        add_s(b, "abstract", t->abstract);
        add_s(b, "date", t->date);
        add_s(b, "room", t->room);
        for (size_t i = 0; i < t->ntags; i++)
                add_s(b, "tag", t->tags[i]);
        for (size_t i = 0; i < t->nspeakers; i++)
                dx_buf_addf(b, "speaker=%s|%s|%s\n", t->speakers[i].name ? t->speakers[i].name : "",
                            t->speakers[i].role ? t->speakers[i].role : "",
                            t->speakers[i].company ? t->speakers[i].company : "");
        add_s(b, "event", t->event_id);
        add_s(b, "event_name", t->event_name);
        add_s(b, "event_date", t->event_date);
        for (size_t i = 0; i < t->nvenues; i++)
                add_s(b, "venue", t->venues[i]);
        dx_buf_addf(b, "duration=%.3f pages=%d\n", t->duration, t->pages);
        add_s(b, "video", t->video);
        add_s(b, "slides", t->slides);
        add_s(b, "video_error", t->video_error);
        if (t->has_media) {
                const dx_media *m = &t->media;

                dx_buf_addf(b, "media=%s %.3f %lld\n", m->container ? m->container : "",
                            m->duration, (long long)m->bit_rate);
                for (size_t i = 0; i < m->nstreams; i++)
                        dx_buf_addf(b, "stream=%d %s %s %s %dx%d %.2f %d %d\n", m->streams[i].index,
                                    m->streams[i].kind, m->streams[i].codec,
                                    m->streams[i].language ? m->streams[i].language : "-",
                                    m->streams[i].width, m->streams[i].height, m->streams[i].fps,
                                    m->streams[i].channels, m->streams[i].sample_rate);
                for (size_t i = 0; i < m->ntags; i++)
                        dx_buf_addf(b, "mtag=%s=%s\n", m->tags[i].key, m->tags[i].value);
                for (size_t i = 0; i < m->nchapters; i++)
                        dx_buf_addf(b, "chapter=%s %.3f %.3f\n", m->chapters[i].title,
                                    m->chapters[i].start, m->chapters[i].end);
        }
        dx_buf_addf(b, "docinfo=%d\n", t->docinfo.pages);
        add_s(b, "doc_title", t->docinfo.title);
        add_s(b, "doc_author", t->docinfo.author);
        add_s(b, "doc_keywords", t->docinfo.keywords);
        for (size_t i = 0; i < t->npage_text; i++)
                dx_buf_addf(b, "page %d=%s\n", t->page_text[i].page, t->page_text[i].text);
        for (size_t i = 0; i < t->nfiles; i++)
                dx_buf_addf(b, "file=%s %s %s\n", t->files[i].path, t->files[i].kind,
                            t->files[i].error ? t->files[i].error : "");
}

static void dump_results(dx_buf *b, const dx_results *r)
{
        dx_buf_addf(b, "results=%zu of %zu\n", r->n, r->total);
        for (size_t i = 0; i < r->n; i++) {
                dx_buf_addf(b, "hit %s %.6g\n", r->v[i].talk.id, r->v[i].score);
                dump_talk(b, &r->v[i].talk);
                for (size_t h = 0; h < r->v[i].nhits; h++) {
                        const dx_hit *x = &r->v[i].hits[h];

                        dx_buf_addf(b, "  %s p%d %.3f-%.3f %s [%s] %zu\n", dx_field_name(x->field),
                                    x->page, x->start_s, x->end_s, x->lang ? x->lang : "-",
                                    x->snippet ? x->snippet : "(null)", x->non_screen);
                }
        }
}

/* ---- the operations ---------------------------------------------------- */

/* One read of the index into out: 0, or negative with the message in *msg. */
typedef int (*op_fn)(dx_index *idx, dx_buf *out);

static int op_list(dx_index *idx, dx_buf *out)
{
        dx_talk *v;
        size_t n;
        int rc = dx_talk_list(idx, &v, &n);

        if (rc)
                return rc;
        fault_pause(1);
        for (size_t i = 0; i < n; i++)
                dump_talk(out, &v[i]);
        fault_pause(0);
        dx_talks_free(v, n);
        return 0;
}

static int get_talk(dx_index *idx, dx_buf *out, const char *id)
{
        dx_talk t;
        dx_cue *cues;
        dx_timeline tl;
        size_t n;
        int rc = dx_talk_get(idx, id, &t, NULL);

        if (rc)
                return rc;
        fault_pause(1);
        dump_talk(out, &t);
        fault_pause(0);
        rc = dx_talk_transcript(idx, t.id, &cues, &n);
        if (!rc) {
                fault_pause(1);
                for (size_t i = 0; i < n; i++)
                        dx_buf_addf(out, "cue %s %lld %lld %s\n", cues[i].lang ? cues[i].lang : "-",
                                    (long long)cues[i].start_ms, (long long)cues[i].end_ms,
                                    cues[i].text);
                fault_pause(0);
                dx_transcript_free(cues, n);
                rc = dx_talk_timeline(idx, t.id, &tl);
        }
        if (!rc) {
                fault_pause(1);
                dx_buf_addf(out, "timeline %d %zu %s\n", (int)tl.status, tl.n,
                            tl.error ? tl.error : "");
                fault_pause(0);
                dx_timeline_release(&tl);
        }
        dx_talk_release(&t);
        return rc;
}

static int op_get_docker(dx_index *idx, dx_buf *out)
{
        return get_talk(idx, out, "docker-in-production");
}

static int op_get_srt(dx_index *idx, dx_buf *out)
{
        return get_talk(idx, out, "srt-talk");
}

static int op_get_movtext(dx_index *idx, dx_buf *out)
{
        return get_talk(idx, out, "movtext-talk");
}

static int search(dx_index *idx, dx_buf *out, const char *const *words, dx_field field,
                  unsigned has)
{
        dx_query q = {0};
        dx_search_opts so = {.limit = 10, .mark_open = "[", .mark_close = "]"};
        dx_results res;
        int rc = 0;

        q.has = has;
        for (size_t i = 0; !rc && words[i]; i++) {
                size_t len = strlen(words[i]);
                int prefix = len && words[i][len - 1] == '*';

                rc = dx_query_add(&q, words[i], len - (size_t)prefix, field, prefix);
                handleless = rc == DX_ENOMEM;
        }
        if (!rc)
                rc = dx_search(idx, &q, &so, &res);
        if (!rc) {
                fault_pause(1);
                dump_results(out, &res);
                fault_pause(0);
                dx_results_release(&res);
        }
        dx_query_release(&q);
        return rc;
}

static int op_search_words(dx_index *idx, dx_buf *out)
{
        static const char *const w[] = {"docker", NULL};
        return search(idx, out, w, DX_FIELD_ANY, 0);
}

static int op_search_two(dx_index *idx, dx_buf *out)
{
        static const char *const w[] = {"game", "day", NULL};
        return search(idx, out, w, DX_FIELD_ANY, 0);
}

static int op_search_prefix(dx_index *idx, dx_buf *out)
{
        static const char *const w[] = {"contain*", NULL};
        return search(idx, out, w, DX_FIELD_ANY, DX_HAS_SLIDES);
}

static int op_search_slides(dx_index *idx, dx_buf *out)
{
        static const char *const w[] = {"registry", NULL};
        return search(idx, out, w, DX_FIELD_SLIDES, 0);
}

static int op_search_captions(dx_index *idx, dx_buf *out)
{
        static const char *const w[] = {"canary", "rollback", NULL};
        return search(idx, out, w, DX_FIELD_ANY, DX_HAS_CAPTIONS);
}

static int op_search_filters(dx_index *idx, dx_buf *out)
{
        static const char *const w[] = {NULL};
        return search(idx, out, w, DX_FIELD_ANY, DX_HAS_RECORDING);
}

static int op_suggest(dx_index *idx, dx_buf *out)
{
        dx_query q = {0}, fixed = {0};
        int rc = dx_query_add(&q, "contaners", 9, DX_FIELD_ANY, 0);

        handleless = rc == DX_ENOMEM;
        if (!rc)
                rc = dx_query_suggest(idx, &q, &fixed);
        if (rc >= 0) {
                fault_pause(1);
                dx_buf_addf(out, "suggest=%d", rc);
                for (size_t i = 0; i < fixed.nterms; i++)
                        dx_buf_addf(out, " %s", fixed.terms[i].text);
                dx_buf_addc(out, '\n');
                fault_pause(0);
                rc = 0;
        }
        dx_query_release(&fixed);
        dx_query_release(&q);
        return rc;
}

static int op_stats(dx_index *idx, dx_buf *out)
{
        dx_index_stats s;
        dx_talk_file *f;
        size_t n;
        int rc = dx_index_stats_get(idx, &s);

        if (!rc)
                rc = dx_index_problems(idx, &f, &n);
        if (rc)
                return rc;
        fault_pause(1);
        dx_buf_addf(out, "stats %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %.4f\n",
                    (long long)s.events, (long long)s.talks, (long long)s.speakers,
                    (long long)s.files, (long long)s.failed_files, (long long)s.pages,
                    (long long)s.videos, (long long)s.slide_decks, (long long)s.cues,
                    (long long)s.captioned, s.hours);
        for (size_t i = 0; i < n; i++)
                dx_buf_addf(out, "problem %s %s %s\n", f[i].path, f[i].error, f[i].talk);
        fault_pause(0);
        dx_talk_files_free(f, n);
        return 0;
}

static const struct {
        const char *name;
        op_fn fn;
} ops[] = {
    {"list", op_list},
    {"get docker", op_get_docker},
    {"get srt", op_get_srt},
    {"get movtext", op_get_movtext},
    {"search docker", op_search_words},
    {"search two words", op_search_two},
    {"search prefix with a filter", op_search_prefix},
    {"search slides", op_search_slides},
    {"search captions", op_search_captions},
    {"filters only", op_search_filters},
    {"suggest", op_suggest},
    {"stats", op_stats},
};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

/* What each operation gives on the index at path, without faults: the
 * whole as one text (*all), and per operation.  An operation that fails
 * is a line saying so, or with strict the end of the test. */
static char *snapshot(const char *path, char **each, int strict)
{
        dx_index *idx;
        dx_buf all = DX_BUF_INIT;
        char *err = NULL;

        if (dx_index_open(&idx, path, DX_OPEN_READONLY, &err))
                die(err ? err : "cannot open the index");
        for (size_t i = 0; i < NOPS; i++) {
                dx_buf b = DX_BUF_INIT;

                if (ops[i].fn(idx, &b)) {
                        fprintf(stderr, "test_fault: %s: %s\n", ops[i].name, dx_index_errmsg(idx));
                        if (strict)
                                die("an operation fails without faults");
                        dx_buf_reset(&b);
                        dx_buf_addf(&b, "FAILED: %s\n", dx_index_errmsg(idx));
                }
                dx_buf_addf(&all, "## %s\n%s", ops[i].name, b.s ? b.s : "");
                if (each)
                        each[i] = dx_buf_detach(&b);
                dx_buf_release(&b);
        }
        dx_index_close(&idx);
        return dx_buf_detach(&all);
}

/* Where two texts first differ, for the failure message. */
static void show_diff(const char *want, const char *got)
{
        size_t i = 0, line = 1, start = 0;

        while (want[i] && want[i] == got[i]) {
                if (want[i] == '\n') {
                        line++;
                        start = i + 1;
                }
                i++;
        }
        fprintf(stderr, "    first difference at line %zu:\n    want: %.200s\n    got:  %.200s\n",
                line, want + start, got + start);
}

/* ---- ingest ------------------------------------------------------------ */

typedef struct notes {
        int errors;
        char first[512];
} notes;

static void on_note(void *ud, dx_note_level lvl, const char *path, const char *msg)
{
        notes *n = ud;

        if (lvl != DX_NOTE_ERROR)
                return;
        if (!n->errors++)
                snprintf(n->first, sizeof(n->first), "%s: %s", path, msg);
}

static void remove_db(void)
{
        static const char *const ext[] = {"", "-wal", "-shm", "-journal", ".lock"};
        char p[200];

        for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
                snprintf(p, sizeof(p), "%s%s", db, ext[i]);
                unlink(p);
        }
}

/* One ingest into a fresh index with the n-th allocation failing (0:
 * none).  1 when the fault came. */
static int ingest_once(long n, int *rc, char *msg, size_t msgsize)
{
        dx_index *idx = NULL;
        notes nt = {0};
        dx_ingest_opts o = {.jobs = 1, .no_align = 1, .note = on_note, .ud = &nt};
        dx_ingest_stats st;
        char *err = NULL;
        int hit;

        fault_arm(n);
        *rc = dx_index_open(&idx, db, DX_OPEN_WRITE, &err);
        if (!*rc)
                *rc = dx_ingest(idx, archive, &o, &st);
        calls = fault_disarm(&hit);
        if (*rc < 0)
                snprintf(msg, msgsize, "%s", idx ? dx_index_errmsg(idx) : err ? err : "");
        else if (*rc > 0)
                snprintf(msg, msgsize, "%s", nt.first);
        else
                msg[0] = '\0';
        if (*rc < 0 && !idx && !err && *rc == DX_ENOMEM)
                snprintf(msg, msgsize, "out of memory (DX_ENOMEM)");
        free(err);
        dx_index_close(&idx);
        return hit;
}

static void test_ingest(long stride)
{
        char msg[600], *want, *got;
        long only = getenv("FAULT_ONLY") ? atol(getenv("FAULT_ONLY")) : 0;
        long runs = 0, failed = 0, faulted = 0;
        int rc;

        remove_db();
        ingest_once(0, &rc, msg, sizeof(msg));
        if (rc != 0)
                die("the ingest fails without faults");
        want = snapshot(db, NULL, 1);
        if (getenv("FAULT_DUMP"))
                fputs(want, stdout);
        for (long n = only ? only : 1;; n += n < dense ? 1 : stride) {
                int hit;

                remove_db();
                hit = ingest_once(n, &rc, msg, sizeof(msg));
                faulted = calls;
                runs++;
                if (!hit && rc == 0)
                        break;
                if (rc != 0) {
                        failed++;
                        /* the failure says why */
                        if (!msg[0] || strcmp(msg, "no error") == 0) {
                                fprintf(stderr, "FAIL n=%ld: ingest failed (%d) with no message\n",
                                        n, rc);
                                problems++;
                        }
                        /* and a second ingest mends what it left */
                        ingest_once(0, &rc, msg, sizeof(msg));
                        if (rc != 0) {
                                fprintf(stderr,
                                        "FAIL n=%ld: the ingest after a failed one gives"
                                        " %d: %s\n",
                                        n, rc, msg);
                                problems++;
                                goto next;
                        }
                }
                got = snapshot(db, NULL, 0);
                if (strcmp(got, want) != 0) {
                        fprintf(stderr,
                                "FAIL n=%ld: %s gives other data than a run without"
                                " faults\n",
                                n, rc ? "the ingest after a failed one" : "a successful ingest");
                        show_diff(want, got);
                        problems++;
                }
                free(got);
        next:
                if (only)
                        break;
        }
        free(want);
        printf("ingest: %ld allocations, %ld runs (allocation 1 to %ld, then every %ld-th), %ld "
               "failed with a"
               " message, %d problems\n",
               faulted, runs, dense, stride, failed, problems);
}

/* ---- the archive walk ------------------------------------------------------ */

#define S(x) ((x) ? (x) : "(null)")

static void dump_plan(dx_buf *b, const dx_catalog *c)
{
        for (size_t e = 0; e < c->nevents; e++) {
                const dx_event_plan *ev = &c->events[e];

                dx_buf_addf(b, "event %s %s %s %s %s [%s]\n", S(ev->dir), S(ev->slug), S(ev->name),
                            S(ev->date), S(ev->signature), S(ev->description));
                for (size_t i = 0; i < ev->nvenues; i++)
                        add_s(b, " venue", ev->venues[i]);
                for (size_t i = 0; i < ev->nfiles; i++)
                        dx_buf_addf(b, " file %s %s %s\n", S(ev->files[i].rel),
                                    dx_kind_name(ev->files[i].kind), S(ev->files[i].lang));
                for (size_t t = 0; t < ev->ntalks; t++) {
                        const dx_talk_plan *tp = &ev->talks[t];

                        dx_buf_addf(b, " talk %s %d %d\n", S(tp->slug), tp->video, tp->slides);
                        add_s(b, "  title", tp->title);
                        add_s(b, "  abstract", tp->abstract);
                        add_s(b, "  date", tp->date);
                        add_s(b, "  room", tp->room);
                        for (size_t i = 0; i < tp->ntags; i++)
                                add_s(b, "  tag", tp->tags[i]);
                        for (size_t i = 0; i < tp->nspeakers; i++)
                                dx_buf_addf(b, "  speaker %s|%s|%s\n", S(tp->speakers[i].name),
                                            S(tp->speakers[i].role), S(tp->speakers[i].company));
                        for (size_t i = 0; i < tp->ncaptions; i++)
                                dx_buf_addf(b, "  captions %d\n", tp->captions[i]);
                }
        }
}

/* The walk with allocation n failing (0: none): 0 and the plan as text,
 * or negative (or the errors it noted) and the message in msg. */
static int scan_once(long n, char **plan, char *msg, size_t msgsize)
{
        dx_catalog cat = {0};
        notes nt = {0};
        dx_buf b = DX_BUF_INIT;
        char *err = NULL;
        int rc, hit;

        fault_arm(n);
        rc = dx_catalog_scan(archive, on_note, &nt, &cat, &err);
        calls = fault_disarm(&hit);
        snprintf(msg, msgsize, "%s", rc ? (err ? err : "") : nt.first);
        if (!rc && nt.errors)
                rc = 1;
        if (!rc)
                dump_plan(&b, &cat);
        *plan = b.s ? dx_buf_detach(&b) : NULL;
        dx_buf_release(&b);
        dx_catalog_release(&cat);
        free(err);
        return hit ? rc : rc == 0 ? 2 : rc; /* 2: done, the fault never came */
}

static void test_scan(long stride)
{
        char msg[600], *want, *got;
        long runs = 0, failed = 0;

        if (scan_once(0, &want, msg, sizeof(msg)) != 2 || !want)
                die("the walk fails without faults");
        for (long n = 1;; n += n < dense ? 1 : stride) {
                int rc = scan_once(n, &got, msg, sizeof(msg));

                runs++;
                if (rc == 2) {
                        free(got);
                        break;
                }
                if (rc) {
                        failed++;
                        if (!msg[0] && rc != DX_ENOMEM) {
                                fprintf(stderr,
                                        "FAIL n=%ld: the walk failed (%d) with no"
                                        " message\n",
                                        n, rc);
                                problems++;
                        }
                } else if (!got || strcmp(got, want) != 0) {
                        fprintf(stderr,
                                "FAIL n=%ld: the walk succeeded with another plan than"
                                " without faults\n",
                                n);
                        show_diff(want, got ? got : "");
                        problems++;
                }
                free(got);
        }
        free(want);
        printf("scan: %ld runs, %ld failed with a message, %d problems\n", runs, failed, problems);
}

/* ---- reads and searches ------------------------------------------------ */

static void test_read(long stride)
{
        char *each[NOPS];
        long only = getenv("FAULT_ONLY") ? atol(getenv("FAULT_ONLY")) : 0;
        long runs = 0, failed = 0;
        int rc;
        char msg[600];

        remove_db();
        ingest_once(0, &rc, msg, sizeof(msg));
        if (rc != 0)
                die("the ingest fails without faults");
        free(snapshot(db, each, 1));
        for (long n = only ? only : 1;; n += n < dense ? 1 : stride) {
                dx_index *idx = NULL;
                char *err = NULL;
                int hit, nfail = 0;

                runs++;
                fault_arm(n);
                rc = dx_index_open(&idx, db, DX_OPEN_READONLY, &err);
                if (rc) {
                        fault_disarm(&hit);
                        if (!err && rc != DX_ENOMEM) {
                                fprintf(stderr, "FAIL n=%ld: open failed with no message\n", n);
                                problems++;
                        }
                        free(err);
                        failed++;
                        continue;
                }
                /* every operation on the one handle, as a program would:
                 * one that failed must not spoil those after it */
                for (size_t i = 0; i < NOPS; i++) {
                        dx_buf b = DX_BUF_INIT;

                        handleless = 0;
                        rc = ops[i].fn(idx, &b);
                        fault_pause(1);
                        if (rc) {
                                const char *m = dx_index_errmsg(idx);

                                nfail++;
                                if (!handleless && (!m[0] || strcmp(m, "no error") == 0)) {
                                        fprintf(stderr,
                                                "FAIL n=%ld: %s failed (%d) with no"
                                                " message\n",
                                                n, ops[i].name, rc);
                                        problems++;
                                }
                        } else if (strcmp(b.s ? b.s : "", each[i]) != 0) {
                                fprintf(stderr,
                                        "FAIL n=%ld: %s succeeded with other data than"
                                        " without faults\n",
                                        n, ops[i].name);
                                show_diff(each[i], b.s ? b.s : "");
                                problems++;
                        }
                        dx_buf_release(&b);
                        fault_pause(0);
                }
                dx_index_close(&idx);
                calls = fault_disarm(&hit);
                failed += nfail > 0;
                if (!hit)
                        break;
                if (only)
                        break;
        }
        for (size_t i = 0; i < NOPS; i++)
                free(each[i]);
        printf("reads: %ld allocations, %ld runs (allocation 1 to %ld, then every %ld-th), %ld "
               "with a failed"
               " operation, %d problems\n",
               calls, runs, dense, stride, failed, problems);
}

/* The archive and the index go, also when the test stops early. */
static void remove_tmp(void)
{
        char cmd[128];

        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        if (system(cmd) != 0)
                fprintf(stderr, "test_fault: cannot remove %s\n", tmp);
}

int main(int argc, char **argv)
{
        char cmd[1024];
        long stride;

        if (argc < 3)
                die("usage: test_fault ingest|read|scan FIXTURES [STRIDE [DENSE]]");
        if (fault_init())
                die("cannot put SQLite's allocations behind the counter");
        fixtures = argv[2];
        stride = argc > 3 ? atol(argv[3]) : 1;
        if (stride < 1)
                stride = 1;
        if (argc > 4)
                dense = atol(argv[4]);
        snprintf(tmp, sizeof(tmp), "/tmp/dx-fault-XXXXXX");
        if (!mkdtemp(tmp))
                die("mkdtemp");
        atexit(remove_tmp);
        snprintf(archive, sizeof(archive), "%s/archive", tmp);
        snprintf(db, sizeof(db), "%s/index.db", tmp);
        /* a small archive: an event with a manifest, two recordings and a
         * deck; one without a manifest, with captions in a sidecar file and
         * in a recording */
        snprintf(cmd, sizeof(cmd),
                 "mkdir -p '%1$s/2016-03-doxlon' '%1$s/2024-02-captions' &&"
                 " cp '%2$s/archive/2016-03-doxlon/docker-in-production.mkv'"
                 " '%2$s/archive/2016-03-doxlon/docker-in-production.pdf'"
                 " '%2$s/archive/2016-03-doxlon/chaos-engineering.mp4' '%1$s/2016-03-doxlon/' &&"
                 " cp '%2$s/captions/2024-02-captions/srt-talk.mp4'"
                 " '%2$s/captions/2024-02-captions/srt-talk.srt'"
                 " '%2$s/captions/2024-02-captions/movtext-talk.mp4' '%1$s/2024-02-captions/'",
                 archive, fixtures);
        run_cmd(cmd);
        snprintf(cmd, sizeof(cmd), "%s/2016-03-doxlon/event.json", archive);
        write_file(cmd, manifest);
        if (strcmp(argv[1], "ingest") == 0)
                test_ingest(stride);
        else if (strcmp(argv[1], "read") == 0)
                test_read(stride);
        else if (strcmp(argv[1], "scan") == 0)
                test_scan(stride);
        else
                die("usage: test_fault ingest|read|scan FIXTURES [STRIDE [DENSE]]");
        return problems ? 1 : 0;
}
