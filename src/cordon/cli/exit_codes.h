// Exit statuses of cordon's own subcommands (compile, disasm, sim, lint,
// audit, yama, export). `cordon run` passes its child's status through and
// documents its own codes in run_cmd.cc and the README.
//
//   0  success
//   1  usage: unknown flag, missing argument, impossible combination
//   2  invalid input: a malformed policy, profile or BPF file
//   3  not found: a missing file, or an unknown syscall/constant
//   4  permission denied
//   5  unsupported by this kernel or architecture
//   6  limit exceeded (program over 4096 instructions, include depth)
//   7  other system error
//   8  findings: lint found holes, audit found failing checks,
//      sim/compile found the program and the policy disagree
//   70 internal error (a bug in cordon: please report it)
#ifndef CORDON_CLI_EXIT_CODES_H_
#define CORDON_CLI_EXIT_CODES_H_

#include "cordon/base/status.h"

namespace cordon::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitFindings = 8;
inline constexpr int kExitInternal = 70;

// ExitCodeFor maps a Status to the exit status above.
int ExitCodeFor(const Status& status);

// Fail prints "cordon: <message>" on stderr and returns ExitCodeFor(status).
int Fail(const Status& status);

}  // namespace cordon::cli

#endif  // CORDON_CLI_EXIT_CODES_H_
