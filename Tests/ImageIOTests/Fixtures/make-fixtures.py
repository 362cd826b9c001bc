#!/usr/bin/env python3
"""Generates the ImageIO test fixtures: valid/ (with manifest.json) and malformed/.

Run from anywhere: python3 make-fixtures.py. The output is deterministic (seeded random
pixels, gzip mtime 0), so rerunning it leaves the committed files unchanged.

valid/manifest.json lists, for each valid file, what a correct reader must return:
Netpbm files: every image's variant, width, height, maxval and row-major pixels (PBM
1 = black, as in the file), and the number of trailing bytes; IDX files: the dimensions
and values. The expected error of each malformed file is asserted in the Swift tests
(MalformedFixtureTests), whose table must name every file written here.
"""
import gzip
import json
import os
import random
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(HERE, "valid")
MALFORMED = os.path.join(HERE, "malformed")


def pack_p4(width, height, pixels, padding=None):
    """Packs 0/1 pixels into P4 rows, MSB first; padding[row] is ORed into the last byte."""
    row_bytes = (width + 7) // 8
    out = bytearray()
    for y in range(height):
        row = bytearray(row_bytes)
        for x in range(width):
            if pixels[y * width + x]:
                row[x >> 3] |= 0x80 >> (x & 7)
        if padding:
            row[-1] |= padding[y]
        out += row
    return bytes(out)


def rand_pixels(rng, count, maxval):
    return [rng.randint(0, maxval) for _ in range(count)]


def image(variant, width, height, maxval, pixels):
    return {"variant": variant, "width": width, "height": height, "maxval": maxval, "pixels": pixels}


