/*
 * test_query.c - unit tests for the command line's query language
 * (src/query.c): what a person types, as argv words, and the terms it
 * becomes (text, field, prefix, quoted, negated, ORed with the next), the
 * catalogue filters it sets, the errors for filters that make no sense,
 * and the query written back.  One row per case.
 */
#include "check.h"
#include "query.h"

#define MAXW 4
#define MAXT 5

/* flags of an expected term */
enum { P = 1, Q = 2, NEG = 4, OR = 8 };

typedef struct want {
        const char *text;
        dx_field field;
        int flags; /* P prefix, Q quoted, NEG negated, OR ORed with the next */
} want;

#define ANY      DX_FIELD_ANY
#define TITLE    DX_FIELD_TITLE
#define SPEAKERS DX_FIELD_SPEAKERS
#define COMPANY  DX_FIELD_COMPANY
#define EVENT    DX_FIELD_EVENT
#define ABSTRACT DX_FIELD_ABSTRACT
#define TAGS     DX_FIELD_TAGS
#define SLIDES   DX_FIELD_SLIDES

static const struct {
        const char *words[MAXW]; /* argv words, NULL-terminated */
        want terms[MAXT];        /* the terms, ended by a NULL text */
} rows[] = {
    /* words */
    {{"continuous", "delivery"}, {{"continuous", ANY, 0}, {"delivery", ANY, 0}}},
    {{"continuous delivery"}, {{"continuous", ANY, 0}, {"delivery", ANY, 0}}},
    {{"  spaced \t out\n"}, {{"spaced", ANY, 0}, {"out", ANY, 0}}},
    {{"Knoop"}, {{"Knoop", ANY, 0}}},
    {{"M\xc3\xbcller"}, {{"M\xc3\xbcller", ANY, 0}}},
    /* not UTF-8 (a Latin-1 terminal): read as Latin-1 */
    {{"M\xfcller"}, {{"M\xc3\xbcller", ANY, 0}}},
    {{"delivery", "\xc3"}, {{"delivery", ANY, 0}, {"\xc3\x83", ANY, 0}}},
    /* a term typed again is dropped (ASCII case aside) */
    {{"delivery", "Delivery", "delivery"}, {{"delivery", ANY, 0}}},
    /* ... but not inside a run of other words, which is what was typed */
    {{"a b a c"}, {{"a", ANY, 0}, {"b", ANY, 0}, {"a", ANY, 0}, {"c", ANY, 0}}},
    {{"WIP limits WIP limits"},
     {{"WIP", ANY, 0}, {"limits", ANY, 0}, {"WIP", ANY, 0}, {"limits", ANY, 0}}},
    {{"a b b"}, {{"a", ANY, 0}, {"b", ANY, 0}}},
    {{"a b -a a"}, {{"a", ANY, 0}, {"b", ANY, 0}, {"a", ANY, NEG}}},
    {{"\"x\" x"}, {{"x", ANY, Q}}},
    {{"-x -x NOT x"}, {{"x", ANY, NEG}}},
    {{"x -x title:x x* x"}, {{"x", ANY, 0}, {"x", ANY, NEG}, {"x", TITLE, 0}, {"x", ANY, P}}},
    /* ... and within an OR group, but not across its edge, where it
     * changes what is found */
    {{"a OR b a"}, {{"a", ANY, OR}, {"b", ANY, 0}, {"a", ANY, 0}}},
    {{"a b OR a"}, {{"a", ANY, 0}, {"b", ANY, OR}, {"a", ANY, 0}}},
    {{"a OR a"}, {{"a", ANY, 0}}},
    {{"a a OR a"}, {{"a", ANY, 0}}},
    {{"a OR b OR a c"}, {{"a", ANY, OR}, {"b", ANY, 0}, {"c", ANY, 0}}},
    {{"a OR a OR b"}, {{"a", ANY, OR}, {"b", ANY, 0}}},
    /* phrases */
    {{"\"continuous delivery\""}, {{"continuous delivery", ANY, Q}}},
    {{"\"error", "budget\""}, {{"error budget", ANY, Q}}},
    {{"\"a\"\"b\""}, {{"a", ANY, Q}, {"b", ANY, Q}}},
    {{"\"\""}, {{NULL}}},
    /* prefixes */
    {{"deploy*"}, {{"deploy", ANY, P}}},
    {{"deploy**"}, {{"deploy", ANY, P}}},
    {{"\"continuous deliv\"*"}, {{"continuous deliv", ANY, P | Q}}},
    {{"*foo"}, {{"*foo", ANY, 0}}},
    {{"*"}, {{NULL}}},
    {{"***"}, {{NULL}}},
    /* fields */
    {{"title:docker"}, {{"docker", TITLE, 0}}},
    {{"TITLE:docker"}, {{"docker", TITLE, 0}}},
    {{"speaker:knoop"}, {{"knoop", SPEAKERS, 0}}},
    {{"speakers:knoop"}, {{"knoop", SPEAKERS, 0}}},
    {{"by:knoop"}, {{"knoop", SPEAKERS, 0}}},
    {{"speaker:\"slava kalmykov\""}, {{"slava kalmykov", SPEAKERS, Q}}},
    {{"speaker:knoop*"}, {{"knoop", SPEAKERS, P}}},
    {{"company:spotify"}, {{"spotify", COMPANY, 0}}},
    {{"event:doxlon"}, {{"doxlon", EVENT, 0}}},
    {{"abstract:toil"}, {{"toil", ABSTRACT, 0}}},
    {{"tag:sre"}, {{"sre", TAGS, 0}}},
    {{"tags:sre"}, {{"sre", TAGS, 0}}},
    {{"slides:tingle"}, {{"tingle", SLIDES, 0}}},
    {{"slide:tingle"}, {{"tingle", SLIDES, 0}}},
    {{"slides:\"error budget\"", "speaker:knoop"},
     {{"error budget", SLIDES, Q}, {"knoop", SPEAKERS, 0}}},
    {{"title:\"a b\"", "c"}, {{"a b", TITLE, Q}, {"c", ANY, 0}}},
    {{"title:\"unbalanced"}, {{"unbalanced", TITLE, Q}}},
    {{"captions:\"error budget\""}, {{"error budget", DX_FIELD_CAPTIONS, Q}}},
    {{"transcript:toil"}, {{"toil", DX_FIELD_CAPTIONS, 0}}},
    {{"chapter:lessons"}, {{"lessons", DX_FIELD_CHAPTERS, 0}}},
    {{"title:*"}, {{NULL}}},
    /* not fields: text */
    {{"foo:bar"}, {{"foo:bar", ANY, 0}}},
    {{"title:"}, {{"title:", ANY, 0}}},
    {{"title:", "docker"}, {{"title:", ANY, 0}, {"docker", ANY, 0}}},
    {{"year:"}, {{"year:", ANY, 0}}},
    {{"http://example.org"}, {{"http://example.org", ANY, 0}}},
    {{"9:30"}, {{"9:30", ANY, 0}}},
    {{":"}, {{":", ANY, 0}}},
    /* odd text stays text */
    {{"C++"}, {{"C++", ANY, 0}}},
    {{"CI/CD"}, {{"CI/CD", ANY, 0}}},
    {{"node.js"}, {{"node.js", ANY, 0}}},
    {{"\"unbalanced"}, {{"unbalanced", ANY, Q}}},
    {{"\"unbalanced words here"}, {{"unbalanced words here", ANY, Q}}},
    {{"x\"y"}, {{"x\"y", ANY, 0}}},
    {{"NEAR(a", "b)"}, {{"NEAR(a", ANY, 0}, {"b)", ANY, 0}}},
    {{"{title}:x"}, {{"{title}:x", ANY, 0}}},
    {{"AND"}, {{"AND", ANY, 0}}},
    {{"a", "AND", "b"}, {{"a", ANY, 0}, {"AND", ANY, 0}, {"b", ANY, 0}}},
    /* OR: upper case, between two terms */
    {{"a", "OR", "b"}, {{"a", ANY, OR}, {"b", ANY, 0}}},
    {{"a", "OR", "b", "c"}, {{"a", ANY, OR}, {"b", ANY, 0}, {"c", ANY, 0}}},
    {{"a b OR c"}, {{"a", ANY, 0}, {"b", ANY, OR}, {"c", ANY, 0}}},
    {{"title:a OR speaker:\"b c\""}, {{"a", TITLE, OR}, {"b c", SPEAKERS, Q}}},
    {{"a", "or", "b"}, {{"a", ANY, 0}, {"or", ANY, 0}, {"b", ANY, 0}}},
    {{"OR"}, {{"OR", ANY, 0}}},
    {{"OR", "b"}, {{"OR", ANY, 0}, {"b", ANY, 0}}},
    {{"a", "OR"}, {{"a", ANY, 0}, {"OR", ANY, 0}}},
    /* NOT word and -word exclude */
    {{"-weird"}, {{"weird", ANY, NEG}}},
    {{"docker", "-kubernetes"}, {{"docker", ANY, 0}, {"kubernetes", ANY, NEG}}},
    {{"NOT", "x"}, {{"x", ANY, NEG}}},
    {{"docker NOT speaker:jane"}, {{"docker", ANY, 0}, {"jane", SPEAKERS, NEG}}},
    {{"-\"a b\""}, {{"a b", ANY, NEG | Q}}},
    {{"NOT"}, {{"NOT", ANY, 0}}},
    {{"not", "x"}, {{"not", ANY, 0}, {"x", ANY, 0}}},
    {{"-"}, {{"-", ANY, 0}}},
    {{"--x"}, {{"--x", ANY, 0}}},
    {{"- x"}, {{"-", ANY, 0}, {"x", ANY, 0}}},
    {{"a OR -b"}, {{"a", ANY, 0}, {"b", ANY, NEG}}},
    {{"-a OR b"}, {{"a", ANY, NEG}, {"OR", ANY, 0}, {"b", ANY, 0}}},
    /* nothing */
    {{""}, {{NULL}}},
    {{"   "}, {{NULL}}},
    {{NULL}, {{NULL}}},
};

