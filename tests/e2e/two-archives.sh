#!/usr/bin/env bash
# two-archives.sh - two archives ingested into one index that both have an
# event folder 2024-03-kubernetes-night.  The index keys an event by its
# folder within its archive: the second archive's folder is refused with an
# error naming both (exit 1) and the first archive's talks stay; the rest
# of the second archive is indexed.  An archive moved to another place
# keeps its events, with a warning, and its talks keep their ids; so does
# a copy that has every file the index holds of the event.
. "$(dirname "$0")/lib.sh" "$@"

A=$FIXTURES/archive/2020-01-doxlon

# a_kept: every talk archive a had is listed still.
a_kept() {
        ds list >"$TMP/list" &&
                grep -F -x -f "$TMP/list-a" "$TMP/list" >"$TMP/kept" &&
                test_cmp "$TMP/list-a" "$TMP/kept"
}

test_expect_success 'setup: archives a and b, each with 2024-03-kubernetes-night' '
        mkdir -p a/2024-03-kubernetes-night b/2024-03-kubernetes-night b/2024-04-sre-night &&
        cp "$A/100-days-of-sre.mp4" "$A/100-days-of-sre.pdf" a/2024-03-kubernetes-night/ &&
        cp "$A/continuous-delivery-at-spotify.mp4" b/2024-03-kubernetes-night/operators.mp4 &&
        cp "$A/continuous-delivery-at-spotify.pdf" b/2024-04-sre-night/budgets.pdf &&
        expect_code 0 ds ingest --no-align a >/dev/null 2>"$TMP/err" &&
        test_cmp /dev/null "$TMP/err" &&
        ds list >"$TMP/list-a"
'

test_expect_success 'ingest b: its folder of the same name is refused, naming both; exit 1' '
        expect_code 1 ds ingest --no-align b >"$TMP/out" 2>"$TMP/err" &&
        no_sanitizer_report "$TMP/err" &&
        echo "doxsearch: b/2024-03-kubernetes-night: $PWD/a/2024-03-kubernetes-night has an event folder of this name in this index: not ingested (rename one of the two folders, or ingest this archive into another index with --db)" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/err" &&
        grep -q "^1 talk in 1 event: 1 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 1 failed; 1 file read," "$TMP/out"
'

test_expect_success 'the first archive keeps its talks; the second one'"'"'s other event is there' '
        a_kept &&
        grep -q "2024-04-sre-night_budgets" "$TMP/list" &&
        expect_lines 0 operators "$TMP/list" &&
        expect_code 0 ds show 2024-03-kubernetes-night_100-days-of-sre >/dev/null
'

test_expect_success 'ingest a again: nothing of it removed' '
        expect_code 0 ds ingest --no-align a >"$TMP/out" 2>"$TMP/err" &&
        test_cmp /dev/null "$TMP/err" &&
        grep -q " 0 removed, 1 unchanged, 0 failed;" "$TMP/out"
'

test_expect_success 'dry run of b says the same and exits 1' '
        expect_code 1 ds ingest --dry-run b >/dev/null 2>"$TMP/err" &&
        expect_lines 1 "b/2024-03-kubernetes-night: " "$TMP/err"
'

test_expect_success 'archive a moved to c: a warning, the same talk ids, nothing removed' '
        mv a c &&
        expect_code 0 ds ingest --no-align c >"$TMP/out" 2>"$TMP/err" &&
        echo "doxsearch: warning: c/2024-03-kubernetes-night: indexed from $PWD/a/2024-03-kubernetes-night before, which is gone: the event is this archive'"'"'s now" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/err" &&
        grep -q " 0 removed, 1 unchanged, 0 failed;" "$TMP/out" &&
        a_kept &&
        expect_code 0 ds ingest --no-align c >/dev/null 2>"$TMP/err" &&
        test_cmp /dev/null "$TMP/err"
'

test_expect_success 'a copy of archive c, with every file of it: a warning, nothing removed' '
        cp -r c d &&
        expect_code 0 ds ingest --no-align d >"$TMP/out" 2>"$TMP/err" &&
        echo "doxsearch: warning: d/2024-03-kubernetes-night: indexed from $PWD/c/2024-03-kubernetes-night before, which has no file this folder lacks: the event is this archive'"'"'s now" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/err" &&
        grep -q " 0 removed, .* 0 failed;" "$TMP/out" &&
        a_kept
'

test_done
