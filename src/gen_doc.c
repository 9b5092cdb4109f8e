/*
 * gen_doc.c - doxsearch-doc, a build tool: the manual page and the bash
 * and zsh completions, made from the command table (commands.c) that also
 * makes --help, so the three never disagree with the program.
 *
 *   doxsearch-doc man    doc/doxsearch.1 (roff)
 *   doxsearch-doc bash   a bash completion script
 *   doxsearch-doc zsh    a zsh completion function (_doxsearch)
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* Text as roff reads it literally: backslashes and hyphens escaped, and a
 * line that would start with a control character guarded. */
static void roff(const char *s)
{
        int bol = 1;

        for (; *s; s++) {
                if (bol && (*s == '.' || *s == '\''))
                        fputs("\\&", stdout);
                if (*s == '\\')
                        fputs("\\e", stdout);
                else if (*s == '-')
                        fputs("\\-", stdout);
                else
                        putchar(*s);
                bol = *s == '\n';
        }
}

static void roff_opt(const cli_opt *o)
{
        fputs(".TP\n", stdout);
        if (o->short_name)
                printf("\\fB\\-%c\\fR, ", o->short_name);
        fputs("\\fB\\-\\-", stdout);
        roff(o->long_name);
        fputs("\\fR", stdout);
        if (o->value) {
                fputs(" \\fI", stdout);
                roff(o->value);
                fputs("\\fR", stdout);
        }
        putchar('\n');
        for (const char *h = o->help; *h; h++)
                if (*h == '\n')
                        putchar(' ');
                else if (*h == '-')
                        fputs("\\-", stdout);
                else if (*h == '\\')
                        fputs("\\e", stdout);
                else
                        putchar(*h);
        putchar('\n');
}

static void man(void)
{
        printf(".TH DOXSEARCH 1 \"\" \"doxsearch %s\" \"User Commands\"\n", DX_VERSION);
        fputs(".SH NAME\ndoxsearch \\- search an archive of talk recordings and slide decks\n"
              ".SH SYNOPSIS\n",
              stdout);
        for (size_t i = 0; i < cli_ncommands; i++) {
                const command *c = &cli_commands[i];

                printf(".B doxsearch\n[\\fB\\-\\-db\\fR \\fIPATH\\fR]\n.B %s\n", c->name);
                if (c->opts && c->opts->long_name)
                        fputs("[\\fIOPTIONS\\fR]\n", stdout);
                if (c->args) {
                        fputs(".I ", stdout);
                        roff(c->args);
                        putchar('\n');
                }
                fputs(".br\n", stdout);
        }
        fputs(".B doxsearch\n[\\fB\\-\\-db\\fR \\fIPATH\\fR]\n.I QUERY...\n"
              ".SH DESCRIPTION\n"
              "doxsearch turns a meetup's talk recordings, slide PDFs and captions into one\n"
              "searchable index (a single SQLite file): \\fBingest\\fR reads an archive,\n"
              "a search names the talk, the speaker, the event, the slide page and the\n"
              "minute in the recording, and \\fBexport\\fR writes data files or a static site.\n"
              "A first word that is no command is a search.\n"
              ".SH COMMANDS\n",
              stdout);
        for (size_t i = 0; i < cli_ncommands; i++) {
                const command *c = &cli_commands[i];

                printf(".SS %s\n", c->name);
                roff(c->summary);
                fputs(".\n", stdout);
                for (const cli_opt *o = c->opts; o && o->long_name; o++)
                        if (o->help)
                                roff_opt(o);
                if (c->more) {
                        fputs(".PP\n.nf\n", stdout);
                        roff(c->more);
                        fputs(".fi\n", stdout);
                }
        }
        fputs(".SH GLOBAL OPTIONS\n"
              ".TP\n\\fB\\-\\-db\\fR \\fIPATH\\fR\nthe index (also after the command)\n"
              ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nhelp; \\fBdoxsearch\\fR \\fICOMMAND\\fR "
              "\\fB\\-\\-help\\fR for a command\n"
              ".TP\n\\fB\\-\\-version\\fR\nprint the version\n"
              ".PP\nOptions may come before or after the command; \\fB\\-\\-\\fR ends them.\n"
              ".SH ENVIRONMENT\n"
              ".TP\n.B DOXSEARCH_DB\nthe index when \\fB\\-\\-db\\fR is not given\n"
              ".TP\n.B XDG_DATA_HOME\nelse the index is \\fI$XDG_DATA_HOME/doxsearch/index.db\\fR "
              "(\\fI~/.local/share/doxsearch/index.db\\fR)\n"
              ".TP\n.B NO_COLOR\nno colour, even on a terminal\n"
              ".TP\n.B DOXSEARCH_INGEST\nthe doxsearch\\-ingest program, when it is not beside "
              "doxsearch\n"
              ".TP\n.BR DOXSEARCH_PDF_SECONDS \", \" DOXSEARCH_PDF_MIB\n"
              "the time and resident memory one PDF may take (default 30 s, 1024 MiB)\n"
              ".SH EXIT STATUS\n"
              "As grep has them: 0 found, or every file read; 1 nothing found, or some files\n"
              "could not be read; 2 usage error or trouble.\n"
              ".SH EXAMPLES\n.nf\n"
              "doxsearch ingest ~/doxlon\\-archive\n"
              "doxsearch \"continuous delivery\"\n"
              "doxsearch speaker:knoop slides:\"error budget\"\n"
              "doxsearch show \\-\\-timeline 2020\\-01\\-doxlon_100\\-days\\-of\\-sre\n"
              "doxsearch export site \\-\\-media\\-url https://media.example.org/ site/\n"
              ".fi\n"
              ".SH SEE ALSO\n.BR sqlite3 (1),\n.BR ffprobe (1)\n",
              stdout);
}

