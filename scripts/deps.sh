#!/usr/bin/env bash
# Installs the Debian 12 packages cordon needs to build, test and benchmark.
# Each is listed with the reason in README.md ("Dependencies").
set -euo pipefail
packages=(
  # build
  build-essential cmake ninja-build pkg-config python3
  # libraries cordon links
  libseccomp-dev nlohmann-json3-dev zlib1g-dev
  # tests, fuzzing, benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  # test inputs: Debian's kernel config (cordon audit)
  linux-image-amd64
  # tests: the Yama VM test boots linux-image-amd64 under qemu with a busybox initramfs
  qemu-system-x86 busybox-static
  # benchmarks: bench/launch_bench.py times cordon run against bwrap and firejail
  bubblewrap firejail
)
if [ "$(id -u)" -ne 0 ]; then
  echo "deps.sh: run as root (apt-get install needs it): sudo $0" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
