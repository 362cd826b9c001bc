#!/usr/bin/env bash
# The main job: installs what is missing, builds vlae-compress in release, compresses a bi-level
# sample from Corpora/ with the shipped model, decompresses it and checks the bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release -j 2 --product vlae-compress
bin=.build/release/vlae-compress
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
input=${1:-Corpora/fashion-binarized-0.pbm}
"$bin" "$input" "$out/sample.vz" --report
"$bin" -d "$out/sample.vz" "$out/back.pbm"
cmp "$input" "$out/back.pbm" && echo "round trip: identical bytes"