/* The options of c as words for completion: "--json --limit -n ...". */
static void opt_words(const command *c)
{
        fputs("--help --db", stdout);
        for (const cli_opt *o = c->opts; o && o->long_name; o++) {
                if (!o->help)
                        continue;
                printf(" --%s", o->long_name);
                if (o->short_name)
                        printf(" -%c", o->short_name);
        }
}

static void bash(void)
{
        fputs("# bash completion for doxsearch, made by doxsearch-doc from its command table\n"
              "# _doxsearch_files -f|-d: the files or folders that start with $cur, as words\n"
              "# (\"my talks\" is one), quoted when inserted\n"
              "_doxsearch_files()\n{\n"
              "    compopt -o filenames 2>/dev/null\n"
              "    mapfile -t COMPREPLY < <(compgen \"$1\" -- \"$cur\")\n"
              "}\n"
              "_doxsearch()\n{\n"
              "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
              "    local cmd='' i\n"
              "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
              "        case ${COMP_WORDS[i]} in\n"
              "        --db) ((i++)) ;;\n"
              "        -*) ;;\n"
              "        *) cmd=${COMP_WORDS[i]}; break ;;\n"
              "        esac\n"
              "    done\n"
              "    case $prev in\n"
              "    --db|--db=*) _doxsearch_files -f; return ;;\n"
              "    --sort) COMPREPLY=($(compgen -W 'relevance date duration' -- \"$cur\")); "
              "return ;;\n",
              stdout);
        /* the other options with a value: nothing to offer for it */
        fputs("    --db", stdout);
        for (size_t i = 0; i < cli_ncommands; i++)
                for (const cli_opt *o = cli_commands[i].opts; o && o->long_name; o++) {
                        if (!o->value || strcmp(o->long_name, "sort") == 0)
                                continue;
                        printf("|--%s", o->long_name);
                        if (o->short_name)
                                printf("|-%c", o->short_name);
                }
        fputs(") return ;;\n    esac\n    case $cmd in\n    '')\n"
              "        COMPREPLY=($(compgen -W '",
              stdout);
        for (size_t i = 0; i < cli_ncommands; i++)
                printf("%s ", cli_commands[i].name);
        fputs("--db --help --version' -- \"$cur\")) ;;\n", stdout);
        for (size_t i = 0; i < cli_ncommands; i++) {
                const command *c = &cli_commands[i];

                printf("    %s)\n        if [[ $cur == -* ]]; then\n"
                       "            COMPREPLY=($(compgen -W '",
                       c->name);
                opt_words(c);
                fputs("' -- \"$cur\"))\n", stdout);
                if (strcmp(c->name, "ingest") == 0)
                        fputs("        else\n            _doxsearch_files -d\n", stdout);
                else if (strcmp(c->name, "export") == 0)
                        fputs("        elif [[ $prev == export ]]; then\n"
                              "            COMPREPLY=($(compgen -W 'json ndjson es-bulk site' -- "
                              "\"$cur\"))\n"
                              "        else\n            _doxsearch_files -f\n",
                              stdout);
                fputs("        fi ;;\n", stdout);
        }
        fputs("    esac\n}\ncomplete -F _doxsearch doxsearch\n", stdout);
}

