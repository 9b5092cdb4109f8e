/*
 * buf.c - the growable string buffer used wherever the indexer builds text:
 * always NUL-terminated, grown geometrically, and never past its ceiling
 * (appends beyond it are cut and remembered in ->truncated).
 */
#include "dx_int.h"

#include <stdlib.h>
#include <string.h>

static int grow(dx_buf *b, size_t extra)
{
        size_t max = b->max ? b->max : DX_BUF_MAX;
        size_t want, n;
        char *s;

        if (b->len + extra + 1 <= b->alloc)
                return 0;
        if (extra > max - b->len)
                return DX_ERR;
        want = b->len + extra + 1;
        n = b->alloc ? b->alloc : 64;
        while (n < want)
                n = n > SIZE_MAX / 2 ? want : n * 2;
        if (n > max + 1)
                n = max + 1;
        s = realloc(b->s, n);
        if (!s)
                return DX_ENOMEM;
        b->s = s;
        b->alloc = n;
        return 0;
}

int dx_buf_add(dx_buf *b, const char *s, size_t n)
{
        size_t max = b->max ? b->max : DX_BUF_MAX;
        int rc;

        if (n > max - b->len) {
                n = max - b->len;
                b->truncated = 1;
        }
        rc = grow(b, n);
        if (rc) {
                b->failed = rc == DX_ENOMEM;
                if (b->failed)
                        dx_alloc_failed();
                return rc;
        }
        if (n)
                memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
        return b->truncated ? DX_ERR : 0;
}

int dx_buf_adds(dx_buf *b, const char *s)
{
        return dx_buf_add(b, s, strlen(s));
}

int dx_buf_addc(dx_buf *b, char c)
{
        return dx_buf_add(b, &c, 1);
}

int dx_buf_vaddf(dx_buf *b, const char *fmt, va_list ap)
{
        char small[256];
        va_list cp;
        int n;

        va_copy(cp, ap);
        n = vsnprintf(small, sizeof(small), fmt, cp);
        va_end(cp);
        if (n < 0)
                return DX_ERR;
        if ((size_t)n < sizeof(small))
                return dx_buf_add(b, small, (size_t)n);
        {
                /* long output: format aside, then append, cut at the ceiling */
                char *big = malloc((size_t)n + 1);
                int rc;

                if (!big) {
                        b->failed = 1;
                        dx_alloc_failed();
                        return DX_ENOMEM;
                }
                vsnprintf(big, (size_t)n + 1, fmt, ap);
                rc = dx_buf_add(b, big, (size_t)n);
                free(big);
                return rc;
        }
}

int dx_buf_addf(dx_buf *b, const char *fmt, ...)
{
        va_list ap;
        int rc;

        va_start(ap, fmt);
        rc = dx_buf_vaddf(b, fmt, ap);
        va_end(ap);
        return rc;
}

char *dx_buf_detach(dx_buf *b)
{
        char *s;

        if (b->failed) {
                dx_buf_release(b);
                return NULL;
        }
        s = b->s ? b->s : dx_strdup("");
        b->s = NULL;
        b->len = b->alloc = 0;
        b->truncated = 0;
        return s;
}

void dx_buf_reset(dx_buf *b)
{
        b->len = 0;
        b->truncated = b->failed = 0;
        if (b->s)
                b->s[0] = '\0';
}

void dx_buf_release(dx_buf *b)
{
        free(b->s);
        b->s = NULL;
        b->len = b->alloc = 0;
        b->truncated = b->failed = 0;
}
