#!/usr/bin/env bash
# index-file.sh - what doxsearch does with the file given as its index: an
# SQLite database of another program is refused by every command and left
# as it was; an empty file becomes an index; when the index cannot be
# written any more (a full disk, here a file size limit) the summary counts
# the events written before, the failure is named, the index stays
# consistent and a second run writes the rest.  A FIFO or a folder given
# as the index is refused by every command (a FIFO must not hang one).
. "$(dirname "$0")/lib.sh" "$@"

if ! command -v sqlite3 >/dev/null; then
        test_skip "the sqlite3 shell is missing"
        test_done
fi

# integrity DB: SQLite's check and the full-text index's own
integrity() {
        sqlite3 "$1" "PRAGMA integrity_check;
          INSERT INTO talk_fts(talk_fts) VALUES('integrity-check');" >integrity.out 2>&1 &&
                echo ok | test_cmp - integrity.out
}

test_expect_success 'a database of another program: every command refuses it, exit 2' '
        sqlite3 other.sqlite "CREATE TABLE people(name TEXT); CREATE TABLE notes(body TEXT);
          INSERT INTO people VALUES (\"ana\"); PRAGMA user_version = 3;" &&
        sqlite3 other.sqlite .dump >dump.before &&
        echo "doxsearch: other.sqlite: not a doxsearch index (it holds tables: notes, people)" >expect &&
        for cmd in "ingest --no-align $FIXTURES/archive" "search deploy" "deploy" "list" \
                   "stats" "show x" "prune" "export json out.json" "export site site"; do
                expect_code 2 "$DOXSEARCH" --db other.sqlite $cmd >out 2>err &&
                test_cmp expect err &&
                test_cmp /dev/null out || return 1
        done
'

test_expect_success 'a database of another program: left as it was, nothing beside it' '
        sqlite3 other.sqlite .dump >dump.after &&
        test_cmp dump.before dump.after &&
        echo "delete" >expect &&
        sqlite3 other.sqlite "PRAGMA journal_mode" >actual &&
        test_cmp expect actual &&
        ls other.sqlite* >actual &&
        echo other.sqlite >expect &&
        test_cmp expect actual
'

test_expect_success 'an empty file becomes an index' '
        : >empty.db &&
        expect_code 0 "$DOXSEARCH" --db empty.db ingest --no-align -q "$FIXTURES/archive/2020-01-doxlon" &&
        expect_code 0 "$DOXSEARCH" --db empty.db knoop >out &&
        grep -q "100 days of SRE" out
'

# An archive of twelve events of two decks each.
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
        mkdir -p "arch/2024-$i-meetup" || exit 2
        cp "$FIXTURES/archive/2023-06-15-doxlon/finops-lightning.pdf" \
                "$FIXTURES/archive/2020-01-doxlon/100-days-of-sre.pdf" "arch/2024-$i-meetup/" || exit 2
done

# full_ingest KIB: ingest arch into $DB with files limited to KIB KiB, as
# on a disk that fills up; writes past the limit fail (EFBIG) instead of
# killing the process.
full_ingest() {
        rm -f "$DB" "$DB-wal" "$DB-shm" &&
                (ulimit -f "$1" && trap "" XFSZ && ds ingest --no-align arch >full.out 2>full.err)
}

test_expect_success 'the disk fills up mid-way: exit 2, the index named, written events counted' '
        kib=64 code=0 &&
        while [ $kib -le 65536 ]; do
                full_ingest $kib
                code=$?
                # the smallest limit at which some events fit but not all
                [ $code = 2 ] && grep -Eq ": [1-9][0-9]* added" full.out && break
                [ $code = 0 ] && break
                kib=$((kib * 2))
        done &&
        echo "# file size limit: $kib KiB" >&7 &&
        [ $code = 2 ] &&
        no_sanitizer_report full.err &&
        expect_lines 1 "doxsearch: $DB: cannot write: " full.err &&
        added=$(sed -nE "s/^24 talks in 12 events: ([0-9]+) added, 0 updated, 0 moved, 0 removed, 0 unchanged, 0 failed; .*/\1/p" full.out) &&
        [ -n "$added" ] && [ "$added" -gt 0 ] && [ "$added" -lt 24 ] &&
        expect_lines 1 "doxsearch: $((24 - added)) talks not written: run '\''doxsearch ingest'\'' again" full.err &&
        [ "$(wc -l <full.err)" = 2 ] &&
        ds list >list &&
        [ "$(wc -l <list)" = "$added" ] &&
        echo "$added" >added
'

test_expect_success 'the disk fills up mid-way: the index is consistent and searchable' '
        integrity "$DB" &&
        expect_code 0 ds finops >out &&
        grep -q "FinOps in Five Minutes" out
'

test_expect_success 'space freed: a second run writes the rest' '
        added=$(cat added) &&
        expect_code 0 ds ingest --no-align arch >out 2>err &&
        grep -Eq "^24 talks in 12 events: $((24 - added)) added, 0 updated, 0 moved, 0 removed, $added unchanged, 0 failed; $((24 - added)) files read, [0-9]+ pages, [0-9.]+ s$" out &&
        test_cmp /dev/null err &&
        [ "$(ds list | wc -l)" = 24 ] &&
        integrity "$DB"
'

test_expect_success 'a FIFO or a folder as the index: every command refuses it at once, exit 2' '
        mkfifo fifo.db &&
        mkdir dir.db &&
        for db in fifo.db dir.db; do
                case $db in
                fifo.db) why="not a regular file" ;;
                *) why="Is a directory" ;;
                esac &&
                echo "doxsearch: $db: cannot open index: $why" >expect &&
                for cmd in "ingest --no-align $FIXTURES/archive" "deploy" "list" "stats" \
                           "show x" "prune" "export json out.json"; do
                        expect_code 2 timeout 20 "$DOXSEARCH" --db $db $cmd >out 2>err &&
                        test_cmp expect err &&
                        test_cmp /dev/null out || return 1
                done
        done &&
        test -p fifo.db &&
        test -z "$(ls dir.db)"
'

test_done
