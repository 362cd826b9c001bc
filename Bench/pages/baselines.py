#!/usr/bin/env python3
"""What the established bi-level and general codecs make of the page corpus's test split.

    python3 Bench/pages/baselines.py OUTDIR [--split test] [--jobs 2] [--codecs jbig1,djvu,...]

Run through Bench/pages/baselines.sh, which installs the tools. Every page is coded by every
codec on its own (one file per page, as a scanner would write them), decoded again and
compared with the input, pixel for pixel (image codecs) or byte for byte (zstd, xz); a page
that does not come back identical fails the run. Writes Bench/pages/baselines.md and prints it.
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys
import tempfile
import time

from PIL import Image

Image.MAX_IMAGE_PIXELS = None

HERE = os.path.dirname(os.path.abspath(__file__))


class Codec:
    """`encode(src, dst)` and `decode(dst, out)` as argv lists; `compare`: pixels or bytes.
    `input` is the file the encoder reads: the PBM itself, or a 1-bit PNG made from it."""

    def __init__(self, key, name, setting, package, encode, decode, suffix, decoded_suffix,
                 compare="pixels", input="pbm"):
        self.key, self.name, self.setting, self.package = key, name, setting, package
        self.encode, self.decode, self.suffix, self.decoded_suffix = encode, decode, suffix, decoded_suffix
        self.compare, self.input = compare, input


CODECS = [
    Codec("jbig1", "JBIG1", "pbmtojbg -q", "jbigkit-bin",
          lambda s, d: ["pbmtojbg", "-q", s, d], lambda d, o: ["jbgtopbm", d, o], ".jbg", ".pbm"),
    Codec("djvu", "DjVu JB2", "cjb2 -lossless", "djvulibre-bin",
          lambda s, d: ["cjb2", "-lossless", s, d], lambda d, o: ["ddjvu", "-format=pbm", d, o], ".djvu", ".pbm"),
    # cjxl reads the bit depth from a 1-bit PNG; djxl is asked for 8-bit grey to compare against.
    Codec("jxl", "JPEG XL", "cjxl -d 0 -e 9", "libjxl-tools",
          lambda s, d: ["cjxl", "-d", "0", "-e", "9", "--quiet", s, d],
          lambda d, o: ["djxl", d, o, "--bits_per_sample=8", "--quiet"], ".jxl", ".pgm", input="png"),
    Codec("zstd", "zstd", "--ultra -22", "zstd",
          lambda s, d: ["zstd", "-q", "-f", "--ultra", "-22", s, "-o", d],
          lambda d, o: ["zstd", "-q", "-f", "-d", d, "-o", o], ".zst", ".pbm", compare="bytes"),
    Codec("xz", "xz", "-9e", "xz-utils",
          lambda s, d: ["sh", "-c", 'xz -9e -c "$0" > "$1"', s, d],
          lambda d, o: ["sh", "-c", 'xz -d -c "$0" > "$1"', d, o], ".xz", ".pbm", compare="bytes"),
]


def pixels_of(path):
    """Luminance, 8 bits per pixel, 0 = black: what every decoder's output is compared in."""
    im = Image.open(path)
    return im.size, im.convert("L").tobytes()


def run_one(codec, page, tmp):
    base = os.path.join(tmp, os.path.basename(page))
    src = page
    if codec.input == "png":
        src = base + ".png"
        Image.open(page).convert("1").save(src)
    enc, dec = base + codec.suffix, base + ".back" + codec.decoded_suffix
    t0 = time.time()
    subprocess.run(codec.encode(src, enc), check=True, capture_output=True)
    seconds = time.time() - t0
    subprocess.run(codec.decode(enc, dec), check=True, capture_output=True)
    if codec.compare == "bytes":
        with open(page, "rb") as a, open(dec, "rb") as b:
            same = a.read() == b.read()
    else:
        same = pixels_of(page) == pixels_of(dec)
    size = os.path.getsize(enc)
    for f in {src, enc, dec} - {page}:
        os.remove(f)
    return size, seconds, same


def version(package):
    return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True,
                          text=True).stdout or "?"


def mode_of(name):
    return name.rsplit("-", 1)[-1].removesuffix(".pbm")  # clean, scan or fax (make-pages.py names)


