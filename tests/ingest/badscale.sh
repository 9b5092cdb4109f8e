#!/usr/bin/env bash
# badscale.sh - bad input at scale: a symlink loop, a non-UTF-8 file name,
# a 5,000-page PDF, a folder of 10,000 files, a file that vanishes and one
# that grows, a full disk and a read-only index.  Each is reported, the
# rest indexed, nothing lost.
#   bash tests/ingest/badscale.sh DOXSEARCH FIXTURES
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh" "$@"

A=$TMP/archive
E=$A/2024-01-scale

test_expect_success 'setup: an event of bad input at scale' '
        mkdir -p "$E" &&
        cp "$FIXTURES/bad/archive/2021-05-bad/good-talk."{mp4,pdf} "$E/" &&
        # a symlink loop between two "PDFs", and a folder that links to itself
        ln -s loop-b.pdf "$E/loop-a.pdf" &&
        ln -s loop-a.pdf "$E/loop-b.pdf" &&
        ln -s . "$E/self" &&
        # a file name that is not UTF-8
        cp "$FIXTURES/bad/broken-manifest/2021-06-broken/talk.pdf" "$E/caf$(printf "\351")-talk.pdf" &&
        # 5,000 pages; "zanzibar" only on page 4321
        python3 "$HERE/make_long_pdf.py" "$E/five-thousand.pdf" 5000 4321 zanzibar &&
        # 10,000 files in one folder (not talks: ignored, but walked)
        mkdir "$E/many" &&
        (cd "$E/many" && seq -f "note-%05g.txt" 1 10000 | xargs touch)
'

test_expect_success 'ingest: exit 1' '
        expect_code 1 ds ingest --no-align "$A" >out 2>err
'

test_expect_success 'each PDF of the symlink loop reported once' '
        echo 1 >expect &&
        for f in loop-a.pdf loop-b.pdf; do
                grep -c "$f: .*Too many levels of symbolic links" err >actual
                test_cmp expect actual || return 1
        done
'

test_expect_success 'the non-UTF-8 name reported, its talk indexed' '
        grep -q "not valid UTF-8" err &&
        expect_code 0 ds resilient >/dev/null
'

test_expect_success 'list --json is valid JSON with a non-UTF-8 file name' '
        expect_code 0 ds list --json >list.json &&
        python3 -c "import json, sys; json.load(open(sys.argv[1]))" list.json
'

test_expect_success 'page 4321 of the 5,000-page deck found as slide 4321' '
        expect_code 0 ds zanzibar >z &&
        grep -q "slide 4321:" z
'

test_expect_success 'the good talk indexed; the index passes the integrity checks' '
        expect_code 0 ds survivor >/dev/null &&
        integrity "$DB"
'

test_expect_success 'a file that grows: re-read, its talk updated' '
        printf "%% appended\n" >>"$E/good-talk.pdf" &&
        expect_code_in "0 1" ds ingest --no-align "$A" >out 2>/dev/null &&
        tail -n 1 out >summary &&
        grep -q ": 0 added, 1 updated," summary
'

test_expect_success 'a file that vanishes during an ingest: reported or indexed, never a crash' '
        "$HERE/make-archive.sh" "$FIXTURES" "$TMP/big" 4 &&
        { "$DOXSEARCH" --db v.db ingest --no-align -q --jobs 1 "$TMP/big" 2>verr & } &&
        pid=$! &&
        rm -f "$TMP/big/2023-06-15-doxlon-4/platform-engineering.pdf" &&
        if ! expect_code_in "0 1" wait "$pid"; then
                sed "s/^/#   /" verr >&7
                return 1
        fi
'

test_expect_success 'after it the rest is indexed and the index sound' '
        expect_code 0 "$DOXSEARCH" --db v.db knoop >/dev/null &&
        integrity v.db
'

# A full disk (a file size limit): a clear error; the batch that failed is
# rolled back, what was committed before stays.
test_expect_success 'a full disk: exit 2, said in words, no SQLite wording' '
        cp "$DB" full.db &&
        expect_code 0 "$DOXSEARCH" --db full.db list >list &&
        sort list >before &&
        size_kb=$(( $(stat -c %s full.db) / 1024 + 8 )) &&
        (ulimit -f "$size_kb"; trap "" XFSZ; "$DOXSEARCH" --db full.db ingest --no-align -q "$TMP/big") 2>ferr
        echo $? >code &&
        echo 2 >expect &&
        test_cmp expect code &&
        grep -qE "disk full|cannot write" ferr &&
        no_sanitizer_report ferr
'

test_expect_success 'after a full disk: the index sound, no talk lost' '
        integrity full.db &&
        expect_code 0 "$DOXSEARCH" --db full.db list >list &&
        sort list >after &&
        comm -23 before after >lost &&
        test_cmp /dev/null lost
'

# A read-only index.  As root, doxsearch runs as nobody on an index root
# owns; anyone else gets an index of mode 444 in a folder of mode 555.
if ! unprivileged_setup; then
        test_skip "${UNPRIVILEGED_WHY:-cannot run as an unprivileged user}"
        test_done
fi
mkdir ro && cp "$DB" ro/db && chmod 644 ro/db && chmod 755 ro || exit 2
if [ "$(id -u)" != 0 ]; then
        chmod 444 ro/db && chmod 555 ro || exit 2
        # open again at the end, or the temporary folder cannot be removed
        [ -n "${DX_KEEP:-}" ] || trap 'chmod 755 "$TMP/ro"; cd / && rm -rf "$TMP"' EXIT
fi
DB=$TMP/ro/db

test_expect_success 'a read-only index: ingest exits 2 and says so' '
        expect_code 2 ds_as ingest --no-align -q "$A" 2>roerr &&
        grep -q "index is read-only" roerr
'

test_expect_success 'a read-only index can be searched' '
        expect_code 0 ds_as survivor >/dev/null
'

test_done
