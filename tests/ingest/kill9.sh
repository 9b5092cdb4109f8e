#!/usr/bin/env bash
# kill9.sh - kill -9 an ingest at 20 random moments; after a plain re-run
# the index passes SQLite's and FTS5's integrity checks and equals a clean
# ingest.
#   bash tests/ingest/kill9.sh DOXSEARCH FIXTURES
# Ingests run with --no-align: aligning the copied fixture talks in every
# run would take the suite past its time limit under the sanitizers.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh" "$@"

test_expect_success 'setup: an archive of 6 copies of the fixture events' '
        "$HERE/make-archive.sh" "$FIXTURES" "$TMP/archive" 6
'

# The clean ingest, timed: how long a full ingest takes here (the
# sanitizers and the machine's load slow it) is the span the kills are
# spread over.
test_expect_success 'a clean ingest, timed' '
        start=$(date +%s%N) &&
        expect_code 0 "$DOXSEARCH" --db clean.db ingest --no-align -q "$TMP/archive" &&
        echo $(( ($(date +%s%N) - start) / 1000000 )) >full_ms &&
        integrity clean.db &&
        dump clean.db >clean.txt
'
full_ms=$(cat full_ms 2>/dev/null)
[ "${full_ms:-0}" -gt 0 ] || full_ms=1

RANDOM=42
for i in $(seq 1 20); do
        delay_ms=$(( RANDOM % (full_ms + 1) ))
        # every 4th kill hits a forced re-run over a whole index (some
        # of whose decks are touched) rather than a first ingest
        if [ $((i % 4)) -eq 0 ]; then
                what="a forced re-run"
        else
                what="a first ingest"
        fi
        test_expect_success "kill -9 $what at $delay_ms ms: a plain re-run exits 0" '
                rm -f k.db k.db-wal k.db-shm &&
                if [ $((i % 4)) -eq 0 ]; then
                        expect_code 0 "$DOXSEARCH" --db k.db ingest --no-align -q "$TMP/archive" &&
                        touch "$TMP"/archive/*-2/*.pdf || return 1
                fi &&
                { "$DOXSEARCH" --db k.db ingest --no-align -q --force "$TMP/archive" 2>/dev/null & } &&
                pid=$! &&
                { sleep "$(printf "%d.%03d" $((delay_ms / 1000)) $((delay_ms % 1000)))" 2>/dev/null || sleep 0; } &&
                { kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; true; } &&
                expect_code 0 "$DOXSEARCH" --db k.db ingest --no-align -q "$TMP/archive"
        '
        test_expect_success "kill -9 $what at $delay_ms ms: SQLite and FTS5 integrity" '
                integrity k.db
        '
        test_expect_success "kill -9 $what at $delay_ms ms: the index equals a clean ingest" '
                dump k.db >k.txt &&
                test_cmp clean.txt k.txt
        '
done

test_done
