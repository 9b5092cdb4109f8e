#!/usr/bin/env bash
# cli.sh - the command line: exit codes (0 found, 1 nothing found, 2 usage
# or trouble), usage errors, "--", --help on every command, --version and
# where the index lives.
. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'setup: ingest the archive' '
        ds ingest --no-align -q "$FIXTURES/archive"
'

test_expect_success 'found: exit 0' '
        expect_code 0 ds tingle >out 2>err &&
        test_cmp /dev/null err
'

test_expect_success 'nothing found: exit 1, nothing on stdout, one line on stderr' '
        expect_code 1 ds zzzqqq >out 2>err &&
        test_cmp /dev/null out &&
        echo "doxsearch: no talk matches" >expect &&
        test_cmp expect err
'

test_expect_success 'a bad --limit is a usage error: exit 2' '
        expect_code 2 ds search --limit x foo >out 2>err &&
        test_cmp /dev/null out &&
        cat >expect <<-\EOF &&
	doxsearch: --limit takes a whole number from 1 to 10000, not '"'"'x'"'"'
	Try '"'"'doxsearch search --help'"'"' for more information.
	EOF
        test_cmp expect err
'

# arguments (one per line, words split by the shell) -> exit 2, usage error
while read -r args; do
        test_expect_success "usage error: doxsearch $args" '
                set -f &&
                expect_code 2 ds $args >out 2>err &&
                test_cmp /dev/null out &&
                grep -q "^doxsearch: " err &&
                no_sanitizer_report err
        '
done <<\EOF
--bogus foo
search --bogus foo
search --limit 0 foo
search --limit=-1 foo
search --offset x foo
search -n
list --bogus
list extra
show --bogus
show
show one two
stats --bogus
stats extra
ingest --bogus
ingest
ingest --jobs 0 .
ingest --force=1 .
EOF

test_expect_success 'unknown option: names it and points to --help' '
        expect_code 2 ds --bogus foo 2>err &&
        grep -q "^doxsearch: unknown option '"'"'--bogus'"'"'" err &&
        grep -q "^Try '"'"'doxsearch search --help'"'"' for more information.$" err
'

test_expect_success 'an empty query: exit 2, one line, no SQLite or FTS5 in it' '
        expect_code 2 ds "" >out 2>err &&
        test_cmp /dev/null out &&
        test "$(wc -l <err)" -eq 1 &&
        grep -q "^doxsearch: " err &&
        no_sanitizer_report err &&
        expect_code 2 ds search "" 2>err &&
        test "$(wc -l <err)" -eq 1 &&
        no_sanitizer_report err
'

test_expect_success 'no words at all: exit 2 the same way' '
        expect_code 2 ds search 2>err &&
        test "$(wc -l <err)" -eq 1 &&
        no_sanitizer_report err
'

# After "--" nothing is an option: "-weird" is query text (which the query
# language reads as "leave out weird"), "export" is a word, not a command.
test_expect_success '"search -- -weird": no usage error, a one-line message' '
        expect_code_in "1 2" ds search -- -weird >out 2>err &&
        test "$(wc -l <err)" -eq 1 &&
        ! grep -q "unknown option" err &&
        ! grep -q "^Try " err &&
        no_sanitizer_report err
'

test_expect_success '"-- export" searches for the word export: no usage error' '
        expect_code_in "0 1" ds -- export >out 2>err &&
        ! grep -q "unknown option" err &&
        ! grep -q "^Try " err &&
        expect_code_in "0 1" ds search --json -- export >out.json 2>err &&
        /usr/bin/python3 -c "import json,sys; d = json.load(open(sys.argv[1])); assert d[\"query\"] == \"export\", d" out.json
'

test_expect_success '"--" before a command name makes it a word' '
        echo "doxsearch: no talk matches" >expect &&
        expect_code 1 ds -- list 2>err &&
        test_cmp expect err &&
        expect_code 0 ds -- tingle >out &&
        grep -q "^1. Continuous Delivery at Spotify" out
'

test_expect_success 'options may come after the words' '
        ds --limit 1 delivery >expect &&
        ds delivery --limit 1 >actual &&
        test_cmp expect actual &&
        ds search delivery --limit=1 >actual &&
        test_cmp expect actual
