#!/usr/bin/env bash
# hostile-pdf.sh - PDFs that cost far more to read than their size: a
# content stream compressed twice (a few kilobytes inflating to 1 GiB of
# text-drawing operators) and a deck over the page cap.  Ingest stops each
# at its bound, names the file with the reason, keeps what was read, exits
# 1, and indexes the talks beside it; export site over that index ends too.
# Decks whose document metadata is damaged give all their pages.
# The PDFs come from make_hostile_pdf.py.  The time bound is lowered to
# 2 s, and 1 s for export (DOXSEARCH_PDF_SECONDS), so the test stays quick.
MAKE_PDF="$(cd "$(dirname "$0")" && pwd)/make_hostile_pdf.py"
. "$(dirname "$0")/lib.sh" "$@"

# archive/2024-05-meetup: two real decks and the hostile file as NAME.pdf
make_archive() {
        rm -rf archive &&
                mkdir -p archive/2024-05-meetup &&
                cp "$FIXTURES"/archive/2020-01-doxlon/100-days-of-sre.pdf \
                        "$FIXTURES"/archive/2020-01-doxlon/continuous-delivery-at-spotify.pdf \
                        archive/2024-05-meetup/ &&
                python3 "$MAKE_PDF" "$@"
}

# stopped_in_time SECONDS ARGS...: doxsearch ARGS with a bound of SECONDS
# per PDF exits 1 within 30 s, with one line on stderr (err) and no
# sanitizer report
stopped_in_time() {
        local start took bound=$1
        shift
        start=$(date +%s)
        expect_code 1 env DOXSEARCH_PDF_SECONDS="$bound" timeout 100 "$DOXSEARCH" --db "$DB" "$@" \
                >out 2>err || return 1
        took=$(($(date +%s) - start))
        say "# $1 took $took s" >&7
        test "$took" -le 30 && no_sanitizer_report err && test "$(wc -l <err)" = 1
}

# the good talks are indexed and searchable
good_talks_found() {
        expect_code 0 ds sre >out &&
                head -n 1 out >actual &&
                echo "1. 100 days of SRE — Mark Knoop (SRE Practice Lead, Worldpay)" >expect &&
                test_cmp expect actual &&
                expect_code 0 ds spotify >out &&
                grep -q "^1\. .*Spotify" out
}

test_expect_success 'a bomb of 64 pages stops after 2 s, named with the page, the rest indexed' '
        make_archive bomb archive/2024-05-meetup/bomb.pdf --mib 16 --pages 64 &&
        test "$(stat -c %s archive/2024-05-meetup/bomb.pdf)" -lt 16384 &&
        stopped_in_time 2 ingest --no-align archive &&
        grep -Eq "^doxsearch: archive/2024-05-meetup/bomb\.pdf: gave up reading the PDF: over 2 s on page [0-9]+" err &&
        grep -q "^3 talks in 1 event: 3 added, .* 1 failed; 3 files read" out &&
        good_talks_found
'

test_expect_success 'the pages read before the bound are kept and say so' '
        kept=$(sed -n "s/.*; kept \([0-9]*\) pages\{0,1\}$/\1/p" err) &&
        page=$(sed -n "s/.* on page \([0-9]*\).*/\1/p" err) &&
        if [ -n "$kept" ]; then
                test "$page" = $((kept + 1)) &&
                ds show bomb >out &&
                grep -Eq "^Slides +$kept pages?$" out
        else
                test "$page" = 1
        fi
'

test_expect_success 'export site over that index ends, naming the bomb' '
        stopped_in_time 1 export site --media-url m --base-url https://talks.example.org/ site &&
        grep -Eq "bomb\.pdf: gave up rendering the PDF: over (1 s|4 s in all,) on page [0-9]+$" err &&
        test -s site/index.html &&
        test "$(find site/slides -name "*.png" | wc -l)" -gt 10
'

test_expect_success 'a bomb that takes memory stops at DOXSEARCH_PDF_MIB' '
        rm -f "$DB" &&
        make_archive bomb archive/2024-05-meetup/bomb.pdf --mib 1024 &&
        expect_code 1 env DOXSEARCH_PDF_MIB=64 timeout 100 "$DOXSEARCH" --db "$DB" \
                ingest --no-align archive >out 2>err &&
        no_sanitizer_report err &&
        test "$(wc -l <err)" = 1 &&
        grep -q "^doxsearch: archive/2024-05-meetup/bomb\.pdf: gave up reading the PDF: over 64 MiB of memory on page 1$" err &&
        good_talks_found
'

test_expect_success 'a deck over the page cap is a partial read, not a damaged one' '
        rm -f "$DB" &&
        make_archive pages archive/2024-05-meetup/long.pdf --count 10003 &&
        expect_code 1 timeout 100 "$DOXSEARCH" --db "$DB" ingest --no-align archive >out 2>err &&
        no_sanitizer_report err &&
        echo "doxsearch: archive/2024-05-meetup/long.pdf: has 10003 pages; read the first 10000" >expect &&
        test_cmp expect err &&
        ds show long >out &&
        grep -q "^Slides  10000 pages$" out &&
        good_talks_found
'

# Damaged document metadata (make_hostile_pdf.py meta): an XMP stream with a
# bad /Length, broken Flate data, truncated or badly encoded XML, or stale
# offsets after it; an /Info that is no dictionary, holds badly encoded
# strings or a broken CreationDate.  Issue 14 saw such a deck give 0 pages;
# poppler 22.12 reads all 4 of each, and so must ingest.
test_expect_success 'a deck whose metadata is damaged still gives its pages' '
        rm -rf archive "$DB" &&
        mkdir -p archive/2024-06-meta &&
        kinds=$(python3 "$MAKE_PDF" meta-kinds) &&
        test "$(echo $kinds | wc -w)" -ge 20 &&
        for k in $kinds; do
                python3 "$MAKE_PDF" meta "archive/2024-06-meta/$k.pdf" --damage "$k" || return 1
                if command -v pdftotext >/dev/null; then
                        n=$(pdftotext "archive/2024-06-meta/$k.pdf" - 2>/dev/null |
                                grep -Ec "page (one|two|three|four)$")
                        test "$n" = 4 || return 1
                fi
        done &&
        expect_code 0 ds ingest --no-align archive >out 2>err &&
        no_sanitizer_report err &&
        ! grep "^doxsearch: " err &&
        for k in $kinds; do
                ds show "2024-06-meta_$k" >out &&
                        grep -Eq "^Slides +4 pages" out || {
                        say "# $k:" >&7
                        cat out >&7
                        return 1
                }
        done
'

# Bytes before the %PDF header (past the first 1 KiB, where poppler looks
# for it): pdftotext reads the pages with a warning, and so does ingest.
# A file that is no PDF at all is still refused as such.
test_expect_success 'a deck with junk before its header gives its pages, with a warning' '
        rm -rf archive "$DB" &&
        mkdir -p archive/2024-06-junk &&
        python3 "$MAKE_PDF" meta archive/2024-06-junk/junk.pdf --damage info-date --junk 2000 &&
        printf "just text\n%%%%EOF\n" >archive/2024-06-junk/text.pdf &&
        expect_code 1 ds ingest --no-align archive >out 2>err &&
        no_sanitizer_report err &&
        grep -q "^doxsearch: warning: archive/2024-06-junk/junk.pdf: no %PDF header in the first 1 KiB (read anyway)$" err &&
        grep -q "^doxsearch: archive/2024-06-junk/text.pdf: not a PDF file (no %PDF header)$" err &&
        ds show 2024-06-junk_junk >out &&
        grep -Eq "^Slides +4 pages" out
'

test_done
