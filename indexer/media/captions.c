/*
 * captions.c - our SubRip (.srt) and WebVTT (.vtt) reader: turns a caption
 * file as found in the wild (BOM, CRLF, UTF-16 or Latin-1, missing or odd
 * cue numbers, hours left out, cue settings, NOTE/STYLE/REGION blocks,
 * markup) into cues with start and end in milliseconds and plain text.
 * Bad input yields the cues that could be read and a warning, never a
 * failure.
 */
#include "dx_media.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void dx_cues_release(dx_cues *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < c->n; i++) {
                free(c->v[i].text);
                free(c->v[i].lang);
        }
        free(c->v);
        c->v = NULL;
        c->n = c->alloc = 0;
}

static int is_tag_start(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Append the text of one cue to b without markup: <tags>, {\overrides},
 * entities and ASS line breaks; lines become spaces. */
static void clean_text(dx_buf *b, const char *s, size_t n)
{
        static const struct {
                const char *name;
                const char *text;
        } ents[] = {{"&amp;", "&"},  {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
                    {"&apos;", "'"}, {"&nbsp;", " "}, {"&lrm;", ""},  {"&rlm;", ""},
                    {"&#39;", "'"},  {"&#34;", "\""}, {"&#160;", " "}};
        size_t i = 0;

        while (i < n) {
                char c = s[i];
                const char *end;

                if (c == '<' && i + 1 < n &&
                    (s[i + 1] == '/' || s[i + 1] == '.' || is_tag_start(s[i + 1])) &&
                    (end = memchr(s + i, '>', n - i < 256 ? n - i : 256))) {
                        i = (size_t)(end - s) + 1;
                        continue;
                }
                if (c == '{' && i + 1 < n && s[i + 1] == '\\' &&
                    (end = memchr(s + i, '}', n - i < 256 ? n - i : 256))) {
                        i = (size_t)(end - s) + 1;
                        continue;
                }
                if (c == '\\' && i + 1 < n &&
                    (s[i + 1] == 'N' || s[i + 1] == 'n' || s[i + 1] == 'h')) {
                        dx_buf_addc(b, ' ');
                        i += 2;
                        continue;
                }
                if (c == '&') {
                        size_t k;

                        for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
                                size_t l = strlen(ents[k].name);

                                if (l <= n - i && memcmp(s + i, ents[k].name, l) == 0) {
                                        dx_buf_adds(b, ents[k].text);
                                        i += l;
                                        break;
                                }
                        }
                        if (k < sizeof(ents) / sizeof(ents[0]))
                                continue;
                }
                if (c == '\n' || c == '\r' || c == '\t' || c == '\0')
                        c = ' ';
                dx_buf_addc(b, c);
                i++;
        }
}

int dx_cues_add(dx_cues *c, int64_t start_ms, int64_t end_ms, const char *text, size_t len)
{
        dx_buf b = DX_BUF_INIT;
        char *t;
        int cut;

        b.max = DX_CUE_MAX_TEXT;
        clean_text(&b, text, len);
        if (!b.s) {
                dx_buf_release(&b);
                return 0;
        }
        if (b.truncated) /* do not leave half a UTF-8 sequence */
                while (b.len && ((unsigned char)b.s[b.len - 1] & 0xC0) == 0x80)
                        b.s[--b.len] = '\0';
        if (b.truncated && b.len && (unsigned char)b.s[b.len - 1] >= 0xC0)
                b.s[--b.len] = '\0';
        cut = b.truncated;
        t = dx_buf_detach(&b);
        if (!t)
                return DX_ENOMEM;
        dx_squeeze_space(t);
        if (!t[0]) {
                free(t);
                return 0;
        }
        if (c->n == c->alloc) {
                size_t na = c->alloc ? c->alloc * 2 : 64;
                dx_cue *v = realloc(c->v, na * sizeof(*v));

                if (!v) {
                        free(t);
                        return DX_ENOMEM;
                }
                c->v = v;
                c->alloc = na;
        }
        c->v[c->n].start_ms = start_ms;
        c->v[c->n].end_ms = end_ms < start_ms ? start_ms : end_ms;
        c->v[c->n].text = t;
        c->v[c->n].lang = NULL;
        c->n++;
        return cut ? DX_CUE_CUT : 0;
}

void dx_cues_cut_note(dx_buf *w, size_t ncut, int64_t first_ms)
{
        char at[32];

        if (!ncut)
                return;
        if (first_ms < 0)
                first_ms = 0;
        snprintf(at, sizeof(at), "%02lld:%02lld:%02lld.%03lld", (long long)(first_ms / 3600000),
                 (long long)(first_ms / 60000 % 60), (long long)(first_ms / 1000 % 60),
                 (long long)(first_ms % 1000));
        if (ncut == 1)
                dx_buf_addf(w, "; the cue at %s is over %zu KiB: cut", at, DX_CUE_MAX_TEXT >> 10);
        else
                dx_buf_addf(w, "; %zu cues are over %zu KiB, the first at %s: cut", ncut,
                            DX_CUE_MAX_TEXT >> 10, at);
}

/* Merge sort on start time: stable, and n log n whatever the order. */
void dx_cues_sort(dx_cues *c)
{
        dx_cue *tmp;
        size_t i;

        for (i = 1; i < c->n && c->v[i - 1].start_ms <= c->v[i].start_ms; i++)
                ;
        if (i >= c->n)
                return;
        tmp = malloc(c->n * sizeof(*tmp));
        if (!tmp)
                return; /* left in file order */
        for (size_t w = 1; w < c->n; w *= 2) {
                for (size_t lo = 0; lo < c->n; lo += 2 * w) {
                        size_t mid = lo + w < c->n ? lo + w : c->n;
                        size_t hi = lo + 2 * w < c->n ? lo + 2 * w : c->n;
                        size_t a = lo, b = mid, k = lo;

                        while (a < mid && b < hi)
                                tmp[k++] =
                                    c->v[b].start_ms < c->v[a].start_ms ? c->v[b++] : c->v[a++];
                        while (a < mid)
                                tmp[k++] = c->v[a++];
                        while (b < hi)
                                tmp[k++] = c->v[b++];
                }
                memcpy(c->v, tmp, c->n * sizeof(*tmp));
        }
        free(tmp);
}

/* ---- timestamps ---------------------------------------------------------- */

static int is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static int is_space(char c)
{
        return c == ' ' || c == '\t';
}

/* Parse "[h:]mm:ss[,.]mmm" at s[*i..n); 0 and *ms on success. */
static int parse_time(const char *s, size_t n, size_t *i, int64_t *ms)
{
        int64_t part[3];
        int nparts = 0;
        int64_t frac = 0;
        size_t p = *i;

        while (p < n && is_space(s[p]))
                p++;
        for (;;) {
                int64_t v = 0;
                int d = 0;

                while (p < n && is_digit(s[p]) && d < 9) {
                        v = v * 10 + (s[p++] - '0');
                        d++;
                }
                if (d == 0 || (p < n && is_digit(s[p])))
                        return -1;
                part[nparts++] = v;
                if (nparts < 3 && p < n && s[p] == ':') {
                        p++;
                        continue;
                }
                break;
        }
        if (nparts < 2)
                return -1;
        if (p < n && (s[p] == ',' || s[p] == '.')) {
                int d = 0;

                p++;
                while (p < n && is_digit(s[p])) {
                        if (d < 3) {
                                frac = frac * 10 + (s[p] - '0');
                                d++;
                        }
                        p++;
                }
                if (d == 0)
                        return -1;
                while (d++ < 3)
                        frac *= 10;
        }
        if (part[nparts - 1] > 59 || (nparts == 3 && part[1] > 59))
                return -1;
        *ms = frac + 1000 * (part[nparts - 1] + 60 * part[nparts - 2] +
                             (nparts == 3 ? 3600 * part[0] : 0));
        *i = p;
        return 0;
}

/* A cue timing line "START --> END [settings]": 1 and the times, else 0. */
static int timing_line(const char *s, size_t n, int64_t *start, int64_t *end)
{
        size_t i = 0;

        if (parse_time(s, n, &i, start))
                return 0;
        while (i < n && is_space(s[i]))
                i++;
        if (n - i < 3 || memcmp(s + i, "-->", 3) != 0)
                return 0;
        i += 3;
        if (parse_time(s, n, &i, end))
                return 0;
        return i == n || is_space(s[i]);
}

/* ---- the file ------------------------------------------------------------- */

/* UTF-16 from byte `from` on (past a BOM) to UTF-8; lone surrogates
 * become U+FFFD. */
static char *from_utf16(const unsigned char *p, size_t n, size_t from, int big)
{
        dx_buf b = DX_BUF_INIT;

        for (size_t i = from; i + 1 < n; i += 2) {
                unsigned u =
                    big ? (unsigned)(p[i] << 8 | p[i + 1]) : (unsigned)(p[i + 1] << 8 | p[i]);
                char o[4];

                if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
                        unsigned l = big ? (unsigned)(p[i + 2] << 8 | p[i + 3])
                                         : (unsigned)(p[i + 3] << 8 | p[i + 2]);
                        if (l >= 0xDC00 && l < 0xE000) {
                                u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
                                i += 2;
                        } else {
                                u = 0xFFFD;
                        }
                } else if (u >= 0xD800 && u < 0xE000) {
                        u = 0xFFFD;
                }
                if (u < 0x80) {
                        dx_buf_addc(&b, u ? (char)u : ' ');
                } else if (u < 0x800) {
                        o[0] = (char)(0xC0 | u >> 6);
                        o[1] = (char)(0x80 | (u & 0x3F));
                        dx_buf_add(&b, o, 2);
                } else if (u < 0x10000) {
                        o[0] = (char)(0xE0 | u >> 12);
                        o[1] = (char)(0x80 | (u >> 6 & 0x3F));
                        o[2] = (char)(0x80 | (u & 0x3F));
                        dx_buf_add(&b, o, 3);
                } else {
                        o[0] = (char)(0xF0 | u >> 18);
                        o[1] = (char)(0x80 | (u >> 12 & 0x3F));
                        o[2] = (char)(0x80 | (u >> 6 & 0x3F));
                        o[3] = (char)(0x80 | (u & 0x3F));
                        dx_buf_add(&b, o, 4);
                }
        }
        return dx_buf_detach(&b);
}

