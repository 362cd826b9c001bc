#!/usr/bin/env python3
"""Regenerate the sample images in Corpora/ exactly (Python 3 standard library only).

    python3 scripts/make-corpora.py           # write Corpora/*
    python3 scripts/make-corpora.py --check   # compare Corpora/* with what would be written

Fashion-MNIST images come from Debian's package dataset-fashion-mnist (MIT licence), which
this script does not install: `apt-get install dataset-fashion-mnist`. The synthetic images use
SplitMix64 and integer arithmetic only, so they are the same bytes on every machine and Python.
Corpora/README.md lists every file and its provenance.
"""

import gzip
import os
import struct
import sys

DATASET = "/usr/share/datasets/fashion-mnist"
IMAGES = os.path.join(DATASET, "t10k-images-idx3-ubyte.gz")
LABELS = os.path.join(DATASET, "t10k-labels-idx1-ubyte.gz")
CORPORA = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "Corpora")
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
THRESHOLD = 128  # a sample >= THRESHOLD becomes 1 (black, PBM convention) when binarised


class SplitMix64:
    """Steele, Lea & Flood (2014); the same generator as the project's DeterministicMath."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def below(self, bound):
        return self.next() % bound


# --- reading Fashion-MNIST ---------------------------------------------------------------

def read_idx(path, expected_rank):
    """Dimensions and bytes of a gzipped unsigned-byte IDX file."""
    with gzip.open(path, "rb") as stream:
        data = stream.read()
    zero, kind, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 0x08 or rank != expected_rank:
        sys.exit(f"make-corpora: {path} is not an unsigned-byte IDX file of rank {expected_rank}")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return list(dims), data[4 + 4 * rank:]


def fashion_images():
    """The test set as a list of 28×28 byte strings, and their labels."""
    for path in (IMAGES, LABELS):
        if not os.path.exists(path):
            sys.exit(f"make-corpora: {path} is missing; install Debian's package "
                     "dataset-fashion-mnist (apt-get install dataset-fashion-mnist)")
    dims, pixels = read_idx(IMAGES, 3)
    _, labels = read_idx(LABELS, 1)
    count, rows, columns = dims
    if (rows, columns) != (28, 28) or len(pixels) != count * 784 or len(labels) != count:
        sys.exit(f"make-corpora: unexpected Fashion-MNIST shape {dims}")
    return [pixels[i * 784:(i + 1) * 784] for i in range(count)], labels


# --- writing Netpbm and IDX ------------------------------------------------------------------

def pgm_raw(width, height, maxval, samples, comment=None):
    header = b"P5\n" + (b"# " + comment.encode() + b"\n" if comment else b"")
    return header + b"%d %d\n%d\n" % (width, height, maxval) + bytes(samples)


def plain_lines(tokens, limit=70):
    """Tokens joined by spaces into lines of at most `limit` characters (the Netpbm advice)."""
    lines, line = [], ""
    for token in tokens:
        if line and len(line) + 1 + len(token) > limit:
            lines.append(line)
            line = token
        else:
            line = line + " " + token if line else token
    lines.append(line)
    return ("\n".join(lines) + "\n").encode()


def pgm_plain(width, height, maxval, samples, comment):
    header = b"P2\n# " + comment.encode() + b"\n%d %d\n%d\n" % (width, height, maxval)
    rows = [plain_lines([str(s) for s in samples[y * width:(y + 1) * width]]) for y in range(height)]
    return header + b"".join(rows)


def pbm_raw(width, height, bits, comment=None):
    """P4: rows packed 8 pixels a byte, most significant bit first, padding bits zero."""
    body = bytearray()
    for y in range(height):
        row = bits[y * width:(y + 1) * width]
        for start in range(0, width, 8):
            byte = 0
            for offset, bit in enumerate(row[start:start + 8]):
                byte |= bit << (7 - offset)
            body.append(byte)
    header = b"P4\n" + (b"# " + comment.encode() + b"\n" if comment else b"")
    return header + b"%d %d\n" % (width, height) + bytes(body)


def pbm_plain(width, height, bits, comment):
    header = b"P1\n# " + comment.encode() + b"\n%d %d\n" % (width, height)
    rows = [plain_lines([str(b) for b in bits[y * width:(y + 1) * width]]) for y in range(height)]
    return header + b"".join(rows)


def idx_bytes(dims, values):
    return struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims) + bytes(values)


def binarise(samples):
    return [1 if s >= THRESHOLD else 0 for s in samples]


# --- synthetic images ------------------------------------------------------------------------

class Canvas:
    """A bi-level canvas, 0 = white, 1 = black."""

    def __init__(self, width, height):
        self.width, self.height = width, height
        self.bits = [0] * (width * height)

    def set(self, x, y, value=1):
        if 0 <= x < self.width and 0 <= y < self.height:
            self.bits[y * self.width + x] = value

    def rect(self, x0, y0, x1, y1, filled):
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                if filled or x in (x0, x1) or y in (y0, y1):
                    self.set(x, y)

    def disc(self, cx, cy, radius, inner=-1):
        """Pixels with inner^2 < d^2 <= radius^2: a disc, or a ring when inner >= 0."""
        for y in range(cy - radius, cy + radius + 1):
            for x in range(cx - radius, cx + radius + 1):
                d2 = (x - cx) ** 2 + (y - cy) ** 2
                if inner * inner < d2 <= radius * radius or (inner < 0 and d2 <= radius * radius):
                    self.set(x, y)

    def line(self, x0, y0, x1, y1, thickness):
        """Bresenham's line with a square brush of side `thickness`."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error = dx + dy
        while True:
            for by in range(thickness):
                for bx in range(thickness):
                    self.set(x0 + bx, y0 + by)
            if (x0, y0) == (x1, y1):
                return
            doubled = 2 * error
            if doubled >= dy:
                error += dy
                x0 += sx
            if doubled <= dx:
                error += dx
                y0 += sy


