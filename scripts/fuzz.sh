#!/usr/bin/env bash
# Builds the libFuzzer targets under Fuzz/ (AddressSanitizer, coverage instrumentation) and runs
# them: first every saved regression input in Fuzz/regressions/TARGET/ once, then fuzzing from a
# seed corpus assembled from the repository's fixtures and golden files.
#
#   bash scripts/fuzz.sh [--runs N | --seconds S] [TARGET ...]
#
# TARGET is netpbm, idx, container, decompress, png or archive (default: all six, one after the other).
# Default budget: --seconds 60 per target. Builds go to .build-fuzz/ (ignored by git); the
# growing corpus is kept in .build-fuzz/corpus/TARGET between runs, crash inputs are written to
# .build-fuzz/artifacts/TARGET/. Any crash, timeout (60 s: wall-clock, so generous for a loaded machine) or property violation fails
# the script; copy the input into Fuzz/regressions/TARGET/ after fixing it. The last line per
# target is a summary: runs, seconds, exec/s. Set VLAE_PACKAGE_DIR to run from another package
# that has the same Fuzz/ targets (a dev package).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
package="${VLAE_PACKAGE_DIR:-$repo}"
budget=(-max_total_time=60)
targets=()
while (($#)); do
    case "$1" in
        --runs) budget=(-runs="$2"); shift 2 ;;
        --seconds) budget=(-max_total_time="$2"); shift 2 ;;
        netpbm|idx|container|decompress|png|archive) targets+=("$1"); shift ;;
        *) echo "usage: $0 [--runs N | --seconds S] [netpbm|idx|container|decompress|png|archive ...]" >&2; exit 1 ;;
    esac
done
((${#targets[@]})) || targets=(netpbm idx container decompress png archive)

runtime="$(dirname "$(command -v swiftc)")/../lib/clang"
fuzzer_lib="$(ls "$runtime"/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -n 1)"
work="$package/.build-fuzz"
# Swift's crash reporter would wait for a debugger instead of letting libFuzzer save the input.
export SWIFT_BACKTRACE=enable=no

# The seed corpus of a target, rebuilt on each run from files in the repository.
# .vz seeds get a control byte (Fuzz/FuzzHarness/ResealedInput.swift): 0 as is, 1 header CRC
# recomputed after mutation, 3 pixel CRC too. PNG seeds get one too
# (Fuzz/FuzzHarness/ResealedPNGInput.swift): 0 as is, 1 every chunk CRC recomputed.
assemble_seeds() {
    local target="$1" dir="$2"
    rm -rf "$dir" && mkdir -p "$dir"
    local fixtures="$repo/Tests/ImageIOTests/Fixtures" golden="$repo/Tests/CompressorTests/Golden"
    case "$target" in
        netpbm)
            cp "$fixtures"/valid/*.p?m "$fixtures"/malformed/*.p?m "$golden"/*.p?m "$dir"/
            for f in "$repo"/Corpora/*.p?m; do [ "$(stat -c %s "$f")" -le 8192 ] && cp "$f" "$dir"/; done ;;
        idx)
            cp "$fixtures"/valid/*.idx* "$fixtures"/malformed/*.idx* "$repo"/Corpora/*.idx3-ubyte "$dir"/ ;;
        container|decompress|archive)
            for f in "$golden"/*.vz "$golden"/v1/*.vz "$golden"/broken/*.vz; do
                [ -e "$f" ] || continue
                for control in 0 1 3; do
                    { printf "\\x0$control"; cat "$f"; } > "$dir/$control-$(basename "$f")"
                done
            done ;;
        png)
            for f in "$fixtures"/png/*.png; do
                for control in 0 1; do
                    { printf "\\x0$control"; cat "$f"; } > "$dir/$control-$(basename "$f")"
                done
            done ;;
    esac
}

for target in "${targets[@]}"; do
    product="fuzz-$target"
    echo "== $product: build"
    (cd "$package" && swift build -c release -j 2 --scratch-path "$work" --product "$product" \
        -Xswiftc -sanitize=address \
        -Xswiftc -sanitize-coverage=edge,trace-cmp,indirect-calls,inline-8bit-counters,pc-table \
        -Xswiftc -DVLAE_FUZZING \
        -Xlinker "$fuzzer_lib" -Xlinker -lstdc++ 2>&1 | grep -v "Cannot export local symbol" | tail -n 3)
    binary="$work/release/$product"
    regressions=("$repo/Fuzz/regressions/$target"/*)
    if [ -e "${regressions[0]}" ]; then
        echo "== $product: replay ${#regressions[@]} regression inputs"
        "$binary" -detect_leaks=0 "${regressions[@]}" > "$work/$target-replay.log" 2>&1 \
            || { tail -n 40 "$work/$target-replay.log"; exit 1; }
    fi
    assemble_seeds "$target" "$work/seeds/$target"
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    echo "== $product: fuzz (${budget[*]})"
    log="$work/$target-fuzz.log"
    start=$(date +%s)
    status=0
    "$binary" "${budget[@]}" -timeout=60 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$target/" "$work/corpus/$target" "$work/seeds/$target" > "$log" 2>&1 || status=$?
    seconds=$(( $(date +%s) - start ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log"
        echo "== $product: FAILED (status $status) after ${runs:-?} runs; input saved in $work/artifacts/$target/"
        exit 1
    fi
    echo "== $product: ok, ${runs} runs in ${seconds} s, ${rate} exec/s, corpus $(ls "$work/corpus/$target" | wc -l) files"
done
