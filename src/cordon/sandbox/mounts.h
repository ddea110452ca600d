// Mounts: the file system the sandboxed program sees (-v -b -k -t -d -r -C -P).
//
// The parent plans (canonical bind sources, mount data strings); the child
// applies the plan in its new mount namespace without allocating:
//
//   MountPlan plan = TRY(PlanMounts(spec.mounts, /*new_pid_ns=*/true));
//   ... clone(CLONE_NEWNS | ...) ...
//   SetupError e = ApplyMounts(plan);      // child
//
// Order (each step may cover the previous ones, never the reverse):
//   1. every mount becomes private, so nothing propagates back to the host;
//   2. the new root (-P/-C) is bind-mounted onto itself, read-only and nosuid:
//      writes succeed only in writable binds and tmpfs;
//   3. binds in command-line order, then -k mounts, then /tmp (-t), /dev (-d)
//      and /proc (fresh in a new pid namespace, read-only with -r);
//   4. pivot_root (or chroot) into the new root and detach the old one.
//
// Symlink races: bind sources are opened with RESOLVE_NO_SYMLINKS on the path
// the parent canonicalized, so a component swapped for a symlink fails the
// run instead of mounting something else; targets are resolved with
// RESOLVE_IN_ROOT, so a symlink in the new root cannot point outside it;
// mounts are attached by file descriptor (open_tree + move_mount).
#ifndef CORDON_SANDBOX_MOUNTS_H_
#define CORDON_SANDBOX_MOUNTS_H_

#include <optional>
#include <string>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

// ProcAction: what happens to /proc.
enum class ProcAction {
  kKeep,           // leave it as it is
  kFresh,          // mount a new proc (the new pid namespace's)
  kFreshReadOnly,  // ... read-only
  kReadOnly,       // make the existing one read-only
};

struct PlannedBind {
  std::string source;  // canonical (no symlinks), in the host view
  std::string target;  // inside the new root (or /)
  bool writable = false;
};

struct PlannedFsMount {
  std::string source;
  std::string target;
  std::string fstype;
  unsigned long flags = 0;
  std::string data;
};

struct MountPlan {
  bool enabled = false;  // a mount namespace is being set up
  std::string new_root;  // canonical; "" keeps /
  bool pivot_root = true;
  std::vector<PlannedBind> binds;
  std::vector<PlannedFsMount> mounts;
  std::optional<std::string> tmp_data;  // "size=64M,mode=1777"
  bool minimal_dev = false;
  ProcAction proc = ProcAction::kKeep;
};

// PlanMounts checks and canonicalizes `mounts` (sources must exist; the new
// root must be a directory). `mount_ns` says whether a mount namespace is
// created; `new_pid_ns` asks for a fresh /proc.
Result<MountPlan> PlanMounts(const Mounts& mounts, bool mount_ns, bool new_pid_ns);

// ParseMountFlags reads -k flags: a number (0x6) or MS_ names joined by '|'
// (MS_NODEV|MS_NOSUID|MS_RDONLY).
Result<unsigned long> ParseMountFlags(const std::string& text);

// ApplyMounts performs `plan` in the calling process's (new) mount
// namespace; on success the process is inside the new root with its
// working directory at "/" (when a root was given). Child side: allocates
// nothing.
SetupError ApplyMounts(const MountPlan& plan);

// DescribeMountItem names the item of a failed mount step for messages:
// "/srv/data on /data".
std::string DescribeMountItem(const MountPlan& plan, Step step, int index);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_MOUNTS_H_
