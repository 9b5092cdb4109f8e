#!/usr/bin/env python3
"""make-hostile-archive.py - an archive whose text would drive a terminal:
a copy of one fixture event whose titles, speaker, abstract, tags, venue
and event name carry escape sequences (window title, clear screen,
colour), C1 controls and bidi overrides, plus a deck whose file name
carries them too and that is no PDF (so ingest names it in an error).
hostile-text.sh ingests it and checks that none of it reaches a person
raw, and that --json keeps every byte.

usage: make-hostile-archive.py FIXTURES DIR
  writes DIR/archive and DIR/titles.txt (the two hostile titles, one a line,
  as JSON strings)
"""
import json
import os
import shutil
import sys

ESC, BEL = "\x1b", "\x07"
TITLE_SEQ = ESC + "]0;owned" + BEL  # set the window title
CLEAR = ESC + "[2J"  # clear the screen
RLO = "\u202e"  # right-to-left override
CSI = "\u009b"  # C1 control sequence introducer

fixtures, out = sys.argv[1], sys.argv[2]
ev = os.path.join(out, "archive", "2020-01-doxlon")
shutil.copytree(os.path.join(fixtures, "archive", "2020-01-doxlon"), ev)
p = os.path.join(ev, "event.json")
e = json.load(open(p))
e["name"] = "DevOps " + CSI + "2J Exchange"
e["venues"] = ["Worldpay " + ESC + "[5mHQ"]
t0, t1 = e["talks"][0], e["talks"][1]
t0["title"] = "Hostile " + TITLE_SEQ + "SRE" + CLEAR + " title"
t0["speakers"][0]["name"] = "Mark " + RLO + "pooNK"
t0["abstract"] += " " + ESC + "[31mred" + ESC + "[0m\rovertyped"
t0["tags"] = ["sre" + ESC + "[8m", "slo"]
t1["title"] = "Hostile " + ESC + "[31mDelivery" + BEL
# a deck that cannot be read, its name an escape sequence
bad = "evil" + TITLE_SEQ + CLEAR + RLO + "fdp.pdf"
with open(os.path.join(ev, bad), "wb") as f:
    f.write(b"this is no PDF\n")
e["talks"].append({"title": "Hostile deck", "speakers": [{"name": "Eve"}], "slides": bad})
json.dump(e, open(p, "w"))
with open(os.path.join(out, "titles.txt"), "w") as f:
    for t in (t0["title"], t1["title"]):
        f.write(json.dumps(t) + "\n")
