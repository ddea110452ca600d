#include "cordon/audit/probes.h"

#include <sys/klog.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>

namespace cordon::audit {
namespace {

// System call numbers and flags newer than the build host's headers may
// be. Since Linux 4.x new system calls get one number on every architecture
// but alpha: landlock_create_ruleset is 444 (5.13), lsm_list_modules 461
// (6.8), on x86_64 and arm64 alike.
constexpr long kSysLsmListModules = 461;
constexpr long kSysLandlockCreateRuleset = 444;
constexpr unsigned kLandlockCreateRulesetVersion = 1u << 0;
constexpr int kSyslogActionReadAll = 3;
constexpr int kSyslogActionSizeBuffer = 10;
constexpr int kPrSetPtracer = 0x59616d61;  // PR_SET_PTRACER, "Yama"

class LiveProbes : public KernelProbes {
 public:
  Result<UnameInfo> Uname() override {
    struct utsname u {};
    if (uname(&u) != 0) return ErrnoStatus(errno, "uname");
    return UnameInfo{u.release, u.machine};
  }

  Result<std::vector<uint64_t>> LsmListModules() override {
    std::vector<uint64_t> ids(64);
    uint32_t size = static_cast<uint32_t>(ids.size() * sizeof(uint64_t));
    long n = syscall(kSysLsmListModules, ids.data(), &size, 0);
    if (n < 0) return ErrnoStatus(errno, "lsm_list_modules");
    ids.resize(static_cast<size_t>(n));
    return ids;
  }

  Result<bool> YamaPrctlProbe() override {
    // PR_SET_PTRACER with 0 clears this process's ptracer exception: a
    // no-op for cordon, and EINVAL from every kernel without Yama.
    if (prctl(kPrSetPtracer, 0, 0, 0, 0) == 0) return true;
    if (errno == EINVAL) return false;
    return ErrnoStatus(errno, "prctl(PR_SET_PTRACER)");
  }

  Result<int> LandlockAbi() override {
    long abi = syscall(kSysLandlockCreateRuleset, nullptr, 0, kLandlockCreateRulesetVersion);
    if (abi < 0)
      return ErrnoStatus(errno, "landlock_create_ruleset(LANDLOCK_CREATE_RULESET_VERSION)");
    return static_cast<int>(abi);
  }

  Result<std::string> KernelLog() override {
    int size = klogctl(kSyslogActionSizeBuffer, nullptr, 0);
    if (size < 0) return ErrnoStatus(errno, "klogctl(SYSLOG_ACTION_SIZE_BUFFER)");
    std::string buf(static_cast<size_t>(size), '\0');
    int n = klogctl(kSyslogActionReadAll, buf.data(), size);
    if (n < 0) return ErrnoStatus(errno, "klogctl(SYSLOG_ACTION_READ_ALL)");
    buf.resize(static_cast<size_t>(n));
    return buf;
  }
};

}  // namespace

std::unique_ptr<KernelProbes> LiveKernelProbes() { return std::make_unique<LiveProbes>(); }

std::string LsmName(uint64_t id) {
  // LSM_ID_* from include/uapi/linux/lsm.h.
  switch (id) {
    case 100:
      return "capability";
    case 101:
      return "selinux";
    case 102:
      return "smack";
    case 103:
      return "tomoyo";
    case 104:
      return "apparmor";
    case 105:
      return "yama";
    case 106:
      return "loadpin";
    case 107:
      return "safesetid";
    case 108:
      return "lockdown";
    case 109:
      return "bpf";
    case 110:
      return "landlock";
    case 111:
      return "ima";
    case 112:
      return "evm";
    case 113:
      return "ipe";
    default:
      return "lsm#" + std::to_string(id);
  }
}

}  // namespace cordon::audit
