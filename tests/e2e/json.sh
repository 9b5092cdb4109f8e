#!/usr/bin/env bash
# json.sh - the --json output of search, list and show: valid JSON with
# exactly the keys the README documents, and the values a person expects.
. "$(dirname "$0")/lib.sh" "$@"

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3 || true)

# py FILE 'python statements': d is the parsed JSON of FILE.
py() {
        "$PYTHON" -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
def keys(o, want, what):
    got = set(o)
    assert got == set(want), "%s: keys %s, want %s" % (what, sorted(got), sorted(want))
SPEAKER = {"name", "role", "company"}
EVENT = {"name", "date"}
TALK = {"id", "title", "speakers", "event", "duration_s", "video", "slides"}
TOP = {"query", "total", "results", "suggestion", "corrected", "sort", "offset", "limit"}
def top(d, query):
    keys(d, TOP, "top")
    assert d["query"] == query, d["query"]
    assert isinstance(d["total"], int) and isinstance(d["results"], list)
    assert d["suggestion"] is None or isinstance(d["suggestion"], str)
    assert isinstance(d["corrected"], bool)
    assert isinstance(d["sort"], str)
    assert isinstance(d["offset"], int) and isinstance(d["limit"], int)
FIELDS = {"slides", "abstract", "title", "speakers", "company", "tags", "event"}
def talk(t, extra, event_extra=()):
    keys(t, TALK | set(extra), "talk " + t.get("id", "?"))
    assert isinstance(t["id"], str) and isinstance(t["title"], str)
    for s in t["speakers"]:
        keys(s, SPEAKER, "speaker")
        assert isinstance(s["name"], str)
        assert s["role"] is None or isinstance(s["role"], str)
        assert s["company"] is None or isinstance(s["company"], str)
    keys(t["event"], EVENT | set(event_extra), "event")
    assert t["duration_s"] is None or isinstance(t["duration_s"], (int, float))
    assert t["video"] is None or isinstance(t["video"], str)
    assert t["slides"] is None or isinstance(t["slides"], str)
def result(r):
    talk(r, {"score", "hits"})
    assert isinstance(r["score"], (int, float))
    assert 1 <= len(r["hits"]) <= 3, r["hits"]
    for h in r["hits"]:
        if h["field"] == "slides":
            keys(h, {"field", "page", "snippet", "text_source"}, "slides hit")
            assert isinstance(h["page"], int) and h["page"] >= 1
            assert h["text_source"] == "pdf", h  # the fixture decks have text layers
        else:
            keys(h, {"field", "snippet"}, "hit")
        assert h["field"] in FIELDS, h["field"]
        assert "[" in h["snippet"] and "]" in h["snippet"], h["snippet"]
exec(sys.argv[2])
' "$@"
}

if [ -z "$PYTHON" ]; then
        test_skip "no python3 to read JSON with"
        test_done
fi

test_expect_success 'setup: ingest the archive' '
        ds ingest --no-align -q "$FIXTURES/archive"
'

test_expect_success 'search --json: the documented shape' '
        expect_code 0 ds --json tingle >out.json &&
        py out.json "
