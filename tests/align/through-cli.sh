#!/usr/bin/env bash
# through-cli.sh DOXSEARCH FIXTURES - every recording of fixtures/align
# through the real binary: one archive holds each recording with its deck
# (as NAME.truth names them), `doxsearch ingest` aligns them all, and
# `doxsearch show --timeline --json` is scored against the truth: the share
# of seconds (sampled a quarter of a second in) with the right page or
# none, and the share of slide changes with a boundary of the timeline
# within 0.5 s after which the right page shows.  Bars as align_condition
# (which measures the library the same way, and more finely): 98 % and
# 95 %.  A recording whose truth never shows a slide must come out "not
# shown".
set -u
DX=$1 FIXTURES=$(cd "$2" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export NO_COLOR=1

mkdir -p "$T/archive/2024-10-align"
names=()
for truth in "$FIXTURES"/align/*.truth; do
  name=$(basename "$truth" .truth)
  video=$(sed -n 's/^video //p' "$truth") slides=$(sed -n 's/^slides //p' "$truth")
  cp "$FIXTURES/$video" "$T/archive/2024-10-align/$name.mp4"
  cp "$FIXTURES/$slides" "$T/archive/2024-10-align/$name.pdf"
  names+=("$name")
done
if ! "$DX" --db "$T/db" ingest -q "$T/archive" 2>"$T/err"; then
  echo "FAIL: ingest: $(cat "$T/err")" >&2
  exit 1
fi
failed=0
for name in "${names[@]}"; do
  "$DX" --db "$T/db" show --timeline --json "2024-10-align_$name" >"$T/$name.json" 2>/dev/null
  python3 - "$FIXTURES/align/$name.truth" "$T/$name.json" "$name" <<'PY' || failed=$((failed + 1))
import json, sys
truth_path, got_path, name = sys.argv[1:4]
truth = []
for line in open(truth_path):
    f = line.split()
    if len(f) == 3 and not line.startswith("#"):
        truth.append((float(f[0]), float(f[1]), int(f[2])))
got = json.load(open(got_path))
spans = [(s["start_s"], s["end_s"], s["page"]) for s in got["spans"]]
end = truth[-1][1]

def truth_at(t):
    return next((p for a, b, p in truth if a <= t < b), 0)

def got_at(t):
    return {p for a, b, p in spans if a <= t < b}

if all(p == 0 for _, _, p in truth):
    ok = got["status"] == "not shown"
    print(f"{name}: never shows its slides; doxsearch says {got['status']!r}")
    sys.exit(0 if ok else 1)
right = sum(1 for s in range(int(end)) if (lambda tp, gp: tp in gp if tp else not gp)(
    truth_at(s + 0.25), got_at(s + 0.25)))
seconds = right / int(end)
changes = [b for (a, b, p), (a2, b2, p2) in zip(truth, truth[1:]) if p != p2]
changes += [truth[0][0]] if truth[0][2] else []
bounds = sorted({a for a, _, _ in spans} | {b for _, b, _ in spans})
def found(c):
    want = truth_at(c + 0.01)
    return any(abs(x - c) <= 0.5 and (want in got_at(x + 0.01) if want else not got_at(x + 0.01))
               for x in bounds)
nfound = sum(1 for c in changes if found(c))
share = nfound / len(changes) if changes else 1.0
print(f"{name}: {seconds:.1%} of {int(end)} s right; {share:.1%} of {len(changes)} changes within 0.5 s"
      f" (status {got['status']})")
sys.exit(0 if got["status"] == "shown" and seconds >= 0.98 and share >= 0.95 else 1)
PY
done
[ $failed -eq 0 ] || { echo "FAIL: $failed recording(s) below the bars" >&2; exit 1; }
