#!/usr/bin/env bash
# reingest-changed-file.sh - when files of an event change, the next
# ingest reads what changed and keeps the rest: a recording touched (same
# content: nothing read), a deck whose content changed (read again, its
# talk updated), event.json edited, a slide deck deleted.
#
# Regression: at 8a7698e each of these crashed the ingest after the event
# was written (SIGSEGV; UBSan "slides.c:266: member access within null
# pointer of type 'struct dx_page'"): plan_reads() loaded the unchanged
# decks of a changed event with deck.npages set and deck.pages NULL, and
# release_fds() -> dx_deck_release() read d->pages[i].
. "$(dirname "$0")/lib.sh" "$@"

cp -R "$FIXTURES/archive" arc || exit 2

test_expect_success 'setup: ingest a copy of the archive' '
        expect_code 0 ds ingest --no-align -q arc &&
        ds list >list.before
'

test_expect_success 'a touched recording, same content: exit 0, nothing read, nothing updated' '
        touch -d "2001-02-03 04:05:06" arc/2020-01-doxlon/100-days-of-sre.mp4 &&
        expect_code 0 ds ingest --no-align arc >out 2>err &&
        test_cmp /dev/null err &&
        echo "8 talks in 3 events: 0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed; 0 files read, 0 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        ds list >list.after &&
        test_cmp list.before list.after
'

test_expect_success 'a deck with new content: read again, its one talk updated' '
        printf "%% a comment after the end\n" >>arc/2020-01-doxlon/100-days-of-sre.pdf &&
        expect_code 0 ds ingest --no-align arc >out 2>err &&
        test_cmp /dev/null err &&
        echo "8 talks in 3 events: 0 added, 1 updated, 0 moved, 0 removed, 7 unchanged, 0 failed; 1 file read, 10 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        ds list >list.after &&
        test_cmp list.before list.after &&
        expect_code 0 ds tingle >/dev/null &&
        expect_code 0 ds "slides:toil" >/dev/null
'

test_expect_success 'an edited event.json: exit 0, the new title listed and found' '
        sed -i "s/\"Continuous Delivery at Spotify\"/\"Shipping Daily at Spotify\"/" arc/2020-01-doxlon/event.json &&
        expect_code 0 ds ingest --no-align arc >out 2>err &&
        test_cmp /dev/null err &&
        grep -q "^8 talks in 3 events: 0 added, 1 updated, " out &&
        ds list >list.after &&
        expect_lines 1 "Shipping Daily at Spotify — Slava Kalmykov  2020-01-doxlon_continuous-delivery-at-spotify" list.after &&
        expect_code 0 ds "title:shipping" >/dev/null &&
        expect_code 1 ds "title:\"continuous delivery\"" 2>/dev/null
'

test_expect_success 'a deleted deck: named once, exit 1, its pages gone, its talk kept' '
        rm arc/2020-01-doxlon/continuous-delivery-at-spotify.pdf &&
        expect_code 1 ds ingest --no-align arc >out 2>err &&
        expect_lines 1 "doxsearch: arc/2020-01-doxlon/continuous-delivery-at-spotify.pdf: cannot read: No such file or directory" err &&
        test "$(wc -l <err)" -eq 1 &&
        expect_code 1 ds tingle 2>/dev/null &&
        expect_code 0 ds "title:shipping" >/dev/null &&
        expect_code 0 ds Knoop >/dev/null
'

if command -v sqlite3 >/dev/null; then
        test_expect_success 'the index file is consistent (sqlite3)' '
                sqlite3 "$DB" "PRAGMA integrity_check;
                        INSERT INTO talk_fts(talk_fts) VALUES('"'"'integrity-check'"'"');" >actual &&
                echo ok >expect &&
                test_cmp expect actual
        '
fi

test_done