def write(folder, name, data):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def valid_files(rng):
    """Yields (name, bytes, manifest entry)."""
    # P1: comments in the header and raster, digits with and without separators.
    px = rand_pixels(rng, 5 * 3, 1)
    text = "P1\n# plain bitmap\n5 # width\n3\n"
    text += " ".join(map(str, px[0:5])) + "\n"
    text += "".join(map(str, px[5:10])) + "# comment inside the raster\n"
    text += "\t".join(map(str, px[10:15])) + "\n"
    yield "p1-comments.pbm", text.encode(), {"kind": "netpbm", "images": [image(1, 5, 3, 1, px)], "trailing": 1}

    # P2 with maxval 7 and lines of uneven length.
    px = rand_pixels(rng, 4 * 3, 7)
    text = "P2\n4 3\n7\n" + "\n".join(" ".join(map(str, px[i:i + 5])) for i in range(0, 12, 5)) + "\n"
    yield "p2-maxval7.pgm", text.encode(), {"kind": "netpbm", "images": [image(2, 4, 3, 7, px)], "trailing": 1}

    # P2 with maxval 255, comments between the samples.
    px = rand_pixels(rng, 3 * 2, 255)
    text = "P2 3 2 255 " + " # a\n".join(map(str, px)) + "\n"
    yield "p2-maxval255.pgm", text.encode(), {"kind": "netpbm", "images": [image(2, 3, 2, 255, px)], "trailing": 1}

    # P4 of odd width (13) with nonzero padding bits in some rows.
    px = rand_pixels(rng, 13 * 4, 1)
    padding = [0b101, 0, 0b111, 0b001]
    data = b"P4\n# odd width\n13 4\n" + pack_p4(13, 4, px, padding)
    yield "p4-odd-width-padding.pbm", data, {"kind": "netpbm", "images": [image(4, 13, 4, 1, px)], "trailing": 0}

    # P4 whose width is a multiple of 8 (no padding), canonical header.
    px = rand_pixels(rng, 16 * 2, 1)
    data = b"P4\n16 2\n" + pack_p4(16, 2, px)
    yield "p4-width16.pbm", data, {"kind": "netpbm", "images": [image(4, 16, 2, 1, px)], "trailing": 0}

    # P4 of width 1 (7 padding bits per row).
    px = rand_pixels(rng, 1 * 5, 1)
    data = b"P4 1 5\n" + pack_p4(1, 5, px, [0x7F, 0, 0, 0, 0x01])
    yield "p4-width1.pbm", data, {"kind": "netpbm", "images": [image(4, 1, 5, 1, px)], "trailing": 0}

    # P5 canonical, maxval 255.
    px = rand_pixels(rng, 6 * 4, 255)
    data = b"P5\n6 4\n255\n" + bytes(px)
    yield "p5-maxval255.pgm", data, {"kind": "netpbm", "images": [image(5, 6, 4, 255, px)], "trailing": 0}

    # P5 maxval 1 (a graymap, not a bitmap: 1 = white).
    px = rand_pixels(rng, 3 * 3, 1)
    data = b"P5 3 3 1\n" + bytes(px)
    yield "p5-maxval1.pgm", data, {"kind": "netpbm", "images": [image(5, 3, 3, 1, px)], "trailing": 0}

    # P5 with comments in every allowed place; the last one ends the header (libnetpbm rule).
    px = rand_pixels(rng, 4 * 2, 7)
    data = b"P5#after magic\n\t4#after width\r2 \n# own line\n7#ends the header\n" + bytes(px)
    yield "p5-comments-everywhere.pgm", data, {"kind": "netpbm", "images": [image(5, 4, 2, 7, px)], "trailing": 0}

    # Three P5 images, whitespace between them, trailing bytes after the last.
    images, data = [], b""
    for i, (w, h, m) in enumerate([(2, 2, 255), (3, 1, 7), (1, 4, 1)]):
        px = rand_pixels(rng, w * h, m)
        images.append(image(5, w, h, m, px))
        data += (b"\n" if i == 2 else b"") + b"P5 %d %d %d\n" % (w, h, m) + bytes(px)
    data += b"\n\x00trailing"
    yield "multi-p5-trailing.pgm", data, {"kind": "netpbm", "images": images, "trailing": 10}

    # Mixed binary images in one file: P4, P5, P4.
    images, data = [], b""
    px = rand_pixels(rng, 9 * 2, 1)
    images.append(image(4, 9, 2, 1, px))
    data += b"P4\n9 2\n" + pack_p4(9, 2, px, [1, 0])
    px = rand_pixels(rng, 2 * 2, 200)
    images.append(image(5, 2, 2, 200, px))
    data += b"P5\n2 2\n200\n" + bytes(px)
    px = rand_pixels(rng, 3 * 3, 1)
    images.append(image(4, 3, 3, 1, px))
    data += b"P4\n3 3\n" + pack_p4(3, 3, px)
    yield "multi-mixed.pnm", data, {"kind": "netpbm", "images": images, "trailing": 0}

    # Two plain images in one file.
    a, b = rand_pixels(rng, 4, 1), rand_pixels(rng, 4, 3)
    text = "P1 2 2\n%s\nP2 2 2 3\n%s\n" % (" ".join(map(str, a)), " ".join(map(str, b)))
    yield "multi-plain.pnm", text.encode(), {
        "kind": "netpbm", "images": [image(1, 2, 2, 1, a), image(2, 2, 2, 3, b)], "trailing": 1}

    # IDX: rank 1 (labels), rank 2, rank 3 gzip, rank 4.
    for name, dims, maxval, gz in [("idx-rank1-labels.idx", [10], 9, False),
                                   ("idx-rank2.idx", [3, 5], 255, False),
                                   ("idx-rank3-images.idx.gz", [4, 6, 5], 1, True),
                                   ("idx-rank4.idx", [2, 3, 2, 2], 255, False)]:
        count = 1
        for d in dims:
            count *= d
        values = rand_pixels(rng, count, maxval)
        data = bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(values)
        if gz:
            data = gzip.compress(data, compresslevel=9, mtime=0)
        yield name, data, {"kind": "idx", "dimensions": dims, "values": values}

    # gzip with two members (as `cat a.gz b.gz` makes): one IDX split across them.
    values = rand_pixels(rng, 3 * 4, 255)
    data = bytes([0, 0, 8, 2]) + struct.pack(">2I", 3, 4) + bytes(values)
    data = gzip.compress(data[:7], compresslevel=9, mtime=0) + gzip.compress(data[7:], compresslevel=1, mtime=0)
    yield "idx-two-gzip-members.idx.gz", data, {"kind": "idx", "dimensions": [3, 4], "values": values}


def idx(dims, body):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + body


