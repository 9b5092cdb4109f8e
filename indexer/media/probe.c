/*
 * probe.c - read a recording's container headers with libavformat: duration,
 * bit rate, streams, tags and chapters.  Only headers are read: the demuxer
 * is bounded by probesize/analyzeduration, packets are never decoded, and
 * avformat_find_stream_info() runs only when the headers left a gap.
 */
#include "dx_media.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/log.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Demuxers we accept.  Formats that pull in other files or URLs (playlists,
 * concat lists) are not here on purpose: an archive file must not make us
 * read anything else. */
#define DX_FORMATS                                                                                 \
        "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,ogg,mp3,wav,flac,aac,avi,mpegts,asf,flv,w64,aiff,"  \
        "caf,mpeg"

#define DX_PROBESIZE  (512 * 1024)
#define DX_ANALYZE_US (5 * AV_TIME_BASE)
#define DX_IO_BUF     (32 * 1024)

/* FFmpeg logs through one global callback.  We keep the last error-level
 * line of each thread so that failures can say what the demuxer said, and
 * print nothing: the caller decides what a person sees. */
static _Thread_local char last_log[256];
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void log_cb(void *avcl, int level, const char *fmt, va_list vl)
{
        char line[256];
        int prefix = 0;
        size_t n;

        if (level > AV_LOG_ERROR)
                return;
        av_log_format_line(avcl, level, fmt, vl, line, sizeof(line), &prefix);
        n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
                line[--n] = '\0';
        /* drop the "[mov,mp4,... @ 0x...] " context prefix */
        const char *msg = line;
        if (line[0] == '[') {
                const char *e = strstr(line, "] ");
                if (e)
                        msg = e + 2;
        }
        if (*msg)
                snprintf(last_log, sizeof(last_log), "%s", msg);
}

static void log_init(void)
{
        av_log_set_callback(log_cb);
}

void dx_av_quiet(void)
{
        pthread_once(&log_once, log_init);
}

const char *dx_av_formats(void)
{
        return DX_FORMATS;
}

/* Muxers whose files a demuxer of DX_FORMATS reads, other than those of
 * the same name: where FFmpeg keeps the extensions .ogv, .opus, .m4b,
 * .wmv, .ts, .mpg, ... */
static const char *const same_files[] = {
    "ogv", "oga", "opus", "spx", "ipod", "psp", "ismv", "f4v", "vob", "svcd", "asf_stream", "adts",
};

/* Extensions those formats claim that are not recordings: images (.avif
 * in the mov demuxer), subtitle-only Matroska (.mks), and, should a later
 * FFmpeg claim them for one of these formats, documents, captions,
 * playlists and text. */
static const char *const not_recordings[] = {
    "avif", "heic", "heif", "mks",      "jpg", "jpeg", "png", "gif",  "bmp", "tif",  "tiff", "webp",
    "pdf",  "srt",  "vtt",  "ass",      "ssa", "sub",  "idx", "sup",  "txt", "json", "xml",  "m3u",
    "m3u8", "pls",  "cue",  "ffconcat", "mpd", "sdp",  "nfo", "html", "htm", "md",   "csv",
};

#define DX_EXT_MAX 16

static char recording_exts[4096]; /* ",mp4,mkv,...," */
static pthread_once_t exts_once = PTHREAD_ONCE_INIT;

static int in_list(const char *list, const char *word, size_t n)
{
        for (const char *p = list; p && *p;) {
                size_t k = strcspn(p, ",");

                if (k == n && strncasecmp(p, word, n) == 0)
                        return 1;
                p += k + (p[k] == ',');
        }
        return 0;
}

/* Add the comma-separated words of list that are extensions of
 * recordings. */
