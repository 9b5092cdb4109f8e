#!/usr/bin/env bash
# kill -9 an ingest at 20 random moments; after a plain re-run the index
# passes SQLite's and FTS5's integrity checks and equals a clean ingest.
set -u
. "$(dirname "$0")/lib.sh"
setup "$@"

"$(dirname "$0")/make-archive.sh" "$FIXTURES" "$T/archive" 6
# the clean ingest, timed: how long a full ingest takes here (ASan builds
# are slower), the span the kills are spread over
start=$(date +%s%N)
dx --db "$T/clean.db" ingest --no-align -q "$T/archive"
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$full_ms" -gt 0 ] || full_ms=1
dump "$T/clean.db" >"$T/clean.txt"

RANDOM=42
for i in $(seq 1 20); do
  rm -f "$T/k.db" "$T/k.db-wal" "$T/k.db-shm"
  # sometimes kill a second run over a half-built index too
  if [ $((i % 4)) -eq 0 ]; then
    dx --db "$T/k.db" ingest --no-align -q "$T/archive"
    touch "$T"/archive/*-2/*.pdf
  fi
  "$DX" --db "$T/k.db" ingest --no-align -q --force "$T/archive" 2>/dev/null &
  pid=$!
  delay_ms=$(( RANDOM % (full_ms + 1) ))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))" 2>/dev/null || sleep 0
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  dx --db "$T/k.db" ingest --no-align -q "$T/archive" || fail "re-run after kill at ${delay_ms} ms failed"
  integrity "$T/k.db" || fail "integrity after kill at ${delay_ms} ms"
  dump "$T/k.db" >"$T/k.txt"
  test_cmp "$T/clean.txt" "$T/k.txt" || fail "index after kill at ${delay_ms} ms differs from a clean ingest"
done
finish
