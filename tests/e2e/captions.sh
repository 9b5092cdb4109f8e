#!/usr/bin/env bash
# captions.sh - captions from all four sources (sidecar .vtt, sidecar .srt,
# mov_text in an MP4, SubRip in an MKV) are searchable with the time the
# phrase was said, through the real binary on fixtures/captions.  Phrases
# and times: fixtures/captions/README.md (scripts/make-caption-fixtures).

# the caption corpus of the unit tests (tests/captions)
CAPTIONS=$(cd "$(dirname "$0")/../captions" && pwd) || exit 2
. "$(dirname "$0")/lib.sh" "$@"

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3 || true)

# hit_at FILE TALK START LANG: the first result is TALK with a captions hit
# that starts within 0.5 s of START, in language LANG ("-" for none).
hit_at() {
        "$PYTHON" - "$@" <<'PY'
import json, sys
path, talk, start, lang = sys.argv[1:5]
d = json.load(open(path, encoding="utf-8"))
r = d["results"][0]
assert r["id"] == talk, r["id"]
hits = [h for h in r["hits"] if h["field"] == "captions"]
assert hits, r["hits"]
h = hits[0]
assert set(h) == {"field", "start_s", "end_s", "lang", "snippet"}, sorted(h)
assert abs(h["start_s"] - float(start)) <= 0.5, (h["start_s"], start)
assert h["end_s"] >= h["start_s"], h
assert h["lang"] == (None if lang == "-" else lang), h["lang"]
assert "[" in h["snippet"], h["snippet"]
PY
}

test_expect_success 'ingest reads the sidecars and the embedded subtitles' '
        ds ingest --no-align "$FIXTURES/captions" >out 2>err &&
        summary_of out >summary &&
        grep -q "4 talks in 1 event: 4 added" summary &&
        grep -q "6 files read" summary &&
        no_sanitizer_report err
'

test_expect_success 'sidecar WebVTT: the phrase at 4.0 s, language from the name' '
        ds --json "quorum latency" >out &&
        hit_at out 2024-02-captions_vtt-talk 4.0 en
'

test_expect_success 'sidecar SubRip: the phrase at 6.5 s' '
        ds --json "canary rollback" >out &&
        hit_at out 2024-02-captions_srt-talk 6.5 -
'

test_expect_success 'mov_text in an MP4: the phrase at 3.0 s' '
        ds --json "blameless postmortem" >out &&
        hit_at out 2024-02-captions_movtext-talk 3.0 eng
'

test_expect_success 'SubRip in an MKV: the phrase at 7.25 s' '
        ds --json "toil reduction" >out &&
        hit_at out 2024-02-captions_subrip-talk 7.25 fra
'

test_expect_success 'a second subtitle stream keeps its own language' '
        ds --json "pager rotation" >out &&
        hit_at out 2024-02-captions_subrip-talk 10.0 eng
'

test_expect_success 'a caption hit says when: at m:ss' '
        ds "canary rollback" >out &&
        grep -qx "   at 0:06: Then the \[canary rollback\] kicked in" out
'

test_expect_success 'captions: searches captions only' '
        ds --json captions:quorum >out &&
        hit_at out 2024-02-captions_vtt-talk 4.0 en &&
        expect_code 1 ds captions:vtt
'

test_expect_success 'has:captions lists the four talks' '
        ds --json has:captions >out &&
        "$PYTHON" -c "import json,sys; d=json.load(open(\"out\")); assert d[\"total\"] == 4, d[\"total\"]"
'