def report(pages, codecs, results, split, outdir):
    sizes = {p: Image.open(p).size for p in pages}
    px = {p: w * h for p, (w, h) in sizes.items()}
    total_px = sum(px.values())
    modes = sorted({mode_of(p) for p in pages})
    lines = [f"# Bi-level baselines on the page corpus's {split} split", "",
             f"`bash Bench/pages/baselines.sh {outdir}` on the {len(pages)} pages of `{split}/` made by "
             "`scripts/make-pages.sh` (docs/CORPUS.md): each page coded on its own, decoded and compared "
             "with the input (pixels for the image codecs, bytes for zstd and xz); every one came back identical.",
             "", f"{len(pages)} pages, {total_px:,} pixels; " +
             ", ".join(f"{sum(1 for p in pages if mode_of(p) == m)} {m}" for m in modes) + ".", "",
             "| codec | setting | Debian package | bytes | bits/pixel | vs JBIG1 | pixels | encode s |",
             "|---|---|---|---|---|---|---|---|"]
    jbig = sum(results[(p, "jbig1")][0] for p in pages) if any(c.key == "jbig1" for c in codecs) else None
    for c in codecs:
        total = sum(results[(p, c.key)][0] for p in pages)
        secs = sum(results[(p, c.key)][1] for p in pages)
        rel = f"{100 * (total / jbig - 1):+.1f}%" if jbig else ""
        lines.append(f"| {c.name} | `{c.setting}` | {c.package} {version(c.package)} | {total:,} | "
                     f"{8 * total / total_px:.4f} | {rel} | {total_px:,} | {secs:.0f} |")
    if jbig:
        lines += ["", f"15% under JBIG1 (the bi-level model's target) is {0.85 * jbig:,.0f} bytes = "
                      f"{0.85 * 8 * jbig / total_px:.4f} bits/pixel."]
    lines += ["", "encode s: wall seconds summed over the pages, one run, two pages at a time on a shared "
              "2-core machine: a rough guide, not a speed benchmark.",
              "", "Bits/pixel by kind of page (clean: rasterised without anti-aliasing; scan: simulated "
              "scan; fax: 204×98 or 204×196 dpi, 1728 wide):", "",
              "| kind | pages | pixels | " + " | ".join(c.name for c in codecs) + " |",
              "|---|---|---|" + "---|" * len(codecs)]
    for m in modes:
        ps = [p for p in pages if mode_of(p) == m]
        n = sum(px[p] for p in ps)
        lines.append(f"| {m} | {len(ps)} | {n:,} | " +
                     " | ".join(f"{8 * sum(results[(p, c.key)][0] for p in ps) / n:.4f}" for c in codecs) + " |")
    lines += ["", "Bytes per page:", "",
              "| page | width × height | " + " | ".join(c.name for c in codecs) + " |",
              "|---|---|" + "---|" * len(codecs)]
    for p in pages:
        w, h = sizes[p]
        lines.append(f"| {os.path.basename(p)} | {w} × {h} | " +
                     " | ".join(f"{results[(p, c.key)][0]:,}" for c in codecs) + " |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", help="what scripts/make-pages.sh wrote")
    ap.add_argument("--split", default="test")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--codecs", default=",".join(c.key for c in CODECS))
    ap.add_argument("--out", default=os.path.join(HERE, "baselines.md"))
    args = ap.parse_args()
    wanted = args.codecs.split(",")
    codecs = [c for c in CODECS if c.key in wanted]
    folder = os.path.join(args.outdir, args.split)
    pages = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".pbm"))
    if not pages:
        raise SystemExit(f"no .pbm pages in {folder}")
    results, failed = {}, []
    with tempfile.TemporaryDirectory() as tmp, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        # The slow codec first, so the two workers finish together.
        tasks = {pool.submit(run_one, c, p, tmp): (p, c.key)
                 for c in sorted(codecs, key=lambda c: c.key != "jxl") for p in pages}
        for k, fut in enumerate(concurrent.futures.as_completed(tasks)):
            key = tasks[fut]
            results[key] = fut.result()
            if not results[key][2]:
                failed.append(key)
            if (k + 1) % 25 == 0:
                print(f"  {k + 1}/{len(tasks)}", file=sys.stderr, flush=True)
    if failed:
        raise SystemExit("decoded differently from the input: " +
                         ", ".join(f"{os.path.basename(p)} ({c})" for p, c in failed))
    text = report(pages, codecs, results, args.split, args.outdir)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
