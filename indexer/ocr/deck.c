/*
 * deck.c - OCR of a deck's pages as the deck is read, in the jail's child
 * that reads it (slides.c): which pages need it, their content hash (a
 * page the index has read before is not read again), the page's time
 * limit, and the caps per deck on pages and seconds.
 */
#include "dx_ocr.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Letters and digits in s, up to max. */
static size_t alnums(const char *s, size_t max)
{
        size_t n = 0;

        for (const char *p = s; p && *p && n < max; p = g_utf8_next_char(p))
                if (g_unichar_isalnum(g_utf8_get_char(p)))
                        n++;
        return n;
}

/* A positive number from the environment variable name, or def. */
static double env_num(const char *name, double def, double max)
{
        const char *s = getenv(name);
        char *end;
        double v = s && *s ? strtod(s, &end) : 0;

        return s && *s && !*end && v > 0 && v <= max ? v : def;
}

void dx_ocr_run_init(dx_ocr_run *r, const dx_ocr_opts *o, dx_ocr **engine, const int32_t *skip,
                     size_t nskip)
{
        memset(r, 0, sizeof(*r));
        r->o = o;
        r->engine = engine;
        r->skip = skip;
        r->nskip = nskip;
        r->page_seconds = dx_ocr_page_seconds();
        r->max_pages = (size_t)env_num("DOXSEARCH_OCR_MAX_PAGES", DX_OCR_MAX_PAGES, 1e6);
        r->max_seconds = env_num("DOXSEARCH_OCR_DECK_SECONDS", DX_OCR_DECK_SECONDS, 86400);
}

double dx_ocr_page_seconds(void)
{
        return env_num("DOXSEARCH_OCR_PAGE_SECONDS", DX_OCR_PAGE_SECONDS, 3600);
}

int dx_ocr_due(const dx_ocr_run *r, int no, const char *layer)
{
        if (!r || !r->o || r->o->mode == DX_OCR_NEVER)
                return 0;
        for (size_t i = 0; i < r->nskip; i++)
                if (r->skip[i] == no)
                        return 0;
        return r->o->mode == DX_OCR_ALWAYS ||
               alnums(layer, DX_OCR_MIN_LAYER_CHARS) < DX_OCR_MIN_LAYER_CHARS;
}

/* The page's text: the OCR text alone, or after the layer's. */
static int merge(char **text, const char *ocr)
{
        char *m;

        if (!*ocr)
                return 0;
        if (*text && alnums(*text, 1))
                m = dx_asprintf("%s\n%s", *text, ocr);
        else
                m = dx_strdup(ocr);
        if (!m)
                return DX_ENOMEM;
        g_free(*text); /* slides.c's page text is GLib's */
        *text = g_strdup(m);
        free(m);
        return *text ? 0 : DX_ENOMEM;
}

int dx_ocr_page(dx_ocr_run *r, PopplerPage *page, int no, char **text, dx_page_ocr *info, int *done)
{
        dx_grey g = {0};
        dx_ocr_text t = {0};
        double t0;
        uint64_t h;
        int rc;

        *done = 0;
        memset(info, 0, sizeof(*info));
        if (r->error)
                return 0;
        if (r->capped_at || r->pages >= r->max_pages || r->seconds >= r->max_seconds) {
                if (!r->capped_at) {
                        r->capped_at = no;
                        r->capped_by_time = r->pages < r->max_pages;
                }
                return 0;
        }
        dx_jail_alarm(r->read_left > 1e-3 ? r->read_left : 1e-3);
        rc = dx_grey_render(page, DX_OCR_DPI, &g);
        if (rc) {
                dx_jail_alarm(0);
                return rc == DX_ENOMEM ? rc : 0; /* a page with no size has no words */
        }
        t0 = dx_now();
        if (r->begin && r->begin(r->ud, no)) {
                dx_grey_release(&g);
                return DX_ENOMEM;
        }
        /* the page's time begins before its engine does: a language file
         * that hangs Tesseract is the page's too */
        dx_jail_alarm(r->page_seconds);
        if (*r->engine && strcmp(dx_ocr_lang(*r->engine), r->o->lang) != 0)
                dx_ocr_close(r->engine); /* a child's engine from a job in another language */
        if (!*r->engine && dx_ocr_open(r->engine, r->o->lang, &r->error)) {
                dx_jail_alarm(0);
                dx_grey_release(&g);
                return r->error ? 0 : DX_ENOMEM;
        }
        h = dx_grey_hash(&g, r->o->lang);
        info->page = no;
        dx_ocr_hash_hex(h, info->hash);
        info->conf = -1;
        if (r->o->known &&
            dx_ocr_known_has(&(dx_ocr_known){(uint64_t *)r->o->known, r->o->nknown}, h)) {
                info->cached = 1;
                r->cached++;
        } else {
                rc = dx_ocr_read(*r->engine, g.px, g.w, g.h, g.stride, g.dpi, &t);
                if (!rc) {
                        info->conf = t.conf;
                        rc = merge(text, t.text);
                }
                if ((t.partial || (rc && rc != DX_ENOMEM)) && !r->failed++)
                        r->first_failed = no;
        }
        dx_jail_alarm(0);
        dx_grey_release(&g);
        dx_ocr_text_release(&t);
        r->pages++;
        r->seconds += dx_now() - t0;
        *done = rc == 0;
        return rc == DX_ENOMEM ? rc : 0;
}

char *dx_ocr_run_note(const dx_ocr_run *r)
{
        if (r->error)
                return dx_asprintf("no OCR: %s", r->error);
        if (r->failed)
                return dx_asprintf("OCR stopped part way on %zu page%s after %.0f s of processor "
                                   "time (the first: page %d); some of %s words are missing",
                                   r->failed, r->failed == 1 ? "" : "s", DX_OCR_PAGE_CPU_SECONDS,
                                   r->first_failed, r->failed == 1 ? "its" : "their");
        if (r->capped_at && r->capped_by_time)
                return dx_asprintf("OCR stopped at page %d: it spends at most %.0f s on a "
                                   "deck; later pages without a text layer have no text",
                                   r->capped_at, r->max_seconds);
        if (r->capped_at)
                return dx_asprintf("OCR stopped at page %d: it reads at most %zu page%s a "
                                   "deck; later pages without a text layer have no text",
                                   r->capped_at, r->max_pages, r->max_pages == 1 ? "" : "s");
        return NULL;
}

void dx_ocr_run_release(dx_ocr_run *r)
{
        if (!r)
                return;
        free(r->error);
        r->error = NULL;
}
