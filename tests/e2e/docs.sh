#!/usr/bin/env bash
# docs.sh - the manual page and the shell completions the build makes from
# the command table (doxsearch-doc): the page renders without a warning
# and names every command and every option `--help` shows; bash completes
# commands, options and values as the table says; the zsh function parses.
# Run as `bash tests/e2e/docs.sh DOXSEARCH FIXTURES`; the documents are in
# the build folder's doc/, beside DOXSEARCH.
. "$(dirname "$0")/lib.sh" "$@"

DOC=$(dirname "$DOXSEARCH")/doc

test_expect_success 'the build wrote the page and the completions' '
        test -s "$DOC/doxsearch.1" && test -s "$DOC/doxsearch.bash" && test -s "$DOC/_doxsearch"
'

if command -v groff >/dev/null; then
        test_expect_success 'the manual page renders without a warning' '
                groff -ww -z -man "$DOC/doxsearch.1" 2>err &&
                test_cmp /dev/null err &&
                groff -man -Tutf8 "$DOC/doxsearch.1" 2>/dev/null | col -bx >page &&
                grep -q "^NAME" page && grep -q "^EXIT STATUS" page
        '
        # every command of --help, and every option of its --help, is in the page
        "$DOXSEARCH" --help | sed -n "/^Commands:/,/^$/p" | awk 'NR > 1 && NF { print $1 }' >commands
        while read -r cmd; do
                test_expect_success "the page has $cmd and its options" '
                        grep -q "^   $cmd\$" page &&
                        ds $cmd --help | grep -oE "^ +(-[a-z], )?--[a-z-]+" |
                                sed "s/^ *//" >opts &&
                        test -s opts &&
                        while read -r o; do
                                grep -qF -- "$o" page || { echo "missing: $o" >&7; exit 1; }
                        done <opts
                '
        done <commands
else
        test_skip "no groff to render the manual page with"
fi

# COMP_WORDS as bash fills them for a command line ending in the word
# being completed; prints the candidates, one per line, sorted.
complete_words() {
        bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _doxsearch;
                 [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort' complete "$DOC/doxsearch.bash" "$@"
}

test_expect_success 'bash: the first word completes to a command' '
        complete_words doxsearch in >out &&
        echo ingest >expect &&
        test_cmp expect out &&
        complete_words doxsearch --db x.db st >out &&
        echo stats >expect &&
        test_cmp expect out
'

test_expect_success 'bash: a command completes its own options' '
        complete_words doxsearch search --li >out &&
        echo --limit >expect &&
        test_cmp expect out &&
        complete_words doxsearch prune --d >out &&
        printf "%s\n" --db --dry-run >expect &&
        test_cmp expect out &&
        complete_words doxsearch list --dry >out &&
        test_cmp /dev/null out
'

test_expect_success 'bash: values: --sort keys, export formats, ingest folders' '
        complete_words doxsearch search --sort d >out &&
        printf "%s\n" date duration >expect &&
        test_cmp expect out &&
        complete_words doxsearch export "" >out &&
        printf "%s\n" es-bulk json ndjson site >expect &&
        test_cmp expect out &&
        mkdir -p archive-a archive-b && : >archive-file &&
        complete_words doxsearch ingest arch >out &&
        printf "%s\n" archive-a archive-b >expect &&
        test_cmp expect out
'

test_expect_success 'bash: a file or folder name with a space or a * is one word' '
        mkdir -p "my archive" "my*dir" && : >"my out.json" && : >"*" &&
        complete_words doxsearch ingest my >out &&
        printf "%s\n" "my archive" "my*dir" >expect &&
        test_cmp expect out &&
        complete_words doxsearch export json "my " >out &&
        printf "%s\n" "my archive" "my out.json" >expect &&
        test_cmp expect out &&
        complete_words doxsearch --db "*" >out &&
        echo "*" >expect &&
        test_cmp expect out
'

if command -v zsh >/dev/null; then
        test_expect_success 'zsh: the completion function parses' '
                zsh -n "$DOC/_doxsearch"
        '
else
        test_skip "no zsh to parse the completion function with"
fi

test_done
