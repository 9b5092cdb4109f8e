/*
 * replay.c - a main() for a libFuzzer target in a build without libFuzzer:
 * feeds every file of the folders (or the files) named on the command
 * line to LLVMFuzzerTestOneInput() once, so that the seed corpora run as
 * ordinary tests under the sanitizers of that build (gcc included).
 *
 *   replay_NAME CORPUS...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
        FILE *f = fopen(path, "rb");
        unsigned char *data = NULL;
        long n;

        if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
            !(data = malloc((size_t)n + 1)) || fread(data, 1, (size_t)n, f) != (size_t)n) {
                fprintf(stderr, "replay: %s: cannot read\n", path);
                if (f)
                        fclose(f);
                free(data);
                return 1;
        }
        fclose(f);
        /* what the fuzzer would do: a copy of exactly n bytes */
        LLVMFuzzerTestOneInput(data, (size_t)n);
        free(data);
        return 0;
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
        size_t runs = 0;
        int bad = 0;

        if (argc < 2) {
                fprintf(stderr, "usage: %s CORPUS...\n", argv[0]);
                return 2;
        }
        if (LLVMFuzzerInitialize)
                LLVMFuzzerInitialize(&argc, &argv);
        for (int i = 1; i < argc; i++) {
                struct stat sb;
                DIR *d;
                struct dirent *e;
                char **names = NULL;
                size_t n = 0;

                if (stat(argv[i], &sb) == 0 && !S_ISDIR(sb.st_mode)) {
                        bad |= run_file(argv[i]);
                        runs++;
                        continue;
                }
                if (!(d = opendir(argv[i]))) {
                        fprintf(stderr, "replay: %s: cannot read\n", argv[i]);
                        return 2;
                }
                while ((e = readdir(d))) {
                        char **v;

                        if (e->d_name[0] == '.')
                                continue;
                        if (!(v = realloc(names, (n + 1) * sizeof(*v))))
                                abort();
                        names = v;
                        size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;

                        if (!(names[n] = malloc(len)))
                                abort();
                        snprintf(names[n++], len, "%s/%s", argv[i], e->d_name);
                }
                closedir(d);
                qsort(names, n, sizeof(*names), by_name);
                for (size_t k = 0; k < n; k++) {
                        bad |= run_file(names[k]);
                        runs++;
                        free(names[k]);
                }
                free(names);
        }
        printf("replay: %zu inputs\n", runs);
        return bad || !runs;
}
