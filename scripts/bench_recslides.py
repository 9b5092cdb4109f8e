#!/usr/bin/python3
"""Scoring and recordings for scripts/bench-recslides (slides read from a
recording that has no deck).

  bench_recslides.py score TRUTH OUTPUT
      word recall and precision of rec_slides' OUTPUT (tests/recslides/
      rec_slides.c) against the text layer of the pages TRUTH (a
      make-align-matrix truth) says were shown: every page shown counts
      once, as does every slide read; words are runs of letters and digits,
      lower case, two characters or more.  Prints one TSV line:
      name frames still noise slides pages_shown truth_words read_words
      matched recall precision duration cpu.
  bench_recslides.py long OUT DECK SECONDS
      a recording of SECONDS seconds made as make-align-matrix's
      "conference" condition (1280x720, 30 fps, 2 s GOP, the slide at 60 %
      beside a speaker camera), but paced like a talk: 20-120 s a slide,
      now and then a look back; prints the truth's path.
"""
import collections
import os
import random
import re
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_align_matrix as mam  # noqa: E402

WORD = re.compile(r"[^\W_]{2,}", re.UNICODE)


def words(text):
    return collections.Counter(w.lower() for w in WORD.findall(text))


def page_text(pdf, page):
    return subprocess.run(["pdftotext", "-q", "-f", str(page), "-l", str(page), "-layout", pdf,
                           "-"], check=True, capture_output=True, text=True).stdout


def read_truth(path):
    video = slides = None
    spans = []
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.split()
            if parts[0] == "video":
                video = parts[1]
            elif parts[0] == "slides":
                slides = parts[1]
            elif len(parts) == 3:
                spans.append((float(parts[0]), float(parts[1]), int(parts[2])))
    return video, slides, spans


def score(truth_path, output_path):
    base = os.path.dirname(truth_path)
    _, slides, spans = read_truth(truth_path)
    other = any(line.startswith("# the recording shows") for line in open(truth_path))
    shown = sorted({p for _, _, p in spans if p > 0}) if not other else []
    truth = collections.Counter()
    for p in shown:
        truth += words(page_text(os.path.join(base, slides), p))
    read = collections.Counter()
    stats = {}
    nslides = 0
    with open(output_path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "stats":
                for kv in parts[1:]:
                    k, v = kv.split(" ", 1)
                    stats[k] = float(v)
            elif parts[0].isdigit() and len(parts) == 4:
                nslides += 1
                read += words(parts[3].replace(" / ", "\n"))
    matched = sum((truth & read).values())
    nt, nr = sum(truth.values()), sum(read.values())
    print("\t".join(str(x) for x in (
        os.path.basename(truth_path)[:-6], int(stats.get("frames", 0)),
        int(stats.get("still", 0)), int(stats.get("noise", 0)), nslides, len(shown), nt, nr,
        matched, "%.4f" % (matched / nt if nt else 1), "%.4f" % (matched / nr if nr else 1),
        "%.1f" % stats.get("duration", 0), "%.2f" % stats.get("cpu", 0))))
    return 0


def talk_walk(rng, npages, duration, gaps=False, revisits=False):
    """A talk's pace: 20-120 s a slide, in order, one look back in ten."""
    spans, t, page = [], 0.0, 1
    while t < duration - 1e-9:
        d = min(rng.randint(40, 240) / 2.0, duration - t)
        if page > npages:
            page = 1
        p = page
        if page > 3 and rng.random() < 0.1:
            p = page - rng.randint(1, 2)
        else:
            page += 1
        if spans and spans[-1][2] == p:
            spans[-1] = (spans[-1][0], t + d, p)
        else:
            spans.append((t, t + d, p))
        t += d
    return spans


def long_recording(out, deck, seconds):
    c = mam.CONDITIONS["conference"]
    mam.CONDITIONS["talk%d" % seconds] = c._replace(
        what="the conference layout paced like a talk", seconds=seconds)
    mam.walk = talk_walk
    os.makedirs(out, exist_ok=True)
    cache = os.path.join(out, "pages")
    os.makedirs(cache, exist_ok=True)
    print(mam.record(out, deck, "talk%d" % seconds, [deck], cache))
    return 0


def main(argv):
    if len(argv) == 3 and argv[0] == "score":
        return score(argv[1], argv[2])
    if len(argv) == 4 and argv[0] == "long" and argv[3].isdigit():
        random.seed(0)
        return long_recording(argv[1], argv[2], int(argv[3]))
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
