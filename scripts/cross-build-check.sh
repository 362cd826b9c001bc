#!/usr/bin/env bash
# Decodes in a debug build what a release build encoded, and the other way round, with the vlae
# and context codecs: the coding models' arithmetic must not depend on the optimiser. Then the same
# between the release build's kernel paths (the CPU's most: AVX-512 VNNI or AVX2; VLAE_SIMD=avx2;
# VLAE_SIMD=portable): it must not depend on the CPU either. Expects both builds of vlae-compress (scripts/test.sh makes them).
set -euo pipefail
cd "$(dirname "$0")/.."
release=.build/release/vlae-compress
debug=.build/debug/vlae-compress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One input per shipped model: bi-level garments (PBM) and an 8-bit garment (PGM).
for codec in vlae context; do
    for input in Tests/CompressorTests/Golden/fashion-4-bw.pbm Tests/CompressorTests/Golden/fashion-t10k-000.pgm; do
        name=$codec-$(basename "$input")
        "$release" --codec $codec "$input" "$work/release-$name.vz"
        "$debug" --codec $codec "$input" "$work/debug-$name.vz"
        cmp "$work/release-$name.vz" "$work/debug-$name.vz"
        "$debug" -d "$work/release-$name.vz" "$work/from-release-$name"
        "$release" -d "$work/debug-$name.vz" "$work/from-debug-$name"
        cmp "$input" "$work/from-release-$name"
        cmp "$input" "$work/from-debug-$name"
        for path in portable avx2; do
            VLAE_SIMD=$path "$release" --codec $codec "$input" "$work/$path-$name.vz"
            cmp "$work/release-$name.vz" "$work/$path-$name.vz"
            VLAE_SIMD=$path "$release" -d "$work/release-$name.vz" "$work/$path-from-release-$name"
            cmp "$input" "$work/$path-from-release-$name"
        done
    done
done
echo "cross-build check: release and debug, and the kernel paths (this CPU's most, AVX2, portable), encode the same bytes and decode each other's files (vlae and context codecs, bi-level and grayscale)"
