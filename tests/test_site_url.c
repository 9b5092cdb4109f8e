/*
 * test_site_url.c - unit tests for the static site's URLs (site_html.c):
 * site_url_ok(), the one rule for what the site may write as a link, and
 * site_url(), which builds a URL and drops what breaks the rule.  The
 * cases are rows of tests/site/url-cases.tsv, which tests/site/urls.js
 * also runs through search.js's urlOk().
 */
#include "check.h"
#include "site.h"

/* A field of the table: NULL for "-", "" for "\"\"", escapes decoded. */
static char *field(const char *f)
{
        char *out, *p;

        if (strcmp(f, "-") == 0)
                return NULL;
        if (strcmp(f, "\"\"") == 0)
                return strdup("");
        out = p = strdup(f);
        while (out && *f) {
                if (f[0] == '\\' && f[1] == 't') {
                        *p++ = '\t';
                        f += 2;
                } else if (f[0] == '\\' && f[1] == 'n') {
                        *p++ = '\n';
                        f += 2;
                } else if (f[0] == '\\' && f[1] == 'x' && f[2] && f[3]) {
                        char hex[3] = {f[2], f[3], 0};

                        *p++ = (char)strtol(hex, NULL, 16);
                        f += 4;
                } else {
                        *p++ = *f++;
                }
        }
        if (p)
                *p = '\0';
        return out;
}

static void test_table(void)
{
        FILE *t = fopen(DX_URL_CASES, "r");
        char line[1024];
        int rows = 0;

        if (!CHECK(t != NULL))
                return;
        while (fgets(line, sizeof(line), t)) {
                char *f[5] = {0}, *save = NULL, *v[5] = {0};
                int n = 0;

                line[strcspn(line, "\n")] = '\0';
                if (!line[0] || line[0] == '#')
                        continue;
                for (char *tok = strtok_r(line, "\t", &save); tok && n < 5;
                     tok = strtok_r(NULL, "\t", &save))
                        f[n++] = tok;
                if (n == 0)
                        continue;
                for (int i = 1; i < n; i++)
                        v[i] = field(f[i]);
                CHECK_ROW("%s %s", f[0], f[1] ? f[1] : "");
                if (strcmp(f[0], "ok") == 0 && CHECK(n == 3)) {
                        CHECK_INT(site_url_ok(v[1]), atoi(f[2]));
                        rows++;
                } else if (strcmp(f[0], "url") == 0 && CHECK(n == 5)) {
                        char *u = site_url(v[1], v[2], v[3]);

                        if (v[4])
                                CHECK_STR(u ? u : "(dropped)", v[4]);
                        else
                                CHECK_STR(u ? u : "(dropped)", "(dropped)");
                        free(u);
                        rows++;
                }
                for (int i = 0; i < 5; i++)
                        free(v[i]);
        }
        CHECK_ROW("%s", "");
        CHECK(rows >= 30);
        fclose(t);
}

/* Names that fit a file name: as they are up to NAME_MAX with the
 * extension, else cut at a UTF-8 boundary with a hash of the whole. */
static void test_file_name(void)
{
        char id[600], *a, *b, *c;

        memset(id, 'a', 250);
        id[250] = '\0';
        a = site_file_name(id, ".html");
        CHECK_STR(a, id); /* 255 bytes with ".html" */
        free(a);
        /* "ü" (2 bytes) across the cut, and two ids that differ at the end */
        memset(id, 'a', 230);
        for (int i = 230; i < 580; i += 2)
                memcpy(id + i, "\xc3\xbc", 2);
        strcpy(id + 580, "-one");
        a = site_file_name(id, ".html");
        strcpy(id + 580, "-two");
        b = site_file_name(id, ".html");
        c = site_file_name(id, ".html");
        CHECK(strlen(a) + 5 <= 255 && strlen(b) + 5 <= 255);
        CHECK(strcmp(a, b) != 0);
        CHECK_STR(b, c);
        CHECK(strncmp(a, id, strlen(a) - 17) == 0);
        CHECK(((unsigned char)a[strlen(a) - 18] & 0xC0) != 0xC0); /* no half "ü" */
        free(a);
        free(b);
        free(c);
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {{"table", test_table}, {"file_name", test_file_name}};

        return check_main(argc, argv, 1, groups, sizeof(groups) / sizeof(groups[0]));
}