test_expect_success 'show --transcript prints the cues with their times' '
        ds show --transcript vtt-talk >out &&
        printf "%s\n" "[en]" "   0:00  Welcome to the caption test talk" \
                "   0:04  We measured quorum latency under load" >expect &&
        test_cmp expect out &&
        ds show --transcript --json subrip-talk >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); c=d[\"cues\"]; assert [(x[\"start_s\"], x[\"lang\"]) for x in c] == [(10.0, \"eng\"), (2.0, \"fra\"), (7.25, \"fra\")], c"
'

test_expect_success 'a second ingest changes nothing' '
        ds ingest --no-align "$FIXTURES/captions" >out 2>err &&
        grep -q "4 unchanged" out
'

test_expect_success 'a changed caption file is re-read and its old text leaves the index' '
        cp -r "$FIXTURES/captions" copy &&
        ds ingest --no-align copy >/dev/null 2>&1 &&
        sed -i "s/quorum latency/consensus delay/" copy/2024-02-captions/vtt-talk.en.vtt &&
        touch -d "2030-01-01" copy/2024-02-captions/vtt-talk.en.vtt &&
        ds ingest --no-align copy >out 2>err &&
        grep -q "1 updated" out &&
        ds --json "consensus delay" >out &&
        hit_at out 2024-02-captions_vtt-talk 4.0 en &&
        expect_code 1 ds "quorum latency"
'

test_expect_success 'event.json names a caption file with its language' '
        mkdir -p man/2024-03-man &&
        cp "$FIXTURES/captions/2024-02-captions/srt-talk.mp4" man/2024-03-man/talk.mp4 &&
        cp "$FIXTURES/captions/2024-02-captions/srt-talk.srt" man/2024-03-man/german-subs.srt &&
        printf "%s" "{\"talks\": [{\"title\": \"Manifest captions\", \"video\": \"talk.mp4\"," \
                "\"captions\": [{\"file\": \"german-subs.srt\", \"lang\": \"de\"}]}]}" \
                >man/2024-03-man/event.json &&
        ds ingest --no-align man >out 2>err &&
        ds --json "canary rollback" event:2024-03-man >out &&
        hit_at out 2024-03-man_talk 6.5 de &&
        sed -i "s/\"de\"/\"nl\"/" man/2024-03-man/event.json &&
        touch -d "2030-01-01" man/2024-03-man/event.json &&
        ds ingest --no-align man >out 2>err &&
        grep -q "1 updated" out &&
        ds --json "canary rollback" lang:nl >out &&
        hit_at out 2024-03-man_talk 6.5 nl &&
        expect_code 1 ds "canary rollback" lang:de
'

test_expect_success 'lang: keeps talks with captions in that language' '
        ds --json lang:en >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); assert sorted(r[\"id\"] for r in d[\"results\"]) == [\"2024-02-captions_movtext-talk\", \"2024-02-captions_subrip-talk\", \"2024-02-captions_vtt-talk\"], d" &&
        ds --json lang:fra toil >out &&
        hit_at out 2024-02-captions_subrip-talk 7.25 fra &&
        expect_code 1 ds lang:de toil &&
        expect_code 2 ds "lang:e!n" toil
'

test_expect_success 'lang: takes two- and three-letter codes alike (en = eng, fr = fre = fra)' '
        ids="import json,sys; print(*[r[\"id\"] for r in json.load(sys.stdin)[\"results\"]])" &&
        ds --json lang:eng | "$PYTHON" -c "$ids" >eng &&
        ds --json lang:EN | "$PYTHON" -c "$ids" >en &&
        test_cmp eng en && test -s en &&
        ds --json "pager rotation" lang:en >out &&
        hit_at out 2024-02-captions_subrip-talk 10.0 eng &&
        ds --json toil lang:fre >out &&
        hit_at out 2024-02-captions_subrip-talk 7.25 fra &&
        ds --json "consensus delay" lang:eng >out &&
        hit_at out 2024-02-captions_vtt-talk 4.0 en
'

test_expect_success 'a chapter title is found with its start' '
        "$DOXSEARCH" --db arch.db ingest --no-align "$FIXTURES/archive" >/dev/null 2>&1 &&
        "$DOXSEARCH" --db arch.db --json "chapter:\"first 100 days\"" >out &&
        "$PYTHON" -c "
import json
d = json.load(open(\"out\"))
r = d[\"results\"][0]
assert r[\"id\"] == \"2020-01-doxlon_100-days-of-sre\", r[\"id\"]
h = [h for h in r[\"hits\"] if h[\"field\"] == \"chapters\"]
assert h and abs(h[0][\"start_s\"] - 60) <= 0.5, r[\"hits\"]
assert h[0][\"snippet\"] == \"The [first 100 days]\", h[0][\"snippet\"]
" &&
        "$DOXSEARCH" --db arch.db "chapter:lessons" >out &&
        grep -qx "   chapter at 4:00: \[Lessons\]" out
'

test_expect_success 'stats counts the cues and the talks with captions' '
        "$DOXSEARCH" --db st.db ingest --no-align "$FIXTURES/captions" >/dev/null 2>&1 &&
        "$DOXSEARCH" --db st.db stats >out &&
        grep -qx "talks       4 (4 with a recording, 0 with slides, 4 with captions)" out &&
        "$DOXSEARCH" --db st.db stats --json >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); assert d[\"captioned_talks\"] == 4 and d[\"cues\"] >= 7, d"
'

test_expect_success 'a caption file of no talk is named in a warning; the rest is indexed' '
        mkdir -p orphan/2024-05-orphan &&
        cp "$FIXTURES/captions/2024-02-captions/srt-talk.mp4" orphan/2024-05-orphan/talk.mp4 &&
        cp "$FIXTURES/captions/2024-02-captions/srt-talk.srt" orphan/2024-05-orphan/talk.de.srt &&
        cp "$FIXTURES/captions/2024-02-captions/srt-talk.srt" orphan/2024-05-orphan/other.srt &&
        "$DOXSEARCH" --db orphan.db ingest --no-align orphan >out 2>err &&
        grep -q "warning: .*2024-05-orphan/other.srt: caption file of no talk" err &&
        test "$(grep -c . err)" = 1 &&
        "$DOXSEARCH" --db orphan.db --json "canary rollback" >out &&
        hit_at out 2024-05-orphan_talk 6.5 de
'

test_expect_success 'a cue over 4 KiB is cut with a warning; UTF-16 without a BOM is read' '
        E=hostile/2024-06-hostile &&
        mkdir -p $E &&
        cp "$FIXTURES/captions/2024-02-captions/srt-talk.mp4" $E/long.mp4 &&
        cp "$FIXTURES/captions/2024-02-captions/srt-talk.mp4" $E/wide.mp4 &&
        cp "$CAPTIONS/long-cue.srt" $E/long.srt &&
        cp "$CAPTIONS/utf16le-nobom.srt" $E/wide.srt &&
        expect_code 0 "$DOXSEARCH" --db hostile.db ingest --no-align hostile >out 2>err &&
        cat >expect <<-EOF &&
	doxsearch: warning: $E/long.srt: the cue at 00:01:05.500 is over 4 KiB: cut
	doxsearch: warning: $E/wide.srt: read as UTF-16
	EOF
        sort err >actual &&
        test_cmp expect actual &&
        "$DOXSEARCH" --db hostile.db --json "\"byte order mark\"" >out &&
        hit_at out 2024-06-hostile_wide 1.0 - &&
        "$DOXSEARCH" --db hostile.db --json "\"short again\"" >out &&
        hit_at out 2024-06-hostile_long 70.0 -
'

test_done
