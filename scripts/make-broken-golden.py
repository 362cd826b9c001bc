#!/usr/bin/env python3
"""Writes the broken golden .vz files under Tests/CompressorTests/Golden/broken/.

Each file is derived from a valid version-1 golden file (Golden/v1/, kept as made by an earlier
scripts/make-golden.sh, so these test the version-1 reader) by one damage: a
truncation, a bit flip in the header or the payload, a wrong magic, a newer version, a wrong
model hash, absurd or inconsistent dimensions, or trailing bytes. Fields behind the header CRC
are changed with the CRC recomputed ("resealed"), as a hostile writer would, so that the
check meant is the one that fails. manifest.tsv gives, per file, the error the decompressor
must throw: the CompressorError case path (e.g. corruptContainer.truncated) and its exact
message, or "-" where the message depends on what a codec decodes (zstd, vlae payloads). The
expected errors are derived here from FORMAT.md's reading order, independently of the Swift code;
BrokenGoldenFileTests checks them. Deterministic; re-run after make-golden.sh:

    python3 scripts/make-broken-golden.py
"""
import hashlib
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
GOLDEN = os.path.join(ROOT, "Tests", "CompressorTests", "Golden")
OUT = os.path.join(GOLDEN, "broken")
MAX_PIXELS = 1 << 28
MAX_HEADER = 1 << 30
CONTAINER = "corrupt or unsupported .vz file: "


class VZ:
    """A parsed valid .vz file with the offsets of its fields (FORMAT.md)."""

    def __init__(self, name):
        self.name = name
        self.bytes = open(os.path.join(GOLDEN, "v1", name), "rb").read()
        b = self.bytes
        self.H, self.P, self.pixel_crc = struct.unpack_from("<IQI", b, 10)
        self.codec = b[26]
        self.params = 28 + (32 if self.codec == 2 else 0)
        plen = struct.unpack_from("<H", b, self.params + 1)[0]
        self.source = self.params + 3 + plen
        assert b[27] == 1 and b[self.source] == 0, "generator expects a uniform Netpbm list"
        self.count = struct.unpack_from("<I", b, self.source + 1)[0]
        self.entry = self.source + 5
        self.variant, self.maxval, self.width, self.height = struct.unpack_from("<BHII", b, self.entry)
        self.layout_length = self.entry + 11
        self.payload = b[self.H:]
        assert len(b) == self.H + self.P


def crc(data):
    return zlib.crc32(data) & 0xFFFFFFFF


def reseal(b):
    """b with the header CRC recomputed for the header length it declares."""
    h = struct.unpack_from("<I", b, 10)[0]
    return b[:h - 4] + struct.pack("<I", crc(b[:h - 4])) + b[h:]


def put(b, offset, fmt, value):
    return b[:offset] + struct.pack(fmt, value) + b[offset + struct.calcsize(fmt):]


def flip(b, offset, bit):
    return b[:offset] + bytes([b[offset] ^ (1 << bit)]) + b[offset + 1:]


def zstd_rle_frame_header(size):
    """A zstd frame header (RFC 8878): single segment, 4-byte content size, no checksum."""
    return b"\x28\xb5\x2f\xfd" + bytes([0xA0]) + struct.pack("<I", size)


def zstd_rle_zeros(size, block=1 << 17):
    """A zstd frame of `size` zero bytes made of RLE blocks of `block` bytes (4 bytes each)."""
    assert size % block == 0
    frame = zstd_rle_frame_header(size)
    count = size // block
    for index in range(count):
        header = block << 3 | 1 << 1 | (1 if index == count - 1 else 0)
        frame += struct.pack("<I", header)[:3] + b"\x00"
    return frame


