// The parent's side of a launch, after clone: forward signals, collect the
// child's reports, take the seccomp listener and answer notifications, and
// turn the end of the child into a LaunchOutcome.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cordon/sandbox/pidfd.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "cordon/arch/arch.h"
#include "cordon/sandbox/caps.h"
#include "cordon/sandbox/init.h"
#include "cordon/sandbox/launch_internal.h"
#include "cordon/sandbox/rlimits.h"
#include "cordon/sandbox/wire.h"

namespace cordon::sandbox::internal {
namespace {

// How long the parent waits for an announced listener to appear.
constexpr int kListenerTimeoutMs = 10000;

struct Received {
  enum { kNone, kReport, kEof } what = kNone;
  wire::ChildReport report{};
  pid_t sender = 0;  // from SCM_CREDENTIALS, in our pid namespace
};

// Receive reads one packet without blocking.
Received Receive(int fd) {
  Received r;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
  iovec iov = {&r.report, sizeof(r.report)};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n;
  do {
    n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n == 0) {
    r.what = Received::kEof;
    return r;
  }
  if (n != static_cast<ssize_t>(sizeof(r.report))) return r;  // EAGAIN or a stray packet
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
      ucred cred;
      std::memcpy(&cred, CMSG_DATA(c), sizeof(cred));
      r.sender = cred.pid;
    }
  }
  r.what = Received::kReport;
  return r;
}

// Handshake: the installer's last calls before it hands over (the read
// that waits for cordon, and closing its copies) are cordon's own, so they
// are let through even where the policy would block them.
struct Handshake {
  bool armed = false;
  pid_t pid = 0;
  int notify_fd = -1;    // as numbered in the installer
  int listener_fd = -1;  // as numbered in the installer
};

struct State {
  std::optional<wire::ChildReport> failure;
  std::optional<int> program_status;  // from the pid-namespace init
  pid_t program_pid = 0;
  bool sync_open = true;
  bool notify_open = false;
  std::optional<NotifySupervisor> supervisor;
  Handshake handshake;
  std::optional<LaunchOutcome> abort;  // the parent itself failed
};

void HandleSync(State& s, int fd) {
  for (;;) {
    Received r = Receive(fd);
    if (r.what == Received::kEof) {
      s.sync_open = false;
      return;
    }
    if (r.what == Received::kNone) return;
    switch (r.report.kind) {
      case wire::kReportSetupFailed:
        if (!s.failure) s.failure = r.report;
        break;
      case wire::kReportProgramExited:
        s.program_status = static_cast<int>(r.report.value);
        break;
      case wire::kReportProgramStarted:
        s.program_pid = r.sender;
        break;
      default:
        break;
    }
  }
}

LaunchOutcome Abort(Stage stage, const std::string& message, Started& st) {
  PidfdSendSignal(st.pidfd.get(), SIGKILL);
  LaunchOutcome o;
  o.kind = LaunchOutcome::Kind::kSetupFailed;
  o.stage = stage;
  o.exit_code = ExitCodeForStage(stage);
  o.message = message;
  return o;
}

void HandleNotify(State& s, const ChildPlan& plan, Started& st, const Decider& decide) {
  for (;;) {
    Received r = Receive(st.notify.get());
    if (r.what == Received::kEof) {
      s.notify_open = false;
      s.handshake.armed = false;  // the installer closed its end or exec'd
      return;
    }
    if (r.what == Received::kNone) return;
    if (r.report.kind != wire::kReportInstalling || s.supervisor) continue;
    int pidfd = PidfdOpen(r.sender, 0);
    if (pidfd < 0) {
      s.abort =
          Abort(Stage::kSupervisor, "pidfd_open of the filtered process: " + ErrnoName(errno), st);
      return;
    }
    UniqueFd owned(pidfd);
    int target = static_cast<int>(r.report.value);
    Result<UniqueFd> listener = TakeListener(pidfd, target, kListenerTimeoutMs);
    if (!listener.ok()) {
      // An installer that failed reports it itself; otherwise fail closed.
      pollfd p = {pidfd, POLLIN, 0};
      if (poll(&p, 1, 0) > 0) return;
      s.abort = Abort(Stage::kSupervisor,
                      "take the seccomp listener: " + listener.status().message(), st);
      return;
    }
    s.handshake = {true, r.sender, plan.notify_fd_in_program, target};
    s.supervisor.emplace(std::move(*listener), decide);
    char go = 1;
    send(st.notify.get(), &go, 1, MSG_NOSIGNAL);
  }
}

