#!/usr/bin/env bash
# Runs every test: the unit, integration and real-kernel suites; the same
# suites again under AddressSanitizer and UndefinedBehaviorSanitizer; and a
# short run of every fuzzer (clang libFuzzer, ASan+UBSan). Needs the
# packages from scripts/deps.sh, and root for the sandbox tests (tests that
# need a privilege they lack skip with a message).
#   FUZZ_SECONDS=N   seconds per fuzzer (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build and test under ASan + UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCORDON_SANITIZE=ON \
  -DCORDON_BENCH=OFF -DCMAKE_CXX_FLAGS=-O1 >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== fuzzers (${FUZZ_SECONDS:-30} s each)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
echo "== all tests passed"
