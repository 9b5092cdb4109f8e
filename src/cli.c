/*
 * cli.c - the doxsearch command line: global options, the command table,
 * option parsing shared by the commands, help texts, messages and where
 * the index lives.  A first word that is no command is a search.
 */
#include "cli.h"
#include "render.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DX_CLI_VERSION
#define DX_CLI_VERSION DX_VERSION
#endif

static const command commands[] = {
    {"ingest", cmd_ingest,
     "ingest [--jobs N] [--force] [--dry-run] [--no-align] [--quiet|--verbose] DIR...",
     "index an archive of talks (or one event folder)"},
    {"prune", cmd_prune, "prune [--dry-run]",
     "delete talks and files that ingest marked as removed"},
    {"search", cmd_search,
     "search [--json] [--limit N] [--offset N] [--sort relevance|date|duration] [--fuzzy] "
     "QUERY...",
     "find talks (the default when the first word is no command)"},
    {"show", cmd_show, "show [--json] [--transcript|--timeline] TALK",
     "everything the index knows about one talk"},
    {"list", cmd_list, "list [--json]", "every talk, newest event first"},
    {"stats", cmd_stats, "stats [--json]", "what the index holds"},
    {"report", cmd_report, "report [--json] [DIR...]",
     "what the archivist must fix: failed files, unpaired talks, names, duplicates"},
    {"manifest", cmd_manifest, "manifest [--force] DIR",
     "write event.json drafts from what ingest found and inferred"},
    {"export", cmd_export,
     "export json|ndjson|es-bulk [--per-page] [--index NAME] OUT\n"
     "       doxsearch [--db PATH] export site [--base-url URL] [--media-url URL] [--thumb-width "
     "N] OUTDIR",
     "write every talk to a file for a website or a search engine, or a static site"},
};

