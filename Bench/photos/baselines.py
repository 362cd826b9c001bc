#!/usr/bin/env python3
"""What established lossless codecs, and today's vlae-compress, make of the photo corpus's test split.

    python3 Bench/photos/baselines.py PHOTOS [--split test] [--vlae PATH] [--codecs png,optipng,...]

Run through Bench/photos/baselines.sh, which installs the tools. Every image is coded by every
codec on its own, decoded again and compared with the input: pixels for the image codecs, bytes
for zstd and vlae-compress (which restores a PGM byte for byte); an image that does not come back
identical fails the run. vlae-compress runs with its default options (it picks a shipped model
or zstd by itself); a copy of the binary is used, so a rebuild during the run changes nothing.
Writes Bench/photos/baselines.md and prints it.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import namedtuple

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def pil_png(src, dst):
    Image.open(src).save(dst, optimize=True)


def optipng(level):
    def encode(src, dst):
        Image.open(src).save(dst + ".in.png")  # optipng reads PNG; the PGM's pixels, unoptimised
        subprocess.run(["optipng", "-quiet", f"-o{level}", "-out", dst, dst + ".in.png"], check=True)
        os.remove(dst + ".in.png")
    return encode


def run(*argv):
    return lambda src, dst: subprocess.run([a.format(src=src, dst=dst) for a in argv], check=True,
                                           capture_output=True)


Codec = namedtuple("Codec", "key label setting package encode decode suffix compare")
# encode(src, dst); decode(dst, out), or None where Pillow reads dst itself; compare: the decoded
# image's "pixels" (Pillow) or its "bytes" (cmp).
CODECS = [
    Codec("png", "PNG (Pillow)", "save(optimize=True)", "python3-pil", pil_png, None, ".png", "pixels"),
    Codec("optipng", "optipng -o2", "optipng -o2", "optipng", optipng(2), None, ".png", "pixels"),
    Codec("optipng7", "optipng -o7", "optipng -o7", "optipng", optipng(7), None, ".png", "pixels"),
    Codec("zstd", "zstd -19", "zstd -19", "zstd", run("zstd", "-q", "-f", "-19", "{src}", "-o", "{dst}"),
          run("zstd", "-q", "-f", "-d", "{src}", "-o", "{dst}"), ".zst", "bytes"),
    Codec("jxl", "JPEG XL -e 7", "cjxl -d 0 -e 7", "libjxl-tools",
          run("cjxl", "-d", "0", "-e", "7", "--quiet", "{src}", "{dst}"), run("djxl", "{src}", "{dst}", "--quiet"),
          ".jxl", "pixels"),
]
DEFAULT = "png,optipng7,zstd,jxl,vlae"  # optipng (-o2): 20 times faster, 0.3% bigger


def same_pixels(a, b):
    ia, ib = Image.open(a), Image.open(b)
    return ia.size == ib.size and ia.convert("L").tobytes() == ib.convert("L").tobytes()


def same_bytes(a, b):
    return subprocess.run(["cmp", "-s", a, b]).returncode == 0


def code(codec, src, tmp):
    """Bytes, encode seconds; fails unless the decoded image is the input."""
    enc = os.path.join(tmp, os.path.basename(src) + codec.suffix)
    t0 = time.monotonic()
    codec.encode(src, enc)
    seconds = time.monotonic() - t0
    back = enc
    if codec.decode:
        back = enc + ".back.pgm"
        codec.decode(enc, back)
    if not (same_pixels if codec.compare == "pixels" else same_bytes)(src, back):
        raise SystemExit(f"{codec.key}: {os.path.basename(src)} does not come back identical")
    size = os.path.getsize(enc)
    for f in {enc, back}:
        os.remove(f)
    return size, seconds


def vlae(binary, src, tmp):
    """vlae-compress with default options: bytes, seconds, codec it chose, the shipped model's
    -ELBO in bits (what its VLAE code would cost) and that model's name."""
    out, back = os.path.join(tmp, "out.vz"), os.path.join(tmp, "back.pgm")
    t0 = time.monotonic()
    text = subprocess.run([binary, "--report", "--json", src, out], check=True, capture_output=True, text=True).stdout
    seconds = time.monotonic() - t0
    report = json.loads([line for line in text.splitlines() if line.startswith("{")][-1])
    subprocess.run([binary, "-q", "-d", out, back], check=True)
    if not same_bytes(src, back):
        raise SystemExit(f"vlae-compress: {os.path.basename(src)} does not come back identical")
    f = report["files"][0]
    size = os.path.getsize(out)
    if size != report["bytes"]:
        raise SystemExit(f"vlae-compress: {size} bytes on disk, {report['bytes']} in its report")
    os.remove(out), os.remove(back)
    return size, seconds, f["codec"], f.get("neg_elbo_bits"), f.get("vlae_model", "")


def version(package):
    return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True,
                          text=True).stdout or "?"


def kind(name):
    return "box" if "-box" in name else "native"  # make-photos.py names: -box2/-box4, -crop, -full