/* UTF-16 without a BOM, told by its NUL bytes: a caption file has ASCII
 * in every cue (timings, numbers, line ends), so in UTF-16LE a quarter or
 * more of the byte pairs of the first few KiB have a NUL second byte, even
 * when the text is in CJK, and almost none a NUL first byte (UTF-16BE the
 * other way round).  A UTF-8 file with stray NULs is far from that.
 * 0 (not UTF-16), 'l' or 'b'. */
static int sniff_utf16(const unsigned char *p, size_t n)
{
        size_t pairs, nul[2] = {0, 0};

        if (n > DX_CAPTIONS_SNIFF_BYTES)
                n = DX_CAPTIONS_SNIFF_BYTES;
        pairs = n / 2;
        if (pairs < 16)
                return 0;
        for (size_t i = 0; i + 1 < n; i += 2) {
                nul[0] += p[i] == 0;
                nul[1] += p[i + 1] == 0;
        }
        if (nul[1] * 4 >= pairs && nul[0] * 16 <= nul[1])
                return 'l';
        if (nul[0] * 4 >= pairs && nul[1] * 16 <= nul[0])
                return 'b';
        return 0;
}

static int block_keyword(const char *s, size_t n, const char *kw)
{
        size_t l = strlen(kw);

        return n >= l && memcmp(s, kw, l) == 0 && (n == l || is_space(s[l]));
}

