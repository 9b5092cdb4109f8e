/*
 * frames.c - decoded video frames as greyscale pictures with their real
 * timestamps, for slide alignment.  A recording is opened once; the caller
 * reads either keyframes only (the decoder drops everything else, and
 * packets that are not keyframes are never even handed to it) or every
 * frame, seeks back to re-read a stretch, and shrinks a rectangle of the
 * full-resolution luma plane to a small picture through libswscale.
 */
#include "dx_int.h"
#include "dx_align_int.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include <stdlib.h>
#include <string.h>

struct dx_video {
        AVFormatContext *fc;
        AVCodecContext *cc;
        AVPacket *pkt;
        AVFrame *frame;
        int stream;
        AVRational tb;
        int64_t start; /* pts of the stream's start, in tb */
        int keys_only;
        int eof_sent;
        /* luma of the current frame: the frame's own plane, or converted */
        struct SwsContext *to_gray;
        uint8_t *gray;
        int gray_stride;
        struct SwsContext *shrink;
        double decode_s;
        size_t decoded;
        /* while reading keyframes: the frames skipped, by time and size */
        dx_packet_note *skipped;
        size_t nskipped, skipped_alloc;
};

static char *av_reason(int err)
{
        char buf[AV_ERROR_MAX_STRING_SIZE];

        av_strerror(err, buf, sizeof(buf));
        return dx_strdup(buf);
}

/* Pixel formats whose first plane is 8-bit luma. */
static int luma_plane_is_gray(enum AVPixelFormat f)
{
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(f);

        if (!d || (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) || d->nb_components < 1)
                return 0;
        return d->comp[0].plane == 0 && d->comp[0].depth == 8 && d->comp[0].step == 1 &&
               d->comp[0].shift == 0;
}

