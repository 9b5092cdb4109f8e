/*
 * util.c - small text and path helpers: UTF-8 checking and repair, slugs,
 * date prefixes, paths kept inside a folder, string vectors, the clock and
 * content hashes.
 */
#include "dx_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* allocations of the library's helpers that failed on this thread */
static _Thread_local size_t alloc_failures;

size_t dx_alloc_failures(void)
{
        return alloc_failures;
}

void dx_alloc_failed(void)
{
        alloc_failures++;
}

void *dx_calloc(size_t n, size_t size)
{
        void *p = calloc(n, size);

        if (!p)
                alloc_failures++;
        return p;
}

void *dx_realloc(void *p, size_t n)
{
        void *r = realloc(p, n);

        if (!r)
                alloc_failures++;
        return r;
}

char *dx_strdup(const char *s)
{
        return s ? dx_strndup(s, strlen(s)) : NULL;
}

char *dx_strndup(const char *s, size_t n)
{
        char *d = malloc(n + 1);

        if (!d) {
                alloc_failures++;
                return NULL;
        }
        memcpy(d, s, n);
        d[n] = '\0';
        return d;
}

char *dx_asprintf(const char *fmt, ...)
{
        dx_buf b = DX_BUF_INIT;
        va_list ap;
        int rc;

        va_start(ap, fmt);
        rc = dx_buf_vaddf(&b, fmt, ap);
        va_end(ap);
        if (rc) {
                dx_buf_release(&b);
                return NULL;
        }
        return dx_buf_detach(&b);
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
        unsigned c = s[0];
        size_t len, i;
        uint32_t cp;

        if (c < 0x80)
                return 1;
        if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                cp = c & 0x07;
        } else {
                return 0;
        }
        if (n < len)
                return 0;
        for (i = 1; i < len; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
        return len;
}

int dx_utf8_valid(const char *s, size_t n)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t i = 0, k;

        while (i < n) {
                k = utf8_seq(p + i, n - i);
                if (!k)
                        return 0;
                i += k;
        }
        return 1;
}

/* Windows-1252 code points for 0x80-0x9F; the rest of the byte range is
 * Latin-1.  Undefined slots map to U+FFFD. */
static const uint16_t cp1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void put_utf8(dx_buf *b, uint32_t cp)
{
        char o[3];

        if (cp < 0x80) {
                dx_buf_addc(b, (char)cp);
        } else if (cp < 0x800) {
                o[0] = (char)(0xC0 | (cp >> 6));
                o[1] = (char)(0x80 | (cp & 0x3F));
                dx_buf_add(b, o, 2);
        } else {
                o[0] = (char)(0xE0 | (cp >> 12));
                o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[2] = (char)(0x80 | (cp & 0x3F));
                dx_buf_add(b, o, 3);
        }
}

char *dx_utf8_clean(const char *s, size_t n, int *converted)
{
        const unsigned char *p = (const unsigned char *)s;
        dx_buf b = DX_BUF_INIT;
        size_t i;

        if (converted)
                *converted = 0;
        if (dx_utf8_valid(s, n))
                return dx_strndup(s, n);
        if (converted)
                *converted = 1;
        for (i = 0; i < n; i++) {
                if (p[i] < 0x80)
                        dx_buf_addc(&b, (char)p[i]);
                else if (p[i] < 0xA0)
                        put_utf8(&b, cp1252[p[i] - 0x80]);
                else
                        put_utf8(&b, p[i]);
        }
        return dx_buf_detach(&b);
}

char *dx_utf8_display(const char *s)
{
        return s ? dx_utf8_clean(s, strlen(s), NULL) : NULL;
}

char *dx_slugify(const char *s)
{
        dx_buf b = DX_BUF_INIT;
        int dash = 0;

        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;

                if (isalnum(c) && c < 0x80) {
                        if (dash && b.len)
                                dx_buf_addc(&b, '-');
                        dash = 0;
                        dx_buf_addc(&b, (char)tolower(c));
                } else if (c != '\'') {
                        dash = 1;
                }
        }
        if (b.len > 80) {
                b.len = 80;
                while (b.len && b.s[b.len - 1] == '-')
                        b.len--;
                b.s[b.len] = '\0';
        }
        return dx_buf_detach(&b);
}

void dx_squeeze_space(char *s)
{
        char *w = s, *r = s;
        int space = 0;

        while (*r && isspace((unsigned char)*r))
                r++;
        for (; *r; r++) {
                if (isspace((unsigned char)*r)) {
                        space = 1;
                        continue;
                }
                if (space)
                        *w++ = ' ';
                space = 0;
                *w++ = *r;
        }
        *w = '\0';
}

char *dx_path_join(const char *a, const char *b)
{
        size_t la;

        if (!a || !b) /* a part that could not be made: so cannot the whole */
                return NULL;
        la = strlen(a);

        if (!la || a[la - 1] == '/')
                return dx_asprintf("%s%s", a, b);
        return dx_asprintf("%s/%s", a, b);
}

