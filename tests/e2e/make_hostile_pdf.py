#!/usr/bin/env python3
"""make_hostile_pdf.py - small PDFs costly or awkward to read, for the tests.

    make_hostile_pdf.py bomb OUT [--mib N] [--pages P]
        P pages (default 1) whose content stream is compressed twice with
        Flate: N MiB (default 64) of text-drawing operators in a file of a
        few kilobytes.  Reading its text takes time and memory that grow
        with N (poppler: about 3 s and 100 MB for 1 MiB).
    make_hostile_pdf.py pages OUT [--count N]
        N pages (default 20000), each with one short line of text, sharing
        one content stream: a valid PDF over the page cap.
    make_hostile_pdf.py meta OUT --damage KIND
        4 pages of text ("page one" .. "page four") whose document
        metadata (the XMP stream, the /Info dictionary) is damaged in one
        way; poppler reads the 4 pages of each.
    make_hostile_pdf.py meta-kinds
        the KINDs of damage, one a line.

Only the Python standard library is used; the output is the same on every
run.
"""

import argparse
import sys
import zlib


def pdf(objects, root=1, trailer=b""):
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
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer,
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


XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
    b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Metadata damaged</rdf:li>"
    b"</rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>\n"
    b'<?xpacket end="w"?>'
)

# KIND: (the catalog's /Metadata object or None, the /Info object or None,
# what else the catalog or the trailer says)
DAMAGE = {
    # the XMP stream
    "xmp-long": (b"<< /Type /Metadata /Subtype /XML /Length 999999 >>\nstream\n"
                 + XMP + b"\nendstream", None),
    "xmp-short": (b"<< /Type /Metadata /Subtype /XML /Length 10 >>\nstream\n"
                  + XMP + b"\nendstream", None),
    "xmp-no-length": (b"<< /Type /Metadata /Subtype /XML >>\nstream\n"
                      + XMP + b"\nendstream", None),
    "xmp-length-ref": (b"<< /Type /Metadata /Subtype /XML /Length 99 0 R >>\nstream\n"
                       + XMP + b"\nendstream", None),
    "xmp-no-endstream": (b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n"
                         % len(XMP) + XMP, None),
    "xmp-flate": (stream(b"x\x9c\xde\xad\xbe\xef" * 50,
                         b"/Type /Metadata /Subtype /XML /Filter /FlateDecode"), None),
    "xmp-unknown-filter": (stream(XMP, b"/Type /Metadata /Subtype /XML /Filter /NoSuchDecode"),
                           None),
    "xmp-truncated": (stream(XMP[: len(XMP) // 2], b"/Type /Metadata /Subtype /XML"), None),
    "xmp-utf8": (stream(XMP.replace(b"damaged", b"\xff\xfe\xc3\x28\xed\xa0\x80"),
                        b"/Type /Metadata /Subtype /XML"), None),
    "xmp-utf16": (stream(b"\xfe\xff" + XMP.decode().encode("utf-16-be")[:-1] + b"\xd8\x00",
                         b"/Type /Metadata /Subtype /XML"), None),
    "xmp-not-stream": (b"<< /Type /Metadata /Subtype /XML /Length 5 >>", None),
    "xmp-null": (b"null", None),
    "xmp-self": (b"2 0 R", None),
    # the document info
    "info-integer": (None, b"42"),
    "info-array": (None, b"[ (Title) (Author) ]"),
    "info-self": (None, b"3 0 R"),
    "info-stream": (None, stream(b"not a dictionary")),
    # an unbalanced "(" in the /Author: the string runs to the end of the file
    "info-strings": (None, b"<< /Title <FEFFD800> /Author (\xff\xfe\xc3\x28)"
                     b" /Subject <FEFF00> /Keywords 42 /Creator [1 2] >>"),
    "info-date": (None, b"<< /Title (Dates) /CreationDate (D:2024133299887766+99'99')"
                  b" /ModDate (D:) >>"),
    "info-date-type": (None, b"<< /Title (Dates) /CreationDate 20240312 >>"),
    "info-date-long": (None, b"<< /CreationDate (D:" + b"9" * 4000 + b") >>"),
    "info-huge": (None, b"<< /Title <FEFF" + b"0041" * 200000 + b"> >>"),
    "info-missing": (None, b"MISSING"),
    "xmp-length-huge": (b"<< /Type /Metadata /Subtype /XML /Length 99999999999 >>\nstream\n"
                        + XMP + b"\nendstream", None),
    "xmp-length-negative": (b"<< /Type /Metadata /Subtype /XML /Length -5 >>\nstream\n"
                            + XMP + b"\nendstream", None),
    "info-deep": (None, b"<< /Title (Deep) /Extra " + b"[" * 100000 + b"]" * 100000 + b" >>"),
    "info-subtype": (None, b"<< /Title (Sub) /GTS_PDFXVersion (PDF/X-\xff\xfe) /GTS_PDFA1Version"
                     b" 42 /GTS_PDFEVersion () /GTS_PDFUAVersion (PDF/UA-) /Trapped /Bad >>"),
    "info-direct": (None, b"DIRECT"),
    # metadata that is another object of the document
    "xmp-is-pages": (b"4 0 R", None),
    "info-is-pages": (None, b"4 0 R"),
    "info-is-catalog": (None, b"1 0 R"),
    # the XMP rewritten in place, longer, the offsets after it left stale
    "xmp-grown": (stream(XMP, b"/Type /Metadata /Subtype /XML"), None),
    "xmp-grown-stale-length": (stream(XMP, b"/Type /Metadata /Subtype /XML"), None),
}


def meta(kind):
    """4 pages whose metadata is damaged as KIND says."""
    xmp, info = DAMAGE[kind]
    first = 10
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(4))
    cat = b"<< /Type /Catalog /Pages 4 0 R"
    if xmp is not None:
        cat += b" /Metadata 2 0 R"
    trailer = b""
    if info == b"MISSING":
        trailer = b"/Info 99 0 R "
    elif info == b"DIRECT":
        trailer = b"/Info << /Title (Direct) /CreationDate (D:2024) >> "
    elif info is not None:
        trailer = b"/Info 3 0 R "
    objs = [
        cat + b" >>",
        xmp if xmp is not None else b"null",
        info if info not in (None, b"MISSING", b"DIRECT") else b"null",
        b"<< /Type /Pages /Kids [%s] /Count 4 >>" % kids,
        FONT,
    ]
    for word in (b"one", b"two", b"three", b"four"):
        objs.append(stream(b"BT /F1 24 Tf 72 700 Td (page %s) Tj ET" % word))
    for i in range(4):
        objs.append(
            b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 5 0 R >> >> /Contents %d 0 R >>" % (6 + i)
        )
    data = pdf(objs, trailer=trailer)
    if kind.startswith("xmp-grown"):
        pad = b"<!-- " + b"x" * 300 + b" trailer << /Size 1 >> 9 0 obj endobj -->"
        at = data.index(b'<?xpacket end')
        data = data[:at] + pad + data[at:]
        if kind == "xmp-grown":
            old = b"/Length %d " % len(XMP)
            data = data.replace(old, b"/Length %d " % (len(XMP) + len(pad)), 1)
    return data


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
    m = sub.add_parser("meta", help="4 pages with damaged metadata")
    m.add_argument("out")
    m.add_argument("--damage", required=True, choices=sorted(DAMAGE))
    m.add_argument("--junk", type=int, default=0,
                   help="bytes of junk before the %%PDF header (as some mail and web tools leave)")
    sub.add_parser("meta-kinds", help="list the kinds of damage of meta")
    a = ap.parse_args(argv)
    if a.kind == "meta-kinds":
        print("\n".join(sorted(DAMAGE)))
        return 0
    if a.kind == "bomb":
        data = bomb(a.mib, a.pages)
    elif a.kind == "meta":
        data = b"J" * a.junk + meta(a.damage)
    else:
        data = many_pages(a.count)
    with open(a.out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
