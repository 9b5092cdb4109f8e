#!/usr/bin/env bash
# export: `doxsearch export json|ndjson|es-bulk` through the real binary on
# fixtures/archive: same bytes every time, the shape of doc/export.schema.json,
# one document per talk (or per page), ids search engines take, text that
# survives JSON escaping, atomic writes and exit codes.
#   bash tests/export/export.sh DOXSEARCH FIXTURES
HERE=$(cd "$(dirname "$0")" && pwd)
SCHEMA=$HERE/../../doc/export.schema.json
VALIDATE=$HERE/validate.py
. "$HERE/../e2e/lib.sh" "$@"

# py EXPR-SCRIPT ARGS...: run a few lines of Python (json at hand).
py() {
        local code=$1
        shift
        python3 -c "import json, re, sys
$code" "$@"
}

XSS='"><script>alert(1)</script>'
QUOTED='Ann "Quote" O'"'"'Neil \ back\slash'

ds ingest --no-align -q "$FIXTURES/archive" >/dev/null 2>ingest.err

test_expect_success 'export json writes the file, exit 0, nothing on stderr' '
        expect_code 0 ds export json talks.json 2>err &&
        test -s talks.json &&
        test_cmp /dev/null err
'

test_expect_success 'the same index gives the same bytes' '
        ds export json again.json &&
        cmp talks.json again.json &&
        ds export ndjson a.ndjson && ds export ndjson b.ndjson && cmp a.ndjson b.ndjson &&
        ds export es-bulk a.bulk && ds export es-bulk b.bulk && cmp a.bulk b.bulk
'

test_expect_success 're-ingest (and a fresh index of the same archive) give the same bytes' '
        ds ingest --no-align -q --force "$FIXTURES/archive" >/dev/null &&
        ds export json forced.json && cmp talks.json forced.json &&
        "$DOXSEARCH" --db fresh.db ingest --no-align -q "$FIXTURES/archive" >/dev/null &&
        "$DOXSEARCH" --db fresh.db export json fresh.json && cmp talks.json fresh.json
'

test_expect_success 'OUT - writes the same bytes to stdout' '
        ds export json - >stdout.json && cmp talks.json stdout.json &&
        ds export es-bulk - >stdout.bulk && cmp a.bulk stdout.bulk
'

test_expect_success 'no timestamps, no absolute paths of this machine' '
        ! grep -F -e "$TMP" -e "$FIXTURES" talks.json a.ndjson a.bulk
'

test_expect_success 'python3-jsonschema is there (scripts/bootstrap installs it)' '
        python3 -c "import jsonschema" 2>&7
'

test_expect_success 'export json fits doc/export.schema.json' '
        python3 "$VALIDATE" "$SCHEMA" json talks.json
'

test_expect_success 'the schema rejects what does not fit (an unknown key, a missing one)' '
        sed "s/\"title\":/\"titel\":/" talks.json >renamed.json &&
        expect_code 1 python3 "$VALIDATE" "$SCHEMA" json renamed.json 2>/dev/null &&
        sed "s/\"version\": 1/\"version\": \"1\"/" talks.json >badver.json &&
        expect_code 1 python3 "$VALIDATE" "$SCHEMA" json badver.json 2>/dev/null
'

test_expect_success 'events newest first, 8 talks in 3 events, every page text there' '
        py "
