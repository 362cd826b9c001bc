#!/usr/bin/env python3
"""Encode and decode times of vlae-compress on pages of exactly 1728 × 2376 pixels.

    python3 Bench/pages/page-time.py PAGES [--split test] [--runs 3] [--out Bench/pages/page-time.md]

Run through Bench/pages/page-time.sh, which builds vlae-compress. Every page of the split at least
1728 × 2376 pixels is cut to its top-left 1728 × 2376 (the size the speed requirement names), then
compressed with default options and decompressed `--runs` times; each decode is compared with the
input byte for byte. Times are wall seconds (vlae-compress uses both cores); the table gives the
median of the runs and the load average seen before the first run, since a busy machine slows
every row.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile

from vlae import HERE, VLAE, run as seconds

WIDTH, HEIGHT = 1728, 2376


def read_pbm(path):
    """(width, height, rows) of a raw PBM (P4), rows as packed bytes."""
    data = open(path, "rb").read()
    fields, i = [], 0
    while len(fields) < 3:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            i = data.index(b"\n", i)
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    if fields[0] != b"P4":
        sys.exit(f"{path}: not a raw PBM")
    width, height = int(fields[1]), int(fields[2])
    stride, start = (width + 7) // 8, i + 1
    return width, height, [data[start + r * stride:start + (r + 1) * stride] for r in range(height)]


def cut(rows, width):
    """The top-left WIDTH × HEIGHT pixels of packed rows `width` pixels wide, as a P4 file."""
    out = bytearray(b"P4\n%d %d\n" % (WIDTH, HEIGHT))
    stride = (WIDTH + 7) // 8
    for row in rows[:HEIGHT]:
        bits = int.from_bytes(row, "big") >> (len(row) * 8 - WIDTH)
        out += (bits << (stride * 8 - WIDTH)).to_bytes(stride, "big")
    return bytes(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("--split", default="test")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "page-time.md"))
    args = ap.parse_args()
    folder = os.path.join(args.pages, args.split)
    load = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".pbm")):
            width, height, packed = read_pbm(os.path.join(folder, name))
            if width < WIDTH or height < HEIGHT:
                continue
            src, vz, back = (os.path.join(tmp, name + s) for s in ("", ".vz", ".back"))
            page = cut(packed, width)
            with open(src, "wb") as f:
                f.write(page)
            encodes, decodes = [], []
            for _ in range(args.runs):
                t, report = seconds([VLAE, "-f", "--json", src, vz])
                encodes.append(t)
                t, _ = seconds([VLAE, "-q", "-f", "-d", vz, back])
                decodes.append(t)
                if open(back, "rb").read() != page:
                    sys.exit(f"{name}: the decompressed page differs from the input")
            codec = json.loads(report.strip().splitlines()[-1])["codec"]
            row = (name, codec, os.path.getsize(vz), statistics.median(encodes), statistics.median(decodes))
            rows.append(row)
            print(f"{name}: {codec} {row[2]:,} B, encode {row[3]:.2f} s, decode {row[4]:.2f} s", flush=True)
    if not rows:
        sys.exit(f"no page in {folder} is at least {WIDTH} × {HEIGHT}")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
    lines = [f"# vlae-compress on {WIDTH} × {HEIGHT} pages", "",
             f"`python3 Bench/pages/page-time.py {args.pages} --runs {args.runs}`: the top-left {WIDTH} × {HEIGHT} pixels "
             f"of each of the {len(rows)} {args.split} pages at least that large, default options, median wall seconds of "
             f"{args.runs} runs, every decode identical to the input. Machine: {cpu}, {os.cpu_count()} cores; "
             f"load average before the runs {load[0]:.2f}.", "",
             f"Slowest: encode **{max(r[3] for r in rows):.1f} s**, decode **{max(r[4] for r in rows):.1f} s** (requirement: 30 s each).", "",
             "| page (cut) | codec written | .vz bytes | encode s | decode s |", "|---|---|---:|---:|---:|"]
    lines += [f"| {r[0]} | {r[1]} | {r[2]:,} | {r[3]:.2f} | {r[4]:.2f} |" for r in rows]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:5]))


if __name__ == "__main__":
    main()
