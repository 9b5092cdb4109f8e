/*
 * test_slides.c - unit tests for slides.c on the fixture decks: page
 * counts, document info, which page each word is on, the error or
 * warning for each bad PDF, and the same read in a child process.
 * Usage: test_slides FIXTURES [GROUP...]
 */
#include "check.h"
#include "dx_media.h"

#include <ctype.h>

static const char *fixtures;

static char *fixture(const char *rel)
{
        return dx_path_join(fixtures, rel);
}

#define SRE        "archive/2020-01-doxlon/100-days-of-sre.pdf"
#define SPOTIFY    "archive/2020-01-doxlon/continuous-delivery-at-spotify.pdf"
#define DOCKER     "archive/2016-03-doxlon/docker-in-production.pdf"
#define MONITORING "archive/2016-03-doxlon/monitoring-microservices.pdf"
#define PLATFORM   "archive/2023-06-15-doxlon/platform-engineering.pdf"
#define GITOPS     "archive/2023-06-15-doxlon/gitops-in-practice.pdf"
#define FINOPS     "archive/2023-06-15-doxlon/finops-lightning.pdf"
#define GOOD       "bad/archive/2021-05-bad/good-talk.pdf"
#define BROKEN     "bad/broken-manifest/2021-06-broken/talk.pdf"
#define SAFE       "bad/escape/2021-07-escape/safe.pdf"

static const struct {
        const char *file;
        int pages;
        const char *title, *author; /* NULL: not checked */
} decks[] = {
    {SRE, 10, "100 days of SRE", "Mark Knoop"},
    {SPOTIFY, 12, "Continuous Delivery at Spotify", "Slava Kalmykov"},
    {DOCKER, 8, NULL, "Jane Ironside"},
    {MONITORING, 6, NULL, "Priya Raman"},
    {PLATFORM, 9, "Platform Engineering Is Product Management", "Ana M\xc3\xbcller"},
    {GITOPS, 7, NULL, "Sam O'Neill"},
    {FINOPS, 5, "FinOps in Five Minutes", "Lee Chen"},
    {GOOD, 3, "Good Talk Among Bad Files", "Rita Good"},
    {BROKEN, 3, NULL, NULL},
    {SAFE, 2, NULL, NULL},
};

static void test_decks(void)
{
        for (size_t i = 0; i < sizeof(decks) / sizeof(decks[0]); i++) {
                char *path = fixture(decks[i].file);
                char *err = NULL, *warn = NULL;
                dx_deck d;
                size_t bytes = 0;

                CHECK_ROW("%s", decks[i].file);
                CHECK_INT(dx_slides_read(path, &d, &err, &warn), 0);
                CHECK(err == NULL);
                CHECK(warn == NULL);
                CHECK_INT(d.npages, decks[i].pages);
                CHECK_INT(d.info.pages, decks[i].pages);
                if (decks[i].title)
                        CHECK_STR(d.info.title, decks[i].title);
                if (decks[i].author)
                        CHECK_STR(d.info.author, decks[i].author);
                for (size_t p = 0; p < d.npages; p++) {
                        CHECK_INT(d.pages[p].page, p + 1);
                        CHECK(d.pages[p].text && *d.pages[p].text);
                        CHECK(dx_utf8_valid(d.pages[p].text, strlen(d.pages[p].text)));
                        bytes += strlen(d.pages[p].text);
                }
                CHECK_INT(d.text_bytes, bytes);
                dx_deck_release(&d);
                CHECK(d.pages == NULL && d.npages == 0 && d.info.title == NULL);
                dx_deck_release(&d);
                free(err);
                free(path);
        }
}

static void test_docinfo(void)
{
        char *path = fixture(SRE);
        char *err = NULL, *warn = NULL;
        dx_deck d;

        CHECK_INT(dx_slides_read(path, &d, &err, &warn), 0);
        CHECK_STR(d.info.subject, "Starting an SRE practice at a payments company");
        CHECK_STR(d.info.keywords, "SRE, SLO, SLI, error budget, toil, on-call, postmortem");
        CHECK_STR(d.info.created, "2020-01-28T18:30:00Z");
        /* page 1 is the title slide */
        if (CHECK(d.npages >= 1)) {
                CHECK_HAS(d.pages[0].text, "100 days of SRE");
                CHECK_HAS(d.pages[0].text, "Mark Knoop");
                CHECK_HAS(d.pages[0].text, "SRE Practice Lead");
        }
        dx_deck_release(&d);
        free(path);
        free(err);
        free(warn);
}

