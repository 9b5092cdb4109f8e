#!/usr/bin/env bash
# concurrent.sh - 200 searches while an ingest writes: none fails.  A
# second ingest on the same index stops and names the PID of the first.
#   bash tests/ingest/concurrent.sh DOXSEARCH FIXTURES
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh" "$@"

test_expect_success 'setup: an index of 6 copies of the fixture events' '
        "$HERE/make-archive.sh" "$FIXTURES" "$TMP/archive" 6 &&
        expect_code 0 ds ingest --no-align -q "$TMP/archive"
'

# A forced ingest rewrites the index while 200 searches run.  Among them,
# a second ingest, tried only once the first holds the writer lock (the
# lock file then names its PID): tried earlier, the second would take the
# lock and the first would be the one refused.  The first lets go of the
# lock a moment before it exits, so only a refusal (exit 2) is conclusive,
# and the second is tried until one comes; tests/e2e/lock.sh holds the
# lock itself.  What the writer and the second ingest did goes in files
# for the tests after this one.
test_expect_success '200 searches while an ingest writes: none fails' '
        { "$DOXSEARCH" --db "$DB" ingest --no-align -q --force --jobs 1 "$TMP/archive" 2>ingest.err & } &&
        writer=$! &&
        echo "$writer" >writer.pid &&
        : >search-failures &&
        for i in $(seq 1 200); do
                case $((i % 4)) in
                0) q="continuous delivery" ;;
                1) q=knoop ;;
                2) q=tingle ;;
                3) q="error budget" ;;
                esac
                if ! ds search --json "$q" >out.json 2>err; then
                        echo "search $i ($q) failed: $(cat err)" >>search-failures
                elif ! grep -q "\"results\"" out.json; then
                        echo "search $i ($q) has no results: $(cat out.json)" >>search-failures
                fi
                if ! [ -e second.refused ] && kill -0 "$writer" 2>/dev/null &&
                   [ "$(cat "$DB.lock" 2>/dev/null)" = "$writer" ]; then
                        ds ingest --no-align -q "$TMP/archive" 2>second.err
                        [ $? -ne 2 ] || : >second.refused
                fi
        done
        wait "$writer"
        echo $? >writer.code &&
        test_cmp /dev/null search-failures
'

test_expect_success 'the ingest during the searches exits 0' '
        echo 0 >expect &&
        test_cmp expect writer.code || {
                sed "s/^/#   /" ingest.err >&7
                return 1
        }
'

if [ -e second.refused ]; then
        test_expect_success 'a second ingest meanwhile is refused and names the PID of the first' '
                grep -q "index is being updated by PID $(cat writer.pid)\$" second.err || {
                        sed "s/^/#   /" second.err >&7
                        return 1
                }
        '
else
        test_skip "the ingest finished before a second one could be tried"
fi

test_expect_success 'the index passes SQLite and FTS5 integrity checks' '
        integrity "$DB"
'

test_done
