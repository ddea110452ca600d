#include "cordon/sandbox/landlock.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

namespace cordon::sandbox {
namespace {

// Rights newer than Debian 12's kernel headers (linux-libc-dev 6.1).
constexpr uint64_t kAccessRefer = 1ull << 13;     // ABI 2
constexpr uint64_t kAccessTruncate = 1ull << 14;  // ABI 3
constexpr uint64_t kAccessIoctlDev = 1ull << 15;  // ABI 5

constexpr uint64_t kRead = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
constexpr uint64_t kWrite =
    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
    LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
    LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
    LANDLOCK_ACCESS_FS_MAKE_SYM | kAccessRefer | kAccessTruncate | kAccessIoctlDev;
// Rights that apply to a file (the kernel refuses directory rights on one).
constexpr uint64_t kFileRights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                 LANDLOCK_ACCESS_FS_READ_FILE | kAccessTruncate | kAccessIoctlDev;

uint64_t HandledFor(int abi) {
  uint64_t all = (1ull << 13) - 1;  // ABI 1: bits 0..12
  if (abi >= 2) all |= kAccessRefer;
  if (abi >= 3) all |= kAccessTruncate;
  if (abi >= 5) all |= kAccessIoctlDev;
  return all;
}

// Only the first field: the kernel accepts the shorter struct of older ABIs.
struct RulesetAttr {
  uint64_t handled_access_fs;
};

}  // namespace

int LandlockAbi() {
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi > 0 ? static_cast<int>(abi) : 0;
}

Result<LandlockPlan> PlanLandlock(const std::vector<LandlockPath>& paths) {
  LandlockPlan plan;
  if (paths.empty()) return plan;
  plan.abi = LandlockAbi();
  if (plan.abi == 0) {
    return Unsupported(
        "--fs-path-* needs Landlock, which this kernel does not offer "
        "(CONFIG_SECURITY_LANDLOCK, lsm=landlock)");
  }
  plan.handled = HandledFor(plan.abi);
  for (const LandlockPath& p : paths) {
    uint64_t access = kRead;
    if (p.access == LandlockAccess::kReadExec) access |= LANDLOCK_ACCESS_FS_EXECUTE;
    if (p.access == LandlockAccess::kReadWrite) access |= kWrite;
    plan.rules.push_back({p.path, access & plan.handled});
  }
  return plan;
}

SetupError ApplyLandlock(const LandlockPlan& plan) {
  if (plan.abi == 0) return {};
  RulesetAttr attr = {plan.handled};
  int ruleset = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0));
  if (ruleset < 0) return SetupError::Errno(kStepLandlockRuleset);
  SetupError result;
  for (size_t i = 0; i < plan.rules.size() && !result.failed(); ++i) {
    int fd = open(plan.rules[i].path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) {
      result = SetupError::Errno(kStepLandlockPath, i);
      break;
    }
    struct stat st;
    landlock_path_beneath_attr rule;
    std::memset(&rule, 0, sizeof(rule));
    rule.parent_fd = fd;
    rule.allowed_access = plan.rules[i].access;
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) rule.allowed_access &= kFileRights;
    if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0) {
      result = SetupError::Errno(kStepLandlockRule, i);
    }
    close(fd);
  }
  if (!result.failed() && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
    result = SetupError::Errno(kStepLandlockRestrict);
  }
  close(ruleset);
  return result;
}

}  // namespace cordon::sandbox
