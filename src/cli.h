/*
 * cli.h - what the doxsearch command's files share: the command table
 * (commands.c), the run context, option parsing and the message helpers.  Only
 * the command line prints; the library never does.
 */
#ifndef DX_CLI_H
#define DX_CLI_H

#include "doxsearch.h"

#include <stdio.h>

/* Exit codes, as grep has them. */
enum { EXIT_FOUND = 0, EXIT_NONE = 1, EXIT_TROUBLE = 2 };

/* The "s" a count of n things takes in English ("1 talk", "2 talks"). */
#define PLURAL(n) ((n) == 1 ? "" : "s")

struct cli;

/* The real `ingest` and `export site`, in doxsearch-ingest only (it links
 * FFmpeg and poppler); in doxsearch, cmd_ingest() and cmd_export_site()
 * run doxsearch-ingest instead. */
typedef struct cli_heavy {
        int (*ingest)(struct cli *c, int argc, char **argv);
        int (*export_site)(struct cli *c, int argc, char **argv);
} cli_heavy;

typedef struct cli {
        const char *db; /* --db, or NULL for the default */
        int color_out;  /* colour on stdout */
        int color_err;  /* colour on stderr */
        int stderr_tty;
        const cli_heavy *heavy; /* NULL in doxsearch */
} cli;

/* ---- options ------------------------------------------------------------ */

/* Every option of every command, as cli_next() returns them. */
enum {
        OPT_JSON = 1,
        OPT_LIMIT,
        OPT_OFFSET,
        OPT_SORT,
        OPT_FUZZY,
        OPT_JOBS,
        OPT_FORCE,
        OPT_QUIET,
        OPT_VERBOSE,
        OPT_DRY_RUN,
        OPT_NO_ALIGN,
        OPT_ALIGN,
        OPT_OCR,
        OPT_OCR_LANG,
        OPT_TRANSCRIPT,
        OPT_TIMELINE,
        OPT_PER_PAGE,
        OPT_INDEX,
        OPT_BASE_URL,
        OPT_MEDIA_URL,
        OPT_THUMB_WIDTH,
        OPT_TITLE,
};

/* One option of a command: what it is called, what it takes, and its line
 * in the command's --help. */
typedef struct cli_opt {
        const char *long_name; /* without "--"; NULL ends a table */
        char short_name;       /* 0 for none */
        const char *value;     /* the value's name in help ("N", "URL"); NULL: takes none */
        int id;                /* OPT_*, what cli_next() returns */
        const char *help;      /* its help; "\n" starts another line; NULL: not shown */
} cli_opt;

/* A command of the table in commands.c: its options and its help live
 * there, with it, and nowhere else. */
typedef struct command {
        const char *name;
        int (*fn)(cli *c, int argc, char **argv);
        const char *args;    /* the usage line after the options ("DIR..."); NULL: none */
        const char *summary; /* one line, for the list of commands */
        const cli_opt *opts; /* its options; --db and --help are every command's */
        const char *more;    /* the help after the options: arguments, exit status */
        int words_may_dash;  /* "-x" that is no option is a word (queries) */
} command;

extern const command cli_commands[];
extern const size_t cli_ncommands;

int cmd_ingest(cli *c, int argc, char **argv);
int cmd_search(cli *c, int argc, char **argv);
int cmd_show(cli *c, int argc, char **argv);
int cmd_list(cli *c, int argc, char **argv);
int cmd_stats(cli *c, int argc, char **argv);
int cmd_prune(cli *c, int argc, char **argv);
int cmd_export(cli *c, int argc, char **argv);
int cmd_report(cli *c, int argc, char **argv);
int cmd_manifest(cli *c, int argc, char **argv);
/* `export site`, called by cmd_export with its whole command line. */
int cmd_export_site(cli *c, int argc, char **argv);

/* The real ones, linked into doxsearch-ingest (cmd_ingest.c,
 * cmd_export_site.c). */
int cmd_ingest_run(cli *c, int argc, char **argv);
int cmd_export_site_run(cli *c, int argc, char **argv);

const command *cli_command(const char *name);
int dx_cli_main(int argc, char **argv, const cli_heavy *heavy);

typedef struct cli_args {
        cli *c;
        const command *cmd;
        int argc;
        char **argv;
        int i;      /* next argument */
        int done;   /* "--" seen */
        int status; /* after OPT_STOP: what the command exits with */
} cli_args;

enum { OPT_END = -1, OPT_WORD = -2, OPT_STOP = -3 };

/* Start reading a command's arguments; argv[0] is the command's name. */
void cli_args_init(cli_args *a, cli *c, const char *cmd, int argc, char **argv);
/* The next option (OPT_*) or word (OPT_WORD) of the command's arguments,
 * OPT_END after the last; *arg gets the option's value or the word.
 * Options may come anywhere before "--".  --db (into c->db) and --help
 * are taken here; a command without arguments refuses words here.  With
 * OPT_STOP the command returns a->status at once: help was printed (0) or
 * a usage error (2). */
int cli_next(cli_args *a, const char **arg);
/* Parse a whole number option value; complains and returns -1 if bad. */
long cli_number(const char *cmd, const char *opt, const char *v, long min, long max);

/* ---- messages ----------------------------------------------------------- */

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "usage error" and a hint to --help; returns EXIT_TROUBLE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The help of a command (its usage, options and notes), or of doxsearch
 * for NULL, on stdout; EXIT_FOUND. */
int cli_help(const char *cmd);

/* The index path: --db, $DOXSEARCH_DB, $XDG_DATA_HOME or ~/.local/share. */
char *cli_db_path(const cli *c);
/* Open the index as flags (DX_OPEN_*) say, printing why not; NULL then. */
dx_index *cli_open(const cli *c, int flags);

#endif /* DX_CLI_H */
