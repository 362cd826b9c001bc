#!/usr/bin/env python3
"""Writes the document-page corpus: bi-level pages for training (train/) and a held-out test split.

    python3 scripts/make-pages.py OUTDIR [--seed 1] [--jobs 2] [--limit N]

Run it through scripts/make-pages.sh, which installs the Debian packages it reads. Pages are P4
PBM files (bit 1 = black) under OUTDIR/train and OUTDIR/test; OUTDIR/manifest.tsv gives, for
every page, its source (package, file, page or composed kind), resolution, size, and what the
scan simulation did to it; OUTDIR/summary.md gives the counts that docs/CORPUS.md quotes.

A page is one of
  - a page of a Debian documentation PDF or PostScript file (pages/sources.py lists them),
  - a composed page (pages/compose.py): text, tables, forms, line art in the split's own faces,
and it is written in one of three ways:
  - clean: rasterised without anti-aliasing at 200, 240 or 300 dpi (born-digital pages),
  - scan: rendered in greyscale at 200, 240 or 300 dpi, then skewed, blurred, noised,
    thresholded and specked (pages/scan.py),
  - fax: rendered at 204 × 98 or 204 × 196 dpi, scanned as above, 1728 pixels wide.

Everything is drawn from seeded generators, one per page, derived from --seed and the page's
position in the plan: the same packages and seed give the same files (summary.md prints a
digest of them all to check that). --limit N keeps N pages of each split, evenly spaced through
its plan, for a quick try. Files from an earlier run that are not in the plan are removed.
"""

import argparse
import hashlib
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages import compose, render, scan, sources  # noqa: E402

SPLITS = ("train", "test")
DPIS = (200, 240, 300)
FAX_RESOLUTIONS = ((204, 98), (204, 196))  # ITU-T T.4 standard and fine
FAX_SHARE, SCAN_SHARE = 0.15, 0.6           # of each split; of the rest (the others stay clean)
MIN_DARKNESS = 0.015                         # mean ink at 24 dpi below which a page is skipped
FAX_HEADER_FONT = {"train": "DejaVu Sans Mono", "test": "Nimbus Mono PS"}

# Set in the parent before the workers fork: read-only afterwards.
TEXT = {}
LOCAL = {}


def check_environment():
    """The assumptions the split rule rests on, checked before anything is written."""
    sources.check_disjoint()
    missing = [d.path for s in SPLITS for d in sources.split_sources(s)[0] if not os.path.exists(d.path)]
    missing += [f for s in SPLITS for v in sources.split_sources(s)[3].values() for f in v[:3]
                if not os.path.exists(f)]
    if missing:
        raise SystemExit("missing (run scripts/make-pages.sh, which installs them):\n  " + "\n  ".join(missing))
    # The maxima book leaves Times/Helvetica/Courier unembedded; poppler takes them from fontconfig.
    # If they resolved to a training face (Liberation), test pages would be set in it.
    family = subprocess.run(["fc-match", "-f", "%{family}", "Times-Roman"], capture_output=True,
                            text=True).stdout
    if "Nimbus Roman" not in family:
        raise SystemExit(f"fc-match Times-Roman gives {family!r}, not Nimbus Roman (fonts-urw-base35)")


