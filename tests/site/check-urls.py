#!/usr/bin/env python3
"""check-urls.py - no URL the static site writes can run a script: every
href, src and action of its pages, every link of feed.xml and every URL of
the search index (search/t/*.json) is http(s) or a relative reference that
a browser does not read as having a scheme.  URLs are read as a browser
reads them (entities decoded, leading and trailing spaces and control
characters dropped, tabs and newlines removed).  Prints what is wrong and
exits 1.

usage: check-urls.py SITE
"""
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

site = sys.argv[1]
bad = []
count = 0


def check(where, u):
    global count
    count += 1
    v = re.sub(r"[\t\n\r]", "", u.strip("".join(chr(c) for c in range(0x21))))
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", v)
    if m and m.group(1).lower() not in ("http", "https"):
        bad.append(f"{where}: {u!r} has the scheme {m.group(1)!r}")


class Page(HTMLParser):
    def __init__(self, rel):
        super().__init__(convert_charrefs=True)
        self.rel = rel

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src", "action", "poster", "formaction") and v is not None:
                check(f"{self.rel}: <{tag} {k}>", v)


for dirpath, _, files in os.walk(site):
    for f in files:
        if f.endswith(".html"):
            path = os.path.join(dirpath, f)
            Page(os.path.relpath(path, site)).feed(open(path, encoding="utf-8").read())
for link in ET.parse(os.path.join(site, "feed.xml")).getroot().iter("{http://www.w3.org/2005/Atom}link"):
    check("feed.xml: <link>", link.get("href", ""))
for path in glob.glob(os.path.join(site, "search/t/*.json")):
    d = json.load(open(path, encoding="utf-8"))
    for k in ("url", "thumbs", "text"):
        if d.get(k) is not None:
            check(f"{os.path.relpath(path, site)}: {k}", d[k])
for b in bad:
    print(b)
if not count:
    print("no URL found")
sys.exit(1 if bad or not count else 0)
