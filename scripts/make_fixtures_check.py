#!/usr/bin/env python3
"""make_fixtures_check.py - scripts/make-fixtures' last step: checks that the
fixtures it made say what the tests rely on (PDF pages and texts,
truncation points, the broken manifest).
Usage (from scripts/make-fixtures): make_fixtures_check.py FIXTURES TMP"""
import ctypes
import glob
import os
import re
import struct
import subprocess
import sys

FX, TMP = sys.argv[1], sys.argv[2]
A = os.path.join(FX, "archive")
BAD = os.path.join(FX, "bad")
fail = []


def pages_of(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_text(path, n):
    return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", path, "-"],
                          capture_output=True, text=True, check=True).stdout


expected_pages = {
    "archive/2020-01-doxlon/100-days-of-sre.pdf": 10,
    "archive/2020-01-doxlon/continuous-delivery-at-spotify.pdf": 12,
    "archive/2016-03-doxlon/docker-in-production.pdf": 8,
    "archive/2016-03-doxlon/monitoring-microservices.pdf": 6,
    "archive/2023-06-15-doxlon/platform-engineering.pdf": 9,
    "archive/2023-06-15-doxlon/gitops-in-practice.pdf": 7,
    "archive/2023-06-15-doxlon/finops-lightning.pdf": 5,
    "bad/archive/2021-05-bad/good-talk.pdf": 3,
    "bad/archive/2021-05-bad/image-only.pdf": 2,
    "bad/broken-manifest/2021-06-broken/talk.pdf": 3,
    "bad/escape/2021-07-escape/safe.pdf": 2,
}
text = {}  # (relpath, page) -> lower-cased text
for rel, want in expected_pages.items():
    path = os.path.join(FX, rel)
    got = pages_of(path)
    if got != want:
        fail.append("%s: %d pages, want %d" % (rel, got, want))
        continue
    for n in range(1, got + 1):
        text[(rel, n)] = page_text(path, n).lower()

for n in (1, 2):
    if text.get(("bad/archive/2021-05-bad/image-only.pdf", n), "x").strip():
        fail.append("image-only.pdf page %d has text" % n)

# phrase -> {relpath: [pages]} exactly, over every text PDF in fixtures/
expect = {
    "tingle": {"archive/2020-01-doxlon/continuous-delivery-at-spotify.pdf": [6]},
    "backstage": {"archive/2020-01-doxlon/continuous-delivery-at-spotify.pdf": [9]},
    "survivor": {"bad/archive/2021-05-bad/good-talk.pdf": [2]},
    "resilient": {"bad/broken-manifest/2021-06-broken/talk.pdf": [2]},
    "error budget": {"archive/2020-01-doxlon/100-days-of-sre.pdf": [2, 5, 6, 9, 10]},
    "continuous delivery": {
        "archive/2020-01-doxlon/continuous-delivery-at-spotify.pdf": [1, 2, 4, 7, 10, 12],
        "archive/2016-03-doxlon/docker-in-production.pdf": [7],
        "archive/2023-06-15-doxlon/gitops-in-practice.pdf": [7],
    },
}
for phrase, want in expect.items():
    got = {}
    for (rel, n), t in sorted(text.items()):
        if phrase in t:
            got.setdefault(rel, []).append(n)
    if got != want:
        fail.append("%r found on %s, want %s" % (phrase, got, want))

# Tingle / backstage must not appear anywhere else in fixtures/ either.
for path in glob.glob(os.path.join(FX, "**", "*"), recursive=True):
    if os.path.isfile(path) and not os.path.islink(path) and not path.endswith((".pdf", "README.md")):
        data = open(path, "rb").read().lower()
        for word in (b"tingle", b"backstage", b"survivor", b"resilient"):
            if word in data:
                fail.append("%s contains %r" % (path, word))


def top_boxes(path):
    data = open(path, "rb").read()
    boxes, off = [], 0
    while off + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[off:off + 8])
        if size == 1:
            size = struct.unpack(">Q", data[off + 8:off + 16])[0]
        boxes.append((kind.decode(), off, size))
        if size < 8:
            break
        off += size
    return boxes, len(data)


for full, cut_name, pct, faststart in (
        ("truncated-full.mp4", "truncated.mp4", 60, False),
        ("truncated-faststart-full.mp4", "truncated-faststart.mp4", 50, True)):
    boxes, size = top_boxes(os.path.join(TMP, full))
    cut = os.path.getsize(os.path.join(BAD, "archive", "2021-05-bad", cut_name))
    if cut != size * pct // 100:
        fail.append("%s: size %d, want %d" % (cut_name, cut, size * pct // 100))
    moov = [b for b in boxes if b[0] == "moov"][0]
    mdat = [b for b in boxes if b[0] == "mdat"][0]
    if faststart and not (moov[1] + moov[2] <= cut and moov[1] < mdat[1] < cut):
        fail.append("%s: moov %s mdat %s cut %d" % (cut_name, moov, mdat, cut))
    if not faststart and not (mdat[1] < moov[1] and moov[1] >= cut):
        fail.append("%s: moov %s mdat %s cut %d" % (cut_name, moov, mdat, cut))

# Where jansson reports the broken manifest's syntax error (if installed).
try:
    lib = ctypes.CDLL("libjansson.so.4")
except OSError:
    lib = None
if lib:
    class JsonError(ctypes.Structure):
        _fields_ = [("line", ctypes.c_int), ("column", ctypes.c_int), ("position", ctypes.c_int),
                    ("source", ctypes.c_char * 80), ("text", ctypes.c_char * 160)]
    lib.json_loads.restype = ctypes.c_void_p
    lib.json_loads.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(JsonError)]
    err = JsonError()
    data = open(os.path.join(BAD, "broken-manifest", "2021-06-broken", "event.json"), "rb").read()
    if lib.json_loads(data, 0, ctypes.byref(err)):
        fail.append("broken-manifest event.json parsed without error")
    elif (err.line, err.column, err.position, err.text) != (4, 10, 83, b"'}' expected near '\"venues\"'"):
        fail.append("jansson error moved: line %d column %d position %d: %s"
                    % (err.line, err.column, err.position, err.text.decode()))
    for ev in ("archive/2020-01-doxlon", "archive/2016-03-doxlon", "bad/escape/2021-07-escape"):
        data = open(os.path.join(FX, ev, "event.json"), "rb").read()
        if not lib.json_loads(data, 0, ctypes.byref(err)):
            fail.append("%s/event.json: %s" % (ev, err.text.decode()))
else:
    print("make-fixtures: libjansson.so.4 not found, broken manifest position not checked", file=sys.stderr)

if fail:
    print("make-fixtures: self-check failed:\n  " + "\n  ".join(fail), file=sys.stderr)
    sys.exit(1)