def plan(seed, workdir):
    """Every page to write, in order: a list of dicts (the manifest's rows before rendering)."""
    specs = []
    for split in SPLITS:
        docs, composed, _, _ = sources.split_sources(split)
        items = []
        for doc in docs:
            path = render.local_copy(doc.path, workdir)
            LOCAL[doc.key] = path
            order = list(range(1, render.page_count(path) + 1))
            random.Random(f"{seed}/{doc.key}").shuffle(order)
            chosen = []
            for page in order:  # in seeded order, the first pages with enough ink
                if render.darkness(path, page) >= MIN_DARKNESS:
                    chosen.append(page)
                    if len(chosen) == doc.pages:
                        break
            if len(chosen) < doc.pages:
                print(f"warning: {doc.key} has {len(chosen)} pages with ink, not {doc.pages}", flush=True)
            items += [{"source": doc.key, "page": p, "package": doc.package, "file": doc.path,
                       "licence": doc.licence} for p in sorted(chosen)]
        for kind, count in composed.items():
            items += [{"source": f"composed-{kind}", "page": k + 1, "package": "(this script)",
                       "file": "scripts/pages/compose.py", "licence": "text from the split's documents"}
                      for k in range(count)]
        rng = random.Random(f"{seed}/{split}/modes")
        n = len(items)
        # Fax pages alternate between standard and fine resolution, so both are in every split.
        faxed = sorted(rng.sample(range(n), round(FAX_SHARE * n)))
        fax = {i: FAX_RESOLUTIONS[k % 2] for k, i in enumerate(faxed)}
        rest = [i for i in range(n) if i not in fax]
        scanned = set(rng.sample(rest, round(SCAN_SHARE * len(rest))))
        for i, item in enumerate(items):
            prng = random.Random(f"{seed}/{split}/{item['source']}/{item['page']}")
            item["split"] = split
            item["mode"] = "fax" if i in fax else "scan" if i in scanned else "clean"
            item["xdpi"], item["ydpi"] = fax[i] if i in fax else (prng.choice(DPIS),) * 2
            item["paper"] = prng.choice(["letter", "letter", "A4"])
            item["seed"] = prng.getrandbits(64)
            res = (f"fax{item['xdpi']}x{item['ydpi']}" if i in fax else f"{item['xdpi']}dpi")
            item["name"] = f"{split}/{i + 1:03d}-{item['source']}-p{item['page']}-{res}-{item['mode']}.pbm"
            specs.append(item)
    return specs


def make_page(args):
    """Renders or composes one page, scans it if asked, writes it; returns the manifest row."""
    spec, outdir = args
    rng = random.Random(spec["seed"])
    xdpi, ydpi, mode = spec["xdpi"], spec["ydpi"], spec["mode"]
    fonts = sources.split_sources(spec["split"])[3]
    params = scan.draw_params(rng, xdpi, ydpi, fax=mode == "fax") if mode != "clean" else None
    if spec["source"].startswith("composed-"):
        kind = spec["source"][len("composed-"):]
        # Composed with square pixels at the horizontal resolution; a fax squeezes it vertically.
        grey, what = compose.compose(kind, spec["paper"], xdpi, fonts, rng, TEXT[spec["split"]])
        if ydpi != xdpi:
            im = Image.fromarray(grey)
            grey = np.asarray(im.resize((im.width, round(im.height * ydpi / xdpi)), Image.Resampling.LANCZOS))
        raster = grey < 128 if mode == "clean" else grey
    else:
        path, what = LOCAL[spec["source"]], f"page {spec['page']}"
        draw = render.render_ink if mode == "clean" else render.render_grey
        raster = draw(path, spec["page"], xdpi, ydpi)
        if raster.shape[1] / xdpi > raster.shape[0] / ydpi:  # in inches: fax pixels are not square
            # Landscape pages (reference cards) are fed the way scanners and fax machines take
            # them, turned to portrait; drawn at swapped resolutions, the turn keeps a fax's.
            if xdpi != ydpi:
                raster = draw(path, spec["page"], ydpi, xdpi)
            raster = np.ascontiguousarray(np.rot90(raster))
    if mode == "clean":
        ink = raster
    else:
        ink = scan.scan(raster, params, fonts[FAX_HEADER_FONT[spec["split"]]][0])
        what += "; " + scan.describe(params)
    size = render.write_pbm(os.path.join(outdir, spec["name"]), ink)
    h, w = ink.shape
    return {**spec, "width": w, "height": h, "bytes": size, "ink": float(ink.mean()), "what": what}


