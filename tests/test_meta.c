/*
 * test_meta.c - unit tests for what the files say of a talk (ingest/meta.c)
 * and for comparing names (base/names.c): placeholder titles and authors,
 * dates in file names, title pages read from their lines and font sizes,
 * name folding and the edit distance.  Tables: a new case is a row.
 */
#include "check.h"
#include "dx_ingest.h"

static void test_title_ok(void)
{
        static const struct {
                const char *title, *file;
                int ok;
        } rows[] = {
            {"Kubernetes Operators in Production", "a/k8s.pdf", 1},
            {"PowerPoint Presentation", NULL, 0},
            {"PowerPoint-Pr\xc3\xa4sentation", NULL, 0},
            {"Slide 1", NULL, 0},
            {"slide 12", NULL, 0},
            {"Untitled", NULL, 0},
            {"untitled presentation", NULL, 0},
            {"Presentation1", NULL, 0},
            {"Microsoft PowerPoint - deck.pptx", NULL, 0},
            {"deck FINAL v3.pptx", NULL, 0},
            {"C:\\Users\\me\\talk.ppt", NULL, 0},
            {"k8s operators FINAL v3", "ev/k8s operators FINAL v3.pdf", 0},
            {"k8s-operators-final-v3", "ev/k8s operators FINAL v3.pdf", 0},
            {"GMT20240312-183012_Recording", "ev/GMT20240312-183012_Recording.mp4", 0},
            {"2024", NULL, 0},
            {"", NULL, 0},
            {"Slides about slides", NULL, 1},
            {"Title page design", NULL, 1},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                CHECK_ROW("%s", rows[i].title);
                CHECK_INT(dx_meta_title_ok(rows[i].title, rows[i].file), rows[i].ok);
        }
        CHECK_ROW("NULL");
        CHECK_INT(dx_meta_title_ok(NULL, NULL), 0);
        check_row[0] = '\0';
}

static void test_person_ok(void)
{
        static const struct {
                const char *name;
                int ok;
        } rows[] = {
            {"Anna M\xc3\xbcller", 1},
            {"Slava Kalmykov", 1},
            {"Tom\xc3\xa1s \xc3\x93 Briain", 1},
            {"Sam O'Neill", 1},
            {"Prince", 1},
            {"Microsoft Office User", 0},
            {"admin", 0},
            {"Administrator", 0},
            {"jdoe", 0},
            {"jane@example.com", 0},
            {"user1", 0},
            {"Unknown", 0},
            {"speaker name", 0},
            {"", 0},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                CHECK_ROW("%s", rows[i].name);
                CHECK_INT(dx_meta_person_ok(rows[i].name), rows[i].ok);
        }
        check_row[0] = '\0';
}

static void test_name_date(void)
{
        static const struct {
                const char *name, *date;
        } rows[] = {
            {"ev/GMT20240312-183012_Recording_640x360.mp4", "2024-03-12"},
            {"IMG_20240312_183012.jpg.mov", "2024-03-12"},
            {"VID_20231130_090000.mp4", "2023-11-30"},
            {"2024-03-12 meetup.mp4", "2024-03-12"},
            {"talk_2024_03_12.mp4", "2024-03-12"},
            {"recording.2019.06.01.mkv", "2019-06-01"},
            {"2024-03-kubernetes-night/IMG_2041.MOV", NULL}, /* the folder is not the file */
            {"IMG_2041.MOV", NULL},
            {"zoom_0.mp4", NULL},
            {"20241341-bad.mp4", NULL},    /* no 13th month */
            {"120240312999.mp4", NULL},    /* digits run on: a number, no date */
            {"19700101_000000.mp4", NULL}, /* an unset clock */
            {"2024-03-1.mp4", NULL},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                char *d = dx_meta_name_date(rows[i].name);

                CHECK_ROW("%s", rows[i].name);
                if (rows[i].date)
                        CHECK_STR(d ? d : "(none)", rows[i].date);
                else
                        CHECK(d == NULL);
                free(d);
        }
        check_row[0] = '\0';
}

static void test_tag_date(void)
{
        char *d = dx_meta_date("2024-03-12T18:30:12.000000Z");

        CHECK_STR(d ? d : "(none)", "2024-03-12");
        free(d);
        d = dx_meta_date("1970-01-01T00:00:00.000000Z");
        CHECK(d == NULL);
        free(d);
        d = dx_meta_date("2019");
        CHECK_STR(d ? d : "(none)", "2019");
        free(d);
        CHECK(dx_meta_date("yesterday") == NULL);
}

/* What dx_meta_title_page() reads from a page's lines: title, then the
 * speakers as name/role/company, "|" between them. */
