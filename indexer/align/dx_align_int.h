/*
 * dx_align_int.h - what the slide aligner's files share: decoded frames
 * (frames.c) and rendered pages (pages.c), used by align.c.  Private to the
 * library; FFmpeg and poppler types stay inside those files.
 */
#ifndef DX_ALIGN_INT_H
#define DX_ALIGN_INT_H

#include <stddef.h>
#include <stdint.h>

/* ---- frames.c: a recording's frames as greyscale ----------------------- */

typedef struct dx_video dx_video;

typedef struct dx_video_info {
        int width, height; /* coded picture size */
        double sar;        /* sample (pixel) aspect ratio, 1 when unknown */
        double duration;   /* seconds, negative when unknown */
} dx_video_info;

/* One decoded frame: its 8-bit luma plane (valid until the next call) and
 * its presentation time in seconds from the start of the stream. */
typedef struct dx_frame {
        const uint8_t *y;
        int stride, width, height;
        double t;
        int key;
} dx_frame;

/* Open the best video stream of a recording for decoding with threads
 * decoder threads (0: as many as cores).  *err says why it failed. */
int dx_video_open(dx_video **out, const char *path, int threads, dx_video_info *info, char **err);
void dx_video_close(dx_video **v);
typedef enum {
        DX_READ_ALL,  /* every frame */
        DX_READ_KEYS, /* keyframes only */
        DX_READ_NO_B, /* all but B-frames */
} dx_read;

/* Go to the keyframe at or before t and read from there what mode says. */
int dx_video_seek(dx_video *v, double t, dx_read mode);
/* The next frame: 1 with a frame, 0 at the end, negative with *err. */
int dx_video_next(dx_video *v, dx_frame *out, char **err);
/* Shrink the w x h rectangle at (x, y) of a frame's full-resolution luma
 * to dw x dh pixels (area averaging) into dst (stride dw). */
int dx_video_shrink(dx_video *v, const dx_frame *f, int x, int y, int w, int h, uint8_t *dst,
                    int dw, int dh);
/* A frame that reading keyframes skipped: its time and compressed size.
 * A slide change between keyframes shows as a frame much larger than
 * those around it. */
typedef struct dx_packet_note {
        double t;
        int size;
} dx_packet_note;

/* The frames skipped since the last seek, in file order. */
const dx_packet_note *dx_video_skipped(const dx_video *v, size_t *n);
/* Seconds spent decoding and frames decoded so far. */
void dx_video_costs(const dx_video *v, double *decode_s, size_t *decoded);

/* probe.c: route FFmpeg's log lines away from stderr (once per process). */
void dx_av_quiet(void);
/* probe.c: the demuxers a recording may be opened with (none that reads
 * other files or URLs). */
const char *dx_av_formats(void);

/* ---- pages.c: slide pages rendered small and grey ---------------------- */

#define DX_ALIGN_MAX_PAGES 400

/* The number of pages of a PDF (up to DX_ALIGN_MAX_PAGES) and the aspect
 * ratio (width / height) of its first page. */
int dx_pages_open(const char *pdf, void **doc, int *npages, double *aspect, char **err);
/* Render page (0-based) at w x h as luma 0-255 into px (w * h floats):
 * drawn at a few times the size and area-averaged, as a camera or screen
 * recorder would shrink it. */
int dx_pages_render(void *doc, int page, int w, int h, float *px, char **err);
void dx_pages_close(void **doc);

#endif /* DX_ALIGN_INT_H */