static int all_digits(const char *s, size_t n)
{
        size_t i;

        for (i = 0; i < n && is_digit(s[i]); i++)
                ;
        return n > 0 && i == n;
}

enum { ST_START, ST_HEADER, ST_IDLE, ST_ID, ST_TEXT, ST_SKIP };

int dx_captions_parse(const char *data, size_t len, dx_cues *out, char **warning)
{
        const unsigned char *u = (const unsigned char *)data;
        char *t;
        size_t n, pos = 0, cut = 0;
        size_t stray = 0, bad_times = 0, dropped = 0, before = out->n;
        size_t ncut = 0;
        int converted = 0, utf16 = 0, sniffed, state = ST_START, rc = 0;
        int64_t start = 0, end = 0, last_start = -1, first_cut = 0;
        int unordered = 0;
        dx_buf text = DX_BUF_INIT;
        size_t text_last_line = 0; /* where the cue's last line began in text */

        if (warning)
                *warning = NULL;
        if (len > DX_CAPTIONS_MAX_BYTES) {
                cut = len;
                len = DX_CAPTIONS_MAX_BYTES;
        }
        if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
                t = from_utf16(u, len, 2, u[0] == 0xFE);
                utf16 = 1;
        } else if ((sniffed = sniff_utf16(u, len))) {
                t = from_utf16(u, len, 0, sniffed == 'b');
                utf16 = 1;
        } else {
                if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
                        data += 3;
                        len -= 3;
                }
                if (memchr(data, '\0', len)) { /* NUL bytes become spaces */
                        char *c = dx_strndup(data, len);

                        if (!c)
                                return DX_ENOMEM;
                        for (size_t i = 0; i < len; i++)
                                if (!c[i])
                                        c[i] = ' ';
                        t = dx_utf8_clean(c, len, &converted);
                        free(c);
                } else {
                        t = dx_utf8_clean(data, len, &converted);
                }
        }
        if (!t)
                return DX_ENOMEM;
        n = strlen(t);
        text.max = DX_CUE_MAX_TEXT * 2;

        while (rc == 0) {
                size_t ls = pos, le;
                int64_t s0, e0;
                int is_timing, blank;

                if (pos == n && state != ST_TEXT)
                        break;
                while (pos < n && t[pos] != '\n' && t[pos] != '\r')
                        pos++;
                le = pos;
                if (pos < n && t[pos] == '\r' && pos + 1 < n && t[pos + 1] == '\n')
                        pos += 2;
                else if (pos < n)
                        pos++; /* past '\n' or '\r' */
                while (le > ls && is_space(t[le - 1]))
                        le--;
                blank = le == ls;
                while (ls < le && is_space(t[ls]) && state != ST_TEXT)
                        ls++;
                is_timing = !blank && memmem(t + ls, le - ls, "-->", 3) &&
                            timing_line(t + ls, le - ls, &s0, &e0);

                if (state == ST_TEXT && (blank || is_timing || ls >= n)) {
                        /* the cue ends; a number right before a timing line
                         * was the next cue's identifier (no blank line) */
                        if (is_timing && text.len > text_last_line &&
                            all_digits(text.s + text_last_line, text.len - text_last_line))
                                text.len = text_last_line ? text_last_line - 1 : 0;
                        if (out->n - before >= DX_CAPTIONS_MAX_CUES) {
                                dropped++;
                        } else {
                                if (out->n > before && start < last_start)
                                        unordered = 1;
                                last_start = start;
                                rc = dx_cues_add(out, start, end, text.s ? text.s : "", text.len);
                                if (rc == DX_CUE_CUT || (rc == 0 && text.truncated)) {
                                        if (!ncut++)
                                                first_cut = start;
                                        rc = 0;
                                }
                        }
                        dx_buf_reset(&text);
                        text.truncated = 0;
                        state = ST_IDLE;
                        if (ls >= n && !is_timing)
                                break;
                }
                if (is_timing) {
                        if (e0 < s0)
                                bad_times++;
                        start = s0;
                        end = e0;
                        state = ST_TEXT;
                        text_last_line = 0;
                        continue;
                }
                switch (state) {
                case ST_START:
                        if (blank)
                                break;
                        if (block_keyword(t + ls, le - ls, "WEBVTT"))
                                state = ST_HEADER;
                        else if (all_digits(t + ls, le - ls))
                                state = ST_ID;
                        else {
                                stray++;
                                state = ST_SKIP;
                        }
                        break;
                case ST_HEADER:
                case ST_SKIP:
                        if (blank)
                                state = ST_IDLE;
                        break;
                case ST_IDLE:
                        if (blank)
                                break;
                        if (block_keyword(t + ls, le - ls, "NOTE") ||
                            block_keyword(t + ls, le - ls, "STYLE") ||
                            block_keyword(t + ls, le - ls, "REGION"))
                                state = ST_SKIP;
                        else
                                state = ST_ID; /* a cue identifier, any text */
                        break;
                case ST_ID:
                        /* an identifier not followed by a timing line */
                        stray++;
                        state = blank ? ST_IDLE : ST_SKIP;
                        break;
                case ST_TEXT:
                        if (text.len)
                                dx_buf_addc(&text, '\n');
                        text_last_line = text.len;
                        dx_buf_add(&text, t + ls, le - ls);
                        break;
                }
        }
        if (rc == 0 && unordered)
                dx_cues_sort(out);
        if (rc == 0 && warning) {
                dx_buf w = DX_BUF_INIT;

                if (utf16)
                        dx_buf_adds(&w, "; read as UTF-16");
                if (converted)
                        dx_buf_adds(&w, "; not UTF-8: read as Windows-1252");
                if (stray)
                        dx_buf_addf(&w, "; %zu block%s without a cue timing skipped", stray,
                                    stray == 1 ? "" : "s");
                if (bad_times)
                        dx_buf_addf(&w, "; %zu cue%s ending before %s start", bad_times,
                                    bad_times == 1 ? "" : "s", bad_times == 1 ? "its" : "their");
                dx_cues_cut_note(&w, ncut, first_cut);
                if (dropped)
                        dx_buf_addf(&w, "; %zu cues over the limit of %d dropped", dropped,
                                    DX_CAPTIONS_MAX_CUES);
                if (cut)
                        dx_buf_addf(&w, "; only the first %zu MiB of %zu read",
                                    DX_CAPTIONS_MAX_BYTES >> 20, cut);
                if (w.len) {
                        *warning = dx_strdup(w.s + 2);
                        if (!*warning)
                                rc = DX_ENOMEM;
                }
                dx_buf_release(&w);
        }
        dx_buf_release(&text);
        free(t);
        return rc;
}

