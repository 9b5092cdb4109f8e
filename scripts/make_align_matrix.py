"""make_align_matrix.py - recordings with known timelines from any slide deck,
under the conditions real talk recordings bring, and the table of
how well slide alignment does on them.

    scripts/make-align-matrix gen OUT DECK.pdf... [--conditions a,b,...] [--seconds N]
                                        [--others DIR]
    scripts/make-align-matrix run OUT ALIGN_CONDITION [--jobs N] [NAME.truth...]
    scripts/make-align-matrix list

`gen` writes, for every deck and condition, OUT/DECK--CONDITION.mp4 and
OUT/DECK--CONDITION.truth (the format of fixtures/align/: "video", "slides",
then "START END PAGE" lines in seconds, page 0 for no slide); the decks are
linked into OUT/decks/; --seconds makes every recording at most N seconds
long; --others: the other-deck condition records a deck of DIR (default:
one of the decks given).  A recording already there is kept; the truths
are listed on stdout.  `run` aligns the truths given (default: every
OUT/*.truth) with tests/align/align_condition and prints a table per
recording, per condition and per deck (each recording's figures are kept
in OUT/NAME.figures until it or align_condition changes).  Everything is drawn from seeds fixed per deck and
condition (the timeline, the camera, the noise), so the matrix is the same
on every machine with the same ffmpeg and poppler.

Pages are rendered with pdftoppm; ffmpeg's CLI assembles the recording: the
pages at exact times (concat demuxer), scaled, placed, faded, filmed, beside
or under a synthetic speaker camera, then H.264 at a fixed keyframe interval
with scene-cut keyframes off (a change must be found between keyframes).
"""
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import zlib

FF = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]

# What each condition does; the order is the order of importance.
#   frame: "deck" (the deck's own shape), "other" (16:9 for a 4:3 deck and
#          4:3 for a 16:9 one: pillarbox and letterbox) or (W, H)
#   place: "fit" (the largest rectangle, centred), "left60" (60 % of the
#          width at the left, beside a camera), "projector" (80 %, keystoned)
Cond = collections.namedtuple(
    "Cond", "what frame place fps gop crf seconds camera fade gaps revisits other projector "
    "capture", defaults=("deck", "fit", 25, 5, 28, 60, None, 0.0, False, False, False, False,
                         False))
CONDITIONS = collections.OrderedDict([
    ("full", Cond("the slide is the whole frame (960x540 or 720x540), 25 fps, 5 s GOP")),
    ("box", Cond("pillarbox (4:3 deck in 16:9) or letterbox (16:9 in 4:3), 10 s GOP",
                 frame="other", gop=10)),
    ("conference", Cond("1280x720 30 fps, the slide at 60 % on the left, the speaker camera "
                        "on the right", frame=(1280, 720), place="left60", fps=30, gop=2,
                        camera="side")),
    ("inset", Cond("a moving, noisy speaker camera over the bottom-right corner",
                   camera="inset")),
    ("lowq", Cond("480x270 at CRF 38", frame=(480, 270), crf=38)),
    ("screencast", Cond("5 fps with a 60 s GOP, 120 s", frame=(960, 540), fps=5, gop=60,
                        seconds=120)),
    ("crossfade", Cond("0.5 s crossfades between slides (truth: their middle)", fade=0.5)),
    ("gaps", Cond("camera-only stretches (4-12 s) between slides, 90 s", seconds=90,
                  gaps=True)),
    ("revisits", Cond("pages revisited and skipped, 90 s", seconds=90, revisits=True)),
    ("other-deck", Cond("a recording of another deck (same tool and shape if there is one): "
                        "the truth is no slide throughout", other=True)),
    ("camera-only", Cond("the camera only, 40 s: no slide throughout", seconds=40,
                         gaps=True)),
    ("projector", Cond("a projector filmed by a camera: keystone about 12 degrees, dimmer, "
                       "a colour cast, vignetting, noise, slight blur", frame=(960, 540),
                       place="projector")),
    ("capture", Cond("another rasteriser's picture: pages drawn at 1.6x, shrunk by ffmpeg's "
                     "bicubic scaler and sharpened, limited-range colour shown as full range "
                     "(washed out), as a capture card or a player does", capture=True)),
])
TOOLS = ("libreoffice", "google", "keynote", "powerpoint", "beamer", "typst", "deckset")


