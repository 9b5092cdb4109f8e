#!/usr/bin/env bash
# messy.sh - an archive as it arrives (fixtures/messy, made by
# scripts/make_messy_fixtures.py): recordings named by cameras and meeting
# tools, decks whose document info is a placeholder, a manifest with a typo,
# a copied file, one speaker spelled two ways.  Through the real binary: the
# recording that shows a deck is paired with it by content and says so;
# titles and speakers come from what the decks say, each with its source;
# `report` lists what to fix (exit 1); `manifest` writes drafts that give
# the same talks when ingested again.
. "$(dirname "$0")/lib.sh" "$@"

# align draws decks whose fonts are not embedded through fontconfig
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(dirname "$0")/lsan-fontconfig.supp"

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3 || true)
M=2024-03-kubernetes-night
C=2024-04-cloud-night

# talks FIELD...: one line per talk of list --json, the fields asked for
talks() {
        ds list --json >"$TMP/list.json" &&
                "$PYTHON" - "$TMP/list.json" "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for t in sorted(d["talks"], key=lambda t: t["id"]):
    row = [t["id"]]
    for f in sys.argv[2:]:
        if f == "speakers":
            row.append("; ".join("%s/%s/%s" % (s["name"], s["role"], s["company"]) for s in t["speakers"]))
        elif f.startswith("src."):
            row.append(str(t["sources"][f[4:]]))
        else:
            row.append(str(t.get(f)))
    print(" | ".join(row))
PY
}

if [ -z "$PYTHON" ]; then
        test_skip "no python3 to read JSON with"
        test_done
fi

test_expect_success 'a dry run pairs by content as the real run will, says so, exits 1, writes nothing' '
        cp -R "$FIXTURES/messy" messy &&
        DOXSEARCH_DB="$TMP/dry.db" expect_code 1 "$DOXSEARCH" ingest -n messy >"$TMP/out" 2>"$TMP/err" &&
        no_sanitizer_report "$TMP/err" &&
        ! test -e "$TMP/dry.db" &&
        grep -E -x "messy/$M/IMG_2041\.MOV: paired by content: IMG_2041\.MOV shows k8s operators FINAL v3\.pdf \(confidence 0\.[89][0-9]\)" "$TMP/err" &&
        grep -F -x "doxsearch: messy/$C/sre-error-budget.pdf: cannot read: No such file or directory (did you mean $C/sre-error-budgets.pdf?)" "$TMP/err" &&
        grep -F -x "dry run: 6 to add, 0 to update, 0 to move, 0 to remove, 0 unchanged; 7 files read, 1 failed" "$TMP/out" &&
        ! grep -q "k8s-operators" "$TMP/out"
'

test_expect_success 'setup: ingest the messy archive; the content pairing is told' '
        expect_code 1 ds ingest -q messy >"$TMP/out" 2>"$TMP/err" &&
        no_sanitizer_report "$TMP/err" &&
        grep -E -x "messy/$M/IMG_2041\.MOV: paired by content: IMG_2041\.MOV shows k8s operators FINAL v3\.pdf \(confidence 0\.[89][0-9]\)" "$TMP/err" &&
        grep -F -x "doxsearch: messy/$C/sre-error-budget.pdf: cannot read: No such file or directory (did you mean $C/sre-error-budgets.pdf?)" "$TMP/err"
'

test_expect_success 'pairings: by content, none for a camera-only recording, none stolen' '
        talks video slides paired_by >"$TMP/actual" &&
        cat >"$TMP/expect" <<-EOF &&
	${M}_gmt20240312-183012-recording-640x360 | $M/GMT20240312-183012_Recording_640x360.mp4 | None | None
	${M}_img-2041 | $M/IMG_2041.MOV | $M/k8s operators FINAL v3.pdf | content
	${M}_observability | None | $M/observability.pdf | None
	${C}_observability-copy | None | $C/observability (copy).pdf | None
	${C}_sre-error-budgets | None | $C/sre-error-budgets.pdf | None
	${C}_sre-talk | $C/sre-talk.mp4 | None | None
	EOF
        test_cmp "$TMP/expect" "$TMP/actual"
