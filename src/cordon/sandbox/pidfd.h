// Pidfd system calls as raw syscalls: Debian 12's glibc 2.36 declares them
// in <sys/pidfd.h> without extern "C", so C++ cannot link against them.
//
//   int fd = PidfdOpen(pid, 0);
//   PidfdSendSignal(fd, SIGKILL);
#ifndef CORDON_SANDBOX_PIDFD_H_
#define CORDON_SANDBOX_PIDFD_H_

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

namespace cordon::sandbox {

inline int PidfdOpen(pid_t pid, unsigned flags) {
  return static_cast<int>(syscall(SYS_pidfd_open, pid, flags));
}

inline int PidfdGetfd(int pidfd, int target_fd) {
  return static_cast<int>(syscall(SYS_pidfd_getfd, pidfd, target_fd, 0));
}

inline int PidfdSendSignal(int pidfd, int sig) {
  return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_PIDFD_H_
