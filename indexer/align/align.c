/*
 * align.c - find when each slide page was on screen in a recording.
 *
 * 1. Geometry, once per talk: frames sampled across the talk (a keyframe
 *    after each of a few dozen seeks) are searched coarse to fine for the
 *    rectangle that shows the deck; a rectangle is judged by how clearly
 *    one page beats the others in it, not by the best raw score.
 * 2. A mask of pixels that disagree with the best page in most sampled
 *    frames (a camera inset, a logo) is left out of all matching.
 * 3. Every keyframe is decoded (only keyframes), its slide rectangle is cut
 *    from the full-resolution picture and shrunk, and correlated with every
 *    page after the deck's mean page is subtracted (shared headers and
 *    footers would otherwise dominate).
 * 4. Between consecutive keyframes that disagree (or that lie far apart)
 *    every frame is decoded, so that changes fall on the right frame.
 * 5. A Viterbi pass over pages and "no slide" smooths the decisions:
 *    switching costs evidence, the next page costs less than a jump.
 * Identical pages are told apart only by order, so they are reported
 * together (dx_align_on_screen()).
 */
#include "dx_int.h"
#include "dx_align_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GEO_SAMPLES   48    /* frames sampled for the geometry search */
#define GEO_W         256   /* their width */
#define MATCH_AREA    16384 /* pixels of the slide picture matched (about 170 x 96) */
#define MIN_SCALE     0.30  /* smallest slide, as a share of the frame it could fill */
#define SCALE_STEP    0.05
#define SEEDS         8
#define FOCUS_FRAMES  12    /* frames the fine levels of the search look at */
#define FOCUS_PAGES   3     /* ... and pages per frame */
#define DEFAULT_GAP   12.0  /* keyframes further apart are decoded in between */
#define REFINE_STEP   0.1   /* seconds between frames matched around a change */
#define NO_STOP       (-2)  /* a gap read to its end */
#define SPIKE_FACTOR  2.5   /* a frame this many times the median size ... */
#define SPIKE_BYTES   600   /* ... plus this is a change between keyframes */
#define GEO_CHANCE    4.0   /* times the chance geometry score the deck's must reach */
#define GEO_SHARE     0.05  /* ... and the share of the picture a page must explain beyond it */
#define SHOWN_SHARE   0.4   /* share of what chance leaves that a shown page explains */
#define FOCUS_LEVEL   0.4   /* correlation of the frames the geometry search refines on */
#define SWITCH_COST   0.30  /* evidence (correlation x seconds) a jump must earn */
#define NEXT_COST     0.12  /* ... the next page */
#define NONE_COST     0.15  /* ... a change to or from no slide */
#define ALIKE         0.995 /* pages correlated this well are the same picture */
#define MASK_RESIDUAL 1.0   /* standardised difference that counts as disagreeing */
#define MASK_SHARE    0.6   /* masked when it disagrees in this share of frames */
#define MIN_SHOWN     0.02  /* share of the talk on slides under which none are shown */

typedef struct gray {
        int w, h;
        float *px;
} gray;

/* A candidate slide rectangle, in fractions of the frame. */
typedef struct rect {
        double x, y, s;
        double score; /* what rectangles are ranked by: win, or fit */
        double win;   /* how clearly one page wins in it (judge()) */
        double share; /* ... per pixel: the mean of best^2 - runner-up^2 */
        double fit;   /* how well the best page explains it, template and all */
} rect;

typedef struct sample {
        double t;
        float *score; /* per page */
        float chance; /* the best page's score for the picture mirrored */
} sample;

struct aligner;
typedef struct aligner {
        const char *video, *pdf;
        dx_video *v;
        dx_video_info vi;
        void *doc;
        int P;
        double aspect; /* page width / height */
        double w0, h0; /* the largest page rectangle that fits, fractions of the frame */
        gray geo[GEO_SAMPLES];
        int ngeo;
        gray geo_pages;  /* pages at the fitted size of a GEO_W-wide frame, P stacked */
        float *geo_mean; /* their mean, each standardised */
        int gpw, gph;
        rect area;
        /* the fine levels of the search look only at frames that showed a
         * page clearly at the coarse ones, and only at their best pages */
        int nfocus; /* 0: every frame, every page */
        int focus[GEO_SAMPLES];
        int focus_pages[GEO_SAMPLES][FOCUS_PAGES];
        int nfocus_pages;
        /* matching */
        int mw, mh;
        int cx, cy, cw, ch;  /* the slide rectangle in full-resolution pixels */
        unsigned char *mask; /* 1: ignored */
        float *q;            /* P normalised pages, mw * mh each */
        float *mean;         /* the deck's mean standardised page */
        int *alike;          /* per page: the first identical page */
        uint8_t *shrunk;
        float *feat, *tmp;
        sample *s;
        size_t ns, salloc;
        double match_s;
        size_t matched, keyframes;
        double *sc; /* local_contrast()'s scratch */
        size_t nsc;
        char *err;
} aligner;

static void *xcalloc(size_t n, size_t size)
{
        return calloc(n ? n : 1, size);
}

/* The source pixels (first, count) and their weights that each of n
 * output pixels averages when [r0, r0 + rn) of a line of sn pixels is
 * shrunk or stretched to n pixels. */
typedef struct taps {
        int *first, *count;
        float *w;
        int max;
} taps;

static int taps_make(taps *t, int sn, double r0, double rn, int n)
{
        double f = rn / n;

        t->max = (int)ceil(f) + 2;
        t->first = malloc(sizeof(int) * (size_t)n);
        t->count = malloc(sizeof(int) * (size_t)n);
        t->w = malloc(sizeof(float) * (size_t)n * (size_t)t->max);
        if (!t->first || !t->count || !t->w)
                return DX_ENOMEM;
        for (int i = 0; i < n; i++) {
                double a = r0 + i * f, b = a + f, sum = 0;
                int lo = (int)floor(a), hi = (int)ceil(b), k = 0;
                if (lo < 0)
                        lo = 0;
                if (hi > sn)
                        hi = sn;
                t->first[i] = lo;
                for (int j = lo; j < hi && k < t->max; j++, k++) {
                        double w = fmin(b, j + 1) - fmax(a, j);
                        t->w[(size_t)i * (size_t)t->max + (size_t)k] = (float)(w > 0 ? w : 0);
                        sum += w > 0 ? w : 0;
                }
                t->count[i] = k;
                for (int j = 0; j < k && sum > 0; j++)
                        t->w[(size_t)i * (size_t)t->max + (size_t)j] /= (float)sum;
        }
        return 0;
}

static void taps_release(taps *t)
{
        free(t->first);
        free(t->count);
        free(t->w);
}

/* Area-average the (rx, ry, rw, rh) rectangle of src (fractional bounds)
 * into a dw x dh picture, one axis after the other. */
static int resample(const float *src, int sw, int sh, double rx, double ry, double rw, double rh,
                    float *dst, int dw, int dh)
{
        taps tx = {0}, ty = {0};
        float *mid = malloc(sizeof(float) * (size_t)sh * (size_t)dw);
        int rc = DX_ENOMEM;

        if (!mid || taps_make(&tx, sw, rx, rw, dw) || taps_make(&ty, sh, ry, rh, dh))
                goto out;
        for (int y = 0; y < sh; y++) {
                const float *row = src + (size_t)y * (size_t)sw;
                float *m = mid + (size_t)y * (size_t)dw;
                for (int x = 0; x < dw; x++) {
                        const float *w = tx.w + (size_t)x * (size_t)tx.max;
                        const float *p = row + tx.first[x];
                        float v = 0;
                        for (int k = 0; k < tx.count[x]; k++)
                                v += w[k] * p[k];
                        m[x] = v;
                }
        }
        for (int y = 0; y < dh; y++) {
                float *d = dst + (size_t)y * (size_t)dw;
                const float *w = ty.w + (size_t)y * (size_t)ty.max;
                memset(d, 0, sizeof(float) * (size_t)dw);
                for (int k = 0; k < ty.count[y]; k++) {
                        const float *m = mid + (size_t)(ty.first[y] + k) * (size_t)dw;
                        for (int x = 0; x < dw; x++)
                                d[x] += w[k] * m[x];
                }
        }
        rc = 0;
out:
        taps_release(&tx);
        taps_release(&ty);
        free(mid);
        return rc;
}