int dx_captions_read(const char *path, dx_cues *out, char **err, char **warning)
{
        FILE *f;
        char *data = NULL;
        size_t len = 0, got;
        struct stat st = {0};
        int rc = DX_ERR;
        size_t before = out->n;

        *err = NULL;
        if (warning)
                *warning = NULL;
        f = fopen(path, "rb");
        if (!f) {
                *err = dx_asprintf("%s", strerror(errno));
                return DX_ERR;
        }
        if (fstat(fileno(f), &st) == 0 && st.st_size > 0)
                len = (size_t)st.st_size > DX_CAPTIONS_MAX_BYTES ? DX_CAPTIONS_MAX_BYTES
                                                                 : (size_t)st.st_size;
        data = malloc(len + 1);
        if (!data) {
                rc = DX_ENOMEM;
                goto out_close;
        }
        got = fread(data, 1, len, f);
        if (ferror(f)) {
                *err = dx_asprintf("%s", strerror(errno));
                goto out_free;
        }
        rc = dx_captions_parse(data, got, out, warning);
        if (rc == 0 && warning && (size_t)st.st_size > DX_CAPTIONS_MAX_BYTES) {
                char *w = dx_asprintf("%s%sonly the first %zu MiB of %lld bytes read",
                                      *warning ? *warning : "", *warning ? "; " : "",
                                      DX_CAPTIONS_MAX_BYTES >> 20, (long long)st.st_size);
                free(*warning);
                *warning = w;
        }
        if (rc == 0 && out->n == before) {
                *err = dx_asprintf("no caption cues%s%s", warning && *warning ? ": " : "",
                                   warning && *warning ? *warning : "");
                if (warning) {
                        free(*warning);
                        *warning = NULL;
                }
                rc = DX_ERR;
        }
out_free:
        free(data);
out_close:
        fclose(f);
        return rc;
}
