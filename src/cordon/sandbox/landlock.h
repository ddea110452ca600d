// Landlock: which paths the program may use (--fs-path-ro/-rx/-rw PATH).
//
// Once any path is given, every file-system access right this kernel's
// Landlock knows is handled: only the listed paths (and what lies beneath
// them) are usable, each with its rights:
//   ro  read files, list directories
//   rx  ro + execute
//   rw  ro + write, truncate, create, remove, rename into (no execute)
// Descriptors opened before (stdin, stdout, --preserve-fd) stay usable.
//
//   LandlockPlan plan = TRY(PlanLandlock(spec.landlock));   // kUnsupported without Landlock
//   SetupError e = ApplyLandlock(plan);                     // child, after no_new_privs
#ifndef CORDON_SANDBOX_LANDLOCK_H_
#define CORDON_SANDBOX_LANDLOCK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

struct LandlockRule {
  std::string path;     // as the program sees it (inside the new root)
  uint64_t access = 0;  // LANDLOCK_ACCESS_FS_* bits
};

struct LandlockPlan {
  int abi = 0;           // 0: no paths were given, nothing to do
  uint64_t handled = 0;  // every right this ABI knows
  std::vector<LandlockRule> rules;
};

// LandlockAbi is the kernel's Landlock ABI version, or 0 without Landlock.
int LandlockAbi();

// PlanLandlock computes rights for `paths` on this kernel. kUnsupported
// when paths are given but the kernel has no Landlock (fail closed).
Result<LandlockPlan> PlanLandlock(const std::vector<LandlockPath>& paths);

// ApplyLandlock creates the ruleset, opens each path (in the final mount
// view), adds its rule and enforces the ruleset on the calling thread.
// Needs no_new_privs or CAP_SYS_ADMIN. Child side: allocates nothing.
SetupError ApplyLandlock(const LandlockPlan& plan);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_LANDLOCK_H_
