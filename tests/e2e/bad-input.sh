#!/usr/bin/env bash
# bad-input.sh - ingest the bad fixtures: exit 1, every bad file named
# exactly once on stderr as "doxsearch: PATH: reason" (the reasons of
# fixtures/README.md), warnings as "doxsearch: warning: PATH: reason",
# and the good talk in each folder still indexed and searchable.
. "$(dirname "$0")/lib.sh" "$@"

# check_reported ERR: every row of the table on stdin is on exactly one
# line of ERR, in the form "doxsearch: [warning: ]PATH: ...REASON...", and
# ERR has no other lines.  Rows: LEVEL|PATH|REASON (LEVEL error, warning
# or any).
check_reported() {
        local level path reason line nrows=0 fail=0
        while IFS="|" read -r level path reason; do
                nrows=$((nrows + 1))
                case $level in
                error) prefix="doxsearch: $path: " ;;
                warning) prefix="doxsearch: warning: $path: " ;;
                *) prefix="" ;;
                esac
                n=$(grep -c -F -e "$path: " "$1")
                if [ "$n" != 1 ]; then
                        say "# $path is named on $n lines of stderr, not 1" >&7
                        fail=1
                        continue
                fi
                line=$(grep -F -e "$path: " "$1")
                if [ -n "$prefix" ]; then
                        case $line in
                        "$prefix"*) ;;
                        *) say "# not '$prefix...': $line" >&7; fail=1 ;;
                        esac
                else
                        case $line in
                        "doxsearch: $path: "* | "doxsearch: warning: $path: "*) ;;
                        *) say "# not 'doxsearch: [warning: ]$path: ...': $line" >&7; fail=1 ;;
                        esac
                fi
                case $line in
                *"$reason"*) ;;
                *) say "# no '$reason' in: $line" >&7; fail=1 ;;
                esac
        done
        if [ "$(wc -l <"$1")" != "$nrows" ]; then
                say "# stderr has $(wc -l <"$1") lines for $nrows files:" >&7
                sed 's/^/#   /' "$1" >&7
                fail=1
        fi
        return $fail
}

# The paths as a person types them: from the fixtures folder.
cd "$FIXTURES" || exit 2

cat >"$TMP/bad-archive.expect" <<\EOF
error|bad/archive/2021-05-bad/zero-byte.mp4|empty file
error|bad/archive/2021-05-bad/truncated.mp4|truncated
error|bad/archive/2021-05-bad/truncated-faststart.mp4|truncated
error|bad/archive/2021-05-bad/not-a-video.mp4|not an audio or video file
error|bad/archive/2021-05-bad/not-a-pdf.pdf|not a PDF
error|bad/archive/2021-05-bad/truncated.pdf|PDF
error|bad/archive/2021-05-bad/encrypted.pdf|encrypted PDF (password required)
error|bad/archive/2021-05-bad/zero-pages.pdf|no pages
error|bad/archive/2021-05-bad/million-pages.pdf|pages
any|bad/archive/2021-05-bad/latin1-tags.mp4|Latin-1
warning|bad/archive/2021-05-bad/image-only.pdf|no text
EOF

test_expect_success 'bad/archive: exit 1, each bad file named once with its reason' '
        expect_code 1 ds ingest bad/archive >"$TMP/out" 2>"$TMP/err" &&
        no_sanitizer_report "$TMP/err" &&
        check_reported "$TMP/err" <"$TMP/bad-archive.expect" &&
        expect_lines 0 good-talk "$TMP/err" &&
        grep -Eq "^11 talks in 1 event: 11 added, 0 updated, 0 moved, 0 removed, 0 unchanged, (9|10) failed; 13 files read, 5 pages \(2 by OCR\), [0-9.]+ s$" "$TMP/out"
'

test_expect_success 'bad/archive: the good talk is searchable' '
        expect_code 0 ds survivor >"$TMP/out" &&
        cat >"$TMP/expect" <<-\EOF &&
	1. Good Talk Among Bad Files — Rita Good
	   2021-05-bad, 2021-05-12 · 1:00 · 2021-05-bad_good-talk
	EOF
        head -n 2 "$TMP/out" >"$TMP/actual" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        grep -q "^   slide 2: .*\[survivor\]" "$TMP/out"
'

test_expect_success 'bad/archive: Latin-1 tags are indexed as UTF-8' '
        expect_code 0 ds "Café Ops" >"$TMP/out" &&
        head -n 1 "$TMP/out" >"$TMP/actual" &&
        echo "1. Café Ops à Londres — José García" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        expect_code 0 ds garcia >/dev/null
