#!/usr/bin/env bash
# reingest.sh - ingesting again does not duplicate anything: the second
# run reads nothing and says "0 added", list is the same before and after,
# and so it is when the archive is spelt differently, given one event at
# a time, or read again with --force.
. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'setup: first ingest' '
        expect_code 0 ds ingest --no-align -q "$FIXTURES/archive" &&
        ds list >list.before &&
        ds list --json >list.before.json &&
        ds "continuous delivery" >search.before
'

test_expect_success 'second ingest: 0 added, all unchanged, nothing read' '
        expect_code 0 ds ingest --no-align "$FIXTURES/archive" >out 2>err &&
        echo "8 talks in 3 events: 0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed; 0 files read, 0 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        test_cmp /dev/null err
'

test_expect_success 'list, list --json and search are the same as before' '
        ds list >list.after &&
        test_cmp list.before list.after &&
        ds list --json >list.after.json &&
        test_cmp list.before.json list.after.json &&
        ds "continuous delivery" >search.after &&
        test_cmp search.before search.after
'

test_expect_success 'the same archive spelt differently: still unchanged' '
        (cd "$FIXTURES" && ds ingest --no-align archive/ && ds ingest --no-align ./archive &&
         ds ingest --no-align archive//) >out &&
        echo "8 talks in 3 events: 0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed; 0 files read, 0 pages, T s" >expect1 &&
        cat expect1 expect1 expect1 >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        ds list >list.after &&
        test_cmp list.before list.after
'

test_expect_success 'one event of the archive alone: its talks unchanged, the others kept' '
        expect_code 0 ds ingest --no-align "$FIXTURES/archive/2020-01-doxlon" >out &&
        echo "2 talks in 1 event: 0 added, 0 updated, 0 moved, 0 removed, 2 unchanged, 0 failed; 0 files read, 0 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        ds list >list.after &&
        test_cmp list.before list.after
'

test_expect_success '--force reads every file again; the same content updates no talk' '
        expect_code 0 ds ingest --no-align --force "$FIXTURES/archive" >out &&
        echo "8 talks in 3 events: 0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed; 14 files read, 57 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        ds list >list.after &&
        test_cmp list.before list.after &&
        ds "continuous delivery" >search.after &&
        test_cmp search.before search.after
'

test_expect_success 'one thread or many: the same index' '
        "$DOXSEARCH" --db one.db ingest --no-align -q --jobs 1 "$FIXTURES/archive" &&
        "$DOXSEARCH" --db one.db list --json >one.json &&
        test_cmp list.before.json one.json &&
        "$DOXSEARCH" --db one.db "continuous delivery" >one.search &&
        test_cmp search.before one.search
'

if command -v sqlite3 >/dev/null; then
        test_expect_success 'the index file is consistent (sqlite3)' '
                sqlite3 "$DB" "PRAGMA integrity_check;
                        INSERT INTO talk_fts(talk_fts) VALUES('"'"'integrity-check'"'"');
                        SELECT count(*) FROM talks;
                        SELECT count(*) - count(DISTINCT path) FROM files;" >actual &&
                printf "ok\n8\n0\n" >expect &&
                test_cmp expect actual
        '
else
        test_skip "no sqlite3 command to check the index file with"
fi

test_done
