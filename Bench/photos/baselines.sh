#!/usr/bin/env bash
# Grayscale baselines on the photo corpus's test split, in one command: installs the codecs from
# Debian packages, codes every test image with each (PNG, zstd, JPEG XL, and vlae-compress when
# a release build is there), checks that each decodes to the identical image, and writes
# Bench/photos/baselines.md.
#
#   bash scripts/make-photos.sh /work/photos          # the corpus first (docs/CORPUS-PHOTOS.md)
#   nice -n 19 bash Bench/photos/baselines.sh /work/photos [--vlae PATH] [--codecs png,optipng7,...]
#
# About 8 CPU minutes on the 18 test images (14.7 Mpixel): optipng -o7 about 6, vlae-compress 1;
# --codecs png,optipng,zstd,jxl,vlae (optipng -o2) takes 2. --vlae defaults to this checkout's
# .build/release/vlae-compress; without one that column is skipped. Needs root or sudo for apt-get.
#   optipng        optipng -o7 (PNG: recompresses an unoptimised PNG of the same pixels)
#   libjxl-tools   cjxl / djxl (JPEG XL, lossless modular)
#   zstd           zstd -19 on the PGM file itself
#   python3-pil    reads the images, writes PNG (optimize=True), compares decoded pixels
set -euo pipefail
cd "$(dirname "$0")/../.."

if (($# < 1)); then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
packages=(optipng libjxl-tools zstd python3-pil)
source scripts/apt-install.sh
apt_install --no-recommends "${packages[@]}"

export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 Bench/photos/baselines.py "$@"
