#include "cordon/sandbox/seccomp_install.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "cordon/base/files.h"
#include "cordon/sandbox/wire.h"

namespace cordon::sandbox {

long SeccompSetFilter(unsigned long flags, const sock_fprog* prog) {
  return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
}

int LowestFreeFd(int any_open_fd) {
  int fd = fcntl(any_open_fd, F_DUPFD, 0);
  if (fd >= 0) close(fd);
  return fd;
}

SetupError InstallFilter(const sock_fprog& prog, bool listener, int notify_fd) {
  unsigned long flags = SECCOMP_FILTER_FLAG_TSYNC;
  if (!listener) {
    long rc = SeccompSetFilter(flags, &prog);
    if (rc > 0) return SetupError::Of(kStepSeccompInstall, ESRCH);
    if (rc != 0) return SetupError::Errno(kStepSeccompInstall);
    return {};
  }
  flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
  wire::ChildReport report = {wire::kReportInstalling, 0, 0, -1, LowestFreeFd(notify_fd)};
  if (send(notify_fd, &report, sizeof(report), MSG_NOSIGNAL) != sizeof(report)) {
    return SetupError::Errno(kStepListenerHandshake);
  }
  long listener_fd = SeccompSetFilter(flags, &prog);
  if (listener_fd < 0) return SetupError::Errno(kStepSeccompInstall);
  // From here on the policy applies: wait for the parent (which answers this
  // read itself if the policy blocks it); exec closes both descriptors.
  char go = 0;
  while (read(notify_fd, &go, 1) < 0 && errno == EINTR) {
  }
  return {};
}

Result<UniqueFd> MakePreloadPayload(const bpf::Program& program, bool listener) {
  UniqueFd fd(memfd_create("cordon-seccomp", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd.valid()) return ErrnoStatus(errno, "memfd_create for the seccomp program");
  wire::PreloadHeader header = {wire::kPreloadMagic, wire::kPreloadVersion,
                                static_cast<uint16_t>(listener ? wire::kPreloadFlagListener : 0),
                                static_cast<uint32_t>(program.size()), 0};
  std::string bytes(reinterpret_cast<const char*>(&header), sizeof(header));
  bytes += program.Encode();
  TRY(WriteAll(fd.get(), bytes));
  if (fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    return ErrnoStatus(errno, "seal the seccomp program memfd");
  }
  return fd;
}

}  // namespace cordon::sandbox
