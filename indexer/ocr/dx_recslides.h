/*
 * dx_recslides.h - slides read from a recording that came without a deck
 * (recording.c finds and reads them, recplan.c decides which frames are
 * slides).  Private to the library.
 */
#ifndef DX_RECSLIDES_H
#define DX_RECSLIDES_H

#include "dx_ocr.h"

#include <stdint.h>

/* Pictures are compared as signatures: the frame shrunk to this width
 * (height in proportion, at most DX_SIG_MAX_H). */
#define DX_SIG_W     128
#define DX_SIG_MAX_H 128
/* Seconds a picture must stay still to be taken for a slide. */
#define DX_REC_MIN_HOLD 1.5
/* Stretches of one slide this close (a camera that moved a moment) are
 * one stretch on screen. */
#define DX_REC_JOIN 2.0
/* A signature pixel differs clearly past this many grey levels; two
 * pictures differ when more than DX_REC_CHANGE of their still pixels do. */
#define DX_REC_PIX_DIFF 20
#define DX_REC_CHANGE   0.004
/* A pixel that differs in this share of the quietest pairs of keyframes
 * is live (a camera); a recording more than DX_REC_MAX_LIVE live shows no
 * still picture to read. */
#define DX_REC_LIVE_PAIRS 0.1
#define DX_REC_MAX_LIVE   0.6
/* A recording's slides: at most this many, each on screen in at most
 * DX_REC_MAX_SHOWN stretches; a slide's text is cut at DX_REC_MAX_TEXT. */
#define DX_REC_MAX_SLIDES 2000
#define DX_REC_MAX_SHOWN  64
#define DX_REC_MAX_TEXT   ((size_t)16 << 10)
/* Frames looked at: at most this many signatures are kept. */
#define DX_REC_MAX_SAMPLES 40000

/* A frame looked at: its time, signature (sw x sh bytes), and whether it
 * is a keyframe (the best picture of its stretch: the frames just after a
 * change between keyframes are blurred by compression). */
typedef struct dx_rec_sample {
        double t;
        uint8_t *sig;
        int key;
} dx_rec_sample;

/* A distinct picture held still: the stretches it was on screen and the
 * sample to read it from (in its longest stretch, the last keyframe, else
 * the last frame: compression has sharpened it most). */
typedef struct dx_rec_candidate {
        double (*iv)[2];
        size_t niv;
        size_t sample; /* index into the samples */
        double at;     /* its time */
} dx_rec_candidate;

typedef struct dx_rec_plan {
        uint8_t *live; /* per signature pixel: 1 where the picture is always moving */
        double live_share;
        dx_rec_candidate *c; /* in order of first appearance */
        size_t n;
        /* the slide area: the still pixels that differ between the
         * candidates, with a margin, in signature pixels [x0, x1) x [y0, y1)
         * (the whole picture when they do not differ) */
        int x0, y0, x1, y1;
} dx_rec_plan;

/* Share (0-1) of the still pixels (live[i] == 0; live NULL: all) of two
 * signatures of n pixels that differ clearly. */
double dx_rec_sig_diff(const uint8_t *a, const uint8_t *b, const uint8_t *live, size_t n);
/* Which signature pixels are always moving (a camera's picture): those
 * that differ in most of the quietest quarter of the pairs of
 * consecutive samples (keyframes, in time order: the pairs where no slide
 * changed), and the pixels around them.  Fills live[npx] and returns
 * their share. */
double dx_rec_live_mask(const dx_rec_sample *s, size_t n, size_t npx, uint8_t *live);
/* From samples in time order (n of them, signatures of npx pixels), the
 * mask of live pixels (may be NULL) and the recording's duration
 * (negative: unknown): the distinct still pictures, near-duplicates
 * merged (a picture shown again adds a stretch to the first showing's
 * candidate).  The plan takes live (free()d with it). */
int dx_rec_plan_make(const dx_rec_sample *s, size_t n, size_t npx, uint8_t *live, double duration,
                     dx_rec_plan *out);
void dx_rec_plan_release(dx_rec_plan *p);

/* Whether what OCR read of a frame is a slide's words rather than noise
 * (a camera's picture): enough words, read with confidence, most of them
 * in the language's dictionary. */
int dx_rec_text_is_slide(size_t words, size_t dict_words, double conf);

/* One slide read from a recording. */
typedef struct dx_recslide {
        char *text;
        double conf; /* mean word confidence, 0-100 */
        double at;   /* the time of the frame read */
        double (*iv)[2];
        size_t niv;
} dx_recslide;

typedef struct dx_recslides {
        dx_recslide *v; /* page i + 1, in order of first appearance */
        size_t n;
        size_t samples, candidates, noise; /* frames looked at, still pictures, dropped as noise */
        double duration, decode_s, ocr_s, cpu_s;
        char *note; /* something a person should know (a limit reached), or NULL */
} dx_recslides;

void dx_recslides_release(dx_recslides *r);

/* A talk whose slides an ingest reads from its recording (dx_store.h). */
struct dx_rec_job {
        int64_t talk;
        char *video;     /* full path */
        char *root;      /* the archive root it must stay in */
        char *video_rel; /* as the archive names it, for messages */
        char *video_hash;
        double duration; /* seconds, negative when unknown */
        dx_recslides result;
        char *error;   /* nothing could be read: why */
        char *warning; /* the job was cut off: the slides read before are kept */
        int done;
};

/* Find and read the slides of the recording at path, in this process,
 * with an OCR engine for lang.  0, or negative with *err. */
int dx_recslides_read(const char *path, const char *lang, dx_recslides *out, char **err);
/* The same in a child process of jail (in this process when jail is
 * NULL), bounded in time by seconds and in memory as decks are; fd, when
 * not -1, is path opened.  A job cut off keeps the slides sent before:
 * *err says so, and 1 is returned. */
int dx_recslides_read_in(struct dx_jail *jail, const char *path, int fd, const char *lang,
                         double seconds, dx_recslides *out, char **err);

#endif /* DX_RECSLIDES_H */
