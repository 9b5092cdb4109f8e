#!/usr/bin/env bash
# incremental.sh - re-runs do only what changed: added, touched (same
# content), edited, renamed (keeps its talk), deleted (hidden, kept until
# prune, back when the file returns), an edited event.json, --dry-run and
# --force.
#   bash tests/ingest/incremental.sh DOXSEARCH FIXTURES
# These tests are about the pipeline and ingest with --no-align: slides on
# the timeline have their own tests (tests/e2e/timeline.sh, tests/align/).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh" "$@"

A=$TMP/archive

# ingest_counts [OPTION...]: ingest $A into $DB, which must exit 0; the
# summary (the last line of stdout) goes to "summary", its counts ("N
# added, ..., N failed") to "counts".
ingest_counts() {
        if ! expect_code 0 ds ingest --no-align "$@" "$A" >out 2>err; then
                sed 's/^/#   /' err >&7
                return 1
        fi
        tail -n 1 out >summary &&
        sed -E 's/^[0-9]+ talks? in [0-9]+ events?: //; s/; [0-9]+ files? read.*//' summary >counts
}

# expect_counts "N added, ...": what the last ingest_counts counted.
expect_counts() {
        printf '%s\n' "$1" >expect &&
        test_cmp expect counts
}

# files_read N: the last ingest read N files.
files_read() {
        grep -q "; $1 files\? read," summary && return 0
        say "# expected $1 files read: $(cat summary)" >&7
        return 1
}

# found WORD [FLAG...]: searching WORD shows it marked in a hit; not_found
# WORD: it shows no hit marked so (a word found nowhere gets a spelling
# suggestion searched instead, so the exit code alone says nothing).
found() {
        expect_code 0 ds "$@" >hits 2>&7 &&
        grep -qi "\[$1\]" hits
}
not_found() {
        ds "$1" >hits 2>/dev/null
        if grep -qi "\[$1\]" hits; then
                say "# '$1' is still found:" >&7
                sed 's/^/#   /' hits >&7
                return 1
        fi
        return 0
}

test_expect_success 'first ingest: 8 added' '
        cp -r "$FIXTURES/archive" "$A" &&
        ingest_counts &&
        expect_counts "8 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 0 failed"
'

test_expect_success 'a re-run with no change: 8 unchanged, 0 files read, the time taken' '
        ingest_counts &&
        summary_of summary >actual &&
        echo "8 talks in 3 events: 0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed; 0 files read, 0 pages, T s" >expect &&
        test_cmp expect actual
'

