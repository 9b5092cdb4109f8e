/*
 * recording.c - the slides of a recording that came without a deck, read
 * from its pixels.  Every keyframe is decoded and shrunk to a signature
 * (align/frames.c); the pixels a camera keeps moving are found and left
 * out; between keyframes that differ (or lie far apart) the frames are
 * decoded every DX_REC_STEP seconds so that a change falls on the right
 * frame and a slide shown between two keyframes is seen; recplan.c turns
 * the signatures into distinct still pictures; each is decoded again at
 * full resolution, its moving parts painted over, and read by OCR.  What
 * reads as noise (few words, low confidence, no dictionary words: a
 * camera's picture) is dropped; a picture whose words are those of an
 * earlier slide is that slide shown again.
 *
 * In an ingest this runs in a child of the jail (jail.c): decoding a
 * hostile recording and OCR are bounded in time and memory there, and the
 * slides are sent as records as they are read, so a job cut off keeps
 * what it read.
 */
#include "dx_recslides.h"
#include "dx_align_int.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DX_REC_STEP       0.5  /* seconds between frames read around a change */
#define DX_REC_MAX_GAP    8.0  /* keyframes further apart are read in between */
#define DX_REC_OCR_DPI    100  /* what a 720p frame's slide text reads best at */
#define DX_REC_SAME_WORDS 0.9  /* share of words two readings must share to be one slide */
#define DX_REC_SMALL      1100 /* a slide area narrower than this (pixels) is enlarged ... */
#define DX_REC_SCALE      2    /* ... this many times before OCR */

enum { REC_SLIDE = 1, REC_AGAIN, REC_STATS, REC_NOTE };

/* Where the slides found go: built in this process, or sent from a child. */
typedef struct sink {
        dx_recslides *out; /* in-process */
        int fd;            /* in a child: records to send */
} sink;

static double cpu_now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void dx_recslides_release(dx_recslides *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                free(r->v[i].text);
                free(r->v[i].iv);
        }
        free(r->v);
        free(r->note);
        memset(r, 0, sizeof(*r));
}

/* ---- the slides as they are found --------------------------------------- */

static int add_slide(dx_recslides *r, const char *text, double conf, double at,
                     const double (*iv)[2], size_t niv)
{
        dx_recslide *n = realloc(r->v, (r->n + 1) * sizeof(*n));
        dx_recslide *s;

        if (!n)
                return DX_ENOMEM;
        r->v = n;
        s = &r->v[r->n];
        memset(s, 0, sizeof(*s));
        s->text = dx_strdup(text);
        s->iv = malloc((niv ? niv : 1) * sizeof(*s->iv));
        if (!s->text || !s->iv) {
                free(s->text);
                free(s->iv);
                return DX_ENOMEM;
        }
        memcpy(s->iv, iv, niv * sizeof(*iv));
        s->niv = niv;
        s->conf = conf;
        s->at = at;
        r->n++;
        return 0;
}

static int cmp_iv(const void *x, const void *y)
{
        double a = ((const double *)x)[0], b = ((const double *)y)[0];
        return (a > b) - (a < b);
}

/* More stretches for slide page (0-based), kept in time order. */
static int add_again(dx_recslides *r, size_t page, const double (*iv)[2], size_t niv)
{
        dx_recslide *s;
        double(*n)[2];

        if (page >= r->n)
                return DX_ERR;
        s = &r->v[page];
        if (s->niv + niv > DX_REC_MAX_SHOWN)
                niv = s->niv < DX_REC_MAX_SHOWN ? DX_REC_MAX_SHOWN - s->niv : 0;
        if (!niv)
                return 0;
        n = realloc(s->iv, (s->niv + niv) * sizeof(*n));
        if (!n)
                return DX_ENOMEM;
        s->iv = n;
        memcpy(s->iv + s->niv, iv, niv * sizeof(*iv));
        s->niv += niv;
        qsort(s->iv, s->niv, sizeof(*s->iv), cmp_iv);
        /* stretches that touch (or nearly) make one */
        size_t k = 0;
        for (size_t i = 0; i < s->niv; i++) {
                if (k && s->iv[i][0] <= s->iv[k - 1][1] + DX_REC_JOIN) {
                        if (s->iv[i][1] > s->iv[k - 1][1])
                                s->iv[k - 1][1] = s->iv[i][1];
                        continue;
                }
                s->iv[k][0] = s->iv[i][0];
                s->iv[k][1] = s->iv[i][1];
                k++;
        }
        s->niv = k;
        return 0;
}

