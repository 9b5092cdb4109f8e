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
import subprocess
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
e["talks"][1]["abstract"] = ("</p><script>alert(3)</script> <a href=javascript:alert(5)>x</a>"
                            "\u2028\u2029</script><!--")
e["talks"][1]["tags"] = ['"><svg onload=alert(6)>']
json.dump(e, open(p, "w"))

# captions: entities that the SubRip reader decodes into markup, and "-->"
with open(ev + "/continuous-delivery-at-spotify.srt", "w") as f:
    f.write("1\n00:00:01,000 --> 00:00:04,000\n"
            "&lt;/script&gt;&lt;script&gt;alert(12)&lt;/script&gt; --> 00:00:09,000\n\n"
            "2\n00:00:05,000 --> 00:00:09,000\n&lt;img src=x onerror=alert(13)&gt; & \u2028 &amp;\n\n")
# chapter titles: the recording again with payloads as its chapters
meta = out + "/chapters.txt"
with open(meta, "w") as f:
    f.write(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=60000\n"
            "title=</script><script>alert(10)</script>\n"
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART=60000\nEND=300000\n"
            "title=<img src\\=x onerror\\=alert(11)>\n")
video = ev + "/100-days-of-sre.mp4"
subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", video, "-i", meta,
                "-map", "0:v", "-map", "0:a", "-map_metadata", "0", "-map_chapters", "1",
                "-c", "copy", video + ".mp4"], check=True)
os.replace(video + ".mp4", video)
os.remove(meta)

js = out + "/archive/javascript:alert('x')"
os.makedirs(js)
shutil.copy(fixtures + "/archive/2016-03-doxlon/chaos-engineering.mp4", js + "/talk.mp4")
long_name = ("Maximilian Müller-Lüdenscheidt " * 14)[:396]
json.dump({"name": "Hostile paths", "date": "2021-05-05",
           "talks": [{"title": "Watch me", "video": "talk.mp4",
                      "speakers": [{"name": long_name + " One"}, {"name": long_name + " Two"},
                                   {"name": (long_name + " One").upper()}]}]},
          open(js + "/event.json", "w"))