test_expect_success 'touched files (same content, new mtime) are hashed, not read' '
        touch "$A"/2020-01-doxlon/*.pdf &&
        ingest_counts &&
        expect_counts "0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed" &&
        files_read 0
'

test_expect_success 'a new talk is added and found' '
        cp "$FIXTURES/bad/archive/2021-05-bad/good-talk.pdf" "$A/2023-06-15-doxlon/new-talk.pdf" &&
        ingest_counts &&
        expect_counts "1 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed" &&
        found survivor
'

test_expect_success 'edited content (another deck under the same name): updated' '
        cp "$FIXTURES/bad/broken-manifest/2021-06-broken/talk.pdf" "$A/2023-06-15-doxlon/new-talk.pdf" &&
        ingest_counts &&
        expect_counts "0 added, 1 updated, 0 moved, 0 removed, 8 unchanged, 0 failed"
'

test_expect_success 'the edited deck: its new words are found, its old ones not' '
        found resilient &&
        not_found survivor
'

test_expect_success 'renamed files: moved, not read, the talk keeps its id' '
        for x in mp4 pdf; do
                mv "$A/2023-06-15-doxlon/platform-engineering.$x" "$A/2023-06-15-doxlon/platform-eng-2023.$x" || return 1
        done &&
        ingest_counts -v &&
        expect_counts "0 added, 0 updated, 1 moved, 0 removed, 8 unchanged, 0 failed" &&
        files_read 0 &&
        ds list >list &&
        grep -q "2023-06-15-doxlon_platform-engineering$" list
'

test_expect_success 'a deleted deck is no longer found' '
        mv "$A/2020-01-doxlon/continuous-delivery-at-spotify.pdf" "$A/2020-01-doxlon/continuous-delivery-at-spotify.mp4" "$TMP/" &&
        sed -i "s/\"continuous-delivery-at-spotify.mp4\"/null/; s/\"continuous-delivery-at-spotify.pdf\"/null/" \
                "$A/2020-01-doxlon/event.json" &&
        ingest_counts &&
        not_found tingle
'

test_expect_success 'a deck that comes back is found again' '
        mv "$TMP/continuous-delivery-at-spotify.pdf" "$TMP/continuous-delivery-at-spotify.mp4" "$A/2020-01-doxlon/" &&
        cp "$FIXTURES/archive/2020-01-doxlon/event.json" "$A/2020-01-doxlon/event.json" &&
        ingest_counts &&
        found tingle
'

test_expect_success 'a removed event folder: its 3 talks removed, no longer found' '
        mv "$A/2016-03-doxlon" "$TMP/away" &&
        ingest_counts &&
        expect_counts "0 added, 0 updated, 0 moved, 3 removed, 6 unchanged, 0 failed" &&
        { ds speaker:ironside >hits 2>/dev/null || true; } &&
        expect_lines 0 "Docker in Production" hits
'

test_expect_success 'prune --dry-run counts what it would delete and names each thing' '
        expect_code 0 ds prune --dry-run >dry &&
        tail -n 1 dry >actual &&
        echo "would delete 3 talks, 6 files, 1 event, 4 speakers" >expect &&
        test_cmp expect actual &&
        grep -c "^would delete talk 2016-03-doxlon_" dry >actual &&
        echo 3 >expect &&
        test_cmp expect actual &&
        grep -qx "would delete event 2016-03-doxlon" dry &&
        grep -c "^would delete file 2016-03-doxlon/" dry >actual &&
        echo 6 >expect &&
        test_cmp expect actual
'

test_expect_success 'prune --dry-run --quiet: the counts only' '
        expect_code 0 ds prune --dry-run --quiet >actual &&
        echo "would delete 3 talks, 6 files, 1 event, 4 speakers" >expect &&
        test_cmp expect actual
'

test_expect_success 'the event folder comes back: its talks are found again' '
        mv "$TMP/away" "$A/2016-03-doxlon" &&
        ingest_counts &&
        expect_code 0 ds speaker:ironside >/dev/null
'

test_expect_success 'an edited event.json: ingest --dry-run lists the one talk it changes' '
        sed -i "s/\"title\": \"100 days of SRE\"/\"title\": \"One hundred days of SRE\"/" "$A/2020-01-doxlon/event.json" &&
        expect_code 0 ds ingest --no-align --dry-run "$A" >dry &&
        grep -q "^update  2020-01-doxlon_100-days-of-sre " dry &&
        grep -q "^dry run: 0 to add, 1 to update, 0 to move, 0 to remove" dry
'

test_expect_success 'an edited event.json: only that talk updated, its new title found' '
        ingest_counts &&
        expect_counts "0 added, 1 updated, 0 moved, 0 removed, 8 unchanged, 0 failed" &&
        expect_code 0 ds title:hundred >/dev/null
'

test_expect_success '--force reads every file and changes nothing' '
        ingest_counts --force &&
        expect_counts "0 added, 0 updated, 0 moved, 0 removed, 9 unchanged, 0 failed" &&
        files_read 15
'

# prune names what it deletes: a folder, file name, title and speaker with
# terminal escapes, C1 controls and bidi overrides reach the terminal as
# U+FFFD, each name on its own line
test_expect_success 'prune --dry-run of hostile names: a line a name, no control or bidi character' '
        E=$(printf "2024-01-ev\033[31mil\nx") &&
        F=$(printf "fin\033]0;pwned\007ops\342\200\256.pdf") &&
        mkdir "$A/$E" &&
        cp "$FIXTURES/archive/2023-06-15-doxlon/finops-lightning.pdf" "$A/$E/$F" &&
        printf "%s" "{\"name\": \"Evil\\u001b[2J\", \"talks\": [{\"title\": \"Bad \\u001b]0;t\\u0007 \\u202egnp.exe\\u202c\\r\\nx\",
 \"speakers\": [{\"name\": \"Eve\\u009b31m \\u2066y\"}], \"slides\": \"fin\\u001b]0;pwned\\u0007ops\\u202e.pdf\"}]}" >"$A/$E/event.json" &&
        ingest_counts &&
        rm -r "${A:?}/$E" &&
        ingest_counts &&
        expect_code 0 ds prune --dry-run >dry &&
        ! LC_ALL=C grep -q $'"'"'[\001-\010\013-\037\177]\|\302[\200-\237]\|\342\200[\252-\256]\|\342\201[\246-\251]'"'"' dry &&
        test "$(grep -c "^would delete \(talk 2024-01-ev\|file 2024-01-ev\|event 2024-01-ev\|speaker Eve\)" dry)" = 5
'

test_expect_success 'after prune the index passes SQLite and FTS5 integrity checks' '
        expect_code 0 ds prune >/dev/null &&
        integrity "$DB"
'

test_done
