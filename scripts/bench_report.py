#!/usr/bin/env python3
"""bench_report.py - the parts of scripts/bench that are Python: reading hyperfine
and strace output, sampling foreign CPU load, choosing query words from an index, and
the final table.  Each is a subcommand: bench_report.py NAME ARGS..., with the arguments
scripts/bench gives it (sys.argv[1:] as each part had them)."""

import sys


def summary():
    """scripts/bench's summary step."""
    import json, sys
    for r in json.load(open(sys.argv[1]))["results"]:
        f = (lambda t: f"{t*1000:.1f} ms") if r["median"] < 1 else (lambda t: f"{t:.2f} s")
        print(f"bench:   {r['command']}: {f(r['median'])} ({f(r['min'])}-{f(r['max'])}, {len(r['times'])} runs)",
              file=sys.stderr)

def foreign():
    """scripts/bench's foreign step."""
    import os, sys, time
    me, out = int(sys.argv[1]), open(sys.argv[2], "w", buffering=1)
    hz = os.sysconf("SC_CLK_TCK")
    def busy():
        f = open("/proc/stat").readline().split()[1:]
        return sum(int(f[i]) for i in (0, 1, 2, 5, 6))    # user nice system irq softirq
    def procs():
        P = {}
        for d in os.listdir("/proc"):
            if not d.isdigit(): continue
            try: s = open(f"/proc/{d}/stat").read()
            except OSError: continue
            comm, rest = s[s.index("(") + 1:s.rindex(")")], s[s.rindex(")") + 2:].split()
            # ppid, utime+stime, cutime+cstime
            P[int(d)] = (int(rest[1]), comm, int(rest[11]) + int(rest[12]), int(rest[13]) + int(rest[14]))
        return P
    def ours(P):
        o = set()
        for p in P:
            q, seen = p, 0
            while q > 1 and q in P and seen < 64:
                if q == me: o.add(p); break
                q, seen = P[q][0], seen + 1
        return o
    prevP, prevB, prevT = procs(), busy(), time.time()
    while True:
        time.sleep(1)
        P, B, T = procs(), busy(), time.time()
        O = ours(P)
        mine = 0
        for p in O:
            old = prevP.get(p)
            cur = P[p][2] + P[p][3]
            mine += cur - (old[2] + old[3] if old and old[1] == P[p][1] else 0)
        for p, old in prevP.items():   # gone: the parent's cutime now holds its whole total
            if p not in P and old[0] in O:
                mine -= old[2] + old[3]
        strangers = {}
        for p, v in P.items():
            if p in O or p == os.getpid(): continue
            old = prevP.get(p)
            d = v[2] + v[3] - (old[2] + old[3] if old else 0)   # with its reaped children
            if d > 0: strangers[v[1]] = strangers.get(v[1], 0) + d
        dt = (T - prevT) * hz
        foreign = max(0.0, (B - prevB - mine) / dt * 100)
        top = ",".join(f"{c}:{n/dt*100:.0f}" for c, n in sorted(strangers.items(), key=lambda x: -x[1])[:3])
        out.write(f"{T:.0f}\t{foreign:.0f}\t{top}\n")
        prevP, prevB, prevT = P, B, T

def strace_bytes():
    """scripts/bench's strace bytes step."""
    import glob, json, re, sys
    rx = re.compile(r'^(read|pread64|readv|preadv2?)\(\d+<(.*?)>, .* = (\d+)$')
    mx = re.compile(r'^mmap\(.*, \d+<(.*?)>, \w+\) = ')
    out = {}
    for f in glob.glob(sys.argv[1] + "*"):
        for line in open(f, errors="replace"):
            m = rx.match(line.rstrip("\n"))
            if m:
                e = out.setdefault(m.group(2), [0, 0, 0]); e[0] += int(m.group(3)); e[1] += 1
                continue
            m = mx.match(line)
            if m:
                out.setdefault(m.group(1), [0, 0, 0])[2] += 1
    print(json.dumps(out))