def die(msg):
    sys.exit("make-align-matrix: " + msg)


def seed(*parts):
    """A seed that depends only on the names given."""
    return zlib.crc32("/".join(parts).encode())


def deck_info(pdf):
    """(pages, width / height) of a PDF's first page."""
    out = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", out, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M)
    if not pages or not size:
        die("%s: no page count or page size" % pdf)
    return int(pages.group(1)), float(size.group(1)) / float(size.group(2))


def even(x):
    """x rounded to an even number of pixels (at least 2)."""
    return max(2, at(x))


def at(x):
    """x rounded to an even pixel position (4:2:0 chroma)."""
    return max(0, int(round(x / 2.0)) * 2)


def fit(bw, bh, aspect):
    """The largest w x h of the given shape inside bw x bh."""
    w = min(bw, bh * aspect)
    return even(w), even(w / aspect)


def walk(rng, npages, duration, gaps=False, revisits=False):
    """A talk's timeline [(start, end, page)] on half seconds: the deck in
    order, 2-9 s a page, now and then a camera-only stretch, a look back
    or a skipped page; page 0 is no slide."""
    spans, t, page = [], 0.0, 1
    while t < duration - 1e-9:
        d = min(rng.randint(4, 18) / 2.0, duration - t)
        if gaps and (page > npages or rng.random() < 0.25):
            p = 0
            d = min(rng.randint(8, 24) / 2.0, duration - t)
        elif page > npages:
            p = rng.randint(1, npages)
        else:
            p = page
            page += 1
            if revisits and rng.random() < 0.12:
                page += 1
        if revisits and p and page > 3 and rng.random() < 0.15:
            p = page - rng.randint(2, 3)
        if spans and spans[-1][2] == p:
            spans[-1] = (spans[-1][0], t + d, p)
        else:
            spans.append((t, t + d, p))
        t += d
    return spans


def render(pdf, cache, pages, w, h):
    """{page: PNG path} of the given pages at w x h (cached)."""
    out = {}
    base = os.path.splitext(os.path.basename(pdf))[0]
    for p in sorted(set(pages)):
        path = os.path.join(cache, "%s-%dx%d-%d.png" % (base, w, h, p))
        if not os.path.exists(path):
            subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", str(p), "-l", str(p),
                            "-scale-to-x", str(w), "-scale-to-y", str(h), pdf, path[:-4]],
                           check=True, stderr=subprocess.DEVNULL)
        out[p] = path
    return out


def camera(w, h, fps, rng, label):
    """A filter chain making a w x h speaker camera picture: a slowly moving
    background, a person swaying in front of it, sensor noise."""
    g = 4  # the gradients source is slow: draw it small and scale it up
    return ("gradients=s={gw}x{gh}:r={fps}:speed=0.02:seed={s1}:c0=0x404858:c1=0x8a6a58:"
            "c2=0x506040,scale={w}:{h},format=yuv420p[{l}bg];"
            "color=c=0xc89878:s={pw}x{ph}:r={fps}[{l}p];"
            "[{l}bg][{l}p]overlay=x='{w}*0.35+{w}*0.12*sin(t*{f1:.2f})':"
            "y='{h}*0.3+{h}*0.05*cos(t*{f2:.2f})',"
            "noise=alls=5:allf=t:all_seed={s2},format=yuv420p[{l}]").format(
                gw=max(even(w / g), 16), gh=max(even(h / g), 16), fps=fps, w=w, h=h,
                pw=even(w * 0.25), ph=even(h * 0.55), l=label, s1=rng.randint(0, 1 << 30),
                s2=rng.randint(0, 1 << 30), f1=rng.uniform(0.4, 0.9), f2=rng.uniform(0.8, 1.4))


def layout(c, aspect):
    """Frame size, the slide's size and its top-left corner."""
    if c.frame == "deck":
        W, H = (960, 540) if aspect > 1.55 else (720, 540)
    elif c.frame == "other":
        W, H = (720, 540) if aspect > 1.55 else (960, 540)
    else:
        W, H = c.frame
    if c.place == "left60":
        sw, sh = fit(W * 0.6, H * 0.9, aspect)
        return (W, H), (sw, sh), (at(W * 0.03), at((H - sh) / 2))
    if c.place == "projector":
        sw, sh = fit(W * 0.8, H * 0.8, aspect)
        return (W, H), (sw, sh), (at((W - sw) / 2), at((H - sh) / 2.5))
    sw, sh = fit(W, H, aspect)
    return (W, H), (sw, sh), (at((W - sw) / 2), at((H - sh) / 2))