static const char *const helps[] = {
    "ingest",
    "Options:\n"
    "  -j, --jobs N    extraction threads (default: number of cores)\n"
    "      --force     read every file again, even when unchanged\n"
    "  -q, --quiet     no progress line and no summary\n"
    "  -v, --verbose   one line per file read and per talk changed\n"
    "  -n, --dry-run   list what would be added, updated, moved and removed;\n"
    "                  read and write nothing\n"
    "      --no-align  do not work out when each slide is on screen in the\n"
    "                  recording (by default talks with both are aligned once)\n"
    "\n"
    "DIR is an archive (a folder of event folders) or a single event folder.\n"
    "Each event folder may hold event.json; other files are paired by base\n"
    "name (talk.mp4 + talk.pdf).  Unchanged files are not read again; a\n"
    "renamed file keeps its talk.  Talks whose files are gone are marked\n"
    "removed (hidden from search) until 'doxsearch prune'.\n"
    "Exit status: 0 all read, 1 some files could not be read, 2 trouble.\n",
    "search",
    "Options:\n"
    "      --json      machine-readable output (see README)\n"
    "  -n, --limit N   show at most N talks (default 10)\n"
    "      --offset N  skip the first N talks\n"
    "      --sort KEY  relevance (default), date (newest first) or duration (longest first)\n"
    "      --fuzzy     search the suggested spelling even when the query found talks\n"
    "\n"
    "Query: words are ANDed; a OR b; -word or NOT word excludes; \"a phrase\"; deploy*;\n"
    "fields title: speaker: company: event: abstract: tag: slides: captions:\n"
    "(speaker:\"slava kalmykov\");\n"
    "filters year:2020 after:2019-06 before:2020-02-01 longer:30m shorter:1h\n"
    "has:video|audio|slides|captions.  Case and accents do not matter; a misspelt\n"
    "word gets a suggestion.  A first word starting with '--' needs -- before it.\n"
    "Exit status: 0 found, 1 nothing found, 2 trouble.\n",
    "show",
    "Options:\n"
    "      --json      the whole record: streams, tags, chapters, page texts\n"
    "      --transcript  the talk's captions with their times (--json: the cues)\n"
    "      --timeline  when each slide was on screen in the recording\n"
    "\n"
    "TALK is a talk id (as search and list print it) or a unique part of\n"
    "an id or title.\n",
    "prune",
    "Options:\n"
    "  -n, --dry-run   count what would be deleted\n"
    "\n"
    "Talks, files and events that left the archive stay in the index, hidden,\n"
    "so that an unmounted disk loses nothing.  prune deletes them for good.\n",
    "list",
    "Options:\n"
    "      --json      {\"talks\": [...]} with the fields of a search result\n",
    "stats",
    "Options:\n"
    "      --json      machine-readable output\n",
    "report",
    "Options:\n"
    "      --json      {\"problems\": [{kind, talk, file, message, suggestion}], \"counts\"}\n"
    "\n"
    "Lists, grouped by kind: files that failed, recordings without slides and\n"
    "slides without a recording, recordings that do not show their slides, decks\n"
    "without a text layer, talks titled by their file name or without a speaker,\n"
    "one speaker spelled two ways or at two companies, files with the same\n"
    "content, manifest paths that point nowhere (with the closest file), and\n"
    "lengths that disagree with the manifest's schedule.  DIR limits it to the\n"
    "events in those folders.\n"
    "Exit status: 0 nothing to fix, 1 something to fix, 2 trouble.\n",
    "manifest",
    "Options:\n"
    "  -f, --force     write over an existing event.json\n"
    "\n"
    "Writes DIR/<event>/event.json for each event folder of DIR in the index, with\n"
    "its talks as ingest paired and named them; run doxsearch ingest DIR first.\n"
    "Ingesting with the drafts gives the same talks.  Each file written is named.\n"
    "Exit status: 0 all written, 1 some kept (they exist), 2 trouble.\n",
    "export",
    "Formats:\n"
    "  json       events newest first with their talks, chapters and page texts\n"
    "             (shape: doc/export.schema.json); same index, same bytes\n"
    "  ndjson     one document per talk per line (Meilisearch, Typesense, jq)\n"
    "  es-bulk    Elasticsearch/OpenSearch _bulk: action line + document line\n"
    "  site       a static site in OUTDIR: index.html, a page per talk and per\n"
    "             speaker, slide thumbnails, poster frames, an Atom feed and a\n"
    "             search box that needs no server (see README)\n"
    "\n"
    "Options:\n"
    "      --per-page    ndjson, es-bulk: one document per slide page, id TALK-pN\n"
    "      --index NAME  es-bulk: the index to load into (default talks)\n"
    "      --base-url URL   site: where the site will be served (absolute links in\n"
    "                       the Atom feed)\n"
    "      --media-url URL  site: where the recordings are served; a talk's video\n"
    "                       link is URL + its path in the archive\n"
    "      --thumb-width N  site: slide thumbnail width in pixels (default 320)\n"
    "  -q, --quiet          site: no summary line\n"
    "\n"
    "OUT is written to a temporary file beside it, then renamed; its folder must\n"
    "exist.  OUT - writes to standard output.  Text fields of search documents\n"
    "stop at 65,535 words (a warning says so; --per-page avoids it).\n"
    "Site thumbnails are kept by the content hash of their deck: a re-export\n"
    "renders only new or changed decks.\n"
    "Exit status: 0 written, 1 written but some files could not be rendered,\n"
    "2 usage error or trouble.\n",
};

const command *cli_command(const char *name)
{
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(commands[i].name, name) == 0)
                        return &commands[i];
        return NULL;
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
        char *m = NULL;

        fflush(stdout);
        fputs("doxsearch: ", stderr);
        if (prefix)
                fputs(prefix, stderr);
        /* file names, titles and queries go into messages: one line,
         * nothing the terminal would act on */
        if (vasprintf(&m, fmt, ap) >= 0)
                render_text(stderr, m, 0);
        else
                fputs("out of memory", stderr);
        free(m);
        fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vmsg(NULL, fmt, ap);
        va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vmsg("warning: ", fmt, ap);
        va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vmsg(NULL, fmt, ap);
        va_end(ap);
        fprintf(stderr, "Try 'doxsearch %s%s--help' for more information.\n", cmd ? cmd : "",
                cmd ? " " : "");
        return EXIT_TROUBLE;
}

