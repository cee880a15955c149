#!/usr/bin/env bash
# The README's test command; CI (.ci/run) calls exactly this. It:
#  1. installs the Debian packages (scripts/install-deps.sh);
#  2. builds and runs the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer
#     (GCC, build-asan/, leak detection on);
#  3. builds the libFuzzer targets with clang (build-fuzz/) and runs each for FUZZ_SECONDS
#     (default 60) on a copy of its seed corpus, failing on any crash;
#  4. builds the Release binaries (build/) and runs the whole suite; ctest's summary closes.
# TECSMAP_QUICK=1 skips steps 2 and 3 (for a fast local loop).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
scripts/install-deps.sh

if [ "${TECSMAP_QUICK:-0}" != 1 ]; then
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTECSMAP_SANITIZE=ON
    cmake --build build-asan --parallel "$jobs"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        LSAN_OPTIONS=suppressions="$PWD/../tests/lsan.supp":print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --output-on-failure --parallel "$jobs")

    echo "== libFuzzer targets (${FUZZ_SECONDS:-60} s each)"
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTECSMAP_FUZZ=ON -DTECSMAP_BUILD_TESTS=OFF \
        -DTECSMAP_WITH_GUI=OFF -DTECSMAP_BUILD_BENCH=OFF
    cmake --build build-fuzz --parallel "$jobs" --target fuzz_csv_reader fuzz_study_parser \
        fuzz_register_text fuzz_csv_invariant fuzz_study_loader
    for target in csv_reader:csv study_parser:study register_text:register \
        csv_invariant:csv_invariant study_loader:study_loader; do
        name=${target%%:*} seeds=${target##*:}
        corpus=$(mktemp -d)
        cp tests/fuzz/corpus/"$seeds"/* "$corpus"/
        build-fuzz/tests/fuzz/fuzz_"$name" -max_total_time="${FUZZ_SECONDS:-60}" \
            -rss_limit_mb=4096 -artifact_prefix="build-fuzz/crash-$name-" "$corpus" \
            >"build-fuzz/fuzz_$name.log" 2>&1 || {
            tail -40 "build-fuzz/fuzz_$name.log"
            echo "fuzz_$name: crash found (artifact in build-fuzz/)"
            exit 1
        }
        echo "fuzz_$name: $(grep -o 'Done [0-9]* runs' "build-fuzz/fuzz_$name.log"), no crash"
        rm -rf "$corpus"
    done
fi

echo "== Release build and tests"
scripts/build.sh
cd build
ctest --output-on-failure --parallel "$jobs"