'

test_expect_success '--db may come after the command too' '
        "$DOXSEARCH" list --db "$DB" >actual &&
        ds list >expect &&
        test_cmp expect actual &&
        "$DOXSEARCH" --db="$DB" list >actual &&
        test_cmp expect actual
'

test_expect_success 'help: --help and -h print usage, exit 0' '
        expect_code 0 ds --help >out &&
        grep -q "^usage: doxsearch" out &&
        grep -q "^Commands:" out &&
        expect_code 0 ds -h >out2 &&
        test_cmp out out2 &&
        expect_code 0 ds help >out2 &&
        test_cmp out out2
'

# every command the help lists
"$DOXSEARCH" --help | sed -n "/^Commands:/,/^$/p" | awk 'NR > 1 && NF { print $1 }' >commands
test_expect_success 'the help lists the commands' '
        grep -qx ingest commands &&
        grep -qx search commands &&
        grep -qx show commands &&
        grep -qx list commands &&
        grep -qx stats commands
'
while read -r cmd; do
        test_expect_success "$cmd --help: usage on stdout, exit 0" '
                expect_code 0 ds $cmd --help >out 2>err &&
                grep -q "^usage: doxsearch \(\[--db PATH\] \)\?$cmd" out &&
                test_cmp /dev/null err &&
                expect_code 0 ds help $cmd >out2 &&
                test_cmp out out2
        '
done <commands

test_expect_success '--version: exit 0, the version on one line' '
        expect_code 0 ds --version >out 2>err &&
        grep -Eqx "doxsearch [0-9]+\.[0-9]+\.[0-9]+.*" out &&
        test "$(wc -l <out)" -eq 1 &&
        test_cmp /dev/null err
'

test_expect_success 'no arguments: usage on stderr, exit 2' '
        expect_code 2 "$DOXSEARCH" >out 2>err &&
        test_cmp /dev/null out &&
        grep -q "^usage: doxsearch" err
'

test_expect_success '--db without a value: exit 2' '
        expect_code 2 "$DOXSEARCH" --db 2>err &&
        grep -q "^doxsearch: option '"'"'--db'"'"' needs a value" err
'

# An empty path would be SQLite's temporary database: an ingest into it
# would read everything and keep nothing.
test_expect_success '--db with an empty path: exit 2 before any work, nothing written' '
        mkdir empty-db && (
                cd empty-db &&
                expect_code 2 "$DOXSEARCH" --db= ingest -q "$FIXTURES/archive/2020-01-doxlon" 2>err &&
                grep -q "^doxsearch: option '"'"'--db'"'"' needs a path" err &&
                expect_code 2 "$DOXSEARCH" ingest --db= -q "$FIXTURES/archive/2020-01-doxlon" 2>err &&
                grep -q "^doxsearch: option '"'"'--db'"'"' needs a path" err &&
                expect_code 2 "$DOXSEARCH" --db "" list 2>err &&
                expect_code 2 "$DOXSEARCH" list --db= 2>err &&
                rm err && test -z "$(ls -A)"
        )
'

# -n was search's --limit; now it is --dry-run, which search has not.
test_expect_success '"-n 5 WORDS" in a search: a usage error naming --limit, not a query' '
        expect_code 2 ds -n 1 delivery >out 2>err &&
        test_cmp /dev/null out &&
        grep -q "^doxsearch: .*-n.* --limit N" err &&
        expect_code 2 ds search delivery -n1 >out 2>err &&
        grep -q -- "--limit N" err &&
        expect_code 0 ds -- delivery -n >out 2>err &&
        grep -q "^1. Continuous Delivery at Spotify" out
'

test_expect_success '"help NOSUCH" is an error; "-- help" searches for help' '
        expect_code 2 ds help nosuch >out 2>err &&
        test_cmp /dev/null out &&
        grep -q "^doxsearch: no command '"'"'nosuch'"'"'" err &&
        grep -q "^usage: doxsearch" err &&
        expect_code_in "0 1" ds -- help >out 2>err &&
        ! grep -q "^usage:" out
'