std::string Item(const ChildPlan& plan, Step step, int index) {
  const LaunchSpec& spec = *plan.spec;
  auto at = [&](const auto& v) { return index >= 0 && static_cast<size_t>(index) < v.size(); };
  switch (StageOf(step)) {
    case Stage::kMounts:
      return DescribeMountItem(plan.mounts, step, index);
    case Stage::kRlimits:
      return at(spec.rlimits) ? RlimitName(spec.rlimits[static_cast<size_t>(index)].resource) : "";
    case Stage::kLandlock:
      return at(plan.landlock.rules) ? plan.landlock.rules[static_cast<size_t>(index)].path : "";
    case Stage::kCaps:
      return index >= 0 ? CapabilityNames(uint64_t{1} << index) : "";
    default:
      break;
  }
  switch (step) {
    case kStepSetUid:
      return spec.creds.uid ? std::to_string(*spec.creds.uid) : "";
    case kStepSetGid:
      return spec.creds.gid ? std::to_string(*spec.creds.gid) : "";
    case kStepFdPreserve:
      return at(plan.fds.preserve) ? std::to_string(plan.fds.preserve[static_cast<size_t>(index)])
                                   : "";
    case kStepHostname:
      return spec.ns.hostname;
    case kStepOpenProgram:
    case kStepExec:
      return plan.target.path;
    default:
      return "";
  }
}

}  // namespace

std::string DescribeFailure(const ChildPlan& plan, Step step, int err, int index) {
  std::string errno_text = ErrnoName(err) + " (" + std::strerror(err) + ")";
  switch (step) {
    case kStepSeccompNeedsNnp:
      return "cannot install the seccomp filter: the program would have neither no_new_privs "
             "nor CAP_SYS_ADMIN (the kernel's EACCES); add -n to set no_new_privs";
    case kStepPreloadUnreadable:
      return "the preload library " + plan.preload_path +
             " cannot be opened inside the sandbox: " + errno_text +
             "; without it the filter would not be applied. Make it visible (-b " +
             plan.preload_path.substr(0, plan.preload_path.rfind('/')) +
             ", --fs-path-ro) or use a static program";
    case kStepPreloadNoexec:
      return "the preload library " + plan.preload_path +
             " lies on a noexec mount inside the sandbox: the dynamic loader would skip it";
    case kStepPreloadSetid:
      return plan.target.path +
             " is set-user-ID or set-group-ID: without no_new_privs the dynamic loader would "
             "ignore the preload library; add -n";
    case kStepProgramChanged:
      return plan.target.path + " changed between planning and exec (it is no longer a " +
             ElfKindName(plan.target.elf.kind) + " program); not running it";
    case kStepOpenProgram:
    case kStepExec:
      return "cannot execute " + plan.target.path + ": " + errno_text;
    default:
      break;
  }
  std::string item = Item(plan, step, index);
  return std::string(StepWhat(step)) + (item.empty() ? "" : " " + item) + ": " + errno_text;
}

