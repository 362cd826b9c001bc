#!/usr/bin/env python3
"""Generates the PNG test fixtures in png/ (with png/manifest.json), using only zlib and struct.

Run from anywhere: python3 make-png-fixtures.py. The output is deterministic (seeded random
pixels), so rerunning it leaves the committed files unchanged.

The encoder here is written independently of the Swift PNGWriter (Adam7 interlacing, all five
row filters, several IDAT chunks, ancillary chunks), so the valid files check the reader against
another writer. png/manifest.json lists, for each file named valid-*.png, what PNGReader must
return: width, height, bit depth and the row-major samples in ImageIO's convention (for bit
depth 1, 1 = black, the inverse of PNG's gray value). Every other file must be refused; the
expected error of each is asserted in PNGReaderTests, whose table must name every file.
"""
import json
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "png")
SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Adam7 passes: (x start, y start, x step, y step).
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data, crc=None):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) if crc is None else crc)


def ihdr(width, height, depth, colour_type=0, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, interlace))


def pack_row(values, depth):
    """Packs samples of `depth` bits, most significant first, into bytes."""
    if depth == 8:
        return bytes(values)
    if depth == 16:
        return b"".join(struct.pack(">H", v) for v in values)
    out, byte, bits = bytearray(), 0, 0
    for v in values:
        byte = byte << depth | v
        bits += depth
        if bits == 8:
            out.append(byte)
            byte, bits = 0, 0
    if bits:
        out.append(byte << (8 - bits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, row, prior, bpp):
    """PNG filter `kind` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) applied to one row."""
    out = bytearray([kind])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prior[i] if prior else 0
        c = prior[i - bpp] if prior and i >= bpp else 0
        predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - predictor) & 0xFF)
    return bytes(out)


