#!/usr/bin/env python3
"""make_long_pdf.py OUT PAGES PAGE WORD: a PDF of PAGES pages, each saying
"Page N of the long deck", page PAGE also saying WORD.  For the ingest
tests at scale (tests/ingest/badscale.sh): one text object per page,
Helvetica, no compression, so the file is small and quick to write."""

import sys


def long_pdf(pages, marked, word):
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for i in range(pages):
        page, content = 4 + 2 * i, 5 + 2 * i
        extra = b" " + word if i + 1 == marked else b""
        text = b"BT /F1 24 Tf 72 300 Td (Page %d of the long deck%s) Tj ET" % (i + 1, extra)
        objs[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
        objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 405] "
                      b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(b"%d 0 R" % page)
    objs[2] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, b" ".join(kids))
    out = bytearray(b"%PDF-1.4\n")
    offs = {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (k, objs[k])
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        out += b"%010d 00000 n \n" % offs[k]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: make_long_pdf.py OUT PAGES PAGE WORD")
    out, pages, marked, word = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(out, "wb") as f:
        f.write(long_pdf(pages, marked, word.encode("ascii")))


if __name__ == "__main__":
    main()
