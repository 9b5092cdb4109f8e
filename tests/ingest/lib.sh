# lib.sh - shared by the ingest tests: a temp dir, the binary, comparisons
# and the index checks.  Usage: . lib.sh; setup DOXSEARCH FIXTURES
# These tests are about the pipeline (incremental, crash-safe, parallel,
# bad input at scale) and run every ingest with --no-align: putting slides
# on the timeline has its own tests (tests/e2e/timeline.sh, tests/align/),
# and aligning the copied fixture talks in every one of kill9's runs would
# take the suite past its time limit under ASan.
setup() {
  DX=$1
  FIXTURES=$2
  T=$(mktemp -d)
  trap 'rm -rf "$T"' EXIT
  FAILED=0
  export NO_COLOR=1
}

# Run doxsearch; a crash or trouble (exit 2 or more) fails the test.
dx() {
  "$DX" "$@"
  local code=$?
  if [ $code -ge 2 ]; then
    fail "doxsearch $* exited $code"
  fi
  return $code
}

fail() {
  echo "FAIL: $*" >&2
  FAILED=$((FAILED + 1))
}

test_cmp() {
  diff -u "$1" "$2" >&2
}

# SQLite's integrity check and the FTS5 index's own.
integrity() {
  local out
  out=$(sqlite3 "$1" "PRAGMA integrity_check;
    INSERT INTO talk_fts(talk_fts) VALUES('integrity-check');" 2>&1)
  [ "$out" = ok ] || { echo "$out" >&2; return 1; }
}

# What the index says, without row ids or times: to compare two indexes.
dump() {
  sqlite3 "$1" "
    SELECT e.dir, e.name, e.date, e.venues FROM events e WHERE removed_at IS NULL ORDER BY dir;
    SELECT path, size, hash, error FROM files WHERE removed_at IS NULL ORDER BY path;
    SELECT f.path, s.bytes, hex(s.z) FROM slide_text s
      JOIN files f ON f.id = s.file_id WHERE f.removed_at IS NULL ORDER BY f.path;
    SELECT uid, title, sig FROM talks WHERE removed_at IS NULL ORDER BY uid;"
  "$DX" --db "$1" list --json
  for q in 'continuous delivery' tingle knoop '"error budget"'; do
    "$DX" --db "$1" search --json --limit 50 "$q"
  done
}

finish() {
  if [ "$FAILED" -ne 0 ]; then
    echo "$FAILED check(s) failed" >&2
    exit 1
  fi
  echo "ok"
  exit 0
}
