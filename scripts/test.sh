#!/usr/bin/env bash
# The whole test suite: installs what is missing; runs every test optimised under AddressSanitizer
# (scripts/asan-test.sh); builds the shipped release binary and checks it links no BLAS; builds
# debug and runs the unit suites there (debug assertions on); checks that debug and release builds
# agree on vlae files; fuzzes each libFuzzer target (TESTING.md, "CI").
#
# Why the whole suite runs optimised: the coding model's float loops run ~200x slower in a debug
# build (the suite took 20 minutes there, 40 s optimised), and the arithmetic must not depend on
# the optimiser anyway, which cross-build-check.sh tests on real files.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step's wall time goes to the log, so slow steps show up in CI.
step() {
    local start=$SECONDS
    "$@"
    echo "== test.sh: $* took $((SECONDS - start)) s"
}
# The suites that check units in isolation (no whole-file round trips): quick even unoptimised.
unit_suites='ContainerTests|ContextCodingTests|DeterministicMathTests|EntropyCoderTests|ImageIOTests|ModelFileTests|NetworkTests|VLAETests|VLAECodingTests'
step bash scripts/install-deps.sh
step bash scripts/asan-test.sh
step swift build -c release -j 2 --product vlae-compress
# The coding path is built from model files alone: the compressor must not link the training engine's BLAS.
no_blas() { if ldd .build/release/vlae-compress | grep -i blas; then echo "vlae-compress links BLAS" >&2; return 1; fi; }
step no_blas
step swift build -j 2 --build-tests
step swift test --skip-build --filter "^($unit_suites)\."
step bash scripts/cross-build-check.sh
step bash scripts/fuzz.sh --seconds 30
echo "== test.sh: all steps passed in $SECONDS s"
