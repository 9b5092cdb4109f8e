#!/usr/bin/env bash
# hostile-text.sh - an archive whose titles, names, abstract, tags, venue,
# event name and a file name carry terminal escape sequences, C1 controls
# and bidi overrides (make-hostile-archive.py): nothing of them reaches a
# person raw, on a terminal or into a pipe (ingest's errors, changes and
# progress line, search, list, show, messages), and --json keeps every
# byte.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh" "$@"

ESC=$(printf '\033')
BEL=$(printf '\007')
R=$(printf '\357\277\275') # U+FFFD, what a control character becomes

# no_raw_control FILE...: no C0 control but tab and line feed, no DEL, no
# C1 control (U+0080-U+009F) and no bidi override or isolate (U+202A-E,
# U+2066-9) in the files.
no_raw_control() {
        if LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$@" >raw.lines; then
                say "# raw control characters in $*:" >&7
                cat -v raw.lines >&7
                return 1
        fi
        return 0
}

# on_tty CMD...: run CMD on a pseudo-terminal (util-linux's script(1)); what
# it printed is in tty.out, without the line ends' CR, the progress line's
# "CR ESC[K" and the colours doxsearch itself writes (bold, dim, bold red,
# reset).
on_tty() {
        script -qec "$(printf '%q ' "$@")" /dev/null </dev/null >tty.raw 2>&1
        local rc=$?
        sed -e "s/\r$ESC\[K//g" -e "s/$ESC\[\(0\|1\|2\|1;31\)m//g" -e 's/\r$//' tty.raw >tty.out
        return $rc
}

test_expect_success 'setup: the hostile archive' '
        /usr/bin/python3 "$HERE/make-hostile-archive.py" "$FIXTURES" "$TMP"
'

test_expect_success 'ingest: the deck named with escape sequences is named, not run' '
        expect_code 1 ds ingest --no-align archive >out 2>err &&
        expect_lines 1 "fdp.pdf: not a PDF" err &&
        expect_lines 1 "doxsearch: archive/2020-01-doxlon/evil" err &&
        no_raw_control out err &&
        grep "^doxsearch: archive/2020-01-doxlon/evil" err >got &&
        echo "doxsearch: archive/2020-01-doxlon/evil$R]0;owned$R$R[2J${R}fdp.pdf: not a PDF file (no %PDF header)" >expect &&
        test_cmp expect got
'

test_expect_success 'ingest -v: each change and file, named safely' '
        expect_code 1 "$DOXSEARCH" --db "$TMP/fresh.db" ingest --no-align -v archive >out 2>err &&
        expect_lines 1 "add     2020-01-doxlon_evil-0-owned-2j-fdp" out &&
        grep -q "fdp.pdf: not a PDF" err &&
        no_raw_control out err
'

if command -v script >/dev/null; then
        test_expect_success 'ingest on a terminal: the progress line and errors, named safely' '
                on_tty "$DOXSEARCH" --db "$DB" ingest --no-align --force archive;
                test $? = 1 &&
                grep -q "fdp.pdf: not a PDF" tty.out &&
                no_raw_control tty.out
        '
else
        test_skip "no script(1) (util-linux) for a pseudo-terminal"
fi

# doxsearch arguments (one line each): what a person sees
while read -r args; do
        test_expect_success "[$args] into a pipe: no raw control" '
                ds $args >out 2>err &&
                grep -q "Hostile" out &&
                no_raw_control out err
        '
        if command -v script >/dev/null; then
                test_expect_success "[$args] on a terminal, in colour: no raw control" '
                        on_tty env -u NO_COLOR "$DOXSEARCH" --db "$DB" $args &&
                        grep -q "Hostile" tty.out &&
                        no_raw_control tty.out
                '
        fi
done <<\EOF_ARGS
list
search hostile
search sre
search title:hostile OR red
show 2020-01-doxlon_100-days-of-sre
show 2020-01-doxlon_continuous-delivery-at-spotify
show 2020-01-doxlon_evil-0-owned-2j-fdp
EOF_ARGS

test_expect_success 'list: what a person sees' '
        ds list >out &&
        grep "Hostile $R" out >got &&
        cat >expect <<-EOF &&
	2020-01-28    5:00  Hostile $R]0;owned${R}SRE$R[2J title — Mark ${R}pooNK  2020-01-doxlon_100-days-of-sre
	2020-01-28    7:00  Hostile $R[31mDelivery$R — Slava Kalmykov  2020-01-doxlon_continuous-delivery-at-spotify
	EOF
        test_cmp expect got
'

test_expect_success 'show of a part of many titles: the candidates, named safely' '
        expect_code 2 ds show Hostile >out 2>err &&
        expect_lines 1 "doxsearch: Hostile: 3 talks match" err &&
        expect_lines 4 "Hostile" err &&
        no_raw_control out err
'

test_expect_success 'messages with escape sequences in what was typed' '
        expect_code 1 ds show "$ESC]0;nosuch$BEL" >out 2>err &&
        expect_code 2 ds search "after:2020$ESC[2J" 2>>err &&
        expect_code 2 ds search --sort "$ESC[2J" x 2>>err &&
        expect_code 2 "$DOXSEARCH" --db "$TMP/no$ESC[2Jsuch/index.db" list 2>>err &&
        test "$(wc -l <err)" -ge 4 &&
        no_raw_control err
'

test_expect_success 'did you mean, with escape sequences in what was typed' '
        expect_code_in "0 1" ds search kalymykov "$ESC[2J$BEL" >out 2>err &&
        grep -q "^did you mean: kalmykov" out &&
        no_raw_control out err
'

# json_titles FILE: the titles of the talks in FILE, one JSON string a line
json_titles() {
        /usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
for t in j.get("talks") or j.get("results") or [j]:
    print(json.dumps(t["title"]))' "$1"
}

# JSON escapes C0 controls and DEL; C1 controls and bidi overrides are
# valid JSON text and stay as they are (a program gets the bytes).
test_expect_success '--json: every byte of the titles, escaped as JSON' '
        ds list --json >list.json &&
        json_titles list.json | grep -F -x -f titles.txt >got &&
        test_cmp titles.txt got &&
        ds search --json --sort date hostile >search.json &&
        json_titles search.json | grep -F -x -f titles.txt >got &&
        test_cmp titles.txt got &&
        ds show --json 2020-01-doxlon_100-days-of-sre >show.json &&
        json_titles show.json >got &&
        head -1 titles.txt >expect &&
        test_cmp expect got &&
        grep -q -i -F "\\u001b[31mred\\u001b[0m overtyped" show.json &&
        ! LC_ALL=C grep -qaP "[\x00-\x08\x0b-\x1f\x7f]" list.json search.json show.json
'

test_done