LaunchOutcome WaitForChild(const ChildPlan& plan, Started& st, const LaunchHooks& hooks) {
  State s;
  s.program_pid = plan.pid_init ? 0 : st.pid;
  s.notify_open = st.notify.valid();
  UniqueFd sigfd(signalfd(-1, &plan.forwarded, SFD_CLOEXEC | SFD_NONBLOCK));
  Decider decide = [&](const Notification& n) -> Verdict {
    const Handshake& h = s.handshake;
    if (h.armed && n.pid == h.pid && n.data.arch == arch::NativeArch().audit_arch()) {
      int fd = static_cast<int>(n.data.args[0]);
      if (n.data.nr == SYS_read && fd == h.notify_fd) return Verdict::Continue();
      if (n.data.nr == SYS_close && (fd == h.notify_fd || fd == h.listener_fd)) {
        return Verdict::Continue();
      }
    }
    return hooks.decide(n);
  };

  int child_status = 0;
  for (;;) {
    pollfd fds[5];
    int n = 0;
    int i_sync = -1, i_notify = -1, i_sig = -1, i_listener = -1;
    // Reports and the handshake socket first: a hang-up there always
    // precedes notifications from the program's own code.
    if (s.sync_open) {
      i_sync = n;
      fds[n++] = {st.sync.get(), POLLIN, 0};
    }
    if (s.notify_open) {
      i_notify = n;
      fds[n++] = {st.notify.get(), POLLIN, 0};
    }
    if (sigfd.valid()) {
      i_sig = n;
      fds[n++] = {sigfd.get(), POLLIN, 0};
    }
    if (s.supervisor) {
      i_listener = n;
      fds[n++] = {s.supervisor->fd(), POLLIN, 0};
    }
    const int i_child = n;
    fds[n++] = {st.pidfd.get(), POLLIN, 0};
    if (poll(fds, static_cast<nfds_t>(n), -1) < 0) {
      if (errno == EINTR) continue;
      return Abort(Stage::kInternal, "poll: " + ErrnoName(errno), st);
    }
    if (i_sync >= 0 && fds[i_sync].revents != 0) HandleSync(s, st.sync.get());
    if (i_notify >= 0 && fds[i_notify].revents != 0) HandleNotify(s, plan, st, decide);
    if (s.abort) break;
    if (i_sig >= 0 && (fds[i_sig].revents & POLLIN)) {
      signalfd_siginfo si;
      while (read(sigfd.get(), &si, sizeof(si)) == sizeof(si)) {
        if (ShouldForward(si.ssi_code)) {
          PidfdSendSignal(st.pidfd.get(), static_cast<int>(si.ssi_signo));
        }
      }
    }
    if (i_listener >= 0 && fds[i_listener].revents != 0) {
      if (fds[i_listener].revents & POLLIN) {
        Status handled = s.supervisor->HandleOne();
        if (!handled.ok()) {
          s.abort = Abort(Stage::kSupervisor, handled.message(), st);
          break;
        }
      } else {
        // No process uses the filter any more; keep the killed list.
        s.handshake.armed = false;
      }
    }
    if (fds[i_child].revents != 0) {
      siginfo_t info{};
      if (waitid(P_PIDFD, static_cast<id_t>(st.pidfd.get()), &info, WEXITED) != 0) continue;
      child_status = info.si_code == CLD_EXITED
                         ? W_EXITCODE(info.si_status, 0)
                         : info.si_status | (info.si_code == CLD_DUMPED ? 0x80 : 0);
      break;
    }
  }
  if (s.abort) {
    siginfo_t info{};
    waitid(P_PIDFD, static_cast<id_t>(st.pidfd.get()), &info, WEXITED);
    return *s.abort;
  }
  if (s.sync_open) HandleSync(s, st.sync.get());  // reports queued before the exit

  LaunchOutcome o;
  if (s.failure) {
    Step step = static_cast<Step>(s.failure->step);
    o.kind = LaunchOutcome::Kind::kSetupFailed;
    o.stage = StageOf(step);
    o.exit_code = ExitCodeForStage(o.stage);
    if (o.stage == Stage::kExec) {
      o.exit_code = s.failure->err == ENOENT ? kExitNotFound : kExitCannotExecute;
    }
    o.message = DescribeFailure(plan, step, s.failure->err, s.failure->index);
    return o;
  }
  int status = plan.pid_init ? s.program_status.value_or(child_status) : child_status;
  o.pid = s.program_pid;
  o.wait_status = status;
  bool killed_by_supervisor =
      s.supervisor && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
      std::find(s.supervisor->killed().begin(), s.supervisor->killed().end(), s.program_pid) !=
          s.supervisor->killed().end();
  if (IsPolicyKill(status) || killed_by_supervisor) {
    o.kind = LaunchOutcome::Kind::kPolicyViolation;
    o.exit_code = kExitViolation;
  } else if (WIFSIGNALED(status)) {
    o.kind = LaunchOutcome::Kind::kSignaled;
    o.exit_code = ExitCodeForStatus(status);
  } else {
    o.kind = LaunchOutcome::Kind::kExited;
    o.exit_code = ExitCodeForStatus(status);
  }
  return o;
}

}  // namespace cordon::sandbox::internal