'

test_expect_success 'titles, speakers and dates from what the files say, with their sources' '
        talks title src.title speakers src.speakers src.date >"$TMP/actual" &&
        cat >"$TMP/expect" <<-EOF &&
	${M}_gmt20240312-183012-recording-640x360 | GMT20240312 183012 Recording 640x360 | file-name |  | None | file-name
	${M}_img-2041 | Continuous Delivery at Spotify | title-page | Slava Kalmykov/Senior Software Engineer/Spotify | title-page | deck-info
	${M}_observability | Observability on a Budget | deck-info | Anna Müller/None/None | deck-info | deck-info
	${C}_observability-copy | Observability on a Budget | deck-info | Anna Müller/None/None | deck-info | manifest
	${C}_sre-error-budgets | SRE Error Budgets in Practice | title-page | Anna Mueller/None/None | title-page | manifest
	${C}_sre-talk | Error Budgets for Humans | manifest | Slava Kalymykov/None/Spotify; Anna Mueller/None/None | manifest | manifest
	EOF
        test_cmp "$TMP/expect" "$TMP/actual" &&
        ds show --json ${M}_gmt20240312-183012-recording-640x360 >"$TMP/gmt.json" &&
        ds show --json ${M}_img-2041 >"$TMP/img.json" &&
        "$PYTHON" -c "
