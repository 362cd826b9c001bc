#!/usr/bin/env bash
# The main job: installs what is missing, builds vlae-compress in release, compresses a bi-level
# sample from Corpora/ (the report sets the shipped model's code beside zstd; --codec auto
# keeps the smaller), decompresses it and checks the bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release -j 2 --product vlae-compress
bin=.build/release/vlae-compress
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
input=${1:-Corpora/fashion-t10k-000-bw.pbm}
"$bin" "$input" "$out/sample.vz" --report
"$bin" -d "$out/sample.vz" "$out/back.pbm"
cmp "$input" "$out/back.pbm" && echo "round trip: identical bytes"