static void usage_all(FILE *f)
{
        fprintf(f, "usage: doxsearch [--db PATH] COMMAND [OPTIONS] [ARGS]\n"
                   "       doxsearch [--db PATH] QUERY...\n\nCommands:\n");
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
        fprintf(f, "\nGlobal options (also after the command):\n"
                   "  --db PATH      the index (default: $DOXSEARCH_DB, else\n"
                   "                 $XDG_DATA_HOME/doxsearch/index.db)\n"
                   "  -h, --help     help; 'doxsearch COMMAND --help' for a command\n"
                   "  --version      print the version\n"
                   "\nExamples:\n"
                   "  doxsearch ingest ~/doxlon-archive\n"
                   "  doxsearch \"continuous delivery\"\n"
                   "  doxsearch speaker:knoop slides:\"error budget\"\n"
                   "  doxsearch show 2020-01-doxlon_100-days-of-sre\n"
                   "\nColour only on a terminal, never with NO_COLOR set.\n");
}

int cli_help(const char *cmd)
{
        const command *c = cmd ? cli_command(cmd) : NULL;

        if (!c) {
                usage_all(stdout);
                return EXIT_FOUND;
        }
        printf("usage: doxsearch [--db PATH] %s\n\n%s.\n\n", c->usage, c->summary);
        for (size_t i = 0; i + 1 < sizeof(helps) / sizeof(helps[0]); i += 2)
                if (strcmp(helps[i], cmd) == 0)
                        fputs(helps[i + 1], stdout);
        return EXIT_FOUND;
}

int cli_next(cli_args *a, const cli_opt *opts, int words_may_dash, const char **arg)
{
        static const cli_opt common[] = {
            {"db", 0, 1, OPT_DB}, {"help", 'h', 0, OPT_HELP}, {NULL, 0, 0, 0}};
        const char *s;

        *arg = NULL;
        if (a->i >= a->argc)
                return OPT_END;
        s = a->argv[a->i++];
        if (a->done || s[0] != '-' || s[1] == '\0') {
                *arg = s;
                return OPT_WORD;
        }
        if (strcmp(s, "--") == 0) {
                a->done = 1;
                return cli_next(a, opts, words_may_dash, arg);
        }
        for (int pass = 0; pass < 2; pass++) {
                const cli_opt *o = pass ? common : opts;

                for (; o && o->id; o++) {
                        const char *val = NULL;

                        if (s[1] == '-' && o->long_name) {
                                size_t n = strlen(o->long_name);
                                if (strncmp(s + 2, o->long_name, n) != 0)
                                        continue;
                                if (s[2 + n] == '=')
                                        val = s + 3 + n;
                                else if (s[2 + n] != '\0')
                                        continue;
                        } else if (s[1] != '-' && o->short_name && s[1] == o->short_name) {
                                if (s[2] != '\0') {
                                        if (!o->has_arg)
                                                continue;
                                        val = s + 2;
                                }
                        } else {
                                continue;
                        }
                        if (o->has_arg && !val) {
                                if (a->i >= a->argc) {
                                        cli_usage_error(a->cmd, "option '%s' needs a value", s);
                                        return OPT_BAD;
                                }
                                val = a->argv[a->i++];
                        } else if (!o->has_arg && val) {
                                cli_usage_error(a->cmd, "option '%s' takes no value", s);
                                return OPT_BAD;
                        }
                        *arg = val;
                        return o->id;
                }
        }
        if (words_may_dash && s[1] != '-') {
                *arg = s;
                return OPT_WORD;
        }
        cli_usage_error(a->cmd, "unknown option '%s'", s);
        return OPT_BAD;
}

long cli_number(const char *cmd, const char *opt, const char *v, long min, long max)
{
        char *end;
        long n;

        errno = 0;
        n = strtol(v, &end, 10);
        if (errno || end == v || *end || n < min || n > max) {
                cli_usage_error(cmd, "%s takes a whole number from %ld to %ld, not '%s'", opt, min,
                                max, v);
                return -1;
        }
        return n;
}

