#include "cordon/yama/probes.h"

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace cordon::yama {
namespace {

// lsm_list_modules(2) has number 461 on every architecture but alpha (new
// system calls share numbers since Linux 4.x); headers older than 6.8 lack it.
constexpr long kSysLsmListModules = 461;

class LiveProbes : public YamaProbes {
 public:
  Result<std::vector<uint64_t>> LsmListModules() override {
    std::vector<uint64_t> ids(32);
    for (int attempt = 0; attempt < 2; ++attempt) {
      uint32_t size = static_cast<uint32_t>(ids.size() * sizeof(uint64_t));
      long n = syscall(kSysLsmListModules, ids.data(), &size, 0);
      if (n >= 0) {
        ids.resize(static_cast<size_t>(n));
        return ids;
      }
      if (errno != E2BIG) break;
      ids.resize(size / sizeof(uint64_t) + 1);  // the kernel said how much it needs
    }
    return ErrnoStatus(errno, "lsm_list_modules");
  }

  Result<bool> PtracerPrctlAccepted() override {
    // The child only calls prctl and _exit (async-signal-safe, so this is
    // fine in a threaded caller) and reports errno as its exit status.
    pid_t pid = fork();
    if (pid < 0) return ErrnoStatus(errno, "fork for the PR_SET_PTRACER probe");
    if (pid == 0) {
      int rc = prctl(kPrSetPtracer, 0UL, 0UL, 0UL, 0UL);
      _exit(rc == 0 ? 0 : (errno > 0 && errno < 256 ? errno : 255));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) return ErrnoStatus(errno, "wait for the PR_SET_PTRACER probe");
    }
    if (WIFSIGNALED(status)) {
      return Status(Code::kSystem, "the PR_SET_PTRACER probe was killed by signal " +
                                       std::to_string(WTERMSIG(status)));
    }
    int code = WEXITSTATUS(status);
    if (code == 0) return true;
    if (code == EINVAL) return false;
    return ErrnoStatus(code, "prctl(PR_SET_PTRACER, 0) in a probe child");
  }
};

}  // namespace

std::unique_ptr<YamaProbes> LiveYamaProbes() { return std::make_unique<LiveProbes>(); }

std::string LsmIdName(uint64_t id) {
  // LSM_ID_* from include/uapi/linux/lsm.h.
  static constexpr const char* kNames[] = {
      "capability", "selinux",  "smack", "tomoyo",   "apparmor", "yama", "loadpin",
      "safesetid",  "lockdown", "bpf",   "landlock", "ima",      "evm",  "ipe"};
  constexpr uint64_t kFirst = 100;
  if (id >= kFirst && id - kFirst < std::size(kNames)) return kNames[id - kFirst];
  return "lsm#" + std::to_string(id);
}

}  // namespace cordon::yama
