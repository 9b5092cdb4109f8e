#!/usr/bin/env python3
"""The real-world check of OCR for scripts/bench-ocr: is the title of every
deck found by a search for it through OCR alone?

    bench_ocr_titles.py DOXSEARCH DB ARCHIVE DECKS...

ARCHIVE/2000-01-ocr/deck-NN.pdf is the image-only copy of the NN-th deck of
DECKS (named so that neither its file name nor a manifest gives its title
away), already ingested into DB.  A deck's title is the first line of its
first page's text layer (pdftotext), as a person would type it.  Prints one
row per deck (found at rank N, or missed) and the count.
"""
import json
import os
import subprocess
import sys


def title(pdf):
    out = subprocess.run(['pdftotext', '-l', '1', '-enc', 'UTF-8', pdf, '-'],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if sum(ch.isalnum() for ch in line) >= 3:
            return ' '.join(line.split())
    return ''


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    ds, db, archive, decks = argv[0], argv[1], argv[2], argv[3:]
    found = 0
    for n, deck in enumerate(decks, 1):
        want = f'2000-01-ocr_deck-{n:02d}'
        t = title(deck)
        r = subprocess.run([ds, '--db', db, '--json', '--limit', '20', '--', t],
                           capture_output=True, text=True)
        ids = [x['id'] for x in json.loads(r.stdout)['results']] if r.stdout.strip() else []
        rank = ids.index(want) + 1 if want in ids else 0
        found += rank > 0
        where = f'rank {rank}' if rank else 'MISSED'
        print(f'{os.path.basename(deck)}\t{where}\t{t}')
    print(f'titles found through OCR alone: {found}/{len(decks)}')
    return 0 if found == len(decks) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
