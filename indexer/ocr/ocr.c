/*
 * ocr.c - the words of an image, with Tesseract's C API in this process:
 * one engine per language, reused page after page; words kept with their
 * line breaks, those it is unsure of left out, and the mean confidence of
 * the rest.  Tesseract's own messages go to /dev/null (the library never
 * prints), and a page has a deadline of its own inside Tesseract besides
 * the jail's alarm.
 */
#include "dx_ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include <ctype.h>
#include <dirent.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct dx_ocr {
        TessBaseAPI *api;
        char lang[DX_OCR_LANG_MAX];
};

int dx_ocr_lang_ok(const char *lang)
{
        size_t n = lang ? strlen(lang) : 0;

        if (n == 0 || n >= DX_OCR_LANG_MAX)
                return 0;
        for (size_t i = 0; i < n; i++)
                if (!isalnum((unsigned char)lang[i]) && !strchr("_-+", lang[i]))
                        return 0;
        return lang[0] != '+' && lang[n - 1] != '+';
}

/* The folder of Tesseract's language files: TESSDATA_PREFIX, as
 * Tesseract reads it, else the first of the usual places that exists. */
static const char *tessdata(void)
{
        static const char *const dirs[] = {"/usr/share/tesseract-ocr/5/tessdata",
                                           "/usr/share/tesseract-ocr/4.00/tessdata",
                                           "/usr/share/tessdata", "/usr/local/share/tessdata"};
        const char *env = getenv("TESSDATA_PREFIX");
        struct stat sb;

        if (env && *env)
                return env;
        for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
                if (stat(dirs[i], &sb) == 0 && S_ISDIR(sb.st_mode))
                        return dirs[i];
        return dirs[0];
}

/* The languages installed in dir, for a message: "eng, osd". */
static char *installed(const char *dir)
{
        dx_buf b = DX_BUF_INIT;
        DIR *d = opendir(dir);
        struct dirent *e;

        while (d && (e = readdir(d))) {
                size_t n = strlen(e->d_name);

                if (n > 12 && strcmp(e->d_name + n - 12, ".traineddata") == 0)
                        dx_buf_addf(&b, "%s%.*s", b.len ? ", " : "", (int)(n - 12), e->d_name);
        }
        if (d)
                closedir(d);
        return dx_buf_detach(&b);
}

int dx_ocr_lang_installed(const char *lang, char **err)
{
        const char *dir = tessdata();
        char part[DX_OCR_LANG_MAX];

        *err = NULL;
        if (!dx_ocr_lang_ok(lang)) {
                *err = dx_strdup("bad OCR language (letters, digits, '_', '-', '+': eng, deu+eng)");
                return DX_ERR;
        }
        for (const char *p = lang; *p;) {
                size_t n = strcspn(p, "+");
                char *file;
                int ok;

                snprintf(part, sizeof(part), "%.*s", (int)n, p);
                p += n + (p[n] == '+');
                file = dx_asprintf("%s/%s.traineddata", dir, part);
                ok = file && access(file, R_OK) == 0;
                free(file);
                if (!ok) {
                        char *have = installed(dir);

                        *err = dx_asprintf("OCR language %s is not installed (%s has: %s; "
                                           "Debian: apt-get install tesseract-ocr-%s)",
                                           part, dir, have && *have ? have : "none", part);
                        free(have);
                        return DX_ERR;
                }
        }
        return 0;
}

int dx_ocr_open(dx_ocr **out, const char *lang, char **err)
{
        /* debug_file: Tesseract's warnings ("Estimating resolution ...")
         * would go to stderr */
        char *names[] = {"debug_file"}, *values[] = {"/dev/null"};
        dx_ocr *o;

        *out = NULL;
        /* Tesseract would print why a language does not load */
        if (dx_ocr_lang_installed(lang, err))
                return DX_ERR;
        o = calloc(1, sizeof(*o));
        if (!o || !(o->api = TessBaseAPICreate())) {
                free(o);
                *err = dx_strdup("out of memory");
                return DX_ENOMEM;
        }
        snprintf(o->lang, sizeof(o->lang), "%s", lang);
        /* Leptonica, under Tesseract, prints its errors ("Error in
         * boxClipToRectangle") unless told not to */
        setMsgSeverity(L_SEVERITY_NONE);
        if (TessBaseAPIInit4(o->api, tessdata(), lang, OEM_DEFAULT, NULL, 0, names, values, 1, 0) !=
            0) {
                *err = dx_asprintf("OCR language %s cannot be loaded from %s", lang, tessdata());
                dx_ocr_close(&o);
                return DX_ERR;
        }
        TessBaseAPISetPageSegMode(o->api, PSM_AUTO);
        *out = o;
        return 0;
}

