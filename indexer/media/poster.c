/*
 * poster.c - a poster frame for a recording: libavcodec decodes the video
 * frame nearest to a point of the talk (a tenth in: past the title card,
 * before the applause), libswscale scales it into a cairo image surface,
 * and it is written as a PNG.  Only the whitelisted demuxers of probe.c
 * are used, and decoding stops after a bounded number of packets.
 */
#include "dx_media.h"

#include <cairo.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>

#include <stdlib.h>
#include <string.h>

#define DX_POSTER_FORMATS     "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,ogg,avi,mpegts,asf,flv,mpeg"
#define DX_POSTER_MAX_PACKETS 2000
#define DX_POSTER_MAX_HEIGHT  4096

static char *av_reason(int err)
{
        char buf[AV_ERROR_MAX_STRING_SIZE];

        av_strerror(err, buf, sizeof(buf));
        return dx_strdup(buf);
}

/* Scale frame to width (keeping its display aspect) and write it as PNG. */
static int write_frame(const AVFrame *f, AVRational sar, int width, const char *out, char **errmsg)
{
        double aspect = (double)f->width / f->height;
        struct SwsContext *sws;
        cairo_surface_t *s;
        uint8_t *dst[4] = {0};
        int dst_stride[4] = {0}, height, rc;

        if (sar.num > 0 && sar.den > 0)
                aspect *= (double)sar.num / sar.den;
        height = (int)(width / aspect + 0.5);
        if (height < 1)
                height = 1;
        if (height > DX_POSTER_MAX_HEIGHT)
                height = DX_POSTER_MAX_HEIGHT;
        /* cairo's RGB24 is a native-endian 32-bit word: B G R x in memory */
        sws = sws_getContext(f->width, f->height, (enum AVPixelFormat)f->format, width, height,
                             AV_PIX_FMT_BGR0, SWS_BICUBIC, NULL, NULL, NULL);
        if (!sws) {
                *errmsg = dx_strdup("cannot scale the frame");
                return DX_ERR;
        }
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
                *errmsg = dx_strdup("out of memory");
                cairo_surface_destroy(s);
                sws_freeContext(sws);
                return DX_ENOMEM;
        }
        cairo_surface_flush(s);
        dst[0] = cairo_image_surface_get_data(s);
        dst_stride[0] = cairo_image_surface_get_stride(s);
        sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, dst_stride);
        cairo_surface_mark_dirty(s);
        rc = dx_png_write(s, out, errmsg);
        cairo_surface_destroy(s);
        sws_freeContext(sws);
        return rc;
}

int dx_render_poster(const char *path, double at_fraction, int width, const char *out,
                     char **errmsg)
{
        AVFormatContext *fc = NULL;
        AVCodecContext *cc = NULL;
        AVDictionary *opts = NULL;
        const AVCodec *codec = NULL;
        AVPacket *pkt = NULL;
        AVFrame *frame = NULL, *last = NULL;
        AVStream *st;
        int64_t target = AV_NOPTS_VALUE;
        int vi, ret, rc = DX_ERR, packets = 0, got = 0;

        *errmsg = NULL;
        if (width < 16 || width > 4096) {
                *errmsg = dx_asprintf("poster width %d is out of range", width);
                return DX_ERR;
        }
        dx_av_quiet();
        av_dict_set(&opts, "format_whitelist", DX_POSTER_FORMATS, 0);
        ret = avformat_open_input(&fc, path, NULL, &opts);
        av_dict_free(&opts);
        if (ret < 0) {
                *errmsg = av_reason(ret);
                return DX_ERR; /* avformat_open_input freed fc */
        }
        if ((ret = avformat_find_stream_info(fc, NULL)) < 0) {
                *errmsg = av_reason(ret);
                goto out;
        }
        vi = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
        if (vi < 0 || !codec) {
                *errmsg = dx_strdup(vi == AVERROR_DECODER_NOT_FOUND ? "no decoder for the video"
                                                                    : "no video stream");
                goto out;
        }
        st = fc->streams[vi];
        if (st->disposition & AV_DISPOSITION_ATTACHED_PIC) {
                *errmsg = dx_strdup("no video stream (only cover art)");
                goto out;
        }
        cc = avcodec_alloc_context3(codec);
        pkt = av_packet_alloc();
        frame = av_frame_alloc();
        last = av_frame_alloc();
        if (!cc || !pkt || !frame || !last) {
                *errmsg = dx_strdup("out of memory");
                goto out;
        }
        if ((ret = avcodec_parameters_to_context(cc, st->codecpar)) < 0 ||
            (ret = avcodec_open2(cc, codec, NULL)) < 0) {
                *errmsg = av_reason(ret);
                goto out;
        }
        if (fc->duration > 0 && at_fraction > 0 && at_fraction < 1) {
                int64_t at = (int64_t)(fc->duration * at_fraction);

                if (fc->start_time != AV_NOPTS_VALUE)
                        at += fc->start_time;
                target = av_rescale_q(at, AV_TIME_BASE_Q, st->time_base);
                /* a failed seek decodes from the start: the first frame */
                if (av_seek_frame(fc, vi, target, AVSEEK_FLAG_BACKWARD) < 0)
                        av_seek_frame(fc, vi, 0, AVSEEK_FLAG_BACKWARD);
                avcodec_flush_buffers(cc);
        }
        while (!got && packets < DX_POSTER_MAX_PACKETS) {
                ret = av_read_frame(fc, pkt);
                if (ret < 0) {
                        avcodec_send_packet(cc, NULL); /* drain what is buffered */
                } else if (pkt->stream_index != vi) {
                        av_packet_unref(pkt);
                        continue;
                } else {
                        packets++;
                        avcodec_send_packet(cc, pkt);
                        av_packet_unref(pkt);
                }
                while (avcodec_receive_frame(cc, frame) == 0) {
                        int64_t pts = frame->best_effort_timestamp;

                        /* the first frame at or past the target; keep the
                         * last one seen in case none is */
                        if (target == AV_NOPTS_VALUE || pts == AV_NOPTS_VALUE || pts >= target) {
                                got = 1;
                                break;
                        }
                        av_frame_unref(last);
                        av_frame_move_ref(last, frame);
                }
                if (ret < 0)
                        break;
        }
        if (!got && last->data[0]) {
                av_frame_move_ref(frame, last);
                got = 1;
        }
        if (!got) {
                *errmsg = dx_strdup("no video frame could be decoded");
                goto out;
        }
        rc = write_frame(frame, av_guess_sample_aspect_ratio(fc, st, frame), width, out, errmsg);
out:
        av_frame_free(&frame);
        av_frame_free(&last);
        av_packet_free(&pkt);
        avcodec_free_context(&cc);
        avformat_close_input(&fc);
        return rc;
}
