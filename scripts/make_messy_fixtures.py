#!/usr/bin/python3
"""Build fixtures/messy/: an archive as it really arrives, for the tests of
pairing by content, metadata from the files and `doxsearch report`.

    scripts/make_messy_fixtures.py FIXTURES_DIR

Called by scripts/make-fixtures after the other fixtures exist: its
recordings are copies of fixtures/align and fixtures/archive ones under the
names cameras and meeting tools give (git stores a copy once), its decks are
written here in a standard font or are fixture decks whose document info a presentation
program filled with placeholders (an incremental update, as editors save).

2024-03-kubernetes-night/ (no event.json)
  IMG_2041.MOV        shows "k8s operators FINAL v3.pdf" (align/scaled-offset.mp4)
  GMT20240312-183012_Recording_640x360.mp4   camera only (align/camera-only.mp4)
  k8s operators FINAL v3.pdf   Info: "PowerPoint Presentation",
                      "Microsoft Office User"; its title page says the title,
                      the speaker and his role and company
  observability.pdf   meaningful Info (Anna Müller), no recording
2024-04-cloud-night/
  event.json          a slides path with a typo (sre-error-budget.pdf), a
                      schedule length of 45 min for a 3 min recording, the
                      speakers spelled Slava Kalymykov and Anna Mueller
  sre-talk.mp4        (archive/2016-03-doxlon/chaos-engineering.mp4)
  sre-error-budgets.pdf   Info title "Slide 1"; the title page's largest
                      text is the title, "by Anna Mueller" under it
  observability (copy).pdf   the same bytes as the other event's deck
"""
import json
import os
import re
import shutil
import sys

FX = sys.argv[1]
OUT = os.path.join(FX, "messy")
EV1 = os.path.join(OUT, "2024-03-kubernetes-night")
EV2 = os.path.join(OUT, "2024-04-cloud-night")
W, H = 720, 405


def pdf_string(s):
    """A PDF text string: UTF-16BE with a BOM when not ASCII."""
    if all(ord(c) < 128 for c in s):
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


def replace_info(src, dst, info):
    """Copy src to dst with an incremental update whose trailer points at a
    new document information dictionary (what an editor's save does)."""
    data = open(src, "rb").read()
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1].decode()
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    body = "\n%d 0 obj\n<< %s >>\nendobj\n" % (
        size, " ".join("/%s %s" % (k, pdf_string(v)) for k, v in info.items()))
    off = len(data) + 1
    xref = len(data) + len(body)
    tail = "xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (size, off)
    tail += "trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1, root, size, prev, xref)
    with open(dst, "wb") as f:
        f.write(data + body.encode() + tail.encode())


def pdf_text(s):
    """A string in a content stream, in the font's WinAnsi encoding."""
    b = s.replace("\u2022", "-").encode("cp1252")
    return "(" + "".join(chr(c) if 32 <= c < 127 and c not in b"()\\" else "\\%03o" % c
                         for c in b) + ")"


def deck(path, info, title_lines, pages):
    """A deck in Helvetica (a standard font: nothing embedded): a title page
    (lines with their font sizes) and pages of bullets."""
    streams = []
    ops, y = [], 260
    for text, size in title_lines:
        ops.append("BT /F1 %d Tf 60 %d Td %s Tj ET" % (size, y, pdf_text(text)))
        y -= int(size * 1.8)
    streams.append("\n".join(ops))
    for title, bullets in pages:
        ops = ["BT /F1 26 Tf 40 345 Td %s Tj ET" % pdf_text(title)]
        for i, b in enumerate(bullets):
            ops.append("BT /F1 17 Tf 40 %d Td %s Tj ET" % (285 - 36 * i, pdf_text("\u2022 " + b)))
        streams.append("\n".join(ops))
    n = len(streams)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [%s] /Count %d >>" % (
                " ".join("%d 0 R" % (5 + 2 * i) for i in range(n)), n),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< %s >>" % " ".join("/%s %s" % (k, pdf_string(v)) for k, v in info.items())]
    for i, st in enumerate(streams):
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font "
                    "<< /F1 3 0 R >> >> /Contents %d 0 R >>" % (W, H, 6 + 2 * i))
        objs.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(st.encode("latin-1")) + 0, st))
    out, offs = "%PDF-1.4\n", []
    for i, o in enumerate(objs, start=1):
        offs.append(len(out.encode("latin-1")))
        out += "%d 0 obj\n%s\nendobj\n" % (i, o)
    xref = len(out.encode("latin-1"))
    out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += "".join("%010d 00000 n \n" % o for o in offs)
    out += "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    with open(path, "wb") as f:
        f.write(out.encode("latin-1"))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(EV1)
    os.makedirs(EV2)
    shutil.copyfile(os.path.join(FX, "align", "scaled-offset.mp4"), os.path.join(EV1, "IMG_2041.MOV"))
    shutil.copyfile(os.path.join(FX, "align", "camera-only.mp4"),
                    os.path.join(EV1, "GMT20240312-183012_Recording_640x360.mp4"))
    replace_info(os.path.join(FX, "archive", "2020-01-doxlon", "continuous-delivery-at-spotify.pdf"),
                 os.path.join(EV1, "k8s operators FINAL v3.pdf"),
                 {"Title": "PowerPoint Presentation", "Author": "Microsoft Office User",
                  "CreationDate": "D:20240301120000Z"})
    date = "D:20240301120000Z"
    deck(os.path.join(EV1, "observability.pdf"),
         {"Title": "Observability on a Budget", "Author": "Anna M\u00fcller",
          "CreationDate": date},
         [("Observability on a Budget", 30), ("Anna M\u00fcller", 18)],
         [("Why budgets", ["Metrics cost money", "Logs cost more", "Traces cost the most",
                           "Sample what matters"])])
    shutil.copyfile(os.path.join(FX, "archive", "2016-03-doxlon", "chaos-engineering.mp4"),
                    os.path.join(EV2, "sre-talk.mp4"))
    deck(os.path.join(EV2, "sre-error-budgets.pdf"),
         {"Title": "Slide 1", "CreationDate": date},
         [("SRE Error Budgets in Practice", 30), ("by Anna Mueller", 18),
          ("Cloud Night, April 2024", 14)],
         [("Budgets", ["An SLO of 99.9%", "43 minutes a month", "Spend it on releases",
                       "Freeze when it is gone"])])
    shutil.copyfile(os.path.join(EV1, "observability.pdf"), os.path.join(EV2, "observability (copy).pdf"))
    manifest = {
        "name": "Cloud Night - April 2024",
        "date": "2024-04-18",
        "talks": [{
            "title": "Error Budgets for Humans",
            "speakers": [{"name": "Slava Kalymykov", "company": "Spotify"},
                         {"name": "Anna Mueller"}],
            "video": "sre-talk.mp4",
            "slides": "sre-error-budget.pdf",
            "length": 45,
        }],
    }
    with open(os.path.join(EV2, "event.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")


main()
