#!/usr/bin/env python3
"""vlae-compress on the page corpus's test split, beside JBIG1 on the same pages.

    python3 Bench/pages/vlae.py PAGES [--split test] [--model FILE] [--out Bench/pages/vlae.md]

Run through Bench/pages/vlae.sh, which builds vlae-compress and installs JBIG1. Each page is
compressed on its own with default options (plus --model when given), decompressed, and compared
with the input byte for byte; a page that does not come back identical fails the run. Sizes are
the files' bytes; times are wall seconds of one run each (vlae-compress uses both cores).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VLAE = os.path.join(ROOT, ".build", "release", "vlae-compress")


def run(argv):
    """Wall seconds of one run, and its standard output."""
    start = time.monotonic()
    out = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True).stdout
    return time.monotonic() - start, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("--split", default="test")
    ap.add_argument("--model")
    ap.add_argument("--out", default=os.path.join(HERE, "vlae.md"))
    args = ap.parse_args()
    folder = os.path.join(args.pages, args.split)
    names = sorted(n for n in os.listdir(folder) if n.endswith(".pbm"))
    model = ["--model", args.model] if args.model else []
    rows, total = [], {"pixels": 0, "vlae": 0, "jbig1": 0, "enc": 0.0, "dec": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            src = os.path.join(folder, name)
            vz, back, jbg = (os.path.join(tmp, name + s) for s in (".vz", ".back", ".jbg"))
            enc, report = run([VLAE, "-f", "--json", *model, src, vz])
            codec = json.loads(report.strip().splitlines()[-1])["codec"]
            dec, _ = run([VLAE, "-q", "-f", "-d", *model, vz, back])
            if open(src, "rb").read() != open(back, "rb").read():
                sys.exit(f"{name}: the decompressed page differs from the input")
            subprocess.run(["pbmtojbg", "-q", src, jbg], check=True)
            with open(src, "rb") as f:
                f.readline()
                line = f.readline()
                while line.startswith(b"#"):
                    line = f.readline()
                width, height = map(int, line.split())
            row = {"name": name, "size": f"{width} × {height}", "pixels": width * height,
                   "codec": codec, "vlae": os.path.getsize(vz), "jbig1": os.path.getsize(jbg), "enc": enc, "dec": dec}
            rows.append(row)
            for k in ("pixels", "vlae", "jbig1", "enc", "dec"):
                total[k] += row[k]
            print(f"{name}: {codec} {row['vlae']:,} B, JBIG1 {row['jbig1']:,} B ({row['vlae'] / row['jbig1']:.3f}×), "
                  f"encode {enc:.1f} s, decode {dec:.1f} s", flush=True)
    setting = f"--model {os.path.basename(args.model)}" if args.model else "default options"
    lines = [f"# vlae-compress on the page corpus's {args.split} split", "",
             f"`python3 Bench/pages/vlae.py {args.pages}" + (f" --model {args.model}" if args.model else "") + "`: "
             f"{len(rows)} pages, each compressed on its own with {setting}, decompressed and compared byte for byte "
             "(all identical); JBIG1 is `pbmtojbg -q` on the same page.", "",
             f"Total: .vz {total['vlae']:,} bytes ({8 * total['vlae'] / total['pixels']:.4f} bits/pixel), "
             f"JBIG1 {total['jbig1']:,} ({8 * total['jbig1'] / total['pixels']:.4f}): "
             f"**{total['vlae'] / total['jbig1']:.3f}× JBIG1** (target ≤ 0.85×). "
             f"Encode {total['enc']:.0f} s, decode {total['dec']:.0f} s in all (slowest page: encode "
             f"{max(r['enc'] for r in rows):.1f} s, decode {max(r['dec'] for r in rows):.1f} s).", "",
             "| page | width × height | codec written | .vz bytes | JBIG1 bytes | .vz / JBIG1 | encode s | decode s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['size']} | {r['codec']} | {r['vlae']:,} | {r['jbig1']:,} | {r['vlae'] / r['jbig1']:.3f} | "
                     f"{r['enc']:.1f} | {r['dec']:.1f} |")
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:5]))


if __name__ == "__main__":
    main()
