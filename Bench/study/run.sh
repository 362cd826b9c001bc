#!/usr/bin/env bash
# The VLAE paper's claims measured with our own models (issue 17): trains every configuration
# below with the same budget (EPOCHS epochs, seed 1, two threads, binarized MNIST train split,
# validated on its validation split), then for each: the test split's -ELBO and KL (one
# posterior draw per image), an importance-weighted NLL (IW_SAMPLES draws on the first IW_IMAGES
# test images), a real .vz of the 10,000 test images (decoded and compared byte for byte), and a
# picture of its lossy code. Writes Bench/results/study.json, docs/STUDY.md and its figures.
#
#   bash Bench/study/run.sh                 # everything (about 2 hours on two cores at EPOCHS=3)
#   EPOCHS=1 ROWS="rf1 rf5" bash Bench/study/run.sh   # a quick try on two rows
#
# Each stage skips what is already done (a row's model, its evaluation), so an interrupted run
# continues where it stopped; trainings resume from their checkpoints. Work files go to
# Bench/study/runs/ (not committed). STAGE=train stops after the trainings.
set -euo pipefail
cd "$(dirname "$0")/../.."

EPOCHS=${EPOCHS:-3}
IW_SAMPLES=${IW_SAMPLES:-100}
IW_IMAGES=${IW_IMAGES:-1000}
WORK=${WORK:-Bench/study/runs}
DATA=../shared/data/binarized-mnist
TEST=$DATA/test-images-idx3-ubyte.gz

# name | vlae-train flags. Receptive field in rows up = first-kernel/2 + layers·(kernel/2); the
# receptive-field rows keep three residual layers and widen their kernels, so depth and width stay.
CONFIGS=(
    "factorized|--first-kernel 1 --layers 0"
    "rf1|--first-kernel 3 --kernel 1"
    "rf2|--first-kernel 5 --kernel 1"
    "rf3|--first-kernel 7 --kernel 1"
    "rf5|"
    "rf8|--kernel 5"
    "rf12|--first-kernel 7 --kernel 7"
    "diagonal-prior|--prior diagonal"
    "iaf-posterior|--prior diagonal --posterior iaf"
)
ROWS=${ROWS:-$(printf '%s\n' "${CONFIGS[@]}" | cut -d'|' -f1 | tr '\n' ' ')}

python=/usr/bin/python3  # Debian's, with python3-matplotlib for the plot
export PYTHONDONTWRITEBYTECODE=1
sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
for p in python3 python3-matplotlib; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$p" >/dev/null
    fi
done

# VLAE_BIN: a directory holding vlae-train and vlae-compress built elsewhere (skips the build).
if [[ -z "${VLAE_BIN:-}" ]]; then
    swift build -c release -j 2 --product vlae-train
    swift build -c release -j 2 --product vlae-compress
    VLAE_BIN=$(swift build -c release --show-bin-path)
fi
train="$VLAE_BIN/vlae-train"; compress="$VLAE_BIN/vlae-compress"
mkdir -p "$WORK" Bench/results docs/study

flags_of() { printf '%s\n' "${CONFIGS[@]}" | awk -F'|' -v n="$1" '$1 == n { print $2; found = 1 } END { exit !found }'; }

for row in $ROWS; do
    flags=$(flags_of "$row") || { echo "unknown row $row" >&2; exit 1; }
    model=$WORK/$row.safetensors ckpt=$WORK/$row.ckpt.safetensors log=$WORK/$row.train.log
    [[ -f $WORK/$row.trained ]] && continue
    resume=(); [[ -f $ckpt ]] && resume=(--resume)
    echo "== training $row ($flags) for $EPOCHS epochs"
    start=$(date +%s)
    # shellcheck disable=SC2086  # flags are words
    "$train" train --data "$DATA" $flags --epochs "$EPOCHS" --minutes 100000 --seed 1 --threads 2 \
        --name "study-$row" --out "$model" --checkpoint "$ckpt" "${resume[@]}" >> "$log" 2>&1
    echo $(( $(date +%s) - start )) >> "$WORK/$row.train-seconds"
    touch "$WORK/$row.trained"
done
[[ ${STAGE:-all} == train ]] && exit 0

for row in $ROWS; do
    model=$WORK/$row.safetensors
    # Each result is written to a temporary file first, so an interrupted step is redone.
    if [[ ! -f $WORK/$row.elbo.json ]]; then
        "$train" eval --data "$TEST" --model "$model" --samples 1 --json | tail -n 1 > "$WORK/$row.elbo.tmp"
        mv "$WORK/$row.elbo.tmp" "$WORK/$row.elbo.json"
    fi
    if [[ ! -f $WORK/$row.iw.json ]]; then
        "$train" eval --data "$TEST" --model "$model" --samples "$IW_SAMPLES" --limit "$IW_IMAGES" --json | tail -n 1 > "$WORK/$row.iw.tmp"
        mv "$WORK/$row.iw.tmp" "$WORK/$row.iw.json"
    fi
    if [[ ! -f $WORK/$row.code.json ]]; then
        "$compress" --codec vlae --model "$model" --json -f "$TEST" "$WORK/$row.vz" | tail -n 1 > "$WORK/$row.code.tmp"
        "$compress" -d --model "$model" -f "$WORK/$row.vz" "$WORK/$row.idx"
        gunzip -c "$TEST" | cmp - "$WORK/$row.idx" || { echo "$row: the decoded test set differs" >&2; exit 1; }
        rm "$WORK/$row.idx"
        mv "$WORK/$row.code.tmp" "$WORK/$row.code.json"
    fi
    [[ -f docs/study/lossy-$row.png ]] || "$train" lossy-code --data "$TEST" --model "$model" --digits 8 --samples 5 --out "docs/study/lossy-$row.png"
done

"$python" Bench/study/report.py --work "$WORK" --epochs "$EPOCHS" --iw-images "$IW_IMAGES" --rows $ROWS
