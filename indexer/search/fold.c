/*
 * fold.c - the words talk_fts indexes, as people type them.  unicode61
 * (remove_diacritics 2) drops accents but keeps letters that are no
 * letter with a mark (ø, æ, ß, ł, đ, þ): a member types "Sorensen" for
 * Sørensen, "Strasse" for Straße.  And it takes "C#", "F#" and "C++" for
 * the word "c".  dx_fold_words() writes those letters as ASCII and a
 * lone letter with "#" or "++" as one word ("csharp", "cplusplus"), and
 * never changes how many words the text has, so that a match's place in
 * the folded text is its place in the text as written (locate.c counts
 * the words of the text as written).  The index folds what it indexes
 * (store.c, dxfold() in SQL, schema 5 on), search folds the query, and
 * the site's search.js folds queries alike.
 */
#include "dx_fts.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Letters unicode61 keeps, as ASCII: UTF-8 bytes, then the letters. */
static const struct {
        const char *utf8, *ascii;
} letters[] = {
    {"\xc3\xb8", "o"},  {"\xc3\x98", "O"},  {"\xc3\xa6", "ae"}, {"\xc3\x86", "AE"},
    {"\xc5\x93", "oe"}, {"\xc5\x92", "OE"}, {"\xc3\x9f", "ss"}, {"\xc5\x82", "l"},
    {"\xc5\x81", "L"},  {"\xc4\x91", "d"},  {"\xc4\x90", "D"},  {"\xc3\xb0", "d"},
    {"\xc3\x90", "D"},  {"\xc3\xbe", "th"}, {"\xc3\x9e", "TH"}, {"\xc4\xb1", "i"},
};
#define NLETTERS (sizeof(letters) / sizeof(letters[0]))

static int ascii_letter(unsigned char c)
{
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Whether the character starting at byte i of s is a word character, as
 * the tokenizer has it (dx_term_words()); i may be the end of s. */
static int word_at(const char *s, size_t i)
{
        char c[5] = {0};
        size_t k = 0;

        if ((unsigned char)s[i] < 0x80)
                return ascii_letter((unsigned char)s[i]) || (s[i] >= '0' && s[i] <= '9');
        do
                c[k] = s[i + k];
        while (++k < 4 && ((unsigned char)s[i + k] & 0xc0) == 0x80);
        return dx_term_words(c) > 0;
}

/* The same for the character that ends just before byte i (i > 0). */
static int word_before(const char *s, size_t i)
{
        size_t j = i - 1;

        while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
                j--;
        return word_at(s, j);
}

/* The length of "#" or "++" at s (a programming language's mark after a
 * lone letter), else 0. */
static size_t lang_mark(const char *s)
{
        if (s[0] == '#')
                return 1;
        if (s[0] == '+' && s[1] == '+')
                return 2;
        return 0;
}

char *dx_fold_words(const char *s)
{
        dx_buf b = DX_BUF_INIT;
        size_t n = strlen(s), from = 0, m;

        b.max = SIZE_MAX / 4; /* a whole deck's or recording's text */
        for (size_t i = 0; i < n; i++) {
                const char *add = NULL;
                size_t skip = 0;

                for (size_t k = 0; k < NLETTERS && (unsigned char)s[i] >= 0xc3 && i + 1 < n; k++)
                        if (s[i] == letters[k].utf8[0] && s[i + 1] == letters[k].utf8[1])
                                add = letters[k].ascii, skip = 2;
                /* "C#" -> "Csharp": one word either way */
                if (!add && (s[i] == '#' || s[i] == '+') && i > 0 &&
                    ascii_letter((unsigned char)s[i - 1]) && (i == 1 || !word_before(s, i - 1)) &&
                    (m = lang_mark(s + i)) && !word_at(s, i + m))
                        add = s[i] == '#' ? "sharp" : "plusplus", skip = m;
                if (!add)
                        continue;
                dx_buf_add(&b, s + from, i - from);
                dx_buf_adds(&b, add);
                from = i + skip;
                i += skip - 1;
        }
        dx_buf_add(&b, s + from, n - from);
        if (b.truncated) {
                dx_buf_release(&b);
                return NULL;
        }
        return dx_buf_detach(&b);
}

/* dxfold(text) in SQL: dx_fold_words(), NULL for NULL. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
        const char *s = (const char *)sqlite3_value_text(argv[0]);
        char *r;

        (void)argc;
        if (!s) {
                sqlite3_result_null(ctx);
                return;
        }
        if (!(r = dx_fold_words(s))) {
                sqlite3_result_error_nomem(ctx);
                return;
        }
        sqlite3_result_text(ctx, r, -1, free);
}

int dx_fold_register(sqlite3 *db)
{
        return sqlite3_create_function(db, "dxfold", 1,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                       sql_fold, NULL, NULL) == SQLITE_OK
                   ? 0
                   : DX_ERR;
}
