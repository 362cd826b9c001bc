#!/usr/bin/env bash
# Writes the golden .vz files under Tests/CompressorTests/Golden/ with a release build, some for
# each codec. Tests decode them in the debug build and re-encode their sources, so a format or
# determinism change fails loudly. Re-run (and commit) only when the format or the shipped
# model changes on purpose: a vlae golden file names the model it was made with.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release -j 2 --product vlae-compress
bin=.build/release/vlae-compress
golden=Tests/CompressorTests/Golden
mkdir -p "$golden"
cat Corpora/fashion-t10k-00{0,1,2,3}-bw.pbm > "$golden/fashion-4-bw.pbm"
cp Tests/ImageIOTests/Fixtures/valid/p4-odd-width-padding.pbm "$golden/odd-13x4.pbm"
cp Corpora/texture-97x61.pgm Corpora/fashion-t10k-000.pgm "$golden/"
# A low-maxval grayscale source, as P5 so that decoding gives it back byte for byte.
python3 - Corpora/texture-97x61-maxval15.pgm "$golden/texture-97x61-maxval15.pgm" <<'PY'
import sys
tokens = [t for line in open(sys.argv[1]) for t in line.split("#")[0].split()]
assert tokens[0] == "P2"
width, height, maxval = map(int, tokens[1:4])
open(sys.argv[2], "wb").write(b"P5\n%d %d\n%d\n" % (width, height, maxval) + bytes(map(int, tokens[4:4 + width * height])))
PY
# A PNG source as vlae-compress writes it (PNGWriter), so that decoding gives it back byte for byte.
"$bin" -f --codec stored Tests/ImageIOTests/Fixtures/png/valid-gray1-13x11-adam7.png "$golden/png.tmp.vz"
"$bin" -d -f "$golden/png.tmp.vz" "$golden/gray1-13x11.png"
rm "$golden/png.tmp.vz"
# A digit-like 8-bit image (a slanted ring, white on black, soft edges), coded with the grayscale
# model its sampled tiles choose.
python3 - "$golden/ring-digit-28x28.pgm" <<'PY'
import math, sys
pixels = []
for y in range(28):
    for x in range(28):
        dx, dy = (x - 13.5) / 6.0, (y - 13.5) / 9.0
        v = max(0.0, 1.0 - abs(math.hypot(dx + 0.25 * dy, dy) - 1.0) * 4.0)
        pixels.append(min(255, round(v * 1.4 * 255)))
open(sys.argv[1], "wb").write(b"P5\n28 28\n255\n" + bytes(pixels))
PY
# Four bi-level digit-like rings in one P4 file: coded with the default digit model, the fast one.
python3 - "$golden/ring-digits-4-bw.pbm" <<'PY'
import math, sys
images = []
for k in range(4):
    pixels = []
    for y in range(28):
        for x in range(28):
            dx, dy = (x - 12 - k) / (6.0 - 0.5 * k), (y - 13.5) / 9.0
            pixels.append(1 if 1.0 - abs(math.hypot(dx + 0.25 * dy, dy) - 1.0) * 4.0 > 0.45 else 0)
    rows = b"".join(bytes(int("".join(map(str, (pixels[y * 28:(y + 1) * 28] + [0] * 4)[i:i + 8])), 2) for i in range(0, 32, 8)) for y in range(28))
    images.append(b"P4\n28 28\n" + rows)
open(sys.argv[1], "wb").write(b"".join(images))
PY
: > "$golden/manifest.txt"
while read -r codec source; do
    name="${source%.*}.$codec.vz"
    "$bin" -f --codec "$codec" "$golden/$source" "$golden/$name"
    echo "$name $codec $source" >> "$golden/manifest.txt"
done <<'LIST'
vlae fashion-4-bw.pbm
vlae odd-13x4.pbm
zstd texture-97x61.pgm
stored fashion-t10k-000.pgm
vlae fashion-t10k-000.pgm
vlae texture-97x61-maxval15.pgm
vlae ring-digit-28x28.pgm
vlae ring-digits-4-bw.pbm
zstd gray1-13x11.png
context texture-97x61.pgm
context texture-97x61-maxval15.pgm
context fashion-4-bw.pbm
context gray1-13x11.png
LIST
cat "$golden/manifest.txt"
# Importance-weighted coding with 4 coupled particles (codec parameters version 6): 12 tiles, so
# that 4 come after the chain start (whose 8 tiles have one particle).
"$bin" -f --codec vlae --particles 4 "$golden/texture-97x61-maxval15.pgm" "$golden/texture-97x61-maxval15.particles4.vz"
# Archives: the files of archive/ (a grayscale model group, and zstd and stored groups as
# --codec auto chooses), and its two bi-level files with --codec vlae (one bi-level group).
mkdir -p "$golden/archive/gray"
cp "$golden/odd-13x4.pbm" "$golden/gray1-13x11.png" "$golden/archive/"
cp "$golden/fashion-t10k-000.pgm" "$golden/archive/gray/"
cp Tests/ImageIOTests/Fixtures/valid/idx-rank1-labels.idx "$golden/archive/labels.idx"
"$bin" -f -o "$golden/archive.vz" "$golden/archive"
"$bin" -f --codec vlae -o "$golden/archive-bilevel.vlae.vz" "$golden/archive/odd-13x4.pbm" "$golden/archive/gray1-13x11.png"