test_expect_success 'export site refuses --per-page and --index (it reads neither)' '
        mkdir site-out &&
        expect_code 2 ds export --per-page site site-out >out 2>err &&
        grep -q "^doxsearch: --per-page and --index are for ndjson and es-bulk" err &&
        expect_code 2 ds export site --index talks site-out >out 2>err &&
        grep -q "^doxsearch: --per-page and --index are for ndjson and es-bulk" err &&
        test -z "$(ls -A site-out)"
'

# doxsearch alone, without the doxsearch-ingest it runs for ingest
test_expect_success 'ingest --help and usage errors need no doxsearch-ingest' '
        mkdir lone && cp "$DOXSEARCH" lone/doxsearch &&
        expect_code 0 env -u DOXSEARCH_INGEST PATH=/usr/bin:/bin lone/doxsearch ingest --help >out 2>err &&
        grep -q "^usage: doxsearch \[--db PATH\] ingest" out &&
        test_cmp /dev/null err &&
        expect_code 2 env -u DOXSEARCH_INGEST PATH=/usr/bin:/bin lone/doxsearch ingest --bogus . 2>err &&
        grep -q "^doxsearch: unknown option '"'"'--bogus'"'"'" err &&
        expect_code 2 env -u DOXSEARCH_INGEST PATH=/usr/bin:/bin lone/doxsearch ingest . 2>err &&
        grep -q "^doxsearch: cannot run doxsearch-ingest" err
'

test_expect_success 'a $DOXSEARCH_INGEST that is doxsearch itself: exit 2, no endless loop' '
        expect_code 2 env DOXSEARCH_INGEST="$TMP/lone/doxsearch" timeout 60 lone/doxsearch \
                --db "$TMP/loop.db" ingest -q "$FIXTURES/archive/2020-01-doxlon" 2>err &&
        grep -q "^doxsearch: the doxsearch-ingest found runs doxsearch again" err
'

test_expect_success 'show: not found is 1, ambiguous is 2 and lists the candidates' '
        expect_code 1 ds show zzzqqq >out 2>err &&
        echo "doxsearch: zzzqqq: no such talk" >expect &&
        test_cmp expect err &&
        expect_code 2 ds show 2020-01 >out 2>err &&
        cat >expect <<-\EOF &&
	doxsearch: 2020-01: 2 talks match; name one by its id
	2020-01-doxlon_100-days-of-sre	100 days of SRE
	2020-01-doxlon_continuous-delivery-at-spotify	Continuous Delivery at Spotify
	EOF
        test_cmp expect err
'

test_expect_success 'no index yet: exit 2, says to ingest first, creates nothing' '
        expect_code 2 "$DOXSEARCH" --db "$TMP/none.db" tingle >out 2>err &&
        grep -q "^doxsearch: .*none.db: .*ingest" err &&
        ! test -e "$TMP/none.db" &&
        expect_code 2 "$DOXSEARCH" --db "$TMP/none.db" list 2>err &&
        expect_code 2 "$DOXSEARCH" --db "$TMP/none.db" stats 2>err &&
        ! test -e "$TMP/none.db"
'

test_expect_success 'ingest of a folder that is not there: exit 2, named' '
        expect_code 2 ds ingest "$TMP/nowhere" >out 2>err &&
        grep -q "^doxsearch: $TMP/nowhere: No such file or directory$" err &&
        expect_code 0 ds tingle >/dev/null
'

test_expect_success 'the index: $DOXSEARCH_DB, else $XDG_DATA_HOME, else ~/.local/share' '
        DOXSEARCH_DB="$TMP/env.db" "$DOXSEARCH" ingest --no-align -q "$FIXTURES/archive/2020-01-doxlon" &&
        test -f "$TMP/env.db" &&
        DOXSEARCH_DB="$TMP/env.db" "$DOXSEARCH" tingle >/dev/null &&
        XDG_DATA_HOME="$TMP/xdg" "$DOXSEARCH" ingest --no-align -q "$FIXTURES/archive/2020-01-doxlon" &&
        test -f "$TMP/xdg/doxsearch/index.db" &&
        "$DOXSEARCH" ingest --no-align -q "$FIXTURES/archive/2020-01-doxlon" &&
        test -f "$HOME/.local/share/doxsearch/index.db" &&
        "$DOXSEARCH" Knoop >/dev/null
'

test_done