typedef struct slide_head {
        double conf, at;
        uint32_t niv;
} slide_head;

typedef struct again_head {
        uint32_t page, niv;
} again_head;

typedef struct stats_rec {
        uint64_t samples, candidates, noise;
        double duration, decode_s, ocr_s, cpu_s;
} stats_rec;

static int emit_slide(sink *k, const char *text, double conf, double at, const double (*iv)[2],
                      size_t niv)
{
        slide_head h = {conf, at, (uint32_t)niv};
        char buf[sizeof(h) + DX_REC_MAX_SHOWN * 2 * sizeof(double)];

        if (k->out)
                return add_slide(k->out, text, conf, at, iv, niv);
        memcpy(buf, &h, sizeof(h));
        memcpy(buf + sizeof(h), iv, niv * sizeof(*iv));
        return dx_jail_send(k->fd, REC_SLIDE, buf, sizeof(h) + niv * sizeof(*iv), text,
                            strlen(text));
}

static int emit_again(sink *k, size_t page, const double (*iv)[2], size_t niv)
{
        again_head h = {(uint32_t)page, (uint32_t)niv};

        if (k->out)
                return add_again(k->out, page, iv, niv);
        return dx_jail_send(k->fd, REC_AGAIN, &h, sizeof(h), iv, niv * sizeof(*iv));
}

static int emit_note(sink *k, const char *note)
{
        if (k->out) {
                free(k->out->note);
                k->out->note = dx_strdup(note);
                return k->out->note ? 0 : DX_ENOMEM;
        }
        return dx_jail_send(k->fd, REC_NOTE, note, strlen(note), NULL, 0);
}

/* ---- decoding ------------------------------------------------------------ */

typedef struct reader {
        dx_video *v;
        dx_video_info vi;
        int sw, sh; /* signature size */
        dx_rec_sample *s;
        size_t n, alloc;
        int full; /* DX_REC_MAX_SAMPLES reached */
} reader;

static int add_sample(reader *r, const dx_frame *f)
{
        size_t npx = (size_t)r->sw * (size_t)r->sh;

        if (r->n >= DX_REC_MAX_SAMPLES) {
                r->full = 1;
                return 0;
        }
        if (DX_GROW(r->s, r->n + 1, r->alloc))
                return DX_ENOMEM;
        r->s[r->n].t = f->t;
        r->s[r->n].key = f->key;
        r->s[r->n].sig = malloc(npx);
        if (!r->s[r->n].sig)
                return DX_ENOMEM;
        if (dx_video_shrink(r->v, f, 0, 0, f->width, f->height, r->s[r->n].sig, r->sw, r->sh)) {
                free(r->s[r->n].sig);
                return DX_ERR;
        }
        r->n++;
        return 0;
}

static int keyframe_pass(reader *r, char **err)
{
        dx_frame f;
        int got;

        if (dx_video_seek(r->v, 0, DX_READ_KEYS) != 0 && r->n) {
                *err = dx_strdup("cannot go back to the start of the video");
                return DX_ERR;
        }
        while ((got = dx_video_next(r->v, &f, err)) > 0 && !r->full) {
                if (r->n && f.t <= r->s[r->n - 1].t)
                        continue; /* a seek may land a little early */
                if (f.width != r->vi.width || f.height != r->vi.height)
                        continue; /* a change of picture size mid-stream */
                int rc = add_sample(r, &f);
                if (rc)
                        return rc;
        }
        if (got < 0)
                return DX_ERR;
        if (!r->n) {
                *err = dx_strdup("no video frame could be decoded");
                return DX_ERR;
        }
        return 0;
}