def report(images, columns, results, extra, args, vlae_note):
    sizes = {p: Image.open(p).size for p in images}
    px = {p: w * h for p, (w, h) in sizes.items()}
    total = sum(px.values())
    base = "png" if "png" in columns else columns[0]
    summary = open(os.path.join(args.photos, "summary.md")).read()
    digest = summary.split("`")[1] if "`" in summary else "?"
    lines = ["# Grayscale baselines on the photo corpus's test split", "",
             f"`bash Bench/photos/baselines.sh {' '.join(sys.argv[1:])}` on the {len(images)} images of "
             f"`{args.split}/` made by "
             "`scripts/make-photos.sh` (docs/CORPUS-PHOTOS.md; corpus digest "
             f"`{digest[:16]}…`): each image coded on its own, decoded and compared with the input "
             "(pixels for PNG and JPEG XL, bytes for zstd and vlae-compress); every one came back identical.", "",
             f"{len(images)} images, {total:,} pixels: {sum(kind(p) == 'box' for p in images)} box-shrunk, "
             f"{sum(kind(p) == 'native' for p in images)} at native scale (whole photographs or crops).", "",
             "| codec | setting | from | bytes | bits/pixel | vs PNG (Pillow) | encode s |",
             "|---|---|---|---|---|---|---|"]
    for key in columns:
        name, setting, origin = extra[key]
        b = sum(results[(p, key)][0] for p in images)
        rel = sum(results[(p, base)][0] for p in images)
        secs = sum(results[(p, key)][1] for p in images)
        lines.append(f"| {name} | `{setting}` | {origin} | {b:,} | {8 * b / total:.3f} | "
                     f"{100 * (b / rel - 1):+.1f}% | {secs:.0f} |")
    lines += ["", vlae_note] if vlae_note else []
    lines += ["", "encode s: wall seconds summed over the images, one at a time on a shared 2-core machine: "
              "a rough guide, not a speed benchmark.", "",
              "Bits/pixel by kind of image (box: the whole photograph shrunk 2× or 4× by a box filter; "
              "native: original pixels, JPEG artefacts and all):", "",
              "| kind | images | pixels | " + " | ".join(extra[k][0] for k in columns) + " |",
              "|---|---|---|" + "---|" * len(columns)]
    for kd in ("box", "native"):
        ps = [p for p in images if kind(p) == kd]
        n = sum(px[p] for p in ps)
        if not ps:
            continue
        lines.append(f"| {kd} | {len(ps)} | {n:,} | " +
                     " | ".join(f"{8 * sum(results[(p, k)][0] for p in ps) / n:.3f}" for k in columns) + " |")
    lines += ["", "Bytes (and bits/pixel) per image:", "",
              "| image | width × height | " + " | ".join(extra[k][0] for k in columns) + " |",
              "|---|---|" + "---|" * len(columns)]
    for p in images:
        w, h = sizes[p]
        cells = []
        for k in columns:
            b = results[(p, k)][0]
            cells.append(f"{b:,} ({8 * b / px[p]:.2f})" + (f" {results[(p, k)][2]}" if k == "vlae" else ""))
        lines.append(f"| {os.path.basename(p)} | {w} × {h} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("photos", help="what scripts/make-photos.sh wrote")
    ap.add_argument("--split", default="test")
    ap.add_argument("--codecs", default=DEFAULT)
    ap.add_argument("--vlae", default=os.path.join(ROOT, ".build", "release", "vlae-compress"),
                    help="vlae-compress binary (default: this checkout's release build)")
    ap.add_argument("--out", default=os.path.join(HERE, "baselines.md"))
    args = ap.parse_args()
    wanted = args.codecs.split(",")
    folder = os.path.join(args.photos, args.split)
    images = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".pgm"))
    if not images:
        raise SystemExit(f"no .pgm images in {folder}")
    codecs = [c for c in CODECS if c.key in wanted]
    extra = {c.key: (c.label, c.setting, f"{c.package} {version(c.package)}") for c in codecs}
    columns = [c.key for c in codecs]
    results, note = {}, ""
    with tempfile.TemporaryDirectory() as tmp:
        binary = None
        if "vlae" in wanted:
            if os.path.exists(args.vlae):
                binary = os.path.join(tmp, "vlae-compress")
                shutil.copy2(args.vlae, binary)
                with open(binary, "rb") as f:
                    sha = hashlib.sha256(f.read()).hexdigest()[:12]
                models = subprocess.run([binary, "--list-models"], capture_output=True, text=True).stdout
                shipped = ", ".join(f"{ln.split()[0]} ({ln.split()[1]})" for ln in models.splitlines()[1:]
                                    if ln.strip().endswith("shipped"))
                extra["vlae"] = ("vlae-compress", "--report --json (defaults)", f"{args.vlae}, sha256 {sha}…")
                columns.append("vlae")
            else:
                note = f"vlae-compress: no binary at `{args.vlae}` (build it, or pass --vlae PATH): column skipped."
        start = time.monotonic()
        for k, p in enumerate(images):
            for c in codecs:
                results[(p, c.key)] = code(c, p, tmp)
            if binary:
                results[(p, "vlae")] = vlae(binary, p, tmp)
            print(f"  {k + 1}/{len(images)} {os.path.basename(p)}  {time.monotonic() - start:.0f} s", flush=True)
    if binary:
        chosen = [results[(p, "vlae")][2] for p in images]
        tried = [p for p in images if results[(p, "vlae")][3] is not None]  # auto may skip the model
        note = (f"vlae-compress chose " + ", ".join(f"{c} for {chosen.count(c)}" for c in sorted(set(chosen)))
                + f" of the {len(images)} images (shipped models: {shipped}).")
        if tried:
            px = sum(Image.open(p).size[0] * Image.open(p).size[1] for p in tried)
            bits = sum(results[(p, "vlae")][3] for p in tried)
            models = ", ".join(sorted({results[(p, "vlae")][4] for p in tried}))
            note += (f" It tried its grayscale model ({models}) on {len(tried)} of them ({px:,} pixels): "
                     f"its -ELBO there, what the vlae codec alone would cost, is {bits / px:.3f} bits/pixel")
            if "png" in columns:
                note += f" (PNG (Pillow) on the same images: {8 * sum(results[(p, 'png')][0] for p in tried) / px:.3f})"
            note += ". Tried on: " + ", ".join(os.path.basename(p) for p in tried) + "."
    text = report(images, columns, results, extra, args, note)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
