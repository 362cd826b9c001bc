"""The data sets of the comparison, read from where the project keeps them.

- Binarized MNIST test and 8-bit MNIST test: `../shared/data` beside the repository (optional).
- Fashion-MNIST test: Debian's `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist`).
- Corpora/: every image file of the repository's sample folder, split into a bi-level and an
  8-bit set (sizes differ, so these sets have no page and no IDX form).

A set that is missing is skipped with a message instead of failing the run.
"""

import os

import formats


class DataSet:
    """Images to compress, with the files `vlae-compress` reads for the same images.

    - `images`: what every codec codes, in order.
    - `vlae_inputs`: (path, first image, image count) per file handed to vlae-compress; its
      images are `images[first:first + count]`.
    - `of_total`: how many images the full data set has (more than `len(images)` with `--limit`).
    """

    def __init__(self, key, title, images, vlae_inputs, source, of_total):
        self.key, self.title, self.images = key, title, images
        self.vlae_inputs, self.source, self.of_total = vlae_inputs, source, of_total

    @property
    def bilevel(self):
        return all(im.maxval == 1 for im in self.images)

    @property
    def uniform(self):
        """True when all images share size and maxval, so the set has an IDX form and a page."""
        first = self.images[0]
        return all((im.width, im.height, im.maxval) == (first.width, first.height, first.maxval)
                   for im in self.images)

    @property
    def pixels(self):
        return sum(im.pixels for im in self.images)

    @property
    def raw_bits(self):
        return sum(im.raw_bits for im in self.images)

    def sample(self, size):
        """Indices of `size` images spread evenly over the set (all of them if it is smaller)."""
        n = len(self.images)
        return list(range(n)) if size >= n else [k * n // size for k in range(size)]


def _shown(path, repo):
    """`path` as the report shows it: relative to the repository when it is beside it."""
    relative = os.path.relpath(path, repo)
    return relative if not relative.startswith(os.path.join("..", "..")) else path


def _idx_set(key, title, path, limit, work, repo):
    with open(path, "rb") as f:
        images = formats.read_idx(f.read())
    total = len(images)
    vlae_input = path
    if limit and limit < total:
        images = images[:limit]
        # vlae-compress reads the same subset, written as an IDX file of its own.
        vlae_input = os.path.join(work, f"{key}-first-{limit}.idx")
        with open(vlae_input, "wb") as f:
            f.write(formats.write_idx(images))
    return DataSet(key, title, images, [(vlae_input, 0, len(images))], _shown(path, repo), total)


def _corpora_sets(corpora):
    """The images of every Netpbm and IDX file in `corpora`, as a bi-level and an 8-bit set."""
    groups = {True: ([], []), False: ([], [])}
    for name in sorted(os.listdir(corpora)):
        path = os.path.join(corpora, name)
        with open(path, "rb") as f:
            data = f.read()
        try:
            images = formats.read_idx(data) if data[:4] == b"\x00\x00\x08\x03" else formats.read_netpbm(data)
        except formats.FormatError:
            continue  # README and other non-image files
        bilevel = all(im.maxval == 1 for im in images)
        group_images, inputs = groups[bilevel]
        inputs.append((path, len(group_images), len(images)))
        group_images.extend(images)
    sets = []
    for bilevel, key, title in ((True, "corpora-bilevel", "Corpora/, bi-level files"),
                                (False, "corpora-gray", "Corpora/, 8-bit files")):
        images, inputs = groups[bilevel]
        if images:
            files = ", ".join(os.path.basename(p) for p, _, _ in inputs)
            sets.append(DataSet(key, title, images, inputs, f"Corpora/: {files}", len(images)))
    return sets


def load(repo, shared_data, fashion_dir, limit, work):
    """(data sets, skip messages) in table order; `limit` keeps the first images of the big sets."""
    sets, skipped = [], []
    candidates = [
        ("binarized-mnist", "Binarized MNIST, test", os.path.join(shared_data, "binarized-mnist", "test-images-idx3-ubyte.gz"),
         f"{shared_data} is absent"),
        ("mnist", "MNIST (8-bit), test", os.path.join(shared_data, "mnist", "t10k-images-idx3-ubyte.gz"),
         f"{shared_data} is absent"),
        ("fashion-mnist", "Fashion-MNIST, test", os.path.join(fashion_dir, "t10k-images-idx3-ubyte.gz"),
         "Debian package dataset-fashion-mnist is not installed"),
    ]
    for key, title, path, reason in candidates:
        if os.path.exists(path):
            sets.append(_idx_set(key, title, path, limit, work, repo))
        else:
            skipped.append(f"{title}: skipped, {reason} ({path} not found)")
    corpora = os.path.join(repo, "Corpora")
    if os.path.isdir(corpora):
        sets.extend(_corpora_sets(corpora))
    else:
        skipped.append(f"Corpora/: skipped, {corpora} not found")
    return sets, skipped