/* Local contrast: each pixel minus the mean of the (2r+1)^2 pixels around
 * it, divided by their standard deviation plus the picture's mean one.
 * What is left is where the picture changes (text, lines, edges) whatever
 * the background and the contrast: a dark camera inset on a light slide
 * weighs as much per pixel as the slide around it, no more, and a dim or
 * washed-out picture looks like a crisp one.  sc: scratch room for
 * 2 (w + 1) (h + 1) doubles. */
static void local_contrast(float *v, int w, int h, int r, double *sc)
{
        size_t W = (size_t)w + 1;
        double *s1 = sc, *s2 = sc + W * ((size_t)h + 1), total = 0;

        for (size_t x = 0; x < W; x++)
                s1[x] = s2[x] = 0;
        for (int y = 0; y < h; y++) {
                double a = 0, b = 0;
                double *r1 = s1 + (size_t)(y + 1) * W, *r2 = s2 + (size_t)(y + 1) * W;
                r1[0] = r2[0] = 0;
                for (int x = 0; x < w; x++) {
                        double p = v[(size_t)y * (size_t)w + (size_t)x];
                        a += p;
                        b += p * p;
                        r1[x + 1] = r1[x + 1 - W] + a;
                        r2[x + 1] = r2[x + 1 - W] + b;
                }
        }
        /* the first pass sums the local deviations for the floor, the
         * second rewrites the pixels */
        for (int pass = 0; pass < 2; pass++) {
                float floor_ = (float)(total / ((double)w * h) + 1e-3);
                for (int y = 0; y < h; y++) {
                        int y0 = y - r < 0 ? 0 : y - r, y1 = y + r + 1 > h ? h : y + r + 1;
                        for (int x = 0; x < w; x++) {
                                int x0 = x - r < 0 ? 0 : x - r, x1 = x + r + 1 > w ? w : x + r + 1;
                                double k = (double)(y1 - y0) * (x1 - x0);
                                size_t i0 = (size_t)y0 * W, i1 = (size_t)y1 * W;
                                double m =
                                    (s1[i1 + x1] - s1[i1 + x0] - s1[i0 + x1] + s1[i0 + x0]) / k;
                                double q =
                                    (s2[i1 + x1] - s2[i1 + x0] - s2[i0 + x1] + s2[i0 + x0]) / k;
                                double sd = q > m * m ? sqrt(q - m * m) : 0;
                                if (pass == 0) {
                                        total += sd;
                                        continue;
                                }
                                float *p = &v[(size_t)y * (size_t)w + (size_t)x];
                                *p = (float)((*p - m) / (sd + floor_));
                        }
                }
        }
}

/* The window local_contrast() looks at for a picture w pixels wide. */
static int contrast_radius(int w)
{
        int r = (int)lround(w / 56.0);
        return r < 1 ? 1 : r;
}

/* local_contrast() at radius r, with the aligner's scratch room. */
static int contrast_at(struct aligner *a, float *v, int w, int h, int r)
{
        size_t need = 2 * ((size_t)w + 1) * ((size_t)h + 1);

        if (need > a->nsc) {
                double *g = realloc(a->sc, need * sizeof(*g));
                if (!g)
                        return DX_ENOMEM;
                a->sc = g;
                a->nsc = need;
        }
        local_contrast(v, w, h, r, a->sc);
        return 0;
}

/* local_contrast() at the radius for the picture's width. */
static int contrast(struct aligner *a, float *v, int w, int h)
{
        return contrast_at(a, v, w, h, contrast_radius(w));
}

/* Zero mean, unit length. */
static void normalise(float *v, size_t n, const unsigned char *mask)
{
        double sum = 0, sq = 0;
        size_t k = 0;

        for (size_t i = 0; i < n; i++)
                if (!mask || !mask[i]) {
                        sum += v[i];
                        k++;
                }
        if (!k)
                return;
        float mean = (float)(sum / (double)k);
        for (size_t i = 0; i < n; i++) {
                v[i] = (!mask || !mask[i]) ? v[i] - mean : 0.0f;
                sq += (double)v[i] * v[i];
        }
        float inv = sq > 1e-12 ? (float)(1.0 / sqrt(sq)) : 0.0f;
        for (size_t i = 0; i < n; i++)
                v[i] *= inv;
}

/* Zero mean and unit variance over the pixels the mask keeps (masked ones
 * become 0): a unit vector scaled by the square root of its length. */
static void standardise(float *v, size_t n, const unsigned char *mask)
{
        size_t k = 0;

        for (size_t i = 0; i < n; i++)
                k += !mask || !mask[i];
        normalise(v, n, mask);
        float scale = (float)sqrt((double)k);
        for (size_t i = 0; i < n; i++)
                v[i] *= scale;
}

