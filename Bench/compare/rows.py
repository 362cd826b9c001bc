"""Measuring one row of the comparison: a codec on a data set, coded as one stream, one page
or image by image. Every run decodes what it encoded and compares it with the input; a row
whose check fails is reported as failed, never with a size.
"""

import hashlib
import os

import formats
import measure


class VerifyError(Exception):
    """A decoder's output differs from what was encoded."""


def row(codec, setting, unit, input_desc, images, pixels, raw_bits, note=""):
    """A row before measurement: status 'ok' once `finish` has filled in the figures."""
    return {"codec": codec, "setting": setting, "unit": unit, "input": input_desc, "images": images,
            "pixels": pixels, "raw_bits": raw_bits, "bytes": None, "bits_per_dim": None, "ratio": None,
            "encode_ips": None, "decode_ips": None, "runs": 0, "timed_images": None,
            "note": note, "status": "pending"}


def finish(r, total_bytes, encode_seconds, decode_seconds, timed_images):
    """Fills the figures of `r` from its stored bytes and the CPU seconds of each timed run."""
    r["bytes"] = total_bytes
    r["bits_per_dim"] = 8 * total_bytes / r["pixels"]
    r["ratio"] = r["raw_bits"] / (8 * total_bytes)
    r["runs"] = len(encode_seconds)
    r["timed_images"] = timed_images
    r["encode_ips"] = measure.rate(timed_images, measure.median(encode_seconds)) if encode_seconds else None
    r["decode_ips"] = measure.rate(timed_images, measure.median(decode_seconds)) if decode_seconds else None
    r["status"] = "ok"
    return r


def fail(r, error):
    r["status"] = "failed"
    r["note"] = (r["note"] + "; " if r["note"] else "") + f"FAILED: {error}"
    return r


def _digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).digest()


def _remove(*paths):
    for p in paths:
        if os.path.exists(p):
            os.remove(p)


def code_file(encode, decode, source, encoded, decoded, check):
    """One encode and decode of `source`; `check(decoded)` raises `VerifyError` on a mismatch.

    Returns (stored bytes, encode CPU s, decode CPU s, digest of the encoded file).
    """
    _remove(encoded, decoded)  # zopflipng keeps an existing smaller output
    encode_seconds = measure.run(encode, source, encoded)
    decode_seconds = measure.run(decode, encoded, decoded)
    check(decoded)
    return os.path.getsize(encoded), encode_seconds, decode_seconds, _digest(encoded)


def bytes_check(expected):
    """A check that the decoded file holds exactly `expected`."""
    def check(path):
        with open(path, "rb") as f:
            if f.read() != expected:
                raise VerifyError("decoded bytes differ from the input")
    return check


def luminance_check(image, input_format):
    """A check that the decoded image shows exactly `image` as handed over in `input_format`."""
    expected = formats.luminance_of_input(image, input_format)

    def check(path):
        with open(path, "rb") as f:
            width, height, got = formats.luminance_of_file(f.read())
        if (width, height) != (image.width, image.height):
            raise VerifyError(f"decoded {width}x{height}, expected {image.width}x{image.height}")
        if got != expected:
            wrong = sum(a != b for a, b in zip(got, expected))
            raise VerifyError(f"{wrong} of {len(expected)} decoded pixels differ")
    return check


def input_file(image, input_format):
    """The bytes an image codec reads for `image`."""
    if input_format == "png":
        return formats.write_png(image)
    if input_format == "pbm":
        return formats.write_pbm(image)
    return formats.write_pgm(image, to_8bit=True)


def repeat(runs, once):
    """Runs `once()` `runs` times; returns (size, encode times, decode times, note).

    Every run is checked by `once`; a size or encoded file that changes between runs is noted
    (the tools are expected to be deterministic).
    """
    sizes, digests, encode_times, decode_times = [], set(), [], []
    for _ in range(runs):
        size, enc, dec, digest = once()
        sizes.append(size)
        digests.add(digest)
        encode_times.append(enc)
        decode_times.append(dec)
    note = "" if len(digests) == 1 else f"output differed between runs (sizes {min(sizes)}..{max(sizes)})"
    return sizes[0], encode_times, decode_times, note


def whole_file_row(r, encode, decode, data, work, name, runs, check=None, suffix=".enc", decoded_suffix=".dec"):
    """Measures a codec on one file holding `data` (a stream or a page) over `runs` runs.

    `name` is the input's file name (tools that look at suffixes see the right one); the
    encoded and decoded files get `suffix` and `decoded_suffix`.
    """
    source = os.path.join(work, name)
    with open(source, "wb") as f:
        f.write(data)
    base = os.path.splitext(source)[0]
    encoded, decoded = base + ".out" + suffix, base + ".back" + decoded_suffix
    if check is None:
        check = bytes_check(data)
    try:
        size, enc, dec, note = repeat(runs, lambda: code_file(encode, decode, source, encoded, decoded, check))
    except (measure.ToolError, VerifyError, formats.FormatError) as error:
        return fail(r, error)
    finally:
        _remove(source, encoded, decoded)
    if note:
        r["note"] = (r["note"] + "; " if r["note"] else "") + note
    return finish(r, size, enc, dec, r["images"])


def per_image_row(r, encode, decode, images, make_input, make_check, input_suffix, suffix, decoded_suffix, work, runs,
                  timed):
    """Measures a codec image by image, each image a file and a process of its own.

    A first pass codes all `images` for the row's size (the sum of the files); then `runs` timed
    passes code the first `timed` of them for the speed, images per CPU second. Every pass
    decodes and checks every image, and the timed passes must reproduce the first pass's files.
    """
    folder = os.path.join(work, "per-image")
    os.makedirs(folder, exist_ok=True)
    sources = []
    for k, image in enumerate(images):
        path = os.path.join(folder, f"{k:05d}{input_suffix}")
        with open(path, "wb") as f:
            f.write(make_input(image))
        sources.append(path)
    checks = [make_check(image, source) for image, source in zip(images, sources)]

    def one_pass(count):
        total, enc_time, dec_time, digests = 0, 0.0, 0.0, []
        for source, check in zip(sources[:count], checks[:count]):
            base = os.path.splitext(source)[0]
            encoded, decoded = base + ".out" + suffix, base + ".back" + decoded_suffix
            size, enc, dec, digest = code_file(encode, decode, source, encoded, decoded, check)
            total, enc_time, dec_time = total + size, enc_time + enc, dec_time + dec
            digests.append(digest)
            _remove(encoded, decoded)
        return total, enc_time, dec_time, digests

    timed = min(timed, len(images))
    try:
        size, _, _, reference = one_pass(len(images))
        encode_times, decode_times, changed = [], [], False
        for _ in range(runs):
            _, enc, dec, digests = one_pass(timed)
            encode_times.append(enc)
            decode_times.append(dec)
            changed |= digests != reference[:timed]
    except (measure.ToolError, VerifyError, formats.FormatError) as error:
        return fail(r, error)
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
    notes = [r["note"]] if r["note"] else []
    if timed < len(images):
        notes.append(f"speed over the first {timed:,} of them")
    if changed:
        notes.append("output differed between runs")
    r["note"] = "; ".join(notes)
    return finish(r, size, encode_times, decode_times, timed)
