#!/usr/bin/env bash
# "Train on my images, compress my images": the workflow of a user with images of their own,
# measured end to end on synthetic line drawings (scripts/make-drawings.py).
#
#   bash scripts/drawings-demo.sh [MINUTES] [WORKDIR] [START]
#
# Makes 400 training and 50 test drawings (105×105, 1-bit PNG, different seeds), trains a
# bi-level model with --tile 32 for MINUTES (default 3) of wall-clock time (from scratch, or from
# the weights of model START, e.g. vlae-binarized-mnist, with --start), compresses the test
# drawings with --model (one .vz per drawing and, with a P4 stack of all 50, one chained file),
# decodes them with --model and through VLAE_MODEL_PATH, checks every pixel, checks that a
# decoder with neither exits 3 naming the model, and prints the sizes beside zstd's and the
# shipped digit model's. Needs release builds of vlae-train and vlae-compress.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
minutes="${1:-3}"
work="${2:-$(mktemp -d)}"
start=()
[ -n "${3:-}" ] && start=(--start "$3")
bin="$repo/.build/release"
mkdir -p "$work"
python3 "$repo/scripts/make-drawings.py" "$work/train" 400 1
python3 "$repo/scripts/make-drawings.py" "$work/test" 50 2
python3 "$repo/scripts/make-drawings.py" "$work/test-pbm" 50 2 --format pbm
cat "$work"/test-pbm/*.pbm > "$work/test-stack.pbm"
mkdir -p "$work/models"
model="$work/models/drawings.safetensors"
nice -n 10 "$bin/vlae-train" train --data "$work/train" --tile 32 --minutes "$minutes" --name "drawings" "${start[@]}" \
    --out "$model" > "$work/train.log"
grep -E "valid|params|starting" "$work/train.log"

total_vlae=0; total_zstd=0; total_shipped=0; total_png=0; n=0
for f in "$work"/test/*.png; do
    b="$(basename "$f" .png)"
    "$bin/vlae-compress" -f --codec vlae --model "$model" "$f" "$work/$b.vz"
    "$bin/vlae-compress" -f --codec zstd "$f" "$work/$b.zstd.vz"
    "$bin/vlae-compress" -f --codec vlae "$f" "$work/$b.shipped.vz"
    "$bin/vlae-compress" -f -d --model "$model" "$work/$b.vz" "$work/$b.a.png"
    VLAE_MODEL_PATH="$work/models" "$bin/vlae-compress" -f -d "$work/$b.vz" "$work/$b.b.png"
    for back in "$work/$b.a.png" "$work/$b.b.png"; do
        "$bin/vlae-compress" -f --codec stored "$back" "$work/check.vz"
        "$bin/vlae-compress" -f --codec stored "$f" "$work/check-orig.vz"
        cmp -s "$work/check.vz" "$work/check-orig.vz" || { echo "FAILED: $back differs from $f"; exit 1; }
    done
    total_vlae=$((total_vlae + $(stat -c %s "$work/$b.vz")))
    total_zstd=$((total_zstd + $(stat -c %s "$work/$b.zstd.vz")))
    total_shipped=$((total_shipped + $(stat -c %s "$work/$b.shipped.vz")))
    total_png=$((total_png + $(stat -c %s "$f")))
    n=$((n + 1))
done
set +e
VLAE_MODEL_PATH= "$bin/vlae-compress" -d "$work/$b.vz" "$work/missing.png" 2> "$work/missing.txt"
status=$?
set -e
echo "without the model: exit $status: $(cat "$work/missing.txt")"
[ "$status" -eq 3 ] || { echo "FAILED: expected exit 3"; exit 1; }
pixels=$((n * 105 * 105))
rate() { python3 -c "print(f'{8 * $1 / $pixels:.4f}')"; }
echo "test drawings: $n single files, $pixels pixels, every one decoded identically with --model and with VLAE_MODEL_PATH"
echo "  vlae, trained model:  $total_vlae bytes = $(rate $total_vlae) bits/dim"
echo "  vlae, shipped digits: $total_shipped bytes = $(rate $total_shipped) bits/dim"
echo "  zstd -22 (.vz):       $total_zstd bytes = $(rate $total_zstd) bits/dim"
echo "  PNG files (input):    $total_png bytes = $(rate $total_png) bits/dim"
"$bin/vlae-compress" -f --codec vlae --model "$model" --report "$work/test-stack.pbm" "$work/stack.vz" | sed -n '1,/initial/p'
"$bin/vlae-compress" -f -d --model "$model" "$work/stack.vz" "$work/stack-back.pbm"
cmp "$work/test-stack.pbm" "$work/stack-back.pbm" && echo "  the 50 drawings as one P4 stack (one chain of tiles): decoded identically"
"$bin/vlae-compress" -f --codec zstd --report "$work/test-stack.pbm" "$work/stack.zstd.vz" | grep rate
