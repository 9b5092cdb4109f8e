#!/bin/bash
# face.sh - what a new user reads: hits on tags and events as words, not
# JSON; a failed run shows only its error; counts in the singular and
# plural as English has them.

. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'setup: ingest the archive' '
        ds ingest --no-align -q "$FIXTURES/archive"
'

test_expect_success 'a hit on a tag lists the tags, the match marked' '
        ds observability >out 2>err &&
        grep "^   tags: " out >actual &&
        echo "   tags: monitoring, [observability]" >expect &&
        test_cmp expect actual
'

test_expect_success 'a hit on an event shows its name, venues and room' '
        ds worldpay >out 2>err &&
        grep "^   event: " out >actual &&
        echo "   event: DevOps Exchange London - January 2020 · [Worldpay] HQ, LinuxRecruit HQ · LinuxRecruit HQ" >expect &&
        test_cmp expect actual
'

test_expect_success 'a tag with letters beyond ASCII reads as typed' '
        mkdir -p uni/2016-03-doxlon &&
        python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
d[\"talks\"] = d[\"talks\"][:1]
d[\"talks\"][0].pop(\"video\", None)
d[\"talks\"][0].pop(\"slides\", None)
d[\"talks\"][0][\"tags\"] = [\"zürich\", \"say \\\"hi\\\"\"]
json.dump(d, open(\"uni/2016-03-doxlon/event.json\", \"w\"))
" "$FIXTURES/archive/2016-03-doxlon/event.json" &&
        "$DOXSEARCH" --db uni.db ingest --no-align -q uni &&
        "$DOXSEARCH" --db uni.db hi >out 2>err &&
        grep "^   tags: " out >actual &&
        echo "   tags: zürich, say \"[hi]\"" >expect &&
        test_cmp expect actual
'

test_expect_success 'a missing folder: the error alone, exit 2' '
        expect_code 2 ds ingest --no-align nowhere >out 2>err &&
        test_cmp /dev/null out &&
        grep -q "nowhere" err
'

test_expect_success 'one talk in one event: said in the singular' '
        "$DOXSEARCH" --db uni.db ingest --no-align uni >out 2>err &&
        grep -q "^1 talk in 1 event: " out &&
        "$DOXSEARCH" --db uni.db export site site >out 2>err &&
        grep -q "^1 talk in 1 event, 1 speaker: " out
'

test_expect_success 'one file read: said in the singular' '
        mkdir -p lone/2023-06-15-x &&
        cp "$FIXTURES/archive/2023-06-15-doxlon/finops-lightning.pdf" lone/2023-06-15-x/ &&
        "$DOXSEARCH" --db lone.db ingest --no-align lone >out 2>err &&
        grep -q "^1 talk in 1 event: .*; 1 file read, 5 pages, " out
'

test_expect_success 'a dry run on no index creates nothing' '
        mkdir fresh &&
        "$DOXSEARCH" --db fresh/index.db ingest --dry-run --no-align "$FIXTURES/archive" >out 2>err &&
        grep -q "^dry run: 8 to add, 0 to update" out &&
        ls -A fresh >actual &&
        test_cmp /dev/null actual
'

test_expect_success 'a dry run on an index leaves it as it was, and takes no lock' '
        cksum <"$DB" >before &&
        rm -f "$DB.lock" &&
        ds ingest -n --no-align "$FIXTURES/archive/2016-03-doxlon" >out 2>err &&
        grep -q "^dry run: 0 to add, 0 to update, 0 to move, 0 to remove, 3 unchanged" out &&
        cksum <"$DB" >after &&
        test_cmp before after &&
        ! test -e "$DB.lock" &&
        ds ingest -n --no-align "$FIXTURES/archive" >out 2>err &&
        grep -q "8 unchanged" out
'

test_expect_success 'show tells who and what, not how the file was muxed; --json has it all' '
        ds show 2020-01-doxlon_100-days-of-sre >out 2>err &&
        grep -q "^  artist: Mark Knoop$" out &&
        ! grep -Eq "major_brand|minor_version|compatible_brands|encoder" out &&
        ds show --json 2020-01-doxlon_100-days-of-sre >out 2>err &&
        grep -q "major_brand" out
'

test_done
