#!/usr/bin/env bash
# lock.sh - one ingest at a time: while another process holds the index's
# writer lock (<index>.lock, flock), ingest stops with exit 2 and names the
# PID in the lock file; searches still run; afterwards ingest works.
. "$(dirname "$0")/lib.sh" "$@"

if ! command -v flock >/dev/null; then
        test_skip "no flock(1) (util-linux) to hold the lock with"
        test_done
fi

test_expect_success 'setup: an index' '
        expect_code 0 ds ingest --no-align -q "$FIXTURES/archive/2020-01-doxlon"
'

test_expect_success 'a second ingest while the lock is held: exit 2, names the PID' '
        echo 4242 >"$DB.lock" &&
        expect_code 2 flock -n "$DB.lock" "$DOXSEARCH" --db "$DB" ingest "$FIXTURES/archive/2016-03-doxlon" >out 2>err &&
        echo "doxsearch: $DB: index is being updated by PID 4242" >expect &&
        test_cmp expect err &&
        no_sanitizer_report err
'

test_expect_success 'nothing was written while locked' '
        expect_code 1 ds ironside 2>/dev/null
'

test_expect_success 'searches run while the lock is held' '
        expect_code 0 flock -n "$DB.lock" "$DOXSEARCH" --db "$DB" tingle >out &&
        grep -q "^1. Continuous Delivery at Spotify" out
'

test_expect_success 'once the lock is free, ingest works' '
        expect_code 0 ds ingest --no-align -q "$FIXTURES/archive/2016-03-doxlon" &&
        expect_code 0 ds ironside >/dev/null
'

test_done