def malformed_files():
    """Yields (name, bytes); names say the problem."""
    yield "empty.pgm", b""
    yield "bad-magic.pgm", b"Q5\n2 2\n255\n\x00\x01\x02\x03"
    yield "p6-unsupported-variant.ppm", b"P6\n1 1\n255\n\x00\x00\x00"
    yield "p5-truncated-header.pgm", b"P5\n28 "
    yield "p5-missing-maxval.pgm", b"P5\n2 2\n"
    yield "p5-malformed-width.pgm", b"P5\n2x 2\n255\n\x00\x01\x02\x03"
    yield "p5-missing-separator.pgm", b"P52 2 255\n\x00\x01\x02\x03"
    yield "p5-width-zero.pgm", b"P5\n0 2\n255\n"
    yield "p5-height-negative.pgm", b"P5\n2 -3\n255\n\x00\x01"
    yield "p5-width-overflow.pgm", b"P5\n99999999999999999999 2\n255\n\x00"
    yield "p5-maxval-zero.pgm", b"P5\n2 2\n0\n\x00\x00\x00\x00"
    yield "p5-maxval-16bit.pgm", b"P5\n1 1\n65535\n\x00\x00"
    yield "p5-maxval-too-large.pgm", b"P5\n1 1\n70000\n\x00\x00"
    yield "p5-pixel-above-maxval.pgm", b"P5\n2 2\n7\n\x00\x07\x09\x01"
    yield "p5-no-raster-delimiter.pgm", b"P5 2 2 255"
    yield "p5-truncated-body.pgm", b"P5\n4 4\n255\n" + bytes(range(10))
    yield "p5-too-large.pgm", b"P5\n65536 65536\n255\n\x00"
    yield "p5-second-image-truncated.pgm", b"P5 1 1 255\n\x05P5 2 2 255\n\x01"
    yield "p4-truncated-body.pbm", b"P4\n9 3\n\xff\x80\xff"
    yield "p4-height-zero.pbm", b"P4\n8 0\n"
    yield "p1-bad-digit.pbm", b"P1\n2 2\n0 1\n2 0\n"
    yield "p1-truncated-body.pbm", b"P1\n3 3\n0 1 0\n1 1 1\n0 0"
    yield "p2-pixel-above-maxval.pgm", b"P2\n2 2\n15\n0 15\n16 3\n"
    yield "p2-pixel-overflow.pgm", b"P2\n2 1\n255\n1 99999999999999999999\n"
    yield "p2-malformed-pixel.pgm", b"P2\n2 2\n255\n1 2\n3x 4\n"
    yield "p2-truncated-body.pgm", b"P2\n3 3\n255\n1 2 3 4 5 6 7\n"
    yield "idx-bad-magic.idx", b"\x01\x00" + idx([2], b"\x00\x01")[2:]
    yield "idx-unsupported-type.idx", b"\x00\x00\x0d\x01" + struct.pack(">I", 1) + b"\x00\x00\x00\x00"
    yield "idx-rank-zero.idx", b"\x00\x00\x08\x00"
    yield "idx-rank-five.idx", b"\x00\x00\x08\x05" + struct.pack(">5I", 1, 1, 1, 1, 1) + b"\x00"
    yield "idx-truncated-header.idx", b"\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00"
    yield "idx-dims-overflow.idx", b"\x00\x00\x08\x04" + struct.pack(">4I", *[0xFFFFFFFF] * 4)
    yield "idx-zero-dimension.idx", idx([3, 0, 2], b"")
    yield "idx-too-large.idx", idx([65536, 65536], b"\x00")
    yield "idx-truncated-body.idx", idx([3, 4], bytes(11))
    yield "idx-trailing-bytes.idx", idx([3], b"\x01\x02\x03\x04")
    good = gzip.compress(idx([4, 4], bytes(range(16))), compresslevel=9, mtime=0)
    yield "idx-gzip-truncated.idx.gz", good[:len(good) - 6]
    # Flip the stored CRC-32: the stream inflates but fails its check.
    yield "idx-gzip-bad-crc.idx.gz", good[:-8] + bytes(b ^ 0xFF for b in good[-8:-4]) + good[-4:]
    yield "idx-gzip-trailing-garbage.idx.gz", good + b"garbage"
    yield "idx-gzip-truncated-body.idx.gz", gzip.compress(idx([4, 4], bytes(10)), compresslevel=9, mtime=0)


def main():
    rng = random.Random(20240611)
    for folder in (VALID, MALFORMED):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    manifest = {}
    for name, data, entry in valid_files(rng):
        write(VALID, name, data)
        manifest[name] = entry
    with open(os.path.join(VALID, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    for name, data in malformed_files():
        write(MALFORMED, name, data)


if __name__ == "__main__":
    main()