static float dot(const float *a, const float *b, size_t n)
{
        /* eight running sums, which the compiler keeps in vector registers */
        float s[8] = {0};
        size_t i = 0;

        for (; i + 8 <= n; i += 8)
                for (int k = 0; k < 8; k++)
                        s[k] += a[i + k] * b[i + k];
        for (; i < n; i++)
                s[0] += a[i] * b[i];
        return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/* Take out of v its component along the unit vector u. */
static void project_out(float *v, const float *u, size_t n)
{
        float k = dot(v, u, n);

        for (size_t i = 0; i < n; i++)
                v[i] -= k * u[i];
}

/* Pages as vectors for correlation: standardised, without their component
 * along the deck's mean page (headers, footers, the template: what every
 * page shares), normalised.  mean gets the mean page as a unit vector.
 * Projecting the mean out, rather than subtracting it, leaves a picture
 * that holds no slide as it is, instead of turning it into the negative
 * of the mean page, which would match the least typical page. */
static void page_vectors(float *pages, int P, size_t n, float *mean, const unsigned char *mask)
{
        memset(mean, 0, n * sizeof(*mean));
        for (int p = 0; p < P; p++) {
                float *v = pages + (size_t)p * n;
                standardise(v, n, mask);
                for (size_t i = 0; i < n; i++)
                        mean[i] += v[i] / (float)P;
        }
        normalise(mean, n, mask);
        for (int p = 0; p < P; p++) {
                float *v = pages + (size_t)p * n;
                if (P > 1)
                        project_out(v, mean, n);
                normalise(v, n, mask);
        }
}

/* A frame picture as a vector comparable with page_vectors(). */
static void frame_vector(float *v, size_t n, const float *mean, int P, const unsigned char *mask)
{
        standardise(v, n, mask);
        if (P > 1)
                project_out(v, mean, n);
        normalise(v, n, mask);
}

static int fail(aligner *a, char *msg)
{
        if (!a->err)
                a->err = msg ? msg : dx_strdup("out of memory");
        else
                free(msg);
        return DX_ERR;
}

/* The best correlation with any of the P pages of the picture v (w x h, a
 * vector as frame_vector() makes it) changed so that it can show no page:
 * mirrored left to right, mirrored top to bottom, and moved round by half
 * its width and by half its height.  As much text, as many lines and
 * edges, the same noise and blur, in no page's order or place: what this
 * picture scores by chance against this deck, which a page must beat
 * clearly to be said to be on screen.  A picture of one line on white (a
 * rule under another template's header) that finds a page with a long
 * line where it has one finds it again moved sideways, and does not pass.
 * tmp: room for w * h floats. */
static float chance_score(const float *v, int w, int h, const float *pages, int P, float *tmp)
{
        size_t n = (size_t)w * (size_t)h;
        float best = -1;

        for (int k = 0; k < 4; k++) {
                for (int y = 0; y < h; y++) {
                        int sy = k == 1 ? h - 1 - y : k == 3 ? (y + h / 2) % h : y;
                        const float *row = v + (size_t)sy * (size_t)w;
                        float *d = tmp + (size_t)y * (size_t)w;
                        for (int x = 0; x < w; x++)
                                d[x] = row[k == 0 ? w - 1 - x : k == 2 ? (x + w / 2) % w : x];
                }
                for (int p = 0; p < P; p++) {
                        float c = dot(tmp, pages + (size_t)p * n, n);
                        if (c > best)
                                best = c;
                }
        }
        return best;
}

/* The score a page must reach to be on screen in a picture whose mirror
 * image scores chance: chance plus a share of what chance leaves
 * unexplained.  A level per picture, so that neither the deck's template
 * nor a dim, noisy or small recording moves it. */
static double shown_level(double chance)
{
        if (chance < 0)
                chance = 0;
        return chance + SHOWN_SHARE * (1 - chance);
}

/* ---- 1. geometry ------------------------------------------------------- */

static int grab_geometry_samples(aligner *a)
{
        int gh = (int)lround((double)GEO_W * a->vi.height / a->vi.width);
        uint8_t *buf = malloc((size_t)GEO_W * (size_t)gh);
        double last = -1;
        int rc = 0;

        if (!buf)
                return fail(a, NULL);
        if (gh < 8)
                gh = 8;
        for (int i = 0; i < GEO_SAMPLES && rc == 0; i++) {
                double t = a->vi.duration > 0 ? a->vi.duration * (i + 0.5) / GEO_SAMPLES : 0;
                dx_frame f;
                char *err = NULL;

                if (a->vi.duration <= 0 && i > 0)
                        break;
                if (dx_video_seek(a->v, t, DX_READ_KEYS) != 0 && i > 0)
                        break;
                int n = dx_video_next(a->v, &f, &err);
                if (n < 0) {
                        rc = fail(a, err);
                        break;
                }
                if (n == 0 || f.t <= last + 1e-3)
                        continue;
                last = f.t;
                if (dx_video_shrink(a->v, &f, 0, 0, f.width, f.height, buf, GEO_W, gh)) {
                        rc = fail(a, dx_strdup("cannot shrink the video's frames"));
                        break;
                }
                gray *g = &a->geo[a->ngeo];
                g->w = GEO_W;
                g->h = gh;
                g->px = malloc(sizeof(float) * (size_t)GEO_W * (size_t)gh);
                if (!g->px) {
                        rc = fail(a, NULL);
                        break;
                }
                for (size_t k = 0; k < (size_t)GEO_W * (size_t)gh; k++)
                        g->px[k] = buf[k];
                a->ngeo++;
        }
        free(buf);
        if (rc == 0 && a->ngeo == 0)
                rc = fail(a, dx_strdup("no video frame could be decoded"));
        return rc;
}

/* The pages at the size they would have filling a GEO_W-wide frame. */
static int render_geometry_pages(aligner *a)
{
        int gh = a->geo[0].h;

        a->gpw = (int)lround(a->w0 * GEO_W);
        a->gph = (int)lround(a->h0 * gh);
        if (a->gpw < 4 || a->gph < 4)
                return fail(a, dx_strdup("slide pages are too narrow or too flat to match"));
        a->geo_pages.w = a->gpw;
        a->geo_pages.h = a->gph * a->P;
        a->geo_pages.px = malloc(sizeof(float) * (size_t)a->gpw * (size_t)a->gph * (size_t)a->P);
        if (!a->geo_pages.px)
                return fail(a, NULL);
        size_t n = (size_t)a->gpw * (size_t)a->gph;
        float *tmp = malloc(sizeof(float) * n);
        a->geo_mean = xcalloc(n, sizeof(float));
        if (!tmp || !a->geo_mean) {
                free(tmp);
                return fail(a, NULL);
        }
        for (int p = 0; p < a->P; p++) {
                char *err = NULL;
                float *v = a->geo_pages.px + (size_t)p * n;
                if (dx_pages_render(a->doc, p, a->gpw, a->gph, v, &err)) {
                        free(tmp);
                        return fail(a, err);
                }
                memcpy(tmp, v, sizeof(float) * n);
                if (contrast(a, tmp, a->gpw, a->gph)) {
                        free(tmp);
                        return fail(a, NULL);
                }
                standardise(tmp, n, NULL);
                for (size_t i = 0; i < n; i++)
                        a->geo_mean[i] += tmp[i] / (float)a->P;
        }
        free(tmp);
        return 0;
}

/* Matching at one pyramid level: the frames and pages shrunk to it.
 * Each frame is kept at four phases (shifted by half a pixel across,
 * down, or both), so that rectangles can be placed to half a pixel and
 * still be cut out without resampling.  The frames go through
 * local_contrast() once, whole, at the level's radius r (the window a
 * full-frame slide would get), and every page is filtered at the same
 * radius in the level's pixels: a candidate rectangle is then a plain
 * cut of the filtered frame, and the filter is the same physical window
 * on frame and page whatever the rectangle's size. */
typedef struct level {
        int lw, lh, r;
        gray frames[GEO_SAMPLES][4];
        int rw, rh; /* the page size the vectors below were made for */
        float *pages, *mean, *crop;
        float *beta;         /* per page: its standardised picture's share along the mean */
        unsigned char *band; /* 1: a pixel whose filter window crosses the rectangle's edge */
        size_t kept;         /* pixels the band leaves */
} level;

static void level_release(level *l)
{
        for (int i = 0; i < GEO_SAMPLES; i++)
                for (int k = 0; k < 4; k++)
                        free(l->frames[i][k].px);
        free(l->pages);
        free(l->mean);
        free(l->crop);
        free(l->beta);
        free(l->band);
        memset(l, 0, sizeof(*l));
}

/* Whether the fine levels look at frame i. */
static int focused(const aligner *a, int i)
{
        for (int k = 0; k < a->nfocus; k++)
                if (a->focus[k] == i)
                        return 1;
        return 0;
}

/* Whether the fine levels look at page p. */
static int page_focused(const aligner *a, int p)
{
        for (int k = 0; k < a->nfocus; k++)
                for (int j = 0; j < a->nfocus_pages; j++)
                        if (a->focus_pages[k][j] == p)
                                return 1;
        return 0;
}

static int level_init(aligner *a, level *l, int lw)
{
        memset(l, 0, sizeof(*l));
        l->lw = lw;
        l->lh = (int)lround((double)lw * a->geo[0].h / a->geo[0].w);
        l->r = contrast_radius(lw);
        for (int i = 0; i < a->ngeo; i++)
                for (int k = 0; k < 4; k++) {
                        if (a->nfocus && !focused(a, i))
                                continue;
                        const gray *g = &a->geo[i];
                        gray *f = &l->frames[i][k];
                        double fx = (double)g->w / l->lw, fy = (double)g->h / l->lh;
                        f->w = l->lw;
                        f->h = l->lh;
                        f->px = malloc(sizeof(float) * (size_t)l->lw * (size_t)l->lh);
                        if (!f->px)
                                return DX_ENOMEM;
                        if (resample(g->px, g->w, g->h, (k & 1) * fx / 2, (k >> 1) * fy / 2, g->w,
                                     g->h, f->px, l->lw, l->lh) ||
                            contrast_at(a, f->px, l->lw, l->lh, l->r))
                                return DX_ENOMEM;
                }
        return 0;
}

/* Page vectors at rw x rh for this level (kept until the size changes). */
static int level_pages(aligner *a, level *l, int rw, int rh)
{
        size_t n = (size_t)rw * (size_t)rh;

        if (l->pages && l->rw == rw && l->rh == rh)
                return 0;
        free(l->pages);
        free(l->mean);
        free(l->crop);
        free(l->beta);
        free(l->band);
        l->pages = malloc(sizeof(float) * n * (size_t)a->P);
        l->mean = malloc(sizeof(float) * n);
        l->crop = malloc(sizeof(float) * n);
        l->beta = xcalloc((size_t)a->P, sizeof(float));
        l->band = xcalloc(n, 1);
        if (!l->pages || !l->mean || !l->crop || !l->beta || !l->band)
                return DX_ENOMEM;
        l->rw = rw;
        l->rh = rh;
        /* The frames were filtered whole, so where a filter window crosses
         * the rectangle's edge it saw what lies around the slide (a dark
         * border, a camera), which a page alone cannot show: such pixels
         * are left out on both sides. */
        int r = rw - 2 * l->r >= 2 && rh - 2 * l->r >= 2 ? l->r : 0;
        l->kept = 0;
        for (int y = 0; y < rh; y++)
                for (int x = 0; x < rw; x++) {
                        int out = x < r || y < r || x >= rw - r || y >= rh - r;
                        l->band[(size_t)y * (size_t)rw + (size_t)x] = (unsigned char)out;
                        l->kept += !out;
                }
        if (resample(a->geo_mean, a->gpw, a->gph, 0, 0, a->gpw, a->gph, l->mean, rw, rh))
                return DX_ENOMEM;
        normalise(l->mean, n, l->band);
        for (int p = 0; p < a->P; p++) {
                float *v = l->pages + (size_t)p * n;
                if (a->nfocus && !page_focused(a, p)) {
                        memset(v, 0, sizeof(float) * n);
                        continue;
                }
                if (resample(a->geo_pages.px + (size_t)p * (size_t)a->gpw * (size_t)a->gph, a->gpw,
                             a->gph, 0, 0, a->gpw, a->gph, v, rw, rh) ||
                    contrast_at(a, v, rw, rh, l->r))
                        return DX_ENOMEM;
                standardise(v, n, l->band);
                l->beta[p] = (float)(dot(v, l->mean, n) / sqrt((double)l->kept));
                if (a->P > 1)
                        project_out(v, l->mean, n);
                normalise(v, n, l->band);
        }
        return 0;
}

/* How clearly one page wins inside rectangle r at this level: the mean
 * over sampled frames of the best squared correlation minus the
 * runner-up's,
 * times the square root of the pixels compared (a chance correlation
 * shrinks with it, so a small rectangle that happens to fit one page does
 * not beat the whole slide).  Rectangles that leave the frame score -1. */
static int judge(aligner *a, level *l, rect *r, float *bestc, int (*top)[FOCUS_PAGES],
                 float *chance)
{
        int rw = (int)lround(r->s * a->w0 * l->lw), rh = (int)lround(r->s * a->h0 * l->lh);
        int hx = (int)lround(r->x * l->lw * 2), hy = (int)lround(r->y * l->lh * 2);
        int rx = hx >> 1, ry = hy >> 1, phase = (hx & 1) | (hy & 1) << 1;
        int nframes = a->nfocus ? a->nfocus : a->ngeo;
        size_t n;
        double total = 0, fit = 0;

        r->score = r->win = r->fit = -1;
        if (rw < 4 || rh < 3 || hx < 0 || hy < 0 || rx + rw > l->lw || ry + rh > l->lh)
                return 0;
        if (level_pages(a, l, rw, rh))
                return DX_ENOMEM;
        n = (size_t)rw * (size_t)rh;
        for (int k = 0; k < nframes; k++) {
                int i = a->nfocus ? a->focus[k] : k;
                const gray *f = &l->frames[i][phase];
                float best = -2, second = -2;
                int np = a->nfocus ? a->nfocus_pages : a->P;
                int rank[FOCUS_PAGES];
                for (int j = 0; j < FOCUS_PAGES; j++)
                        rank[j] = -1;
                for (int y = 0; y < rh; y++)
                        memcpy(l->crop + (size_t)y * (size_t)rw,
                               f->px + (size_t)(ry + y) * (size_t)f->w + (size_t)rx,
                               sizeof(float) * (size_t)rw);
                /* frame_vector(), with the crop's share along the mean
                 * page kept: with the pages' (beta), it gives each page's
                 * plain correlation from the one without the mean */
                standardise(l->crop, n, l->band);
                double gamma = a->P > 1 ? dot(l->crop, l->mean, n) / sqrt((double)l->kept) : 0;
                if (a->P > 1)
                        project_out(l->crop, l->mean, n);
                normalise(l->crop, n, l->band);
                double g2 = sqrt(fmax(0, 1 - gamma * gamma)), plain = 0;
                float cs[FOCUS_PAGES] = {-2, -2, -2};
                for (int j = 0; j < np; j++) {
                        int p = a->nfocus ? a->focus_pages[k][j] : j;
                        if (p < 0)
                                continue;
                        float c = dot(l->crop, l->pages + (size_t)p * n, n);
                        double b = l->beta[p];
                        double pc = sqrt(fmax(0, 1 - b * b)) * g2 * c + b * gamma;
                        if (pc > plain)
                                plain = pc;
                        if (c > best) {
                                second = best;
                                best = c;
                        } else if (c > second) {
                                second = c;
                        }
                        if (top) {
                                int m = FOCUS_PAGES;
                                while (m > 0 && c > cs[m - 1])
                                        m--;
                                if (m < FOCUS_PAGES) {
                                        for (int q = FOCUS_PAGES - 1; q > m; q--) {
                                                cs[q] = cs[q - 1];
                                                rank[q] = rank[q - 1];
                                        }
                                        cs[m] = c;
                                        rank[m] = p;
                                }
                        }
                }
                if (bestc)
                        bestc[i] = best;
                if (top)
                        memcpy(top[i], rank, sizeof(rank));
                /* the share of the picture the best page explains beyond
                 * the runner-up */
                best = best > 0 ? best : 0;
                second = second > 0 ? second : 0;
                if (chance) {
                        /* the runner-up is the better of the next page and
                         * this picture made unable to show any page */
                        float c = chance_score(l->crop, rw, rh, l->pages, a->P, chance);
                        if (c > second)
                                second = c > 0 ? c : 0;
                        if (best < second)
                                best = second;
                }
                total += a->P > 1 || chance ? best * best - second * second : best * best;
                fit += plain * plain;
        }
        r->share = total / nframes;
        r->score = r->win = r->share * sqrt((double)l->kept);
        r->fit = fit / nframes * sqrt((double)l->kept);
        return 0;
}

/* From here on, look only at the frames that the rectangle r shows a page
 * in most clearly, and only at their best pages.  Nothing changes when no
 * frame shows one. */
static int focus_on(aligner *a, level *l, rect *r)
{
        float bestc[GEO_SAMPLES];
        int top[GEO_SAMPLES][FOCUS_PAGES];
        rect probe = *r;

        if (judge(a, l, &probe, bestc, top, NULL))
                return DX_ENOMEM;
        if (probe.score < 0)
                return 0;
        int order[GEO_SAMPLES], n = 0;
        for (int i = 0; i < a->ngeo; i++)
                if (bestc[i] > FOCUS_LEVEL)
                        order[n++] = i;
        /* most clearly first (an insertion sort of a few dozen) */
        for (int i = 1; i < n; i++)
                for (int j = i; j > 0 && bestc[order[j]] > bestc[order[j - 1]]; j--) {
                        int t = order[j];
                        order[j] = order[j - 1];
                        order[j - 1] = t;
                }
        if (n < 2)
                return 0;
        if (n > FOCUS_FRAMES)
                n = FOCUS_FRAMES;
        for (int k = 0; k < n; k++) {
                a->focus[k] = order[k];
                memcpy(a->focus_pages[k], top[order[k]], sizeof(top[0]));
        }
        a->nfocus_pages = a->P < FOCUS_PAGES ? a->P : FOCUS_PAGES;
        a->nfocus = n;
        return 0;
}

/* Keep the nbest best rectangles that are not near one another (a
 * rectangle a pixel or a scale step from a better one adds nothing). */
static int near(const rect *a, const rect *b, double px)
{
        return a->score > -1.5 && fabs(a->x - b->x) <= 1.5 * px &&
               fabs(a->y - b->y) <= 1.5 * px * 16 / 9 && fabs(a->s - b->s) < SCALE_STEP * 0.99;
}

static void keep_best(rect *best, int nbest, const rect *r, double px)
{
        int i;

        for (i = 0; i < nbest; i++)
                if (near(&best[i], r, px))
                        break;
        if (i < nbest) {
                /* a near one: replace it if better, then restore the order */
                if (r->score <= best[i].score)
                        return;
                best[i] = *r;
        } else {
                if (r->score <= best[nbest - 1].score)
                        return;
                i = nbest - 1;
                best[i] = *r;
        }
        while (i > 0 && best[i - 1].score < best[i].score) {
                rect t = best[i - 1];
                best[i - 1] = best[i];
                best[i] = t;
                i--;
        }
}

/* Judge r and keep it among the best of both kinds: the first half of
 * best (nbest) ranked by how clearly one page wins, the second by how well
 * the pages fit, winner or not. */
static int judge_keep(aligner *a, level *l, rect r, rect *best, int nbest, int nfit)
{
        if (judge(a, l, &r, NULL, NULL, NULL))
                return DX_ENOMEM;
        keep_best(best, nbest - nfit, &r, 1.0 / l->lw);
        if (nfit) {
                r.score = r.fit;
                keep_best(best + nbest - nfit, nfit, &r, 1.0 / l->lw);
        }
        return 0;
}

/* The last word on the finest level's rectangles: judged again with the
 * runner-up of every frame being the better of the next page and the
 * frame's own picture mirrored and moved (chance_score()), so that a
 * rectangle wins only where a page explains what no rearrangement of the
 * same picture does.  A camera picture's edge lined up with a page's rule
 * wins against the other pages, but its mirror image, an edge as long in
 * the same place, wins as much. */
static int judge_by_chance(aligner *a, level *l, rect *cand, int n)
{
        float *tmp = malloc(sizeof(float) * (size_t)l->lw * (size_t)l->lh);
        int rc = 0;

        if (!tmp)
                return DX_ENOMEM;
        for (int k = 0; k < n && rc == 0; k++)
                if (cand[k].score > -1)
                        rc = judge(a, l, &cand[k], NULL, NULL, tmp);
        free(tmp);
        return rc;
}

/* The geometry search, coarse to fine.  The coarsest level (32 pixels
 * wide) judges every scale at every whole-pixel position; each finer level
 * looks around the best rectangles of the level before, to half a pixel.
 * The coarsest level seeds two kinds of rectangle: those in which one
 * page wins most clearly, and those the pages fit best, winner or not.
 * There a slide's text is a blur that pages share, so the first kind alone
 * can lose a small slide (a slide at 70 % of the frame ranked below a
 * dozen wrong rectangles); what a deck's pages have in common (the
 * template's bands and rules) still says where it is.  From the next
 * level on, where text is sharp enough to tell pages apart, rectangles
 * are judged by the clear win alone: keeping the best-fitting kind longer
 * only gives pictures that show no page more chances to fit one. */
static int find_geometry(aligner *a)
{
        static const int widths[] = {32, 64, 128, 256};
        rect seeds[2 * SEEDS];
        int nseeds = 0;
        level l;
        int rc = 0;

        for (size_t li = 0; li < sizeof(widths) / sizeof(widths[0]) && rc == 0; li++) {
                int nnext = li == 0 ? 2 * SEEDS : li == 1 ? SEEDS : 2;
                int nfit = li == 0 ? SEEDS : 0;
                rect next[2 * SEEDS];

                for (int i = 0; i < nnext; i++)
                        next[i] = (rect){.s = 1, .score = -2, .win = -2, .fit = -2};
                if (level_init(a, &l, widths[li])) {
                        level_release(&l);
                        return fail(a, NULL);
                }
                if (li == 0) {
                        for (double s = 1.0; s >= MIN_SCALE - 1e-9 && rc == 0; s -= SCALE_STEP) {
                                int rw = (int)lround(s * a->w0 * l.lw);
                                int rh = (int)lround(s * a->h0 * l.lh);
                                for (int y = 0; y <= l.lh - rh && rc == 0; y++)
                                        for (int x = 0; x <= l.lw - rw && rc == 0; x++)
                                                rc = judge_keep(a, &l,
                                                                (rect){.x = (double)x / l.lw,
                                                                       .y = (double)y / l.lh,
                                                                       .s = s},
                                                                next, nnext, nfit);
                        }
                } else {
                        /* around each seed: scales up to two half steps of
                         * the level before either way, keeping the centre,
                         * and half a pixel of the level before either way */
                        double ds = SCALE_STEP / (double)(1 << li);
                        for (int k = 0; k < nseeds && rc == 0; k++) {
                                int seen = 0;
                                for (int j = 0; j < k && !seen; j++)
                                        seen = near(&seeds[j], &seeds[k], 1.0 / widths[li - 1]);
                                if (seeds[k].score < -1 || seen)
                                        continue;
                                for (int si = -2; si <= 2; si++) {
                                        double s = seeds[k].s + si * ds;
                                        if (s > 1.0 + 1e-9 || s < MIN_SCALE - 1e-9)
                                                continue;
                                        double x = seeds[k].x + (seeds[k].s - s) * a->w0 / 2;
                                        double y = seeds[k].y + (seeds[k].s - s) * a->h0 / 2;
                                        int x0 = (int)lround(x * l.lw * 2);
                                        int y0 = (int)lround(y * l.lh * 2);
                                        for (int dy = -2; dy <= 2 && rc == 0; dy++)
                                                for (int dx = -2; dx <= 2 && rc == 0; dx++)
                                                        rc = judge_keep(
                                                            a, &l,
                                                            (rect){.x = (x0 + dx) / (2.0 * l.lw),
                                                                   .y = (y0 + dy) / (2.0 * l.lh),
                                                                   .s = s},
                                                            next, nnext, nfit);
                                }
                        }
                }
                if (li == 1 && rc == 0 && next[0].score > -1 && focus_on(a, &l, &next[0]))
                        rc = DX_ENOMEM;
                if (li + 1 == sizeof(widths) / sizeof(widths[0]) && rc == 0)
                        rc = judge_by_chance(a, &l, next, nnext);
                level_release(&l);
                memcpy(seeds, next, sizeof(rect) * (size_t)nnext);
                nseeds = nnext;
        }
        if (rc)
                return fail(a, NULL);
        int best = -1;
        for (int k = 0; k < nseeds; k++)
                if (seeds[k].score > -1 && (best < 0 || seeds[k].win > seeds[best].win))
                        best = k;

        a->area =
            best >= 0 ? seeds[best] : (rect){.x = (1 - a->w0) / 2, .y = (1 - a->h0) / 2, .s = 1};
        a->area.score = a->area.win;
        return 0;
}

/* Turn the sampled frames half a turn (twice restores them). */
static void turn_samples(aligner *a)
{
        for (int i = 0; i < a->ngeo; i++) {
                gray *g = &a->geo[i];
                for (size_t x = 0, z = (size_t)g->w * (size_t)g->h - 1; x < z; x++, z--) {
                        float t = g->px[x];
                        g->px[x] = g->px[z];
                        g->px[z] = t;
                }
        }
}

/* The score the geometry search reaches on the sampled frames turned half
 * a turn, which can show no page: how well this deck fits this recording
 * by chance after a search over thousands of places and sizes (a camera
 * picture's edges lined up with a page's).  The search on the frames as
 * they are must beat it clearly, or the recording is not shown at the
 * first look.  (Mirrored left to right is no chance picture: a centred
 * diagram mirrored is itself.) */
static int chance_geometry(aligner *a, double *score)
{
        turn_samples(a);
        a->nfocus = 0;
        int rc = find_geometry(a);
        *score = a->area.score > 0 ? a->area.score : 0;
        a->nfocus = 0;
        memset(&a->area, 0, sizeof(a->area));
        turn_samples(a);
        return rc;
}

/* ---- 2. matching pictures and the mask --------------------------------- */

static int setup_matching(aligner *a)
{
        double rw = a->area.s * a->w0 * a->vi.width, rh = a->area.s * a->h0 * a->vi.height;
        double ar = rw / rh;
        size_t n;

        a->cx = (int)lround(a->area.x * a->vi.width);
        a->cy = (int)lround(a->area.y * a->vi.height);
        a->cw = (int)lround(rw);
        a->ch = (int)lround(rh);
        if (a->cx + a->cw > a->vi.width)
                a->cw = a->vi.width - a->cx;
        if (a->cy + a->ch > a->vi.height)
                a->ch = a->vi.height - a->cy;
        a->mw = (int)lround(sqrt(MATCH_AREA * ar));
        a->mh = (int)lround(MATCH_AREA / (double)a->mw);
        /* never enlarge a small recording */
        if (a->mw > a->cw || a->mh > a->ch) {
                a->mw = a->cw;
                a->mh = a->ch;
        }
        if (a->mw < 8 || a->mh < 8)
                return fail(a, dx_strdup("the slide area of the video is too small to match"));
        n = (size_t)a->mw * (size_t)a->mh;
        a->q = malloc(sizeof(float) * n * (size_t)a->P);
        a->mean = malloc(sizeof(float) * n);
        a->feat = malloc(sizeof(float) * n);
        a->tmp = malloc(sizeof(float) * n);
        a->shrunk = malloc(n);
        a->mask = xcalloc(n, 1);
        a->alike = xcalloc((size_t)a->P, sizeof(int));
        if (!a->q || !a->mean || !a->feat || !a->tmp || !a->shrunk || !a->mask || !a->alike)
                return fail(a, NULL);
        for (int p = 0; p < a->P; p++) {
                char *err = NULL;
                if (dx_pages_render(a->doc, p, a->mw, a->mh, a->q + (size_t)p * n, &err))
                        return fail(a, err);
                if (contrast(a, a->q + (size_t)p * n, a->mw, a->mh))
                        return fail(a, NULL);
        }
        return 0;
}

/* Pixels that disagree with the best page in most sampled frames that do
 * show a page: a camera inset, a logo, a clock. */
static int find_mask(aligner *a)
{
        size_t n = (size_t)a->mw * (size_t)a->mh;
        float *pages = malloc(sizeof(float) * n * (size_t)a->P);
        float *raw = malloc(sizeof(float) * n * (size_t)a->P);
        float *f = malloc(sizeof(float) * n);
        float *fs = malloc(sizeof(float) * n);
        int *bad = xcalloc(n, sizeof(int));
        int shown = 0, rc = 0;

        if (!pages || !raw || !f || !fs || !bad) {
                rc = fail(a, NULL);
                goto out;
        }
        memcpy(raw, a->q, sizeof(float) * n * (size_t)a->P);
        memcpy(pages, raw, sizeof(float) * n * (size_t)a->P);
        page_vectors(pages, a->P, n, a->mean, NULL);
        for (int i = 0; i < a->ngeo; i++) {
                const gray *g = &a->geo[i];
                if (resample(g->px, g->w, g->h, a->area.x * g->w, a->area.y * g->h,
                             a->area.s * a->w0 * g->w, a->area.s * a->h0 * g->h, f, a->mw, a->mh) ||
                    contrast(a, f, a->mw, a->mh)) {
                        rc = fail(a, NULL);
                        goto out;
                }
                memcpy(fs, f, sizeof(float) * n);
                frame_vector(f, n, a->mean, a->P, NULL);
                int bp = -1;
                float best = -2;
                for (int p = 0; p < a->P; p++) {
                        float c = dot(f, pages + (size_t)p * n, n);
                        if (c > best) {
                                best = c;
                                bp = p;
                        }
                }
                if (best < FOCUS_LEVEL || bp < 0)
                        continue;
                /* compare the frame and its page, both standardised */
                float *pg = raw + (size_t)bp * n;
                float *ps = f; /* reuse */
                memcpy(ps, pg, sizeof(float) * n);
                standardise(ps, n, NULL);
                standardise(fs, n, NULL);
                for (size_t k = 0; k < n; k++)
                        if (fabsf(fs[k] - ps[k]) > MASK_RESIDUAL)
                                bad[k]++;
                shown++;
        }
        if (shown >= 4) {
                size_t masked = 0;
                unsigned char *m = xcalloc(n, 1);
                if (!m) {
                        rc = fail(a, NULL);
                        goto out;
                }
                for (size_t k = 0; k < n; k++)
                        m[k] = bad[k] >= MASK_SHARE * shown;
                /* grow it by a pixel: the inset's edges blur into the slide */
                for (int y = 0; y < a->mh; y++)
                        for (int x = 0; x < a->mw; x++) {
                                int on = 0;
                                for (int dy = -1; dy <= 1 && !on; dy++)
                                        for (int dx = -1; dx <= 1 && !on; dx++) {
                                                int yy = y + dy, xx = x + dx;
                                                on = yy >= 0 && yy < a->mh && xx >= 0 &&
                                                     xx < a->mw && m[yy * a->mw + xx];
                                        }
                                a->mask[y * a->mw + x] = (unsigned char)on;
                                masked += on;
                        }
                free(m);
                /* a mask over most of the slide means the frames are not
                 * this deck at all: match everything */
                if (masked > n / 3)
                        memset(a->mask, 0, n);
        }
        memcpy(a->q, raw, sizeof(float) * n * (size_t)a->P);
        page_vectors(a->q, a->P, n, a->mean, a->mask);
        /* identical pages */
        for (int p = 0; p < a->P; p++) {
                a->alike[p] = p;
                for (int o = 0; o < p; o++)
                        if (a->alike[o] == o &&
                            dot(a->q + (size_t)p * n, a->q + (size_t)o * n, n) > ALIKE) {
                                a->alike[p] = o;
                                break;
                        }
        }
out:
        free(pages);
        free(raw);
        free(f);
        free(fs);
        free(bad);
        return rc;
}

/* ---- 3./4. frames against pages ----------------------------------------- */

static int add_sample(aligner *a, double t, const dx_frame *f)
{
        size_t n = (size_t)a->mw * (size_t)a->mh;
        double t0 = dx_now();

        if (f->width != a->vi.width || f->height != a->vi.height)
                return 0; /* a resolution change mid-stream: skip such frames */
        if (dx_video_shrink(a->v, f, a->cx, a->cy, a->cw, a->ch, a->shrunk, a->mw, a->mh))
                return fail(a, dx_strdup("cannot shrink the video's frames"));
        if (a->ns == a->salloc) {
                size_t na = a->salloc ? a->salloc * 2 : 256;
                sample *ns = realloc(a->s, na * sizeof(*ns));
                if (!ns)
                        return fail(a, NULL);
                a->s = ns;
                a->salloc = na;
        }
        sample *s = &a->s[a->ns];
        s->t = t;
        s->score = malloc(sizeof(float) * (size_t)a->P);
        if (!s->score)
                return fail(a, NULL);
        a->ns++;
        for (size_t k = 0; k < n; k++)
                a->feat[k] = a->shrunk[k];
        if (contrast(a, a->feat, a->mw, a->mh))
                return fail(a, NULL);
        frame_vector(a->feat, n, a->mean, a->P, a->mask);
        for (int p = 0; p < a->P; p++)
                s->score[p] = dot(a->feat, a->q + (size_t)p * n, n);
        s->chance = chance_score(a->feat, a->mw, a->mh, a->q, a->P, a->tmp);
        /* identical pages share their best score */
        for (int p = 0; p < a->P; p++)
                if (a->alike[p] != p && s->score[p] > s->score[a->alike[p]])
                        s->score[a->alike[p]] = s->score[p];
        for (int p = 0; p < a->P; p++)
                if (a->alike[p] != p)
                        s->score[p] = s->score[a->alike[p]];
        a->matched++;
        a->match_s += dx_now() - t0;
        return 0;
}

/* The page a sample shows on its own (its best, if good enough), or -1. */
static int sample_state(const aligner *a, const sample *s)
{
        int bp = -1;
        float best = (float)shown_level(s->chance);

        for (int p = 0; p < a->P; p++)
                if (s->score[p] > best) {
                        best = s->score[p];
                        bp = a->alike[p];
                }
        return bp;
}

static int coarse_pass(aligner *a)
{
        dx_frame f;
        char *err = NULL;
        int n;

        if (dx_video_seek(a->v, 0, DX_READ_KEYS) != 0)
                return fail(a, dx_strdup("cannot go back to the start of the video"));
        while ((n = dx_video_next(a->v, &f, &err)) > 0) {
                /* a seek may land a little early: keep time order */
                if (a->ns && f.t <= a->s[a->ns - 1].t)
                        continue;
                a->keyframes++;
                if (add_sample(a, f.t, &f))
                        return DX_ERR;
        }
        if (n < 0)
                return fail(a, err);
        if (a->ns == 0)
                return fail(a, dx_strdup("no video frame could be decoded"));
        return 0;
}

static int cmp_int(const void *x, const void *y)
{
        int a = *(const int *)x, b = *(const int *)y;
        return (a > b) - (a < b);
}

/* The median compressed size of the frames skipped between t0 and t1 (0
 * when there are fewer than three) and the largest after `after`. */
static int skipped_sizes(const dx_packet_note *pk, size_t npk, double t0, double t1, double after,
                         int *max_after)
{
        int sizes[1024];
        size_t n = 0, lo = 0, hi = npk;

        /* packets come in file order, which is time order give or take the
         * reordering of B-frames: find the first one near t0 */
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (pk[mid].t < t0 - 2)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        *max_after = 0;
        for (size_t i = lo; i < npk && n < sizeof(sizes) / sizeof(sizes[0]); i++) {
                if (pk[i].t > t1 + 2)
                        break;
                if (pk[i].t <= t0 || pk[i].t >= t1)
                        continue;
                sizes[n++] = pk[i].size;
                if (pk[i].t > after && pk[i].size > *max_after)
                        *max_after = pk[i].size;
        }
        if (n < 3)
                return 0;
        qsort(sizes, n, sizeof(*sizes), cmp_int);
        return sizes[n / 2];
}

/* Whether a frame skipped between t0 and t1, later than after, is much
 * larger than the frames around it: a picture changed there (a slide
 * shown between two keyframes that show the same page, or a second change
 * in a stretch). */
static int size_spike(const dx_packet_note *pk, size_t npk, double t0, double t1, double after)
{
        int max, median = skipped_sizes(pk, npk, t0, t1, after, &max);

        return median > 0 && max > SPIKE_FACTOR * median + SPIKE_BYTES;
}

static int cmp_sample(const void *x, const void *y)
{
        double a = ((const sample *)x)->t, b = ((const sample *)y)->t;
        return (a > b) - (a < b);
}

/* Decode the frames between keyframes that disagree (until the frames
 * show the later keyframe's page), that lie more than max_gap apart, or
 * between which a frame is much larger than the others, and match one
 * every REFINE_STEP seconds. */
static int refine_pass(aligner *a, double max_gap)
{
        size_t nkeys = a->ns;
        struct gap {
                double from, to;
                int until; /* stop once frames show this state; NO_STOP: read it all */
        } *gaps = malloc(sizeof(*gaps) * (nkeys + 1));
        size_t ngaps = 0, npk;
        const dx_packet_note *pk = dx_video_skipped(a->v, &npk);
        int rc = 0;

        if (!gaps)
                return fail(a, NULL);
        for (size_t i = 0; i + 1 < nkeys; i++) {
                int s0 = sample_state(a, &a->s[i]), s1 = sample_state(a, &a->s[i + 1]);
                double gap = a->s[i + 1].t - a->s[i].t;
                if (s0 != s1)
                        gaps[ngaps++] = (struct gap){a->s[i].t, a->s[i + 1].t, s1};
                else if (gap > max_gap ||
                         (s0 >= 0 && size_spike(pk, npk, a->s[i].t, a->s[i + 1].t, a->s[i].t)))
                        gaps[ngaps++] = (struct gap){a->s[i].t, a->s[i + 1].t, NO_STOP};
        }
        /* after the last keyframe: up to a GOP nothing else would look at */
        if (a->vi.duration > 0 && a->vi.duration - a->s[nkeys - 1].t > REFINE_STEP)
                gaps[ngaps++] = (struct gap){a->s[nkeys - 1].t, a->vi.duration + 1, NO_STOP};
        for (size_t g = 0; g < ngaps && rc == 0; g++) {
                dx_frame f;
                char *err = NULL;
                double last = gaps[g].from;
                int n, run = 0;

                /* B-frames are not needed for ten pictures a second */
                if (dx_video_seek(a->v, gaps[g].from, DX_READ_ALL) != 0) {
                        rc = fail(a, dx_asprintf("cannot seek to %.1f s", gaps[g].from));
                        break;
                }
                while ((n = dx_video_next(a->v, &f, &err)) > 0) {
                        if (f.t >= gaps[g].to - 1e-6)
                                break;
                        if (f.t < last + REFINE_STEP - 1e-6)
                                continue;
                        last = f.t;
                        if (add_sample(a, f.t, &f)) {
                                rc = DX_ERR;
                                break;
                        }
                        /* a change to the next keyframe's page: two frames
                         * in a row that show it end the search, unless a
                         * frame still to come looks like another change */
                        run = sample_state(a, &a->s[a->ns - 1]) == gaps[g].until ? run + 1 : 0;
                        if (run >= 2 && !size_spike(pk, npk, gaps[g].from, gaps[g].to, f.t))
                                break;
                }
                if (n < 0)
                        rc = fail(a, err);
        }
        free(gaps);
        if (rc == 0)
                qsort(a->s, a->ns, sizeof(*a->s), cmp_sample);
        return rc;
}

/* ---- 5. smoothing ------------------------------------------------------- */

static double transition(int from, int to)
{
        if (from == to)
                return 0;
        if (from < 0 || to < 0)
                return NONE_COST;
        if (to == from + 1)
                return NEXT_COST;
        return SWITCH_COST;
}

/* The best sequence of states (page index or -1) over the samples. */
/* What a correlation says for a page: the log of the share of the
 * picture left unexplained, so that 0.97 against 0.94 (a build and the
 * build after it) weighs as much as 0.6 against 0.2. */
static double evidence(double c)
{
        double left = 1 - c;

        return -log((left > 0 ? left : 0) + 0.02);
}

static int viterbi(aligner *a, int *path)
{
        double end = a->vi.duration > 0 ? a->vi.duration : a->s[a->ns - 1].t + REFINE_STEP;
        int S = a->P + 1; /* state 0: no slide; state p + 1: page p */
        double *cost = malloc(sizeof(double) * (size_t)S);
        double *next = malloc(sizeof(double) * (size_t)S);
        int *back = malloc(sizeof(int) * (size_t)S * a->ns);

        if (!cost || !next || !back) {
                free(cost);
                free(next);
                free(back);
                return fail(a, NULL);
        }
        for (size_t i = 0; i < a->ns; i++) {
                double dt = i + 1 < a->ns ? a->s[i + 1].t - a->s[i].t : end - a->s[i].t;
                double w = fmin(fmax(dt, 0.04), 2.0);
                double none = -evidence(shown_level(a->s[i].chance)) * w;
                /* the cheapest predecessor of every state: stay, or come
                 * from the best state overall, from the page before, or
                 * from no slide */
                int bestprev = 0;
                if (i) {
                        for (int s = 1; s < S; s++)
                                if (cost[s] < cost[bestprev])
                                        bestprev = s;
                }
                for (int s = 0; s < S; s++) {
                        double e = s == 0 ? none : -evidence(a->s[i].score[s - 1]) * w;
                        int from = s;
                        double c = 0;
                        if (i) {
                                c = cost[s];
                                int cand[3] = {bestprev, 0, s > 1 ? s - 1 : 0};
                                for (int k = 0; k < 3; k++) {
                                        int p = cand[k];
                                        double cc = cost[p] + transition(p - 1, s - 1);
                                        if (cc < c) {
                                                c = cc;
                                                from = p;
                                        }
                                }
                        }
                        next[s] = c + e;
                        back[i * (size_t)S + (size_t)s] = from;
                }
                memcpy(cost, next, sizeof(double) * (size_t)S);
        }
        int s = 0;
        for (int k = 1; k < S; k++)
                if (cost[k] < cost[s])
                        s = k;
        for (size_t i = a->ns; i-- > 0;) {
                path[i] = s - 1;
                s = back[i * (size_t)S + (size_t)s];
        }
        free(cost);
        free(next);
        free(back);
        return 0;
}

/* How much of what chance leaves unexplained page p explains in sample s:
 * 1 for a perfect match, 0 for no better than the picture mirrored. */
static double beyond_chance(const sample *s, int p)
{
        double chance = s->chance > 0 ? s->chance : 0;
        double c = (s->score[p] - chance) / (1 - chance + 1e-6);

        return c < 0 ? 0 : c > 1 ? 1 : c;
}

static int make_spans(aligner *a, const int *path, dx_align_result *out)
{
        double end = a->vi.duration > 0 ? a->vi.duration : a->s[a->ns - 1].t + REFINE_STEP;
        double shown = 0, conf = 0;
        size_t i = 0;

        out->spans = xcalloc(a->ns, sizeof(*out->spans));
        if (!out->spans)
                return fail(a, NULL);
        while (i < a->ns) {
                size_t j = i;
                double sum = 0;
                while (j < a->ns && path[j] == path[i]) {
                        if (path[i] >= 0)
                                sum += beyond_chance(&a->s[j], path[i]);
                        j++;
                }
                if (path[i] >= 0) {
                        dx_slide_span *sp = &out->spans[out->nspans++];
                        sp->page = path[i] + 1;
                        sp->start_s = i == 0 ? 0 : a->s[i].t;
                        sp->end_s = j < a->ns ? a->s[j].t : fmax(end, a->s[j - 1].t);
                        double c = sum / (double)(j - i);
                        sp->confidence = c < 0 ? 0 : c > 1 ? 1 : c;
                        shown += sp->end_s - sp->start_s;
                        conf += sp->confidence * (sp->end_s - sp->start_s);
                }
                i = j;
        }
        out->duration = end;
        out->confidence = shown > 0 ? conf / shown : 0;
        out->status = shown >= MIN_SHOWN * end && out->nspans ? DX_ALIGN_SHOWN : DX_ALIGN_NOT_SHOWN;
        if (out->status == DX_ALIGN_NOT_SHOWN)
                out->nspans = 0;
        return 0;
}

/* The result of a recording found, at the first look, not to show the
 * deck: nothing but the sampled frames and the geometry search paid. */
static int not_shown(aligner *a, dx_align_result *out, double geometry_s, double t0)
{
        out->status = DX_ALIGN_NOT_SHOWN;
        out->early = 1;
        out->pages = a->P;
        out->duration = a->vi.duration > 0 ? a->vi.duration : 0;
        out->same_as = malloc(sizeof(int) * (size_t)a->P);
        if (!out->same_as)
                return fail(a, NULL);
        for (int p = 0; p < a->P; p++)
                out->same_as[p] = p + 1;
        out->area[0] = a->area.x;
        out->area[1] = a->area.y;
        out->area[2] = a->area.s * a->w0;
        out->area[3] = a->area.s * a->h0;
        out->area_score = a->area.score;
        out->geometry_s = out->match_s = geometry_s;
        dx_video_costs(a->v, &out->decode_s, &out->frames_decoded);
        out->total_s = dx_now() - t0;
        return 0;
}

/* ---- the whole ---------------------------------------------------------- */

static void aligner_release(aligner *a)
{
        for (int i = 0; i < a->ngeo; i++)
                free(a->geo[i].px);
        free(a->geo_pages.px);
        free(a->geo_mean);
        free(a->mask);
        free(a->q);
        free(a->mean);
        free(a->alike);
        free(a->shrunk);
        free(a->feat);
        free(a->tmp);
        free(a->sc);
        for (size_t i = 0; i < a->ns; i++)
                free(a->s[i].score);
        free(a->s);
        dx_video_close(&a->v);
        dx_pages_close(&a->doc);
}

int dx_align(const char *video, const char *pdf, const dx_align_opts *o, dx_align_result *out,
             char **errmsg)
{
        aligner a = {.video = video, .pdf = pdf};
        double max_gap = o && o->max_key_gap > 0 ? o->max_key_gap : DEFAULT_GAP;
        int *path = NULL;
        double t0 = dx_now();
        int rc = DX_ERR;
        char *err = NULL;
        const char *culprit = o && o->video_name ? o->video_name : video;

        memset(out, 0, sizeof(*out));
        if (errmsg)
                *errmsg = NULL;
        dx_av_quiet();
        if (dx_pages_open(pdf, &a.doc, &a.P, &a.aspect, &err)) {
                culprit = o && o->pdf_name ? o->pdf_name : pdf;
                a.err = err;
                goto out;
        }
        if (dx_video_open(&a.v, video, o ? o->threads : 0, &a.vi, &err)) {
                a.err = err;
                goto out;
        }
        /* the page in coded pixels (a pixel may not be square) */
        double apx = a.aspect / a.vi.sar, afr = (double)a.vi.width / a.vi.height;
        a.w0 = apx >= afr ? 1.0 : apx / afr;
        a.h0 = apx >= afr ? afr / apx : 1.0;

        if (grab_geometry_samples(&a) || render_geometry_pages(&a))
                goto out;
        double tg = dx_now(), chance = 0;
        if (chance_geometry(&a, &chance) || find_geometry(&a))
                goto out;
        double geometry_s = dx_now() - tg;
        out->area_chance = chance;
        if (!(a.area.score > GEO_CHANCE * chance && a.area.share >= GEO_SHARE)) {
                /* the first look: the deck fits no better than by chance */
                if (not_shown(&a, out, geometry_s, t0))
                        goto out;
                rc = 0;
                goto out;
        }

        if (setup_matching(&a) || find_mask(&a))
                goto out;
        if (coarse_pass(&a) || refine_pass(&a, max_gap))
                goto out;
        path = malloc(sizeof(int) * a.ns);
        if (!path) {
                fail(&a, NULL);
                goto out;
        }
        tg = dx_now();
        if (viterbi(&a, path) || make_spans(&a, path, out))
                goto out;
        a.match_s += dx_now() - tg + geometry_s;
        out->geometry_s = geometry_s;
        out->pages = a.P;
        out->same_as = malloc(sizeof(int) * (size_t)a.P);
        if (!out->same_as) {
                fail(&a, NULL);
                goto out;
        }
        for (int p = 0; p < a.P; p++)
                out->same_as[p] = a.alike[p] + 1;
        out->area[0] = a.area.x;
        out->area[1] = a.area.y;
        out->area[2] = a.area.s * a.w0;
        out->area[3] = a.area.s * a.h0;
        out->area_score = a.area.score;
        dx_video_costs(a.v, &out->decode_s, &out->frames_decoded);
        out->match_s = a.match_s;
        out->total_s = dx_now() - t0;
        out->frames_matched = a.matched;
        out->keyframes = a.keyframes;
        rc = 0;
out:
        if (rc) {
                if (errmsg)
                        *errmsg =
                            dx_asprintf("%s: %s", culprit, a.err ? a.err : "alignment failed");
                dx_align_result_release(out);
        }
        free(a.err);
        free(path);
        aligner_release(&a);
        return rc;
}

void dx_align_result_release(dx_align_result *r)
{
        if (!r)
                return;
        free(r->spans);
        free(r->same_as);
        memset(r, 0, sizeof(*r));
}

static int cmp_iv(const void *x, const void *y)
{
        double a = ((const double *)x)[0], b = ((const double *)y)[0];
        return (a > b) - (a < b);
}

size_t dx_align_on_screen(const dx_align_result *r, int page, double (*iv)[2], size_t max)
{
        size_t n = 0;

        if (!r || page < 1 || page > r->pages || !r->same_as)
                return 0;
        for (size_t i = 0; i < r->nspans && n < max; i++) {
                const dx_slide_span *s = &r->spans[i];
                if (r->same_as[s->page - 1] != r->same_as[page - 1])
                        continue;
                iv[n][0] = s->start_s;
                iv[n][1] = s->end_s;
                n++;
        }
        qsort(iv, n, sizeof(*iv), cmp_iv);
        /* identical pages in a row make one interval */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
                if (k && iv[i][0] <= iv[k - 1][1] + 1e-6) {
                        if (iv[i][1] > iv[k - 1][1])
                                iv[k - 1][1] = iv[i][1];
                        continue;
                }
                iv[k][0] = iv[i][0];
                iv[k][1] = iv[i][1];
                k++;
        }
        return k;
}
