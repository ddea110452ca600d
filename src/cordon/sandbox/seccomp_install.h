// Seccomp installation: the filter goes into the kernel in one of two places.
//
//   - Static programs (no PT_INTERP), or Seccomp::before_exec: the launcher
//     child installs it as its very last step and calls execve, which the
//     policy must therefore allow.
//   - Dynamic programs: the launcher passes the program to the preload
//     library (preload/preload.cc) in a sealed memfd; its constructor
//     installs the filter after the dynamic loader and before main.
//
// With a listener (-L, learn, --ptrace-scope) the installer first tells the
// parent which descriptor the listener will get (wire::kReportInstalling),
// installs with SECCOMP_FILTER_FLAG_NEW_LISTENER, and waits for one byte on
// the notify socket: the parent takes the listener with pidfd_getfd, then
// writes the byte (ListenerHandshake in the launcher answers these calls
// itself when the policy blocks them).
//
//   UniqueFd payload = TRY(MakePreloadPayload(program, /*listener=*/false));
//   SetupError e = InstallFilter(program_fprog, listener, notify_fd);   // child
#ifndef CORDON_SANDBOX_SECCOMP_INSTALL_H_
#define CORDON_SANDBOX_SECCOMP_INSTALL_H_

#include <linux/filter.h>

#include "cordon/base/status.h"
#include "cordon/base/unique_fd.h"
#include "cordon/bpf/program.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

// SeccompSetFilter is seccomp(SECCOMP_SET_MODE_FILTER, flags, prog): 0 or
// the listener descriptor on success, -1 with errno on failure, or a thread
// id when TSYNC could not synchronize that thread.
long SeccompSetFilter(unsigned long flags, const sock_fprog* prog);

// InstallFilter installs `prog` on every thread of the calling process
// (TSYNC). With `listener` it runs the handshake described above over
// `notify_fd`. Child side: allocates nothing.
SetupError InstallFilter(const sock_fprog& prog, bool listener, int notify_fd);

// MakePreloadPayload writes wire::PreloadHeader and the instructions into a
// sealed, close-on-exec memfd for the preload library.
Result<UniqueFd> MakePreloadPayload(const bpf::Program& program, bool listener);

// LowestFreeFd is the descriptor number the next new file will get.
// `any_open_fd` must be open. Allocates nothing.
int LowestFreeFd(int any_open_fd);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_SECCOMP_INSTALL_H_