static void add_exts(const char *list)
{
        size_t len = strlen(recording_exts);

        for (const char *p = list; p && *p;) {
                size_t k = strcspn(p, ","), i;
                char word[DX_EXT_MAX + 2];
                int bad = k == 0 || k > DX_EXT_MAX;

                for (i = 0; !bad && i < sizeof(not_recordings) / sizeof(not_recordings[0]); i++)
                        bad = strlen(not_recordings[i]) == k &&
                              strncasecmp(not_recordings[i], p, k) == 0;
                for (i = 0; !bad && i < k; i++)
                        bad = !((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
                                (p[i] >= 'A' && p[i] <= 'Z'));
                if (!bad && !in_list(recording_exts + 1, p, k) &&
                    len + k + 2 < sizeof(recording_exts)) {
                        for (i = 0; i < k; i++)
                                word[i] = (char)(p[i] | 0x20);
                        word[k] = ',';
                        memcpy(recording_exts + len, word, k + 1);
                        len += k + 1;
                        recording_exts[len] = '\0';
                }
                p += k + (p[k] == ',');
        }
}

/* Is one of the comma-separated names a demuxer or muxer name we take? */
static int format_taken(const char *names, int muxer)
{
        for (const char *p = names; p && *p;) {
                size_t k = strcspn(p, ",");

                if (in_list(DX_FORMATS, p, k))
                        return 1;
                for (size_t i = 0; muxer && i < sizeof(same_files) / sizeof(same_files[0]); i++)
                        if (strlen(same_files[i]) == k && strncmp(same_files[i], p, k) == 0)
                                return 1;
                p += k + (p[k] == ',');
        }
        return 0;
}

static void exts_init(void)
{
        const AVInputFormat *in;
        const AVOutputFormat *out;
        void *it = NULL;

        recording_exts[0] = ',';
        while ((in = av_demuxer_iterate(&it)))
                if (format_taken(in->name, 0))
                        add_exts(in->extensions);
        it = NULL;
        while ((out = av_muxer_iterate(&it)))
                if (format_taken(out->name, 1))
                        add_exts(out->extensions);
}

int dx_av_recording_ext(const char *ext)
{
        size_t n = strlen(ext);

        pthread_once(&exts_once, exts_init);
        return n > 0 && n <= DX_EXT_MAX && !strchr(ext, ',') && in_list(recording_exts + 1, ext, n);
}

static char *clean(const char *s, int *converted)
{
        int c = 0;
        char *r = dx_utf8_clean(s, strlen(s), &c);

        if (c && converted)
                *converted = 1;
        return r;
}

static const char *kind_of(const AVStream *st)
{
        if (st->disposition & AV_DISPOSITION_ATTACHED_PIC)
                return "cover";
        switch (st->codecpar->codec_type) {
        case AVMEDIA_TYPE_VIDEO:
                return "video";
        case AVMEDIA_TYPE_AUDIO:
                return "audio";
        case AVMEDIA_TYPE_SUBTITLE:
                return "subtitle";
        case AVMEDIA_TYPE_ATTACHMENT:
                return "attachment";
        default:
                return "data";
        }
}

/* Whether the headers alone told us everything we record. */
static int headers_complete(const AVFormatContext *fc)
{
        if (fc->duration == AV_NOPTS_VALUE || fc->duration <= 0)
                return 0;
        for (unsigned i = 0; i < fc->nb_streams; i++) {
                const AVCodecParameters *p = fc->streams[i]->codecpar;

                if (p->codec_id == AV_CODEC_ID_NONE)
                        return 0;
                if (p->codec_type == AVMEDIA_TYPE_VIDEO && (!p->width || !p->height))
                        return 0;
                if (p->codec_type == AVMEDIA_TYPE_AUDIO &&
                    (!p->sample_rate || !p->ch_layout.nb_channels))
                        return 0;
        }
        return 1;
}

static double q2d_or(AVRational r, double dflt)
{
        return r.num > 0 && r.den > 0 ? av_q2d(r) : dflt;
}

/* The byte where the last indexed sample ends, over all streams, or -1
 * when the demuxer keeps no index. */
static int64_t indexed_end(AVFormatContext *fc)
{
        int64_t end = -1;

        for (unsigned i = 0; i < fc->nb_streams; i++) {
                AVStream *st = fc->streams[i];
                int n = avformat_index_get_entries_count(st);
                const AVIndexEntry *e;

                if (n <= 0)
                        continue;
                e = avformat_index_get_entry(st, n - 1);
                if (e && e->pos >= 0 && e->pos + e->size > end)
                        end = e->pos + e->size;
        }
        return end;
}

static int fill_media(AVFormatContext *fc, dx_media *m, int *converted)
{
        const AVDictionaryEntry *t = NULL;
        size_t n;
        /* a copy that fails must not leave a stream without its codec or
         * a tag without its value: counted, and checked at the end */
        size_t failures = dx_alloc_failures();

        m->container = dx_strdup(fc->iformat->name);
        m->duration = -1;
        if (fc->duration != AV_NOPTS_VALUE && fc->duration > 0)
                m->duration = (double)fc->duration / AV_TIME_BASE;
        m->bit_rate = fc->bit_rate > 0 ? fc->bit_rate : 0;

        m->streams = calloc(fc->nb_streams ? fc->nb_streams : 1, sizeof(*m->streams));
        if (!m->streams || !m->container)
                return DX_ENOMEM;
        for (unsigned i = 0; i < fc->nb_streams; i++) {
                AVStream *st = fc->streams[i];
                AVCodecParameters *p = st->codecpar;
                dx_stream *s = &m->streams[m->nstreams++];
                const AVDictionaryEntry *lang = av_dict_get(st->metadata, "language", NULL, 0);

                s->index = st->index;
                s->kind = dx_strdup(kind_of(st));
                s->codec = dx_strdup(avcodec_get_name(p->codec_id));
                if (lang && strcmp(lang->value, "und") != 0)
                        s->language = clean(lang->value, converted);
                s->bit_rate = p->bit_rate;
                if (p->codec_type == AVMEDIA_TYPE_VIDEO) {
                        s->width = p->width;
                        s->height = p->height;
                        s->fps = q2d_or(st->avg_frame_rate, q2d_or(st->r_frame_rate, 0));
                } else if (p->codec_type == AVMEDIA_TYPE_AUDIO) {
                        s->channels = p->ch_layout.nb_channels;
                        s->sample_rate = p->sample_rate;
                }
                if (m->duration < 0 && st->duration != AV_NOPTS_VALUE && st->duration > 0) {
                        double d = (double)st->duration * av_q2d(st->time_base);
                        if (d > m->duration)
                                m->duration = d;
                }
        }

        /* Ogg keeps its comments on the stream: use the first audio stream's
         * tags when the container has none. */
        AVDictionary *md = fc->metadata;
        if (!av_dict_get(md, "title", NULL, 0) && !av_dict_get(md, "artist", NULL, 0))
                for (unsigned i = 0; i < fc->nb_streams; i++)
                        if (fc->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO &&
                            av_dict_get(fc->streams[i]->metadata, "title", NULL, 0)) {
                                md = fc->streams[i]->metadata;
                                break;
                        }
        n = (size_t)av_dict_count(md);
        m->tags = calloc(n ? n : 1, sizeof(*m->tags));
        if (!m->tags)
                return DX_ENOMEM;
        while ((t = av_dict_get(md, "", t, AV_DICT_IGNORE_SUFFIX)) && m->ntags < n) {
                dx_tag *tag = &m->tags[m->ntags++];

                tag->key = clean(t->key, converted);
                tag->value = clean(t->value, converted);
        }

        m->chapters = calloc(fc->nb_chapters ? fc->nb_chapters : 1, sizeof(*m->chapters));
        if (!m->chapters)
                return DX_ENOMEM;
        for (unsigned i = 0; i < fc->nb_chapters; i++) {
                const AVChapter *c = fc->chapters[i];
                const AVDictionaryEntry *title = av_dict_get(c->metadata, "title", NULL, 0);
                dx_chapter *ch = &m->chapters[m->nchapters++];

                ch->title =
                    title ? clean(title->value, converted) : dx_asprintf("Chapter %u", i + 1);
                ch->start = (double)c->start * av_q2d(c->time_base);
                ch->end = (double)c->end * av_q2d(c->time_base);
        }
        return dx_alloc_failures() == failures ? 0 : DX_ENOMEM;
}

static char *open_error(int ret)
{
        char e[AV_ERROR_MAX_STRING_SIZE];

        if (ret == AVERROR(EACCES) || ret == AVERROR(ENOENT) || ret == AVERROR(EISDIR) ||
            ret == AVERROR(EIO)) {
                av_strerror(ret, e, sizeof(e));
                return dx_asprintf("cannot read: %s", e);
        }
        if (last_log[0] && strstr(last_log, "moov atom not found"))
                return dx_strdup("truncated or damaged recording (moov atom not found)");
        if (last_log[0])
                return dx_asprintf("not a readable audio or video file (%s)", last_log);
        av_strerror(ret, e, sizeof(e));
        return dx_asprintf("not a readable audio or video file (%s)", e);
}

/* ---- recordings read once ------------------------------------------------ */

/* libavformat reads through this: the head and tail samples come from
 * memory (they were read for the content hash), the rest from the file. */
static int rec_read(void *opaque, uint8_t *buf, int n)
{
        dx_rec *r = opaque;
        int64_t left = r->size - r->pos;
        size_t want, got = 0;

        if (left <= 0)
                return AVERROR_EOF;
        want = (size_t)(n < left ? n : left);
        if (r->pos < (int64_t)r->nhead) {
                got = r->nhead - (size_t)r->pos;
                got = got < want ? got : want;
                memcpy(buf, r->head + r->pos, got);
        } else if (r->ntail && r->pos >= r->tail_off) {
                got = (size_t)(r->tail_off + (int64_t)r->ntail - r->pos);
                got = got < want ? got : want;
                memcpy(buf, r->tail + (r->pos - r->tail_off), got);
        } else {
                ssize_t k;

                if (r->ntail && r->pos + (int64_t)want > r->tail_off)
                        want = (size_t)(r->tail_off - r->pos);
                k = pread(r->fd, buf, want, r->pos);
                if (k < 0)
                        return AVERROR(errno);
                if (k == 0)
                        return AVERROR_EOF;
                got = (size_t)k;
        }
        r->pos += (int64_t)got;
        return (int)got;
}

static int64_t rec_seek(void *opaque, int64_t off, int whence)
{
        dx_rec *r = opaque;
        int64_t pos;

        if (whence & AVSEEK_SIZE)
                return r->size;
        switch (whence & ~AVSEEK_FORCE) {
        case SEEK_SET:
                pos = off;
                break;
        case SEEK_CUR:
                pos = r->pos + off;
                break;
        case SEEK_END:
                pos = r->size + off;
                break;
        default:
                return AVERROR(EINVAL);
        }
        if (pos < 0)
                return AVERROR(EINVAL);
        r->pos = pos;
        return pos;
}

int dx_rec_open(dx_rec *r, const char *path, char **err)
{
        struct stat sb;
        ssize_t k;

        memset(r, 0, sizeof(*r));
        r->fd = -1;
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0 || fstat(r->fd, &sb) != 0) {
                *err = dx_asprintf("cannot read: %s", strerror(errno));
                goto fail;
        }
        if (S_ISDIR(sb.st_mode)) {
                *err = dx_strdup("cannot read: Is a directory");
                goto fail;
        }
        r->size = (int64_t)sb.st_size;
        if (r->size == 0) {
                *err = dx_strdup("empty file");
                goto fail;
        }
        r->nhead = (size_t)(r->size < DX_REC_SAMPLE ? r->size : DX_REC_SAMPLE);
        r->head = malloc(r->nhead);
        if (!r->head) {
                *err = dx_strdup("out of memory");
                goto fail;
        }
        k = pread(r->fd, r->head, r->nhead, 0);
        if (k < 0) {
                *err = dx_asprintf("cannot read: %s", strerror(errno));
                goto fail;
        }
        r->nhead = (size_t)k;
        if (r->size > (int64_t)r->nhead) {
                int64_t n = r->size - (int64_t)r->nhead;

                r->ntail = (size_t)(n < DX_REC_SAMPLE ? n : DX_REC_SAMPLE);
                r->tail_off = r->size - (int64_t)r->ntail;
                r->tail = malloc(r->ntail);
                if (!r->tail) {
                        *err = dx_strdup("out of memory");
                        goto fail;
                }
                k = pread(r->fd, r->tail, r->ntail, r->tail_off);
                if (k < 0) {
                        *err = dx_asprintf("cannot read: %s", strerror(errno));
                        goto fail;
                }
                r->ntail = (size_t)k;
        }
        return 0;
fail:
        dx_rec_close(r);
        return DX_ERR;
}