int dx_path_inside(const char *root, const char *real)
{
        size_t n = strlen(root);

        if (strcmp(root, "/") == 0)
                return real[0] == '/';
        return strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* Where the open file fd is, resolved: from /proc, else (no /proc) the
 * realpath of path, if that names the same file.  NULL when unknown. */
static char *fd_real_path(int fd, const char *path, const struct stat *sb)
{
        char link[32], buf[PATH_MAX];
        struct stat rsb;
        char *real;
        ssize_t n;

        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        n = readlink(link, buf, sizeof(buf) - 1);
        if (n > 0 && (size_t)n < sizeof(buf) - 1) {
                buf[n] = '\0';
                return dx_strdup(buf);
        }
        real = realpath(path, NULL);
        if (real &&
            (stat(real, &rsb) != 0 || rsb.st_dev != sb->st_dev || rsb.st_ino != sb->st_ino)) {
                free(real);
                real = NULL;
        }
        return real;
}

int dx_pin_open(dx_pinned *p, const char *root, const char *path, char **err)
{
        char *real = NULL, *real_root = NULL;
        struct stat sb;
        int fl;

        p->fd = -1;
        p->path[0] = '\0';
        *err = NULL;
        /* O_NONBLOCK: a FIFO put in the file's place cannot hang the open */
        p->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (p->fd < 0 || fstat(p->fd, &sb) != 0) {
                *err = dx_asprintf("cannot read: %s", strerror(errno));
                goto fail;
        }
        if (S_ISDIR(sb.st_mode)) {
                *err = dx_strdup("cannot read: Is a directory");
                goto fail;
        }
        if (!S_ISREG(sb.st_mode)) {
                *err = dx_strdup("not a regular file");
                goto fail;
        }
        real = fd_real_path(p->fd, path, &sb);
        /* callers mostly pass a root resolved already: resolve it only when
         * the file does not sit inside it as given */
        if (real && !dx_path_inside(root, real))
                real_root = realpath(root, NULL);
        if (!real || (real_root ? !dx_path_inside(real_root, real) : !dx_path_inside(root, real))) {
                *err = dx_strdup(real ? "outside the archive (a symlink leads out of it)"
                                      : "cannot read: cannot tell where the file is");
                goto fail;
        }
        fl = fcntl(p->fd, F_GETFL);
        if (fl < 0 || fcntl(p->fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
                *err = dx_asprintf("cannot read: %s", strerror(errno));
                goto fail;
        }
        snprintf(p->path, sizeof(p->path), "/proc/self/fd/%d", p->fd);
        free(real);
        free(real_root);
        return 0;
fail:
        free(real);
        free(real_root);
        dx_pin_close(p);
        if (!*err)
                return DX_ENOMEM;
        return DX_ERR;
}

void dx_pin_close(dx_pinned *p)
{
        if (p->fd >= 0)
                close(p->fd);
        p->fd = -1;
        p->path[0] = '\0';
}

static int digits(const char *s, int n)
{
        for (int i = 0; i < n; i++)
                if (!isdigit((unsigned char)s[i]))
                        return 0;
        return 1;
}

static int two(const char *s)
{
        return (s[0] - '0') * 10 + (s[1] - '0');
}

size_t dx_utf8_cut(const char *s, size_t max)
{
        size_t n = strnlen(s, max);

        if (n < max)
                return n;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
                n--;
        return n;
}

int dx_days_in_month(int year, int month)
{
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

        return mdays[month - 1] + (month == 2 && leap);
}

dx_date_kind dx_date_prefix(const char *s, int year_ok, char out[11], size_t *len)
{
        int year, month, day = 0;
        size_t n;

        *len = 0;
        out[0] = '\0';
        if (!digits(s, 4))
                return DX_DATE_NONE;
        year = two(s) * 100 + two(s + 2);
        if (s[4] == '-' && digits(s + 5, 2) && !isdigit((unsigned char)s[7])) {
                n = 7;
                month = two(s + 5);
                if (s[7] == '-' && digits(s + 8, 2) && !isdigit((unsigned char)s[10])) {
                        n = 10;
                        day = two(s + 8);
                }
        } else if (year_ok && !isdigit((unsigned char)s[4])) {
                n = 4;
                month = 1;
        } else {
                return DX_DATE_NONE;
        }
        *len = n;
        if (year < DX_YEAR_MIN || year > DX_YEAR_MAX || month < 1 || month > 12 ||
            (n == 10 && (day < 1 || day > dx_days_in_month(year, month))))
                return DX_DATE_BAD;
        memcpy(out, s, n);
        out[n] = '\0';
        return DX_DATE_OK;
}

char *dx_leading_date(const char *s)
{
        char d[11];
        size_t n;

        return dx_date_prefix(s, 0, d, &n) == DX_DATE_OK ? dx_strdup(d) : NULL;
}

void dx_strv_free(char **v, size_t n)
{
        if (!v)
                return;
        for (size_t i = 0; i < n; i++)
                free(v[i]);
        free(v);
}

double dx_now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t dx_fnv(uint64_t h, const void *p, size_t n)
{
        const unsigned char *b = p;

        for (size_t i = 0; i < n; i++) {
                h ^= b[i];
                h *= 1099511628211ULL;
        }
        return h;
}

#define HASH_WHOLE_MAX ((off_t)64 << 20)
#define HASH_SAMPLE    ((size_t)1 << 20)

int dx_file_hash(const char *path, char out[DX_HASH_LEN + 1])
{
        unsigned char *buf;
        struct stat sb;
        uint64_t h = DX_FNV_INIT;
        off_t off = 0, end;
        ssize_t n;
        int fd, rc = 0;

        out[0] = '\0';
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
                rc = S_ISREG(sb.st_mode) ? -errno : -EINVAL;
                close(fd);
                return rc;
        }
        buf = malloc(HASH_SAMPLE);
        if (!buf) {
                close(fd);
                return -ENOMEM;
        }
        h = dx_fnv(h, &sb.st_size, sizeof(sb.st_size));
        /* all of it; past 64 MiB (no slide deck should be), the head and tail */
        end = sb.st_size <= HASH_WHOLE_MAX ? sb.st_size : (off_t)HASH_SAMPLE;
        while (off < end) {
                size_t want = (size_t)(end - off) < HASH_SAMPLE ? (size_t)(end - off) : HASH_SAMPLE;
                n = pread(fd, buf, want, off);
                if (n <= 0) {
                        rc = n < 0 ? -errno : 0;
                        break;
                }
                h = dx_fnv(h, buf, (size_t)n);
                off += n;
        }
        if (!rc && end < sb.st_size) {
                off_t tail = sb.st_size - (off_t)HASH_SAMPLE;
                while (!rc && tail < sb.st_size) {
                        n = pread(fd, buf, HASH_SAMPLE, tail);
                        if (n <= 0) {
                                rc = n < 0 ? -errno : 0;
                                break;
                        }
                        h = dx_fnv(h, buf, (size_t)n);
                        tail += n;
                }
        }
        free(buf);
        close(fd);
        if (!rc)
                snprintf(out, DX_HASH_LEN + 1, "%016llx", (unsigned long long)h);
        return rc;
}

/* ISO 639-2 codes (bibliographic and terminology forms) of the languages
 * talks are most often captioned in, with their ISO 639-1 code. */
static const struct {
        char three[4], two[3];
} lang_codes[] = {
    {"ara", "ar"}, {"bul", "bg"}, {"cat", "ca"}, {"ces", "cs"}, {"chi", "zh"}, {"cze", "cs"},
    {"dan", "da"}, {"deu", "de"}, {"dut", "nl"}, {"ell", "el"}, {"eng", "en"}, {"est", "et"},
    {"fas", "fa"}, {"fin", "fi"}, {"fra", "fr"}, {"fre", "fr"}, {"ger", "de"}, {"gre", "el"},
    {"heb", "he"}, {"hin", "hi"}, {"hrv", "hr"}, {"hun", "hu"}, {"ind", "id"}, {"ita", "it"},
    {"jpn", "ja"}, {"kor", "ko"}, {"lav", "lv"}, {"lit", "lt"}, {"msa", "ms"}, {"nld", "nl"},
    {"nor", "no"}, {"per", "fa"}, {"pol", "pl"}, {"por", "pt"}, {"ron", "ro"}, {"rum", "ro"},
    {"rus", "ru"}, {"slk", "sk"}, {"slo", "sk"}, {"slv", "sl"}, {"spa", "es"}, {"srp", "sr"},
    {"swe", "sv"}, {"tha", "th"}, {"tur", "tr"}, {"ukr", "uk"}, {"vie", "vi"}, {"zho", "zh"},
};

size_t dx_lang_canon(const char *tag, char *out, size_t size)
{
        size_t n = strcspn(tag, "-_"), k = 0;
        char primary[4] = "";

        if (!size)
                return 0;
        if (n == 3) {
                for (size_t i = 0; i < 3; i++)
                        primary[i] = (char)tolower((unsigned char)tag[i]);
                for (size_t i = 0; i < sizeof(lang_codes) / sizeof(lang_codes[0]); i++)
                        if (memcmp(primary, lang_codes[i].three, 3) == 0) {
                                memcpy(out, lang_codes[i].two, size > 2 ? 2 : size - 1);
                                k = size > 2 ? 2 : size - 1;
                                tag += 3;
                                break;
                        }
        }
        for (; *tag && k + 1 < size; tag++)
                out[k++] = *tag == '_' ? '-' : (char)tolower((unsigned char)*tag);
        out[k] = '\0';
        return k;
}
