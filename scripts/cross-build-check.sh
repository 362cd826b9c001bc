#!/usr/bin/env bash
# Decodes in a debug build what a release build encoded, and the other way round, with the vlae
# codec: the coding model's arithmetic must not depend on the optimiser. Expects both builds of
# vlae-compress (scripts/test.sh makes them).
set -euo pipefail
cd "$(dirname "$0")/.."
release=.build/release/vlae-compress
debug=.build/debug/vlae-compress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=Tests/CompressorTests/Golden/fashion-4-bw.pbm
"$release" --codec vlae "$input" "$work/release.vz"
"$debug" --codec vlae "$input" "$work/debug.vz"
cmp "$work/release.vz" "$work/debug.vz"
"$debug" -d "$work/release.vz" "$work/from-release.pbm"
"$release" -d "$work/debug.vz" "$work/from-debug.pbm"
cmp "$input" "$work/from-release.pbm"
cmp "$input" "$work/from-debug.pbm"
echo "cross-build check: release and debug encode the same bytes and decode each other's files"