def crc_of_zeros(size, chunk=1 << 20):
    value = 0
    zeros = bytes(chunk)
    for _ in range(size // chunk):
        value = zlib.crc32(zeros, value)
    return value & 0xFFFFFFFF


def varint(value):
    """Unsigned LEB128, as in ImageIO's serialised Netpbm layout."""
    out = b""
    while value >= 0x80:
        out += bytes([value & 0x7F | 0x80])
        value >>= 7
    return out + bytes([value])


def stored_netpbm(variant, maxval, width, height, samples, layout):
    """A stored .vz file of one Netpbm image, as in FORMAT.md's example."""
    h = 28 + 3 + 5 + 11 + 4 + len(layout) + 4
    header = (b"\x89VLAE\r\n\x1a" + struct.pack("<HIQI", 1, h, len(samples), crc(samples))
              + bytes([0, 1, 0]) + struct.pack("<H", 0) + bytes([0]) + struct.pack("<I", 1)
              + bytes([variant]) + struct.pack("<HII", maxval, width, height)
              + struct.pack("<I", len(layout)) + layout)
    return header + struct.pack("<I", crc(header)) + samples


def container(case, message):
    return ("corruptContainer." + case, CONTAINER + message)


def truncated(needed, available):
    return container("truncated", f"truncated .vz file: {needed} bytes needed, {available} present")


def header_crc_mismatch(b, h):
    stored = struct.unpack_from("<I", b, h - 4)[0]
    return container("headerChecksumMismatch",
                     f"corrupt header: CRC-32 is 0x{crc(b[:h - 4]):08x}, header says 0x{stored:08x}")


def expected_for_cut(vz, k):
    """FORMAT.md, 'What a reader checks': a valid file cut to k bytes."""
    if k < 10:
        return truncated(10, k)
    if k < 14:
        return truncated(14, k)
    if k < vz.H:
        return truncated(vz.H, k)
    return truncated(vz.H + vz.P, k)


def expected_for_header_flip(vz, b, offset):
    if offset < 8:
        return container("badMagic", "not a .vz file (bad magic)")
    if offset < 10:
        version = struct.unpack_from("<H", b, 8)[0]
        text = (f"made by a newer version: v{version}, this reads v1 to v3" if version > 1
                else f"unknown version: v{version}, this reads v1 to v3")
        return container("unsupportedVersion", text)
    h = struct.unpack_from("<I", b, 10)[0]
    if offset < 14:
        if not 32 <= h <= MAX_HEADER:
            return container("badHeaderLength", f"header length {h} is outside 32...{MAX_HEADER}")
        if h > len(b):
            return truncated(h, len(b))
    return header_crc_mismatch(b, h)


def over_limit(pixels):
    return container("pixelCountOverLimit", f"{pixels} pixels exceed the limit of {MAX_PIXELS} per file")


def main():
    stored = VZ("fashion-t10k-000.stored.vz")
    zstd = VZ("texture-97x61.zstd.vz")
    odd = VZ("odd-13x4.vlae.vz")
    four = VZ("fashion-4-bw.vlae.vz")
    cases = []  # (name, bytes, (case path, message))

    def add(name, data, expected):
        cases.append((name, data, expected))

    # Truncations at many offsets: inside the magic, version, header length, fields, the header
    # CRC, and the payload.
    for vz, short in [(stored, "stored"), (zstd, "zstd"), (odd, "vlae-odd"), (four, "vlae-four")]:
        cuts = sorted({0, 1, 7, 9, 10, 13, 14, 27, 28, vz.params + 1, vz.entry + 3, vz.H - 5, vz.H - 1,
                       vz.H, vz.H + 1, vz.H + vz.P // 2, vz.H + vz.P - 1})
        for k in cuts:
            add(f"truncated-{short}-at-{k}.vz", vz.bytes[:k], expected_for_cut(vz, k))

    # Bit flips in the header: magic, version, header length, payload length, pixel CRC,
    # codec, kind, parameters, image entry, layout, the header CRC itself.
    for vz, short in [(stored, "stored"), (zstd, "zstd"), (odd, "vlae-odd")]:
        # (8, 2): version 1 becomes 5, a version no reader knows (flipping bit 1 would make 3, which
        # reads the rest as a compact header).
        spots = [(0, 0), (5, 3), (8, 2), (9, 7), (10, 0), (11, 2), (12, 6), (14, 0), (21, 7), (22, 4), (26, 0),
                 (27, 1), (vz.params, 0), (vz.entry + 5, 0), (vz.layout_length + 6, 2), (vz.H - 3, 5)]
        if vz.codec == 2:
            spots.append((40, 3))  # model identity
        for offset, bit in spots:
            b = flip(vz.bytes, offset, bit)
            add(f"header-flip-{short}-byte{offset}-bit{bit}.vz", b, expected_for_header_flip(vz, b, offset))

    # Bit flips in the payload: the pixel CRC (stored), zstd's own checks, the vlae clean start.
    for offset in [0, stored.P // 2, stored.P - 1]:
        b = flip(stored.bytes, stored.H + offset, 2)
        add(f"payload-flip-stored-{offset}.vz", b, container(
            "pixelChecksumMismatch",
            f"decoded pixels have CRC-32 0x{crc(b[stored.H:]):08x}, the file says 0x{stored.pixel_crc:08x}"))
    for offset in [zstd.P // 3, zstd.P // 2, zstd.P - 2]:
        add(f"payload-flip-zstd-{offset}.vz", flip(zstd.bytes, zstd.H + offset, 0), ("corruptPayload.decompressionFailed", "-"))
    for vz, short in [(odd, "odd"), (four, "four")]:
        for offset in [13, vz.P // 2, vz.P - 1]:
            add(f"payload-flip-vlae-{short}-{offset}.vz", flip(vz.bytes, vz.H + offset, 1), ("corruptVLAEPayload", "-"))
    # The chain count byte and the top bit of chain 0's rANS state (payload offsets 0 and 12).
    tiles = four.count
    add("payload-vlae-chain-count.vz", flip(four.bytes, four.H, 0), (
        "corruptVLAEPayload", f"corrupt .vz payload: malformed vlae payload: 3 chains for {tiles} tiles, expected 2"))
    b = flip(four.bytes, four.H + 5 + 7, 7)
    state = struct.unpack_from("<Q", b, four.H + 5)[0]
    add("payload-vlae-state-out-of-range.vz", b, (
        "corruptVLAEPayload",
        f"corrupt .vz payload: malformed vlae payload: chain 0: rANS state 0x{state:x} is outside [2^31, 2^63)"))

    # Wrong magic: another format's, and newline translation (CR LF -> LF).
    add("magic-png.vz", b"\x89PNG\r\n\x1a\n" + stored.bytes[8:], container("badMagic", "not a .vz file (bad magic)"))
    add("magic-crlf-translated.vz", stored.bytes[:5] + stored.bytes[6:], container("badMagic", "not a .vz file (bad magic)"))
    add("magic-pgm-not-vz.vz", open(os.path.join(GOLDEN, "fashion-t10k-000.pgm"), "rb").read(),
        container("badMagic", "not a .vz file (bad magic)"))

    # Newer versions: only the frozen 10-byte prefix is read.
    for version in [4, 0xFFFF]:
        add(f"version-{version}.vz", put(stored.bytes, 8, "<H", version),
            container("unsupportedVersion", f"made by a newer version: v{version}, this reads v1 to v3"))
    add("version-4-other-layout.vz", stored.bytes[:8] + struct.pack("<H", 4) + b"\x00" * 7,
        container("unsupportedVersion", "made by a newer version: v4, this reads v1 to v3"))

    # A vlae file made with a model that is not in view (no --model, no VLAE_MODEL_PATH), named by
    # its identity (a shipped model's version-1 parameters carry no name).
    other = hashlib.sha256(b"another model").digest()
    add("model-mismatch.vz", reseal(odd.bytes[:28] + other + odd.bytes[60:]), (
        "modelNotFound", f"this file was made with a model that is not here (identity {other.hex()}): "
        "give its file with --model, or put it in a directory listed in VLAE_MODEL_PATH"))

    # Absurd dimensions and counts (header CRC valid): refused from the header, before any
    # buffer of that size exists.
    e = stored.entry
    add("dims-width-height-max.vz", reseal(put(put(stored.bytes, e + 3, "<I", 0xFFFFFFFF), e + 7, "<I", 0xFFFFFFFF)),
        over_limit(0xFFFFFFFF * 0xFFFFFFFF))
    add("dims-just-over-limit.vz", reseal(put(put(stored.bytes, e + 3, "<I", 16384), e + 7, "<I", 16385)),
        over_limit(16384 * 16385))
    add("dims-width-zero.vz", reseal(put(stored.bytes, e + 3, "<I", 0)),
        container("badDimension", "width must be at least 1 and fit in 32 bits, got 0"))
    add("dims-image-count-max.vz", reseal(put(stored.bytes, stored.source + 1, "<I", 0xFFFFFFFF)),
        over_limit(0xFFFFFFFF * 28 * 28))
    add("dims-image-count-zero.vz", reseal(put(stored.bytes, stored.source + 1, "<I", 0)),
        container("badDimension", "image count must be at least 1 and fit in 32 bits, got 0"))
    explicit = put(stored.bytes, stored.source, "<B", 1)
    add("dims-explicit-list-count-max.vz", reseal(put(explicit, stored.source + 1, "<I", 0xFFFFFFFF)),
        container("headerFieldsOverrun", "corrupt header: field 'image list' runs past the header's end"))
    add("dims-layout-length-max.vz", reseal(put(stored.bytes, stored.layout_length, "<I", 0xFFFFFFFF)),
        container("headerFieldsOverrun", "corrupt header: field 'layout' runs past the header's end"))
    add("dims-maxval-zero.vz", reseal(put(stored.bytes, e + 1, "<H", 0)),
        container("maxvalOutOfRange", "maxval 0 is out of range for P5 (1...65535)"))
    # Exactly at the limit: valid header, but the payload cannot hold it.
    at_limit = put(put(stored.bytes, e + 3, "<I", 16384), e + 7, "<I", 16384)
    add("dims-at-limit-stored.vz", reseal(at_limit),
        container("storedSizeMismatch", f"stored payload is {stored.P} bytes, the images need {MAX_PIXELS}"))
    z = zstd.entry
    add("dims-at-limit-zstd.vz", reseal(put(put(zstd.bytes, z + 3, "<I", 16384), z + 7, "<I", 16384)), (
        "corruptPayload.contentSizeMismatch",
        f"corrupt .vz payload: zstd frame holds {97 * 61} bytes, {MAX_PIXELS} expected"))
    # A zstd bomb at the limit: 8 KiB of RLE blocks that inflate to 2^28 zero samples, under a
    # wrong pixel CRC. The size is within the limit, so the decoder inflates it all (memory: one
    # sample stream) and then refuses it by the checksum.
    bomb = zstd_rle_zeros(MAX_PIXELS)
    b = put(put(zstd.bytes[:zstd.H], z + 3, "<I", 16384), z + 7, "<I", 16384)
    b = put(put(b, 14, "<Q", len(bomb)), 22, "<I", 0)
    add("zstd-bomb-at-limit.vz", reseal(b) + bomb, container(
        "pixelChecksumMismatch", f"decoded pixels have CRC-32 0x{crc_of_zeros(MAX_PIXELS):08x}, the file says 0x00000000"))
    o = odd.entry
    add("dims-vlae-over-limit.vz", reseal(put(put(odd.bytes, o + 3, "<I", 0x10000), o + 7, "<I", 0x10000)),
        over_limit(1 << 32))
    add("header-length-max.vz", put(stored.bytes, 10, "<I", MAX_HEADER + 1),
        container("badHeaderLength", f"header length {MAX_HEADER + 1} is outside 32...{MAX_HEADER}"))
    add("header-length-1gib.vz", put(stored.bytes, 10, "<I", MAX_HEADER), truncated(MAX_HEADER, len(stored.bytes)))
    add("payload-length-max-stored.vz", reseal(put(stored.bytes, 14, "<Q", 2**64 - 1)), container(
        "storedSizeMismatch", f"stored payload is {2**64 - 1} bytes, the images need {stored.P}"))
    add("payload-length-max-zstd.vz", reseal(put(zstd.bytes, 14, "<Q", 2**64 - 1)), truncated(2**64 - 1, len(zstd.bytes)))

    # Parts that contradict each other, behind a valid header CRC.
    add("vlae-parameters-version-7.vz", reseal(put(odd.bytes, odd.params, "<B", 7)), (
        "inconsistentFile", CONTAINER + "bad vlae codec parameters: codec parameters version 7; this build reads 1 to 6"))
    add("vlae-parameters-version-6-without-start.vz", reseal(put(odd.bytes, odd.params, "<B", 6)), (
        "inconsistentFile", CONTAINER + "bad vlae codec parameters: version 6 parameters end before their flags byte"))
    add("vlae-parameters-version-5-without-particles.vz", reseal(put(odd.bytes, odd.params, "<B", 5)), (
        "inconsistentFile", CONTAINER + "bad vlae codec parameters: version 5 parameters end before their flags byte"))
    add("vlae-parameters-version-3-without-flags.vz", reseal(put(odd.bytes, odd.params, "<B", 3)), (
        "inconsistentFile", CONTAINER + "bad vlae codec parameters: version 3 parameters end before their flags byte"))
    add("vlae-parameters-version-2-without-name.vz", reseal(put(odd.bytes, odd.params, "<B", 2)), (
        "inconsistentFile", CONTAINER + "bad vlae codec parameters: model name length does not match 11 bytes"))
    add("vlae-parameters-bucket-bits-zero.vz", reseal(put(odd.bytes, odd.params + 3, "<B", 0)), (
        "inconsistentFile", CONTAINER + "bad vlae codec parameters: bucket bits 0, latent precision 24, "
        "pixel precision 16 out of range"))
    grey = put(put(odd.bytes, o, "<B", 5), o + 1, "<H", 255)
    add("vlae-grayscale-source.vz", reseal(grey), ("corruptVLAEPayload", "-"))
    add("stored-layout-version-9.vz", reseal(put(stored.bytes, stored.layout_length + 4, "<B", 9)), (
        "corruptLayout.unsupportedVersion", "corrupt .vz file: Netpbm layout version 9 is not supported"))
    # A one-pixel file whose layout announces far more than its image list: the layout must be
    # checked against the header's own pixel and image counts before it is expanded (a P4 image of
    # 2^28 rows with one padded row would otherwise cost 256 MiB, 2^20 images some 70 MiB).
    tall = bytes([1]) + varint(1) + varint(1) + bytes([0, 4]) + varint(1) + varint(MAX_PIXELS) + varint(1) \
        + bytes([1]) + varint(1) + varint(0) + bytes([1]) + varint(0)
    add("layout-tall-sparse-padding.vz", stored_netpbm(4, 1, 1, 1, b"\x00", tall), (
        "inconsistentFile", CONTAINER + f"layout announces {MAX_PIXELS} pixels, the image list 1"))
    many = bytes([1]) + varint(1) + varint(1 << 20) + bytes([0, 5]) + varint(1) + varint(1) + varint(255) \
        + bytes([0]) + varint(0)
    add("layout-million-images.vz", stored_netpbm(5, 255, 1, 1, b"\x00", many), (
        "inconsistentFile", CONTAINER + "layout describes more images than the image list's 1"))
    add("trailing-byte.vz", stored.bytes + b"\x00", container(
        "payloadLengthMismatch", f"payload is {stored.P + 1} bytes but the header declares {stored.P} (trailing bytes)"))
    add("empty.vz", b"", truncated(10, 0))

    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    with open(os.path.join(OUT, "manifest.tsv"), "w") as manifest:
        for name, data, (path, message) in cases:
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(data)
            manifest.write(f"{name}\t{path}\t{message if message is not None else '-'}\n")
    print(f"{len(cases)} broken files in {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