int dx_video_open(dx_video **out, const char *path, int threads, dx_video_info *info, char **err)
{
        dx_video *v = calloc(1, sizeof(*v));
        const AVCodec *codec = NULL;
        AVDictionary *opts = NULL;
        char *url;
        AVStream *st;
        int rc;

        *out = NULL;
        *err = NULL;
        if (!v) {
                *err = dx_strdup("out of memory");
                return DX_ENOMEM;
        }
        v->stream = -1;
        /* as the probe: local files only, and only demuxers that read
         * nothing but the file itself */
        av_dict_set(&opts, "protocol_whitelist", "file", 0);
        av_dict_set(&opts, "format_whitelist", dx_av_formats(), 0);
        /* "file:" so that a name with a colon is not read as a protocol */
        url = dx_asprintf("file:%s", path);
        rc = url ? avformat_open_input(&v->fc, url, NULL, &opts) : AVERROR(ENOMEM);
        free(url);
        av_dict_free(&opts);
        if (rc < 0) {
                char *r = av_reason(rc);
                *err = dx_asprintf("cannot open recording (%s)", r);
                free(r);
                goto fail;
        }
        rc = avformat_find_stream_info(v->fc, NULL);
        if (rc < 0) {
                *err = dx_strdup("cannot read the recording's streams");
                goto fail;
        }
        rc = av_find_best_stream(v->fc, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
        if (rc < 0 || !codec) {
                *err = dx_strdup(rc == AVERROR_DECODER_NOT_FOUND ? "no decoder for the video"
                                                                 : "no video stream");
                goto fail;
        }
        v->stream = rc;
        st = v->fc->streams[v->stream];
        if (st->disposition & AV_DISPOSITION_ATTACHED_PIC) {
                *err = dx_strdup("no video stream (only a cover picture)");
                goto fail;
        }
        v->tb = st->time_base;
        v->start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
        for (unsigned i = 0; i < v->fc->nb_streams; i++)
                if ((int)i != v->stream)
                        v->fc->streams[i]->discard = AVDISCARD_ALL;

        v->cc = avcodec_alloc_context3(codec);
        v->pkt = av_packet_alloc();
        v->frame = av_frame_alloc();
        if (!v->cc || !v->pkt || !v->frame) {
                *err = dx_strdup("out of memory");
                goto fail;
        }
        if (avcodec_parameters_to_context(v->cc, st->codecpar) < 0) {
                *err = dx_strdup("cannot set up the video decoder");
                goto fail;
        }
        v->cc->thread_count = threads > 0 ? threads : 0;
        v->cc->pkt_timebase = v->tb;
        rc = avcodec_open2(v->cc, codec, NULL);
        if (rc < 0) {
                char *r = av_reason(rc);
                *err = dx_asprintf("cannot open the %s decoder (%s)", codec->name, r);
                free(r);
                goto fail;
        }
        if (st->codecpar->width <= 0 || st->codecpar->height <= 0) {
                *err = dx_strdup("video has no picture size");
                goto fail;
        }
        info->width = st->codecpar->width;
        info->height = st->codecpar->height;
        info->sar = 1.0;
        if (st->codecpar->sample_aspect_ratio.num > 0 && st->codecpar->sample_aspect_ratio.den > 0)
                info->sar = av_q2d(st->codecpar->sample_aspect_ratio);
        info->duration = -1;
        if (st->duration != AV_NOPTS_VALUE && st->duration > 0)
                info->duration = (double)st->duration * av_q2d(v->tb);
        else if (v->fc->duration != AV_NOPTS_VALUE && v->fc->duration > 0)
                info->duration = (double)v->fc->duration / AV_TIME_BASE;
        *out = v;
        return 0;
fail:
        dx_video_close(&v);
        return DX_ERR;
}

void dx_video_close(dx_video **pv)
{
        dx_video *v = pv ? *pv : NULL;

        if (!v)
                return;
        sws_freeContext(v->to_gray);
        sws_freeContext(v->shrink);
        av_freep(&v->gray);
        free(v->skipped);
        av_frame_free(&v->frame);
        av_packet_free(&v->pkt);
        avcodec_free_context(&v->cc);
        avformat_close_input(&v->fc);
        free(v);
        *pv = NULL;
}

void dx_video_costs(const dx_video *v, double *decode_s, size_t *decoded)
{
        *decode_s = v->decode_s;
        *decoded = v->decoded;
}

int dx_video_seek(dx_video *v, double t, dx_read mode)
{
        int64_t ts = v->start + (int64_t)(t / av_q2d(v->tb));
        int rc = av_seek_frame(v->fc, v->stream, ts, AVSEEK_FLAG_BACKWARD);

        if (rc < 0 && t <= 0)
                rc = avformat_seek_file(v->fc, -1, INT64_MIN, 0, 0, AVSEEK_FLAG_BYTE);
        avcodec_flush_buffers(v->cc);
        v->eof_sent = 0;
        v->nskipped = 0;
        v->keys_only = mode == DX_READ_KEYS;
        v->cc->skip_frame = mode == DX_READ_KEYS   ? AVDISCARD_NONKEY
                            : mode == DX_READ_NO_B ? AVDISCARD_BIDIR
                                                   : AVDISCARD_DEFAULT;
        return rc < 0 ? DX_ERR : 0;
}

/* Make v->gray point at the frame's luma, converting when the first plane
 * is not 8-bit luma. */
static int frame_luma(dx_video *v, const uint8_t **y, int *stride)
{
        AVFrame *f = v->frame;

        if (luma_plane_is_gray(f->format)) {
                *y = f->data[0];
                *stride = f->linesize[0];
                return 0;
        }
        v->to_gray = sws_getCachedContext(v->to_gray, f->width, f->height, f->format, f->width,
                                          f->height, AV_PIX_FMT_GRAY8, SWS_POINT, NULL, NULL, NULL);
        if (!v->to_gray)
                return DX_ERR;
        if (!v->gray) {
                v->gray_stride = FFALIGN(f->width, 32);
                v->gray = av_malloc((size_t)v->gray_stride * (size_t)f->height);
                if (!v->gray)
                        return DX_ENOMEM;
        }
        uint8_t *dst[4] = {v->gray, NULL, NULL, NULL};
        int dstride[4] = {v->gray_stride, 0, 0, 0};
        sws_scale(v->to_gray, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst,
                  dstride);
        *y = v->gray;
        *stride = v->gray_stride;
        return 0;
}

/* Remember a frame the decoder is not given (a failed allocation only
 * loses the note). */
static void note_skipped(dx_video *v, const AVPacket *pkt)
{
        int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;

        if (ts == AV_NOPTS_VALUE)
                return;
        if (v->nskipped == v->skipped_alloc) {
                size_t na = v->skipped_alloc ? v->skipped_alloc * 2 : 1024;
                dx_packet_note *n = realloc(v->skipped, na * sizeof(*n));
                if (!n)
                        return;
                v->skipped = n;
                v->skipped_alloc = na;
        }
        v->skipped[v->nskipped].t = (double)(ts - v->start) * av_q2d(v->tb);
        v->skipped[v->nskipped].size = pkt->size;
        v->nskipped++;
}

const dx_packet_note *dx_video_skipped(const dx_video *v, size_t *n)
{
        *n = v->nskipped;
        return v->skipped;
}

int dx_video_next(dx_video *v, dx_frame *out, char **err)
{
        double t0 = dx_now();
        int rc;

        for (;;) {
                rc = avcodec_receive_frame(v->cc, v->frame);
                if (rc == 0)
                        break;
                if (rc == AVERROR_EOF) {
                        v->decode_s += dx_now() - t0;
                        return 0;
                }
                if (rc != AVERROR(EAGAIN))
                        goto decode_error;
                if (v->eof_sent) {
                        v->decode_s += dx_now() - t0;
                        return 0;
                }
                for (;;) {
                        rc = av_read_frame(v->fc, v->pkt);
                        if (rc < 0) {
                                /* end of file, or a damaged tail: drain */
                                avcodec_send_packet(v->cc, NULL);
                                v->eof_sent = 1;
                                break;
                        }
                        if (v->pkt->stream_index != v->stream) {
                                av_packet_unref(v->pkt);
                                continue;
                        }
                        if (v->keys_only && !(v->pkt->flags & AV_PKT_FLAG_KEY)) {
                                note_skipped(v, v->pkt);
                                av_packet_unref(v->pkt);
                                continue;
                        }
                        rc = avcodec_send_packet(v->cc, v->pkt);
                        av_packet_unref(v->pkt);
                        /* a damaged packet is skipped, as players do */
                        if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA)
                                goto decode_error;
                        break;
                }
        }
        v->decoded++;
        int64_t pts = v->frame->best_effort_timestamp;
        if (pts == AV_NOPTS_VALUE)
                pts = v->frame->pts != AV_NOPTS_VALUE ? v->frame->pts : v->start;
        out->t = (double)(pts - v->start) * av_q2d(v->tb);
        out->key = v->frame->key_frame || v->frame->pict_type == AV_PICTURE_TYPE_I;
        out->width = v->frame->width;
        out->height = v->frame->height;
        rc = frame_luma(v, &out->y, &out->stride);
        v->decode_s += dx_now() - t0;
        if (rc) {
                *err = dx_strdup("cannot convert the video's pixels to grey");
                return DX_ERR;
        }
        return 1;
decode_error : {
        char *r = av_reason(rc);
        *err = dx_asprintf("cannot decode the video (%s)", r);
        free(r);
        v->decode_s += dx_now() - t0;
        return DX_ERR;
}
}

int dx_video_shrink(dx_video *v, const dx_frame *f, int x, int y, int w, int h, uint8_t *dst,
                    int dw, int dh)
{
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > f->width || y + h > f->height)
                return DX_ERR;
        v->shrink = sws_getCachedContext(v->shrink, w, h, AV_PIX_FMT_GRAY8, dw, dh,
                                         AV_PIX_FMT_GRAY8, SWS_AREA, NULL, NULL, NULL);
        if (!v->shrink)
                return DX_ERR;
        const uint8_t *src[4] = {f->y + (size_t)y * (size_t)f->stride + (size_t)x, NULL, NULL,
                                 NULL};
        int sstride[4] = {f->stride, 0, 0, 0};
        uint8_t *d[4] = {dst, NULL, NULL, NULL};
        int dstride[4] = {dw, 0, 0, 0};
        sws_scale(v->shrink, src, sstride, 0, h, d, dstride);
        return 0;
}
