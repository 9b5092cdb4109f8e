#!/usr/bin/env bash
# boilerplate.sh - a line a deck repeats on many pages (the speaker's name
# and the event in a footer) is not what a page is about: the page where
# the query's other words stand comes first among the hits, and pages
# that match only in that line are shown once, not as slides 1, 2, 3.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh" "$@"

test_expect_success 'setup: a six-page deck with a footer on every page' '
        mkdir -p arch/2024-05-platform-day &&
        PYTHONPATH="$HERE" python3 - <<-\PY &&
	from make_hostile_pdf import pdf, stream, FONT
	bodies = ["Welcome to the talk", "Why we started", "Where we are",
	          "Kubernetes operators in production", "Lessons", "Questions"]
	objs, kids = [b"<< /Type /Catalog /Pages 2 0 R >>", None, FONT], []
	for body in bodies:
	    objs.append(stream(b"BT /F1 24 Tf 72 700 Td (%s) Tj ET\n"
	                       b"BT /F1 10 Tf 72 40 Td (Jane Doe - Platform Day 2024) Tj ET"
	                       % body.encode()))
	    objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources"
	                b" << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objs))
	    kids.append(len(objs))
	objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
	    b" ".join(b"%d 0 R" % k for k in kids), len(kids))
	open("arch/2024-05-platform-day/operators.pdf", "wb").write(pdf(objs))
	PY
        cat >arch/2024-05-platform-day/event.json <<-\JSON &&
	{"name": "Platform Day", "date": "2024-05-02", "talks": [{"title": "Operators",
	  "speakers": [{"name": "Jane Doe"}], "slides": "operators.pdf"}]}
	JSON
        expect_code 0 ds ingest --no-align -q arch
'

test_expect_success 'doe kubernetes: slide 4 first, then one footer page' '
        expect_code 0 ds search -- doe kubernetes >out &&
        grep -o "^   slide [0-9]*" out | sed "s/^ *//" >actual &&
        printf "slide 4\nslide 1\n" >expect &&
        test_cmp expect actual
'

test_expect_success 'doe: the footer alone, shown once' '
        expect_code 0 ds search -- doe >out &&
        grep -o "^   slide [0-9]*" out | sed "s/^ *//" >actual &&
        echo "slide 1" >expect &&
        test_cmp expect actual
'

test_expect_success 'production: the one page that says it' '
        expect_code 0 ds search -- production >out &&
        grep -o "^   slide [0-9]*" out | sed "s/^ *//" >actual &&
        echo "slide 4" >expect &&
        test_cmp expect actual
'

test_done
