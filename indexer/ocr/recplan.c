/*
 * recplan.c - which frames of a recording are its slides: pictures that
 * stay still for a while.  Frames are compared by small signatures; the
 * pixels a camera keeps moving are left out of the comparison; a run of
 * frames with no clear change is one picture; a picture held for
 * DX_REC_MIN_HOLD seconds is a slide candidate; a candidate like an
 * earlier one is that one shown again.  Pure functions, no decoding
 * (recording.c feeds them).
 */
#include "dx_recslides.h"

#include <stdlib.h>
#include <string.h>

double dx_rec_sig_diff(const uint8_t *a, const uint8_t *b, const uint8_t *live, size_t n)
{
        size_t still = 0, differ = 0;

        for (size_t i = 0; i < n; i++) {
                int d = (int)a[i] - (int)b[i];

                if (live && live[i])
                        continue;
                still++;
                differ += d > DX_REC_PIX_DIFF || d < -DX_REC_PIX_DIFF;
        }
        return still ? (double)differ / (double)still : 0;
}

/* Pairs of consecutive keyframes by how much of the picture changed. */
static int cmp_pair(const void *x, const void *y)
{
        double a = ((const double *)x)[0], b = ((const double *)y)[0];
        return (a > b) - (a < b);
}

static int moved(const uint8_t *a, const uint8_t *b, size_t i)
{
        int d = (int)a[i] - (int)b[i];

        return d > DX_REC_PIX_DIFF || d < -DX_REC_PIX_DIFF;
}

double dx_rec_live_mask(const dx_rec_sample *s, size_t n, size_t npx, uint8_t *live)
{
        size_t *count, nlive = 0, w = DX_SIG_W, h = npx / DX_SIG_W, quiet;
        double(*pairs)[2];

        memset(live, 0, npx);
        if (n < 7 || npx % DX_SIG_W) /* too few pairs to tell */
                return 0;
        count = calloc(npx, sizeof(*count));
        pairs = malloc((n - 1) * sizeof(*pairs));
        if (!count || !pairs) {
                free(count);
                free(pairs);
                return 0; /* no mask: every pixel is compared */
        }
        /* a slide changes many pixels at once, now and then; a camera some
         * pixels all the time: the pixels that move in the quietest pairs
         * of keyframes (a quarter of them, at most twice as changed as the
         * quietest), those where no slide changed, are the camera's */
        for (size_t k = 0; k + 1 < n; k++) {
                pairs[k][0] = dx_rec_sig_diff(s[k].sig, s[k + 1].sig, NULL, npx);
                pairs[k][1] = (double)k;
        }
        qsort(pairs, n - 1, sizeof(*pairs), cmp_pair);
        quiet = (n - 1) / 4 > 3 ? (n - 1) / 4 : 3;
        /* ... and as quiet as the quietest, give or take: in a recording
         * of slides alone that is no change at all */
        while (quiet > 1 && pairs[quiet - 1][0] > 2 * pairs[0][0] + DX_REC_CHANGE)
                quiet--;
        for (size_t q = 0; q < quiet; q++) {
                size_t k = (size_t)pairs[q][1];

                for (size_t i = 0; i < npx; i++)
                        count[i] += (size_t)moved(s[k].sig, s[k + 1].sig, i);
        }
        /* live, and the pixels next to live ones (a moving edge) */
        for (size_t y = 0; y < h; y++)
                for (size_t x = 0; x < w; x++) {
                        if (count[y * w + x] < 2 ||
                            (double)count[y * w + x] < DX_REC_LIVE_PAIRS * (double)quiet)
                                continue;
                        for (size_t yy = y ? y - 1 : 0; yy <= y + 1 && yy < h; yy++)
                                for (size_t xx = x ? x - 1 : 0; xx <= x + 1 && xx < w; xx++)
                                        live[yy * w + xx] = 1;
                }
        for (size_t i = 0; i < npx; i++)
                nlive += live[i];
        free(count);
        free(pairs);
        return (double)nlive / (double)npx;
}

void dx_rec_plan_release(dx_rec_plan *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n; i++)
                free(p->c[i].iv);
        free(p->c);
        free(p->live);
        memset(p, 0, sizeof(*p));
}

/* When the picture of sample a came on screen: halfway from the sample
 * before when they are close (frames read around a change), else at a. */
static double came_at(const dx_rec_sample *s, size_t a)
{
        if (a == 0)
                return s[0].t < 1.0 ? 0 : s[0].t;
        if (s[a].t - s[a - 1].t <= 1.0)
                return (s[a - 1].t + s[a].t) / 2;
        return s[a].t;
}

/* Add the stretch [a, b) to a candidate (joined to its last one when they
 * touch); the longest stretch's middle sample is the one read. */
