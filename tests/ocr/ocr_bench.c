/*
 * ocr_bench.c - how well and how fast OCR reads image-only decks, for
 * scripts/bench --ocr: each ORIGINAL:IMAGES pair is a deck with a text
 * layer and the same deck rasterised; every page of IMAGES is rendered at
 * each resolution asked for and read by the OCR module, and its words are
 * compared with the text layer of the same page of ORIGINAL (words: runs
 * of letters and digits, lower case, compatibility forms folded, as
 * multisets).
 *
 *   ocr_bench [--lang eng] [--pages N] DPI[,DPI...] ORIGINAL.pdf:IMAGES.pdf ...
 *
 * --pages N reads only the first N pages of each deck (a quick sample).
 * Prints one tab-separated row per deck and resolution, then the totals:
 * dpi, deck, pages, layer words, OCR words, matched, recall, precision,
 * render s/page, OCR s/page, words read per second (matched words).  The
 * seconds are this process's processor time (one OCR thread: run it with
 * OMP_THREAD_LIMIT=1), which a machine busy with other work does not
 * inflate as it does the wall-clock time; on an idle core they are the
 * same.  A
 * picture on a page (a screenshot, a diagram, a logo) has words the text
 * layer lacks, which count against precision although they are on the
 * page: the row TOTAL-no-pictures counts only the pages of ORIGINAL with
 * no image on them, where the text layer is all the words there are.
 * A page OCR fails on counts its layer words as missed.
 */
#include "dx_ocr.h"

#include <glib.h>
#include <poppler.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Processor seconds of this process. */
static double cpu_now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct counts {
        size_t pages, layer, read, matched;
        double render_s, ocr_s;
} counts;

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words of s, lower case, sorted; compatibility forms folded (the
 * ligature "ﬀ" of a text layer is "ff" on the page). */
static char **words(const char *s, size_t *n)
{
        char **v = NULL;
        size_t cap = 0;
        gchar *norm = g_utf8_normalize(s ? s : "", -1, G_NORMALIZE_ALL);
        const char *p = norm ? norm : "";

        *n = 0;
        while (*p) {
                gunichar c = g_utf8_get_char(p);

                if (!g_unichar_isalnum(c)) {
                        p = g_utf8_next_char(p);
                        continue;
                }
                const char *start = p;

                while (*p && g_unichar_isalnum(g_utf8_get_char(p)))
                        p = g_utf8_next_char(p);
                if (*n == cap) {
                        cap = cap ? cap * 2 : 64;
                        v = realloc(v, cap * sizeof(*v));
                        if (!v)
                                abort();
                }
                v[(*n)++] = g_utf8_strdown(start, p - start);
        }
        if (*n)
                qsort(v, *n, sizeof(*v), cmp_str);
        g_free(norm);
        return v;
}

static size_t common(char **a, size_t na, char **b, size_t nb)
{
        size_t i = 0, j = 0, m = 0;

        while (i < na && j < nb) {
                int c = strcmp(a[i], b[j]);

                if (c == 0)
                        m++, i++, j++;
                else if (c < 0)
                        i++;
                else
                        j++;
        }
        return m;
}

/* With OCR_BENCH_DIFF set: the words one side has and the other lacks. */
static void diff(int page, char **a, size_t na, char **b, size_t nb)
{
        size_t i = 0, j = 0;

        fprintf(stderr, "page %d\n  missed:", page);
        while (i < na || j < nb) {
                int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i], b[j]);

                if (c == 0)
                        i++, j++;
                else if (c < 0)
                        fprintf(stderr, " %s", a[i++]);
                else
                        j++;
        }
        fprintf(stderr, "\n  extra:");
        i = j = 0;
        while (i < na || j < nb) {
                int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i], b[j]);

                if (c == 0)
                        i++, j++;
                else if (c < 0)
                        i++;
                else
                        fprintf(stderr, " %s", b[j++]);
        }
        fputc('\n', stderr);
}

static void free_words(char **v, size_t n)
{
        for (size_t i = 0; i < n; i++)
                g_free(v[i]);
        free(v);
}

static PopplerDocument *open_pdf(const char *path)
{
        int enc;
        char *err = NULL;
        PopplerDocument *d = dx_pdf_open(path, &enc, &err);

        if (!d) {
                fprintf(stderr, "ocr_bench: %s: %s\n", path, err);
                exit(1);
        }
        return d;
}

static void row(int dpi, const char *name, const counts *c)
{
        double secs = c->render_s + c->ocr_s;

        printf("%d\t%s\t%zu\t%zu\t%zu\t%zu\t%.4f\t%.4f\t%.3f\t%.3f\t%.1f\n", dpi, name, c->pages,
               c->layer, c->read, c->matched, c->layer ? (double)c->matched / c->layer : 1,
               c->read ? (double)c->matched / c->read : 1, c->pages ? c->render_s / c->pages : 0,
               c->pages ? c->ocr_s / c->pages : 0, secs > 0 ? c->matched / secs : 0);
        fflush(stdout);
}

