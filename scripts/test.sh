#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds (debug and release), runs every test,
# checks that debug and release builds agree on vlae files, runs the tests again under
# AddressSanitizer, and fuzzes each libFuzzer target for a minute (TESTING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -j 2 --build-tests
swift test --skip-build
swift build -c release -j 2 --product vlae-compress
bash scripts/cross-build-check.sh
bash scripts/asan-test.sh
bash scripts/fuzz.sh --seconds 60
