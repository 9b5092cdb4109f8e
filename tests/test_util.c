/*
 * test_util.c - unit tests for buf.c and util.c: the growable buffer and
 * its ceiling, UTF-8 checking and Windows-1252 repair, slugs, leading
 * dates and the small string helpers.  Mostly tables: a new case is a row.
 */
#include "check.h"
#include "dx_int.h"

/* ---- dx_buf -------------------------------------------------------------- */

static void test_buf_growth(void)
{
        dx_buf b = DX_BUF_INIT;
        size_t i;
        int bad = 0;

        for (i = 0; i < 5000; i++)
                bad |= dx_buf_addc(&b, (char)('a' + i % 26));
        CHECK_INT(bad, 0);
        CHECK_INT(b.len, 5000);
        CHECK(b.alloc >= b.len + 1);
        CHECK_INT(b.s[5000], '\0');
        CHECK_INT(b.truncated, 0);
        for (i = 0; i < 5000 && b.s[i] == (char)('a' + i % 26); i++)
                ;
        CHECK_INT(i, 5000);

        /* adds of whole strings, and of a counted prefix */
        dx_buf_reset(&b);
        CHECK_INT(b.len, 0);
        CHECK_STR(b.s, "");
        CHECK_INT(dx_buf_adds(&b, "hello"), 0);
        CHECK_INT(dx_buf_add(&b, ", world and more", 7), 0);
        CHECK_STR(b.s, "hello, world");
        CHECK_INT(b.len, 12);

        char *s = dx_buf_detach(&b);
        CHECK_STR(s, "hello, world");
        CHECK(b.s == NULL);
        CHECK_INT(b.len, 0);
        CHECK_INT(b.alloc, 0);
        free(s);

        /* detaching an empty buffer still gives a string */
        s = dx_buf_detach(&b);
        CHECK_STR(s, "");
        free(s);
        dx_buf_release(&b);
        dx_buf_release(&b); /* twice is fine */
        CHECK(b.s == NULL);
}

static void test_buf_ceiling(void)
{
        dx_buf b = DX_BUF_INIT;

        b.max = 10;
        CHECK_INT(dx_buf_adds(&b, "hello"), 0);
        CHECK_INT(b.truncated, 0);
        CHECK(dx_buf_adds(&b, "world, and more") < 0);
        CHECK_INT(b.len, 10);
        CHECK_STR(b.s, "helloworld");
        CHECK_INT(b.truncated, 1);
        CHECK(b.alloc <= b.max + 1);
        /* full: every later append fails and the text stays */
        CHECK(dx_buf_addc(&b, 'x') < 0);
        CHECK_STR(b.s, "helloworld");
        CHECK_INT(b.len, 10);
        /* reset clears the flag */
        dx_buf_reset(&b);
        CHECK_INT(b.truncated, 0);
        CHECK_INT(dx_buf_adds(&b, "0123456789"), 0);
        CHECK_INT(b.truncated, 0);
        CHECK_STR(b.s, "0123456789");
        dx_buf_release(&b);

        /* a formatted append that is cut (short output) */
        b.max = 8;
        CHECK(dx_buf_addf(&b, "%s-%d", "abcdef", 12345) < 0);
        CHECK_STR(b.s, "abcdef-1");
        CHECK_INT(b.truncated, 1);
        dx_buf_release(&b);
}

static void test_buf_addf(void)
{
        dx_buf b = DX_BUF_INIT;
        char big[1001];

        CHECK_INT(dx_buf_addf(&b, "%d-%s-%c", 42, "abc", 'z'), 0);
        CHECK_STR(b.s, "42-abc-z");
        CHECK_INT(b.len, 8);
        CHECK_INT(dx_buf_addf(&b, "%s", ""), 0);
        CHECK_INT(b.len, 8);

        /* longer than addf's 256-byte stack buffer */
        memset(big, 'q', 1000);
        big[1000] = '\0';
        CHECK_INT(dx_buf_addf(&b, "[%s]", big), 0);
        CHECK_INT(b.len, 8 + 1002);
        CHECK_INT(b.s[8], '[');
        CHECK_INT(b.s[9], 'q');
        CHECK_INT(b.s[1008], 'q');
        CHECK_INT(b.s[1009], ']');
        CHECK_INT(b.s[1010], '\0');
        CHECK_INT(strlen(b.s), b.len);
        dx_buf_release(&b);

        char *s = dx_asprintf("%s/%03d", "talk", 7);
        CHECK_STR(s, "talk/007");
        free(s);
}

/* A formatted append of 256 bytes or more that crosses the ceiling is cut
 * there and flagged in ->truncated, as short appends are. */
