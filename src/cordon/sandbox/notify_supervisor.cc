#include "cordon/sandbox/notify_supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "cordon/sandbox/pidfd.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "cordon/base/files.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL  // Linux 6.9: a pidfd for a thread, not only a leader
#endif

namespace cordon::sandbox {
namespace {

size_t NotifSize() {
  seccomp_notif_sizes sizes{};
  if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) return sizeof(seccomp_notif);
  return std::max<size_t>(sizes.seccomp_notif, sizeof(seccomp_notif));
}

// ThreadGroupOf reads the thread-group id of thread `tid` from /proc.
pid_t ThreadGroupOf(pid_t tid) {
  Result<std::string> status = ReadFile("/proc/" + std::to_string(tid) + "/status", 1 << 16);
  if (!status.ok()) return tid;
  size_t at = status->find("\nTgid:");
  if (at == std::string::npos) return tid;
  return static_cast<pid_t>(std::atoi(status->c_str() + at + 6));
}

double NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace

NotifySupervisor::NotifySupervisor(UniqueFd listener, Decider decide)
    : listener_(std::move(listener)), decide_(std::move(decide)), buffer_(NotifSize()) {}

Status NotifySupervisor::HandleOne() {
  std::memset(buffer_.data(), 0, buffer_.size());
  auto* req = reinterpret_cast<seccomp_notif*>(buffer_.data());
  while (ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_RECV, req) != 0) {
    if (errno == EINTR) continue;
    if (errno == ENOENT) return OkStatus();  // the caller went away meanwhile
    return ErrnoStatus(errno, "receive a seccomp notification");
  }
  Notification n{req->id, static_cast<pid_t>(req->pid), req->data};
  Verdict v = decide_(n);
  if (v.kind == Verdict::Kind::kKill) return KillCaller(n);
  seccomp_notif_resp resp{};
  resp.id = n.id;
  if (v.kind == Verdict::Kind::kContinue) {
    resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  } else {
    resp.error = -v.error;
    resp.val = v.error == 0 ? v.value : 0;
  }
  if (ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0 && errno != ENOENT) {
    return ErrnoStatus(errno, "answer a seccomp notification");
  }
  return OkStatus();
}

Status NotifySupervisor::KillCaller(const Notification& n) {
  int pidfd = PidfdOpen(n.pid, PIDFD_THREAD);
  if (pidfd < 0 && errno == EINVAL) pidfd = PidfdOpen(n.pid, 0);  // before 6.9
  if (pidfd < 0) return errno == ESRCH ? OkStatus() : ErrnoStatus(errno, "pidfd_open");
  UniqueFd owned(pidfd);
  // The notification is still pending only while its thread waits, so the
  // pid cannot have been reused between pidfd_open and this check.
  uint64_t id = n.id;
  if (ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0) return OkStatus();
  pid_t tgid = ThreadGroupOf(n.pid);
  if (PidfdSendSignal(owned.get(), SIGKILL) != 0 && errno != ESRCH) {
    return ErrnoStatus(errno, "kill process " + std::to_string(tgid));
  }
  killed_.push_back(tgid);
  return OkStatus();
}

Status NotifySupervisor::Serve(int stop_fd) {
  for (;;) {
    pollfd fds[2] = {{listener_.get(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    int n = poll(fds, stop_fd >= 0 ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "poll the seccomp listener");
    }
    if (stop_fd >= 0 && fds[1].revents != 0) return OkStatus();
    if (fds[0].revents & POLLIN)
      TRY(HandleOne());
    else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
      return OkStatus();
  }
}

bool IsSeccompListener(int fd) {
  char link[64];
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, link, sizeof(link) - 1);
  if (n <= 0) return false;
  link[n] = '\0';
  return std::strcmp(link, "anon_inode:seccomp notify") == 0;
}

Result<UniqueFd> TakeListener(int pidfd, int target_fd, int timeout_ms) {
  const double deadline = NowMs() + timeout_ms;
  for (int attempt = 0;; ++attempt) {
    int fd = PidfdGetfd(pidfd, target_fd);
    if (fd >= 0) {
      UniqueFd got(fd);
      if (IsSeccompListener(fd)) return got;
      // Not yet: the number still held something else (the payload memfd).
    } else if (errno != EBADF) {
      return ErrnoStatus(errno, "pidfd_getfd of the seccomp listener");
    }
    pollfd p = {pidfd, POLLIN, 0};
    if (poll(&p, 1, 0) > 0)
      return Status(Code::kSystem, "the program exited before its filter was installed");
    if (NowMs() > deadline)
      return Status(Code::kSystem, "timed out waiting for the seccomp listener");
    // The installer runs a handful of instructions between its announcement
    // and seccomp(2): spin briefly, then back off.
    if (attempt < 100) {
      sched_yield();
    } else {
      timespec ts = {0, 200 * 1000};
      nanosleep(&ts, nullptr);
    }
  }
}

}  // namespace cordon::sandbox
