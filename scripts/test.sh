#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds (debug and release), runs every test,
# checks that debug and release builds agree on vlae files, runs the tests again under
# AddressSanitizer, and fuzzes each libFuzzer target for a minute (TESTING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step's wall time goes to the log, so slow steps show up in CI.
step() {
    local start=$SECONDS
    "$@"
    echo "== test.sh: $* took $((SECONDS - start)) s"
}
step bash scripts/install-deps.sh
step swift build -j 2 --build-tests
step swift test --skip-build
step swift build -c release -j 2 --product vlae-compress
# The coding path is built from model files alone: the compressor must not link the training engine's BLAS.
no_blas() { if ldd .build/release/vlae-compress | grep -i blas; then echo "vlae-compress links BLAS" >&2; return 1; fi; }
step no_blas
step bash scripts/cross-build-check.sh
step bash scripts/asan-test.sh
step bash scripts/fuzz.sh --seconds 60
echo "== test.sh: all steps passed in $SECONDS s"