static int add_stretch(dx_rec_candidate *c, double a, double b, size_t mid, double mid_t)
{
        double best = 0;

        for (size_t i = 0; i < c->niv; i++)
                if (c->iv[i][1] - c->iv[i][0] > best)
                        best = c->iv[i][1] - c->iv[i][0];
        if (b - a > best) {
                c->sample = mid;
                c->at = mid_t;
        }
        if (c->niv && a <= c->iv[c->niv - 1][1] + DX_REC_JOIN) {
                c->iv[c->niv - 1][1] = b;
                return 0;
        }
        if (c->niv >= DX_REC_MAX_SHOWN) {
                c->iv[c->niv - 1][1] = b; /* the last stretch grows: no more are kept */
                return 0;
        }
        double(*n)[2] = realloc(c->iv, (c->niv + 1) * sizeof(*n));
        if (!n)
                return DX_ENOMEM;
        c->iv = n;
        c->iv[c->niv][0] = a;
        c->iv[c->niv][1] = b;
        c->niv++;
        return 0;
}

/* The box of the still pixels that differ between the candidates (what
 * changes from slide to slide), with a margin; the whole picture when
 * there is one candidate, or the box is small. */
static void slide_area(const dx_rec_sample *s, size_t npx, dx_rec_plan *p)
{
        int w = DX_SIG_W, h = (int)(npx / DX_SIG_W), m = 3;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;

        p->x0 = p->y0 = 0;
        p->x1 = w;
        p->y1 = h;
        for (size_t k = 0; k + 1 < p->n; k++)
                for (size_t l = k + 1; l < p->n && l < k + 4; l++) {
                        const uint8_t *a = s[p->c[k].sample].sig, *b = s[p->c[l].sample].sig;

                        for (int y = 0; y < h; y++)
                                for (int x = 0; x < w; x++) {
                                        size_t i = (size_t)y * (size_t)w + (size_t)x;
                                        int d = (int)a[i] - (int)b[i];

                                        if ((p->live && p->live[i]) ||
                                            (d <= DX_REC_PIX_DIFF && d >= -DX_REC_PIX_DIFF))
                                                continue;
                                        x0 = x < x0 ? x : x0;
                                        y0 = y < y0 ? y : y0;
                                        x1 = x > x1 ? x : x1;
                                        y1 = y > y1 ? y : y1;
                                }
                }
        /* a box a few pixels wide is a detail of the slides, not their area */
        if (x1 - x0 < w / 4 || y1 - y0 < h / 4)
                return;
        p->x0 = x0 - m > 0 ? x0 - m : 0;
        p->y0 = y0 - m > 0 ? y0 - m : 0;
        p->x1 = x1 + 1 + m < w ? x1 + 1 + m : w;
        p->y1 = y1 + 1 + m < h ? y1 + 1 + m : h;
}

int dx_rec_plan_make(const dx_rec_sample *s, size_t n, size_t npx, uint8_t *live, double duration,
                     dx_rec_plan *out)
{
        size_t alloc = 0;
        int rc = 0;

        memset(out, 0, sizeof(*out));
        out->live = live;
        if (live)
                for (size_t i = 0; i < npx; i++)
                        out->live_share += live[i];
        out->live_share = npx ? out->live_share / (double)npx : 0;
        /* a picture that is mostly moving has no still slide in it */
        if (out->live_share > DX_REC_MAX_LIVE || n == 0)
                return 0;
        for (size_t a = 0; a < n && !rc;) {
                size_t b = a + 1;
                double start, end;

                /* the run: each frame like the one before and the first */
                while (b < n &&
                       dx_rec_sig_diff(s[b - 1].sig, s[b].sig, live, npx) <= DX_REC_CHANGE &&
                       dx_rec_sig_diff(s[a].sig, s[b].sig, live, npx) <= 2 * DX_REC_CHANGE)
                        b++;
                start = came_at(s, a);
                end = b < n ? came_at(s, b) : duration > s[b - 1].t ? duration : s[b - 1].t;
                if (b - a >= 2 && end - start >= DX_REC_MIN_HOLD) {
                        size_t mid = b - 1, k;
                        dx_rec_candidate *c = NULL;

                        for (k = b; k-- > a;)
                                if (s[k].key) {
                                        mid = k;
                                        break;
                                }

                        for (k = 0; k < out->n; k++)
                                if (dx_rec_sig_diff(s[out->c[k].sample].sig, s[mid].sig, live,
                                                    npx) <= DX_REC_CHANGE)
                                        break;
                        if (k < out->n) {
                                c = &out->c[k];
                        } else if (out->n < DX_REC_MAX_SLIDES) {
                                if (DX_GROW(out->c, out->n + 1, alloc)) {
                                        rc = DX_ENOMEM;
                                        break;
                                }
                                c = &out->c[out->n++];
                                memset(c, 0, sizeof(*c));
                        }
                        if (c)
                                rc = add_stretch(c, start, end, mid, s[mid].t);
                }
                a = b;
        }
        if (rc) {
                dx_rec_plan_release(out);
                return rc;
        }
        slide_area(s, npx, out);
        return 0;
}

int dx_rec_text_is_slide(size_t words, size_t dict_words, double conf)
{
        /* a camera's picture reads as a few short "words" Tesseract is not
         * sure of and no dictionary knows */
        return words >= 3 && dict_words >= 2 && conf >= 60 && (double)dict_words >= 0.4 * words;
}