def scanlines(rows, depth, channels, filters):
    """Filtered scanlines of a (sub)image given as rows of sample tuples/ints."""
    bpp = max(1, depth * channels // 8)
    out, prior = bytearray(), None
    for y, row in enumerate(rows):
        flat = [v for px in row for v in (px if isinstance(px, tuple) else (px,))]
        packed = pack_row(flat, depth)
        out += filter_row(filters[y % len(filters)], packed, prior, bpp)
        prior = packed
    return bytes(out)


def image_data(width, height, pixels, depth, channels=1, interlace=0, filters=(0,)):
    rows = [pixels[y * width:(y + 1) * width] for y in range(height)]
    if not interlace:
        return scanlines(rows, depth, channels, filters)
    out = bytearray()
    for x0, y0, dx, dy in ADAM7:
        sub = [row[x0::dx] for row in rows[y0::dy]]
        if sub and sub[0]:
            out += scanlines(sub, depth, channels, filters)
    return bytes(out)


def png(width, height, pixels, depth, colour_type=0, interlace=0, filters=(0,), before=b"", after=b"",
        idat_size=None, channels=1):
    data = zlib.compress(image_data(width, height, pixels, depth, channels, interlace, filters), 9)
    step = idat_size or len(data)
    idats = b"".join(chunk(b"IDAT", data[i:i + step]) for i in range(0, len(data), step))
    return SIGNATURE + ihdr(width, height, depth, colour_type, interlace) + before + idats + after + chunk(b"IEND", b"")


def gray(rng, width, height, depth):
    return [rng.randrange(1 << depth) for _ in range(width * height)]


def valid_files(rng):
    """Yields (name, bytes, width, height, depth, PNG gray values)."""
    px = gray(rng, 13, 11, 1)
    yield "valid-gray1-13x11-adam7.png", png(13, 11, px, 1, interlace=1, filters=(0, 1, 2, 3, 4)), 13, 11, 1, px
    px = gray(rng, 1, 9, 1)
    yield "valid-gray1-1x9.png", png(1, 9, px, 1, filters=(2, 4)), 1, 9, 1, px
    px = gray(rng, 7, 5, 2)
    yield "valid-gray2-7x5-adam7.png", png(7, 5, px, 2, interlace=1, filters=(4, 3)), 7, 5, 2, px
    px = gray(rng, 9, 4, 4)
    yield "valid-gray4-9x4-filters.png", png(9, 4, px, 4, filters=(1, 2, 3, 4)), 9, 4, 4, px
    # Ancillary chunks before and after the image data are skipped; the data spans many IDATs.
    px = gray(rng, 105, 5, 8)
    text = chunk(b"tEXt", b"Comment\x00ignored by the reader")
    gamma = chunk(b"gAMA", struct.pack(">I", 45455))
    yield ("valid-gray8-105x5-filters-chunks.png",
           png(105, 5, px, 8, filters=(0, 1, 2, 3, 4), before=text + gamma, after=text, idat_size=50), 105, 5, 8, px)
    px = gray(rng, 1, 1, 8)
    yield "valid-gray8-1x1-adam7.png", png(1, 1, px, 8, interlace=1), 1, 1, 8, px
    px = gray(rng, 10, 3, 8)
    yield "valid-gray8-10x3-bytes-after-iend.png", png(10, 3, px, 8) + b"trailing bytes are not looked at", 10, 3, 8, px


def refused_files(rng):
    """Yields (name, bytes); PNGReaderTests gives each one's error."""
    rgb = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(6)]
    yield "colour-rgb.png", png(3, 2, rgb, 8, colour_type=2, channels=3)
    palette = chunk(b"PLTE", bytes([0, 0, 0, 255, 0, 0]))
    yield "colour-palette.png", png(3, 2, [0, 1, 1, 0, 1, 0], 8, colour_type=3, before=palette)
    yield "gray-alpha.png", png(3, 2, [(v, 255) for v in gray(rng, 3, 2, 8)], 8, colour_type=4, channels=2)
    rgba = [tuple(rng.randrange(256) for _ in range(4)) for _ in range(6)]
    yield "colour-rgba.png", png(3, 2, rgba, 8, colour_type=6, channels=4)
    yield "gray8-trns.png", png(3, 2, gray(rng, 3, 2, 8), 8, before=chunk(b"tRNS", struct.pack(">H", 7)))
    yield "gray16.png", png(3, 2, gray(rng, 3, 2, 16), 16)

    good = png(20, 20, gray(rng, 20, 20, 8), 8)
    idat = good.index(b"IDAT")
    yield "truncated-in-idat.png", good[:idat + 20]
    yield "truncated-no-iend.png", good[:-12]
    yield "truncated-signature-only.png", SIGNATURE
    yield "bad-signature-lf.png", good.replace(b"\r\n", b"\n", 1)
    bad_crc = bytearray(good)
    bad_crc[-13] ^= 0x01  # last byte of the IDAT CRC
    yield "bad-crc-idat.png", bytes(bad_crc)
    yield "bad-crc-text.png", png(4, 4, gray(rng, 4, 4, 8), 8, before=chunk(b"tEXt", b"a\x00b", crc=0))
    yield "bad-zlib.png", SIGNATURE + ihdr(4, 4, 8) + chunk(b"IDAT", b"\x78\x9c" + bytes(range(40))) + chunk(b"IEND", b"")
    raw = b"".join(bytes([7]) + bytes(4) for _ in range(4))  # filter type 7 does not exist
    yield "bad-filter-type.png", SIGNATURE + ihdr(4, 4, 8) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    yield "bad-bit-depth-3.png", SIGNATURE + ihdr(4, 4, 3) + chunk(b"IEND", b"")
    yield "bad-colour-type-5.png", SIGNATURE + ihdr(4, 4, 8, colour_type=5) + chunk(b"IEND", b"")
    yield "bad-width-zero.png", SIGNATURE + ihdr(0, 4, 8) + chunk(b"IEND", b"")
    yield "bad-idat-before-ihdr.png", SIGNATURE + chunk(b"IDAT", zlib.compress(bytes(5))) + ihdr(4, 1, 8) + chunk(b"IEND", b"")
    # Headers announcing too much, each followed by a little image data cut short.
    tail = chunk(b"IDAT", zlib.compress(bytes(16385 * 4))[:64])
    yield "dims-absurd.png", SIGNATURE + ihdr(0x7FFFFFFF, 0x7FFFFFFF, 8) + tail
    yield "dims-just-over-limit.png", SIGNATURE + ihdr(16385, 16384, 1) + tail
    yield "dims-at-limit-truncated.png", SIGNATURE + ihdr(16384, 16384, 8) + tail


def main():
    rng = random.Random(20261122)
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    manifest = {}
    for name, data, width, height, depth, values in valid_files(rng):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        samples = [1 - v for v in values] if depth == 1 else values
        manifest[name] = {"width": width, "height": height, "bitDepth": depth, "samples": samples}
    for name, data in refused_files(rng):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        entries = [" %s: %s" % (json.dumps(name), json.dumps(manifest[name], sort_keys=True)) for name in sorted(manifest)]
        f.write("{\n" + ",\n".join(entries) + "\n}\n")


if __name__ == "__main__":
    main()
