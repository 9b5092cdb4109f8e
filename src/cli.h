/*
 * cli.h - what the doxsearch command's files share: the command table
 * entry, the run context, option parsing and the message helpers.  Only
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

typedef struct cli {
        const char *db; /* --db, or NULL for the default */
        int color_out;  /* colour on stdout */
        int color_err;  /* colour on stderr */
        int stderr_tty;
} cli;

typedef struct command {
        const char *name;
        int (*fn)(cli *c, int argc, char **argv);
        const char *usage;
        const char *summary;
} command;

int cmd_ingest(cli *c, int argc, char **argv);
int cmd_search(cli *c, int argc, char **argv);
int cmd_show(cli *c, int argc, char **argv);
int cmd_list(cli *c, int argc, char **argv);
int cmd_stats(cli *c, int argc, char **argv);
int cmd_prune(cli *c, int argc, char **argv);
int cmd_export(cli *c, int argc, char **argv);
int cmd_report(cli *c, int argc, char **argv);
int cmd_manifest(cli *c, int argc, char **argv);
/* `export site`, called by cmd_export with its whole command line: in
 * doxsearch it runs doxsearch-ingest, which writes the site. */
int cmd_export_site(cli *c, int argc, char **argv);

const command *cli_command(const char *name);
int dx_cli_main(int argc, char **argv);

/* ---- option parsing --------------------------------------------------- */

typedef struct cli_opt {
        const char *long_name; /* without "--" */
        char short_name;       /* 0 for none */
        int has_arg;
        int id;
} cli_opt;

typedef struct cli_args {
        int argc;
        char **argv;
        int i;    /* next argument */
        int done; /* "--" seen */
        const char *cmd;
} cli_args;

enum { OPT_END = -1, OPT_WORD = -2, OPT_BAD = -3, OPT_DB = 1000, OPT_HELP = 1001 };

/* Next option or word.  Options may come anywhere before "--"; *arg gets
 * the option's value or the word.  words_may_dash: "-x" that is no option
 * is a word (for queries), otherwise an error. */
int cli_next(cli_args *a, const cli_opt *opts, int words_may_dash, const char **arg);
/* Parse a whole number option value; complains and returns -1 if bad. */
long cli_number(const char *cmd, const char *opt, const char *v, long min, long max);

/* ---- messages ----------------------------------------------------------- */

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "usage error" and a hint to --help; returns EXIT_TROUBLE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_help(const char *cmd);

/* The index path: --db, $DOXSEARCH_DB, $XDG_DATA_HOME or ~/.local/share. */
char *cli_db_path(const cli *c);
/* Open the index as flags (DX_OPEN_*) say, printing why not; NULL then. */
dx_index *cli_open(const cli *c, int flags);

#endif /* DX_CLI_H */
