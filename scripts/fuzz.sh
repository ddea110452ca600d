#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and
# runs each for the given number of seconds (default 30), starting from
# its seed corpus in fuzz/seeds/NAME. New inputs go to build-fuzz/corpus/NAME;
# a crash stops the script with the reproducer's path.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORDON_FUZZ=ON \
  -DCORDON_TESTS=OFF -DCORDON_BENCH=OFF -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
targets=$(sed -n 's/^cordon_fuzzer(\([a-z_]*\).*/\1/p' fuzz/CMakeLists.txt)
cmake --build build-fuzz -j"$(nproc)" --target $targets
for t in $targets; do
  name=${t%_fuzzer}
  mkdir -p "build-fuzz/corpus/$name" "build-fuzz/artifacts/$name"
  echo "-- $t: $seconds s"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "build-fuzz/fuzz/$t" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/artifacts/$name/" \
    "build-fuzz/corpus/$name" "fuzz/seeds/$name" 2>&1 | grep -E '^(#|Done|stat::number_of_executed_units|==|SUMMARY)' | tail -4
  test "${PIPESTATUS[0]}" -eq 0
done
