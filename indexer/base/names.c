/*
 * names.c - comparing what people type: names folded so that spellings of
 * one name meet (case, accents, "ü" and "ue"), and an edit distance for
 * typos (Kalmykov and Kalymykov, sre-error-budget.pdf and
 * sre-error-budgets.pdf).  Used by the report and by "did you mean".
 */
#include "dx_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The ASCII spelling of a two-byte UTF-8 Latin letter (U+00C0 to U+017F),
 * or NULL when it is none. */
static const char *latin(unsigned char a, unsigned char b)
{
        /* U+00C0..U+00FF, by the second byte of C3 xx */
        static const char *const c3[64] = {
            "a", "a", "a", "a", "ae", "a", "ae", "c",  "e", "e", "e", "e", "i",  "i", "i",  "i",
            "d", "n", "o", "o", "o",  "o", "oe", NULL, "o", "u", "u", "u", "ue", "y", "th", "ss",
            "a", "a", "a", "a", "ae", "a", "ae", "c",  "e", "e", "e", "e", "i",  "i", "i",  "i",
            "d", "n", "o", "o", "o",  "o", "oe", NULL, "o", "u", "u", "u", "ue", "y", "th", "y"};
        /* U+0100..U+017F, one letter per code point (I: ij, O: oe) */
        static const char ext[] =
            "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkkllllllllllnnnnnnnnnooooooOOrr"
            "rrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        static const char *const letters[] = {"a", "c", "d", "e", "g", "h", "i", "j", "k", "l",
                                              "n", "o", "r", "s", "t", "u", "w", "y", "z"};
        unsigned cp;

        if (a == 0xC3 && b >= 0x80 && b < 0xC0)
                return c3[b - 0x80];
        if ((a != 0xC4 && a != 0xC5) || b < 0x80 || b >= 0xC0)
                return NULL;
        cp = ((unsigned)(a & 0x1F) << 6 | (b & 0x3F)) - 0x100;
        if (ext[cp] == 'I')
                return "ij";
        if (ext[cp] == 'O')
                return "oe";
        for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
                if (letters[i][0] == ext[cp])
                        return letters[i];
        return NULL;
}

char *dx_name_fold(const char *s)
{
        dx_buf b = DX_BUF_INIT;
        int space = 0;

        for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
                const char *l = p[1] ? latin(p[0], p[1]) : NULL;

                if (l || isalnum(*p) || *p >= 0x80) {
                        if (space && b.len)
                                dx_buf_addc(&b, ' ');
                        space = 0;
                        if (l) {
                                dx_buf_adds(&b, l);
                                p++;
                        } else {
                                dx_buf_addc(&b, (char)tolower(*p));
                        }
                } else {
                        space = 1;
                }
        }
        if (!b.s)
                return dx_strdup("");
        return dx_buf_detach(&b);
}

size_t dx_edit_distance_n(const char *a, size_t n, const char *b, size_t m, size_t max)
{
        size_t stack[3 * (DX_EDIT_SHORT + 1)], *row = stack, *prev2, *prev, *cur, best;

        if ((n > m ? n - m : m - n) > max)
                return max + 1;
        /* a word (the suggestion's many candidates) needs no allocation */
        if (m > DX_EDIT_SHORT && !(row = dx_calloc(3 * (m + 1), sizeof(*row))))
                return max + 1;
        prev2 = row;
        prev = row + m + 1;
        cur = row + 2 * (m + 1);
        for (size_t j = 0; j <= m; j++)
                prev[j] = j;
        best = max + 1;
        for (size_t i = 1; i <= n; i++) {
                size_t low;

                cur[0] = i;
                low = cur[0];
                for (size_t j = 1; j <= m; j++) {
                        size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);

                        if (prev[j] + 1 < c)
                                c = prev[j] + 1;
                        if (cur[j - 1] + 1 < c)
                                c = cur[j - 1] + 1;
                        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                            prev2[j - 2] + 1 < c)
                                c = prev2[j - 2] + 1;
                        cur[j] = c;
                        if (c < low)
                                low = c;
                }
                if (low > max)
                        goto out;
                size_t *t = prev2;
                prev2 = prev;
                prev = cur;
                cur = t;
        }
        best = prev[m] > max ? max + 1 : prev[m];
out:
        if (row != stack)
                free(row);
        return best;
}

size_t dx_edit_distance(const char *a, const char *b, size_t max)
{
        return dx_edit_distance_n(a, strlen(a), b, strlen(b), max);
}
