/*
 * cli.c - the doxsearch command line: global options, option parsing and
 * help made from the command table (commands.c), messages and where the
 * index lives.  A first word that is no command is a search.
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

const command *cli_command(const char *name)
{
        for (size_t i = 0; i < cli_ncommands; i++)
                if (strcmp(cli_commands[i].name, name) == 0)
                        return &cli_commands[i];
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
        for (size_t i = 0; i < cli_ncommands; i++)
                fprintf(f, "  %-8s %s\n", cli_commands[i].name, cli_commands[i].summary);
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

/* "  -j, --jobs N" or "      --force": an option as its help lists it. */
static int opt_label(char *out, size_t n, const cli_opt *o)
{
        return snprintf(out, n, "  %c%c%s--%s%s%s", o->short_name ? '-' : ' ',
                        o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ",
                        o->long_name, o->value ? " " : "", o->value ? o->value : "");
}

int cli_help(const char *cmd)
{
        const command *c = cmd ? cli_command(cmd) : NULL;
        char label[96];
        int width = 16;

        if (!c) {
                usage_all(stdout);
                return EXIT_FOUND;
        }
        printf("usage: doxsearch [--db PATH] %s%s%s%s\n\n%s.\n", c->name,
               c->opts && c->opts->long_name ? " [OPTIONS]" : "", c->args ? " " : "",
               c->args ? c->args : "", c->summary);
        for (const cli_opt *o = c->opts; o && o->long_name; o++) {
                int n = opt_label(label, sizeof(label), o);

                if (o->help && n + 2 > width)
                        width = n + 2;
        }
        if (c->opts && c->opts->long_name)
                fputs("\nOptions:\n", stdout);
        for (const cli_opt *o = c->opts; o && o->long_name; o++) {
                const char *h = o->help;

                if (!h)
                        continue;
                printf("%-*s", width, (opt_label(label, sizeof(label), o), label));
                for (; *h; h++) {
                        putchar(*h);
                        if (*h == '\n')
                                printf("%*s", width, "");
                }
                putchar('\n');
        }
        if (c->more)
                printf("\n%s", c->more);
        return EXIT_FOUND;
}

void cli_args_init(cli_args *a, cli *c, const char *cmd, int argc, char **argv)
{
        memset(a, 0, sizeof(*a));
        a->c = c;
        a->cmd = cli_command(cmd);
        a->argc = argc;
        a->argv = argv;
        a->i = 1;
}

/* The option of opts that s (an argument starting with '-') names, with
 * its value in *val (from "=VALUE", a glued short option's rest, or NULL);
 * NULL when none does. */
static const cli_opt *find_opt(const cli_opt *opts, const char *s, const char **val)
{
        *val = NULL;
        for (const cli_opt *o = opts; o && o->long_name; o++) {
                if (s[1] == '-') {
                        size_t n = strlen(o->long_name);

                        if (strncmp(s + 2, o->long_name, n) != 0)
                                continue;
                        if (s[2 + n] == '=')
                                *val = s + 3 + n;
                        else if (s[2 + n] != '\0')
                                continue;
                        return o;
                }
                if (o->short_name && s[1] == o->short_name) {
                        if (s[2] != '\0') {
                                if (!o->value)
                                        continue;
                                *val = s + 2;
                        }
                        return o;
                }
        }
        return NULL;
}

enum { OPT_DB = -100, OPT_HELP = -101 };

int cli_next(cli_args *a, const char **arg)
{
        static const cli_opt common[] = {{"db", 0, "PATH", OPT_DB, NULL},
                                         {"help", 'h', NULL, OPT_HELP, NULL},
                                         {NULL, 0, NULL, 0, NULL}};
        const char *name = a->cmd ? a->cmd->name : NULL;
        const cli_opt *o;
        const char *s, *val;

        for (;;) {
                *arg = NULL;
                if (a->i >= a->argc)
                        return OPT_END;
                s = a->argv[a->i++];
                if (!a->done && strcmp(s, "--") == 0) {
                        a->done = 1;
                        continue;
                }
                if (a->done || s[0] != '-' || s[1] == '\0') {
                        if (a->cmd && !a->cmd->args) {
                                a->status = cli_usage_error(name, "unexpected argument '%s'", s);
                                return OPT_STOP;
                        }
                        *arg = s;
                        return OPT_WORD;
                }
                o = find_opt(a->cmd ? a->cmd->opts : NULL, s, &val);
                if (!o)
                        o = find_opt(common, s, &val);
                if (!o) {
                        if (a->cmd && a->cmd->words_may_dash && s[1] != '-') {
                                *arg = s;
                                return OPT_WORD;
                        }
                        a->status = cli_usage_error(name, "unknown option '%s'", s);
                        return OPT_STOP;
                }
                if (o->value && !val) {
                        if (a->i >= a->argc) {
                                a->status = cli_usage_error(name, "option '%s' needs a value", s);
                                return OPT_STOP;
                        }
                        val = a->argv[a->i++];
                } else if (!o->value && val) {
                        a->status = cli_usage_error(name, "option '%s' takes no value", s);
                        return OPT_STOP;
                }
                if (o->id == OPT_DB) {
                        /* "" would be SQLite's temporary database: an
                         * ingest into it would be thrown away */
                        if (!*val) {
                                a->status = cli_usage_error(name, "option '--db' needs a path");
                                return OPT_STOP;
                        }
                        a->c->db = val;
                        continue;
                }
                if (o->id == OPT_HELP) {
                        a->status = cli_help(name);
                        return OPT_STOP;
                }
                *arg = val;
                return o->id;
        }
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

int dx_cli_main(int argc, char **argv, const cli_heavy *heavy)
{
        cli c = {.heavy = heavy};
        const char *nc = getenv("NO_COLOR");
        int i = 1, after_dashes = 0;

        c.stderr_tty = isatty(STDERR_FILENO);
        c.color_out = isatty(STDOUT_FILENO) && !(nc && *nc);
        c.color_err = c.stderr_tty && !(nc && *nc);

        /* global options before the command */
        while (i < argc && argv[i][0] == '-' && argv[i][1]) {
                const char *s = argv[i];

                if (strcmp(s, "--") == 0) {
                        i++;
                        after_dashes = 1;
                        break;
                } else if (strcmp(s, "--version") == 0) {
                        printf("doxsearch %s\n", DX_VERSION);
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
                if (!*c.db)
                        return cli_usage_error(NULL, "option '--db' needs a path");
        }
        if (i < argc && !after_dashes && strcmp(argv[i], "help") == 0) {
                if (i + 1 < argc && !cli_command(argv[i + 1])) {
                        cli_error("no command '%s'", argv[i + 1]);
                        usage_all(stderr);
                        return EXIT_TROUBLE;
                }
                return cli_help(i + 1 < argc ? argv[i + 1] : NULL);
        }
        if (i < argc && !after_dashes) {
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
                int dashes = after_dashes;
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
