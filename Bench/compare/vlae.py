"""The vlae rows: the real `.vz` size written by `vlae-compress --codec vlae`, and the model's
−ELBO (the ideal code length the bits-back coder approaches) beside it.

vlae-compress reads each input file as a user would hand it over (the binarized test set as
its `.idx.gz`, each Corpora file as it is). A first run with `--json` gives the figures; the
timed runs go without it, since `--json` also measures zstd.
"""

import json
import os
import subprocess

import formats
import measure
import rows

NOT_SHIPPED = "n/a (8-bit model not yet shipped)"


def _figures(binary, source, encoded):
    """The `total` object of the JSON line vlae-compress prints last, or raises ToolError."""
    done = subprocess.run([binary, "--codec", "vlae", "--json", "-f", source, encoded],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise measure.ToolError(f"vlae-compress exited with {done.returncode}: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["total"]


def _refuses(binary, source, work):
    """True when vlae-compress declines the input (exit 2: its model does not code this kind)."""
    encoded = os.path.join(work, "probe.vz")
    done = subprocess.run([binary, "--codec", "vlae", "-f", source, encoded], capture_output=True, text=True)
    if os.path.exists(encoded):
        os.remove(encoded)
    return done.returncode == 2


def _decoded_check(expected_images):
    """A check that a decoded IDX or Netpbm file holds exactly `expected_images`."""
    def check(path):
        with open(path, "rb") as f:
            data = f.read()
        images = formats.read_idx(data) if data[:4] == b"\x00\x00\x08\x03" else formats.read_netpbm(data)
        if len(images) != len(expected_images):
            raise rows.VerifyError(f"decoded {len(images)} images, expected {len(expected_images)}")
        for k, (got, want) in enumerate(zip(images, expected_images)):
            if (got.width, got.height, got.samples) != (want.width, want.height, want.samples):
                raise rows.VerifyError(f"decoded image {k} differs")
    return check


def vlae_rows(dataset, binary, work, runs, unit):
    """The `.vz` row and the −ELBO row of `dataset` (one file per entry of `vlae_inputs`)."""
    n, pixels, raw_bits = len(dataset.images), dataset.pixels, dataset.raw_bits
    files = len(dataset.vlae_inputs)
    input_desc = "IDX" if files == 1 and unit == "set" else f"{files} files as they are"
    code = rows.row("vlae", "--codec vlae", unit, input_desc, n, pixels, raw_bits)
    elbo = rows.row("vlae −ELBO", "coding model", unit, input_desc, n, pixels, raw_bits,
                    "ideal code length of the shipped model, not a file")
    if not os.access(binary, os.X_OK):
        return [rows.fail(code, f"{binary} not built"), rows.fail(elbo, f"{binary} not built")]
    first_source = dataset.vlae_inputs[0][0]
    if not dataset.bilevel and _refuses(binary, first_source, work):
        for r in (code, elbo):
            r["status"], r["note"] = "n/a", NOT_SHIPPED
        return [code, elbo]
    total_bytes, neg_elbo, initial = 0, 0.0, 0
    encode_times, decode_times = [0.0] * runs, [0.0] * runs
    try:
        for source, first, count in dataset.vlae_inputs:
            encoded = os.path.join(work, "vlae.vz")
            decoded = os.path.join(work, "vlae.back")
            figures = _figures(binary, source, encoded)
            with open(encoded, "rb") as f:
                reference = f.read()
            total_bytes += figures["bytes"]
            neg_elbo += figures["neg_elbo_bits"]
            initial += figures["initial_bits"] or 0
            check = _decoded_check(dataset.images[first:first + count])
            for k in range(runs):
                if os.path.exists(decoded):
                    os.remove(decoded)
                encode_times[k] += measure.run([binary, "--codec", "vlae", "-f", measure.IN, measure.OUT], source, encoded)
                with open(encoded, "rb") as f:
                    if f.read() != reference:
                        raise rows.VerifyError("compressing twice gave different .vz files")
                decode_times[k] += measure.run([binary, "-d", "-f", measure.IN, measure.OUT], encoded, decoded)
                check(decoded)
            os.remove(encoded)
            os.remove(decoded)
    except (measure.ToolError, rows.VerifyError, formats.FormatError, ValueError, KeyError) as error:
        return [rows.fail(code, error), rows.fail(elbo, error)]
    code["note"] = f"{initial} initial bits included; decoded and compared, compressed twice: same bytes"
    rows.finish(code, total_bytes, encode_times, decode_times, n)
    elbo.update(status="ok", bits_per_dim=neg_elbo / pixels, ratio=raw_bits / neg_elbo)
    return [code, elbo]
