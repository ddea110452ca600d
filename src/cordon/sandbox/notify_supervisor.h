// NotifySupervisor: answers a seccomp filter's USER_NOTIF returns from
// outside the sandbox. `cordon run -L` uses it to name blocked calls, `cordon
// learn` to record calls not yet known, --ptrace-scope to apply Yama's rule.
//
// A Decider sees only the notification: the pid and the integer
// seccomp_data. It must never decide on the process's memory (a path, a
// sockaddr), which another thread can change between the check and the
// call; the supervisor offers no way to read it.
//
//   NotifySupervisor sup(std::move(listener), [&](const Notification& n) {
//     std::printf("%s\n", FormatCall(arch, n.data).c_str());
//     return Verdict::Errno(EPERM);          // or Continue(), Kill()
//   });
//   while (...) { poll sup.fd(); TRY(sup.HandleOne()); }
//
// Verdicts: Continue lets the kernel run the call (SECCOMP_USER_NOTIF_FLAG_
// CONTINUE: safe for calls decided on integers only); Errno and Value make
// the call return without running; Kill ends the whole calling process
// with SIGKILL (a supervisor cannot make the kernel deliver a seccomp
// SIGSYS) and remembers it, so the launcher reports a policy violation.
#ifndef CORDON_SANDBOX_NOTIFY_SUPERVISOR_H_
#define CORDON_SANDBOX_NOTIFY_SUPERVISOR_H_

#include <linux/seccomp.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/base/unique_fd.h"

namespace cordon::sandbox {

struct Notification {
  uint64_t id = 0;
  pid_t pid = 0;  // the calling thread, in the supervisor's pid namespace
  seccomp_data data{};
};

struct Verdict {
  enum class Kind { kContinue, kReturn, kKill };
  Kind kind = Kind::kContinue;
  int error = 0;  // kReturn: a positive errno, or 0 to return `value`
  int64_t value = 0;

  static Verdict Continue() { return {}; }
  static Verdict Errno(int err) { return {Kind::kReturn, err, 0}; }
  static Verdict Value(int64_t value) { return {Kind::kReturn, 0, value}; }
  static Verdict Kill() { return {Kind::kKill, 0, 0}; }
};

using Decider = std::function<Verdict(const Notification&)>;

class NotifySupervisor {
 public:
  // NotifySupervisor takes ownership of `listener` (from SECCOMP_FILTER_
  // FLAG_NEW_LISTENER, usually obtained with TakeListener).
  NotifySupervisor(UniqueFd listener, Decider decide);

  // fd is the listener: readable when a notification waits, POLLHUP once
  // no process uses the filter any more.
  int fd() const { return listener_.get(); }

  // HandleOne receives one notification, decides and answers it. A
  // notification that vanished (its thread was killed) is not an error.
  Status HandleOne();

  // Serve handles notifications until `stop_fd` becomes readable or the
  // listener hangs up.
  Status Serve(int stop_fd);

  // killed lists the processes (thread-group ids) ended by Kill verdicts.
  const std::vector<pid_t>& killed() const { return killed_; }

 private:
  Status KillCaller(const Notification& n);

  UniqueFd listener_;
  Decider decide_;
  std::vector<char> buffer_;  // sized for the kernel's struct seccomp_notif
  std::vector<pid_t> killed_;
};

// IsSeccompListener reports whether `fd` is a seccomp notification fd.
bool IsSeccompListener(int fd);

// TakeListener copies descriptor `target_fd` of the process `pidfd` refers
// to into this process (pidfd_getfd), waiting until it exists and is a
// seccomp listener: the other side announced it before installing the
// filter. Gives up when the process exits or after `timeout_ms`.
Result<UniqueFd> TakeListener(int pidfd, int target_fd, int timeout_ms);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_NOTIFY_SUPERVISOR_H_