void dx_rec_hash(const dx_rec *r, char out[DX_HASH_LEN + 1])
{
        uint64_t h = dx_fnv(DX_FNV_INIT, &r->size, sizeof(r->size));

        h = dx_fnv(h, r->head, r->nhead);
        h = dx_fnv(h, r->tail, r->ntail);
        snprintf(out, DX_HASH_LEN + 1, "%016llx", (unsigned long long)h);
}

void dx_rec_close(dx_rec *r)
{
        if (r->fd >= 0)
                close(r->fd);
        free(r->head);
        free(r->tail);
        memset(r, 0, sizeof(*r));
        r->fd = -1;
}

/* Printable UTF-8 with no NUL in the first bytes: no recording, whatever
 * its name says. */
static int head_is_text(const dx_rec *r)
{
        size_t n = r->nhead < 512 ? r->nhead : 512;

        for (size_t i = 0; i < n; i++) {
                unsigned char c = r->head[i];
                if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
                        return 0;
        }
        for (size_t cut = 0; cut < 4 && cut < n; cut++)
                if (dx_utf8_valid((const char *)r->head, n - cut))
                        return 1;
        return 0;
}

int dx_probe_rec(dx_rec *r, const char *path, dx_media *out, char **err, char **warning)
{
        AVFormatContext *fc = NULL;
        AVIOContext *pb = NULL;
        AVDictionary *opts = NULL;
        unsigned char *iobuf;
        int64_t end;
        int ret, rc = DX_ERR, converted = 0;

        memset(out, 0, sizeof(*out));
        out->duration = -1;
        *err = NULL;
        *warning = NULL;
        pthread_once(&log_once, log_init);
        last_log[0] = '\0';

        r->pos = 0;
        fc = avformat_alloc_context();
        iobuf = av_malloc(DX_IO_BUF);
        pb = iobuf ? avio_alloc_context(iobuf, DX_IO_BUF, 0, r, rec_read, NULL, rec_seek) : NULL;
        if (!fc || !pb) {
                if (!pb)
                        av_free(iobuf);
                avformat_free_context(fc);
                fc = NULL;
                *err = dx_strdup("out of memory");
                goto out;
        }
        fc->pb = pb;
        fc->probesize = DX_PROBESIZE;
        fc->max_analyze_duration = DX_ANALYZE_US;
        av_dict_set(&opts, "format_whitelist", DX_FORMATS, 0);
        /* the name only helps the format guess; pb does the reading */
        ret = avformat_open_input(&fc, path, NULL, &opts);
        if (ret < 0) {
                /* avformat_open_input frees the context on failure */
                *err = ret == AVERROR_INVALIDDATA && head_is_text(r)
                           ? dx_strdup("not an audio or video file (it is text)")
                           : open_error(ret);
                goto out;
        }
        if (!headers_complete(fc)) {
                ret = avformat_find_stream_info(fc, NULL);
                if (ret < 0) {
                        *err = open_error(ret);
                        goto out_close;
                }
        }

        int av = 0;
        for (unsigned i = 0; i < fc->nb_streams; i++) {
                const AVStream *st = fc->streams[i];
                if ((st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
                     !(st->disposition & AV_DISPOSITION_ATTACHED_PIC)) ||
                    st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
                        av = 1;
        }
        if (!av) {
                *err = dx_strdup("no audio or video stream");
                goto out_close;
        }
        if (fill_media(fc, out, &converted)) {
                *err = dx_strdup("out of memory");
                dx_media_release(out);
                goto out_close;
        }
        if (out->bit_rate <= 0 && out->duration > 0)
                out->bit_rate = (int64_t)((double)r->size * 8 / out->duration);

        rc = 0;
        end = indexed_end(fc);
        if (end > r->size) {
                *err = dx_asprintf("truncated file: media data ends at byte %lld but the file has "
                                   "%lld bytes",
                                   (long long)end, (long long)r->size);
                rc = 1;
        }
        if (converted) {
                char *w = dx_strdup("tags are not valid UTF-8 (read as Latin-1)");
                if (rc == 0) {
                        *err = w;
                        rc = 1;
                } else {
                        *warning = w;
                }
        }
out_close:
        avformat_close_input(&fc);
out:
        if (pb) {
                av_freep(&pb->buffer);
                avio_context_free(&pb);
        }
        av_dict_free(&opts);
        return rc;
}

int dx_probe(const char *path, dx_media *out, char **err, char **warning)
{
        dx_rec r;
        int rc;

        memset(out, 0, sizeof(*out));
        out->duration = -1;
        *warning = NULL;
        if (dx_rec_open(&r, path, err))
                return DX_ERR;
        rc = dx_probe_rec(&r, path, out, err, warning);
        dx_rec_close(&r);
        return rc;
}

const char *dx_media_tag(const dx_media *m, const char *key)
{
        for (size_t i = 0; i < m->ntags; i++)
                if (strcasecmp(m->tags[i].key, key) == 0 && m->tags[i].value[0])
                        return m->tags[i].value;
        return NULL;
}

/* Text subtitle codecs we decode; bitmap ones (PGS, DVB, DVD) are not. */
static int text_subtitle(enum AVCodecID id)
{
        return id == AV_CODEC_ID_MOV_TEXT || id == AV_CODEC_ID_SUBRIP || id == AV_CODEC_ID_SRT ||
               id == AV_CODEC_ID_ASS || id == AV_CODEC_ID_SSA || id == AV_CODEC_ID_WEBVTT ||
               id == AV_CODEC_ID_TEXT;
}

/* The text of a decoded subtitle rectangle: ASS events carry eight fields
 * before the text ("ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,
 * Effect,Text"). */
static const char *rect_text(const AVSubtitleRect *r)
{
        const char *s;

        if (r->type == SUBTITLE_TEXT)
                return r->text;
        if (r->type != SUBTITLE_ASS || !r->ass)
                return NULL;
        s = r->ass;
        for (int commas = 0; *s && commas < 8; s++)
                if (*s == ',')
                        commas++;
        return s;
}

int dx_probe_captions(const char *path, dx_cues *out, char **lang, char **err, char **warning)
{
        AVFormatContext *fc = NULL;
        AVDictionary *opts = NULL;
        AVCodecContext **cc = NULL;
        char **langs = NULL;
        AVPacket *pkt = NULL;
        char *url = NULL;
        int ntext = 0, bitmap = 0, ret, rc = DX_ERR;
        size_t before = out->n, ncut = 0;
        int64_t first_cut = 0;

        *lang = *err = *warning = NULL;
        pthread_once(&log_once, log_init);
        url = dx_asprintf("file:%s", path);
        if (!url)
                return DX_ENOMEM;
        av_dict_set(&opts, "protocol_whitelist", "file", 0);
        av_dict_set(&opts, "format_whitelist", DX_FORMATS, 0);
        ret = avformat_open_input(&fc, url, NULL, &opts);
        if (ret < 0) {
                *err = open_error(ret);
                goto out;
        }
        cc = calloc(fc->nb_streams + 1, sizeof(*cc));
        langs = calloc(fc->nb_streams + 1, sizeof(*langs));
        pkt = av_packet_alloc();
        if (!cc || !langs || !pkt) {
                rc = DX_ENOMEM;
                goto out_close;
        }
        /* a decoder for every text subtitle stream; the rest is skipped */
        for (unsigned i = 0; i < fc->nb_streams; i++) {
                AVStream *st = fc->streams[i];
                const AVCodec *dec;
                AVDictionaryEntry *e;

                st->discard = AVDISCARD_ALL;
                if (st->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE)
                        continue;
                if (!text_subtitle(st->codecpar->codec_id)) {
                        bitmap++;
                        continue;
                }
                dec = avcodec_find_decoder(st->codecpar->codec_id);
                if (!dec)
                        continue;
                /* out of memory fails the file: its cues are never silently
                 * left out */
                cc[i] = avcodec_alloc_context3(dec);
                if (!cc[i]) {
                        rc = DX_ENOMEM;
                        goto out_close;
                }
                ret = avcodec_parameters_to_context(cc[i], st->codecpar);
                if (ret >= 0) {
                        cc[i]->pkt_timebase = st->time_base;
                        ret = avcodec_open2(cc[i], dec, NULL);
                }
                if (ret == AVERROR(ENOMEM)) {
                        rc = DX_ENOMEM;
                        goto out_close;
                }
                if (ret < 0) {
                        avcodec_free_context(&cc[i]);
                        continue;
                }
                e = av_dict_get(st->metadata, "language", NULL, 0);
                /* a language lost to a failed allocation fails the file,
                 * never stores its cues as of no language */
                if (e && e->value[0] && strcmp(e->value, "und") != 0 &&
                    !(langs[i] = dx_strdup(e->value))) {
                        rc = DX_ENOMEM;
                        goto out_close;
                }
                st->discard = AVDISCARD_DEFAULT;
                ntext++;
        }
        if (bitmap)
                *warning = dx_asprintf("%d bitmap subtitle stream%s skipped (no text to index)",
                                       bitmap, bitmap == 1 ? "" : "s");
        rc = 0;
        while (ntext && rc == 0 && out->n - before < DX_CAPTIONS_MAX_CUES &&
               (ret = av_read_frame(fc, pkt)) >= 0) {
                int si = pkt->stream_index;
                AVSubtitle sub;
                int got = 0, dr = -1;

                if (si >= 0 && (unsigned)si < fc->nb_streams && cc[si] &&
                    pkt->pts != AV_NOPTS_VALUE)
                        dr = avcodec_decode_subtitle2(cc[si], &sub, &got, pkt);
                if (dr == AVERROR(ENOMEM))
                        rc = DX_ENOMEM;
                if (dr >= 0 && got) {
                        AVRational ms = {1, 1000}, tb = fc->streams[si]->time_base;
                        int64_t start = av_rescale_q(pkt->pts, tb, ms);
                        int64_t end = pkt->duration > 0
                                          ? start + av_rescale_q(pkt->duration, tb, ms)
                                          : start + sub.end_display_time;

                        start += sub.start_display_time;
                        for (unsigned r = 0; rc == 0 && r < sub.num_rects; r++) {
                                const char *t = rect_text(sub.rects[r]);
                                size_t n = out->n;

                                if (!t || start < 0)
                                        continue;
                                rc = dx_cues_add(out, start, end, t, strlen(t));
                                if (rc == DX_CUE_CUT) {
                                        if (!ncut++)
                                                first_cut = start;
                                        rc = 0;
                                }
                                if (rc == 0 && out->n > n && langs[si] &&
                                    !(out->v[n].lang = dx_strdup(langs[si])))
                                        rc = DX_ENOMEM;
                        }
                        avsubtitle_free(&sub);
                }
                av_packet_unref(pkt);
        }
        if (rc == 0 && ret == AVERROR(ENOMEM))
                rc = DX_ENOMEM;
        dx_cues_sort(out);
        if (rc == 0 && ncut) {
                dx_buf w = DX_BUF_INIT;

                if (*warning)
                        dx_buf_addf(&w, "; %s", *warning);
                dx_cues_cut_note(&w, ncut, first_cut);
                free(*warning);
                *warning = w.s ? dx_strdup(w.s + 2) : NULL;
                dx_buf_release(&w);
                if (!*warning)
                        rc = DX_ENOMEM;
        }
out_close:
        for (unsigned i = 0; fc && i < fc->nb_streams; i++) {
                if (cc)
                        avcodec_free_context(&cc[i]);
                if (langs)
                        free(langs[i]);
        }
        free(cc);
        free(langs);
        av_packet_free(&pkt);
        avformat_close_input(&fc);
out:
        av_dict_free(&opts);
        free(url);
        return rc;
}
