#!/usr/bin/env bash
# run.sh - the static site's node tests, each on a fresh index of the
# fixtures and a fresh export in a temporary folder:
#   relevance  search.js puts doxsearch's first talk first (queries.tsv)
#   parity     search.js and doxsearch: the same errors, talks and scores
#              (parity-queries.txt: repeated words, OR groups, dates)
#   stems      search.js's tokenizer and stemmer are SQLite's, word by word
#   suggest    search.js suggests what doxsearch suggests for misspelt
#              queries (suggest-queries.txt: typos, ORed words, OBriain)
#   browser    chromium headless through playwright-core (screenshots in
#              ARTIFACTS); exit 77 (skipped) only when chromium is missing
#
# usage: run.sh MODE DOXSEARCH FIXTURES ARTIFACTS
set -u
mode=$1 bin=$2 fixtures=$3 artifacts=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/doxsearch-site-$mode.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

if ! command -v node >/dev/null; then
        echo "site $mode: node is missing (scripts/bootstrap installs nodejs)" >&2
        exit 1
fi
export LC_ALL=C.UTF-8

export_site() {
        "$bin" --db "$tmp/index.db" ingest --no-align -q "$fixtures/archive" &&
                "$bin" --db "$tmp/index.db" export site -q "$tmp/site"
}

case $mode in
relevance)
        export_site || exit 1
        exec node "$here/relevance.js" "$bin" "$tmp/index.db" "$tmp/site" \
                "$here/../relevance/queries.tsv" 0.9
        ;;
parity)
        export_site || exit 1
        exec node "$here/parity.js" "$bin" "$tmp/index.db" "$tmp/site" "$here/parity-queries.txt"
        ;;
stems)
        export_site || exit 1
        exec node "$here/stems.js" "$tmp/site" "$here/words.txt"
        ;;
suggest)
        export_site || exit 1
        exec node "$here/suggest.js" "$bin" "$tmp/index.db" "$tmp/site" "$here/suggest-queries.txt"
        ;;
browser)
        chromium=${DX_CHROMIUM:-/usr/bin/chromium}
        if ! [ -x "$chromium" ]; then
                echo "SKIP: $chromium is not installed (scripts/bootstrap installs Debian's chromium)"
                exit 77
        fi
        # playwright-core, as package-lock.json pins it, beside the build
        mods=$artifacts/node
        mkdir -p "$mods"
        if ! cmp -s "$here/package-lock.json" "$mods/package-lock.json" ||
                ! [ -d "$mods/node_modules/playwright-core" ]; then
                cp "$here/package.json" "$here/package-lock.json" "$here/.npmrc" "$mods/" &&
                        (cd "$mods" && npm ci --no-audit --no-fund --loglevel=error) || {
                        echo "site browser: npm ci failed in $mods" >&2
                        exit 1
                }
        fi
        NODE_PATH=$mods/node_modules exec node "$here/browser.js" "$bin" "$fixtures" "$tmp/work" \
                "$artifacts/screenshots"
        ;;
*)
        echo "usage: run.sh relevance|parity|stems|browser DOXSEARCH FIXTURES ARTIFACTS" >&2
        exit 2
        ;;
esac
