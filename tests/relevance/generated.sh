#!/bin/bash
# Relevance on a small generated archive: gen_archive.py makes it in a temp
# dir, run_generated.py makes the queries from it and fails when the overall
# mean reciprocal rank falls below the floor.  The floor guards against
# regressions; it is not the bar (MRR 0.95 overall, 0.9 a kind),
# which `scripts/bench --relevance` measures on archives of 300 talks.
# Skipped (77) when gen_archive.py is not there.
#
# usage: generated.sh DOXSEARCH GEN_ARCHIVE_PY MIN_MRR
set -u

bin=$1
gen=$2
min=$3
if [ ! -f "$gen" ]; then
        echo "relevance-generated: $gen not found: skipped" >&2
        exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 "$gen" "$tmp/archive" --events 8 --talks-per-event 8 --pages 24 --no-video \
        --seed 5 >/dev/null || exit 1
python3 "$(dirname "$0")/run_generated.py" --per-kind 12 --misses --min-mrr "$min" \
        "$bin" "$tmp/archive"
