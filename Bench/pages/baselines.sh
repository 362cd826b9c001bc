#!/usr/bin/env bash
# Bi-level baselines on the page corpus's test split, in one command: installs the codecs from
# Debian packages, codes every test page with each (JBIG1, DjVu JB2, JPEG XL, zstd, xz), checks
# that each decodes to the identical page, and writes Bench/pages/baselines.md.
#
#   bash scripts/make-pages.sh /tmp/pages         # the corpus first (docs/CORPUS.md)
#   nice -n 19 bash Bench/pages/baselines.sh /tmp/pages [--split test] [--jobs 2] [--codecs jbig1,djvu]
#
# cjxl -e 9 dominates: 30-90 s and 1.4 GB per 300-dpi page; the whole test split took about
# 30 minutes here, two pages at a time on a shared 2-core machine. Needs root or sudo for
# apt-get when a package is missing.
#   jbigkit-bin    pbmtojbg / jbgtopbm (JBIG1, ITU-T T.82)
#   djvulibre-bin  cjb2 / ddjvu (DjVu JB2)
#   libjxl-tools   cjxl / djxl (JPEG XL, lossless modular)
#   zstd, xz-utils general-purpose compressors on the PBM file itself
#   python3-pil    reads the pages, writes the 1-bit PNG that cjxl reads, compares decoded pixels
set -euo pipefail
cd "$(dirname "$0")/../.."

if (($# < 1)); then
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
packages=(jbigkit-bin djvulibre-bin libjxl-tools zstd xz-utils python3-pil)
source scripts/apt-install.sh
apt_install --no-recommends "${packages[@]}"

export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 Bench/pages/baselines.py "$@"
