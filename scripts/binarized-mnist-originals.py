#!/usr/bin/env python3
"""Writes the 8-bit MNIST training originals that no validation digit of binarized MNIST comes from.

Larochelle & Murray's static binarization drew each pixel once, as ink with probability v/256,
from a shuffled copy of MNIST's 60,000 training digits, 50,000 for its training split and 10,000
for its validation split. `vlae-train train --binarize` trains on fresh binarizations of 8-bit
originals; for its validation figures to mean what they say, the originals of the validation
digits must be left out. A validation digit's original is the one under which it is most likely;
some faint digits have several near-equal candidates, so every original within MARGIN nats of a
validation digit's best is left out (a few training originals go with them). Test digits come
from MNIST's separate test set and are never read.

usage: binarized-mnist-originals.py [DATA] OUT      (DATA: ../shared/data; needs python3-numpy)
"""
import gzip, os, sys
import numpy as np

MARGIN = 8.0  # nats

def read_idx(path):
    data = gzip.open(path).read()
    count, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows * cols)

def main():
    args = sys.argv[1:]
    if len(args) not in (1, 2):
        sys.exit(__doc__.strip().splitlines()[-1])
    data, out = args if len(args) == 2 else ["../shared/data"] + args
    validation = read_idx(os.path.join(data, "binarized-mnist/valid-images-idx3-ubyte.gz"))
    originals = read_idx(os.path.join(data, "mnist/train-images-idx3-ubyte.gz"))
    p = np.clip(originals / 256.0, 1e-7, 1 - 1e-7)
    weights = (np.log(p) - np.log1p(-p)).T.astype(np.float32).copy()
    offsets = np.log1p(-p).sum(1).astype(np.float32)
    excluded = np.zeros(len(originals), bool)
    best = np.empty(len(validation))
    for start in range(0, len(validation), 1000):
        ll = validation[start:start + 1000].astype(np.float32) @ weights + offsets
        top = ll.max(1, keepdims=True)
        excluded |= (ll >= top - MARGIN).any(0)
        best[start:start + 1000] = top[:, 0]
    kept = originals[~excluded]
    print(f"left out {excluded.sum()} of {len(originals)} originals for {len(validation)} validation digits "
          f"(mean best log-likelihood {best.mean():.1f} nats); writing {len(kept)}")
    header = bytes([0, 0, 8, 3]) + b"".join(n.to_bytes(4, "big") for n in (len(kept), 28, 28))
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    tmp = out + ".tmp"
    with gzip.GzipFile(tmp, "wb", mtime=0) as f:
        f.write(header + kept.tobytes())
    os.replace(tmp, out)

if __name__ == "__main__":
    main()