void dx_ocr_close(dx_ocr **po)
{
        dx_ocr *o = po ? *po : NULL;

        if (!o)
                return;
        if (o->api) {
                TessBaseAPIEnd(o->api);
                TessBaseAPIDelete(o->api);
        }
        free(o);
        *po = NULL;
}

const char *dx_ocr_lang(const dx_ocr *o)
{
        return o->lang;
}

void dx_ocr_text_release(dx_ocr_text *t)
{
        if (!t)
                return;
        free(t->text);
        memset(t, 0, sizeof(*t));
}

/* Does the word have a letter or a digit (anything a search can find)?
 * Bullets read as "¢" or "e" alone are no words. */
static int wordy(const char *w)
{
        for (const char *c = w; *c; c = g_utf8_next_char(c))
                if (g_unichar_isalnum(g_utf8_get_char(c)))
                        return 1;
        return 0;
}

/* Processor seconds this process has used (all its threads). */
static double cpu_now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Tesseract asks, now and then: stop? */
static bool over_time(void *deadline, int words)
{
        (void)words;
        return cpu_now() > *(const double *)deadline;
}

int dx_ocr_read(dx_ocr *o, const unsigned char *grey, int w, int h, int stride, int dpi,
                dx_ocr_text *out)
{
        double deadline = cpu_now() + DX_OCR_PAGE_CPU_SECONDS;
        ETEXT_DESC *mon = NULL;
        TessResultIterator *it = NULL;
        dx_buf b = DX_BUF_INIT;
        double sum = 0;
        int rc = DX_ERR, new_line = 0;

        memset(out, 0, sizeof(*out));
        out->conf = -1;
        if (!o || !grey || w <= 0 || h <= 0 || stride < w)
                return DX_ERR;
        TessBaseAPISetImage(o->api, grey, w, h, 1, stride);
        TessBaseAPISetSourceResolution(o->api, dpi);
        mon = TessMonitorCreate();
        if (!mon)
                goto out;
        /* Tesseract stops a page at its deadline: the words read so far
         * are kept, and the page said to be read in part */
        TessMonitorSetCancelFunc(mon, over_time);
        TessMonitorSetCancelThis(mon, &deadline);
        if (TessBaseAPIRecognize(o->api, mon) != 0)
                out->partial = 1;
        it = TessBaseAPIGetIterator(o->api);
        rc = 0;
        if (!it)
                goto out; /* nothing on the page (or read before it stopped) */
        do {
                const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst(it);
                char *word = TessResultIteratorGetUTF8Text(it, RIL_WORD);
                float conf = TessResultIteratorConfidence(it, RIL_WORD);

                /* a line that starts with a word left out still starts a line */
                if (TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE))
                        new_line = 1;
                if (word && dx_utf8_valid(word, strlen(word)) && wordy(word)) {
                        if (conf < DX_OCR_MIN_WORD_CONF) {
                                out->dropped++;
                        } else {
                                if (out->words)
                                        rc = dx_buf_addc(&b, new_line ? '\n' : ' ');
                                rc = rc ? rc : dx_buf_adds(&b, word);
                                new_line = 0;
                                out->words++;
                                sum += conf;
                        }
                }
                TessDeleteText(word);
        } while (!rc && TessResultIteratorNext(it, RIL_WORD));
        if (b.truncated)
                rc = DX_ENOMEM;
out:
        if (it)
                TessResultIteratorDelete(it);
        if (mon)
                TessMonitorDelete(mon);
        TessBaseAPIClear(o->api);
        if (rc == 0) {
                out->text = dx_buf_detach(&b);
                if (!out->text)
                        rc = DX_ENOMEM;
                if (out->words)
                        out->conf = sum / (double)out->words;
        }
        dx_buf_release(&b);
        return rc;
}
