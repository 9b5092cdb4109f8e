/*
 * check.h - the assertion helpers every unit test uses: a failed check
 * prints file:line and the expression (with the values for string and
 * number comparisons), is counted, and the run exits non-zero.  A test
 * program is a list of named groups; check_main() runs them all, or only
 * those named on the command line.  Groups whose name starts with "bug_"
 * show a known bug in the program and run only when named, so that ctest
 * can list them as tests of their own.
 */
#ifndef DX_CHECK_H
#define DX_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;
/* The table row being checked, printed with every failure ("" for none). */
static char check_row[512];

#define CHECK_ROW(...) snprintf(check_row, sizeof(check_row), __VA_ARGS__)

static inline void check_where(const char *file, int line, const char *what)
{
        fprintf(stderr, "%s:%d: FAILED: %s%s%s%s\n", file, line, what, check_row[0] ? " [" : "",
                check_row, check_row[0] ? "]" : "");
        check_failures++;
}

static inline int check_fail(const char *file, int line, const char *what)
{
        check_where(file, line, what);
        return 0;
}

#define CHECK(expr) (check_count++, (expr) ? 1 : check_fail(__FILE__, __LINE__, #expr))

static inline int check_str(const char *file, int line, const char *expr, const char *got,
                            const char *want)
{
        check_count++;
        if (got == want || (got && want && strcmp(got, want) == 0))
                return 1;
        check_where(file, line, expr);
        fprintf(stderr, "    got:  %s%s%s\n    want: %s%s%s\n", got ? "\"" : "", got ? got : "NULL",
                got ? "\"" : "", want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
        return 0;
}

/* Strings equal (both may be NULL). */
#define CHECK_STR(got, want) check_str(__FILE__, __LINE__, #got " == " #want, (got), (want))

static inline int check_has(const char *file, int line, const char *expr, const char *hay,
                            const char *needle)
{
        check_count++;
        if (hay && strstr(hay, needle))
                return 1;
        check_where(file, line, expr);
        fprintf(stderr, "    in:   %s%s%s\n    want: \"%s\"\n", hay ? "\"" : "", hay ? hay : "NULL",
                hay ? "\"" : "", needle);
        return 0;
}

/* hay contains needle. */
#define CHECK_HAS(hay, needle)                                                                     \
        check_has(__FILE__, __LINE__, #hay " contains " #needle, (hay), (needle))

static inline int check_long(const char *file, int line, const char *expr, long long got,
                             long long want)
{
        check_count++;
        if (got == want)
                return 1;
        check_where(file, line, expr);
        fprintf(stderr, "    got:  %lld\n    want: %lld\n", got, want);
        return 0;
}

/* Whole numbers equal. */
#define CHECK_INT(got, want)                                                                       \
        check_long(__FILE__, __LINE__, #got " == " #want, (long long)(got), (long long)(want))

static inline int check_near(const char *file, int line, const char *expr, double got, double want,
                             double tol)
{
        check_count++;
        if (fabs(got - want) <= tol)
                return 1;
        check_where(file, line, expr);
        fprintf(stderr, "    got:  %.6f\n    want: %.6f +- %g\n", got, want, tol);
        return 0;
}

/* |got - want| <= tol */
#define CHECK_NEAR(got, want, tol)                                                                 \
        check_near(__FILE__, __LINE__, #got " ~ " #want, (got), (want), (tol))

typedef struct check_group {
        const char *name;
        void (*fn)(void);
} check_group;

/* Run the groups named in argv[first..] (all but the bug_ ones when none are
 * named) and report.  Returns the exit status. */
static inline int check_main(int argc, char **argv, int first, const check_group *g, size_t n)
{
        int ran = 0;

        for (int a = first; a < argc; a++) {
                size_t i;
                for (i = 0; i < n && strcmp(argv[a], g[i].name) != 0; i++)
                        ;
                if (i == n) {
                        fprintf(stderr, "%s: no test group '%s'\n", argv[0], argv[a]);
                        return 2;
                }
        }
        for (size_t i = 0; i < n; i++) {
                int wanted = argc <= first ? strncmp(g[i].name, "bug_", 4) != 0 : 0;
                int before = check_failures;

                for (int a = first; a < argc; a++)
                        if (strcmp(argv[a], g[i].name) == 0)
                                wanted = 1;
                if (!wanted)
                        continue;
                ran++;
                check_row[0] = '\0';
                g[i].fn();
                printf("%s %s\n", check_failures == before ? "ok  " : "FAIL", g[i].name);
                fflush(stdout);
        }
        printf("%d checks in %d groups, %d failed\n", check_count, ran, check_failures);
        return check_failures ? 1 : 0;
}

#endif /* DX_CHECK_H */
