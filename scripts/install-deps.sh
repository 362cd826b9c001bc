#!/usr/bin/env bash
# Installs the Debian packages vlae builds and runs with, if any is missing (needs root or sudo).
#   libzstd-dev      zstd, the baseline codec and the stored/zstd fallback
#   zlib1g-dev       gzip (.idx.gz input) and CRC-32
#   libpng-dev       PNG input (read through Sources/CPNGDecode)
#   libopenblas-dev  GEMM for training only (the coding path never calls it)
#   libssl-dev       libcrypto: SHA-256 of model files, the model identity in .vz headers
#   dataset-fashion-mnist  training data of the grayscale model; the Fashion-MNIST samples in Corpora/
#   time             GNU time: the memory tests read a run's peak memory with /usr/bin/time
set -euo pipefail
packages=(libzstd-dev zlib1g-dev libpng-dev libopenblas-dev libssl-dev dataset-fashion-mnist time)
source "$(dirname "$0")/apt-install.sh"
apt_install "${packages[@]}"
