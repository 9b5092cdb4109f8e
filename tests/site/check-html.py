#!/usr/bin/env python3
"""check-html.py - the static site's pages are sound HTML5: each parses with
html5lib's strict parser (no parse error), has a lang, a title and one h1,
no id twice, an alt on every image, and links inside the site that lead to
a file that is there (anchors #slide-N included; #t=SECONDS only to a page
with a player); feed.xml is well-formed
Atom.  Prints what is wrong and exits 1.

usage: check-html.py SITE
"""
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import html5lib

site = sys.argv[1]
bad = []
ids = {}
links = []
players = set()
for dirpath, _, files in os.walk(site):
    for f in files:
        if not f.endswith(".html"):
            continue
        path = os.path.join(dirpath, f)
        rel = os.path.relpath(path, site)
        text = open(path, encoding="utf-8").read()
        try:
            doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
        except html5lib.html5parser.ParseError as e:
            bad.append(f"{rel}: not valid HTML5: {e}")
            continue
        if not text.startswith("<!DOCTYPE html>"):
            bad.append(f"{rel}: no <!DOCTYPE html>")
        if doc.get("lang") is None:
            bad.append(f"{rel}: <html> has no lang")
        if doc.find(".//title") is None or not (doc.find(".//title").text or "").strip():
            bad.append(f"{rel}: no <title>")
        if len(doc.findall(".//h1")) != 1:
            bad.append(f"{rel}: {len(doc.findall('.//h1'))} h1 elements")
        seen = set()
        for el in doc.iter():
            i = el.get("id")
            if i is not None:
                if i in seen:
                    bad.append(f"{rel}: id {i!r} twice")
                seen.add(i)
            if el.get("data-dx-player") is not None:
                players.add(rel)
            if el.tag == "img" and el.get("alt") is None:
                bad.append(f"{rel}: <img src={el.get('src')!r}> has no alt")
            if el.tag in ("a", "link", "script", "img", "track"):
                u = el.get("href") or el.get("src")
                if u and not re.match(r"^[a-z]+:", u):
                    links.append((rel, u))
        ids[rel] = seen
for rel, u in links:
    target, _, frag = u.partition("#")
    path = os.path.normpath(os.path.join(os.path.dirname(rel), urllib.parse.unquote(target))) if target else rel
    if path.startswith(".."):
        bad.append(f"{rel}: link {u!r} leaves the site")
    elif not os.path.isfile(os.path.join(site, path)):
        bad.append(f"{rel}: link {u!r}: no file {path}")
    elif frag and re.match(r"^t=\d+(\.\d+)?$", frag):
        if path not in players:
            bad.append(f"{rel}: link {u!r}: a moment of {path}, which has no player")
    elif frag and path.endswith(".html") and frag not in ids.get(path, set()) and frag != "main":
        bad.append(f"{rel}: link {u!r}: no id {frag!r} in {path}")
try:
    feed = ET.parse(os.path.join(site, "feed.xml")).getroot()
    if feed.tag != "{http://www.w3.org/2005/Atom}feed":
        bad.append("feed.xml: not an Atom feed")
except ET.ParseError as e:
    bad.append(f"feed.xml: not well-formed: {e}")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
