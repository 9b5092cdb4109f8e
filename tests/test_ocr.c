/*
 * test_ocr.c - unit tests for the OCR module (indexer/ocr/) and its use
 * by slides.c: the engine, pages rendered grey and their content hash,
 * decks read in the jail with their image-only pages read by OCR, the
 * cache of known pages, and the bounds (pages a deck, a page's time).
 * The decks are fixtures/ocr (scripts/make-ocr-fixtures): fixture decks
 * rasterised, whose words exist only in pixels.  Few, small pages: OCR
 * is the slow part.
 */
#include "check.h"
#include "dx_ocr.h"

#include <poppler.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *fixtures;

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

        return x < y ? -1 : x > y;
}

static char *fixture(const char *rel)
{
        return dx_path_join(fixtures, rel);
}

static void test_lang(void)
{
        static const struct {
                const char *lang;
                int ok;
        } cases[] = {
            {"eng", 1},
            {"deu+eng", 1},
            {"chi_sim", 1},
            {"", 0},
            {"+eng", 0},
            {"eng+", 0},
            {"../x", 0},
            {"e ng", 0},
            {"eng;", 0},
            {NULL, 0},
            {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                CHECK_ROW("%s", cases[i].lang ? cases[i].lang : "(null)");
                CHECK_INT(dx_ocr_lang_ok(cases[i].lang), cases[i].ok);
        }
        check_row[0] = '\0';
}

static void test_engine(void)
{
        dx_ocr *o = NULL;
        char *err = NULL;
        unsigned char white[64 * 200];
        dx_ocr_text t;

        CHECK(dx_ocr_open(&o, "zzz", &err) < 0);
        CHECK(o == NULL);
        CHECK_HAS(err, "OCR language zzz is not installed (");
        CHECK_HAS(err, "has: ");
        CHECK_HAS(err, "eng");
        free(err);
        CHECK(dx_ocr_open(&o, "eng+zzz", &err) < 0);
        CHECK_HAS(err, "OCR language zzz is not installed");
        free(err);
        CHECK_INT(dx_ocr_lang_installed("eng", &err), 0);
        CHECK(err == NULL);
        CHECK(dx_ocr_open(&o, "../eng", &err) < 0);
        CHECK_HAS(err, "bad OCR language");
        free(err);
        CHECK_INT(dx_ocr_open(&o, "eng", &err), 0);
        CHECK(err == NULL);
        if (!o)
                return;
        CHECK_STR(dx_ocr_lang(o), "eng");
        /* a blank picture has no words, and says so */
        memset(white, 255, sizeof(white));
        CHECK_INT(dx_ocr_read(o, white, 200, 64, 200, 150, &t), 0);
        CHECK_STR(t.text, "");
        CHECK_INT(t.words, 0);
        CHECK(t.conf < 0);
        dx_ocr_text_release(&t);
        CHECK(dx_ocr_read(o, white, 200, 64, 100, 150, &t) < 0); /* stride < width */
        dx_ocr_close(&o);
        CHECK(o == NULL);
        dx_ocr_close(&o);
}

static PopplerPage *open_page(const char *rel, int no, PopplerDocument **doc)
{
        char *path = fixture(rel), *err = NULL;
        int enc;

        *doc = dx_pdf_open(path, &enc, &err);
        free(path);
        CHECK(*doc != NULL);
        free(err);
        return *doc ? poppler_document_get_page(*doc, no - 1) : NULL;
}

static void test_page(void)
{
        PopplerDocument *doc;
        PopplerPage *p1 = open_page("ocr/five-scanned.pdf", 1, &doc);
        PopplerPage *p2 = doc ? poppler_document_get_page(doc, 1) : NULL;
        dx_grey g1, g2, again;
        dx_ocr *o = NULL;
        dx_ocr_text t;
        char *err = NULL;

        if (!p1 || !p2)
                return;
        CHECK_INT(dx_grey_render(p2, DX_OCR_DPI, &g2), 0);
        CHECK_INT(dx_grey_render(p2, DX_OCR_DPI, &again), 0);
        CHECK_INT(dx_grey_render(p1, DX_OCR_DPI, &g1), 0);
        /* the page's size at DX_OCR_DPI, rounded up */
        {
                double wpt, hpt;

                poppler_page_get_size(p2, &wpt, &hpt);
                CHECK_INT(g2.w, (int)ceil(wpt * DX_OCR_DPI / 72));
                CHECK_INT(g2.h, (int)ceil(hpt * DX_OCR_DPI / 72));
                CHECK_INT(g2.stride, g2.w);
                CHECK_INT(g2.dpi, DX_OCR_DPI);
        }
        /* the hash is the page's pixels and what reads them */
        CHECK(dx_grey_hash(&g2, "eng") == dx_grey_hash(&again, "eng"));
        CHECK(dx_grey_hash(&g2, "eng") != dx_grey_hash(&g2, "deu"));
        CHECK(dx_grey_hash(&g2, "eng") != dx_grey_hash(&g1, "eng"));
        CHECK_INT(dx_ocr_open(&o, "eng", &err), 0);
        if (o) {
                CHECK_INT(dx_ocr_read(o, g2.px, g2.w, g2.h, g2.stride, g2.dpi, &t), 0);
                /* the words of the original's page 2, line by line */
                CHECK_HAS(t.text, "Why SRE at a payments company\n");
                CHECK_HAS(t.text, "authorisation");
                CHECK_HAS(t.text, "error budget");
                CHECK(t.words >= 40);
                CHECK(t.conf > 80 && t.conf <= 100);
                dx_ocr_text_release(&t);
        }
        /* a huge page is read at a lower resolution, not at any size */
        dx_grey_release(&again);
        CHECK_INT(dx_grey_render(p1, 2400, &again), 0);
        CHECK((size_t)again.w * (size_t)again.h <= DX_OCR_MAX_PIXELS);
        CHECK(again.dpi < 2400 && again.dpi > DX_OCR_DPI);
        dx_ocr_close(&o);
        dx_grey_release(&g1);
        dx_grey_release(&g2);
        dx_grey_release(&again);
        free(err);
        g_object_unref(p1);
        g_object_unref(p2);
        g_object_unref(doc);
}

static void test_known(void)
{
        uint64_t v[] = {3, 0x10, 0xfedcba9876543210ULL}, h;
        dx_ocr_known k = {v, 3};
        char hex[17];

        CHECK(dx_ocr_known_has(&k, 0x10));
        CHECK(dx_ocr_known_has(&k, 0xfedcba9876543210ULL));
        CHECK(!dx_ocr_known_has(&k, 4));
        CHECK(!dx_ocr_known_has(NULL, 3));
        dx_ocr_hash_hex(0xfedcba9876543210ULL, hex);
        CHECK_STR(hex, "fedcba9876543210");
        CHECK_INT(dx_ocr_hash_parse(hex, &h), 0);
        CHECK(h == 0xfedcba9876543210ULL);
        CHECK(dx_ocr_hash_parse("fedcba987654321", &h) < 0);
        CHECK(dx_ocr_hash_parse("fedcba98765432100", &h) < 0);
        CHECK(dx_ocr_hash_parse("FEDCBA9876543210", &h) < 0);
}

/* Read a fixture deck in the jail as ingest does. */
static int read_ocr(dx_jail *jail, const char *rel, const dx_ocr_opts *o, dx_deck *d, char **err,
                    char **warn)
{
        char *path = fixture(rel), *perr = NULL;
        dx_pinned pin = {.fd = -1};
        int rc;

        CHECK_ROW("%s", rel);
        CHECK_INT(dx_pin_open(&pin, fixtures, path, &perr), 0);
        rc = dx_slides_read_ocr(jail, pin.path, pin.fd, o, d, err, warn);
        dx_pin_close(&pin);
        free(perr);
        free(path);
        return rc;
}

static void test_jailed(void)
{
        static const char scanned[] = "ocr/archive/2024-02-scans/scanned-sre.pdf";
        static const char text[] = "ocr/archive/2024-02-scans/monitoring-microservices.pdf";
        dx_ocr_opts o = {.mode = DX_OCR_AUTO, .lang = "eng"};
        dx_jail *jail = NULL;
        char *err = NULL, *warn = NULL;
        uint64_t known[3];
        dx_deck d;

        CHECK_INT(dx_jail_start(&jail), 0);
        if (!jail)
                return;
        /* auto: the image-only deck's pages are read by OCR */
        CHECK_INT(read_ocr(jail, scanned, &o, &d, &err, &warn), 0);
        CHECK(err == NULL);
        CHECK(warn == NULL);
        CHECK_INT(d.npages, 3);
        CHECK_INT(d.nocr, 3);
        for (size_t i = 0; i < d.npages; i++) {
                CHECK_INT(d.pages[i].ocr, 1);
                CHECK_INT(d.ocr[i].page, (int)i + 1);
                CHECK_INT(d.ocr[i].cached, 0);
                CHECK(d.ocr[i].conf > 80);
                CHECK_INT(strlen(d.ocr[i].hash), 16);
        }
        CHECK_HAS(d.pages[0].text, "100 days of SRE");
        CHECK_HAS(d.pages[1].text, "authorisation");
        for (size_t i = 0; i < 3 && i < d.nocr; i++)
                CHECK(dx_ocr_hash_parse(d.ocr[i].hash, &known[i]) == 0);
        qsort(known, 3, sizeof(known[0]), cmp_u64);
        dx_deck_release(&d);
        free(warn);
        warn = NULL;

        /* a page the index knows is hashed, not read: its text comes from
         * the index.  The jail's children have the hashes the caller had
         * when it started (as ingest loads them): a new jail */
        dx_jail_stop(&jail);
        o.known = known;
        o.nknown = 3;
        CHECK_INT(dx_jail_start(&jail), 0);
        if (!jail)
                return;
        CHECK_INT(read_ocr(jail, scanned, &o, &d, &err, &warn), 0);
        CHECK(warn == NULL); /* the known pages are not blank: their text is the index's */
        CHECK_INT(d.nocr, 3);
        for (size_t i = 0; i < d.nocr; i++) {
                CHECK_INT(d.ocr[i].cached, 1);
                CHECK_INT(d.pages[i].ocr, 1);
                CHECK_STR(d.pages[i].text, "");
        }
        dx_deck_release(&d);
        o.known = NULL;
        o.nknown = 0;

        /* never: no OCR, and the old warning */
        o.mode = DX_OCR_NEVER;
        CHECK_INT(read_ocr(jail, scanned, &o, &d, &err, &warn), 0);
        CHECK_INT(d.nocr, 0);
        CHECK_INT(d.pages[1].ocr, 0);
        CHECK_STR(d.pages[1].text, "");
        CHECK_HAS(warn, "no text layer (image-only PDF?)");
        dx_deck_release(&d);
        free(warn);
        warn = NULL;

        /* a deck with a text layer: auto leaves it alone */
        o.mode = DX_OCR_AUTO;
        CHECK_INT(read_ocr(jail, text, &o, &d, &err, &warn), 0);
        CHECK(d.npages > 0);
        CHECK_INT(d.nocr, 0);
        dx_deck_release(&d);
        free(warn);
        warn = NULL;

        /* a language that is not installed: read without OCR, said once */
        snprintf(o.lang, sizeof(o.lang), "zzz");
        CHECK_INT(read_ocr(jail, scanned, &o, &d, &err, &warn), 0);
        CHECK_INT(d.nocr, 0);
        CHECK_HAS(warn, "no OCR: OCR language zzz is not installed");
        dx_deck_release(&d);
        free(warn);
        warn = NULL;
        check_row[0] = '\0';
        dx_jail_stop(&jail);
}

/* The caps and the time limit, from the environment as the jail's
 * children see it: set before the jail starts. */
static void test_bounds(void)
{
        static const char five[] = "ocr/five-scanned.pdf";
        dx_ocr_opts o = {.mode = DX_OCR_AUTO, .lang = "eng"};
        dx_jail *jail = NULL;
        char *err = NULL, *warn = NULL;
        dx_deck d;

        /* a deck with more pages than the cap: the cap is reported */
        setenv("DOXSEARCH_OCR_MAX_PAGES", "1", 1);
        CHECK_INT(dx_jail_start(&jail), 0);
        unsetenv("DOXSEARCH_OCR_MAX_PAGES");
        if (!jail)
                return;
        CHECK_INT(read_ocr(jail, five, &o, &d, &err, &warn), 0);
        CHECK_INT(d.npages, 5);
        CHECK_INT(d.nocr, 1);
        CHECK_HAS(warn, "OCR stopped at page 2: it reads at most 1 page a deck; later pages "
                        "without a text layer have no text");
        dx_deck_release(&d);
        free(warn);
        warn = NULL;
        dx_jail_stop(&jail);

        /* every page's OCR over its time: each is cut off and named, the
         * deck read on without it, and after DX_OCR_MAX_CUT no more OCR */
        setenv("DOXSEARCH_OCR_PAGE_SECONDS", "0.001", 1);
        CHECK_INT(dx_jail_start(&jail), 0);
        if (!jail) {
                unsetenv("DOXSEARCH_OCR_PAGE_SECONDS");
                return;
        }
        CHECK_INT(read_ocr(jail, five, &o, &d, &err, &warn), 0);
        unsetenv("DOXSEARCH_OCR_PAGE_SECONDS");
        CHECK(err == NULL);
        CHECK_INT(d.npages, 5);
        CHECK_INT(d.nocr, 0);
        CHECK_HAS(warn, "OCR of page 1 cut off after 0.001 s");
        CHECK_HAS(warn, "OCR of page 4 cut off after 0.001 s");
        CHECK_HAS(warn, "no more OCR in this deck after 4 pages cut off");
        CHECK(!strstr(warn ? warn : "", "page 5"));
        for (size_t i = 0; i < d.npages; i++)
                CHECK_INT(d.pages[i].page, (int)i + 1);
        dx_deck_release(&d);
        free(warn);
        check_row[0] = '\0';
        dx_jail_stop(&jail);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            /* the jail first: an engine in this process (engine, page)
             * leaves OpenMP's threads, and a jail starts only while the
             * process has one thread */
            {"lang", test_lang},     {"known", test_known},   {"jailed", test_jailed},
            {"bounds", test_bounds}, {"engine", test_engine}, {"page", test_page},
        };

        if (argc < 2) {
                fprintf(stderr, "usage: %s FIXTURES [GROUP...]\n", argv[0]);
                return 2;
        }
        fixtures = argv[1];
        return check_main(argc, argv, 2, groups, sizeof(groups) / sizeof(groups[0]));
}