def other_deck(deck, decks):
    """Another deck of the same shape, made with the same tool if one is."""
    def tool(d):
        return next((t for t in TOOLS if t in os.path.basename(d)), "")

    def shape(d):
        return deck_info(d)[1] > 1.55

    same = [d for d in decks if d != deck and shape(d) == shape(deck)]
    return next((d for d in same if tool(d) == tool(deck)), same[0] if same else None)


def record(out, deck, cname, decks, cache, seconds=None):
    """OUT/DECK--CONDITION.mp4 and .truth (at most seconds long if given);
    returns the truth's path."""
    c = CONDITIONS[cname]
    name = "%s--%s" % (os.path.splitext(os.path.basename(deck))[0], cname)
    truth_path = os.path.join(out, name + ".truth")
    if os.path.exists(truth_path):
        return truth_path
    rng = random.Random(seed(os.path.basename(deck), cname))
    shown = deck
    if c.other:
        shown = other_deck(deck, decks)
        if not shown:
            return None
    npages, aspect = deck_info(shown)
    (W, H), (sw, sh), (ox, oy) = layout(c, aspect)
    fps = c.fps
    duration = float(min(c.seconds, seconds or c.seconds))
    if cname == "camera-only":
        spans = [(0.0, duration, 0)]
    else:
        spans = walk(rng, npages, duration, c.gaps, c.revisits)
    rw, rh = (even(sw * 1.6), even(sh * 1.6)) if c.capture else (sw, sh)
    pngs = render(shown, cache, [p for _, _, p in spans if p] or [1], rw, rh)
    blank = os.path.join(cache, "blank-%dx%d.png" % (rw, rh))
    if not os.path.exists(blank):
        subprocess.run(FF + ["-f", "lavfi", "-i", "color=c=black:s=%dx%d" % (rw, rh),
                             "-frames:v", "1", blank], check=True)
    # a fade mixes n frames (n odd): its middle comes (n - 1) / 2 frames
    # after the change, so the pages change that much earlier
    n = (int(round(c.fade * fps)) | 1) if c.fade else 1
    shift = (n - 1) / 2.0 / fps
    lst = os.path.join(cache, name + ".ffconcat")
    with open(lst, "w") as f:
        f.write("ffconcat version 1.0\n")
        for i, (a, b, p) in enumerate(spans):
            d = b - a - (shift if i == 0 else 0) + (shift if i == len(spans) - 1 else 0)
            f.write("file '%s'\nduration %.3f\n" % (pngs[p] if p else blank, d))
        f.write("file '%s'\n" % (pngs[spans[-1][2]] if spans[-1][2] else blank))
    bg = "0x1c1f26" if c.place != "projector" else "0x2a2826"
    chain = "[0:v]fps=%d,format=yuv420p" % fps
    if c.capture:
        chain += (",scale=%d:%d:flags=bicubic,unsharp=5:5:0.8,eq=contrast=0.86:brightness=0.06" %
                  (sw, sh))
    if n > 1:
        chain += ",tmix=frames=%d" % n
    chain += ",pad=%d:%d:%d:%d:color=%s" % (W, H, ox, oy, bg)
    if c.place == "projector":
        # keystone: the top of the slide wider than its bottom (about 12
        # degrees), then a dim, tinted, vignetted, noisy, soft picture
        k = sh * 0.21
        chain += (",perspective=x0={a}:y0={t}:x1={b}:y1={t}:x2={c}:y2={bt}:x3={d}:y3={bt}:"
                  "sense=destination").format(a=-k * W / sw, b=W + k * W / sw, c=0, d=W, t=0,
                                               bt=H)
        chain += (",eq=contrast=0.7:brightness=-0.06:saturation=0.8,"
                  "colorbalance=rm=0.06:bm=-0.06,vignette=PI/4,gblur=sigma=0.8,"
                  "noise=alls=10:allf=t:all_seed=%d" % rng.randint(0, 1 << 30))
    graph = [chain + "[slides]"]
    last = "slides"
    gaps = [(a, b) for a, b, p in spans if p == 0]
    if gaps:
        enable = "+".join("between(t,%.3f,%.3f)" % (a, b - 0.001) for a, b in gaps)
        graph.append(camera(W, H, fps, rng, "cam"))
        graph.append("[%s][cam]overlay=enable='%s'[v1]" % (last, enable))
        last = "v1"
    if c.camera == "side":
        cw, ch = even(W * 0.33), even(H * 0.6)
        graph.append(camera(cw, ch, fps, rng, "side"))
        graph.append("[%s][side]overlay=x=%d:y=%d[v2]" % (last, W - cw - at(W * 0.02),
                                                           at((H - ch) / 2)))
        last = "v2"
    elif c.camera == "inset":
        iw, ih = even(W * 0.22), even(H * 0.22)
        graph.append(camera(iw, ih, fps, rng, "ins"))
        graph.append("[%s][ins]overlay=x='W-w-%d+%d*sin(t*0.6)':y='H-h-%d+%d*cos(t*0.8)'[v2]" %
                     (last, W // 40, W // 80, H // 40, H // 80))
        last = "v2"
    video = os.path.join(out, name + ".mp4")
    subprocess.run(FF + ["-f", "concat", "-safe", "0", "-i", lst, "-filter_complex",
                         ";".join(graph), "-map", "[%s]" % last, "-t", "%.3f" % spans[-1][1],
                         "-r", str(fps), "-c:v", "libx264", "-preset", "veryfast", "-crf",
                         str(c.crf), "-g", str(c.gop * fps), "-keyint_min", str(c.gop * fps),
                         "-x264-params", "scenecut=0", "-pix_fmt", "yuv420p", "-fflags",
                         "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1", video],
                   check=True)
    decks_dir = os.path.join(out, "decks")
    os.makedirs(decks_dir, exist_ok=True)
    link = os.path.join(decks_dir, os.path.basename(deck))
    try:
        os.symlink(os.path.abspath(deck), link)
    except FileExistsError:
        pass
    tmp = truth_path + ".tmp"
    with open(tmp, "w") as f:
        f.write("# made by scripts/make-align-matrix (%s): START END PAGE (0: no slide)\n" %
                cname)
        if c.other:
            f.write("# the recording shows %s\n" % os.path.basename(shown))
        f.write("video %s.mp4\nslides decks/%s\n" % (name, os.path.basename(deck)))
        for a, b, p in spans:
            if c.other:
                p = 0
            f.write("%.1f %.1f %d\n" % (a, b, p))
    os.replace(tmp, truth_path)
    return truth_path


def generate(out, decks, conditions, seconds=None, others=None):
    """Every deck under every condition into out; returns the truths made.
    A recording of another deck shows one of others (default: decks)."""
    for tool in ("ffmpeg", "pdftoppm", "pdfinfo"):
        if not shutil.which(tool):
            die("missing %s (scripts/bootstrap installs it)" % tool)
    for cname in conditions:
        if cname not in CONDITIONS:
            die("%s: no such condition (make-align-matrix list)" % cname)
    cache = os.path.join(out, "pages")
    os.makedirs(cache, exist_ok=True)
    made = []
    for cname in conditions:
        for deck in decks:
            t = record(out, deck, cname, others or decks, cache, seconds)
            if t:
                made.append(t)
    return made


LINE = re.compile(r": slides (not )?shown; seconds right ([\d.]+)% .*0\.5 s ([\d.]+)%.*?"
                  r"([\d]+)x real time")


def measure(align_condition, out, truth):
    """(shown, truth says shown, % seconds, % changes within 0.5 s, x real
    time) for one recording, or None if it could not be aligned."""
    with open(truth) as f:
        wanted = any(len(w) == 3 and w[0][0].isdigit() and w[2] != "0"
                     for w in (line.split() for line in f))
    # the figures are kept beside the truth while neither it, the recording
    # nor align_condition changes
    keep = truth[:-6] + ".figures"
    video = truth[:-6] + ".mp4"
    if os.path.exists(keep) and all(os.path.getmtime(keep) > os.path.getmtime(f)
                                    for f in (truth, video, align_condition)):
        with open(keep) as f:
            stdout, stderr = f.read(), ""
    else:
        r = subprocess.run([align_condition, out, truth], capture_output=True, text=True)
        stdout, stderr = r.stdout, r.stderr
        if LINE.search(stdout):
            with open(keep, "w") as f:
                f.write(stdout)
    m = LINE.search(stdout)
    if not m:
        sys.stderr.write("make-align-matrix: %s: %s%s" % (truth, stdout, stderr))
        return None
    return (m.group(1) is None, wanted, float(m.group(2)), float(m.group(3)), int(m.group(4)))


def table(title, rows):
    """A Markdown table: per group, recordings, mean and worst figures."""
    print("\n| %s | n | seconds right (mean / worst) | changes 0.5 s (mean / worst) | "
          "false shown | missed | x real time (min) |" % title)
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for key, rs in rows.items():
        ok = [r for r in rs if r]
        shown = [r for r in ok if r[1]]
        false = sum(1 for r in ok if r[0] and not r[1])
        missed = sum(1 for r in ok if not r[0] and r[1])
        sec = [r[2] for r in ok]
        ch = [r[3] for r in shown]

        def mw(v):
            return "%.1f / %.1f" % (sum(v) / len(v), min(v)) if v else "-"
        print("| %s | %d | %s | %s | %d | %d | %s |" % (
            key, len(rs), mw(sec), mw(ch), false, missed + len(rs) - len(ok),
            min(r[4] for r in ok) if ok else "-"))


def run(out, align_condition, jobs=1, truths=None):
    """Align the recordings (default: every one in out); print the tables;
    return the figures."""
    if not truths:
        truths = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".truth"))
    if not truths:
        die("%s: no recordings (make-align-matrix gen first)" % out)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda t: measure(align_condition, out, t), truths))
    by_cond, by_deck = collections.OrderedDict(), collections.OrderedDict()
    for cname in CONDITIONS:
        by_cond[cname] = []
    print("| recording | shown | seconds right | changes 0.5 s | x real time |")
    print("| --- | --- | --- | --- | --- |")
    for t, r in zip(truths, results):
        deck, cname = os.path.basename(t)[:-6].split("--")
        by_cond.setdefault(cname, []).append(r)
        by_deck.setdefault(deck, []).append(r)
        if r is None:
            print("| %s | could not align | - | - | - |" % os.path.basename(t)[:-6])
            continue
        verdict = "yes" if r[0] else "no"
        if r[0] != r[1]:
            verdict += " (WRONG)"
        print("| %s | %s | %.1f | %s | %d |" % (os.path.basename(t)[:-6], verdict, r[2],
                                               "%.1f" % r[3] if r[1] else "-", r[4]))
    table("condition", collections.OrderedDict((k, v) for k, v in by_cond.items() if v))
    table("deck", by_deck)
    return results


