#!/usr/bin/env python3
"""Writes the photo corpus: 8-bit grayscale photographs for training (train/) and a held-out test split.

    python3 scripts/make-photos.py OUTDIR [--seed 1] [--limit N]

Run it through scripts/make-photos.sh, which installs the Debian packages it reads
(photos/sources.py lists every photograph, its author and licence). For each photograph:

  - luma: ITU-R BT.601 (0.299 R + 0.587 G + 0.114 B) of the decoded pixels, rounded once at the end;
  - if its long side is at least 1600 pixels, a box-filtered copy shrunk by 2 or 4 (the largest
    factor that keeps the long side at 800 or more: JPEG blocks and noise average out), and a
    crop of native pixels, 1024 × 768 on 16-pixel boundaries (JPEG artefacts kept, as in users'
    photos), the most detailed of 4 seeded positions;
  - otherwise the whole photograph at native scale.

Outputs are binary PGM (P5, maxval 255) under OUTDIR/train and OUTDIR/test. About 15% of the
photographs (whole photographs, all their outputs, and any near-duplicate of one, together) form
the test split, chosen from --seed alone. OUTDIR/manifest.tsv lists every output with its source,
licence and processing; OUTDIR/summary.md gives the counts and a digest of all outputs;
OUTDIR/licences/ holds the packages' copyright files. --limit N keeps N photographs of each split,
evenly spaced, for a quick try. Files of an earlier run that are not in the plan are removed.
"""

import argparse
import bz2
import hashlib
import os
import pickle
import random
import shutil
import subprocess
import sys
import time

import numpy as np
from PIL import Image, ImageOps

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from photos import sources  # noqa: E402

SPLITS = ("train", "test")
TEST_SHARE = 0.15
MIN_LONG = 800              # a shrunk copy keeps its long side at least this long
FACTORS = (4, 2)            # box-filter factors tried, largest first
CROP = (1024, 768)          # native-pixel crop, turned for portrait photographs
CROP_TRIES = 4              # seeded positions; the one with the most detail is kept
ALIGN = 16                  # crops start on JPEG macroblock boundaries
NEAR_DUPLICATE = 0.95       # thumbnail correlation from which two photographs count as one (unrelated
                            # pairs here reach 0.89: smooth skies over dark ground)
ASPECTS = (1.0, 4 / 3, 3 / 2, 16 / 10, 16 / 9, 2.0)  # centre cuts compared (long side / short side)
LUMA = (0.299, 0.587, 0.114)


def bt601(rgb):
    """BT.601 luma of uint8 RGB (H, W, 3) as float64, 256 rows at a time (a 20-Mpixel photograph
    would take 0.5 GB as float RGB). Plain multiplies and adds, not a matrix product: BLAS kernels
    may fuse them differently from one machine to the next, and move a .5 across a rounding."""
    out = np.empty(rgb.shape[:2])
    for y in range(0, rgb.shape[0], 256):
        r, g, b = (rgb[y:y + 256, :, c].astype(np.float64) for c in range(3))
        out[y:y + 256] = LUMA[0] * r + LUMA[1] * g + LUMA[2] * b
    return out


def luma_of(photo):
    """The photograph's BT.601 luma as float64 (H, W), and a line on what was decoded."""
    if photo.path.endswith("ascent.dat"):   # a pickled list of rows of 0..255
        with open(photo.path, "rb") as f:
            grey = np.array(pickle.load(f), dtype=np.uint8)
        return grey.astype(np.float64), "pickled 8-bit grey"
    if photo.path.endswith("face.dat"):     # bz2 of 768 rows × 1024 × RGB
        with open(photo.path, "rb") as f:
            rgb = np.frombuffer(bz2.decompress(f.read()), dtype=np.uint8).reshape(768, 1024, 3)
        return bt601(rgb), "bz2 raw RGB"
    im = Image.open(photo.path)
    what = f"{im.format} {im.mode}"
    if im.getexif().get(0x0112, 1) != 1:  # the camera's orientation tag: shown turned, so turned here
        im = ImageOps.exif_transpose(im)
        what += ", EXIF orientation applied"
    if im.mode in ("RGBA", "LA"):           # only fully opaque ones are listed
        if np.asarray(im.getchannel("A")).min() != 255:
            raise SystemExit(f"{photo.path}: transparent pixels")
        im = im.convert(im.mode[:-1])
    if im.mode == "L":
        return np.asarray(im, dtype=np.float64), what
    return bt601(np.asarray(im.convert("RGB"))), what


