#!/usr/bin/env bash
# The main job: installs what is missing, builds vlae-compress in release, compresses a sample
# from Corpora/ (default: 32 Fashion-MNIST test images in one PGM, coded with the shipped
# grayscale model; the report sets the real size beside the model's −ELBO and beside zstd, and
# --codec auto keeps the smaller), decompresses it and checks the bytes.
#
#   bash scripts/demo.sh [FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release -j 2 --product vlae-compress
bin=.build/release/vlae-compress
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
input=${1:-Corpora/fashion-t10k-008-039.pgm}
back="$out/back.${input##*.}"
"$bin" "$input" "$out/sample.vz" --report
"$bin" -d "$out/sample.vz" "$back"
cmp "$input" "$back" && echo "round trip: identical bytes"
