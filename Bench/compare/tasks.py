"""The rows of one data set as independent tasks, each measuring in a scratch folder of its own
(so that two can run at once: the work is done by child processes, timed by their CPU time).
"""

import os

import codec_table
import formats
import rows
import vlae

INPUT_SUFFIX = {"png": ".png", "pbm": ".pbm", "pgm8": ".pgm"}


class Task:
    """One or more rows of a data set: `run(work)` returns them. `weight` orders the queue
    (heavy tasks first, so that two workers finish together)."""

    def __init__(self, dataset, label, weight, run):
        self.dataset, self.label, self.weight, self.run = dataset, label, weight, run


def stream_forms(ds):
    """The set as one stream, in each form worth trying: (description, bytes, file name)."""
    if not ds.uniform:
        return [("Netpbm files concatenated", b"".join(formats.write_netpbm(im) for im in ds.images), "set.pnm")]
    forms = [("IDX", formats.write_idx(ds.images), "set.idx")]
    if ds.bilevel:
        forms.append(("PBM, images stacked", formats.write_pbm(formats.stack(ds.images)), "set.pbm"))
    return forms


def stream_row(ds, forms, codec, work, runs):
    """A general-purpose compressor on the whole set as one stream, in its smallest input form.

    When there are several forms, each is measured once and the smallest is then timed.
    """
    sizes = {}
    if len(forms) > 1:
        for desc, data, name in forms:
            r = rows.row(codec.name, codec.setting, "set", desc, len(ds.images), ds.pixels, ds.raw_bits)
            r = rows.whole_file_row(r, codec.encode, codec.decode, data, work, name, 1)
            if r["status"] != "ok":
                return r
            sizes[desc] = r["bytes"]
    desc, data, name = min(forms, key=lambda form: sizes.get(form[0], 0))
    others = "; ".join(f"{d}: {8 * size / ds.pixels:.4f} bits/dim" for d, size in sizes.items() if d != desc)
    r = rows.row(codec.name, codec.setting, "set", desc, len(ds.images), ds.pixels, ds.raw_bits,
                 f"smaller than {others}" if others else "")
    return rows.whole_file_row(r, codec.encode, codec.decode, data, work, name, runs)


def sample_note(ds, sample):
    n = len(ds.images)
    if len(sample) == n:
        return ""
    return f"{len(sample):,} of {n:,} images (every {n // len(sample)}th)"


def zstd_image_row(ds, sample, work, runs, timed):
    images = [ds.images[k] for k in sample]
    zstd = codec_table.ZSTD
    r = rows.row(zstd.name, zstd.setting, "image", "Netpbm file per image", len(images),
                 sum(im.pixels for im in images), sum(im.raw_bits for im in images), sample_note(ds, sample))
    return rows.per_image_row(r, zstd.encode, zstd.decode, images, formats.write_netpbm,
                              lambda im, src: rows.bytes_check(formats.write_netpbm(im)),
                              ".pnm", ".zst", ".pnm", work, runs, timed)


def input_desc(codec, ds):
    if codec.input_format == "pbm":
        return "PBM"
    if codec.input_format == "pgm8":
        return "PGM, 8-bit" + (" (0/255)" if ds.bilevel else "")
    depths = sorted({formats.png_depth(im.maxval) for im in ds.images})
    return "PNG, " + "/".join(str(d) for d in depths) + "-bit gray"


def page_row(ds, page, codec, work, runs):
    columns, grid_rows = formats.grid_shape(len(ds.images))
    r = rows.row(codec.name, codec.setting, "page", input_desc(codec, ds), len(ds.images), ds.pixels, ds.raw_bits,
                 f"{columns}×{grid_rows} grid, {page.width}×{page.height} pixels")
    data = rows.input_file(page, codec.input_format)
    return rows.whole_file_row(r, codec.encode, codec.decode, data, work, "page" + INPUT_SUFFIX[codec.input_format],
                               runs, rows.luminance_check(page, codec.input_format), codec.suffix,
                               codec.decoded_suffix)


def image_row(ds, codec, sample, work, runs, timed):
    images = [ds.images[k] for k in sample]
    r = rows.row(codec.name, codec.setting, "image", input_desc(codec, ds), len(images),
                 sum(im.pixels for im in images), sum(im.raw_bits for im in images), sample_note(ds, sample))
    return rows.per_image_row(r, codec.encode, codec.decode, images,
                              lambda im: rows.input_file(im, codec.input_format),
                              lambda im, src: rows.luminance_check(im, codec.input_format),
                              INPUT_SUFFIX[codec.input_format], codec.suffix, codec.decoded_suffix, work, runs,
                              timed)


def tasks_for(ds, codec_names, binary, sample_size, timed, runs):
    """The tasks of `ds` in table order: vlae, the streams, zstd per image, the image codecs."""
    stream_codecs, image_codecs = codec_table.by_name(codec_names)
    image_codecs = [c for c in image_codecs if ds.bilevel or not c.bilevel_only]
    sample = ds.sample(sample_size)
    out = []
    if codec_names is None or "vlae" in {c.lower() for c in codec_names}:
        unit = "set" if ds.uniform else "file"
        out.append(Task(ds, "vlae", 3, lambda work: vlae.vlae_rows(ds, binary, work, runs, unit)))
    forms = stream_forms(ds) if stream_codecs else []
    for codec in stream_codecs:
        out.append(Task(ds, f"{codec.name} set", 1, lambda work, c=codec: [stream_row(ds, forms, c, work, runs)]))
    if codec_table.ZSTD in stream_codecs:
        out.append(Task(ds, "zstd per image", 1, lambda work: [zstd_image_row(ds, sample, work, runs, timed)]))
    page = formats.tile(ds.images) if ds.uniform and image_codecs else None
    for codec in image_codecs:
        if page is not None:
            out.append(Task(ds, f"{codec.name} page", 3,
                            lambda work, c=codec: [page_row(ds, page, c, work, runs)]))
        out.append(Task(ds, f"{codec.name} per image", 2,
                        lambda work, c=codec: [image_row(ds, c, sample, work, runs, timed)]))
    return out


def scratch(work, task, index):
    """A folder of its own for one task."""
    folder = os.path.join(work, f"{index:03d}-{task.dataset.key}")
    os.makedirs(folder, exist_ok=True)
    return folder
