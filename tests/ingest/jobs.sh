#!/usr/bin/env bash
# jobs.sh - the index is the same row for row whatever --jobs is.
#   bash tests/ingest/jobs.sh DOXSEARCH FIXTURES
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh" "$@"

# rows INDEX: every row an ingest writes, row ids included.
rows() {
        sqlite3 "$1" "
                SELECT 'event', id, dir, slug, name, date, venues, signature FROM events ORDER BY id;
                SELECT 'file', id, path, event_id, kind, size, hash, error FROM files ORDER BY id;
                SELECT 'media', * FROM media ORDER BY file_id;
                SELECT 'stream', * FROM streams ORDER BY file_id, idx;
                SELECT 'tag', * FROM tags ORDER BY file_id, pos;
                SELECT 'chapter', * FROM chapters ORDER BY file_id, pos;
                SELECT 'doc', * FROM documents ORDER BY file_id;
                SELECT 'slidetext', file_id, bytes, hex(z) FROM slide_text ORDER BY file_id;
                SELECT 'talk', id, uid, event_id, pos, title, abstract, tags, date, video_id, slides_id,
                       duration, sig FROM talks ORDER BY id;
                SELECT 'speaker', * FROM speakers ORDER BY id;
                SELECT 'ts', * FROM talk_speakers ORDER BY talk_id, pos;"
}

test_expect_success 'setup: an archive of 3 copies of the fixture events' '
        "$HERE/make-archive.sh" "$FIXTURES" "$TMP/archive" 3
'

for j in 1 4; do
        test_expect_success "ingest --jobs $j" '
                expect_code 0 "$DOXSEARCH" --db j$j.db ingest --no-align -q --jobs $j "$TMP/archive" &&
                rows j$j.db >j$j.txt
        '
done

test_expect_success '--jobs 1 and --jobs 4 write the same index, row for row' '
        test_cmp j1.txt j4.txt
'

test_expect_success 'it holds the 24 talks of the archive' '
        grep -c "^talk|" j1.txt >actual &&
        echo 24 >expect &&
        test_cmp expect actual
'

test_done
