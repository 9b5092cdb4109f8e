#!/bin/bash
# Relevance: ingest the fixture archive, run every query of queries.tsv
# through the real binary (--json), and report the mean reciprocal rank of
# the talk a person would expect first.  Prints the queries that miss
# (expected talk not first) and fails below the threshold.
#
# usage: run.sh DOXSEARCH FIXTURES [QUERIES] [MIN_MRR]
set -u

bin=$1
fixtures=$2
queries=${3:-$(dirname "$0")/queries.tsv}
min=${4:-0.9}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$bin" --db "$tmp/index.db" ingest --no-align -q "$fixtures/archive"; then
        echo "relevance: ingest of $fixtures/archive failed" >&2
        exit 1
fi

n=0
sum=0
misses=0
while IFS=$'\t' read -r query expected; do
        case $query in '#'* | '') continue ;; esac
        n=$((n + 1))
        ids=$("$bin" --db "$tmp/index.db" search --json --limit 10 -- "$query" 2>"$tmp/err" |
                sed -n 's/^      "id": "\([^"]*\)",$/\1/p')
        rank=$(printf '%s\n' "$ids" | grep -nxF -- "$expected" | head -n 1 | cut -d: -f1)
        if [ "$rank" = 1 ]; then
                sum=$(awk -v s="$sum" 'BEGIN { print s + 1 }')
                continue
        fi
        misses=$((misses + 1))
        got=$(printf '%s\n' "$ids" | head -n 3 | paste -sd, -)
        if [ -n "$rank" ]; then
                sum=$(awk -v s="$sum" -v r="$rank" 'BEGIN { print s + 1 / r }')
                printf 'miss: %-40s expected %s at rank %s (top: %s)\n' "$query" "$expected" \
                        "$rank" "$got"
        else
                printf 'miss: %-40s expected %s, not found (top: %s) %s\n' "$query" "$expected" \
                        "${got:-none}" "$(head -c 200 "$tmp/err")"
        fi
done <"$queries"

if [ "$n" = 0 ]; then
        echo "relevance: no queries in $queries" >&2
        exit 1
fi
awk -v s="$sum" -v n="$n" -v m="$misses" -v min="$min" 'BEGIN {
        mrr = s / n
        printf "MRR %.3f over %d queries, %d not first (threshold %.2f)\n", mrr, n, m, min
        exit !(mrr >= min)
}'