static void show_words(char *buf, size_t n, const char *const *words)
{
        size_t off = 0;

        buf[0] = '\0';
        for (int i = 0; i < MAXW && words[i] && off < n; i++)
                off += (size_t)snprintf(buf + off, n - off, "%s[%s]", i ? " " : "", words[i]);
}

/* Parse the NULL-terminated words; 0 or the parser's code. */
static int parse(const char *const *in, dx_query *q, char **err)
{
        char *words[MAXW + 1] = {0};
        int n = 0;

        for (; n < MAXW && in[n]; n++)
                words[n] = (char *)in[n];
        return cli_query_parse(words, n, q, err);
}

static void test_terms(void)
{
        for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
                char shown[256], *err = NULL;
                size_t nwant = 0;
                dx_query q;

                while (nwant < MAXT && rows[r].terms[nwant].text)
                        nwant++;
                show_words(shown, sizeof(shown), rows[r].words);
                CHECK_ROW("%s", shown);
                if (!CHECK_INT(parse(rows[r].words, &q, &err), 0)) {
                        free(err);
                        continue;
                }
                CHECK(err == NULL);
                CHECK_INT(q.nterms, nwant);
                for (size_t i = 0; i < q.nterms && i < nwant; i++) {
                        const want *w = &rows[r].terms[i];
                        const dx_term *t = &q.terms[i];

                        CHECK_ROW("%s term %zu", shown, i + 1);
                        CHECK_STR(t->text, w->text);
                        CHECK_STR(dx_field_name(t->field), dx_field_name(w->field));
                        CHECK_INT(t->prefix, !!(w->flags & P));
                        CHECK_INT(t->quoted, !!(w->flags & Q));
                        CHECK_INT(t->negate, !!(w->flags & NEG));
                        CHECK_INT(t->or_next, !!(w->flags & OR));
                }
                /* terms only: no filters */
                CHECK_ROW("%s", shown);
                CHECK_INT(dx_query_has_filters(&q), 0);
                dx_query_release(&q);
                CHECK(q.terms == NULL && q.nterms == 0);
        }
}

