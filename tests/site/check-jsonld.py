#!/usr/bin/env python3
"""check-jsonld.py - the structured data of the static site's talk pages:
each talk page has one <script type="application/ld+json"> whose text holds
no '<', '>' or '&' (so no title can end the element) and parses as JSON; a
page with a player (data-dx-player) describes a schema.org VideoObject or
AudioObject with the properties search engines require (name, description,
thumbnailUrl, uploadDate, duration as ISO 8601, contentUrl) and hasPart
Clips that each have a name, startOffset < endOffset (seconds) and a url to
the page at #t=startOffset.  Each TEXT given must be the value of some
string in the data (archive text carried as text).  Prints what is wrong and
exits 1.

usage: check-jsonld.py SITE [TEXT ...]
"""
import glob
import json
import os
import re
import sys

import html5lib

site, texts = sys.argv[1], sys.argv[2:]
bad = []
strings = set()


def walk(v):
    if isinstance(v, dict):
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
    elif isinstance(v, str):
        strings.add(v)


def check_media(rel, page, o):
    for k in ("name", "description", "thumbnailUrl", "uploadDate", "duration", "contentUrl"):
        if not isinstance(o.get(k), str) or not o[k]:
            bad.append(f"{rel}: {o['@type']} has no {k}")
    if not re.match(r"^PT(\d+H)?(\d+M)?\d+S$", o.get("duration", "")):
        bad.append(f"{rel}: duration {o.get('duration')!r} is not ISO 8601")
    for i, c in enumerate(o.get("hasPart", [])):
        ok = (c.get("@type") == "Clip" and isinstance(c.get("name"), str) and c["name"]
              and isinstance(c.get("startOffset"), int) and isinstance(c.get("endOffset"), int)
              and c["startOffset"] < c["endOffset"]
              and c.get("url", "").endswith(f"{page}#t={c['startOffset']}"))
        if not ok:
            bad.append(f"{rel}: clip {i} {c!r}")


pages = glob.glob(os.path.join(site, "talks", "*.html"))
for path in pages:
    rel = os.path.relpath(path, site)
    doc = html5lib.parse(open(path, encoding="utf-8").read(), namespaceHTMLElements=False)
    blocks = [s.text or "" for s in doc.iter("script") if s.get("type") == "application/ld+json"]
    if len(blocks) != 1:
        bad.append(f"{rel}: {len(blocks)} JSON-LD blocks")
        continue
    if re.search(r"[<>&\u2028\u2029]", blocks[0]):
        bad.append(f"{rel}: JSON-LD holds a raw '<', '>', '&', U+2028 or U+2029")
    try:
        o = json.loads(blocks[0])
    except ValueError as e:
        bad.append(f"{rel}: JSON-LD does not parse: {e}")
        continue
    walk(o)
    player = any(e.get("data-dx-player") is not None for e in doc.iter())
    if o.get("@context") != "https://schema.org":
        bad.append(f"{rel}: @context {o.get('@context')!r}")
    if player:
        if o.get("@type") not in ("VideoObject", "AudioObject"):
            bad.append(f"{rel}: has a player, and JSON-LD of type {o.get('@type')!r}")
        else:
            check_media(rel, os.path.basename(path), o)
    elif o.get("@type") not in ("Event", "VideoObject", "AudioObject"):
        bad.append(f"{rel}: JSON-LD of type {o.get('@type')!r}")
for t in texts:
    if t not in strings:
        bad.append(f"no JSON-LD string is {t!r}")
if not pages:
    bad.append("no talk page")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
