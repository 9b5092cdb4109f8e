#!/usr/bin/env bash
# color.sh - colour on a terminal, never with NO_COLOR set (no-color.org),
# never when the output is no terminal.  A pseudo-terminal comes from
# util-linux's script(1).
. "$(dirname "$0")/lib.sh" "$@"

if ! command -v script >/dev/null; then
        test_skip "no script(1) (util-linux) for a pseudo-terminal"
        test_done
fi

ESC=$(printf '\033')
SGR="$ESC\[[0-9;]*m"

# on_tty CMD...: run CMD with stdin, stdout and stderr on a pseudo-terminal;
# what it printed is in tty.out, its exit code is ours.  (NO_COLOR=1 is in
# the environment: `on_tty env -u NO_COLOR ...` runs without it.)
on_tty() {
        script -qec "$(printf '%q ' "$@")" /dev/null </dev/null >tty.out 2>&1
}

test_expect_success 'setup: ingest the archive' '
        ds ingest --no-align -q "$FIXTURES/archive"
'

# doxsearch arguments (one line each): coloured on a terminal
while read -r args; do
        test_expect_success "[$args] on a terminal: colour" '
                on_tty env -u NO_COLOR "$DOXSEARCH" --db "$DB" $args &&
                grep -q "$SGR" tty.out
        '
        test_expect_success "[$args] on a terminal with NO_COLOR=1: no escape at all" '
                on_tty env NO_COLOR=1 "$DOXSEARCH" --db "$DB" $args &&
                ! grep -q "$ESC" tty.out &&
                grep -q "[a-z]" tty.out
        '
        test_expect_success "[$args] into a pipe: no escape at all" '
                env -u NO_COLOR "$DOXSEARCH" --db "$DB" $args >out 2>&1 &&
                ! grep -q "$ESC" out &&
                grep -q "[a-z]" out
        '
done <<\EOF
tingle
list
show 100-days-of-sre
EOF

test_expect_success 'the words are the same with and without colour' '
        on_tty env -u NO_COLOR "$DOXSEARCH" --db "$DB" list &&
        sed "s/$SGR//g; s/\r\$//" tty.out >coloured &&
        ds list >plain &&
        test_cmp plain coloured
'

test_expect_success 'matched words: [brackets] without colour, highlighted with it' '
        on_tty env NO_COLOR=1 "$DOXSEARCH" --db "$DB" tingle &&
        grep -q "\[Tingle\]" tty.out &&
        on_tty env -u NO_COLOR "$DOXSEARCH" --db "$DB" tingle &&
        ! grep -q "\[Tingle\]" tty.out &&
        grep -q "${ESC}\[[0-9;]*mTingle" tty.out
'

test_expect_success 'ingest on a terminal with NO_COLOR=1: no colour (a progress line is fine)' '
        on_tty env NO_COLOR=1 "$DOXSEARCH" --db "$DB" ingest --no-align --force "$FIXTURES/archive" &&
        ! grep -q "$SGR" tty.out &&
        grep -q "8 talks in 3 events: 0 added, " tty.out
'

test_expect_success 'errors on a terminal with NO_COLOR=1: no colour' '
        on_tty env NO_COLOR=1 "$DOXSEARCH" --db "$DB" ingest --no-align "$FIXTURES/bad/escape";
        test $? = 1 &&
        ! grep -q "$SGR" tty.out &&
        grep -q "^doxsearch: .*sneaky.pdf: " tty.out
'

test_done
