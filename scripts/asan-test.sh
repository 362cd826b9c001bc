#!/usr/bin/env bash
# The whole test suite under AddressSanitizer: every target and test is built optimised (-c
# release, with testable imports) and with -sanitize=address into .build-asan/ (beside, not over,
# the normal builds), and `swift test` runs there, so a heap overflow, use-after-free or stack
# overflow in any test aborts the run with ASan's report. Optimised because the suite's model
# arithmetic is ~200x slower unoptimised; the unit suites also run in debug (scripts/test.sh).
# Extra arguments go to `swift test` (e.g. --filter ContainerTests). Set VLAE_PACKAGE_DIR to run
# in another package with the same layout (a dev package).
set -euo pipefail
package="${VLAE_PACKAGE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$package"
# Swift's crash reporter would otherwise wait on a crashed test instead of letting ASan report it.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
flags=(-c release --sanitize=address --scratch-path .build-asan -Xswiftc -enable-testing)
swift build -j 2 --build-tests "${flags[@]}" 2>&1 | grep -v "Cannot export local symbol"
swift test --skip-build "${flags[@]}" "$@"