char *cli_db_path(const cli *c)
{
        const char *env = getenv("DOXSEARCH_DB");
        const char *xdg = getenv("XDG_DATA_HOME");
        const char *home = getenv("HOME");

        if (c->db)
                return strdup(c->db);
        if (env && *env)
                return strdup(env);
        if (xdg && xdg[0] == '/') {
                size_t n = strlen(xdg) + 32;
                char *p = malloc(n);
                if (p)
                        snprintf(p, n, "%s/doxsearch/index.db", xdg);
                return p;
        }
        if (!home || !*home)
                home = "/";
        size_t n = strlen(home) + 48;
        char *p = malloc(n);
        if (p)
                snprintf(p, n, "%s/.local/share/doxsearch/index.db", home);
        return p;
}

/* mkdir -p for the folder that will hold the index. */
static int make_parent(const char *path)
{
        char buf[PATH_MAX];
        size_t n = strlen(path);

        if (n >= sizeof(buf))
                return -1;
        memcpy(buf, path, n + 1);
        char *slash = strrchr(buf, '/');
        if (!slash || slash == buf)
                return 0;
        *slash = '\0';
        for (char *p = buf + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                        return -1;
                *p = '/';
        }
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return -1;
        return 0;
}

dx_index *cli_open(const cli *c, int flags)
{
        char *path = cli_db_path(c), *err = NULL;
        dx_index *idx = NULL;

        if (!path) {
                cli_error("out of memory");
                return NULL;
        }
        if (flags == DX_OPEN_WRITE && make_parent(path) != 0)
                cli_error("%s: cannot create its folder: %s", path, strerror(errno));
        else if (dx_index_open(&idx, path, flags, &err))
                cli_error("%s", err ? err : "cannot open index");
        free(err);
        free(path);
        return idx;
}

int dx_cli_main(int argc, char **argv)
{
        cli c = {0};
        const char *nc = getenv("NO_COLOR");
        int i = 1;

        c.stderr_tty = isatty(STDERR_FILENO);
        c.color_out = isatty(STDOUT_FILENO) && !(nc && *nc);
        c.color_err = c.stderr_tty && !(nc && *nc);

        /* global options before the command */
        while (i < argc && argv[i][0] == '-' && argv[i][1]) {
                const char *s = argv[i];

                if (strcmp(s, "--") == 0) {
                        i++;
                        break;
                } else if (strcmp(s, "--version") == 0) {
                        printf("doxsearch %s\n", DX_CLI_VERSION);
                        return EXIT_FOUND;
                } else if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
                        return cli_help(NULL);
                } else if (strcmp(s, "--db") == 0) {
                        if (i + 1 >= argc)
                                return cli_usage_error(NULL, "option '--db' needs a value");
                        c.db = argv[i + 1];
                        i += 2;
                } else if (strncmp(s, "--db=", 5) == 0) {
                        c.db = s + 5;
                        i++;
                } else {
                        break; /* a search option or a query word: search decides */
                }
        }
        if (i < argc && strcmp(argv[i], "help") == 0)
                return cli_help(i + 1 < argc ? argv[i + 1] : NULL);
        if (i < argc && i > 0 && strcmp(argv[i - 1], "--") != 0) {
                const command *cmd = cli_command(argv[i]);
                if (cmd)
                        return cmd->fn(&c, argc - i, argv + i);
        }
        if (i >= argc) {
                usage_all(stderr);
                return EXIT_TROUBLE;
        }
        /* no command: everything left is a search, as if after "search" (and
         * after "--" when the global options ended with one) */
        {
                int dashes = i > 1 && strcmp(argv[i - 1], "--") == 0;
                int n = 1 + dashes + (argc - i);
                char **v = calloc((size_t)n + 1, sizeof(*v));
                int rc;

                if (!v)
                        return EXIT_TROUBLE;
                v[0] = "search";
                if (dashes)
                        v[1] = "--";
                memcpy(v + 1 + dashes, argv + i, (size_t)(argc - i) * sizeof(*v));
                rc = cmd_search(&c, n, v);
                free(v);
                return rc;
        }
}