d = json.load(open(\"talks.json\"))
ev = d[\"events\"]
assert [e[\"id\"] for e in ev] == [\"2023-06-15-doxlon\", \"2020-01-doxlon\", \"2016-03-doxlon\"], ev
assert sum(len(e[\"talks\"]) for e in ev) == 8
pages = [t for e in ev for t in e[\"talks\"]]
assert sum(len(t[\"pages\"]) for t in pages) == 57
assert all(len(t[\"pages\"]) == t[\"page_count\"] for t in pages)
t = [t for t in pages if t[\"id\"] == \"2020-01-doxlon_continuous-delivery-at-spotify\"][0]
assert t[\"speakers\"][0] == {\"name\": \"Slava Kalmykov\", \"role\": \"Senior Software Engineer\", \"company\": \"Spotify\"}, t
assert \"Tingle\" in t[\"pages\"][5][\"text\"] and t[\"pages\"][5][\"page\"] == 6
assert t[\"slides\"] == \"2020-01-doxlon/continuous-delivery-at-spotify.pdf\"
"
'

test_expect_success 'ndjson: one line per talk, each fits $defs/document' '
        test "$(wc -l <a.ndjson)" = 8 &&
        python3 "$VALIDATE" "$SCHEMA" ndjson a.ndjson
'

test_expect_success 'es-bulk: action + document pairs, _id = id, trailing newline' '
        test "$(tail -c 1 a.bulk | od -An -c | tr -d " ")" = "\n" &&
        test "$(wc -l <a.bulk)" = 16 &&
        python3 "$VALIDATE" "$SCHEMA" es-bulk a.bulk &&
        py "
lines = open(\"a.bulk\").read().split(\"\n\")[:-1]
for a, d in zip(lines[0::2], lines[1::2]):
    a, d = json.loads(a), json.loads(d)
    assert a == {\"index\": {\"_index\": \"talks\", \"_id\": d[\"id\"]}}, a
"
'

test_expect_success 'es-bulk --index NAME names the index in every action line' '
        ds export es-bulk --index doxlon-talks named.bulk &&
        test "$(grep -c "^{\"index\":{\"_index\":\"doxlon-talks\",\"_id\":" named.bulk)" = 8
'

test_expect_success '--per-page: one document per page, one per talk without slides' '
        ds export ndjson --per-page pages.ndjson &&
        ds export es-bulk --per-page pages.bulk &&
        want=$(py "
d = json.load(open(\"talks.json\"))
print(sum(max(len(t[\"pages\"]), 1) for e in d[\"events\"] for t in e[\"talks\"]))") &&
        test "$want" = 58 &&
        test "$(wc -l <pages.ndjson)" = "$want" &&
        test "$(wc -l <pages.bulk)" = $((2 * want)) &&
        python3 "$VALIDATE" "$SCHEMA" ndjson pages.ndjson &&
        python3 "$VALIDATE" "$SCHEMA" es-bulk pages.bulk &&
        grep -q "^{\"id\":\"2020-01-doxlon_continuous-delivery-at-spotify-p6\",\"talk_id\":\"2020-01-doxlon_continuous-delivery-at-spotify\"," pages.ndjson &&
        grep "\"id\":\"2020-01-doxlon_continuous-delivery-at-spotify-p6\"" pages.ndjson | grep -q "\"page\":6,\"text\":\"Our CI system"
'

test_expect_success 'every document id is [A-Za-z0-9_-]+ and unique' '
        py "
ids = []
for f in sys.argv[1:]:
    for l in open(f):
        d = json.loads(l)
        if \"index\" in d and len(d) == 1:
            continue
        ids.append((f, d[\"id\"]))
        assert re.fullmatch(r\"[A-Za-z0-9_-]+\", d[\"id\"]), d[\"id\"]
for f in sys.argv[1:]:
    mine = [i for g, i in ids if g == f]
    assert len(mine) == len(set(mine)), f
" a.ndjson a.bulk pages.ndjson pages.bulk
'

test_expect_success 'a title with <script> and quotes survives JSON escaping' '
        mkdir -p xss && cp -r "$FIXTURES/archive/2020-01-doxlon" xss/ &&
        py "
p = \"xss/2020-01-doxlon/event.json\"
e = json.load(open(p))
e[\"talks\"][0][\"title\"] = sys.argv[1]
e[\"talks\"][0][\"speakers\"][0][\"name\"] = sys.argv[2]
json.dump(e, open(p, \"w\"))
" "$XSS" "$QUOTED" &&
        "$DOXSEARCH" --db xss.db ingest --no-align -q xss >/dev/null &&
        "$DOXSEARCH" --db xss.db export json xss.json &&
        "$DOXSEARCH" --db xss.db export ndjson xss.ndjson &&
        "$DOXSEARCH" --db xss.db export es-bulk xss.bulk &&
        python3 "$VALIDATE" "$SCHEMA" json xss.json &&
        test "$(wc -l <xss.ndjson)" = 2 && test "$(wc -l <xss.bulk)" = 4 &&
        py "
want = sys.argv[1]
d = json.load(open(\"xss.json\"))
titles = [t[\"title\"] for e in d[\"events\"] for t in e[\"talks\"]]
assert want in titles, titles
names = [s[\"name\"] for e in d[\"events\"] for t in e[\"talks\"] for s in t[\"speakers\"]]
assert sys.argv[2] in names, names
for f in (\"xss.ndjson\", \"xss.bulk\"):
    docs = [json.loads(l) for l in open(f)]
    assert want in [x.get(\"title\") for x in docs], f
" "$XSS" "$QUOTED" &&
        grep -q -F "\"title\": \"\\\"><script>alert(1)</script>\"" xss.json
'

test_expect_success 'a folder that does not exist: clear error, exit 2, nothing created' '
        expect_code 2 ds export json no/such/dir/talks.json 2>err &&
        grep -q "no/such/dir/talks.json: cannot write there: folder no/such/dir" err &&
        ! test -e no &&
        expect_code 2 ds export ndjson nodir/x.ndjson 2>err &&
        grep -q "nodir" err && ! test -e nodir
'

test_expect_success 'OUT that is a folder: exit 2, the folder untouched' '
        mkdir outdir &&
        expect_code 2 ds export json outdir 2>err &&
        grep -q "outdir: is a folder" err &&
        test -z "$(ls outdir)" &&
        expect_code 2 ds export json outdir/ 2>err
'

test_expect_success 'writes are atomic: no temporary file left, a failed export leaves OUT as it was' '
        mkdir atomic && echo old >atomic/t.json &&
        expect_code 2 "$DOXSEARCH" --db missing.db export json atomic/t.json 2>err &&
        test "$(cat atomic/t.json)" = old &&
        ds export json atomic/t.json && cmp talks.json atomic/t.json &&
        test "$(ls atomic)" = t.json
'

test_expect_success 'export writes only OUT (a symlink OUT is replaced, its target kept)' '
        mkdir sl && echo keep >sl/target && ln -s target sl/out.json &&
        ds export json sl/out.json &&
        test "$(cat sl/target)" = keep && ! test -L sl/out.json &&
        test "$(ls sl | tr "\n" " ")" = "out.json target "
'

test_expect_success 'usage errors exit 2' '
        expect_code 2 ds export 2>err && grep -q "which format" err &&
        expect_code 2 ds export yaml out.yaml 2>err && grep -q "unknown format" err &&
        expect_code 2 ds export json 2>err && grep -q "where to" err &&
        expect_code 2 ds export json a.json b.json 2>err &&
        expect_code 2 ds export json --per-page x.json 2>err && grep -q -- "--per-page is for" err &&
        expect_code 2 ds export ndjson --index foo x.nd 2>err && grep -q -- "--index is for" err &&
        expect_code 2 ds export es-bulk --index "Bad Name" x.bulk 2>err &&
        expect_code 2 ds export es-bulk --index 2>err &&
        expect_code 2 ds export json --bogus x.json 2>err &&
        ! test -e x.json && ! test -e x.nd && ! test -e x.bulk && ! test -e out.yaml
'

test_expect_success 'export --help exits 0 and names the formats' '
        expect_code 0 ds export --help >out &&
        grep -q "es-bulk" out && grep -q -- "--per-page" out
'

test_expect_success 'a search for the word "export" still searches' '
        expect_code_in "0 1" ds search -- export >/dev/null
'

test_done