/* Does text hold the words, case-insensitively, across any white space? */
static int has_words(const char *text, const char *words)
{
        for (const char *s = text; *s; s++) {
                const char *t = s, *w = words;

                while (*t && *w) {
                        if (isspace((unsigned char)*w)) {
                                if (!isspace((unsigned char)*t))
                                        break;
                                while (isspace((unsigned char)*t))
                                        t++;
                                while (isspace((unsigned char)*w))
                                        w++;
                                continue;
                        }
                        if (tolower((unsigned char)*t) != tolower((unsigned char)*w))
                                break;
                        t++;
                        w++;
                }
                if (!*w)
                        return 1;
        }
        return 0;
}

/* The pages words are on, as "1,2,4" ("" for none). */
static const struct {
        const char *file, *words, *pages;
} words[] = {
    {SPOTIFY, "Tingle", "6"},
    {SPOTIFY, "Tingle: our CI build system runs every commit", "6"},
    {SPOTIFY, "backstage", "9"},
    {SPOTIFY, "@backstage/plugin-kubernetes", "9"},
    {SPOTIFY, "continuous delivery", "1,2,4,7,10,12"},
    {SRE, "error budget", "2,5,6,9,10"},
    {DOCKER, "continuous delivery", "7"},
    {GITOPS, "continuous delivery", "7"},
    {PLATFORM, "continuous delivery", ""},
    {PLATFORM, "backstage", ""},
    {PLATFORM, "golden path", NULL},
    {MONITORING, "Zipkin", NULL},
    {GOOD, "survivor", "2"},
    {BROKEN, "resilient", "2"},
    {SAFE, "Staying inside the archive", NULL},
};

static void test_words(void)
{
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
                char *path = fixture(words[i].file);
                char *err = NULL, *warn = NULL;
                dx_buf got = DX_BUF_INIT;
                dx_deck d;

                CHECK_ROW("\"%s\" in %s", words[i].words, words[i].file);
                CHECK_INT(dx_slides_read(path, &d, &err, &warn), 0);
                for (size_t p = 0; p < d.npages; p++)
                        if (has_words(d.pages[p].text, words[i].words))
                                dx_buf_addf(&got, "%s%d", got.len ? "," : "", d.pages[p].page);
                if (words[i].pages)
                        CHECK_STR(got.s ? got.s : "", words[i].pages);
                else
                        CHECK(got.len > 0);
                dx_buf_release(&got);
                dx_deck_release(&d);
                free(err);
                free(warn);
                free(path);
        }
}

/* Words that fixtures/README.md says occur on one page of all the decks. */
static void test_unique_words(void)
{
        static const struct {
                const char *word, *where;
        } unique[] = {
            {"tingle", SPOTIFY ":6"},
            {"backstage", SPOTIFY ":9"},
            {"survivor", GOOD ":2"},
            {"resilient", BROKEN ":2"},
        };
        dx_deck d[sizeof(decks) / sizeof(decks[0])];

        for (size_t i = 0; i < sizeof(decks) / sizeof(decks[0]); i++) {
                char *path = fixture(decks[i].file), *err = NULL, *warn = NULL;

                CHECK_ROW("%s", decks[i].file);
                CHECK_INT(dx_slides_read(path, &d[i], &err, &warn), 0);
                free(err);
                free(warn);
                free(path);
        }
        for (size_t u = 0; u < sizeof(unique) / sizeof(unique[0]); u++) {
                dx_buf got = DX_BUF_INIT;

                for (size_t i = 0; i < sizeof(decks) / sizeof(decks[0]); i++)
                        for (size_t p = 0; p < d[i].npages; p++)
                                if (has_words(d[i].pages[p].text, unique[u].word))
                                        dx_buf_addf(&got, "%s%s:%d", got.len ? " " : "",
                                                    decks[i].file, d[i].pages[p].page);
                CHECK_ROW("\"%s\" everywhere", unique[u].word);
                CHECK_STR(got.s, unique[u].where);
                dx_buf_release(&got);
        }
        for (size_t i = 0; i < sizeof(decks) / sizeof(decks[0]); i++)
                dx_deck_release(&d[i]);
}

/* PDFs that cannot be read: rc < 0, a reason, nothing left to free. */
static const struct {
        const char *file, *reason;
} bad[] = {
    {"bad/archive/2021-05-bad/encrypted.pdf", "encrypted"},
    {"bad/archive/2021-05-bad/not-a-pdf.pdf", "not a PDF"},
    {"bad/archive/2021-05-bad/truncated.pdf", "PDF"},
    {"bad/archive/2021-05-bad/zero-pages.pdf", "no pages"},
    {"bad/archive/2021-05-bad/million-pages.pdf", "pages"},
    {"bad/archive/2021-05-bad/zero-byte.mp4", "empty file"},
    {"bad/archive/2021-05-bad/good-talk.mp4", "not a PDF"},
    {"archive/2020-01-doxlon/event.json", "not a PDF"},
    {"archive/no-such.pdf", "No such file or directory"},
    {"archive/2020-01-doxlon", "Is a directory"},
};

