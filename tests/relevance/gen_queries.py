#!/usr/bin/env python3
"""gen_queries.py - relevance queries made mechanically from a generated archive.

Usage: gen_queries.py ARCHIVE [--seed S] [--per-kind N] > queries.tsv

ARCHIVE is an archive written by gen_archive.py (event folders with event.json
and the PDFs it names).  The queries are the kinds members type,
drawn at random (seeded) from the archive itself, never picked by hand:

  title          a talk's exact title, typed without quotes
  speaker        a speaker's full name
  title+surname  one word of a title and the speaker's surname
  inflected      two words of a title in another form (plural/singular,
                 -ing/-ed/-s), as a member would type them
  slide-run      3-5 consecutive words of one bullet, seen on one page of one
                 talk only (after folding word forms), typed without quotes
  slide-quoted   the same run in double quotes
  typo           a title word and the surname with one typo (5+ letters)
  typo2          a title word and the surname with two typos (8+ letters)
  topic          a 2-3 word topic phrase (from the talks' tags) that a few
                 talks (1-5) have in their title

Each line is KIND<TAB>QUERY<TAB>SLIDES... where SLIDES are the slide paths
(relative to ARCHIVE, as `doxsearch --json` prints them) of every talk that is
an equally right answer: every talk with that title, by that speaker, with
those title words (word forms folded by a light stemmer), titled with that
topic phrase.  Only the standard library and pdftotext are used.
"""
import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import unicodedata

KINDS = ["title", "speaker", "title+surname", "inflected", "slide-run", "slide-quoted",
         "typo", "typo2", "topic"]

# Words nobody types as the point of a query (short English stop list).
FUNCTION = set("""a about after all an and are as at be before but by can did do does
beyond between each every for from has have how if in into is it its more most next not
of on one only or our over so than that the their then there they this through to under
us was we were what when which who why will with without you your""".split())

FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "đ": "d"})