def digest(outdir, rows):
    h = hashlib.sha256()
    for r in rows:
        with open(os.path.join(outdir, r["name"]), "rb") as f:
            h.update(r["name"].encode() + b"\0" + hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def summary(rows, seed, elapsed, cpu, corpus_digest):
    lines = [f"# Page corpus summary (seed {seed})", "",
             f"Written in {elapsed:.0f} s wall, {cpu:.0f} s CPU (this process and its children).",
             f"Digest of all pages (SHA-256 over names and file hashes): `{corpus_digest}`", "",
             "| split | pages | documents | composed | clean | scan | fax | pixels | MB (P4) | ink |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for split in SPLITS:
        rs = [r for r in rows if r["split"] == split]
        if not rs:
            continue
        px = sum(r["width"] * r["height"] for r in rs)
        count = lambda f: sum(1 for r in rs if f(r))  # noqa: E731
        lines.append(
            f"| {split} | {len(rs)} | {count(lambda r: not r['source'].startswith('composed-'))} | "
            f"{count(lambda r: r['source'].startswith('composed-'))} | {count(lambda r: r['mode'] == 'clean')} | "
            f"{count(lambda r: r['mode'] == 'scan')} | {count(lambda r: r['mode'] == 'fax')} | "
            f"{px:,} | {sum(r['bytes'] for r in rs) / 1e6:.1f} | "
            f"{sum(r['ink'] * r['width'] * r['height'] for r in rs) / px:.3f} |")
    lines += ["", "| split | source | pages | pixels |", "|---|---|---|---|"]
    for split in SPLITS:
        by = {}
        for r in rows:
            if r["split"] == split:
                n, p = by.get(r["source"], (0, 0))
                by[r["source"]] = (n + 1, p + r["width"] * r["height"])
        lines += [f"| {split} | {s} | {n} | {p:,} |" for s, (n, p) in by.items()]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--limit", type=int, default=0, help="N pages of each split only, evenly spaced (a quick try)")
    args = ap.parse_args()
    start = time.time()
    check_environment()
    workdir = os.path.join(args.outdir, ".sources")  # unpacked .gz documents, removed at the end
    for d in (args.outdir, workdir, *(os.path.join(args.outdir, s) for s in SPLITS)):
        os.makedirs(d, exist_ok=True)
    specs = plan(args.seed, workdir)
    if args.limit:
        # Evenly spaced through each split's plan, so a quick try sees every kind of page.
        by_split = [[x for x in specs if x["split"] == split] for split in SPLITS]
        specs = [x for part in by_split for x in part[::max(1, len(part) // args.limit)][:args.limit]]
    for split in SPLITS:
        _, _, text_sources, _ = sources.split_sources(split)
        TEXT[split] = compose.TextSource.from_documents([(LOCAL[k], a, b) for k, a, b in text_sources])
    wanted = {s["name"] for s in specs}
    for split in SPLITS:  # stale pages from a run with another plan
        for f in os.listdir(os.path.join(args.outdir, split)):
            if f"{split}/{f}" not in wanted:
                os.remove(os.path.join(args.outdir, split, f))
    print(f"{len(specs)} pages to write with {args.jobs} jobs", flush=True)
    rows = []
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for k, row in enumerate(pool.imap(make_page, [(s, args.outdir) for s in specs])):
            rows.append(row)
            if (k + 1) % 20 == 0 or k + 1 == len(specs):
                print(f"  {k + 1}/{len(specs)}  {time.time() - start:.0f} s", flush=True)
    shutil.rmtree(workdir)
    cols = ["name", "split", "source", "page", "package", "file", "licence", "mode", "xdpi", "ydpi",
            "width", "height", "bytes", "ink", "what"]
    with open(os.path.join(args.outdir, "manifest.tsv"), "w") as f:
        f.write("\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join(f"{r[c]:.4f}" if c == "ink" else str(r[c]) for c in cols) + "\n")
    t = os.times()
    cpu = t.user + t.system + t.children_user + t.children_system
    text = summary(rows, args.seed, time.time() - start, cpu, digest(args.outdir, rows))
    with open(os.path.join(args.outdir, "summary.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