/* Filters on the catalogue. */
static const struct {
        const char *words[MAXW];
        const char *from, *until;
        double longer, shorter;
        unsigned has;
        size_t nterms;
} filter_rows[] = {
    {{"year:2020"}, "2020", "2021", 0, 0, 0, 0},
    {{"docker", "year:2016"}, "2016", "2017", 0, 0, 0, 1},
    {{"after:2019-06"}, "2019-06", "", 0, 0, 0, 0},
    {{"since:2019"}, "2019", "", 0, 0, 0, 0},
    {{"before:2020-01-28"}, "", "2020-01-28", 0, 0, 0, 0},
    /* the days that are */
    {{"after:2020-02-29"}, "2020-02-29", "", 0, 0, 0, 0},
    {{"after:2000-02-29"}, "2000-02-29", "", 0, 0, 0, 0},
    {{"before:2021-12-31"}, "", "2021-12-31", 0, 0, 0, 0},
    {{"after:2020-02"}, "2020-02", "", 0, 0, 0, 0},
    {{"after:2016 before:2021"}, "2016", "2021", 0, 0, 0, 0},
    /* two bounds of one kind: the narrower wins */
    {{"after:2016 after:2019"}, "2019", "", 0, 0, 0, 0},
    {{"before:2021 before:2019"}, "", "2019", 0, 0, 0, 0},
    {{"longer:30m"}, "", "", 1800, 0, 0, 0},
    {{"longer:90s"}, "", "", 90, 0, 0, 0},
    {{"longer:45"}, "", "", 2700, 0, 0, 0},
    {{"shorter:1h30m"}, "", "", 0, 5400, 0, 0},
    {{"shorter:1.5h"}, "", "", 0, 5400, 0, 0},
    {{"shorter:10min"}, "", "", 0, 600, 0, 0},
    {{"has:video"}, "", "", 0, 0, DX_HAS_VIDEO, 0},
    {{"has:audio"}, "", "", 0, 0, DX_HAS_AUDIO, 0},
    {{"has:recording"}, "", "", 0, 0, DX_HAS_RECORDING, 0},
    {{"HAS:Slides"}, "", "", 0, 0, DX_HAS_SLIDES, 0},
    {{"has:slides", "has:video"}, "", "", 0, 0, DX_HAS_SLIDES | DX_HAS_VIDEO, 0},
    {{"tingle has:captions"}, "", "", 0, 0, DX_HAS_CAPTIONS, 1},
};

