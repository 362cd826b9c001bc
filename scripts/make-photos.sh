#!/usr/bin/env bash
# Makes the grayscale photo corpus for the natural-photo model in one command: installs the
# Debian packages the photographs come from, then runs scripts/make-photos.py
# (docs/CORPUS-PHOTOS.md says what comes out, from what, under which licences).
#
#   bash scripts/make-photos.sh OUTDIR [--seed 1] [--limit N]
#   nice -n 19 bash scripts/make-photos.sh /work/photos     # on a machine that others use
#
# Writes OUTDIR/train/*.pgm, OUTDIR/test/*.pgm (P5, maxval 255, BT.601 luma), OUTDIR/manifest.tsv,
# OUTDIR/summary.md and OUTDIR/licences/. Deterministic for a given seed and set of package
# versions. About 20 CPU seconds and 0.6 GB of memory, 99 MB written; the first run installs
# 54 packages (280 MB to download), which needs root or sudo.
#
# The packages, and why each (all Debian main; photographs only, art and logos left out):
#   python3-numpy, python3-pil   luma, box filter, crops, PGM output (Debian's, for /usr/bin/python3)
#   lomiri-wallpapers-16.04      14 photographs (landscapes, animals, still lifes), CC-BY / CC-BY-SA / CC0
#   lomiri-wallpapers-20.04      1 photograph (a nuthatch), CC-BY-SA-3.0
#   mate-backgrounds             12 nature close-ups (flowers, leaves, water, wood), GPL-2+
#   plasma-workspace-wallpapers  11 photographs (lakes, jetties, forest, moss, leaves, cups), LGPL-3 / GPL-2+
#   lxqt-themes                  11 photographs (mountains, clouds, flowers, butterflies, fog), CC-BY-SA-3.0
#   palapeli-data                3 jigsaw photographs (bridge at night, citrus, bee), public domain
#   puzzle-jigsaw                2 jigsaw samples (cat, tiger), CC0
#   sddm-theme-maldives          1 photograph (a jetty, palms), GPL-2+
#   python3-skimage              9 sample images (camera, astronaut, cat, coffee, rocket, clock, 3 textures), CC0 / PD
#   python3-scipy                2 sample images (ascent, raccoon face), public domain
#   python3-sklearn              2 sample images (china, flower), CC-BY-2.0
#   python-matplotlib-data       1 sample image (Grace Hopper), public domain
# puzzle-jigsaw is a Qt 5 program (its libraries come along); python3-skimage brings scipy,
# matplotlib, networkx and more. Only data files are read: nothing of them is run or imported.
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# < 1)); then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

packages=(python3-numpy python3-pil
          lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds plasma-workspace-wallpapers
          lxqt-themes palapeli-data puzzle-jigsaw sddm-theme-maldives
          python3-skimage python3-scipy python3-sklearn python-matplotlib-data)
# No recommends: sddm (the Maldives theme's) and dask and pytest (scikit-image's) are not needed.
source scripts/apt-install.sh
apt_install --no-recommends "${packages[@]}"

export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the work tree
exec /usr/bin/python3 scripts/make-photos.py "$@"  # Debian's Python: the python3-* packages are its
