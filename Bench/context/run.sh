#!/usr/bin/env bash
# The context codec alone (no container, no other codec) on the photo and page corpora's test
# splits and the 8-bit and binarized MNIST test sets: payload bytes, bits per pixel, encode and
# decode speed (medians of 3 runs per file, every decode compared with the input). Writes
# Bench/results/context.md.
#
#   bash Bench/context/run.sh /work/photos /work/pages      # corpora from scripts/make-photos.sh, make-pages.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if (($# < 2)); then
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
photos=$1 pages=$2
swift build -c release --product bench-context >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gunzip -c ../shared/data/mnist/t10k-images-idx3-ubyte.gz > "$work/mnist-t10k.idx"
gunzip -c ../shared/data/binarized-mnist/test-images-idx3-ubyte.gz > "$work/binarized-mnist-test.idx"
out=Bench/results/context.md
{
    echo "# Context codec (bench-context)"
    echo
    echo "\`bash Bench/context/run.sh $photos $pages\` on $(date -u +%Y-%m-%d), $(nproc) cores of $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'):"
    echo "payload bytes (no .vz header), medians of 3 runs per file, one thread."
    for set in "photos (test split)|$photos/test" "pages (test split)|$pages/test" \
               "8-bit MNIST test, one IDX|$work/mnist-t10k.idx" "binarized MNIST test, one IDX|$work/binarized-mnist-test.idx"; do
        echo
        echo "## ${set%%|*}"
        echo
        echo '```'
        .build/release/bench-context --runs 3 "${set#*|}" | sed "s|$work/||"
        echo '```'
    done
} > "$out"
cat "$out"
