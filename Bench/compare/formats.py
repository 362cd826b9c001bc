"""Image files the comparison writes and reads back: IDX, Netpbm (PBM, PGM, PAM) and PNG.

Python 3 standard library only. An `Image` holds one sample per pixel, 0..maxval. For bi-level
images the sample is the PBM bit (IDX images with values 0/1 use the same numbers), so the PBM
files written here carry exactly the input's 0s and 1s.

Decoders disagree on conventions (PBM 1 = black, PNG/PGM 0 = black, 1-bit vs 8-bit output), so
every check compares *luminance*: 8 bits per pixel, 0 = black, of what was handed to the encoder
and of what its decoder wrote. `luminance_of_input` and `luminance_of_file` are the two sides.
"""

import gzip
import math
import struct
import zlib


class FormatError(Exception):
    """A file that is not the image format it claims to be (or one this module does not read)."""


class Image:
    """One image: `width` × `height` samples, row-major, each in 0...`maxval`.

    Invariant: `len(samples) == width * height` and every sample ≤ `maxval`.
    """

    __slots__ = ("width", "height", "maxval", "samples")

    def __init__(self, width, height, maxval, samples):
        if len(samples) != width * height:
            raise FormatError(f"{len(samples)} samples for {width}x{height}")
        self.width, self.height, self.maxval, self.samples = width, height, maxval, bytes(samples)

    @property
    def pixels(self):
        return self.width * self.height

    @property
    def raw_bits(self):
        """Bits of the uncompressed image at its own depth: 1 per bi-level pixel, 8 per 8-bit one."""
        return self.pixels * self.maxval.bit_length()


# ---------------------------------------------------------------------------------------------
# IDX (MNIST distribution format): 00 00 08 03, count, rows, cols (big-endian UInt32), bytes.

