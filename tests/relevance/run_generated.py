#!/usr/bin/env python3
"""run_generated.py - mean reciprocal rank of doxsearch on generated archives.

Usage: run_generated.py [--seed S] [--per-kind N] [--misses] [--min-mrr X]
                        DOXSEARCH ARCHIVE [ARCHIVE...]

For each ARCHIVE (written by gen_archive.py), ingest it into a fresh index
with `DOXSEARCH ingest --no-align`, make the queries of gen_queries.py from it
(seeded with S, up to N per kind), run each through `DOXSEARCH search --json
--limit 10`, and score the rank of the first right talk (1/rank, 0 when no
right talk is in the first 10).  Prints one table: a row per query kind, a
column per archive, and the overall MRR.  --misses lists the queries whose
right talk is not first.  With --min-mrr, exits 1 when an archive's overall
MRR is below X (a floor that catches regressions, not the bar:
0.95 overall and 0.9 per kind).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_queries  # noqa: E402


def search(dx, db, query):
    """The slide paths of the first 10 results, best first."""
    p = subprocess.run([dx, "--db", db, "search", "--json", "--limit", "10", "--", query],
                       capture_output=True, check=False)
    if p.returncode not in (0, 1):
        raise SystemExit(f"run_generated: {query}: doxsearch exited {p.returncode}: "
                         f"{p.stderr.decode(errors='replace').strip()}")
    try:
        results = json.loads(p.stdout)["results"]
    except (ValueError, KeyError):
        results = []
    return [(r.get("slides"), r.get("title"), r.get("score")) for r in results]


def score(dx, archive, seed, per_kind, misses):
    """{kind: [reciprocal ranks]} for one archive."""
    queries = gen_queries.generate(archive, seed, per_kind)
    rr = {}
    with tempfile.TemporaryDirectory(prefix="dx-relevance-") as tmp:
        db = os.path.join(tmp, "index.db")
        p = subprocess.run([dx, "--db", db, "ingest", "--no-align", "-q", archive],
                           capture_output=True, check=False)
        if p.returncode != 0:
            raise SystemExit(f"run_generated: {archive}: ingest failed: "
                             f"{p.stderr.decode(errors='replace').strip()}")
        titles = {}
        for kind, q, right in queries:
            got = search(dx, db, q)
            for s, t, _ in got:
                titles[s] = t
            rank = next((i + 1 for i, (s, _, _) in enumerate(got) if s in right), None)
            rr.setdefault(kind, []).append(1.0 / rank if rank else 0.0)
            if misses and rank != 1:
                top = "; ".join(f"{t} ({sc})" for _, t, sc in got[:2]) or "nothing"
                print(f"miss [{kind}] {q!r}: right at {rank or '>10'} of {len(right)} right; "
                      f"top: {top}", file=sys.stderr)
    return rr


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("doxsearch")
    ap.add_argument("archives", nargs="+")
    ap.add_argument("--seed", type=int, default=1, help="seed of the query sample")
    ap.add_argument("--per-kind", type=int, default=40)
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--min-mrr", type=float)
    a = ap.parse_args()
    if not os.access(a.doxsearch, os.X_OK):
        print(f"run_generated: {a.doxsearch}: not an executable", file=sys.stderr)
        return 2
    for arc in a.archives:
        if not os.path.isdir(arc):
            print(f"run_generated: {arc}: not a directory", file=sys.stderr)
            return 2

    cols = [(os.path.basename(os.path.normpath(arc)), score(a.doxsearch, arc, a.seed, a.per_kind,
                                                         a.misses)) for arc in a.archives]
    width = max(14, *(len(n) for n, _ in cols))
    print(f"{'kind':<14}" + "".join(f" {n:>{width}}" for n, _ in cols))
    for kind in gen_queries.KINDS + ["overall"]:
        cells = []
        for _, rr in cols:
            xs = [x for v in rr.values() for x in v] if kind == "overall" else rr.get(kind, [])
            cells.append(f"{mean(xs):.3f} ({len(xs)})" if xs else "-")
        print(f"{kind:<14}" + "".join(f" {c:>{width}}" for c in cells))
    if a.min_mrr is not None:
        low = [n for n, rr in cols if mean([x for v in rr.values() for x in v]) < a.min_mrr]
        if low:
            print(f"run_generated: overall MRR below the floor {a.min_mrr} on {', '.join(low)}",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