static void add(counts *t, const counts *c)
{
        t->pages += c->pages;
        t->layer += c->layer;
        t->read += c->read;
        t->matched += c->matched;
        t->render_s += c->render_s;
        t->ocr_s += c->ocr_s;
}

int main(int argc, char **argv)
{
        const char *lang = "eng";
        dx_ocr *ocr = NULL;
        char *err = NULL;
        int a = 1, max_pages = 0;

        for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
                if (strcmp(argv[a], "--lang") == 0)
                        lang = argv[a + 1];
                else if (strcmp(argv[a], "--pages") == 0)
                        max_pages = atoi(argv[a + 1]);
                else
                        break;
        }
        if (argc - a < 2) {
                fprintf(stderr, "usage: ocr_bench [--lang L] [--pages N] DPI[,DPI...] "
                                "ORIGINAL.pdf:IMAGES.pdf ...\n");
                return 2;
        }
        if (dx_ocr_open(&ocr, lang, &err)) {
                fprintf(stderr, "ocr_bench: %s\n", err);
                return 1;
        }
        printf("dpi\tdeck\tpages\tlayer_words\tocr_words\tmatched\trecall\tprecision\t"
               "render_s_page\tocr_s_page\twords_per_s\n");
        for (char *list = strdup(argv[a]), *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
                int dpi = atoi(tok);
                counts total = {0}, plain = {0};

                for (int i = a + 1; i < argc; i++) {
                        char *pair = strdup(argv[i]), *colon = strrchr(pair, ':');
                        PopplerDocument *orig, *img;
                        counts c = {0};

                        if (!colon) {
                                fprintf(stderr, "ocr_bench: %s: not ORIGINAL:IMAGES\n", pair);
                                return 2;
                        }
                        *colon = '\0';
                        orig = open_pdf(pair);
                        img = open_pdf(colon + 1);
                        int np = poppler_document_get_n_pages(img);

                        if (max_pages > 0 && np > max_pages)
                                np = max_pages;
                        for (int p = 0; p < np; p++) {
                                PopplerPage *po = poppler_document_get_page(orig, p);
                                PopplerPage *pi = poppler_document_get_page(img, p);
                                char *layer = po ? poppler_page_get_text(po) : NULL;
                                dx_grey g;
                                dx_ocr_text t;
                                double t0 = cpu_now(), t1;
                                char **wl, **wo;
                                size_t nl, no;

                                if (!pi || dx_grey_render(pi, dpi, &g)) {
                                        fprintf(stderr, "ocr_bench: %s: page %d\n", colon + 1,
                                                p + 1);
                                        return 1;
                                }
                                t1 = cpu_now();
                                if (dx_ocr_read(ocr, g.px, g.w, g.h, g.stride, g.dpi, &t)) {
                                        fprintf(stderr, "ocr_bench: %s: OCR failed on page %d\n",
                                                colon + 1, p + 1);
                                        t.text = NULL;
                                } else if (t.partial) {
                                        fprintf(stderr,
                                                "ocr_bench: %s: page %d read in part "
                                                "(over %.0f s of processor time)\n",
                                                colon + 1, p + 1, DX_OCR_PAGE_CPU_SECONDS);
                                }
                                c.render_s += t1 - t0;
                                c.ocr_s += cpu_now() - t1;
                                wl = words(layer, &nl);
                                wo = words(t.text, &no);
                                {
                                        GList *imgs =
                                            po ? poppler_page_get_image_mapping(po) : NULL;
                                        counts one = {1,       nl,
                                                      no,      common(wl, nl, wo, no),
                                                      t1 - t0, cpu_now() - t1};

                                        c.pages++;
                                        c.layer += nl;
                                        c.read += no;
                                        c.matched += one.matched;
                                        if (!imgs)
                                                add(&plain, &one);
                                        poppler_page_free_image_mapping(imgs);
                                }
                                if (getenv("OCR_BENCH_DIFF"))
                                        diff(p + 1, wl, nl, wo, no);
                                free_words(wl, nl);
                                free_words(wo, no);
                                dx_ocr_text_release(&t);
                                dx_grey_release(&g);
                                g_free(layer);
                                if (po)
                                        g_object_unref(po);
                                g_object_unref(pi);
                        }
                        {
                                const char *base = strrchr(pair, '/');
                                row(dpi, base ? base + 1 : pair, &c);
                        }
                        add(&total, &c);
                        g_object_unref(orig);
                        g_object_unref(img);
                        free(pair);
                }
                row(dpi, "TOTAL", &total);
                row(dpi, "TOTAL-no-pictures", &plain);
        }
        dx_ocr_close(&ocr);
        return 0;
}
