#!/usr/bin/env bash
# make-archive.sh FIXTURES OUT COPIES: a larger archive for the ingest tests,
# made of COPIES copies of every fixture event (folders suffixed -N).
set -euo pipefail
fixtures=$1 out=$2 copies=$3
rm -rf "$out"
mkdir -p "$out"
for ((i = 1; i <= copies; i++)); do
  for ev in "$fixtures"/archive/*/; do
    name=$(basename "$ev")
    cp -r "$ev" "$out/$name-$i"
  done
done