def read_idx(data):
    """Images of an IDX file (gzip-compressed or not), maxval 1 when every value is 0 or 1."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 16 or data[:4] != b"\x00\x00\x08\x03":
        raise FormatError("not an IDX file of unsigned bytes with three dimensions")
    count, rows, cols = struct.unpack(">III", data[4:16])
    size = rows * cols
    if len(data) != 16 + count * size:
        raise FormatError(f"IDX body has {len(data) - 16} bytes, header says {count * size}")
    body = data[16:]
    maxval = 1 if max(body, default=0) <= 1 else 255
    return [Image(cols, rows, maxval, body[k * size:(k + 1) * size]) for k in range(count)]


def write_idx(images):
    """One IDX file of same-sized images, one byte per sample."""
    first = images[0]
    if any((im.width, im.height) != (first.width, first.height) for im in images):
        raise FormatError("IDX needs images of one size")
    header = b"\x00\x00\x08\x03" + struct.pack(">III", len(images), first.height, first.width)
    return header + b"".join(im.samples for im in images)


# ---------------------------------------------------------------------------------------------
# Netpbm.

def _pack_bits(samples, width, height):
    """PBM P4 raster: rows of `width` bits, MSB first, each row padded to whole bytes."""
    row_bytes = (width + 7) // 8
    out = bytearray(row_bytes * height)
    for y in range(height):
        row = samples[y * width:(y + 1) * width]
        # int.from_bytes on the 0/1 digits of one row packs it at C speed.
        padded = row + bytes(row_bytes * 8 - width)
        value = int(padded.translate(_BIT_DIGITS), 2)
        out[y * row_bytes:(y + 1) * row_bytes] = value.to_bytes(row_bytes, "big")
    return bytes(out)


_BIT_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _unpack_bits(raster, width, height):
    row_bytes = (width + 7) // 8
    if len(raster) < row_bytes * height:
        raise FormatError("PBM raster is truncated")
    out = bytearray()
    for y in range(height):
        bits = bin(int.from_bytes(raster[y * row_bytes:(y + 1) * row_bytes], "big"))[2:]
        out += bits.zfill(row_bytes * 8)[:width].encode().translate(_DIGIT_BITS)
    return bytes(out)


_DIGIT_BITS = bytes.maketrans(b"01", b"\x00\x01")


def write_pbm(image):
    """A binary PBM (P4) of a bi-level image; sample 1 is written as bit 1 (black)."""
    if image.maxval != 1:
        raise FormatError("PBM needs a bi-level image")
    header = b"P4\n%d %d\n" % (image.width, image.height)
    return header + _pack_bits(image.samples, image.width, image.height)


def write_pgm(image, to_8bit=False):
    """A binary PGM (P5); `to_8bit` scales samples to maxval 255 (exact for maxval 1, 3, 15, 255)."""
    if to_8bit and image.maxval != 255:
        return b"P5\n%d %d\n255\n" % (image.width, image.height) + luminance_of_samples(image)
    return b"P5\n%d %d\n%d\n" % (image.width, image.height, image.maxval) + image.samples


def write_netpbm(image):
    """PBM for bi-level images, PGM otherwise: the smallest plain Netpbm file of the image."""
    return write_pbm(image) if image.maxval == 1 else write_pgm(image)


class _Reader:
    """Header tokens of Netpbm files (whitespace and `#` comments between them)."""

    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def token(self):
        data, n = self.data, len(self.data)
        while self.pos < n:
            c = data[self.pos]
            if c == 0x23:  # '#': comment to end of line
                while self.pos < n and data[self.pos] not in (0x0A, 0x0D):
                    self.pos += 1
            elif c in b" \t\r\n\v\f":
                self.pos += 1
            else:
                break
        start = self.pos
        while self.pos < n and data[self.pos] not in b" \t\r\n\v\f#":
            self.pos += 1
        if start == self.pos:
            raise FormatError("Netpbm header is truncated")
        return self.data[start:self.pos]

    def integer(self):
        tok = self.token()
        if not tok.isdigit():
            raise FormatError(f"bad Netpbm header field {tok[:20]!r}")
        return int(tok)


def read_netpbm(data):
    """All images of a Netpbm stream (P1, P2, P4, P5; several may be concatenated).

    Samples are kept as stored: PBM bits (1 = black) with maxval 1, PGM samples with their maxval.
    """
    images, reader = [], _Reader(data)
    while True:
        while reader.pos < len(data) and data[reader.pos] in b" \t\r\n\v\f":
            reader.pos += 1
        if reader.pos >= len(data):
            break
        magic = reader.token()
        width, height = reader.integer(), reader.integer()
        if magic in (b"P1", b"P4"):
            maxval = 1
        elif magic in (b"P2", b"P5"):
            maxval = reader.integer()
            if not 0 < maxval < 256:
                raise FormatError(f"PGM maxval {maxval} is not supported (1...255)")
        else:
            raise FormatError(f"unsupported Netpbm magic {magic[:4]!r}")
        if magic == b"P4":
            reader.pos += 1
            raster_bytes = (width + 7) // 8 * height
            samples = _unpack_bits(data[reader.pos:reader.pos + raster_bytes], width, height)
            reader.pos += raster_bytes
        elif magic == b"P5":
            reader.pos += 1
            samples = data[reader.pos:reader.pos + width * height]
            if len(samples) != width * height:
                raise FormatError("PGM raster is truncated")
            reader.pos += width * height
        elif magic == b"P1":
            samples = bytearray()
            while len(samples) < width * height:
                # Plain PBM digits need no separators: "0110" is four pixels.
                samples += reader.token().translate(_DIGIT_BITS)
            samples = bytes(samples[:width * height])
        else:
            samples = bytes(reader.integer() for _ in range(width * height))
        if max(samples, default=0) > maxval:
            raise FormatError("a sample exceeds maxval")
        images.append(Image(width, height, maxval, samples))
    if not images:
        raise FormatError("no Netpbm image")
    return images


def _read_pam(data):
    """Luminance of a P7 (PAM) file of gray or RGB(A) tuples whose colour channels agree."""
    reader, fields = _Reader(data, 2), {}
    while True:
        key = reader.token()
        if key == b"ENDHDR":
            break
        fields[key] = reader.token()
    reader.pos += 1
    try:
        width, height, depth, maxval = (int(fields[k]) for k in (b"WIDTH", b"HEIGHT", b"DEPTH", b"MAXVAL"))
    except (KeyError, ValueError) as error:
        raise FormatError(f"bad PAM header: {error}") from None
    if maxval != 255 or depth not in (1, 2, 3, 4):
        raise FormatError(f"PAM with depth {depth}, maxval {maxval} is not supported")
    raster = data[reader.pos:reader.pos + width * height * depth]
    if len(raster) != width * height * depth:
        raise FormatError("PAM raster is truncated")
    gray = raster[0::depth]
    if depth >= 3 and (raster[1::depth] != gray or raster[2::depth] != gray):
        raise FormatError("decoded colour channels differ: not a gray image")
    if depth in (2, 4) and raster[depth - 1::depth] != b"\xff" * (width * height):
        raise FormatError("decoded alpha is not opaque")
    return width, height, gray


# ---------------------------------------------------------------------------------------------
# PNG (writer only: decoding goes through the tools' own decoders).

def png_depth(maxval):
    """Bit depth of a gray PNG that stores samples 0...maxval exactly (1, 2, 4 or 8)."""
    for depth in (1, 2, 4, 8):
        if maxval == (1 << depth) - 1:
            return depth
    raise FormatError(f"maxval {maxval} has no exact PNG bit depth")


def write_png(image):
    """A gray PNG at the image's own bit depth (1-bit for bi-level), filter 0, zlib level 9.

    Sample s is written as is, so a bi-level image's 1s are white here (PNG: 0 = black).
    """
    depth = png_depth(image.maxval)
    w, h = image.width, image.height
    if depth == 8:
        rows = (b"\x00" + image.samples[y * w:(y + 1) * w] for y in range(h))
    else:
        per_byte, row_bytes = 8 // depth, (w * depth + 7) // 8
        digits = bytes.maketrans(bytes(range(16)), b"0123456789abcdef")

        def packed(y):
            row = image.samples[y * w:(y + 1) * w] + bytes(row_bytes * per_byte - w)
            return int(row.translate(digits), 1 << depth).to_bytes(row_bytes, "big")

        rows = (b"\x00" + packed(y) for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, depth, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------------------------
# Luminance: what the verification compares.

def luminance_of_samples(image):
    """8-bit luminance of gray samples: s · 255 / maxval (exact for maxval 1, 3, 15, 255)."""
    if 255 % image.maxval:
        raise FormatError(f"maxval {image.maxval} does not scale exactly to 8 bits")
    factor = 255 // image.maxval
    # Samples above maxval never reach here (the readers reject them); clamp to keep 256 entries.
    return image.samples.translate(bytes(min(v * factor, 255) for v in range(256)))


def luminance_of_input(image, file_format):
    """Luminance a decoder must return for `image` given to an encoder as `file_format`.

    PBM stores bit 1 as black (luminance 0); PGM, PNG and the 8-bit pages store s/maxval as
    brightness.
    """
    if file_format == "pbm":
        return image.samples.translate(bytes([255, 0]) + bytes(254))
    return luminance_of_samples(image)


def luminance_of_file(data):
    """(width, height, luminance) of a decoder's output: PBM, PGM or PAM."""
    if data[:2] == b"P7":
        return _read_pam(data)
    images = read_netpbm(data)
    if len(images) != 1:
        raise FormatError(f"decoder wrote {len(images)} images, expected 1")
    image = images[0]
    if image.maxval == 1 and data[:2] in (b"P1", b"P4"):
        return image.width, image.height, luminance_of_input(image, "pbm")
    return image.width, image.height, luminance_of_samples(image)


