/*
 * test_export_words.c - the 65,535-word cap of search-engine documents and
 * the document ids: export.c's static helpers, tested by including it.
 */
#include "../../src/export/export.c"

#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond)) {                                                                     \
                        fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
                        failures++;                                                                \
                }                                                                                  \
        } while (0)

/* n words "w1 w2 ..." separated by sep. */
static char *words(size_t n, const char *sep)
{
        size_t cap = n * (strlen(sep) + 12) + 1, off = 0;
        char *s = malloc(cap);

        for (size_t i = 0; i < n; i++)
                off += (size_t)snprintf(s + off, cap - off, "%sw%zu", i ? sep : "", i + 1);
        return s;
}

static size_t count_words(const char *s)
{
        size_t n = 0;

        for (size_t i = 0; s[i]; i++)
                if (!is_sep((unsigned char)s[i]) && (i == 0 || is_sep((unsigned char)s[i - 1])))
                        n++;
        return n;
}

int main(void)
{
        int cut;
        char *s;
        export_stats st = {0};
        int bad = 0;
        json_t *j;

        s = words(EXPORT_MAX_WORDS, " ");
        CHECK(words_prefix(s, strlen(s), EXPORT_MAX_WORDS, &cut) == strlen(s) && !cut);
        free(s);

        s = words(EXPORT_MAX_WORDS + 10, ", ");
        j = capped_json(s, strlen(s), &st, &bad);
        CHECK(j && !bad && st.truncated == 1);
        CHECK(count_words(json_string_value(j)) == EXPORT_MAX_WORDS);
        CHECK(strstr(json_string_value(j), "w65535") != NULL);
        CHECK(strstr(json_string_value(j), "w65536") == NULL);
        /* no trailing separator left behind */
        CHECK(json_string_value(j)[json_string_length(j) - 1] == '5');
        json_decref(j);
        free(s);

        /* punctuation separates words as search engines see them */
        CHECK(words_prefix("a.b.c", 5, 2, &cut) == 3 && cut);
        /* UTF-8 letters are word characters: the cut never splits them */
        CHECK(words_prefix("caf\xc3\xa9 na\xc3\xafve x", 14, 2, &cut) == 12 && cut);

        s = doc_id("2020-01-doxlon_talk", 7);
        CHECK(strcmp(s, "2020-01-doxlon_talk-p7") == 0 && export_id_ok(s));
        free(s);
        s = doc_id("a b/\xc3\xa9", 0);
        CHECK(strcmp(s, "a_x20b_x2F_xC3_xA9") == 0 && export_id_ok(s));
        free(s);
        CHECK(!export_id_ok("") && !export_id_ok("a.b") && !export_id_ok("\"><script>"));
        CHECK(export_index_name_ok("talks") && export_index_name_ok("doxlon-2020.v1"));
        CHECK(!export_index_name_ok("Talks") && !export_index_name_ok("_x") &&
              !export_index_name_ok("a b") && !export_index_name_ok(""));

        if (failures)
                fprintf(stderr, "test_export_words: %d checks failed\n", failures);
        return failures ? 1 : 0;
}