import json, sys
assert json.load(open(sys.argv[1]))[\"date\"] == \"2024-03-12\"
assert json.load(open(sys.argv[2]))[\"date\"] == \"2024-03-01\"
" "$TMP/gmt.json" "$TMP/img.json"
'

test_expect_success 'show --json says how a talk was paired and with what confidence' '
        ds show --json ${M}_img-2041 >"$TMP/show.json" &&
        "$PYTHON" -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d[\"paired_by\"] == \"content\", d[\"paired_by\"]
assert 0.7 <= d[\"pair_confidence\"] <= 1, d[\"pair_confidence\"]
assert d[\"sources\"] == {\"title\": \"title-page\", \"speakers\": \"title-page\", \"date\": \"deck-info\"}, d[\"sources\"]
" "$TMP/show.json"
'

test_expect_success 'show says what was guessed and from what' '
        ds show ${M}_img-2041 >"$TMP/show" &&
        grep -E -x "paired     by content \(confidence 0\.[89][0-9]\)" "$TMP/show" &&
        grep -F -x "inferred   title from the deck'"'"'s title page, speakers from the deck'"'"'s title page, date from the deck'"'"'s document info" "$TMP/show" &&
        ds show ${C}_sre-talk >"$TMP/show" &&
        ! grep -q "^paired\|^inferred" "$TMP/show"
'

test_expect_success 'report --json: every kind the archive has, exit 1' '
        expect_code 1 ds report --json >"$TMP/report.json" &&
        "$PYTHON" - "$TMP/report.json" >"$TMP/actual" <<-PY &&
	import json, sys
	d = json.load(open(sys.argv[1], encoding="utf-8"))
	assert set(d) == {"problems", "counts"}, d.keys()
	for p in d["problems"]:
	    assert set(p) == {"kind", "talk", "file", "message", "suggestion"}, p
	    print("%s | %s | %s | %s" % (p["kind"], p["talk"], p["file"], p["suggestion"] if p["kind"] == "dangling" else ""))
	assert sum(d["counts"].values()) == len(d["problems"])
	assert d["counts"]["failed"] == 0 and d["counts"]["not-shown"] == 0, d["counts"]
	PY
        cat >"$TMP/expect" <<-EOF &&
	no-slides | ${M}_gmt20240312-183012-recording-640x360 | $M/GMT20240312-183012_Recording_640x360.mp4 | 
	no-slides | ${C}_sre-talk | $C/sre-talk.mp4 | 
	no-recording | ${M}_observability | $M/observability.pdf | 
	no-recording | ${C}_observability-copy | $C/observability (copy).pdf | 
	no-recording | ${C}_sre-error-budgets | $C/sre-error-budgets.pdf | 
	untitled | ${M}_gmt20240312-183012-recording-640x360 | $M/GMT20240312-183012_Recording_640x360.mp4 | 
	no-speaker | ${M}_gmt20240312-183012-recording-640x360 | $M/GMT20240312-183012_Recording_640x360.mp4 | 
	name-variants | ${C}_sre-error-budgets | None | 
	name-variants | ${C}_sre-talk | None | 
	duplicate | ${C}_observability-copy | $C/observability (copy).pdf | 
	dangling | ${C}_sre-talk | $C/event.json | did you mean $C/sre-error-budgets.pdf?
	length-mismatch | ${C}_sre-talk | $C/sre-talk.mp4 | 
	EOF
        test_cmp "$TMP/expect" "$TMP/actual"
'

test_expect_success 'report: the human output groups by kind; DIR limits it to its events' '
        expect_code 1 ds report >"$TMP/out" &&
        grep -F -x "one speaker written two ways (2, name-variants)" "$TMP/out" &&
        grep -F "\"Slava Kalmykov\" (${M}_img-2041) and \"Slava Kalymykov\" (${C}_sre-talk) may be one person spelled two ways" "$TMP/out" &&
        grep -F "\"Anna Müller\" (${M}_observability) and \"Anna Mueller\" (${C}_sre-error-budgets)" "$TMP/out" &&
        grep -F -x "12 things to fix" "$TMP/out" &&
        expect_code 1 ds report --json messy/$M >"$TMP/one.json" &&
        "$PYTHON" -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert all(p[\"talk\"] is None or p[\"talk\"].startswith(\"$M\") for p in d[\"problems\"]), d
assert d[\"counts\"][\"dangling\"] == 0 and d[\"counts\"][\"no-slides\"] == 1, d[\"counts\"]
" "$TMP/one.json" &&
        expect_code 2 ds report nowhere 2>"$TMP/err" >/dev/null &&
        grep -F "doxsearch: nowhere: not in the index (ingest it first)" "$TMP/err"
'

test_expect_success 'export site --report: the page lists what report lists, linked from the site' '
        expect_code 0 ds export site -q --report site 2>/dev/null &&
        test "$(grep -c "^<li>" site/report.html)" = 12 &&
        grep -F "<h2>manifest entries that point nowhere <span class=\"meta\">(1, dangling)</span></h2>" site/report.html &&
        grep -F "did you mean $C/sre-error-budgets.pdf?" site/report.html &&
        grep -F "[<a href=\"talks/${C}_sre-talk.html\">${C}_sre-talk</a>]" site/report.html &&
        grep -F "<a href=\"report.html\">Report</a>" site/index.html
'

test_expect_success 'manifest: drafts for the folders without one, the existing one kept' '
        expect_code 1 ds manifest messy >"$TMP/out" &&
        cat >"$TMP/expect" <<-EOF &&
	wrote messy/$M/event.json (3 talks)
	kept messy/$C/event.json: it exists (--force writes the draft over it)
	EOF
        test_cmp "$TMP/expect" "$TMP/out" &&
        expect_code 1 ds manifest messy >"$TMP/out" &&
        grep -F -x "kept messy/$M/event.json: it exists (--force writes the draft over it)" "$TMP/out"
'

test_expect_success 'ingesting with the draft gives the same talks, now from the manifest; a file name is no title' '
        ! grep -q "GMT20240312 183012" messy/$M/event.json &&
        talks title video slides speakers date >"$TMP/before" &&
        expect_code 1 ds ingest -q messy >/dev/null 2>"$TMP/err" &&
        no_sanitizer_report "$TMP/err" &&
        talks title video slides speakers date >"$TMP/after" &&
        test_cmp "$TMP/before" "$TMP/after" &&
        talks src.title paired_by >"$TMP/actual" &&
        grep -F -x "${M}_img-2041 | manifest | manifest" "$TMP/actual" &&
        ! grep -q "paired by content" "$TMP/err" &&
        grep -F -x "${M}_gmt20240312-183012-recording-640x360 | file-name | None" "$TMP/actual" &&
        expect_code 1 ds report >"$TMP/report" &&
        grep -F -x "talks without a title of their own (1, untitled)" "$TMP/report"
'

test_done
