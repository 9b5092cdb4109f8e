#!/usr/bin/env bash
# hostile-paths.sh - how ingest finds and names the archive's files when
# the archive is hostile: symlinks that lead out of it (manifest entries,
# captions, event.json itself, and a file swapped for one after ingest,
# before export site reads it), two event folders with one slug, a folder
# name that is not UTF-8, and dates that are no real day.
. "$(dirname "$0")/lib.sh" "$@"

A=$FIXTURES/archive
OUT=$TMP/outside
REFUSED="outside the archive (a symlink leads out of it)"

# Outside the archive: a deck and captions whose words are nowhere inside,
# and a manifest that would rename an event.
mkdir -p "$OUT" arc/2024-03 arc/2024-04 arc/2024-05 || exit 2
cp "$A/2023-06-15-doxlon/finops-lightning.pdf" "$OUT/secret.pdf" || exit 2
printf '1\n00:00:01,000 --> 00:00:04,000\nthe vault code is zanzibar\n' >"$OUT/secret.srt" || exit 2
echo '{"name": "Hijacked Meetup", "talks": [{"title": "Hijacked"}]}' >"$OUT/event.json" || exit 2
ln -s "$OUT" arc/2024-03/linkdir || exit 2
ln -s /etc arc/2024-03/etc || exit 2
ln -s ../2024-05 arc/2024-03/next || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" arc/2024-03/own.pdf || exit 2
cp "$A/2020-01-doxlon/continuous-delivery-at-spotify.pdf" arc/2024-05/deck.pdf || exit 2
cat >arc/2024-03/event.json <<\EOF || exit 2
{"name": "Links Out", "talks": [
 {"title": "Leak", "slides": "linkdir/secret.pdf", "captions": ["linkdir/secret.srt"]},
 {"title": "Passwords", "slides": "etc/passwd"},
 {"title": "Own Deck", "slides": "own.pdf"},
 {"title": "Next Door", "slides": "next/deck.pdf"}]}
EOF
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" arc/2024-04/talk.pdf || exit 2
ln -s "$OUT/event.json" arc/2024-04/event.json || exit 2

cat >links.expect <<EOF
doxsearch: arc/2024-03/etc/passwd: $REFUSED
doxsearch: arc/2024-03/linkdir/secret.pdf: $REFUSED
doxsearch: arc/2024-03/linkdir/secret.srt: $REFUSED
doxsearch: arc/2024-04/event.json: $REFUSED
EOF

test_expect_success 'symlinks out of the archive: each file refused and named, exit 1, the rest indexed' '
        expect_code 1 ds ingest --no-align arc >out 2>err &&
        no_sanitizer_report err &&
        sort err >actual &&
        test_cmp links.expect actual &&
        ! grep -q "$OUT" err &&
        echo "6 talks in 3 events: 6 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 4 failed; 4 files read, 44 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual
'

test_expect_success 'nothing read outside is in the index' '
        expect_code 1 ds zanzibar >/dev/null 2>&1 &&
        expect_code 1 ds finops >/dev/null 2>&1 &&
        expect_code 1 ds "slides:showback" >/dev/null 2>&1 &&
        expect_code 1 ds root >/dev/null 2>&1 &&
        expect_code 0 ds list >out &&
        ! grep -q Hijacked out &&
        grep -q "^2024-04 .* 2024-04_talk$" out
'

test_expect_success 'a symlink from one place inside the archive to another is followed' '
        expect_code 0 ds show --json 2024-03_deck >out &&
        grep -q "\"slides\": \"2024-03/next/deck.pdf\"" out &&
        expect_code 0 ds "slides:tingle" >out &&
        grep -q "2024-03_deck$" out
'

test_expect_success 'an archive given as a symlink is the archive' '
        ln -s arc arc-link &&
        expect_code 1 ds --db link.db ingest --no-align arc-link >out 2>err &&
        sed "s,arc/,arc-link/," links.expect >expect &&
        sort err >actual &&
        test_cmp expect actual &&
        expect_code 0 ds --db link.db "slides:tingle" >out &&
        grep -q "2024-03_deck$" out
'