'

test_expect_success 'bad/archive: the truncated recording keeps its header facts' '
        expect_code 0 ds show truncated-faststart >"$TMP/out" &&
        grep -q "^duration   1:00$" "$TMP/out"
'

test_expect_success 'bad/archive: a second ingest names the same files again, once each' '
        expect_code 1 ds ingest bad/archive >"$TMP/out" 2>"$TMP/err" &&
        grep -v "^warning|" "$TMP/bad-archive.expect" >"$TMP/errors.expect" &&
        check_reported "$TMP/err" <"$TMP/errors.expect"
'

test_expect_success 'bad/broken-manifest: exit 1, the manifest error at 4:10, the talk indexed by pairing' '
        expect_code 1 ds ingest bad/broken-manifest >"$TMP/out" 2>"$TMP/err" &&
        check_reported "$TMP/err" <<-\EOF &&
	error|bad/broken-manifest/2021-06-broken/event.json|4:10: '"'"'}'"'"' expected near '"'"'"venues"'"'"'
	EOF
        echo "1 talk in 1 event: 1 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 1 failed; 2 files read, 3 pages, T s" >"$TMP/expect" &&
        echo "slides on the timeline: 0 recordings aligned (0 with low confidence), 1 never shows their slides, 0 could not be aligned" >>"$TMP/expect" &&
        summary_of "$TMP/out" >"$TMP/actual" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        expect_code 0 ds resilient >"$TMP/out" &&
        head -n 1 "$TMP/out" >"$TMP/actual" &&
        echo "1. Queues Under Pressure — Dana Broke" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        grep -q "^   slide 2: .*\[resilient\]" "$TMP/out"
'

test_expect_success 'bad/broken-manifest: report lists the manifest as a file that failed, with its error' '
        expect_code 1 ds report --json bad/broken-manifest >"$TMP/report.json" &&
        jq -r ".problems[] | select(.kind == \"failed\") | \"\(.file)|\(.talk)|\(.message)\"" \
                "$TMP/report.json" >"$TMP/actual" &&
        echo "2021-06-broken/event.json|null|4:10: '"'"'}'"'"' expected near '"'"'\"venues\"'"'"' (the folder is indexed without it)" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual"
'

test_expect_success 'bad/escape: exit 1, the three refused paths named once each' '
        expect_code 1 ds ingest bad/escape >"$TMP/out" 2>"$TMP/err" &&
        no_sanitizer_report "$TMP/err" &&
        test "$(wc -l <"$TMP/err")" -eq 3 &&
        expect_lines 1 "doxsearch: bad/escape/2021-07-escape/sneaky.pdf: outside the archive" "$TMP/err" &&
        expect_lines 1 "doxsearch: bad/escape/2021-07-escape/event.json: talk 1: slides \"../../../../etc/passwd\" leaves the archive" "$TMP/err" &&
        expect_lines 1 "doxsearch: bad/escape/2021-07-escape/event.json: talk 2: video \"/etc/hostname\" is an absolute path" "$TMP/err" &&
        echo "4 talks in 1 event: 4 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 3 failed; 1 file read, 2 pages, T s" >"$TMP/expect" &&
        summary_of "$TMP/out" >"$TMP/actual" &&
        test_cmp "$TMP/expect" "$TMP/actual"
'

test_expect_success 'bad/escape: Safe Talk is indexed, nothing outside the archive is' '
        expect_code 0 ds "Safe Talk" >"$TMP/out" &&
        head -n 1 "$TMP/out" >"$TMP/actual" &&
        echo "1. Safe Talk — Trent Safe" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        expect_code 0 ds staying >/dev/null &&
        expect_code 1 ds nologin 2>/dev/null &&
        expect_code 1 ds sbin 2>/dev/null
'

test_expect_success 'all three folders together: exit 1, the index holds every good talk' '
        rm -f "$DB" "$DB"-* &&
        expect_code 1 ds ingest bad/archive bad/broken-manifest bad/escape >"$TMP/out" 2>"$TMP/err" &&
        grep -q "^16 talks in 3 events: 16 added, " "$TMP/out" &&
        expect_code 0 ds survivor >/dev/null &&
        expect_code 0 ds resilient >/dev/null &&
        expect_code 0 ds "Safe Talk" >/dev/null
'

test_done
