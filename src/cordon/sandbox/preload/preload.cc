// libcordon_preload.so: installs cordon's seccomp filter in a dynamically
// linked program after the dynamic loader has finished and before main, so
// that a policy lists what the program does, not what ld.so does (the
// technique of minijail's libminijailpreload).
//
// `cordon run` execs the program with
//   LD_PRELOAD=/usr/lib/cordon/libcordon_preload.so[:the user's LD_PRELOAD]
//   CORDON_SECCOMP_FD=N   an inherited memfd: wire::PreloadHeader + filter
//   CORDON_NOTIFY_FD=M    (-L only) the socket for the listener handshake
// and has already set no_new_privs (-n) and checked that this library is
// readable and mappable inside the sandbox. The constructor reads the
// program, closes the memfd, removes its three variables from the
// environment (so the program's own children do not load it again: they
// inherit the filter from the kernel), and installs the filter on every
// thread (TSYNC). If it cannot, it says why on stderr and exits with 247
// (seccomp) or 252 (payload): the program never runs unconfined.
//
// It links only libc and allocates nothing: the instructions go to a static
// buffer and the environment is edited in place.
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "cordon/sandbox/wire.h"

namespace {

using namespace cordon::sandbox::wire;

sock_filter g_insns[BPF_MAXINSNS];

void Put(const char* s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}

// PutNumber writes a non-negative decimal without snprintf (which may
// allocate).
void PutNumber(long v) {
  char buf[24];
  char* p = buf + sizeof(buf);
  *--p = '\0';
  if (v < 0) v = 0;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  Put(p);
}

[[noreturn]] void Die(int code, const char* what, int err) {
  Put("cordon: ");
  Put(program_invocation_short_name);
  Put(": ");
  Put(what);
  if (err == EACCES) {
    Put(": EACCES: seccomp needs no_new_privs (run with -n) or CAP_SYS_ADMIN");
  } else if (err != 0) {
    Put(": errno ");
    PutNumber(err);
  }
  Put("\n");
  _exit(code);
}

bool ParseFd(const char* s, int* out) {
  if (s == nullptr || *s == '\0') return false;
  long v = 0;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '9' || v > 1 << 20) return false;
    v = v * 10 + (*s - '0');
  }
  *out = static_cast<int>(v);
  return true;
}

bool ReadAt(int fd, void* buf, size_t size, off_t offset) {
  size_t done = 0;
  while (done < size) {
    ssize_t n =
        pread(fd, static_cast<char*>(buf) + done, size - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// DropOwnPreloadEntry removes the first LD_PRELOAD entry (this library,
// which cordon put first) and keeps the user's own entries, in place.
void DropOwnPreloadEntry() {
  static const char kName[] = "LD_PRELOAD=";
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (strncmp(*e, kName, sizeof(kName) - 1) != 0) continue;
    char* value = *e + sizeof(kName) - 1;
    char* rest = value + strcspn(value, ": ");
    rest += strspn(rest, ": ");
    if (*rest == '\0') {
      unsetenv("LD_PRELOAD");
    } else {
      memmove(value, rest, strlen(rest) + 1);
    }
    return;
  }
}

// LowestFreeFd is the descriptor the kernel will give the next new file:
// where the seccomp listener will appear.
int LowestFreeFd(int any_open_fd) {
  int fd = fcntl(any_open_fd, F_DUPFD, 0);
  if (fd >= 0) close(fd);
  return fd;
}

__attribute__((constructor)) void CordonInstallFilter() {
  const char* payload_env = getenv(kEnvSeccompFd);
  if (payload_env == nullptr) return;  // not started by cordon run
  int payload_fd = -1;
  if (!ParseFd(payload_env, &payload_fd)) {
    Die(kPreloadExitPayload, "bad CORDON_SECCOMP_FD", 0);
  }
  PreloadHeader header;
  if (!ReadAt(payload_fd, &header, sizeof(header), 0)) {
    Die(kPreloadExitPayload, "cannot read the seccomp program from cordon", errno);
  }
  if (header.magic != kPreloadMagic || header.version != kPreloadVersion ||
      header.insn_count == 0 || header.insn_count > BPF_MAXINSNS) {
    Die(kPreloadExitPayload, "the seccomp program from cordon is malformed", 0);
  }
  if (!ReadAt(payload_fd, g_insns, header.insn_count * sizeof(sock_filter), sizeof(header))) {
    Die(kPreloadExitPayload, "cannot read the seccomp program from cordon", errno);
  }
  close(payload_fd);

  const bool listener = (header.flags & kPreloadFlagListener) != 0;
  int notify_fd = -1;
  if (listener && !ParseFd(getenv(kEnvNotifyFd), &notify_fd)) {
    Die(kPreloadExitPayload, "bad CORDON_NOTIFY_FD", 0);
  }
  unsetenv(kEnvSeccompFd);
  unsetenv(kEnvNotifyFd);
  DropOwnPreloadEntry();

  sock_fprog prog = {static_cast<unsigned short>(header.insn_count), g_insns};
  unsigned long flags = SECCOMP_FILTER_FLAG_TSYNC;
  if (!listener) {
    long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
    if (rc > 0) Die(kPreloadExitSeccomp, "cannot apply the seccomp filter to every thread", 0);
    if (rc != 0) Die(kPreloadExitSeccomp, "cannot install the seccomp filter", errno);
    return;
  }

  // -L: tell cordon which descriptor the listener will be, install, wait
  // until cordon has taken it (pidfd_getfd), then close our copies. cordon
  // answers these last calls itself when the policy blocks them.
  flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
  ChildReport report = {kReportInstalling, 0, 0, -1, LowestFreeFd(notify_fd)};
  if (send(notify_fd, &report, sizeof(report), MSG_NOSIGNAL) != sizeof(report)) {
    Die(kPreloadExitPayload, "cannot reach cordon's supervisor", errno);
  }
  long listener_fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (listener_fd < 0) Die(kPreloadExitSeccomp, "cannot install the seccomp filter", errno);
  char go = 0;
  while (read(notify_fd, &go, 1) < 0 && errno == EINTR) {
  }
  close(static_cast<int>(listener_fd));
  close(notify_fd);
}

}  // namespace