def rounded(luma):
    return np.floor(luma + 0.5).clip(0, 255).astype(np.uint8)


def thumbnail(grey):
    """32 × 32 box thumbnail, zero mean, unit norm: dot products compare framing and tones."""
    t = np.asarray(Image.fromarray(grey).resize((32, 32), Image.Resampling.BOX), dtype=np.float64).ravel()
    t -= t.mean()
    return t / (np.linalg.norm(t) or 1.0)


def fingerprints(grey):
    """Thumbnails of the centre cut to each of ASPECTS that fits: a photograph shipped again
    resized, or centre-cropped to another screen shape, matches at the shape both have."""
    h, w = grey.shape
    out = {}
    for r in ASPECTS:
        if max(h, w) < r * min(h, w) - 1e-6:
            continue
        n = round(r * min(h, w))
        cut = grey[:, (w - n) // 2:(w - n) // 2 + n] if w >= h else grey[(h - n) // 2:(h - n) // 2 + n, :]
        out[r] = thumbnail(np.ascontiguousarray(cut))
    return out


def detail(luma):
    return np.abs(np.diff(luma, axis=0)).mean() + np.abs(np.diff(luma, axis=1)).mean()


def variants(photo, luma, seed):
    """The outputs of one photograph: [(variant, uint8 array, processing text)]."""
    h, w = luma.shape
    factor = next((f for f in FACTORS if max(h, w) // f >= MIN_LONG), 1)
    if factor == 1:
        return [("full", rounded(luma), "whole photograph, native pixels")]
    hh, ww = h - h % factor, w - w % factor
    small = luma[:hh, :ww].reshape(hh // factor, factor, ww // factor, factor).mean(axis=(1, 3))
    box = (f"box {factor}×{factor} mean of the luma, {w}×{h} → {ww // factor}×{hh // factor}"
           + (f" ({w - ww} columns, {h - hh} rows dropped at right/bottom)" if (w, h) != (ww, hh) else ""))
    cw, ch = CROP if w >= h else CROP[::-1]
    cw, ch = min(cw, w), min(ch, h)
    rng = random.Random(f"{seed}/{photo.key}/crop")
    spots = [(rng.randrange((w - cw) // ALIGN + 1) * ALIGN, rng.randrange((h - ch) // ALIGN + 1) * ALIGN)
             for _ in range(CROP_TRIES)]
    x, y = max(spots, key=lambda p: detail(luma[p[1]:p[1] + ch, p[0]:p[0] + cw]))
    crop = f"crop {cw}×{ch} at ({x}, {y}) of {w}×{h}, native pixels (most detailed of {CROP_TRIES} seeded positions)"
    return [(f"box{factor}", rounded(small), box), ("crop", rounded(luma[y:y + ch, x:x + cw]), crop)]


def clusters(photos, prints):
    """Groups of photographs that are near-duplicates of each other (union-find over all pairs)."""
    parent = list(range(len(photos)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i
    sims = np.eye(len(photos))
    for i in range(len(photos)):
        for j in range(i + 1, len(photos)):
            shared = prints[i].keys() & prints[j].keys()
            sims[i, j] = sims[j, i] = max((prints[i][r] @ prints[j][r] for r in shared), default=0.0)
            if sims[i, j] >= NEAR_DUPLICATE:
                parent[root(j)] = root(i)
    groups = {}
    for i in range(len(photos)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values()), sims


def choose_test(photos, groups, seed):
    """Indices of the test photographs: about TEST_SHARE of the groups, spread over the packages.

    Groups are listed package by package (packages in a seeded order), shuffled within each
    package by a generator seeded with the seed and the package; then every group whose place k
    makes floor((k + u) * TEST_SHARE) step up is a test group, u a seeded offset in [0, 1)."""
    order, packages = [], list(dict.fromkeys(p.package for p in photos))
    random.Random(f"{seed}/packages").shuffle(packages)
    for package in packages:
        mine = [g for g in groups if photos[g[0]].package == package]
        random.Random(f"{seed}/{package}").shuffle(mine)
        order += mine
    u = random.Random(f"{seed}/split").random()
    test = set()
    for k, g in enumerate(order):
        if int((k + 1 + u) * TEST_SHARE) > int((k + u) * TEST_SHARE):
            test.update(g)
    return test


def version(package):
    return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True,
                          text=True).stdout or "?"


def write_pgm(path, grey):
    h, w = grey.shape
    data = b"P5\n%d %d\n255\n" % (w, h) + grey.tobytes()
    with open(path, "wb") as f:
        f.write(data)
    return len(data), hashlib.sha256(data).hexdigest()


def summary(rows, photos, split_of, seed, elapsed, cpu, corpus_digest, closest):
    px = lambda rs: sum(r["width"] * r["height"] for r in rs)  # noqa: E731
    lines = [f"# Photo corpus summary (seed {seed})", "",
             f"Written in {elapsed:.0f} s wall, {cpu:.0f} s CPU (this process and its children).",
             f"Digest of all outputs (SHA-256 over names and file hashes): `{corpus_digest}`", "",
             "| split | photographs | images | box-shrunk | native (whole or crop) | pixels | MB (PGM) |",
             "|---|---|---|---|---|---|---|"]
    for split in SPLITS:
        rs = [r for r in rows if r["split"] == split]
        lines.append(f"| {split} | {len({r['photo'] for r in rs})} | {len(rs)} | "
                     f"{sum(r['variant'].startswith('box') for r in rs)} | "
                     f"{sum(not r['variant'].startswith('box') for r in rs)} | {px(rs):,} | "
                     f"{sum(r['bytes'] for r in rs) / 1e6:.1f} |")
    lines += ["", "| package | version | photographs (train / test) | images | pixels | licences |",
              "|---|---|---|---|---|---|"]
    for package in dict.fromkeys(p.package for p in photos):
        rs = [r for r in rows if r["package"] == package]
        if not rs:
            continue
        keys = dict.fromkeys(r["photo"] for r in rs)
        n_test = sum(split_of[k] == "test" for k in keys)
        licences = ", ".join(sorted({r["licence"] for r in rs}))
        lines.append(f"| {package} | {rs[0]['version']} | {len(keys) - n_test} / {n_test} | {len(rs)} | "
                     f"{px(rs):,} | {licences} |")
    a, b, s = closest
    lines += ["", f"Near-duplicate check: photographs whose 32×32 thumbnails (whole, or centre cuts of "
              f"a shape both have) correlate at {NEAR_DUPLICATE} or more are kept in one split. "
              "Closest pair across the splits: "
              f"{a} and {b}, correlation {s:.3f}."]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="N photographs of each split only, evenly spaced (a quick try)")
    args = ap.parse_args()
    start, times0 = time.time(), os.times()  # from here: the shell that exec'd us may have run apt-get
    photos = sources.PHOTOS
    missing = [p.path for p in photos if not os.path.exists(p.path)]
    if missing:
        raise SystemExit("missing (run scripts/make-photos.sh, which installs them):\n  " + "\n  ".join(missing))
    if len({p.key for p in photos}) != len(photos):
        raise SystemExit("duplicate keys in photos/sources.py")

    # Decode every photograph once; outputs wait in memory (about 100 Mpixel) until the split is known.
    made, prints = [], []
    for i, photo in enumerate(photos):
        luma, decoded = luma_of(photo)
        grey = rounded(luma)
        prints.append(fingerprints(grey))
        made.append((decoded, luma.shape, variants(photo, luma, args.seed)))
        if (i + 1) % 10 == 0 or i + 1 == len(photos):
            print(f"  decoded {i + 1}/{len(photos)}  {time.time() - start:.0f} s", flush=True)
    digests = {}
    for i, (_, _, outs) in enumerate(made):  # byte-identical photographs under two names
        d = hashlib.sha256(outs[0][1].tobytes()).hexdigest()
        if d in digests:
            raise SystemExit(f"{photos[i].key} is a copy of {photos[digests[d]].key}")
        digests[d] = i

    groups, sims = clusters(photos, prints)
    test = choose_test(photos, groups, args.seed)
    split_of = {p.key: "test" if i in test else "train" for i, p in enumerate(photos)}
    closest = max(((photos[i].key, photos[j].key, sims[i, j]) for i in test for j in range(len(photos))
                   if j not in test), key=lambda t: t[2])
    if closest[2] >= NEAR_DUPLICATE:
        raise SystemExit(f"near-duplicates across the splits: {closest}")

    chosen = list(range(len(photos)))
    if args.limit:  # evenly spaced through each split's photographs, in table order
        chosen = []
        for split in SPLITS:
            mine = [i for i, p in enumerate(photos) if split_of[p.key] == split]
            chosen += mine[::max(1, len(mine) // args.limit)][:args.limit]
        chosen.sort()

    for d in (args.outdir, *(os.path.join(args.outdir, s) for s in SPLITS)):
        os.makedirs(d, exist_ok=True)
    names = {f"{split_of[photos[i].key]}/{photos[i].key}-{v}.pgm" for i in chosen for v, _, _ in made[i][2]}
    for split in SPLITS:  # stale outputs from a run with another plan
        for f in os.listdir(os.path.join(args.outdir, split)):
            if f"{split}/{f}" not in names:
                os.remove(os.path.join(args.outdir, split, f))
    versions = {p: version(p) for p in dict.fromkeys(photos[i].package for i in chosen)}
    rows = []
    for i in chosen:
        photo, (decoded, (h, w), outs) = photos[i], made[i]
        for variant, grey, processing in outs:
            name = f"{split_of[photo.key]}/{photo.key}-{variant}.pgm"
            size, digest = write_pgm(os.path.join(args.outdir, name), grey)
            rows.append({"name": name, "split": split_of[photo.key], "photo": photo.key, "variant": variant,
                         "package": photo.package, "version": versions[photo.package], "file": photo.path,
                         "author": photo.author, "licence": photo.licence, "original": f"{w}×{h} {decoded}",
                         "processing": ("BT.601 luma; " if "RGB" in decoded else "grey as stored; ") + processing, "width": grey.shape[1],
                         "height": grey.shape[0], "bytes": size, "sha256": digest})
    rows.sort(key=lambda r: (SPLITS.index(r["split"]), r["name"]))

    licences = os.path.join(args.outdir, "licences")  # what CC-BY and the GPL ask to travel with copies
    shutil.rmtree(licences, ignore_errors=True)
    os.makedirs(licences)
    for package in versions:
        shutil.copyfile(f"/usr/share/doc/{package}/copyright", os.path.join(licences, f"{package}.copyright"))
    if "lxqt-themes" in versions:
        shutil.copyfile("/usr/share/lxqt/wallpapers/License", os.path.join(licences, "lxqt-themes.wallpapers-License"))

    cols = ["name", "split", "photo", "variant", "package", "version", "file", "author", "licence",
            "original", "processing", "width", "height", "bytes", "sha256"]
    with open(os.path.join(args.outdir, "manifest.tsv"), "w") as f:
        f.write("\t".join(cols) + "\n")
        f.writelines("\t".join(str(r[c]) for c in cols) + "\n" for r in rows)
    h = hashlib.sha256()
    for r in rows:
        h.update(r["name"].encode() + b"\0" + bytes.fromhex(r["sha256"]))
    t = os.times()
    cpu = sum(t[k] - times0[k] for k in range(4))  # user, system, children's user and system
    text = summary(rows, photos, split_of, args.seed, time.time() - start, cpu, h.hexdigest(), closest)
    with open(os.path.join(args.outdir, "summary.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