static void test_filters(void)
{
        for (size_t r = 0; r < sizeof(filter_rows) / sizeof(filter_rows[0]); r++) {
                char shown[256], *err = NULL;
                dx_query q;

                show_words(shown, sizeof(shown), filter_rows[r].words);
                CHECK_ROW("%s", shown);
                if (!CHECK_INT(parse(filter_rows[r].words, &q, &err), 0)) {
                        fprintf(stderr, "    %s\n", err ? err : "?");
                        free(err);
                        continue;
                }
                CHECK_STR(q.from, filter_rows[r].from);
                CHECK_STR(q.until, filter_rows[r].until);
                CHECK_NEAR(q.longer, filter_rows[r].longer, 0.001);
                CHECK_NEAR(q.shorter, filter_rows[r].shorter, 0.001);
                CHECK_INT(q.has, filter_rows[r].has);
                CHECK_INT(q.nterms, filter_rows[r].nterms);
                CHECK_INT(dx_query_has_filters(&q), 1);
                dx_query_release(&q);
        }
}

/* Filters whose value makes no sense: DX_EQUERY and a message. */
static const struct {
        const char *words[MAXW];
        const char *err;
} error_rows[] = {
    {{"year:20"}, "year:20: a year is YYYY"},
    {{"lang:e!n"}, "lang:e!n: a language is a tag like en, de or pt-BR"},
    {{"lang:abcdefghijklmnopq"}, "a language is a tag"},
    {{"year:twenty"}, "year:twenty"},
    {{"after:2020-1"}, "after:2020-1: a date is YYYY, YYYY-MM or YYYY-MM-DD"},
    {{"after:2020-13"}, "after:2020-13: no such date"},
    {{"before:2020-01-32"}, "before:2020-01-32: no such date"},
    {{"after:2020-02-30"}, "after:2020-02-30: no such date"},
    {{"before:9999-99-99"}, "before:9999-99-99: no such date"},
    {{"after:2021-02-29"}, "after:2021-02-29: no such date"},
    {{"after:1900-02-29"}, "after:1900-02-29: no such date"},
    {{"before:2020-04-31"}, "before:2020-04-31: no such date"},
    {{"after:2020-00"}, "after:2020-00: no such date"},
    {{"after:2020-01-00"}, "after:2020-01-00: no such date"},
    {{"before:yesterday"}, "before:yesterday"},
    {{"longer:abc"}, "longer:abc: a length is like 90s, 30m, 1h or 1h30m"},
    {{"longer:0"}, "longer:0"},
    {{"shorter:-5"}, "shorter:-5"},
    {{"shorter:5x"}, "shorter:5x"},
    {{"has:subtitles"}, "has:subtitles: has: takes video, audio, recording, slides or captions"},
    {{"-year:2020"}, "a filter cannot be excluded"},
    {{"NOT", "has:video"}, "a filter cannot be excluded"},
    {{"docker", "year:1"}, "year:1"},
};

