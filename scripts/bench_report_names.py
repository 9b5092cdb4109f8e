#!/usr/bin/env python3
"""bench_report_names.py - how `doxsearch report` scales with the number of speaker
names: an index (made by ingesting an empty folder) is filled with N talks, each by one
speaker of N distinct made-up names, of which about 2% are the same person spelled two
ways (a typo, an accent written out) and about 1% share a name at two companies; then
`doxsearch report --json` runs and its CPU time (user + system) is printed with the
number of name-variants it found.

    scripts/bench_report_names.py BUILD/doxsearch [N...]     (default 1000 5000)

Used by scripts/bench; run it by hand with a Release build."""

import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile

SYL = ["ka", "lo", "mi", "ve", "ra", "sto", "ne", "bri", "tu", "zel", "an", "dor", "sha", "pe",
       "gor", "li", "mar", "ko", "vin", "el", "ru", "ta", "sen", "bo", "di", "fa", "hel", "jo"]


def word(rng, parts):
    return "".join(rng.choice(SYL) for _ in range(parts)).capitalize()


def names(n, rng):
    """n distinct names, some of them variants of others."""
    out, seen = [], set()
    while len(out) < n:
        r = rng.random()
        if out and r < 0.02:
            base = rng.choice(out)[0]
            first, last = base.split(" ", 1)
            i = rng.randrange(len(last))
            last = last[:i] + rng.choice("aeiouy") + last[i:]  # one letter too many
            name, company = first + " " + last, None
        elif out and r < 0.03:
            name, company = rng.choice(out)[0], "Company %d" % rng.randrange(100)
        else:
            name = "%s %s" % (word(rng, rng.randint(1, 2)), word(rng, rng.randint(2, 4)))
            if rng.random() < 0.05:
                name = name.replace("u", "\u00fc", 1)
            company = "Company %d" % rng.randrange(100)
        key = (name, company)
        if key in seen:
            continue
        seen.add(key)
        out.append(key)
    return out


def run(doxsearch, n):
    rng = random.Random(n)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "index.db")
        os.mkdir(os.path.join(tmp, "empty"))
        subprocess.run([doxsearch, "--db", db, "ingest", "-q", os.path.join(tmp, "empty")],
                       check=True)
        con = sqlite3.connect(db)
        con.execute("INSERT INTO events(root, dir, slug, name) VALUES (?, 'bench', 'bench',"
                    " 'Bench')", (tmp,))
        ev = con.execute("SELECT id FROM events WHERE dir = 'bench'").fetchone()[0]
        ids = {}
        for i, (name, company) in enumerate(names(n, rng)):
            if name not in ids:
                ids[name] = con.execute("INSERT INTO speakers(name) VALUES (?)",
                                        (name,)).lastrowid
            t = con.execute("INSERT INTO talks(uid, event_id, pos, slug, title) VALUES"
                            " (?, ?, ?, ?, ?)", ("bench_t%d" % i, ev, i, "t%d" % i,
                                                 "Talk %d" % i)).lastrowid
            con.execute("INSERT INTO talk_speakers(talk_id, pos, speaker_id, company) VALUES"
                        " (?, 0, ?, ?)", (t, ids[name], company))
        con.commit()
        con.close()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([doxsearch, "--db", db, "report", "--json"], capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode not in (0, 1):
            sys.exit("report failed: " + p.stderr.decode(errors="replace"))
        counts = json.loads(p.stdout)["counts"]
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print("report of %d names: %.3f s CPU, %d name-variants" %
              (n, cpu, counts["name-variants"]))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for n in [int(a) for a in sys.argv[2:]] or [1000, 5000]:
        run(sys.argv[1], n)


if __name__ == "__main__":
    main()