/* Read the frames between from and to every DX_REC_STEP seconds. */
static int read_between(reader *r, double from, double to, char **err)
{
        double last = from;
        dx_frame f;
        int got;

        if (dx_video_seek(r->v, from, DX_READ_NO_B) != 0)
                return 0; /* what the keyframes showed stands */
        while ((got = dx_video_next(r->v, &f, err)) > 0 && !r->full) {
                if (f.t >= to - 1e-6)
                        break;
                if (f.t < last + DX_REC_STEP - 1e-6)
                        continue;
                if (f.width != r->vi.width || f.height != r->vi.height)
                        continue;
                last = f.t;
                int rc = add_sample(r, &f);
                if (rc)
                        return rc;
        }
        return got < 0 ? DX_ERR : 0;
}

static int cmp_sample(const void *x, const void *y)
{
        double a = ((const dx_rec_sample *)x)->t, b = ((const dx_rec_sample *)y)->t;
        return (a > b) - (a < b);
}

/* The full-resolution luma of the frame at t (the first at or after it),
 * copied into *px (w x h). */
static int frame_at(reader *r, double t, uint8_t **px, int *w, int *h, char **err)
{
        dx_frame f;
        int got;

        if (dx_video_seek(r->v, t, DX_READ_NO_B) != 0) {
                *err = dx_asprintf("cannot seek to %.1f s", t);
                return DX_ERR;
        }
        while ((got = dx_video_next(r->v, &f, err)) > 0)
                if (f.t >= t - 1e-3 && f.width == r->vi.width && f.height == r->vi.height)
                        break;
        if (got <= 0) {
                if (!got)
                        *err = dx_asprintf("no frame at %.1f s", t);
                return DX_ERR;
        }
        *w = f.width;
        *h = f.height;
        *px = malloc((size_t)f.width * (size_t)f.height);
        if (!*px)
                return DX_ENOMEM;
        for (int y = 0; y < f.height; y++)
                memcpy(*px + (size_t)y * (size_t)f.width, f.y + (size_t)y * (size_t)f.stride,
                       (size_t)f.width);
        return 0;
}

/* Paint the frame's live parts (a camera) with its most common still
 * grey, so that OCR reads the slide alone. */
static void paint_live(uint8_t *px, int w, int h, const uint8_t *live, int sw, int sh)
{
        size_t hist[256] = {0};
        int mode = 0;

        for (int y = 0; y < h; y += 2)
                for (int x = 0; x < w; x += 2)
                        if (!live[(size_t)(y * sh / h) * (size_t)sw + (size_t)(x * sw / w)])
                                hist[px[(size_t)y * (size_t)w + (size_t)x]]++;
        for (int i = 1; i < 256; i++)
                if (hist[i] > hist[mode])
                        mode = i;
        for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                        if (live[(size_t)(y * sh / h) * (size_t)sw + (size_t)(x * sw / w)])
                                px[(size_t)y * (size_t)w + (size_t)x] = (uint8_t)mode;
}

/* Cut the frame (w x h) to the plan's slide area and, when that is small,
 * enlarge it DX_REC_SCALE times (bilinear): Tesseract reads small screen
 * text better larger.  *scale says by how much. */
