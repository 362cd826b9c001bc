#!/usr/bin/env python3
"""Writes the last N images of an IDX image file (gzip or not) as a gzipped IDX file.

The grayscale models trained on the first 55,000 of their 60,000 training images and validated
on the last 5,000 (docs/MODEL.md): those are the held-out images `vlae-train quantize` calibrates
on.   python3 scripts/held-out-images.py SOURCE OUT [N=5000]
"""
import gzip
import os
import struct
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    source, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) == 4 else 5000
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rb") as f:
        data = f.read()
    magic, count, rows, columns = struct.unpack(">IIII", data[:16])
    if magic != 0x803 or not 0 < n <= count or len(data) != 16 + count * rows * columns:
        sys.exit(f"{source}: not an IDX image file of at least {n} images")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    tmp = out + ".tmp"
    with gzip.GzipFile(tmp, "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", magic, n, rows, columns) + data[16 + (count - n) * rows * columns:])
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
