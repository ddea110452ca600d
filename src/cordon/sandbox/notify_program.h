// NotifyOnBlock: the program `cordon run -L` gives the kernel. Every return
// that blocks a call (KILL_PROCESS, KILL_THREAD, ERRNO) becomes USER_NOTIF,
// so the call stops and cordon's supervisor, holding the listener, names it
// and then applies what the original program returns for the same
// seccomp_data. Allowed calls never leave the kernel (and stay in its
// action cache); TRAP, TRACE and LOG are left to the kernel.
//
//   bpf::Program kernel_program = TRY(NotifyOnBlock(policy_program));
//   // for every seccomp_data d:
//   //   Run(kernel_program, d) == (IsBlockingAction(Run(policy_program, d))
//   //                              ? kRetUserNotif : Run(policy_program, d))
//
// Only RET K instructions change and every other instruction is kept in
// place, so each input follows the same path through both programs and the
// property above holds by construction; CheckNotifyRewrite re-checks it
// instruction by instruction, and the unit test runs both programs in the
// interpreter.
#ifndef CORDON_SANDBOX_NOTIFY_PROGRAM_H_
#define CORDON_SANDBOX_NOTIFY_PROGRAM_H_

#include <cstdint>

#include "cordon/base/status.h"
#include "cordon/bpf/program.h"

namespace cordon::sandbox {

// IsBlockingAction: KILL_PROCESS, KILL_THREAD and ERRNO block a call.
bool IsBlockingAction(uint32_t ret);

// NotifyOnBlock rewrites `program` as described above. kInvalidInput when
// the program returns the accumulator (RET A), whose value cordon cannot
// know in advance.
Result<bpf::Program> NotifyOnBlock(const bpf::Program& program);

// CheckNotifyRewrite verifies that `rewritten` differs from `original` only
// in blocking RET K instructions turned into RET USER_NOTIF.
Status CheckNotifyRewrite(const bpf::Program& original, const bpf::Program& rewritten);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_NOTIFY_PROGRAM_H_