static int crop_and_scale(uint8_t **px, int *w, int *h, const dx_rec_plan *p, int sw, int sh,
                          int *scale)
{
        int x0 = p->x0 * *w / sw, x1 = p->x1 * *w / sw, y0 = p->y0 * *h / sh, y1 = p->y1 * *h / sh;
        int cw = x1 - x0, ch = y1 - y0, k = cw < DX_REC_SMALL ? DX_REC_SCALE : 1;
        uint8_t *out;

        *scale = k;
        if (cw <= 0 || ch <= 0)
                return 0;
        out = malloc((size_t)cw * (size_t)k * (size_t)ch * (size_t)k);
        if (!out)
                return DX_ENOMEM;
        for (int y = 0; y < ch * k; y++) {
                double fy = (y + 0.5) / k - 0.5;
                int ya = fy < 0 ? 0 : (int)fy, yb = ya + 1 < ch ? ya + 1 : ya;
                double ay = fy < 0 ? 0 : fy - ya;
                const uint8_t *ra = *px + (size_t)(y0 + ya) * (size_t)*w + (size_t)x0;
                const uint8_t *rb = *px + (size_t)(y0 + yb) * (size_t)*w + (size_t)x0;

                for (int x = 0; x < cw * k; x++) {
                        double fx = (x + 0.5) / k - 0.5;
                        int xa = fx < 0 ? 0 : (int)fx, xb = xa + 1 < cw ? xa + 1 : xa;
                        double ax = fx < 0 ? 0 : fx - xa;
                        double v = (1 - ay) * ((1 - ax) * ra[xa] + ax * ra[xb]) +
                                   ay * ((1 - ax) * rb[xa] + ax * rb[xb]);

                        out[(size_t)y * (size_t)cw * (size_t)k + (size_t)x] = (uint8_t)(v + 0.5);
                }
        }
        free(*px);
        *px = out;
        *w = cw * k;
        *h = ch * k;
        return 0;
}

/* ---- reading the candidates ---------------------------------------------- */

/* The lower-case words of a reading, sorted, for comparing readings. */
typedef struct words {
        char *buf;
        char **v;
        size_t n;
} words;

static int cmp_str(const void *x, const void *y)
{
        return strcmp(*(char *const *)x, *(char *const *)y);
}

static void words_of(const char *text, words *w)
{
        char *save = NULL;
        size_t alloc = 0;

        memset(w, 0, sizeof(*w));
        w->buf = g_utf8_strdown(text, -1);
        for (char *t = w->buf ? strtok_r(w->buf, " \n", &save) : NULL; t;
             t = strtok_r(NULL, " \n", &save)) {
                if (DX_GROW(w->v, w->n + 1, alloc))
                        break; /* compared on fewer words */
                w->v[w->n++] = t;
        }
        if (w->n)
                qsort(w->v, w->n, sizeof(*w->v), cmp_str);
}

static void words_release(words *w)
{
        g_free(w->buf);
        free(w->v);
}

/* Jaccard similarity of two sorted word lists (as multisets). */
static double same_words(const words *a, const words *b)
{
        size_t i = 0, j = 0, both = 0;

        while (i < a->n && j < b->n) {
                int c = strcmp(a->v[i], b->v[j]);
                both += c == 0;
                i += c <= 0;
                j += c >= 0;
        }
        return a->n + b->n - both ? (double)both / (double)(a->n + b->n - both) : 0;
}