# After an ingest, a deck and a recording become symlinks to files outside
# with the same size and start (their hashes say nothing changed): export
# site reads them again to render, and must refuse them there.
mkdir -p swap/2024-06 || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" swap/2024-06/talk.pdf || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.mp4" swap/2024-06/talk.mp4 || exit 2

test_expect_success 'export site renders only files inside the archive, whatever happened since ingest' '
        expect_code 0 ds --db swap.db ingest --no-align swap >/dev/null 2>err &&
        test_cmp /dev/null err &&
        mv swap/2024-06/talk.pdf "$OUT/swapped.pdf" &&
        mv swap/2024-06/talk.mp4 "$OUT/swapped.mp4" &&
        ln -s "$OUT/swapped.pdf" swap/2024-06/talk.pdf &&
        ln -s "$OUT/swapped.mp4" swap/2024-06/talk.mp4 &&
        expect_code 1 ds --db swap.db export site --media-url m --base-url https://talks.example.org/ site >/dev/null 2>err &&
        no_sanitizer_report err &&
        grep -q -F -x "doxsearch: $TMP/swap/2024-06/talk.pdf: $REFUSED" err &&
        grep -q -F -x "doxsearch: $TMP/swap/2024-06/talk.mp4: $REFUSED" err &&
        test "$(wc -l <err)" = 2 &&
        test -z "$(find site -name "*.png")"
'

# Two folders whose names make one slug.
mkdir -p sl/"2016-03 doxlon" sl/2016-03-doxlon sl/2017-01 || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" sl/"2016-03 doxlon"/a.pdf || exit 2
cp "$A/2020-01-doxlon/continuous-delivery-at-spotify.pdf" sl/2016-03-doxlon/b.pdf || exit 2
cp "$A/2023-06-15-doxlon/finops-lightning.pdf" sl/2017-01/c.pdf || exit 2

cat >ids.expect <<\EOF
2017-01_c
2016-03-doxlon-2_a
2016-03-doxlon_b
EOF

test_expect_success 'two folders with one slug: the second gets -2, with a warning naming both, exit 0' '
        expect_code 0 ds --db sl.db ingest --no-align sl >out 2>err &&
        echo "doxsearch: warning: sl/2016-03 doxlon: the event id 2016-03-doxlon is that of sl/2016-03-doxlon too: this event is 2016-03-doxlon-2" >expect &&
        test_cmp expect err &&
        echo "3 talks in 3 events: 3 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 0 failed; 3 files read, 27 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        expect_code 0 ds --db sl.db list >out &&
        awk "{print \$NF}" out >actual &&
        test_cmp ids.expect actual
'

test_expect_success 'the same ids at any --jobs, and kept by a re-ingest' '
        expect_code 0 ds --db sl1.db ingest --no-align --jobs 1 sl >/dev/null 2>&1 &&
        expect_code 0 ds --db sl3.db ingest --no-align --jobs 3 sl >/dev/null 2>&1 &&
        ds --db sl1.db list | awk "{print \$NF}" >actual1 &&
        ds --db sl3.db list | awk "{print \$NF}" >actual3 &&
        test_cmp ids.expect actual1 &&
        test_cmp ids.expect actual3 &&
        expect_code 0 ds --db sl.db ingest --no-align --force sl >out 2>err &&
        test_cmp /dev/null err &&
        echo "3 talks in 3 events: 0 added, 0 updated, 0 moved, 0 removed, 3 unchanged, 0 failed; 3 files read, 27 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual
'

test_expect_success 'a folder added later with the same slug takes the next number; the others keep theirs' '
        mkdir sl/2016-03_doxlon sl/2015 &&
        cp "$A/2020-01-doxlon/100-days-of-sre.pdf" sl/2016-03_doxlon/d.pdf &&
        expect_code 0 ds --db sl.db ingest --no-align sl >out 2>err &&
        echo "doxsearch: warning: sl/2016-03_doxlon: the event id 2016-03-doxlon is that of sl/2016-03-doxlon too: this event is 2016-03-doxlon-3" >expect &&
        test_cmp expect err &&
        ds --db sl.db list | awk "{print \$NF}" | sort >actual &&
        printf "%s\n" 2016-03-doxlon-2_a 2016-03-doxlon-3_d 2016-03-doxlon_b 2017-01_c >expect &&
        test_cmp expect actual
