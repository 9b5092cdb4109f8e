#!/usr/bin/env bash
# failures-visible.sh - a file that could not be read can be found again
# after the ingest that named it: `show` lists the talk's files with their
# errors, `stats` names every file with problems, the site does not offer
# to watch a recording nothing could read, and `ingest --dry-run` exits 1
# when it sees a file that cannot be read, as a real run does.
. "$(dirname "$0")/lib.sh" "$@"

cd "$FIXTURES" || exit 2

test_expect_success 'setup: ingest bad/archive; the errors it names' '
        expect_code 1 ds ingest --no-align bad/archive >/dev/null 2>"$TMP/err" &&
        sed -n "s|^doxsearch: bad/archive/\([^:]*\): \(.*\)$|\1: \2|p" "$TMP/err" |
                sort >"$TMP/named" &&
        test "$(wc -l <"$TMP/named")" -ge 9
'

test_expect_success 'show: the files of a talk, with the error of the one that failed' '
        expect_code 0 ds show 2021-05-bad_truncated >"$TMP/out" &&
        sed -n "/^Files$/,/^$/p" "$TMP/out" >"$TMP/actual" &&
        {
                echo "Files" &&
                echo "  video     2021-05-bad/truncated.mp4: $(sed -n "s|^2021-05-bad/truncated.mp4: ||p" "$TMP/named")" &&
                echo "  slides    2021-05-bad/truncated.pdf: $(sed -n "s|^2021-05-bad/truncated.pdf: ||p" "$TMP/named")" &&
                echo
        } >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual"
'

test_expect_success 'show: a talk whose files were all read has no Files section' '
        expect_code 0 ds show 2021-05-bad_good-talk >"$TMP/out" &&
        ! grep -q "^Files$" "$TMP/out"
'

test_expect_success 'show --json: "files" with path, kind and error (null when read)' '
        expect_code 0 ds show --json 2021-05-bad_truncated >"$TMP/out" &&
        jq -r ".files[] | \"\(.path)|\(.kind)|\(.error)\"" "$TMP/out" >"$TMP/actual" &&
        {
                echo "2021-05-bad/truncated.mp4|video|$(sed -n "s|^2021-05-bad/truncated.mp4: ||p" "$TMP/named")" &&
                echo "2021-05-bad/truncated.pdf|slides|$(sed -n "s|^2021-05-bad/truncated.pdf: ||p" "$TMP/named")"
        } >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        expect_code 0 ds show --json 2021-05-bad_good-talk >"$TMP/out" &&
        jq -r ".files[] | \"\(.path)|\(.error)\"" "$TMP/out" >"$TMP/actual" &&
        printf "%s\n" "2021-05-bad/good-talk.mp4|null" "2021-05-bad/good-talk.pdf|null" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        jq -e ".id and .title and .media and .pages" "$TMP/out" >/dev/null
'

test_expect_success 'stats: names every file the ingest named, with its reason' '
        expect_code 0 ds stats >"$TMP/out" &&
        n=$(wc -l <"$TMP/named") &&
        grep -q "^files       13 ($n with problems)$" "$TMP/out" &&
        sed -n "s|^  [a-z]* *\(2021-05-bad/.*\)$|\1|p" "$TMP/out" | sort >"$TMP/actual" &&
        test_cmp "$TMP/named" "$TMP/actual"
'

test_expect_success 'stats --json: "problems", each with path, kind, error and talk' '
        expect_code 0 ds stats --json >"$TMP/out" &&
        jq -r ".problems[] | \"\(.path): \(.error)\"" "$TMP/out" | sort >"$TMP/actual" &&
        test_cmp "$TMP/named" "$TMP/actual" &&
        jq -r ".problems[] | select(.path == \"2021-05-bad/zero-byte.mp4\") | \"\(.kind) \(.talk)\"" \
                "$TMP/out" >"$TMP/actual" &&
        echo "video 2021-05-bad_zero-byte" >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual" &&
        test "$(jq .failed_files "$TMP/out")" = "$(jq ".problems | length" "$TMP/out")"
'

test_expect_success 'site: no "Watch the recording" for a recording nothing could read' '
        ds export site --media-url https://media.example.org/ "$TMP/site" >/dev/null 2>&1;
        test -f "$TMP/site/talks/2021-05-bad_zero-byte.html" &&
        page="$TMP/site/talks/2021-05-bad_zero-byte.html" &&
        expect_lines 0 "Watch the recording" "$page" &&
        expect_lines 0 "media.example.org" "$page" &&
        expect_lines 1 "The recording could not be read: empty file" "$page" &&
        good="$TMP/site/talks/2021-05-bad_good-talk.html" &&
        expect_lines 1 "Watch the recording" "$good" &&
        expect_lines 0 "could not be read" "$good"
'

test_expect_success 'ingest --dry-run: files only a read finds broken, named as the real run named them, exit 1' '
        DOXSEARCH_DB="$TMP/dry-bad.db" expect_code 1 "$DOXSEARCH" ingest --dry-run --no-align \
                bad/archive >"$TMP/out" 2>"$TMP/err" &&
        ! test -e "$TMP/dry-bad.db" &&
        sed -n "s|^doxsearch: bad/archive/\([^:]*\): \(.*\)$|\1: \2|p" "$TMP/err" |
                sort >"$TMP/actual" &&
        test_cmp "$TMP/named" "$TMP/actual" &&
        grep -q "^dry run: [0-9]* to add, .*; 13 files read, $(wc -l <"$TMP/named") failed$" "$TMP/out"
'

test_expect_success 'ingest --dry-run: exit 1 when a manifest names a file that is not there' '
        mkdir -p "$TMP/typo/2024-03-sre" &&
        cp bad/archive/2021-05-bad/good-talk.pdf "$TMP/typo/2024-03-sre/sre-error-budgets.pdf" &&
        printf "%s\n" "{\"talks\": [{\"title\": \"Error budgets\", \"slides\": \"sre-error-budget.pdf\"}]}" \
                >"$TMP/typo/2024-03-sre/event.json" &&
        DOXSEARCH_DB="$TMP/dry.db" expect_code 1 "$DOXSEARCH" ingest --dry-run --no-align "$TMP/typo" \
                >"$TMP/out" 2>"$TMP/err" &&
        expect_lines 1 "sre-error-budget.pdf: " "$TMP/err" &&
        DOXSEARCH_DB="$TMP/dry.db" expect_code 1 "$DOXSEARCH" ingest --no-align "$TMP/typo" \
                >/dev/null 2>&1 &&
        DOXSEARCH_DB="$TMP/dry.db" expect_code 0 "$DOXSEARCH" ingest --dry-run --no-align \
                "$FIXTURES/archive" >/dev/null 2>&1
'

test_done
