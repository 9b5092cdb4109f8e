/*
 * test_text.c - unit tests for render_text() (src/render/render.c), the one way
 * text from an archive or a person reaches a terminal: what each kind of
 * control character, bidi override and stray byte becomes, and what is
 * left alone.  One row per case.
 */
#include "check.h"
#include "render.h"

enum { L = RENDER_LINES, M = RENDER_MARKS, C = RENDER_MARKS | RENDER_COLOR };

#define FFFD "\xef\xbf\xbd"

static const struct {
        const char *in;
        unsigned flags;
        const char *out;
} rows[] = {
    {"Continuous Delivery", 0, "Continuous Delivery"},
    {"M\xc3\xbcller \xe2\x80\x94 \xe2\x80\xa2 \xf0\x9f\x9a\x80 \xe4\xb8\xad", 0,
     "M\xc3\xbcller \xe2\x80\x94 \xe2\x80\xa2 \xf0\x9f\x9a\x80 \xe4\xb8\xad"},
    {"", 0, ""},
    {NULL, 0, ""},
    /* what a terminal acts on: window title, clear screen, cursor, bell */
    {"a\x1b]0;owned\x07 b\x1b[2J", 0, "a" FFFD "]0;owned" FFFD " b" FFFD "[2J"},
    {"\x1b[1;31mred\x1b[0m", C, FFFD "[1;31mred" FFFD "[0m"},
    {"back\bspace\x7f", 0, "back" FFFD "space" FFFD},
    /* C1 controls (CSI is U+009B) */
    {"x\xc2\x9b"
     "2Jy\xc2\x80\xc2\x9f",
     0, "x" FFFD "2Jy" FFFD FFFD},
    {"\xc2\xa0nbsp", 0, "\xc2\xa0nbsp"},
    /* bidi overrides and isolates: "exe.pdf" that is "fdp.exe" */
    {"a\xe2\x80\xae"
     "fdp.exe",
     0, "a" FFFD "fdp.exe"},
    {"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81"
     "\xa9",
     0, FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD},
    {"\xe2\x80\x8f\xe2\x80\xa9\xe2\x81\xaa", 0, "\xe2\x80\x8f\xe2\x80\xa9\xe2\x81\xaa"},
    /* layout: one line, unless lines are asked for */
    {"one\ntwo\r\nthree\tfour", 0, "one two  three four"},
    {"one\ntwo\tthree\r", L, "one\ntwo\tthree "},
    /* not UTF-8: Latin-1 (cp1252 for 0x80-0x9F, as file names are read) */
    {"caf\xe9 \xc3", 0, "caf\xc3\xa9 \xc3\x83"},
    {"\x9b"
     "2J",
     0,
     "\xe2\x80\xba"
     "2J"},
    /* matches, marked by the library with \x02 and \x03 */
    {"a \x02match\x03 b", M, "a [match] b"},
    {"a \x02match\x03 b", C, "a \x1b[1;31mmatch\x1b[0m b"},
    {"a \x02match\x03 b", 0, "a " FFFD "match" FFFD " b"},
};

static void test_rows(void)
{
        for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
                char *s = NULL;
                size_t n = 0;
                FILE *f = open_memstream(&s, &n);

                CHECK_ROW("row %zu", r + 1);
                if (!CHECK(f != NULL))
                        continue;
                render_text(f, rows[r].in, rows[r].flags);
                fclose(f);
                CHECK_STR(s, rows[r].out);
                free(s);
        }
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {{"rows", test_rows}};

        return check_main(argc, argv, 1, groups, sizeof(groups) / sizeof(groups[0]));
}