static void test_buf_addf_ceiling(void)
{
        dx_buf b = DX_BUF_INIT;
        char big[401];

        memset(big, 'x', 400);
        big[400] = '\0';
        b.max = 300;
        CHECK(dx_buf_addf(&b, "%s", big) < 0);
        CHECK_INT(b.truncated, 1);
        CHECK_INT(b.len, 300);
        CHECK(b.s && strspn(b.s, "x") == 300);
        dx_buf_release(&b);
}

/* ---- UTF-8 ---------------------------------------------------------------- */

static const struct {
        const char *s;
        size_t n; /* 0: strlen */
        int valid;
        const char *what;
} utf8_valid_rows[] = {
    {"", 0, 1, "empty"},
    {"plain ASCII", 0, 1, "ascii"},
    {"Caf\xc3\xa9", 0, 1, "2-byte e-acute"},
    {"\xe2\x82\xac", 0, 1, "3-byte euro"},
    {"\xef\xbf\xbf", 0, 1, "U+FFFF"},
    {"\xf0\x9f\x98\x80", 0, 1, "4-byte emoji"},
    {"\xf4\x8f\xbf\xbf", 0, 1, "U+10FFFF, the last code point"},
    {"a\0b", 3, 1, "NUL inside the counted length"},
    {"\xc0\xaf", 0, 0, "overlong '/' (C0)"},
    {"\xc1\xbf", 0, 0, "overlong (C1)"},
    {"\xe0\x80\xaf", 0, 0, "overlong 3-byte '/'"},
    {"\xe0\x9f\xbf", 0, 0, "overlong 3-byte U+07FF"},
    {"\xf0\x80\x80\xaf", 0, 0, "overlong 4-byte '/'"},
    {"\xf0\x8f\xbf\xbf", 0, 0, "overlong 4-byte U+FFFF"},
    {"\xed\xa0\x80", 0, 0, "high surrogate U+D800"},
    {"\xed\xbf\xbf", 0, 0, "low surrogate U+DFFF"},
    {"\xf4\x90\x80\x80", 0, 0, "above U+10FFFF"},
    {"\xf5\x80\x80\x80", 0, 0, "F5 lead byte"},
    {"\xff", 0, 0, "FF byte"},
    {"\x80", 0, 0, "lone continuation byte"},
    {"Caf\xe9", 0, 0, "Latin-1 e-acute"},
    {"\xc3", 0, 0, "cut 2-byte sequence"},
    {"\xe2\x82", 0, 0, "cut 3-byte sequence"},
    {"\xc3\xa9", 1, 0, "counted length cuts a sequence"},
    {"\xc3\x28", 0, 0, "bad continuation byte"},
};

static void test_utf8_valid(void)
{
        for (size_t i = 0; i < sizeof(utf8_valid_rows) / sizeof(utf8_valid_rows[0]); i++) {
                size_t n =
                    utf8_valid_rows[i].n ? utf8_valid_rows[i].n : strlen(utf8_valid_rows[i].s);
                CHECK_ROW("%s", utf8_valid_rows[i].what);
                CHECK_INT(dx_utf8_valid(utf8_valid_rows[i].s, n), utf8_valid_rows[i].valid);
        }
}

static const struct {
        const char *in, *out;
        int converted;
        const char *what;
} utf8_clean_rows[] = {
    {"", "", 0, "empty"},
    {"plain", "plain", 0, "ascii is copied"},
    {"Caf\xc3\xa9 Ops", "Caf\xc3\xa9 Ops", 0, "valid UTF-8 is copied"},
    {"Caf\xe9 Ops \xe0 Londres", "Caf\xc3\xa9 Ops \xc3\xa0 Londres", 1, "Latin-1 title"},
    {"Jos\xe9 Garc\xed"
     "a",
     "Jos\xc3\xa9 Garc\xc3\xad"
     "a",
     1, "Latin-1 artist"},
    {"\x80", "\xe2\x82\xac", 1, "CP1252 euro"},
    {"\x93quoted\x94", "\xe2\x80\x9cquoted\xe2\x80\x9d", 1, "CP1252 curly quotes"},
    {"\x96", "\xe2\x80\x93", 1, "CP1252 en dash"},
    {"\x9f", "\xc5\xb8", 1, "CP1252 Y-diaeresis"},
    {"\x81", "\xef\xbf\xbd", 1, "CP1252 hole -> U+FFFD"},
    {"\xa0", "\xc2\xa0", 1, "no-break space"},
    {"\xff", "\xc3\xbf", 1, "y-diaeresis"},
    {"\xc0\xaf", "\xc3\x80\xc2\xaf", 1, "overlong read as two Latin-1 bytes"},
    {"\xed\xa0\x80", "\xc3\xad\xc2\xa0\xe2\x82\xac", 1, "surrogate read as CP1252"},
    /* one bad byte makes the whole string CP1252, valid sequences too */
    {"\xc3\xa9\xe9", "\xc3\x83\xc2\xa9\xc3\xa9", 1, "mixed: read as CP1252 throughout"},
};