static void test_errors(void)
{
        for (size_t r = 0; r < sizeof(error_rows) / sizeof(error_rows[0]); r++) {
                char shown[256], *err = NULL;
                dx_query q;

                show_words(shown, sizeof(shown), error_rows[r].words);
                CHECK_ROW("%s", shown);
                CHECK_INT(parse(error_rows[r].words, &q, &err), DX_EQUERY);
                CHECK_HAS(err, error_rows[r].err);
                CHECK(q.terms == NULL && q.nterms == 0);
                free(err);
        }
}

/* The query written back in the query language. */
static const struct {
        const char *in, *out;
} format_rows[] = {
    {"continuous delivery", "continuous delivery"},
    {"\"continuous delivery\"", "\"continuous delivery\""},
    {"speaker:\"slava kalmykov\" slides:tingle", "speaker:\"slava kalmykov\" slides:tingle"},
    {"by:knoop speakers:mark", "speaker:knoop speaker:mark"},
    {"deploy* \"error budg\"*", "deploy* \"error budg\"*"},
    {"docker -kubernetes NOT swarm", "docker -kubernetes -swarm"},
    {"a OR b c", "a OR b c"},
    {"year:2020", "year:2020"},
    {"after:2016 before:2020-06", "after:2016 before:2020-06"},
    {"longer:90m shorter:2h", "longer:90m shorter:2h"},
    {"longer:90s", "longer:90s"},
    {"has:slides docker", "docker has:slides"},
    {"lang:pt-BR toil", "toil lang:pt-BR"},
    {"transcript:toil chapters:why", "captions:toil chapter:why"},
    {"C++ CI/CD", "C++ CI/CD"},
};

static void test_format(void)
{
        for (size_t r = 0; r < sizeof(format_rows) / sizeof(format_rows[0]); r++) {
                char *words[2] = {(char *)format_rows[r].in, NULL}, *err = NULL, *s, *again;
                dx_query q, q2;

                CHECK_ROW("format [%s]", format_rows[r].in);
                if (!CHECK_INT(cli_query_parse(words, 1, &q, &err), 0)) {
                        free(err);
                        continue;
                }
                s = cli_query_format(&q);
                CHECK_STR(s, format_rows[r].out);
                /* and what it writes parses to the same query */
                words[0] = s;
                if (s && CHECK_INT(cli_query_parse(words, 1, &q2, &err), 0)) {
                        again = cli_query_format(&q2);
                        CHECK_STR(again, s);
                        free(again);
                        dx_query_release(&q2);
                }
                free(s);
                dx_query_release(&q);
        }
}

static void test_field_names(void)
{
        static const struct {
                dx_field f;
                const char *name;
        } names[] = {
            {DX_FIELD_ANY, "any"},           {DX_FIELD_TITLE, "title"},
            {DX_FIELD_SPEAKERS, "speakers"}, {DX_FIELD_COMPANY, "company"},
            {DX_FIELD_EVENT, "event"},       {DX_FIELD_ABSTRACT, "abstract"},
            {DX_FIELD_TAGS, "tags"},         {DX_FIELD_SLIDES, "slides"},
            {DX_FIELD_COUNT, "any"},         {(dx_field)-1, "any"},
        };

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                CHECK_ROW("field %d", (int)names[i].f);
                CHECK_STR(dx_field_name(names[i].f), names[i].name);
        }
}