# ---------------------------------------------------------------------------------------------
# Pages: a data set as one image.

def grid_shape(count):
    """(columns, rows) of the most nearly square grid holding `count` cells."""
    columns = math.isqrt(count - 1) + 1 if count > 1 else 1
    return columns, -(-count // columns)


def tile(images):
    """Same-sized images tiled in raster order into a near-square grid; empty cells are 0.

    - Complexity: O(total pixels).
    """
    first = images[0]
    w, h = first.width, first.height
    columns, rows = grid_shape(len(images))
    page_width = columns * w
    page = bytearray(page_width * rows * h)
    for k, image in enumerate(images):
        if (image.width, image.height, image.maxval) != (w, h, first.maxval):
            raise FormatError("a page needs images of one size and maxval")
        gy, gx = divmod(k, columns)
        origin = gy * h * page_width + gx * w
        for y in range(h):
            page[origin + y * page_width:origin + y * page_width + w] = image.samples[y * w:(y + 1) * w]
    return Image(page_width, rows * h, first.maxval, page)


def stack(images):
    """Images of one width and maxval stacked top to bottom into one tall image."""
    first = images[0]
    if any((im.width, im.maxval) != (first.width, first.maxval) for im in images):
        raise FormatError("stacking needs images of one width and maxval")
    return Image(first.width, sum(im.height for im in images), first.maxval,
                 b"".join(im.samples for im in images))
