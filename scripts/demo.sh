#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what cordon needs,
# build it, and run it on the bundled example policy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
cordon=build/src/cordon/cli/cordon
set -x
"$cordon" compile examples/cat.policy -o build/cat.bpf --stats
"$cordon" disasm build/cat.bpf
"$cordon" sim examples/cat.policy openat AT_FDCWD 0 O_RDONLY
"$cordon" sim examples/cat.policy mmap 0 4096 'PROT_READ|PROT_WRITE' 'MAP_PRIVATE|MAP_ANONYMOUS'
"$cordon" sim examples/cat.policy mmap 0 4096 'PROT_WRITE|PROT_EXEC' MAP_PRIVATE --explain
"$cordon" sim examples/cat.policy ioctl 1 TCGETS --explain