/* s with ' and : and [ ] escaped for a zsh _arguments spec in '...'. */
static void zsh_text(const char *s)
{
        for (; *s; s++) {
                if (*s == '\'')
                        fputs("'\\''", stdout);
                else if (*s == ':' || *s == '[' || *s == ']' || *s == '\\')
                        printf("\\%c", *s);
                else if (*s == '\n')
                        putchar(' ');
                else
                        putchar(*s);
        }
}

static void zsh(void)
{
        fputs("#compdef doxsearch\n"
              "# zsh completion for doxsearch, made by doxsearch-doc from its command table\n"
              "_doxsearch() {\n"
              "  local -a commands\n  commands=(\n",
              stdout);
        for (size_t i = 0; i < cli_ncommands; i++) {
                printf("    '%s:", cli_commands[i].name);
                zsh_text(cli_commands[i].summary);
                fputs("'\n", stdout);
        }
        fputs("  )\n"
              "  if (( CURRENT == 2 )); then\n"
              "    _describe -t commands 'doxsearch command' commands\n"
              "    return\n"
              "  fi\n"
              "  local -a opts\n"
              "  opts=('--db[the index]:index file:_files' '(-h --help)'{-h,--help}'[help]')\n"
              "  case $words[2] in\n",
              stdout);
        for (size_t i = 0; i < cli_ncommands; i++) {
                const command *c = &cli_commands[i];

                printf("  %s)\n    opts+=(\n", c->name);
                for (const cli_opt *o = c->opts; o && o->long_name; o++) {
                        if (!o->help)
                                continue;
                        fputs("      '", stdout);
                        if (o->short_name)
                                printf("(-%c --%s)'{-%c,--%s}'", o->short_name, o->long_name,
                                       o->short_name, o->long_name);
                        else
                                printf("--%s", o->long_name);
                        putchar('[');
                        zsh_text(o->help);
                        putchar(']');
                        if (o->value)
                                printf(":%s:", o->value);
                        fputs("'\n", stdout);
                }
                fputs("    )\n", stdout);
                if (strcmp(c->name, "ingest") == 0)
                        fputs("    opts+=('*:archive folder:_files -/')\n", stdout);
                else if (strcmp(c->name, "export") == 0)
                        fputs(
                            "    opts+=('1:format:(json ndjson es-bulk site)' '2:output:_files')\n",
                            stdout);
                fputs("    ;;\n", stdout);
        }
        fputs("  esac\n  shift words\n  (( CURRENT-- ))\n  _arguments -s $opts\n}\n"
              "_doxsearch \"$@\"\n",
              stdout);
}

int main(int argc, char **argv)
{
        const char *what = argc == 2 ? argv[1] : "";

        if (strcmp(what, "man") == 0)
                man();
        else if (strcmp(what, "bash") == 0)
                bash();
        else if (strcmp(what, "zsh") == 0)
                zsh();
        else {
                fputs("usage: doxsearch-doc man|bash|zsh\n", stderr);
                return 2;
        }
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
