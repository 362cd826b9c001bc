"""The codecs compared, each at its strongest lossless setting, as command templates.

`{in}`/`{out}` are file paths; a template without them uses standard input/output (see
`measure.run`). Every codec names the Debian package that provides it, so the report can give
versions and run.sh can install them.
"""

from measure import IN, OUT


class StreamCodec:
    """A general-purpose compressor of byte streams."""

    def __init__(self, name, setting, package, encode, decode):
        self.name, self.setting, self.package = name, setting, package
        self.encode, self.decode = encode, decode


class ImageCodec:
    """An image codec: the file it reads (`input_format`: png, pgm8 or pbm), its tools, and
    the suffixes of its compressed and decoded files (decoders pick formats by suffix)."""

    def __init__(self, name, setting, package, input_format, encode, decode, suffix, decoded_suffix,
                 bilevel_only=False):
        self.name, self.setting, self.package = name, setting, package
        self.input_format, self.encode, self.decode = input_format, encode, decode
        self.suffix, self.decoded_suffix, self.bilevel_only = suffix, decoded_suffix, bilevel_only


# Input by file name, not on standard input: zstd and brotli size their tables to a known input
# (zstd -22 on standard input sets up its largest window even for 100 bytes: 0.5 s a call).
STREAM_CODECS = [
    StreamCodec("zstd", "--ultra -22", "zstd", ["zstd", "-q", "-f", "--ultra", "-22", IN, "-o", OUT],
                ["zstd", "-q", "-f", "-d", IN, "-o", OUT]),
    StreamCodec("xz", "-9e", "xz-utils", ["xz", "-9e", "-c", IN], ["xz", "-d", "-c", IN]),
    StreamCodec("bzip2", "-9", "bzip2", ["bzip2", "-9", "-c", IN], ["bzip2", "-d", "-c", IN]),
    StreamCodec("gzip", "-9", "gzip", ["gzip", "-9", "-n", "-c", IN], ["gzip", "-d", "-c", IN]),
    StreamCodec("brotli", "-q 11", "brotli", ["brotli", "-q", "11", "-c", IN], ["brotli", "-d", "-c", IN]),
]

ZSTD = STREAM_CODECS[0]

IMAGE_CODECS = [
    # zopflipng picks filters, colour type and bit depth itself; pngtopam (netpbm) decodes.
    ImageCodec("PNG", "zopflipng -m", "zopfli", "png",
               ["zopflipng", "-m", "-y", IN, OUT], ["pngtopam", IN], ".png", ".pnm"),
    ImageCodec("WebP", "cwebp -lossless -z 9 -exact", "webp", "pgm8",
               ["cwebp", "-quiet", "-lossless", "-z", "9", "-exact", IN, "-o", OUT],
               ["dwebp", "-quiet", "-pam", IN, "-o", OUT], ".webp", ".pam"),
    # The PNG input tells cjxl the real bit depth (1 for bi-level); djxl's PGM output for 1-bit
    # images declares maxval 1 but holds 0/255, so it is asked for 8 bits.
    ImageCodec("JPEG XL", "cjxl -d 0 -e 9", "libjxl-tools", "png",
               ["cjxl", "-d", "0", "-e", "9", "--quiet", IN, OUT],
               ["djxl", IN, OUT, "--bits_per_sample=8", "--quiet"], ".jxl", ".pgm"),
    ImageCodec("JBIG1", "pbmtojbg -q", "jbigkit-bin", "pbm",
               ["pbmtojbg", "-q", IN, OUT], ["jbgtopbm", IN, OUT], ".jbg", ".pbm", bilevel_only=True),
    ImageCodec("DjVu JB2", "cjb2 -lossless", "djvulibre-bin", "pbm",
               ["cjb2", "-lossless", IN, OUT], ["ddjvu", "-format=pbm", IN, OUT], ".djvu", ".pbm",
               bilevel_only=True),
]

# Tools the comparison needs beyond the codecs above: decoders, the plot, the data.
EXTRA_PACKAGES = ["netpbm", "python3-matplotlib", "dataset-fashion-mnist"]


def by_name(names):
    """The stream and image codecs whose names (case-insensitive) are in `names`; all if None."""
    if names is None:
        return STREAM_CODECS, IMAGE_CODECS
    wanted = {n.lower() for n in names}
    return ([c for c in STREAM_CODECS if c.name.lower() in wanted],
            [c for c in IMAGE_CODECS if c.name.lower() in wanted])


def packages():
    """Every Debian package the comparison uses, sorted."""
    return sorted({c.package for c in STREAM_CODECS + IMAGE_CODECS} | set(EXTRA_PACKAGES))


if __name__ == "__main__":
    print("\n".join(packages()))