top(d, \"tingle\")
assert d[\"suggestion\"] is None and d[\"corrected\"] is False
assert d[\"total\"] == 1 and len(d[\"results\"]) == 1
for r in d[\"results\"]:
    result(r)
r = d[\"results\"][0]
assert r[\"id\"] == \"2020-01-doxlon_continuous-delivery-at-spotify\"
assert r[\"title\"] == \"Continuous Delivery at Spotify\"
assert r[\"speakers\"] == [{\"name\": \"Slava Kalmykov\", \"role\": \"Senior Software Engineer\", \"company\": \"Spotify\"}]
assert r[\"event\"] == {\"name\": \"DevOps Exchange London - January 2020\", \"date\": \"2020-01-28\"}
assert r[\"duration_s\"] == 420.0
assert r[\"video\"] == \"2020-01-doxlon/continuous-delivery-at-spotify.mp4\"
assert r[\"slides\"] == \"2020-01-doxlon/continuous-delivery-at-spotify.pdf\"
assert r[\"score\"] > 0
h = r[\"hits\"][0]
assert h[\"field\"] == \"slides\" and h[\"page\"] == 6, h
assert \"[Tingle]: our CI build system\" in h[\"snippet\"], h
"
'

test_expect_success 'search --json: every result of a broad query has the shape, best first' '
        expect_code 0 ds search --json --limit 50 "continuous delivery" >out.json &&
        py out.json "
top(d, \"continuous delivery\")
assert d[\"limit\"] == 50 and d[\"offset\"] == 0
assert d[\"total\"] == len(d[\"results\"]) == 3
for r in d[\"results\"]:
    result(r)
scores = [r[\"score\"] for r in d[\"results\"]]
assert scores == sorted(scores, reverse=True), scores
assert d[\"results\"][0][\"id\"] == \"2020-01-doxlon_continuous-delivery-at-spotify\"
"
'

test_expect_success 'search --json: unknown values are null (no role, no date, no video)' '
        expect_code 0 ds --json finops >out.json &&
        py out.json "
r = d[\"results\"][0]
result(r)
assert r[\"video\"] is None and r[\"duration_s\"] is None, r
assert r[\"speakers\"] == [{\"name\": \"Lee Chen\", \"role\": None, \"company\": None}], r[\"speakers\"]
" &&
        expect_code 0 ds --json "speaker:priya" >out.json &&
        py out.json "
r = d[\"results\"][0]
assert r[\"speakers\"] == [{\"name\": \"Priya Raman\", \"role\": None, \"company\": \"Ocado Technology\"}], r
"
'

test_expect_success 'search --json with no match: exit 1, still JSON, no results' '
        expect_code 1 ds --json zzzqqq >out.json 2>err &&
        py out.json "
top(d, \"zzzqqq\")
assert d[\"total\"] == 0 and d[\"results\"] == []
"
'

test_expect_success 'search --json keeps odd query text as typed' '
        expect_code 1 ds --json "\"unbalanced" >out.json &&
        py out.json "assert d[\"query\"] == \"\\\"unbalanced\", d[\"query\"]"
'

test_expect_success 'list --json: {"talks": [...]} with pages' '
        expect_code 0 ds list --json >out.json &&
        py out.json "
keys(d, {\"talks\"}, \"top\")
assert len(d[\"talks\"]) == 8
SRC = {None, \"manifest\", \"tag\", \"deck-info\", \"title-page\", \"file-name\"}
for t in d[\"talks\"]:
    talk(t, {\"pages\", \"sources\"} | ({\"paired_by\"} if t[\"video\"] and t[\"slides\"] else set()))
    assert isinstance(t[\"pages\"], int)
    keys(t[\"sources\"], {\"title\", \"speakers\", \"date\"}, \"sources\")
    assert set(t[\"sources\"].values()) <= SRC, t[\"sources\"]
    assert t.get(\"paired_by\") in (None, \"manifest\", \"name\"), t
src = {t[\"id\"]: t[\"sources\"][\"title\"] for t in d[\"talks\"]}
assert src[\"2020-01-doxlon_100-days-of-sre\"] == \"manifest\", src
pages = {t[\"id\"]: t[\"pages\"] for t in d[\"talks\"]}
assert pages == {
    \"2023-06-15-doxlon_finops-lightning\": 5,
    \"2023-06-15-doxlon_gitops-in-practice\": 7,
    \"2023-06-15-doxlon_platform-engineering\": 9,
    \"2020-01-doxlon_100-days-of-sre\": 10,
    \"2020-01-doxlon_continuous-delivery-at-spotify\": 12,
    \"2016-03-doxlon_docker-in-production\": 8,
    \"2016-03-doxlon_monitoring-microservices\": 6,
    \"2016-03-doxlon_chaos-engineering\": 0,
}, pages
durations = {t[\"id\"]: t[\"duration_s\"] for t in d[\"talks\"]}
assert abs(durations[\"2023-06-15-doxlon_gitops-in-practice\"] - 200.0065) < 0.05, durations
assert durations[\"2023-06-15-doxlon_finops-lightning\"] is None
assert [t[\"id\"] for t in d[\"talks\"]][0].startswith(\"2023-06-15-doxlon_\")
"
'

test_expect_success 'show --json: media streams, tags, chapters and page texts' '
        expect_code 0 ds show --json 2020-01-doxlon_100-days-of-sre >out.json &&
        py out.json "
talk(d, {\"abstract\", \"date\", \"room\", \"tags\", \"media\", \"document\", \"pages\", \"files\", \"sources\", \"paired_by\"}, {\"id\", \"venues\"})
assert d[\"paired_by\"] == \"manifest\", d[\"paired_by\"]
assert d[\"sources\"] == {\"title\": \"manifest\", \"speakers\": \"manifest\", \"date\": \"manifest\"}, d[\"sources\"]
assert d[\"event\"][\"id\"] == \"2020-01-doxlon\"
assert d[\"event\"][\"venues\"] == [\"Worldpay HQ\", \"LinuxRecruit HQ\"]
assert d[\"tags\"] == [\"sre\", \"slo\"] and d[\"room\"] == \"Worldpay HQ\" and d[\"date\"] == \"2020-01-28\"
m = d[\"media\"]
keys(m, {\"container\", \"duration_s\", \"bit_rate\", \"streams\", \"tags\", \"chapters\"}, \"media\")
assert abs(m[\"duration_s\"] - 300.0) <= 0.05
assert [s[\"kind\"] for s in m[\"streams\"]] == [\"video\", \"audio\", \"data\"], m[\"streams\"]
v, a = m[\"streams\"][0], m[\"streams\"][1]
assert v[\"codec\"] == \"h264\" and v[\"width\"] == 320 and v[\"height\"] == 180, v
assert a[\"codec\"] == \"aac\" and a[\"channels\"] == 1 and a[\"sample_rate\"] == 16000, a
for s in m[\"streams\"]:
    assert {\"index\", \"kind\", \"codec\", \"language\"} <= set(s), s
assert m[\"tags\"][\"title\"] == \"100 days of SRE\" and m[\"tags\"][\"artist\"] == \"Mark Knoop\", m[\"tags\"]
assert [c[\"title\"] for c in m[\"chapters\"]] == [\"Why SRE\", \"The first 100 days\", \"Lessons\"]
for c, (s, e) in zip(m[\"chapters\"], [(0, 60), (60, 240), (240, 300)]):
    keys(c, {\"title\", \"start_s\", \"end_s\"}, \"chapter\")
    assert abs(c[\"start_s\"] - s) <= 0.05 and abs(c[\"end_s\"] - e) <= 0.05, c
doc = d[\"document\"]
keys(doc, {\"pages\", \"title\", \"author\", \"subject\", \"keywords\", \"created\"}, \"document\")
assert doc[\"pages\"] == 10 and doc[\"author\"] == \"Mark Knoop\", doc
assert [p[\"page\"] for p in d[\"pages\"]] == list(range(1, 11))
for p in d[\"pages\"]:
    keys(p, {\"page\", \"text\", \"text_source\"}, \"page\"); assert p[\"text_source\"] == \"pdf\"
assert \"Mark Knoop\" in d[\"pages\"][0][\"text\"]
"
'

test_expect_success 'show --json: the Spotify deck has Tingle on page 6 only' '
        expect_code 0 ds show --json spotify >out.json &&
        py out.json "
pages = [p[\"page\"] for p in d[\"pages\"] if \"Tingle\" in p[\"text\"]]
assert pages == [6], pages
assert d[\"media\"][\"chapters\"] == []
"
'

test_expect_success 'show --json: slides only (media null), and audio only (no video stream)' '
        expect_code 0 ds show --json finops >out.json &&
        py out.json "
assert d[\"media\"] is None and d[\"video\"] is None
assert d[\"document\"][\"title\"] == \"FinOps in Five Minutes\" and len(d[\"pages\"]) == 5
" &&
        expect_code 0 ds show --json gitops >out.json &&
        py out.json "
assert [s[\"kind\"] for s in d[\"media\"][\"streams\"]] == [\"audio\"], d[\"media\"][\"streams\"]
assert d[\"media\"][\"streams\"][0][\"codec\"] == \"opus\"
assert d[\"media\"][\"container\"] == \"ogg\"
" &&
        expect_code 0 ds show --json chaos >out.json &&
        py out.json "
assert d[\"slides\"] is None and d[\"document\"] is None and d[\"pages\"] == []
"
'

test_expect_success 'stats --json is JSON with the counts' '
        expect_code 0 ds stats --json >out.json &&
        py out.json "
assert d[\"events\"] == 3 and d[\"talks\"] == 8 and d[\"pages\"] == 57, d
assert d[\"failed_files\"] == 0
"
'

test_done