static int read_candidates(reader *r, const dx_rec_plan *p, const char *lang, sink *k,
                           stats_rec *st, char **err)
{
        dx_ocr *ocr = NULL;
        char **texts = NULL;
        size_t nkept = 0;
        int rc = 0;

        if (!p->n)
                return 0;
        if (dx_ocr_open(&ocr, lang, err))
                return DX_ERR;
        texts = calloc(p->n, sizeof(*texts));
        if (!texts) {
                dx_ocr_close(&ocr);
                return DX_ENOMEM;
        }
        for (size_t i = 0; i < p->n && !rc; i++) {
                const dx_rec_candidate *c = &p->c[i];
                dx_ocr_text t = {0};
                uint8_t *px = NULL;
                int w, h, sc = 1;
                char *ferr = NULL;
                double t0;

                st->candidates++;
                if (frame_at(r, c->at, &px, &w, &h, &ferr)) {
                        free(ferr); /* the frame read at first cannot be read again */
                        continue;
                }
                if (p->live)
                        paint_live(px, w, h, p->live, r->sw, r->sh);
                rc = crop_and_scale(&px, &w, &h, p, r->sw, r->sh, &sc);
                if (rc) {
                        free(px);
                        break;
                }
                t0 = dx_now();
                dx_jail_alarm(dx_ocr_page_seconds());
                rc = dx_ocr_read(ocr, px, w, h, w, DX_REC_OCR_DPI * sc, &t);
                dx_jail_alarm(0);
                st->ocr_s += dx_now() - t0;
                free(px);
                if (rc) {
                        rc = rc == DX_ENOMEM ? rc : 0;
                        continue;
                }
                int dict = dx_ocr_dict_words(ocr, t.text);
                if (!dx_rec_text_is_slide(t.words, (size_t)dict, t.conf)) {
                        st->noise++;
                        dx_ocr_text_release(&t);
                        continue;
                }
                if (strlen(t.text) > DX_REC_MAX_TEXT) {
                        size_t cut = DX_REC_MAX_TEXT;
                        while (cut && (t.text[cut] & 0xc0) == 0x80)
                                cut--;
                        t.text[cut] = '\0';
                }
                /* the same words as a slide kept before: that slide again */
                size_t same = nkept;
                words w1;
                words_of(t.text, &w1);
                for (size_t j = 0; j < nkept && same == nkept; j++) {
                        words w2;
                        words_of(texts[j], &w2);
                        if (same_words(&w1, &w2) >= DX_REC_SAME_WORDS)
                                same = j;
                        words_release(&w2);
                }
                words_release(&w1);
                if (same < nkept) {
                        rc = emit_again(k, same, (const double(*)[2])c->iv, c->niv);
                } else {
                        rc =
                            emit_slide(k, t.text, t.conf, c->at, (const double(*)[2])c->iv, c->niv);
                        texts[nkept] = t.text;
                        t.text = NULL;
                        nkept++;
                }
                dx_ocr_text_release(&t);
        }
        for (size_t i = 0; i < nkept; i++)
                free(texts[i]);
        free(texts);
        dx_ocr_close(&ocr);
        return rc;
}