static void test_utf8_clean(void)
{
        for (size_t i = 0; i < sizeof(utf8_clean_rows) / sizeof(utf8_clean_rows[0]); i++) {
                int conv = -1;
                char *out =
                    dx_utf8_clean(utf8_clean_rows[i].in, strlen(utf8_clean_rows[i].in), &conv);

                CHECK_ROW("%s", utf8_clean_rows[i].what);
                CHECK_STR(out, utf8_clean_rows[i].out);
                CHECK_INT(conv, utf8_clean_rows[i].converted);
                CHECK(out && dx_utf8_valid(out, strlen(out)));
                free(out);
        }
        /* the flag is optional */
        char *out = dx_utf8_clean("\xe9", 1, NULL);
        CHECK_STR(out, "\xc3\xa9");
        free(out);
}

/* ---- slugs, dates, paths --------------------------------------------------- */

static const struct {
        const char *in, *out;
} slug_rows[] = {
    {"Continuous Delivery at Spotify", "continuous-delivery-at-spotify"},
    {"100-days-of-sre", "100-days-of-sre"},
    {"2023-06-15-doxlon", "2023-06-15-doxlon"},
    {"  Hello,   World!  ", "hello-world"},
    {"snake_case_name", "snake-case-name"},
    {"Sam O'Neill", "sam-oneill"},
    {"C++ & CI/CD", "c-ci-cd"},
    {"Ana M\xc3\xbcller", "ana-m-ller"},
    {"\xc3\xa9t\xc3\xa9", "t"},
    {"---", ""},
    {"", ""},
    {"UPPER lower 42", "upper-lower-42"},
    /* cut at 80 characters, never ending in '-' */
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
     "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
};

static void test_slugify(void)
{
        for (size_t i = 0; i < sizeof(slug_rows) / sizeof(slug_rows[0]); i++) {
                char *s = dx_slugify(slug_rows[i].in);

                CHECK_ROW("slug of \"%s\"", slug_rows[i].in);
                CHECK_STR(s, slug_rows[i].out);
                CHECK(s && strlen(s) <= 80);
                CHECK(s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s));
                free(s);
        }
}

static const struct {
        const char *in, *out; /* out NULL: no date */
} date_rows[] = {
    {"2020-01-doxlon", "2020-01"},
    {"2023-06-15-doxlon", "2023-06-15"},
    {"2020-13-x", NULL},
    {"doxlon", NULL},
    {"2020-01", "2020-01"},
    {"2023-06-15", "2023-06-15"},
    {"2016-03-doxlon-extra-2", "2016-03"},
    {"2020-00-x", NULL},
    {"2020-1-x", NULL},
    {"2020-011", NULL},
    {"20200-01", NULL},
    {"2020", NULL},
    {"2020-0", NULL},
    {"", NULL},
    {"abcd-01-x", NULL},
    {"2023-06-32-x", NULL}, /* no such day: no date at all, not the month */
    {"2023-06-00-x", NULL},
    {"2023-06-150", "2023-06"}, /* a month, then something else */
    {"2020-02-30 doxlon", NULL},
    {"2020-04-31", NULL},
    {"2020-02-29-leap", "2020-02-29"},
    {"2019-02-29", NULL},
    {"1900-02-29", NULL}, /* a century is no leap year */
    {"2000-02-29", "2000-02-29"},
    {"9999-99-99", NULL},
    {"9999-12-31", NULL}, /* years DX_YEAR_MIN..DX_YEAR_MAX */
    {"1899-12", NULL},
    {"1900-01", "1900-01"},
    {"2100-12-31", "2100-12-31"},
    {"2101-01-01", NULL},
};

static const struct {
        const char *in;
        int year_ok;
        dx_date_kind kind;
        size_t len; /* of what was read as a date */
} date_kind_rows[] = {
    {"2020", 1, DX_DATE_OK, 4},
    {"2020", 0, DX_DATE_NONE, 0},
    {"2020-01-28T19:00:00Z", 1, DX_DATE_OK, 10},
    {"2020-02-30", 1, DX_DATE_BAD, 10},
    {"9999-99-99 doxlon", 0, DX_DATE_BAD, 10},
    {"2020-13", 1, DX_DATE_BAD, 7},
    {"0000", 1, DX_DATE_BAD, 4},
    {"March 2020", 1, DX_DATE_NONE, 0},
    {"20200128", 1, DX_DATE_NONE, 0},
    {"", 1, DX_DATE_NONE, 0},
};

