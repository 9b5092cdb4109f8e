#!/usr/bin/env bash
# ocr.sh - words that exist only in the pixels of an image-only deck are
# found, through the real binary: the hit says "text_source": "ocr" (a deck
# with a text layer: "pdf"), show and the site mark the pages read by OCR, a second
# ingest reads no page by OCR again, --ocr never leaves them unread, and a
# language that is not installed is refused before anything is read.
# fixtures/ocr comes from scripts/make-ocr-fixtures.
. "$(dirname "$0")/lib.sh" "$@"

ARCHIVE=$FIXTURES/ocr/archive

test_expect_success 'ingest: the image-only deck is read by OCR' '
        expect_code 0 ds ingest --no-align "$ARCHIVE" >out 2>err &&
        no_sanitizer_report err &&
        test_cmp /dev/null err &&
        echo "2 talks in 1 event: 2 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 0 failed; 2 files read, 9 pages (3 by OCR), T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual
'

test_expect_success 'a word only in pixels is found, and said to come from OCR' '
        expect_code 0 ds --json authorisation >out &&
        python3 - out <<\PY
import json, sys
r = json.load(open(sys.argv[1]))
assert r["total"] == 1, r["total"]
t = r["results"][0]
assert t["id"] == "2024-02-scans_scanned-sre", t["id"]
hits = [h for h in t["hits"] if h["field"] == "slides"]
assert hits and {h["page"] for h in hits} <= {2, 3}, hits
assert all(h["text_source"] == "ocr" for h in hits), hits
assert any("authorisation" in h["snippet"] for h in hits), hits
PY
'

test_expect_success 'a word of a text layer says "pdf"' '
        expect_code 0 ds --json "slides:monitoring" >out &&
        python3 - out <<\PY
import json, sys
r = json.load(open(sys.argv[1]))
hits = [h for t in r["results"] for h in t["hits"] if h["field"] == "slides"]
assert hits and all(h["text_source"] == "pdf" for h in hits), hits
PY
'

test_expect_success 'the text output and show say OCR' '
        ds authorisation >out &&
        grep -q "slide [23] (OCR): " out &&
        ds show 2024-02-scans_scanned-sre >out &&
        grep -q "^Slides  3 pages (3 read by OCR" out &&
        grep -Eq "^    2  \[OCR [0-9]+%\] Why SRE at a payments company$" out &&
        ds show --json 2024-02-scans_scanned-sre >out.json &&
        python3 -c "
import json, sys
p = json.load(open(sys.argv[1]))[\"pages\"]
assert [x[\"text_source\"] for x in p] == [\"ocr\"] * 3, p
assert all(50 <= x[\"ocr_confidence\"] <= 100 for x in p), p
" out.json
'

test_expect_success 'the site marks the slides OCR read, and only those' '
        ds export site site >out 2>err &&
        test "$(grep -o "<span class=\"ocr\" title=\"text read by OCR" site/talks/2024-02-scans_scanned-sre.html | wc -l)" = 3 &&
        ! grep -q "class=\"ocr\"" site/talks/2024-02-scans_monitoring-microservices.html
'

test_expect_success 'ingest again with --force: no page is read by OCR again' '
        expect_code 0 ds ingest --no-align --force "$ARCHIVE" >out 2>err &&
        test_cmp /dev/null err &&
        echo "2 talks in 1 event: 0 added, 0 updated, 0 moved, 0 removed, 2 unchanged, 0 failed; 2 files read, 9 pages (3 by OCR, 3 of them from its cache), T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        ds --json authorisation >out &&
        grep -q "\"text_source\": \"ocr\"" out
'

test_expect_success '--ocr never: the pixels stay unread, and the deck is named' '
        DB=$TMP/never.db expect_code 0 ds ingest --no-align --ocr never "$ARCHIVE" >out 2>err &&
        grep -q "scanned-sre.pdf: slides have no text layer (image-only PDF?)" err &&
        DB=$TMP/never.db expect_code 1 ds authorisation >out 2>err
'

test_expect_success 'a bad --ocr or an OCR language not installed: exit 2, nothing read' '
        DB=$TMP/bad.db expect_code 2 ds ingest --ocr sometimes "$ARCHIVE" >out 2>err &&
        grep -q "\-\-ocr: auto, never or always" err &&
        DB=$TMP/bad.db expect_code 2 ds ingest --ocr-lang zzz "$ARCHIVE" >out 2>err &&
        grep -q "OCR language zzz is not installed" err &&
        test_cmp /dev/null out
'

test_done