/* A word typed 5,000 times is one term; 64 different terms are a query,
 * 65 are too many. */
static void test_many_terms(void)
{
        static const struct {
                int words, distinct, rc;
                const char *err;
        } many[] = {
            {5000, 1, 0, NULL},
            {5000, 2, 0, NULL},
            {64, 64, 0, NULL},
            {65, 65, DX_EQUERY, "query has 65 different terms; at most 64 are allowed"},
            {5000, 300, DX_EQUERY, "query has 300 different terms; at most 64 are allowed"},
        };

        for (size_t r = 0; r < sizeof(many) / sizeof(many[0]); r++) {
                char **words = calloc((size_t)many[r].words, sizeof(*words)), *err = NULL;
                dx_query q;

                CHECK_ROW("%d words, %d different", many[r].words, many[r].distinct);
                for (int i = 0; words && i < many[r].words; i++) {
                        char w[32];

                        snprintf(w, sizeof(w), "w%d", i % many[r].distinct);
                        words[i] = strdup(w);
                }
                if (CHECK_INT(cli_query_parse(words, many[r].words, &q, &err), many[r].rc) &&
                    !many[r].rc) {
                        CHECK_INT(q.nterms, many[r].distinct);
                        CHECK_STR(q.terms[0].text, "w0");
                        dx_query_release(&q);
                }
                if (many[r].err)
                        CHECK_STR(err, many[r].err);
                for (int i = 0; words && i < many[r].words; i++)
                        free(words[i]);
                free(words);
                free(err);
        }
}

/* A phrase of 1,000 words is one term, but too much text: at most 2,048
 * bytes of terms in all, and at most 64 words. */
static void test_long_terms(void)
{
        static const struct {
                size_t len;  /* of the phrase's text */
                size_t word; /* a space after every word letters */
                int rc;
                const char *err;
        } longs[] = {
            {2048, 63, 0, NULL},
            {2049, 63, DX_EQUERY, "query has 2049 bytes of terms; at most 2048 are allowed"},
            {9000, 1, DX_EQUERY, "query has 9000 bytes of terms; at most 2048 are allowed"},
            {128, 1, 0, NULL},
            {130, 1, DX_EQUERY, "query has 65 words; at most 64 are allowed"},
            {2048, 1, DX_EQUERY, "query has 1024 words; at most 64 are allowed"},
        };

        for (size_t r = 0; r < sizeof(longs) / sizeof(longs[0]); r++) {
                char *w = malloc(longs[r].len + 3), *err = NULL;
                size_t step = longs[r].word + 1;
                dx_query q;

                CHECK_ROW("a phrase of %zu bytes, words of %zu letters", longs[r].len,
                          longs[r].word);
                if (!CHECK(w != NULL))
                        continue;
                w[0] = '"';
                for (size_t i = 0; i < longs[r].len; i++)
                        w[1 + i] = i % step == step - 1 ? ' ' : 'a' + (char)(i / step % 26);
                w[longs[r].len] = 'z'; /* no space before the closing quote */
                w[longs[r].len + 1] = '"';
                w[longs[r].len + 2] = '\0';
                if (CHECK_INT(cli_query_parse(&w, 1, &q, &err), longs[r].rc) && !longs[r].rc) {
                        CHECK_INT(q.nterms, 1);
                        dx_query_release(&q);
                }
                if (longs[r].err)
                        CHECK_STR(err, longs[r].err);
                free(w);
                free(err);
        }
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"terms", test_terms},
            {"filters", test_filters},
            {"errors", test_errors},
            {"format", test_format},
            {"field_names", test_field_names},
            {"many_terms", test_many_terms},
            {"long_terms", test_long_terms},
        };

        return check_main(argc, argv, 1, groups, sizeof(groups) / sizeof(groups[0]));
}