def rare_common():
    """scripts/bench's rare common step."""
    import collections, re, sqlite3, sys, urllib.parse, zlib
    con = sqlite3.connect("file:" + urllib.parse.quote(sys.argv[1]) + "?mode=ro", uri=True)
    tf, df, seen = collections.Counter(), collections.Counter(), set()
    for fid, z in con.execute("SELECT file_id, z FROM slide_text"):
        text = zlib.decompress(z).decode("utf-8", "replace")
        for w in re.findall(r"\w+", text.lower()):
            if w.isascii() and w.isalpha():
                tf[w] += 1
                if (fid, w) not in seen:
                    seen.add((fid, w)); df[w] += 1
    # the word in fewest talks, once in each (t10k holds every deck ten times)
    cands = [w for w in tf if len(w) >= 6]
    least = min((df[w] for w in cands), default=0)
    rare = sorted(w for w in cands if df[w] == least and tf[w] == least) or \
           sorted(w for w in cands if df[w] == least)
    common = sorted((w for w in tf if len(w) >= 3), key=lambda w: (-tf[w], w))
    print(rare[0] if rare else "zyzzyva", common[0] if common else "the")

def table():
    """scripts/bench's table step."""
    import json, os, sys
    work, ncores, peers, labels = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4:]
    M = {}
    for line in open(os.path.join(work, "metrics.tsv"), encoding="utf-8"):
        k, _, v = line.rstrip("\n").partition("\t"); M[k] = v
    def num(k):
        try: return float(M[k])
        except (KeyError, ValueError): return None
    def hfj(name):
        p = os.path.join(work, name)
        if not os.path.exists(p): return {}
        return {r["command"]: r for r in json.load(open(p))["results"]}
    dxi, dxr, dxs = hfj("dx_full.json"), hfj("dx_reingest.json"), hfj("dx_search.json")
    nf, rf, rr = hfj("naive_full.json"), hfj("recoll_full.json"), hfj("recoll_reingest.json")
    pt, ps = hfj("pdftotext.json"), hfj("peer_search.json")

    def ft(t):
        return f"{t*1000:.1f} ms" if t < 1 else f"{t:.2f} s"
    def tcell(r):
        return f"{ft(r['median'])} ({ft(r['min'])}-{ft(r['max'])})" if r else "n/a"
    def med(r): return r["median"] if r else None
    def mib(b): return f"{b/2**20:.1f} MiB" if b is not None else "n/a"
    def kib(k): return f"{k/1024:.0f} MiB" if k is not None else "n/a"
    def faster(peer, dx):
        if not peer or not dx: return "-"
        x = peer / dx
        return f"**{x:.1f}x faster**" if x >= 1 else f"**{1/x:.1f}x slower**"
    def ratio(a, b, fmt="{:.2f}x"):
        return fmt.format(a / b) if a and b else "-"

    talks, pages = num("dx_talks"), num("dx_pages")
    rows = []
    def row(*c): rows.append(c)
    j1, jd = dxi.get("doxsearch-full-j1"), dxi.get("doxsearch-full-jdefault")
    for lab, r in (("full ingest, --jobs 1", j1), (f"full ingest, default jobs ({ncores} cores)", jd)):
        if r and pages:
            rate = f"; {pages/r['median']:,.0f} pages/s, {talks/r['median']:,.1f} talks/s"
        else: rate = ""
        if peers:
            row(lab + " vs naive", tcell(r) + rate, "naive " + tcell(nf.get("naive-full")), faster(med(nf.get("naive-full")), med(r)))
            row(lab + " vs recoll", tcell(r), "recoll " + tcell(rf.get("recoll-full")), faster(med(rf.get("recoll-full")), med(r)))
        else:
            row(lab, tcell(r) + rate, "-", "-")
    if not jd and num("dx_full_s_jdefault"):
        once, nonce = num("dx_full_s_jdefault"), num("naive_once_s")
        row(f"full ingest, one run (default jobs, {ncores} cores)",
            f"{ft(once)}; {pages/once:,.0f} pages/s" if pages else ft(once),
            f"naive {ft(nonce)}" if nonce else "-", faster(nonce, once))
    rd = dxr.get("doxsearch-reingest")
    row("re-ingest, nothing changed", tcell(rd), "recoll " + tcell(rr.get("recoll-reingest")) if peers else "-",
        faster(med(rr.get("recoll-reingest")), med(rd)) if peers else "-")
    p1 = pt.get("pdftotext-P1")
    if p1 and pages:
        ptr = pages / p1["median"]
        if j1:
            d1 = pages / j1["median"]
            row("pages/s on one core (--jobs 1 vs pdftotext -P1)", f"{d1:,.0f}", f"pdftotext {ptr:,.0f}", f"{d1/ptr:.0%} of pdftotext")
        if jd:
            dd = pages / jd["median"] / ncores
            row(f"pages/s per core (default jobs / {ncores})", f"{dd:,.0f}", f"pdftotext {ptr:,.0f}", f"{dd/ptr:.0%} of pdftotext")
    elif pages and jd:
        row(f"pages/s per core (default jobs / {ncores})", f"{pages/jd['median']/ncores:,.0f}", "-", "-")
    rss = num("rss_full_jdefault")
    row("peak RSS, full ingest (default jobs)", kib(rss), "recoll " + kib(num("rss_recoll_full")) if peers else "-",
        ratio(rss, num("rss_recoll_full")) if peers else "-")
    row("peak RSS, full ingest (--jobs 1)", kib(num("rss_full_j1")), "-", "-")
    row("peak RSS, no-change re-ingest", kib(num("rss_reingest")), "recoll " + kib(num("rss_recoll_reingest")) if peers else "-",
        ratio(num("rss_reingest"), num("rss_recoll_reingest")) if peers else "-")
    dbb, tb, ptb = num("dx_db_bytes"), num("dx_text_bytes"), num("pdftotext_bytes")
    row("index on disk", mib(dbb), ("naive " + mib(num("naive_db_bytes")) + "; recoll xapiandb " + mib(num("recoll_xapian_bytes"))) if peers else "-",
        (ratio(dbb, num("naive_db_bytes")) + " / " + ratio(dbb, num("recoll_xapian_bytes"))) if peers else "-")
    row("index size / extracted text", f"{ratio(dbb, tb)} of {tb:,.0f} B page text" if tb else "n/a",
        f"naive {ratio(num('naive_db_bytes'), ptb)} of {ptb:,.0f} B pdftotext text" if peers and ptb else "-", "-")
    sd = os.path.join(work, "strace_dx.json")
    if os.path.exists(sd):
        S = json.load(open(sd))
        def per(ext):
            v = [(p, e) for p, e in S.items() if p.endswith(ext)]
            return v
        vids, docs = per(".mp4"), per(".pdf")
        nmp4 = int(num("mp4s") or 0)
        if vids:
            b = [e[0] for _, e in vids]; sizes = [os.path.getsize(p) for p, _ in vids if os.path.exists(p)]
            mm = sum(e[2] for _, e in vids)
            dxcell = f"mean {sum(b)/len(b):,.0f} B, max {max(b):,.0f} B ({len(vids)}/{nmp4} files; {sum(b)/sum(sizes):.0%} of their size)"
            if mm: dxcell += f"; {mm} mmaps not counted"
            fp = os.path.join(work, "strace_ffprobe.json"); fcell, fr = "-", "-"
            if os.path.exists(fp):
                F = json.load(open(fp)); f0 = M.get("ffprobe_file", "")
                if f0 in F:
                    fcell = f"ffprobe {F[f0][0]:,} B of a {os.path.getsize(f0):,} B file"
                    d0 = S.get(f0, [None])[0]
                    fr = ratio(d0, F[f0][0]) + " (same file)" if d0 else "-"
            row("bytes read per video probe", dxcell, fcell, fr)
        elif nmp4:
            row("bytes read per video probe", "no read() on any .mp4 seen", "-", "-")
        if docs:
            b = [e[0] for _, e in docs]; sizes = [os.path.getsize(p) for p, _ in docs if os.path.exists(p)]
            row("bytes read per PDF", f"mean {sum(b)/len(b):,.0f} B ({sum(b)/sum(sizes):.0%} of their size)", "-", "-")
    else:
        row("bytes read per video probe", "skipped (no strace)", "-", "-")
    r = dxs.get("dx-version")
    if r:
        sv = ps.get("sqlite3-version")
        row(f"process start: doxsearch --version ({M.get('dx_libs','?')} shared libraries)", tcell(r),
            "sqlite3 -version " + tcell(sv) if sv else "-", "-")
    for i, lab in enumerate(labels):
        r = dxs.get(f"dx-q{i}")
        hits = M.get(f"dx_hits_{i}", "?")
        cell = f"{tcell(r)}, {hits} hits"
        n, rc = ps.get(f"naive-q{i}"), ps.get(f"recoll-q{i}")
        if peers and n:
            peer = f"naive {tcell(n)}, {M.get(f'naive_hits_{i}','?')} hits"
            vs = faster(med(n), med(r)) + " vs naive"
            if rc:
                peer += f"; recoll {tcell(rc)}"; vs += "; " + faster(med(rc), med(r)) + " vs recoll"
            row(f"search {lab}", cell, peer, vs)
        else:
            row(f"search {lab}", cell, "-", "-")

    ev, pdfs, mp4s = M.get("events"), M.get("pdfs"), M.get("mp4s")
    print(f"\n## doxsearch bench: {os.path.basename(M['archive'])}\n")
    print(f"{M['archive']}: {ev} event folders, {pdfs} PDFs ({mib(num('pdf_bytes'))}), {mp4s} videos "
          f"({mib(num('mp4_bytes'))}); index: {talks:,.0f} talks, {pages:,.0f} pages, "
          f"{num('dx_text_bytes'):,.0f} B of page text. {ncores} cores; medians with min-max; "
          f"peers {'measured in this session' if peers else 'not run (--no-peers)'}.")
    try:
        print("Load average (1/5/15 min) at start: " + " ".join(open(os.path.join(work, "load.txt")).read().split()[3:6])
              + "; at end: " + " ".join(open("/proc/loadavg").read().split()[:3]) + ".")
    except OSError: pass
    print()
    print("| measure | doxsearch | peer | ratio |")
    print("|---|---:|---:|---:|")
    for r in rows:
        print("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    probs = open(os.path.join(work, "problems.txt")).read().strip()
    fp = os.path.join(work, "foreign.tsv")
    if os.path.exists(fp):
        F = [l.rstrip("\n").split("\t") for l in open(fp) if l.strip()]
        if F:
            f = [float(x[1]) for x in F]
            who = {}
            for x in F:
                for kv in filter(None, (x[2] if len(x) > 2 else "").split(",")):
                    c, _, n = kv.rpartition(":"); who[c] = who.get(c, 0) + float(n)
            busiest = ", ".join(f"{c} {n/len(F):.0f}%" for c, n in sorted(who.items(), key=lambda x: -x[1])[:4])
            busy_s = sum(1 for v in f if v >= 25)
            line = (f"CPU used by processes outside this bench: mean {sum(f)/len(f):.0f}%, max {max(f):.0f}% of one core "
                    f"over {len(F)} one-second samples; {busy_s} s at 25% or more (busiest: {busiest or 'none'}).")
            print(line)
            if sum(f) / len(f) >= 10 or busy_s >= len(F) / 10:
                probs = (probs + "\n" if probs else "") + "the machine was not quiet, so the timings carry foreign load: " + line
    print("\n### Problems noticed\n")
    print("\n".join("- " + l for l in probs.splitlines()) if probs else "none")
    print(f"\nRaw data: {work} (hyperfine.log, *.json, metrics.tsv)")


COMMANDS = {"summary": summary, "foreign": foreign, "strace-bytes": strace_bytes, "rare-common": rare_common, "table": table}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit("usage: bench_report.py %s ARGS..." % "|".join(COMMANDS))
    cmd = COMMANDS[sys.argv.pop(1)]
    cmd()