def shapes_image(width=200, height=150, seed=0x5EED_C0DE):
    """Shapes in the upper part, three lines of glyph-like strokes below."""
    rng = SplitMix64(seed)
    canvas = Canvas(width, height)
    canvas.rect(0, 0, width - 1, height - 1, filled=False)
    canvas.rect(8, 8, 52, 40, filled=True)
    canvas.rect(60, 10, 100, 44, filled=False)
    canvas.disc(125, 27, 18)
    canvas.disc(172, 27, 19, inner=12)
    canvas.line(8, 50, 190, 60, 2)
    canvas.line(110, 8, 150, 50, 3)
    # Glyphs: 2 to 4 strokes between points of a 3×4 grid, 10×14 pixels each, words of 2 to 6.
    grid = [(gx * 4, gy * 4) for gy in range(4) for gx in range(3)]
    for row in range(3):
        x, y = 8, 70 + row * 26
        while True:
            word = 2 + rng.below(5)
            if x + word * 12 > width - 8:
                break
            for _ in range(word):
                for _ in range(2 + rng.below(3)):
                    (ax, ay), (bx, by) = grid[rng.below(12)], grid[rng.below(12)]
                    canvas.line(x + ax, y + ay, x + bx, y + by, 2)
                x += 12
            x += 8
    return canvas.bits


def texture_image(width=97, height=61, seed=0x7E97_0001):
    """8-bit diagonal gradient with a triangle-wave ripple, a darker disc and seeded noise."""
    rng = SplitMix64(seed)
    samples = []
    for y in range(height):
        for x in range(width):
            value = (x * 200) // (width - 1) + (y * 55) // (height - 1)
            phase = (x + 2 * y) % 24
            value += 2 * abs(phase - 12) - 12
            if (x - 30) ** 2 + (y - 35) ** 2 <= 15 * 15:
                value -= 70
            value += rng.below(7) - 3
            samples.append(min(255, max(0, value)))
    return samples


# --- the corpus ------------------------------------------------------------------------------

def corpus():
    """File name -> bytes, in a fixed order."""
    images, labels = fashion_images()
    files = {}
    for index in range(8):
        comment = f"Fashion-MNIST t10k image {index}, label {labels[index]} ({CLASSES[labels[index]]})"
        files[f"fashion-t10k-{index:03}.pgm"] = pgm_raw(28, 28, 255, images[index], comment)
    files["fashion-t10k-008-039.pgm"] = b"".join(pgm_raw(28, 28, 255, images[i]) for i in range(8, 40))
    files["fashion-t10k-000-007.idx3-ubyte"] = idx_bytes([8, 28, 28], b"".join(images[:8]))
    for index in range(4):
        comment = f"Fashion-MNIST t10k image {index}, sample >= {THRESHOLD} -> 1"
        files[f"fashion-t10k-{index:03}-bw.pbm"] = pbm_raw(28, 28, binarise(images[index]), comment)
    files["fashion-t10k-000-bw-plain.pbm"] = pbm_plain(
        28, 28, binarise(images[0]), f"Fashion-MNIST t10k image 0, sample >= {THRESHOLD} -> 1")
    files["shapes-200x150.pbm"] = pbm_raw(200, 150, shapes_image())
    texture = texture_image()
    files["texture-97x61.pgm"] = pgm_raw(97, 61, 255, texture)
    files["texture-97x61-maxval15.pgm"] = pgm_plain(
        97, 61, 15, [(s * 15 + 127) // 255 for s in texture], "texture-97x61.pgm scaled to maxval 15")
    return files


def main(arguments):
    if arguments not in ([], ["--check"]):
        sys.exit(__doc__)
    files = corpus()
    if arguments == ["--check"]:
        stale = []
        for name, data in files.items():
            path = os.path.join(CORPORA, name)
            if not os.path.exists(path) or open(path, "rb").read() != data:
                stale.append(name)
        if stale:
            sys.exit("make-corpora: differs from the script's output: " + ", ".join(stale))
        print(f"make-corpora: {len(files)} files match")
        return
    os.makedirs(CORPORA, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(CORPORA, name), "wb") as out:
            out.write(data)
    total = sum(len(data) for data in files.values())
    print(f"make-corpora: wrote {len(files)} files, {total} bytes, to {os.path.normpath(CORPORA)}")


if __name__ == "__main__":
    main(sys.argv[1:])
