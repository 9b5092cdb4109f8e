#!/usr/bin/env bash
# recslides.sh - slides read from a recording that came without a deck,
# through the real binary: fixtures/align/full-frame.mp4 shows "100 days of
# SRE" (pages at the times in full-frame.truth), and the archive has no
# deck for it, so "certificate renewals" (page 7's words) exists only in
# the video's pixels.  Ingest reads the slides; a search finds the words
# with the slide's page, when it was first on screen and every stretch it
# was (from_recording); show --json counts the slides, show --timeline
# lists them; a camera-only recording yields none; an unchanged recording
# is not read again; a deck added later takes their place; --ocr never
# reads no recording, nor does --no-align.
. "$(dirname "$0")/lib.sh" "$@"

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3 || true)
DB=$PWD/rs.db
ds() {
        "$DOXSEARCH" --db "$DB" "$@"
}

test_expect_success 'ingest reads the slides of a recording with no deck' '
        mkdir -p arch/2024-10-nodeck &&
        cp "$FIXTURES/align/full-frame.mp4" arch/2024-10-nodeck/sre.mp4 &&
        cp "$FIXTURES/align/camera-only.mp4" arch/2024-10-nodeck/camera.mp4 &&
        ds ingest -v arch >out 2>err &&
        grep -Eqx "2024-10-nodeck/sre.mp4: no deck: (9|10|11) slides read from the recording" err &&
        grep -qx "2024-10-nodeck/camera.mp4: no deck, and no slide could be read from the recording" err &&
        no_sanitizer_report err
'

test_expect_success 'a word only in the pixels is found, with the slide and its times (JSON)' '
        ds --json "certificate renewals" >out &&
        "$PYTHON" - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["total"] == 1, d
	r = d["results"][0]
	assert r["id"] == "2024-10-nodeck_sre" and r["slides"] is None, r
	h = r["hits"][0]
	assert h["field"] == "slides" and h["from_recording"] is True, h
	assert h["text_source"] == "ocr", h
	# full-frame.truth: page 7 ("Toil") at 22.0-25.0, 66.0-72.5, 103.5-106.0;
	# it is the seventh slide to appear
	assert h["page"] == 7, h
	assert abs(h["start_s"] - 22.0) <= 0.5, h
	for a, b in [(22.0, 25.0), (66.0, 72.5), (103.5, 106.0)]:
	    assert any(abs(x - a) <= 0.75 and abs(y - b) <= 0.75 for x, y in h["on_screen"]), (a, b, h)
	PY
'

test_expect_success 'a word only in the pixels is found (human view)' '
        ds "certificate renewals" >out &&
        grep -Eq "^   slide 7 \(0:2[23], read from the recording\): .*\[Certificate renewals\]" out
'

test_expect_success 'show --json counts the slides read from the recording' '
        ds show --json 2024-10-nodeck_sre >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); assert d[\"slides_from_recording\"] in (9, 10, 11), d" &&
        ds show --json 2024-10-nodeck_camera >out &&
        ! grep -q slides_from_recording out
'

test_expect_success 'show --timeline lists them in the order shown' '
        ds show --timeline 2024-10-nodeck_sre >out &&
        grep -qx "slides read from the recording (the talk has no deck):" out &&
        grep -Eq "^ +0:0[345]-0:0[567] +slide 2 +Why SRE at a payments company$" out &&
        grep -Eq "^ +0:2[12]-0:2[45] +slide 7 +Toil$" out &&
        ds show --timeline --json 2024-10-nodeck_sre >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); assert d[\"status\"] == \"shown\" and d[\"from_recording\"] and d[\"spans\"][0][\"page\"] == 1, d"
'

test_expect_success 'the site shows their frames, linked to the moments on screen' '
        ds export site --media-url https://media.example.org/ site >out 2>err &&
        page=site/talks/2024-10-nodeck_sre.html &&
        grep -q "these slides were read from the recording" $page &&
        grep -Eq "<a class=\"play\" href=\"#t=2[12](\.[0-9]+)?\"><img class=\"thumb\" src=\"../frames/[0-9a-f]+-[0-9a-f]+/7.png\"" $page &&
        test -s "$(ls site/frames/*/7.png)" &&
        grep -q "<video data-dx-player [^>]*src=\"https://media.example.org/2024-10-nodeck/sre.mp4\"" $page &&
        ! grep -q "class=\"thumb\"" site/talks/2024-10-nodeck_camera.html
'

test_expect_success 'a camera-only recording yields no slide' '
        expect_code 1 ds show --timeline 2024-10-nodeck_camera 2>err &&
        grep -q "camera: no deck, and no slides could be read from the recording" err
'

test_expect_success 'an unchanged recording is not read again' '
        ds ingest -v arch >out 2>err &&
        ! grep -q "read from the recording" err
'

test_expect_success 'a deck added later takes the place of the slides read' '
        cp "$FIXTURES/archive/2020-01-doxlon/100-days-of-sre.pdf" arch/2024-10-nodeck/sre.pdf &&
        ds ingest -v arch >out 2>err &&
        ds --json "certificate renewals" >out &&
        "$PYTHON" -c "import json; d=json.load(open(\"out\")); h=d[\"results\"][0][\"hits\"][0]; assert \"from_recording\" not in h and h[\"text_source\"] == \"pdf\", h" &&
        ds show --json 2024-10-nodeck_sre >out &&
        ! grep -q slides_from_recording out
'

test_expect_success '--ocr never and --no-align read no recording' '
        rm arch/2024-10-nodeck/sre.pdf &&
        "$DOXSEARCH" --db "$PWD/never.db" ingest --ocr never -v arch >out 2>err &&
        ! grep -q "read from the recording" err &&
        expect_code 1 "$DOXSEARCH" --db "$PWD/never.db" "certificate renewals" >out &&
        "$DOXSEARCH" --db "$PWD/noalign.db" ingest --no-align -v arch >out 2>err &&
        ! grep -q "read from the recording" err &&
        expect_code 1 "$DOXSEARCH" --db "$PWD/noalign.db" "certificate renewals" >out
'

test_done
