// Fds and environment: what the program inherits besides its arguments.
//
// The program gets descriptors 0, 1, 2, those named by --preserve-fd, and
// (for a dynamically linked program under seccomp) the preload library's
// payload and notify descriptors, which the library closes before main.
// Everything else is marked close-on-exec in the child, so nothing of
// cordon's (nor of cordon's own parent) leaks in.
//
//   FdPlan plan = TRY(PlanFds(spec.preserve_fds, /*passed=*/2));
//   int payload_target = plan.passed_targets[0];
//   TRY(MoveAbove(&sync_fd, plan.internal_floor));        // parent, before fork
//   SetupError e = ArrangeFds(plan, sources);             // child
#ifndef CORDON_SANDBOX_FDS_H_
#define CORDON_SANDBOX_FDS_H_

#include <span>
#include <string>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/base/unique_fd.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

struct FdPlan {
  std::vector<int> preserve;        // sorted, unique, >= 3
  std::vector<int> passed_targets;  // where passed descriptors land, in order
  std::vector<int> keep;            // 0, 1, 2, preserve and passed_targets, sorted
  // internal_floor: cordon's own descriptors must sit at or above this
  // number so that moving passed descriptors never overwrites one.
  int internal_floor = 3;
};

// PlanFds checks that each preserved descriptor is open in cordon and picks
// the lowest free numbers (above 2, not preserved) for `passed` descriptors.
// kUsage when a preserved descriptor is not open.
Result<FdPlan> PlanFds(const std::vector<int>& preserve, size_t passed);

// MoveAbove re-homes `fd` (close-on-exec) at a number >= floor.
Status MoveAbove(UniqueFd* fd, int floor);

// ArrangeFds, in the child: dup each of `passed_sources` to its target
// without close-on-exec, clears close-on-exec on preserved descriptors and
// sets it on every other descriptor above 2. Allocates nothing.
SetupError ArrangeFds(const FdPlan& plan, std::span<const int> passed_sources);

// BuildEnvironment returns the program's environment: `current` (unless
// env.reset) without cordon's own preload variables, then env.add entries
// (replacing existing ones), then `extra` (replacing as well).
std::vector<std::string> BuildEnvironment(const Environment& env, char** current,
                                          const std::vector<std::string>& extra);

// EnvValue returns the value of NAME in a NAME=VALUE list, or nullptr.
const char* EnvValue(const std::vector<std::string>& env, const std::string& name);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_FDS_H_
