#!/usr/bin/env python3
"""make-xss-archive.py - an archive whose talks carry markup: a copy of one
fixture event whose titles, speaker, abstract, tags and venue are HTML and
script payloads.  The site test and the browser test export it and check
that every payload shows as text and runs nothing.

usage: make-xss-archive.py FIXTURES DIR   (writes DIR/archive)
"""
import json
import shutil
import sys

fixtures, out = sys.argv[1], sys.argv[2]
ev = out + "/archive/2020-01-doxlon"
shutil.copytree(fixtures + "/archive/2020-01-doxlon", ev)
p = ev + "/event.json"
e = json.load(open(p))
e["venues"] = ["<iframe src=javascript:alert(4)>"]
e["talks"][0]["title"] = "<img src=x onerror=alert(1)>"
e["talks"][1]["title"] = '"><script>alert(1)</script>'
e["talks"][1]["speakers"][0]["name"] = "<b onmouseover=alert(2)>Eve</b> & Co"
e["talks"][1]["abstract"] = "</p><script>alert(3)</script> <a href=javascript:alert(5)>x</a>"
e["talks"][1]["tags"] = ['"><svg onload=alert(6)>']
json.dump(e, open(p, "w"))
