#!/usr/bin/env bash
# Re-measures every figure the README quotes, on this machine, from the shipped models:
# model evaluation, the whole binarized-MNIST test split through vlae-compress, one image,
# the 8-bit Fashion-MNIST and MNIST test sets with the grayscale model, and the benchmarks
# (which write Bench/results/). About 25 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${DATA:-../shared/data/binarized-mnist}
fashion=${FASHION:-/usr/share/datasets/fashion-mnist}
mnist=${MNIST:-../shared/data/mnist}
[[ -f $data/test-images-idx3-ubyte.gz ]] || { echo "figures: $data not found; skipped"; exit 0; }
bash scripts/install-deps.sh
swift build -c release -j 2
bin=.build/release
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== model: test split, 1 and 16 importance samples"
$bin/vlae-train eval --data "$data/test-images-idx3-ubyte.gz" --samples 1 --json | tail -1
$bin/vlae-train eval --data "$data/test-images-idx3-ubyte.gz" --samples 16 --json | tail -1

echo "== vlae-compress: the 10,000 test digits in one file"
$bin/vlae-compress -f --report --json "$data/test-images-idx3-ubyte.gz" "$out/test.vz"
$bin/vlae-compress -f -d --report "$out/test.vz" "$out/test.idx"
python3 -c "import gzip,sys; sys.exit(gzip.open('$data/test-images-idx3-ubyte.gz').read() != open('$out/test.idx','rb').read())" \
    && echo "decoded file identical to the uncompressed test split"

echo "== vlae-compress: one 28x28 image, vlae forced"
python3 - "$data/test-images-idx3-ubyte.gz" "$out/one.pbm" <<'PY'
import gzip, sys
d = gzip.open(sys.argv[1]).read()[16:16 + 784]
rows = [bytes(int("".join(str(b) for b in (list(d[r*28:(r+1)*28]) + [0]*4)[i:i+8]), 2) for i in range(0, 32, 8)) for r in range(28)]
open(sys.argv[2], "wb").write(b"P4\n28 28\n" + b"".join(rows))
PY
$bin/vlae-compress -f --codec vlae --report "$out/one.pbm" "$out/one.vz"
$bin/vlae-compress -f -d "$out/one.vz" "$out/one-back.pbm" && cmp "$out/one.pbm" "$out/one-back.pbm" && echo "one image: identical"

echo "== grayscale model: Fashion-MNIST test set (1 and 16 importance samples), then through vlae-compress"
$bin/vlae-train eval --data "$fashion/t10k-images-idx3-ubyte.gz" --samples 1 --json | tail -1
$bin/vlae-train eval --data "$fashion/t10k-images-idx3-ubyte.gz" --samples 16 --json | tail -1
for set in "$fashion" "$mnist"; do
    $bin/vlae-compress -f --report --json "$set/t10k-images-idx3-ubyte.gz" "$out/gray.vz"
    $bin/vlae-compress -f -d "$out/gray.vz" "$out/gray.idx"
    python3 -c "import gzip,sys; sys.exit(gzip.open('$set/t10k-images-idx3-ubyte.gz').read() != open('$out/gray.idx','rb').read())" \
        && echo "decoded file identical to $set/t10k-images-idx3-ubyte.gz"
done

echo "== benchmarks"
$bin/bench-codec --data "$data/test-images-idx3-ubyte.gz" --runs 5 --out Bench/results/codec.md
$bin/bench-codec --data "$fashion/t10k-images-idx3-ubyte.gz" --runs 3 --out Bench/results/codec-fashion.md
$bin/bench-coder
$bin/bench-network --runs 5 --output Bench/results/network.md
$bin/vlae-train lossy-code --data "$data/test-images-idx3-ubyte.gz" --out Bench/results/lossy-code.png
$bin/vlae-train lossy-code --data "$fashion/t10k-images-idx3-ubyte.gz" --out Bench/results/lossy-code-fashion.png