static void test_title_page(void)
{
        static const struct {
                const char *lines, *title, *speakers;
        } rows[] = {
            {"30.0\tKubernetes Operators in Production\n18.0\tSlava Kalymykov\n14.0\tSRE Lead, "
             "Acme Corp\n",
             "Kubernetes Operators in Production", "Slava Kalymykov/SRE Lead/Acme Corp"},
            /* a title over two lines; a speaker with "by"; an event line is no affiliation */
            {"32.0\tError Budgets\n32.0\tfor Humans\n18.0\tby Anna Mueller\n14.0\tCloud Night, "
             "April 2024\n",
             "Error Budgets for Humans", "Anna Mueller/-/-"},
            /* a name followed by an event line with a year: no role, no company claimed */
            {"30.0\tPlatform Engineering\n20.0\tAna M\xc3\xbcller\n16.0\tDevOps Exchange London "
             "- June 2023\n",
             "Platform Engineering", ""},
            /* name and job on one line */
            {"28.0\tScaling Postgres\n16.0\tJane Doe - Staff Engineer at Example Inc\n",
             "Scaling Postgres", "Jane Doe/Staff Engineer/Example Inc"},
            /* a page of body text: no size stands out, nothing claimed */
            {"17.0\tWhy budgets\n17.0\tMetrics cost money\n17.0\tLogs cost more\n17.0\tTraces "
             "cost the most\n",
             NULL, ""},
            /* a placeholder in the largest size */
            {"40.0\tClick to add title\n20.0\tClick to add text\n", NULL, ""},
            /* two capitalised words with nothing after them: a subtitle as likely as a name */
            {"30.0\tObservability\n18.0\tCheap Tricks\n", "Observability", ""},
            {"", NULL, ""},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                char *title = NULL;
                dx_speaker *sp = NULL;
                size_t n = 0;
                dx_buf b = DX_BUF_INIT;

                CHECK_ROW("row %zu", i);
                CHECK_INT(dx_meta_title_page(rows[i].lines, &title, &sp, &n), 0);
                if (rows[i].title)
                        CHECK_STR(title ? title : "(none)", rows[i].title);
                else
                        CHECK(title == NULL);
                for (size_t k = 0; k < n; k++) {
                        dx_buf_addf(&b, "%s%s/%s/%s", k ? "|" : "", sp[k].name,
                                    sp[k].role ? sp[k].role : "-",
                                    sp[k].company ? sp[k].company : "-");
                        free(sp[k].name);
                        free(sp[k].role);
                        free(sp[k].company);
                }
                CHECK_STR(b.s ? b.s : "", rows[i].speakers);
                dx_buf_release(&b);
                free(sp);
                free(title);
        }
        check_row[0] = '\0';
}

static void test_name_fold(void)
{
        static const struct {
                const char *in, *out;
        } rows[] = {
            {"Anna M\xc3\xbcller", "anna mueller"},
            {"Anna Mueller", "anna mueller"},
            {"ANNA  MUELLER ", "anna mueller"},
            {"Tom\xc3\xa1s \xc3\x93 Briain", "tomas o briain"},
            {"\xc5\x81ukasz \xc5\xbb\xc3\xb3\xc5\x82kiewicz", "lukasz zolkiewicz"},
            {"Stra\xc3\x9f"
             "e",
             "strasse"},
            {"sre-error-budget.pdf", "sre error budget pdf"},
            {"", ""},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                char *f = dx_name_fold(rows[i].in);

                CHECK_ROW("%s", rows[i].in);
                CHECK_STR(f ? f : "(null)", rows[i].out);
                free(f);
        }
        check_row[0] = '\0';
}

static void test_edit_distance(void)
{
        static const struct {
                const char *a, *b;
                size_t max, d;
        } rows[] = {
            {"kalmykov", "kalymykov", 2, 1}, {"budget", "budgets", 2, 1}, {"abcd", "abdc", 2, 1},
            {"kitten", "sitting", 3, 3},     {"kitten", "sitting", 2, 3}, {"", "abc", 5, 3},
            {"same", "same", 0, 0},          {"a", "abcdef", 2, 3},
        };

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                CHECK_ROW("%s / %s", rows[i].a, rows[i].b);
                CHECK_INT(dx_edit_distance(rows[i].a, rows[i].b, rows[i].max), rows[i].d);
        }
        check_row[0] = '\0';
}

int main(int argc, char **argv)
{
        static const check_group groups[] = {
            {"title_ok", test_title_ok},           {"person_ok", test_person_ok},
            {"name_date", test_name_date},         {"tag_date", test_tag_date},
            {"title_page", test_title_page},       {"name_fold", test_name_fold},
            {"edit_distance", test_edit_distance},
        };

        return check_main(argc, argv, 1, groups, sizeof(groups) / sizeof(groups[0]));
}
