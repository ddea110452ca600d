#include "cordon/sandbox/init.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "cordon/sandbox/exit_status.h"
#include "cordon/sandbox/wire.h"

namespace cordon::sandbox {

sigset_t ForwardedSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGCONT, SIGWINCH}) {
    sigaddset(&set, sig);
  }
  return set;
}

bool ShouldForward(int si_code) { return si_code <= 0; }

void RunInit(pid_t program, int report_fd, const sigset_t& forwarded) {
  prctl(PR_SET_NAME, "cordon-init", 0, 0, 0);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  if (report_fd > 0) close_range(0, static_cast<unsigned>(report_fd) - 1, 0);
  close_range(static_cast<unsigned>(report_fd) + 1, UINT_MAX, 0);

  sigset_t wait_set = forwarded;
  sigaddset(&wait_set, SIGCHLD);
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&wait_set, &info);
    if (sig < 0) {
      if (errno == EINTR) continue;
      _exit(kExitInit);
    }
    if (sig != SIGCHLD) {
      if (ShouldForward(info.si_code)) kill(program, sig);
      continue;
    }
    for (;;) {
      int status = 0;
      pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      if (pid != program) continue;  // an orphan, reaped
      wire::ChildReport report = {wire::kReportProgramExited, 0, 0, -1, status};
      send(report_fd, &report, sizeof(report), MSG_NOSIGNAL);
      _exit(IsPolicyKill(status) ? kExitViolation : ExitCodeForStatus(status));
    }
  }
}

}  // namespace cordon::sandbox