'

test_expect_success 'a folder renamed to a name with the same slug keeps its ids' '
        mkdir -p "rn/2016-03 doxlon" &&
        cp "$A/2020-01-doxlon/100-days-of-sre.pdf" "rn/2016-03 doxlon/a.pdf" &&
        expect_code 0 ds --db rn.db ingest --no-align rn >/dev/null 2>&1 &&
        mv "rn/2016-03 doxlon" rn/2016-03-doxlon &&
        expect_code 0 ds --db rn.db ingest -v --no-align rn >out 2>err &&
        grep "^add \|^update \|^move \|^remove " out >actual &&
        echo "move    2016-03-doxlon_a (2016-03-doxlon/a.pdf)" >expect &&
        test_cmp expect actual &&
        ! grep -q "warning\|error" err
'

# A folder whose name is not UTF-8 (byte 0xff).
mkdir -p u/$'2019-01 caf\xff' || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" u/$'2019-01 caf\xff'/talk.pdf || exit 2

test_expect_success 'a folder name that is not UTF-8: the talk is added once, shown repaired' '
        expect_code 0 ds --db u.db ingest -v --no-align u >out 2>err &&
        grep "^add \|^update \|^move \|^remove " out >actual &&
        echo "add     2019-01-caf_talk (2019-01 cafÿ/talk.pdf)" >expect &&
        test_cmp expect actual &&
        grep -q -F -x "doxsearch: warning: u/2019-01 cafÿ: folder name is not valid UTF-8 (shown as Latin-1)" err &&
        ! grep -q "$(printf "\\377")" err &&
        expect_code 0 ds --db u.db list >out &&
        grep -q "2019-01-caf_talk$" out
'

test_expect_success 'a folder name that is not UTF-8: re-runs leave the talk unchanged' '
        expect_code 0 ds --db u.db ingest -v --no-align u >out 2>/dev/null &&
        ! grep -q "^add \|^update \|^move \|^remove " out &&
        grep -q " 1 unchanged, 0 failed" out &&
        touch u/*/talk.pdf &&
        expect_code 0 ds --db u.db ingest -v --no-align u >out 2>/dev/null &&
        ! grep -q "^add \|^update \|^move \|^remove " out &&
        grep -q " 1 unchanged, 0 failed" out &&
        expect_code 0 ds --db u.db stats >out &&
        grep -q "^talks *1\b" out
'

# Dates that are no real day.
mkdir -p d/9999-99-99-meetup d/2020-02-30-meetup d/2021-03-json || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" d/9999-99-99-meetup/a.pdf || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" d/2020-02-30-meetup/b.pdf || exit 2
cp "$A/2020-01-doxlon/100-days-of-sre.pdf" d/2021-03-json/c.pdf || exit 2
echo '{"date": "2021-02-29", "talks": [{"title": "Cee", "slides": "c.pdf", "date": "9999-99-99"}]}' >d/2021-03-json/event.json || exit 2

test_expect_success 'impossible dates: a warning naming each, taken as unknown, exit 0' '
        expect_code 0 ds --db d.db ingest --no-align d >out 2>err &&
        sort err >actual &&
        cat >expect <<-\EOF &&
	doxsearch: warning: d/2020-02-30-meetup: "2020-02-30" in the folder name is no real date (the date is unknown)
	doxsearch: warning: d/2021-03-json/event.json: date "2021-02-29" is no real date (YYYY-MM-DD, years 1900 to 2100): taken as unknown
	doxsearch: warning: d/2021-03-json/event.json: talk 1: date "9999-99-99" is no real date (YYYY-MM-DD, years 1900 to 2100): taken as unknown
	doxsearch: warning: d/9999-99-99-meetup: "9999-99-99" in the folder name is no real date (the date is unknown)
	EOF
        test_cmp expect actual &&
        expect_code 0 ds --db d.db list --json >out &&
        grep -o "\"date\": [^,}]*" out | grep -v "\"\(manifest\|tag\|deck-info\|title-page\|file-name\)\"" | sort -u >actual &&
        printf "%s\n" "\"date\": \"2021-03\"" "\"date\": null" >expect &&
        test_cmp expect actual
'

test_done