def fold(s):
    """Lower case without accents, as doxsearch compares words."""
    s = unicodedata.normalize("NFKD", s.translate(FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def words(s):
    """The words of s, folded; apostrophes join (O'Neill is one word)."""
    return re.findall(r"[^\W_]+", fold(s).replace("'", "").replace("\u2019", ""))


def stem(w):
    """A light English stemmer, to judge which talks are equally right: it
    folds plural/singular and -ing/-ed/-s forms (scale, scales, scaling, scaled)."""
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 4 and re.search(r"(ch|sh|x|ss)es$", w):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not re.search(r"(ss|us|is)$", w):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def stems(s):
    return [stem(w) for w in words(s)]


def inflect(w):
    """Another form of a lower-case word, or None for words a member would
    not inflect (adjectives and the like)."""
    if not w.isalpha() or len(w) < 4 or w in FUNCTION:
        return None
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ing") and len(w) > 5:
        return w[:-3] + "ed"
    if w.endswith("ed") and len(w) > 4:
        return w[:-2] + "ing"
    if re.search(r"(ch|sh|x)es$", w):
        return w[:-2]
    if w.endswith("s") and not re.search(r"(ss|us|is)$", w):
        return w[:-1]
    if re.search(r"(al|ous|less|ive|ble|ful|ic|ent|ant|ern|en|er|est|ly|ght)$", w):
        return None
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    if re.search(r"(ch|sh|x|ss)$", w):
        return w + "es"
    return w + "s"


def damerau(a, b):
    """Optimal string alignment distance."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            c = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def typo(rng, w):
    """One typing slip inside w (never its first letter)."""
    i = rng.randrange(1, len(w))
    k = rng.randrange(4)
    letter = rng.choice("abcdefghiklmnoprstuvwyz")
    if k == 0:                                   # a letter left out
        return w[:i] + w[i + 1:]
    if k == 1:                                   # a letter doubled or added
        return w[:i] + letter + w[i:]
    if k == 2 and i < len(w) - 1:                # two letters swapped
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return w[:i] + letter + w[i + 1:]            # a wrong letter


def pdf_pages(path):
    """The text of each page of a PDF (pdftotext, pages split at form feeds)."""
    out = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", path, "-"],
                         capture_output=True, check=False).stdout.decode("utf-8", "replace")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def load(archive):
    """Every talk of the archive: title, speakers, tags, abstract, pages."""
    talks = []
    for ev in sorted(os.listdir(archive)):
        man = os.path.join(archive, ev, "event.json")
        if not os.path.isfile(man):
            continue
        with open(man, encoding="utf-8") as f:
            event = json.load(f)
        for t in event.get("talks", []):
            if not t.get("slides"):
                continue
            slides = ev + "/" + t["slides"]
            names = [s["name"] for s in t.get("speakers", [])]
            talks.append({
                "slides": slides, "title": t["title"], "speakers": names,
                "surnames": [fold(n.split(" ", 1)[1]) if " " in n else fold(n) for n in names],
                "companies": [s.get("company") or "" for s in t.get("speakers", [])],
                "tags": t.get("tags", []), "abstract": t.get("abstract", ""),
                "pages": pdf_pages(os.path.join(archive, slides)),
                "tstems": stems(t["title"])})
    return talks


def has_seq(hay, needle):
    n = len(needle)
    return any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


class Gen:
    def __init__(self, talks, seed, per_kind):
        self.talks, self.seed, self.per_kind = talks, seed, per_kind
        self.rng = random.Random(seed)
        self.vocab = set()        # every folded word of the archive
        self.lower_seen = set()   # words written in lower case somewhere
        for t in talks:
            for text in t["pages"] + [t["title"], t["abstract"]] + t["speakers"]:
                # a file name (slides: some-title.pdf) is no sign of case
                for w in re.findall(r"[^\W_]+", re.sub(r"\S+\.pdf", "", text)):
                    if w.islower():
                        self.lower_seen.add(w)
                self.vocab.update(words(text))
        self.surnames = {s for t in talks for s in t["surnames"]}
        self.talks_with = {}      # folded word: number of talks that have it
        for t in talks:
            for w in set(words(" ".join(t["pages"]))):
                self.talks_with[w] = self.talks_with.get(w, 0) + 1

    def content_words(self, t):
        """Title words worth typing: no stop words, no numbers, no names."""
        skip = set(words(" ".join(t["speakers"] + t["companies"])))
        return [w for w in words(t["title"])
                if w.isalpha() and len(w) >= 3 and w not in FUNCTION and w not in skip]

    def titled(self, word_stems, surname=None):
        """Slides of the talks whose title has all these stems (and, if given,
        a speaker with this surname)."""
        return [t["slides"] for t in self.talks
                if all(s in t["tstems"] for s in word_stems)
                and (surname is None or surname in t["surnames"])]

    def sample(self, kind, make, tries=20):
        """Up to per_kind distinct queries of one kind, one try per talk drawn."""
        out, seen = [], set()
        order = self.talks[:]
        self.rng.shuffle(order)
        for t in order * tries:
            if len(out) >= self.per_kind:
                break
            q = make(t)
            if q and q[0] not in seen:
                seen.add(q[0])
                out.append((kind,) + q)
        return out

    def q_title(self, t):
        return t["title"], [u["slides"] for u in self.talks if fold(u["title"]) == fold(t["title"])]

    def q_speaker(self, t):
        name = self.rng.choice(t["speakers"])
        return name, [u["slides"] for u in self.talks if name in u["speakers"]]

    def q_title_surname(self, t):
        cw = self.content_words(t)
        if not cw:
            return None
        w, i = self.rng.choice(cw), self.rng.randrange(len(t["speakers"]))
        surname = t["speakers"][i].split(" ", 1)[-1]
        return f"{w} {surname}", self.titled([stem(w)], fold(surname))

    def q_inflected(self, t):
        cw = [w for w in self.content_words(t) if w in self.lower_seen]
        if len(cw) < 2:
            return None
        i, j = sorted(self.rng.sample(range(len(cw)), 2))
        pair = [cw[i], cw[j]]
        forms = [inflect(w) or w for w in pair]
        if forms == pair:
            return None
        right = self.titled([stem(w) for w in pair])
        if len(right) > 3 or any(stem(f) != stem(w) for f, w in zip(forms, pair)):
            return None
        return " ".join(forms), right

    def q_typo(self, t, edits):
        cw = self.content_words(t)
        i = self.rng.randrange(len(t["speakers"]))
        surname = t["surnames"][i]
        if not cw or not surname.isalpha() or len(surname) < (8 if edits == 2 else 5):
            return None
        bad = surname
        for _ in range(edits):
            bad = typo(self.rng, bad)
        d = damerau(bad, surname)
        if d != edits or bad in self.vocab:
            return None
        if any(damerau(bad, s) <= d for s in self.surnames if s != surname):
            return None
        w = self.rng.choice(cw)
        return f"{w} {bad}", self.titled([stem(w)], surname)

    def slide_runs(self):
        """Unquoted and quoted runs of 3-5 words of one bullet line that
        stand on one page of the archive only (also when line and page
        breaks are ignored), each word being in 3 talks or more."""
        # Which talks and pages have a run is asked of an FTS5 table with
        # doxsearch's tokenizer, so that words it stems alike ("one", "on")
        # count as the same, and a run split over two lines or pages of
        # another talk is found too.
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE d USING fts5(talk UNINDEXED, page UNINDEXED, text,"
                   " tokenize='porter unicode61 remove_diacritics 2')")
        for i, t in enumerate(self.talks):
            db.execute("INSERT INTO d VALUES (?, -1, ?)", (i, "\n".join(t["pages"])))
            db.execute("INSERT INTO d VALUES (?, -2, ?)", (i, t["abstract"]))
            db.executemany("INSERT INTO d VALUES (?, ?, ?)",
                           [(i, n, p) for n, p in enumerate(t["pages"])])
        out = []
        order = self.talks[:]
        self.rng.shuffle(order)
        for t in order * 5:
            if len(out) >= self.per_kind:
                break
            body = t["pages"][1:-1]
            if not body:
                continue
            lines = [ln.lstrip("•\u2022 ").split() for ln in self.rng.choice(body).splitlines()[1:]]
            lines = [ln for ln in lines if len(ln) >= 3]
            if not lines:
                continue
            ln = self.rng.choice(lines)
            n = self.rng.randint(3, min(5, len(ln)))
            s = self.rng.randrange(len(ln) - n + 1)
            run = ln[s:s + n]
            if not all(re.fullmatch(r"[^\W\d_]+", w) for w in run):
                continue
            if sum(1 for w in run if fold(w) not in FUNCTION and len(w) >= 4) < 2:
                continue
            # the run, not one rare word in it, makes the page the only one
            if any(self.talks_with.get(fold(w), 0) < 3 for w in run):
                continue
            q = " ".join(run)
            hits = db.execute("SELECT talk, page FROM d WHERE d MATCH ?",
                              ('"' + q + '"',)).fetchall()
            me = self.talks.index(t)
            # in this talk's deck only, not in its abstract, on one page
            if {h[0] for h in hits} != {me} or (me, -2) in hits \
                    or sum(1 for h in hits if h[1] >= 0) != 1:
                continue
            if any(q == o[1] for o in out):
                continue
            out.append(("slide-run", q, [t["slides"]]))
        return out + [("slide-quoted", f'"{q}"', r) for _, q, r in out]

    def topics(self):
        """Tags of 2-3 words that 1-5 talks have in their title."""
        phrases = sorted({tag for t in self.talks for tag in t["tags"] if 2 <= len(words(tag)) <= 3})
        self.rng.shuffle(phrases)
        out = []
        for p in phrases:
            ps = stems(p)
            right = [t["slides"] for t in self.talks if has_seq(t["tstems"], ps)]
            if 1 <= len(right) <= 5:
                out.append(("topic", p, right))
            if len(out) >= self.per_kind:
                break
        return out

    def all(self):
        makers = [lambda: self.sample("title", self.q_title),
                  lambda: self.sample("speaker", self.q_speaker),
                  lambda: self.sample("title+surname", self.q_title_surname),
                  lambda: self.sample("inflected", self.q_inflected),
                  self.slide_runs,
                  lambda: self.sample("typo", lambda t: self.q_typo(t, 1)),
                  lambda: self.sample("typo2", lambda t: self.q_typo(t, 2)),
                  self.topics]
        qs = []
        for n, make in enumerate(makers):
            # a random sequence of each kind's own: changing how one kind is
            # drawn leaves the others' queries as they were
            self.rng = random.Random(self.seed * 100 + n)
            qs += make()
        return [q for q in qs if q[2]]


def generate(archive, seed=1, per_kind=40):
    """The queries of ARCHIVE: a list of (kind, query, [right slide paths])."""
    talks = load(archive)
    if not talks:
        raise SystemExit(f"gen_queries: {archive}: no talks with slides")
    return Gen(talks, seed, per_kind).all()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-kind", type=int, default=40)
    a = ap.parse_args()
    for kind, q, right in generate(a.archive, a.seed, a.per_kind):
        print("\t".join([kind, q] + right))


if __name__ == "__main__":
    sys.exit(main())
