#!/usr/bin/env python3
"""make_hostile_pdf.py - small PDFs that are costly to read, for the tests.

    make_hostile_pdf.py bomb OUT [--mib N] [--pages P]
        P pages (default 1) whose content stream is compressed twice with
        Flate: N MiB (default 64) of text-drawing operators in a file of a
        few kilobytes.  Reading its text takes time and memory that grow
        with N (poppler: about 3 s and 100 MB for 1 MiB).
    make_hostile_pdf.py pages OUT [--count N]
        N pages (default 20000), each with one short line of text, sharing
        one content stream: a valid PDF over the page cap.

Only the Python standard library is used; the output is the same on every
run.
"""

import argparse
import sys
import zlib


def pdf(objects, root=1):
    """A PDF file (bytes) of the numbered objects 1..n (bytes each)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def bomb(mib, pages):
    """Objects: catalog, pages, font, the shared content stream, then pages."""
    # one text object whose words each move a little: none overlaps the
    # last, so the text extractor keeps every one of them
    line = b"0.01 0.01 Td (bomb) Tj\n"
    body = b"BT /F1 1 Tf\n" + line * (mib * (1 << 20) // len(line) + 1) + b"ET\n"
    once = zlib.compress(body, 9)
    twice = zlib.compress(once, 9)
    first = 5
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        FONT,
        stream(twice, b"/Filter [/FlateDecode /FlateDecode]"),
    ]
    for _ in range(pages):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
    return pdf(objs)


def many_pages(count):
    content = b"BT /F1 24 Tf 72 700 Td (one of many pages) Tj ET"
    first = 5
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(count))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        FONT,
        stream(content),
    ]
    for _ in range(count):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
    return pdf(objs)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="kind", required=True)
    b = sub.add_parser("bomb", help="a doubly compressed content stream")
    b.add_argument("out")
    b.add_argument("--mib", type=int, default=64, help="MiB of operators once inflated")
    b.add_argument("--pages", type=int, default=1, help="pages drawing that stream")
    p = sub.add_parser("pages", help="a PDF of many pages")
    p.add_argument("out")
    p.add_argument("--count", type=int, default=20000, help="number of pages")
    a = ap.parse_args(argv)
    if a.kind == "bomb":
        data = bomb(a.mib, a.pages)
    else:
        data = many_pages(a.count)
    with open(a.out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