def main(argv):
    if len(argv) >= 1 and argv[0] == "list":
        for k, c in CONDITIONS.items():
            print("%-12s %s" % (k, c.what))
        return 0
    if len(argv) >= 3 and argv[0] == "gen":
        args = argv[2:]
        opts = {"--conditions": ",".join(CONDITIONS), "--seconds": "0", "--others": ""}
        for o in opts:
            if o in args:
                i = args.index(o)
                if i + 1 >= len(args):
                    die("%s needs a value" % o)
                opts[o] = args[i + 1]
                del args[i:i + 2]
        if not opts["--seconds"].isdigit():
            die("--seconds needs a whole number")
        for d in args:
            if not os.path.isfile(d):
                die("%s: no such deck" % d)
        others = None
        if opts["--others"]:
            others = sorted(os.path.join(opts["--others"], f)
                            for f in os.listdir(opts["--others"]) if f.endswith(".pdf"))
        for t in generate(argv[1], args, opts["--conditions"].split(","), int(opts["--seconds"]),
                          others):
            print(t)
        return 0
    if len(argv) >= 3 and argv[0] == "run":
        args, jobs = argv[3:], 1
        if args[:1] == ["--jobs"] and len(args) > 1 and args[1].isdigit():
            jobs, args = max(1, int(args[1])), args[2:]
        run(argv[1], argv[2], jobs, args)
        return 0
    die("usage: make-align-matrix gen OUT DECK.pdf... [--conditions a,b] [--seconds N] "
        "[--others DIR] | "
        "run OUT ALIGN_CONDITION [--jobs N] [NAME.truth...] | list")
