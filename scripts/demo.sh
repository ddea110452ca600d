#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what cordon needs,
# build it, and run the kernel security talk's seccomp demo with cordon in
# place of minijail0; then compile, disassemble and simulate the policy.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh || exit 1
bash scripts/build.sh || exit 1
cordon=build/src/cordon/cli/cordon
show() { echo "\$ $*"; "$@"; echo "(exit status $?)"; echo; }

# cat does only what cat.policy allows: it prints the file, exit 0.
show "$cordon" run -nS examples/cat.policy /bin/cat examples/cat.policy
# ls also calls ioctl(TCGETS), which the policy does not allow: killed, exit 253.
show "$cordon" run -nS examples/cat.policy /bin/ls examples/cat.policy
# -L names the blocked call instead of leaving it to the kernel log.
show "$cordon" run -nLS examples/cat.policy /bin/ls examples/cat.policy
# Without -n, a user without CAP_SYS_ADMIN cannot install a filter: cordon says so.
show setpriv --reuid=nobody --regid=nogroup --clear-groups \
  "$cordon" run -S examples/cat.policy /bin/cat examples/cat.policy

show "$cordon" compile examples/cat.policy -o build/cat.bpf --stats
show "$cordon" disasm build/cat.bpf
show "$cordon" sim examples/cat.policy openat AT_FDCWD 0 O_RDONLY
show "$cordon" sim examples/cat.policy mmap 0 4096 'PROT_WRITE|PROT_EXEC' MAP_PRIVATE --explain
show "$cordon" lint examples/cat.policy
