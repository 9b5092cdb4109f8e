#!/usr/bin/env bash
# Bad input at scale: a symlink loop, a non-UTF-8 file name, a 5,000-page
# PDF, a folder of 10,000 files, a file that vanishes and one that grows,
# a full disk and a read-only index.  Each is reported, the rest indexed,
# nothing lost.
set -u
. "$(dirname "$0")/lib.sh"
setup "$@"

A=$T/archive
E=$A/2024-01-scale
mkdir -p "$E"
cp "$FIXTURES/bad/archive/2021-05-bad/good-talk."{mp4,pdf} "$E/"

# a symlink loop between two "PDFs", and a folder that links to itself
ln -s loop-b.pdf "$E/loop-a.pdf"
ln -s loop-a.pdf "$E/loop-b.pdf"
ln -s . "$E/self"
# a file name that is not UTF-8
cp "$FIXTURES/bad/broken-manifest/2021-06-broken/talk.pdf" "$E/caf$(printf '\351')-talk.pdf"
# 5,000 pages; "zanzibar" only on page 4321
python3 - "$E/five-thousand.pdf" <<'PY'
import sys
n = 5000
objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
kids = []
for i in range(n):
    page, content = 4 + 2 * i, 5 + 2 * i
    word = b" zanzibar" if i + 1 == 4321 else b""
    text = b"BT /F1 24 Tf 72 300 Td (Page %d of the long deck%s) Tj ET" % (i + 1, word)
    objs[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
    objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 405] "
                  b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
    kids.append(b"%d 0 R" % page)
objs[2] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (n, b" ".join(kids))
out = bytearray(b"%PDF-1.4\n")
offs = {}
for k in sorted(objs):
    offs[k] = len(out)
    out += b"%d 0 obj\n%s\nendobj\n" % (k, objs[k])
xref = len(out)
size = max(objs) + 1
out += b"xref\n0 %d\n0000000000 65535 f \n" % size
for k in range(1, size):
    out += b"%010d 00000 n \n" % offs[k]
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
open(sys.argv[1], "wb").write(out)
PY
# 10,000 files in one folder (not talks: ignored, but walked)
mkdir "$E/many"
(cd "$E/many" && seq -f 'note-%05g.txt' 1 10000 | xargs touch)

"$DX" --db "$T/db" ingest --no-align "$A" >"$T/out" 2>"$T/err"
code=$?
[ $code -eq 1 ] || fail "ingest exited $code, expected 1"
for f in loop-a.pdf loop-b.pdf; do
  [ "$(grep -c "$f: .*Too many levels of symbolic links" "$T/err")" -eq 1 ] ||
    fail "$f not reported once: $(cat "$T/err")"
done
grep -q "not valid UTF-8" "$T/err" || fail "the non-UTF-8 name was not reported"
dx --db "$T/db" resilient >/dev/null || fail "the talk with a non-UTF-8 name is not indexed"
dx --db "$T/db" list --json | python3 -c 'import json,sys; json.load(sys.stdin)' ||
  fail "list --json is not valid JSON with a non-UTF-8 file name"
dx --db "$T/db" zanzibar >"$T/z" || fail "page 4321 of the long deck is not found"
grep -q "slide 4321:" "$T/z" || fail "zanzibar not on slide 4321: $(cat "$T/z")"
dx --db "$T/db" survivor >/dev/null || fail "the good talk is not indexed"
integrity "$T/db" || fail "integrity"

# a file that grows: re-read, the talk updated
printf '%% appended\n' >>"$E/good-talk.pdf"
out=$(dx --db "$T/db" ingest --no-align "$A" 2>/dev/null | tail -1)
grep -q "1 updated" <<<"$out" || fail "a grown file did not update its talk: $out"

# a file that vanishes during an ingest: reported or indexed, never a crash
"$(dirname "$0")/make-archive.sh" "$FIXTURES" "$T/big" 4
"$DX" --db "$T/v.db" ingest --no-align -q --jobs 1 "$T/big" 2>"$T/verr" &
pid=$!
rm -f "$T/big/2023-06-15-doxlon-4/platform-engineering.pdf"
wait $pid
code=$?
[ $code -le 1 ] || fail "ingest with a vanishing file exited $code: $(cat "$T/verr")"
dx --db "$T/v.db" knoop >/dev/null || fail "the rest was not indexed"
integrity "$T/v.db" || fail "integrity after a vanishing file"

# disk full (a file size limit): a clear error; the batch that failed is
# rolled back, what was committed before stays
cp "$T/db" "$T/full.db"
dx --db "$T/full.db" list | sort >"$T/before"
size_kb=$(( $(stat -c %s "$T/full.db") / 1024 + 8 ))
(ulimit -f "$size_kb"; trap '' XFSZ; "$DX" --db "$T/full.db" ingest --no-align -q "$T/big") 2>"$T/ferr"
code=$?
[ $code -eq 2 ] || fail "a full disk: exit $code, expected 2: $(cat "$T/ferr")"
grep -qE "disk full|cannot write" "$T/ferr" || fail "a full disk was not reported: $(cat "$T/ferr")"
grep -qi "sqlite" "$T/ferr" && fail "sqlite wording reached the user: $(cat "$T/ferr")"
integrity "$T/full.db" || fail "integrity after a full disk"
dx --db "$T/full.db" list | sort >"$T/after"
[ -z "$(comm -23 "$T/before" "$T/after")" ] || fail "a full disk lost talks: $(comm -23 "$T/before" "$T/after")"

# a read-only index
mkdir "$T/ro" && cp "$T/db" "$T/ro/db" && chmod 755 "$T/ro" && chmod 644 "$T/ro/db"
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$T"
  ro_dx=$DX
  if ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$DX"; then
    # the build tree is closed to nobody: copies (doxsearch runs
    # doxsearch-ingest from its own folder)
    mkdir "$T/bin" && cp "$DX" "$(dirname "$DX")/doxsearch-ingest" "$T/bin/" &&
      chmod -R a+rX "$T/bin"
    ro_dx=$T/bin/$(basename "$DX")
  fi
  run_ro=(setpriv --reuid=65534 --regid=65534 --clear-groups "$ro_dx")
else
  chmod 444 "$T/ro/db" && chmod 555 "$T/ro"
  run_ro=("$DX")
fi
"${run_ro[@]}" --db "$T/ro/db" ingest --no-align -q "$A" 2>"$T/roerr"
code=$?
[ $code -eq 2 ] || fail "a read-only index: exit $code, expected 2"
grep -q "index is read-only" "$T/roerr" || fail "read-only index: $(cat "$T/roerr")"
"${run_ro[@]}" --db "$T/ro/db" survivor >/dev/null || fail "a read-only index cannot be searched"
finish
