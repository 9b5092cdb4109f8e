#!/usr/bin/env python3
"""Rasterise a PDF into an image-only PDF: every page becomes one grey
picture of itself (pdftoppm at DPI), at the page's own size, with no text
layer.  This is what a deck "exported as images" or a scanned handout is.

    rasterise_pdf.py IN.pdf OUT.pdf [--dpi 150] [--pages N]

Needs pdftoppm (poppler-utils); the PDF is written here with zlib only.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import zlib


def read_pgm(path):
    with open(path, 'rb') as f:
        data = f.read()
    # P5 header: magic, width, height, maxval, each after white space
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b'P5' or int(fields[3]) != 255:
        raise ValueError(f'{path}: not an 8-bit PGM')
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def write_pdf(out, pages, dpi):
    """pages: (width, height, grey bytes) each; a page is the image at dpi."""
    objs = []  # bodies, object number = index + 1

    def add(body):
        objs.append(body)
        return len(objs)

    kids = []
    pages_no = 2  # reserved below
    add(b'<< /Type /Catalog /Pages 2 0 R >>')
    add(b'')  # the page tree, filled in at the end
    for w, h, px in pages:
        z = zlib.compress(px, 9)
        img = add(b'<< /Type /XObject /Subtype /Image /Width %d /Height %d '
                  b'/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode '
                  b'/Length %d >>\nstream\n' % (w, h, len(z)) + z + b'\nendstream')
        wpt, hpt = w * 72.0 / dpi, h * 72.0 / dpi
        draw = b'q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q' % (wpt, hpt)
        content = add(b'<< /Length %d >>\nstream\n' % len(draw) + draw + b'\nendstream')
        kids.append(add(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] '
                        b'/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>'
                        % (wpt, hpt, img, content)))
    objs[pages_no - 1] = (b'<< /Type /Pages /Count %d /Kids [' % len(kids) +
                          b' '.join(b'%d 0 R' % k for k in kids) + b'] >>')
    buf = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(len(buf))
        buf += b'%d 0 obj\n' % (i + 1) + body + b'\nendobj\n'
    xref = len(buf)
    buf += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for off in offsets:
        buf += b'%010d 00000 n \n' % off
    buf += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    tmp = out + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(buf)
    os.replace(tmp, out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('src')
    ap.add_argument('out')
    ap.add_argument('--dpi', type=int, default=150)
    ap.add_argument('--pages', type=int, default=0, help='only the first N pages')
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ['pdftoppm', '-gray', '-r', str(a.dpi)]
        if a.pages:
            cmd += ['-l', str(a.pages)]
        subprocess.run(cmd + [a.src, os.path.join(tmp, 'p')], check=True)
        files = sorted(glob.glob(os.path.join(tmp, 'p-*.pgm')),
                       key=lambda p: int(p.rsplit('-', 1)[1].split('.')[0]))
        if not files:
            sys.exit(f'rasterise_pdf: {a.src}: no pages')
        write_pdf(a.out, [read_pgm(p) for p in files], a.dpi)


if __name__ == '__main__':
    main()
