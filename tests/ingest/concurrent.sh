#!/usr/bin/env bash
# 200 searches while an ingest writes: none fails.  A second ingest on the
# same index stops and names the PID of the first.
set -u
. "$(dirname "$0")/lib.sh"
setup "$@"

"$(dirname "$0")/make-archive.sh" "$FIXTURES" "$T/archive" 6
dx --db "$T/db" ingest --no-align -q "$T/archive"

failures=0
"$DX" --db "$T/db" ingest --no-align -q --force --jobs 1 "$T/archive" 2>"$T/ingest.err" &
writer=$!
second_checked=0
for i in $(seq 1 200); do
  case $((i % 4)) in
    0) q="continuous delivery" ;;
    1) q="knoop" ;;
    2) q="tingle" ;;
    3) q="error budget" ;;
  esac
  if ! "$DX" --db "$T/db" search --json "$q" >"$T/out.json" 2>"$T/err"; then
    failures=$((failures + 1))
    echo "search $i ($q) failed: $(cat "$T/err")" >&2
  elif ! grep -q '"results"' "$T/out.json"; then
    failures=$((failures + 1))
  fi
  # Try the second ingest only once the first holds the lock (the lock
  # file then names it): tried earlier, the second would take the lock
  # and the first would be the one refused.  The first lets go of the
  # lock a moment before it exits, so only a refusal is conclusive;
  # tests/e2e/lock.sh holds the lock itself.
  if [ $second_checked -eq 0 ] && kill -0 "$writer" 2>/dev/null &&
     [ "$(cat "$T/db.lock" 2>/dev/null)" = "$writer" ]; then
    "$DX" --db "$T/db" ingest --no-align -q "$T/archive" 2>"$T/second.err"
    if [ $? -eq 2 ]; then
      second_checked=1
      grep -q "index is being updated by PID $writer" "$T/second.err" ||
        fail "second ingest said: $(cat "$T/second.err")"
    fi
  fi
done
wait "$writer" || fail "the ingest during searches failed: $(cat "$T/ingest.err")"
[ $failures -eq 0 ] || fail "$failures of 200 searches failed during an ingest"
[ $second_checked -eq 1 ] || echo "note: the ingest finished before a second one could be tried"
integrity "$T/db" || fail "integrity"
finish