static void test_bad(void)
{
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                char *path = fixture(bad[i].file);
                char *err = NULL, *warn = NULL;
                dx_deck d;
                int rc = dx_slides_read(path, &d, &err, &warn);

                CHECK_ROW("%s (err: %s)", bad[i].file, err ? err : "none");
                CHECK(rc < 0);
                CHECK_HAS(err, bad[i].reason);
                CHECK(warn == NULL);
                CHECK(d.npages == 0 && d.pages == NULL && d.info.title == NULL);
                dx_deck_release(&d);
                free(err);
                free(path);
        }
        check_row[0] = '\0';

        /* the encrypted one says so in the words a person should see */
        char *path = fixture("bad/archive/2021-05-bad/encrypted.pdf"), *err = NULL, *warn = NULL;
        dx_deck d;
        dx_slides_read(path, &d, &err, &warn);
        CHECK_STR(err, "encrypted PDF (password required)");
        dx_deck_release(&d);
        free(err);
        free(warn);
        free(path);
}

static void test_image_only(void)
{
        char *path = fixture("bad/archive/2021-05-bad/image-only.pdf");
        char *err = NULL, *warn = NULL;
        dx_deck d;

        CHECK_INT(dx_slides_read(path, &d, &err, &warn), 0);
        CHECK(err == NULL);
        CHECK_HAS(warn, "no text");
        CHECK_INT(d.npages, 2);
        CHECK_STR(d.info.title, "Architecture Diagram (scanned)");
        for (size_t p = 0; p < d.npages; p++)
                CHECK(d.pages[p].text &&
                      strspn(d.pages[p].text, " \t\r\n\f") == strlen(d.pages[p].text));
        dx_deck_release(&d);
        free(err);
        free(warn);
        free(path);
}

static void same_str(const char *a, const char *b)
{
        if (a || b)
                CHECK_STR(a ? a : "(null)", b ? b : "(null)");
}

/* Read in a child process (jail.c) exactly as in this one; the child gets
 * the file as ingest pins it, open, since it has none of our descriptors. */
static void same_jailed(dx_jail *jail, const char *rel)
{
        char *path = fixture(rel), *err[2] = {0}, *warn[2] = {0}, *perr = NULL;
        dx_pinned pin = {.fd = -1};
        dx_deck d[2];
        int rc[2];

        CHECK_ROW("%s", rel);
        rc[0] = dx_slides_read(path, &d[0], &err[0], &warn[0]);
        if (dx_pin_open(&pin, fixtures, path, &perr) == 0)
                rc[1] = dx_slides_read_in(jail, pin.path, pin.fd, &d[1], &err[1], &warn[1]);
        else /* a fixture that cannot be opened: by its name, as before */
                rc[1] = dx_slides_read_in(jail, path, -1, &d[1], &err[1], &warn[1]);
        dx_pin_close(&pin);
        free(perr);
        CHECK_INT(rc[1], rc[0]);
        same_str(err[1], err[0]);
        same_str(warn[1], warn[0]);
        CHECK_INT(d[1].npages, d[0].npages);
        CHECK_INT(d[1].info.pages, d[0].info.pages);
        CHECK_INT(d[1].text_bytes, d[0].text_bytes);
        same_str(d[1].info.title, d[0].info.title);
        same_str(d[1].info.author, d[0].info.author);
        same_str(d[1].info.subject, d[0].info.subject);
        same_str(d[1].info.keywords, d[0].info.keywords);
        same_str(d[1].info.created, d[0].info.created);
        for (size_t p = 0; p < d[0].npages && p < d[1].npages; p++) {
                CHECK_INT(d[1].pages[p].page, d[0].pages[p].page);
                same_str(d[1].pages[p].text, d[0].pages[p].text);
        }
        for (int i = 0; i < 2; i++) {
                dx_deck_release(&d[i]);
                free(err[i]);
                free(warn[i]);
        }
        free(path);
}

static void test_jailed(void)
{
        dx_jail *jail = NULL;

        CHECK_INT(dx_jail_start(&jail), 0);
        if (!jail)
                return;
        for (size_t i = 0; i < sizeof(decks) / sizeof(decks[0]); i++)
                same_jailed(jail, decks[i].file);
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                same_jailed(jail, bad[i].file);
        same_jailed(jail, "bad/archive/2021-05-bad/image-only.pdf");
        same_jailed(jail, "bad/archive/2021-05-bad/encrypted.pdf");
        check_row[0] = '\0';
        dx_jail_stop(&jail);
        CHECK(jail == NULL);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"decks", test_decks},   {"docinfo", test_docinfo},
            {"words", test_words},   {"unique_words", test_unique_words},
            {"bad", test_bad},       {"image_only", test_image_only},
            {"jailed", test_jailed},
        };

        if (argc < 2) {
                fprintf(stderr, "usage: %s FIXTURES [GROUP...]\n", argv[0]);
                return 2;
        }
        fixtures = argv[1];
        return check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
}
