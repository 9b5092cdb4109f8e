#!/usr/bin/env bash
# timeline.sh - slides on the timeline through the real binary: ingest
# aligns a talk's recording with its slides (fixtures/align/full-frame.mp4
# shows "100 days of SRE" at the times in full-frame.truth), a slide hit
# says when the page was on screen, `show --timeline` lists the slides in
# the order they were shown, the exported site links each slide to those
# moments, a recording that never shows its slides is said to be one, an
# unchanged talk is not aligned again, a changed recording or deck is, and
# --force aligns every talk again.
. "$(dirname "$0")/lib.sh" "$@"

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3 || true)
DB=$PWD/tl.db
ds() {
        "$DOXSEARCH" --db "$DB" "$@"
}

test_expect_success 'ingest puts the slides on the timeline' '
        mkdir -p arch/2024-09-align &&
        cp "$FIXTURES/align/full-frame.mp4" arch/2024-09-align/sre.mp4 &&
        cp "$FIXTURES/archive/2020-01-doxlon/100-days-of-sre.pdf" arch/2024-09-align/sre.pdf &&
        cp "$FIXTURES/align/camera-only.mp4" arch/2024-09-align/camera.mp4 &&
        cp "$FIXTURES/archive/2020-01-doxlon/100-days-of-sre.pdf" arch/2024-09-align/camera.pdf &&
        ds ingest -v arch >out 2>err &&
        grep -qx "2024-09-align/sre.mp4: slides put on the timeline" err &&
        grep -qx "2024-09-align/camera.mp4: the recording never shows its slides" err &&
        no_sanitizer_report err
'

test_expect_success 'a slide hit says when the page was on screen (human view)' '
        ds "change freezes" >out &&
        grep -q "^   slide 2 (0:04): .*\[Change freezes\]" out
'

test_expect_success 'a slide hit carries start_s and every stretch on screen (JSON)' '
        ds --json "change freezes" >out &&
        "$PYTHON" - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	r = [x for x in d["results"] if x["id"] == "2024-09-align_sre"][0]
	h = r["hits"][0]
	assert h["field"] == "slides" and h["page"] == 2, h
	assert abs(h["start_s"] - 4.0) <= 0.5, h
	# full-frame.truth: page 2 at 4.0-6.5, 51.5-59.0, ...
	want = [(4.0, 6.5), (51.5, 59.0)]
	for a, b in want:
	    assert any(abs(x - a) <= 0.5 and abs(y - b) <= 0.5 for x, y in h["on_screen"]), (a, b, h)
	PY
'

test_expect_success 'show --timeline lists the slides in the order shown' '
        ds show --timeline 2024-09-align_sre >out &&
        grep -Eq "^ +0:29-0:3[45] +slide 9 +Blameless postmortems$" out &&
        test "$(grep -c "slide " out)" -ge 25 &&
        ds show --timeline --json 2024-09-align_sre >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); assert d[\"status\"] == \"shown\" and d[\"spans\"][0][\"page\"] == 1, d"
'

test_expect_success 'export site links each slide to the moments it was on screen' '
        ds export site --media-url https://media.example.org/ site >out 2>err &&
        grep -q "<a class=\"play\" href=\"#t=4\">" site/talks/2024-09-align_sre.html &&
        grep -q "<video data-dx-player [^>]*src=\"https://media.example.org/2024-09-align/sre.mp4\"" site/talks/2024-09-align_sre.html &&
        grep -q "#t=51.5\">0:51</a>" site/talks/2024-09-align_sre.html &&
        ! grep -q "class=\"play\"" site/talks/2024-09-align_camera.html
'

test_expect_success 'a recording that never shows its slides is said to be one' '
        expect_code 1 ds show --timeline 2024-09-align_camera 2>err &&
        grep -q "camera: the recording never shows its slides" err &&
        ds --json "change freezes" >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); r=[x for x in d[\"results\"] if x[\"id\"].endswith(\"camera\")][0]; assert all(\"on_screen\" not in h for h in r[\"hits\"]), r"
'

test_expect_success 'an unchanged talk is not aligned again; a changed recording is' '
        ds ingest -v arch >out 2>err &&
        ! grep -q "timeline\|never shows" err &&
        cp "$FIXTURES/align/camera-only.mp4" arch/2024-09-align/sre.mp4 &&
        ds ingest -v arch >out 2>err &&
        grep -qx "2024-09-align/sre.mp4: the recording never shows its slides" err &&
        expect_code 1 ds show --timeline 2024-09-align_sre 2>err &&
        ds --json "change freezes" >out &&
        ! grep -q on_screen out
'

test_expect_success 'a deck with new content is aligned again, and only its talk' '
        printf "%% a comment after the end\n" >>arch/2024-09-align/camera.pdf &&
        ds ingest -v arch >out 2>err &&
        grep -qx "2024-09-align/camera.mp4: the recording never shows its slides" err &&
        ! grep -q "sre.mp4: " err
'

test_expect_success '--force aligns every talk again' '
        ds ingest -v --force arch >out 2>err &&
        grep -qx "2024-09-align/camera.mp4: the recording never shows its slides" err &&
        grep -qx "2024-09-align/sre.mp4: the recording never shows its slides" err
'

test_expect_success '--no-align makes no timeline' '
        "$DOXSEARCH" --db "$PWD/no.db" ingest --no-align arch >out 2>err &&
        expect_code 1 "$DOXSEARCH" --db "$PWD/no.db" show --timeline 2024-09-align_camera 2>err &&
        grep -q "no timeline" err
'

test_done