/* Find and read the slides, handing them to k as they are read. */
static int find(const char *path, const char *lang, sink *k, char **err)
{
        reader r = {0};
        dx_rec_plan plan = {0};
        stats_rec st = {0};
        double c0 = cpu_now();
        uint8_t *live = NULL;
        size_t nkeys, npx;
        int rc;

        *err = NULL;
        dx_av_quiet();
        if (dx_video_open(&r.v, path, 1, &r.vi, err))
                return DX_ERR;
        double dar = (double)r.vi.width * r.vi.sar / (double)r.vi.height;
        r.sw = DX_SIG_W;
        r.sh = (int)lround(DX_SIG_W / (dar > 0.1 ? dar : 1));
        r.sh = r.sh < 8 ? 8 : r.sh > DX_SIG_MAX_H ? DX_SIG_MAX_H : r.sh;
        npx = (size_t)r.sw * (size_t)r.sh;
        st.duration = r.vi.duration;
        if ((rc = keyframe_pass(&r, err)))
                goto out;
        nkeys = r.n;
        live = malloc(npx);
        if (!live) {
                rc = DX_ENOMEM;
                goto out;
        }
        dx_rec_live_mask(r.s, nkeys, npx, live);
        /* frames around changes, and between keyframes far apart */
        for (size_t i = 0; i + 1 < nkeys && !rc; i++)
                if (r.s[i + 1].t - r.s[i].t > DX_REC_MAX_GAP ||
                    (r.s[i + 1].t - r.s[i].t > DX_REC_STEP * 1.5 &&
                     dx_rec_sig_diff(r.s[i].sig, r.s[i + 1].sig, live, npx) > DX_REC_CHANGE))
                        rc = read_between(&r, r.s[i].t, r.s[i + 1].t, err);
        if (!rc && r.vi.duration - r.s[nkeys - 1].t > 2 * DX_REC_STEP)
                rc = read_between(&r, r.s[nkeys - 1].t, r.vi.duration + 1, err);
        if (rc)
                goto out;
        qsort(r.s, r.n, sizeof(*r.s), cmp_sample);
        st.samples = r.n;
        rc = dx_rec_plan_make(r.s, r.n, npx, live, r.vi.duration, &plan);
        live = NULL;
        if (!rc)
                rc = read_candidates(&r, &plan, lang, k, &st, err);
        if (!rc && r.full) {
                char *note = dx_asprintf("only the first %d frames looked at were kept: later "
                                         "slides of the recording are missing",
                                         DX_REC_MAX_SAMPLES);
                rc = note ? emit_note(k, note) : DX_ENOMEM;
                free(note);
        }
out:
        dx_video_costs(r.v, &st.decode_s, &(size_t){0});
        st.cpu_s = cpu_now() - c0;
        if (!rc) {
                if (k->out) {
                        k->out->samples = st.samples;
                        k->out->candidates = st.candidates;
                        k->out->noise = st.noise;
                        k->out->duration = st.duration;
                        k->out->decode_s = st.decode_s;
                        k->out->ocr_s = st.ocr_s;
                        k->out->cpu_s = st.cpu_s;
                } else {
                        rc = dx_jail_send(k->fd, REC_STATS, &st, sizeof(st), NULL, 0);
                }
        }
        dx_rec_plan_release(&plan);
        free(live);
        for (size_t i = 0; i < r.n; i++)
                free(r.s[i].sig);
        free(r.s);
        dx_video_close(&r.v);
        if (rc && !*err)
                *err = dx_strdup(rc == DX_ENOMEM ? "out of memory" : "cannot read the video");
        return rc;
}

int dx_recslides_read(const char *path, const char *lang, dx_recslides *out, char **err)
{
        sink k = {.out = out, .fd = -1};
        int rc;

        memset(out, 0, sizeof(*out));
        rc = find(path, lang, &k, err);
        if (rc)
                dx_recslides_release(out);
        return rc;
}

/* ---- in the jail ----------------------------------------------------------- */

/* The job in the child: arg is the language, NUL, the path, NUL. */
static int rec_job(int fd, int file, const char *arg, size_t len)
{
        char pbuf[32], *err = NULL;
        const char *lang = arg, *path;
        size_t nl = strnlen(arg, len);
        sink k = {.fd = fd};
        int rc;

        if (nl + 1 >= len || arg[len - 1] != '\0')
                return DX_ERR;
        path = dx_jail_path(file, arg + nl + 1, pbuf);
        rc = find(path, lang, &k, &err);
        if (rc && err)
                dx_jail_send(fd, REC_NOTE + 1, err, strlen(err), NULL, 0);
        free(err);
        return rc;
}

typedef struct gather {
        dx_recslides *out;
        char *error; /* the child's */
        int bad;
} gather;

