#!/usr/bin/env python3
"""make-xss-archive.py - an archive whose talks carry markup: a copy of one
fixture event whose titles, speaker, abstract, tags and venue are HTML and
script payloads, and an event in a folder named like a script URL
(javascript:alert('x')/talk.mp4, which --media-url '' would make a link of)
whose three speakers have names of 400 characters that differ only at the end
or only in case (a page per speaker whose name must be cut to fit a file
name, and the cut names of the two that make one slug must differ).  The site
test and the browser test export it and check that every payload shows as
text, every link is http(s) or relative, and nothing runs.

usage: make-xss-archive.py FIXTURES DIR   (writes DIR/archive)
"""
import json
import os
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

js = out + "/archive/javascript:alert('x')"
os.makedirs(js)
shutil.copy(fixtures + "/archive/2016-03-doxlon/chaos-engineering.mp4", js + "/talk.mp4")
long_name = ("Maximilian Müller-Lüdenscheidt " * 14)[:396]
json.dump({"name": "Hostile paths", "date": "2021-05-05",
           "talks": [{"title": "Watch me", "video": "talk.mp4",
                      "speakers": [{"name": long_name + " One"}, {"name": long_name + " Two"},
                                   {"name": (long_name + " One").upper()}]}]},
          open(js + "/event.json", "w"))
