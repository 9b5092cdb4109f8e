#!/usr/bin/env bash
# The index is the same row for row whatever --jobs is.
set -u
. "$(dirname "$0")/lib.sh"
setup "$@"

"$(dirname "$0")/make-archive.sh" "$FIXTURES" "$T/archive" 3
dx --db "$T/j1.db" ingest --no-align -q --jobs 1 "$T/archive"
dx --db "$T/j4.db" ingest --no-align -q --jobs 4 "$T/archive"
for db in j1 j4; do
  sqlite3 "$T/$db.db" "
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
    SELECT 'ts', * FROM talk_speakers ORDER BY talk_id, pos;" >"$T/$db.txt"
done
test_cmp "$T/j1.txt" "$T/j4.txt" || fail "--jobs 1 and --jobs 4 indexes differ"
[ "$(grep -c '^talk' "$T/j1.txt")" -eq 24 ] || fail "expected 24 talks"
finish