static int rec_record(void *ud, int type, const char *data, size_t len)
{
        gather *g = ud;

        switch (type) {
        case REC_SLIDE: {
                slide_head h;
                size_t ivb;
                char *text;

                if (len < sizeof(h))
                        break;
                memcpy(&h, data, sizeof(h));
                ivb = (size_t)h.niv * 2 * sizeof(double);
                if (h.niv > DX_REC_MAX_SHOWN || len < sizeof(h) + ivb ||
                    g->out->n >= DX_REC_MAX_SLIDES)
                        break;
                double iv[DX_REC_MAX_SHOWN][2];
                memcpy(iv, data + sizeof(h), ivb);
                text = dx_strndup(data + sizeof(h) + ivb, len - sizeof(h) - ivb);
                if (!text || !dx_utf8_valid(text, strlen(text)) ||
                    add_slide(g->out, text, h.conf, h.at, (const double(*)[2])iv, h.niv)) {
                        free(text);
                        g->bad = 1;
                        return 1;
                }
                free(text);
                return 0;
        }
        case REC_AGAIN: {
                again_head h;
                double iv[DX_REC_MAX_SHOWN][2];

                if (len < sizeof(h))
                        break;
                memcpy(&h, data, sizeof(h));
                if (h.niv > DX_REC_MAX_SHOWN || len != sizeof(h) + h.niv * 2 * sizeof(double))
                        break;
                memcpy(iv, data + sizeof(h), h.niv * 2 * sizeof(double));
                return add_again(g->out, h.page, (const double(*)[2])iv, h.niv) == DX_ENOMEM;
        }
        case REC_STATS: {
                stats_rec st;

                if (len != sizeof(st))
                        break;
                memcpy(&st, data, sizeof(st));
                g->out->samples = st.samples;
                g->out->candidates = st.candidates;
                g->out->noise = st.noise;
                g->out->duration = st.duration;
                g->out->decode_s = st.decode_s;
                g->out->ocr_s = st.ocr_s;
                g->out->cpu_s = st.cpu_s;
                return 0;
        }
        case REC_NOTE:
        case REC_NOTE + 1: {
                char **where = type == REC_NOTE ? &g->out->note : &g->error;

                free(*where);
                *where = dx_strndup(data, len);
                return 0;
        }
        default:
                break;
        }
        return 0; /* a record that makes no sense is left out */
}

int dx_recslides_read_in(dx_jail *jail, const char *path, int fd, const char *lang, double seconds,
                         dx_recslides *out, char **err)
{
        dx_jail_limits lim;
        gather g = {.out = out};
        dx_jail_end end;
        char *arg;
        size_t len;
        int sig, rc;

        *err = NULL;
        memset(out, 0, sizeof(*out));
        if (!jail) {
                char pbuf[32];
                return dx_recslides_read(dx_jail_path(fd, path, pbuf), lang, out, err);
        }
        dx_jail_limits_get(&lim);
        lim.seconds = seconds;
        lim.page_seconds = 0;
        arg = dx_asprintf("%s%c%s", lang, '\0', path);
        if (!arg)
                return DX_ENOMEM;
        len = strlen(lang) + 1 + strlen(path) + 1;
        rc = dx_jail_run(jail, rec_job, fd, arg, len, &lim, rec_record, &g, &end, &sig);
        free(arg);
        if (g.bad) {
                free(g.error);
                dx_recslides_release(out);
                return DX_ENOMEM;
        }
        if (rc) {
                free(g.error);
                dx_recslides_release(out);
                *err = dx_strdup("cannot run a child process to read it");
                return DX_ERR;
        }
        if (g.error) {
                *err = g.error;
                dx_recslides_release(out);
                return DX_ERR;
        }
        switch (end) {
        case DX_JAIL_DONE:
                return 0;
        case DX_JAIL_TIME:
                *err = dx_asprintf("reading its slides was stopped after %.0f s (or a frame's "
                                   "OCR after %.0f s)",
                                   seconds, dx_ocr_page_seconds());
                break;
        case DX_JAIL_MEMORY:
                *err = dx_asprintf("reading its slides was stopped past %zu MiB of memory",
                                   lim.bytes >> 20);
                break;
        case DX_JAIL_SIGNAL:
                *err = dx_asprintf("reading its slides crashed (signal %d)", sig);
                break;
        default:
                *err = dx_strdup("reading its slides failed");
                break;
        }
        if (!*err)
                return DX_ENOMEM;
        return 1; /* the slides read before it stopped are kept */
}