static void test_date_prefix(void)
{
        for (size_t i = 0; i < sizeof(date_kind_rows) / sizeof(date_kind_rows[0]); i++) {
                char d[11];
                size_t n = 99;

                CHECK_ROW("\"%s\"%s", date_kind_rows[i].in,
                          date_kind_rows[i].year_ok ? " (a year will do)" : "");
                CHECK_INT(dx_date_prefix(date_kind_rows[i].in, date_kind_rows[i].year_ok, d, &n),
                          date_kind_rows[i].kind);
                CHECK_INT(n, date_kind_rows[i].len);
                if (date_kind_rows[i].kind != DX_DATE_OK)
                        CHECK_STR(d, "");
        }
}

static void test_leading_date(void)
{
        for (size_t i = 0; i < sizeof(date_rows) / sizeof(date_rows[0]); i++) {
                char *d = dx_leading_date(date_rows[i].in);

                CHECK_ROW("date of \"%s\"", date_rows[i].in);
                CHECK_STR(d, date_rows[i].out);
                free(d);
        }
}

static const struct {
        const char *in, *out;
} lang_rows[] = {
    {"en", "en"},       {"EN", "en"},       {"eng", "en"},           {"ENG", "en"},
    {"en-GB", "en-gb"}, {"en_GB", "en-gb"}, {"eng-GB", "en-gb"},     {"fre", "fr"},
    {"fra", "fr"},      {"ger", "de"},      {"deu", "de"},           {"por-BR", "pt-br"},
    {"pt-BR", "pt-br"}, {"und", "und"},     {"tlh", "tlh"},          {"", ""},
    {"e", "e"},         {"engl", "engl"},   {"zho-Hant", "zh-hant"},
};

static void test_lang_canon(void)
{
        char out[16], tiny[2];

        for (size_t i = 0; i < sizeof(lang_rows) / sizeof(lang_rows[0]); i++) {
                CHECK_ROW("language \"%s\"", lang_rows[i].in);
                CHECK_INT(dx_lang_canon(lang_rows[i].in, out, sizeof(out)),
                          strlen(lang_rows[i].out));
                CHECK_STR(out, lang_rows[i].out);
        }
        /* a short buffer is cut, never overrun */
        CHECK_INT(dx_lang_canon("eng-GB", tiny, sizeof(tiny)), 1);
        CHECK_STR(tiny, "e");
        CHECK_INT(dx_lang_canon("en-GB-oxendict", out, 6), 5);
        CHECK_STR(out, "en-gb");
}

static void test_strings(void)
{
        static const struct {
                const char *in, *out;
        } squeeze[] = {
            {"  a \t b\n ", "a b"},
            {"", ""},
            {"abc", "abc"},
            {" \n\t ", ""},
            {"one  two   three", "one two three"},
        };
        static const struct {
                const char *a, *b, *out;
        } join[] = {
            {"a", "b", "a/b"},
            {"a/", "b", "a/b"},
            {"", "b", "b"},
            {"/", "etc", "/etc"},
            {"x/y", "z.pdf", "x/y/z.pdf"},
        };

        for (size_t i = 0; i < sizeof(squeeze) / sizeof(squeeze[0]); i++) {
                char *s = dx_strdup(squeeze[i].in);

                CHECK_ROW("squeeze \"%s\"", squeeze[i].in);
                dx_squeeze_space(s);
                CHECK_STR(s, squeeze[i].out);
                free(s);
        }
        for (size_t i = 0; i < sizeof(join) / sizeof(join[0]); i++) {
                char *s = dx_path_join(join[i].a, join[i].b);

                CHECK_ROW("join \"%s\" \"%s\"", join[i].a, join[i].b);
                CHECK_STR(s, join[i].out);
                free(s);
        }
        check_row[0] = '\0';

        char *s = dx_strndup("abcdef", 3);
        CHECK_STR(s, "abc");
        free(s);
        CHECK(dx_strdup(NULL) == NULL);

        char **v = calloc(3, sizeof(*v));
        v[0] = dx_strdup("x");
        v[1] = dx_strdup("y");
        dx_strv_free(v, 2);
        dx_strv_free(NULL, 0);

        double t0 = dx_now(), t1 = dx_now();
        CHECK(t0 > 0 && t1 >= t0);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"buf_growth", test_buf_growth},
            {"buf_ceiling", test_buf_ceiling},
            {"buf_addf", test_buf_addf},
            {"utf8_valid", test_utf8_valid},
            {"utf8_clean", test_utf8_clean},
            {"slugify", test_slugify},
            {"leading_date", test_leading_date},
            {"date_prefix", test_date_prefix},
            {"lang_canon", test_lang_canon},
            {"strings", test_strings},
            {"buf_addf_ceiling", test_buf_addf_ceiling},
        };

        return check_main(argc, argv, 1, groups, sizeof(groups) / sizeof(groups[0]));
}
