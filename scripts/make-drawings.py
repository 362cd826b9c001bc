#!/usr/bin/env python3
"""Writes synthetic line drawings: 1-bit images of strokes, circles, boxes and scribbles.

    python3 scripts/make-drawings.py OUTDIR COUNT SEED [--size 105] [--format png|pbm]

Each image is a few shapes drawn with pens 1-3 pixels wide on white, the kind of bi-level
content (sketches, diagrams, line art) a user would train a model of their own on. The same
SEED gives the same files; use different seeds for a training and a test set. PNG files are
1-bit grayscale (0 = black ink), written with Python's zlib only.
"""
import argparse
import math
import os
import random
import struct
import zlib


def draw(rng, size):
    ink = [[0] * size for _ in range(size)]

    def dot(x, y, pen):
        r = pen / 2
        for yy in range(int(y - r), int(y + r) + 1):
            for xx in range(int(x - r), int(x + r) + 1):
                if 0 <= xx < size and 0 <= yy < size and (xx - x) ** 2 + (yy - y) ** 2 <= r * r + 0.25:
                    ink[yy][xx] = 1

    def line(x0, y0, x1, y1, pen):
        steps = int(max(abs(x1 - x0), abs(y1 - y0)) * 2) + 1
        for i in range(steps + 1):
            t = i / steps
            dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, pen)

    def point():
        return rng.uniform(5, size - 5), rng.uniform(5, size - 5)

    for _ in range(rng.randint(2, 5)):
        pen = rng.choice([1, 1, 2, 3])
        kind = rng.choice(["line", "circle", "box", "scribble"])
        if kind == "line":
            line(*point(), *point(), pen)
        elif kind == "circle":
            cx, cy = point()
            r = rng.uniform(5, size / 3)
            n = int(2 * math.pi * r) + 8
            for i in range(n):
                a, b = 2 * math.pi * i / n, 2 * math.pi * (i + 1) / n
                line(cx + r * math.cos(a), cy + r * math.sin(a), cx + r * math.cos(b), cy + r * math.sin(b), pen)
        elif kind == "box":
            (x0, y0), (x1, y1) = point(), point()
            for a, b, c, d in [(x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)]:
                line(a, b, c, d, pen)
        else:
            x, y = point()
            angle = rng.uniform(0, 2 * math.pi)
            for _ in range(rng.randint(5, 15)):
                angle += rng.uniform(-1, 1)
                nx = min(max(x + 6 * math.cos(angle), 2), size - 3)
                ny = min(max(y + 6 * math.sin(angle), 2), size - 3)
                line(x, y, nx, ny, pen)
                x, y = nx, ny
    return ink


def png_1bit(ink):
    height, width = len(ink), len(ink[0])
    raw = bytearray()
    for row in ink:
        raw.append(0)
        for x0 in range(0, width, 8):
            byte = 0
            for k in range(8):
                white = 1 if x0 + k >= width or not row[x0 + k] else 0
                byte |= white << (7 - k)
            raw.append(byte)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def pbm(ink):
    height, width = len(ink), len(ink[0])
    out = bytearray(f"P4\n{width} {height}\n".encode())
    for row in ink:
        for x0 in range(0, width, 8):
            byte = 0
            for k in range(8):
                if x0 + k < width and row[x0 + k]:
                    byte |= 1 << (7 - k)
            out.append(byte)
    return bytes(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("outdir")
    p.add_argument("count", type=int)
    p.add_argument("seed", type=int)
    p.add_argument("--size", type=int, default=105)
    p.add_argument("--format", choices=["png", "pbm"], default="png")
    a = p.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    rng = random.Random(a.seed)
    for i in range(a.count):
        ink = draw(rng, a.size)
        data = png_1bit(ink) if a.format == "png" else pbm(ink)
        with open(os.path.join(a.outdir, f"drawing-{i:04d}.{a.format}"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
