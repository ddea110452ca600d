// Internal to the launcher: the plan the forked child executes (prepared by
// the parent, read-only in the child) and the parent's wait loop.
#ifndef CORDON_SANDBOX_LAUNCH_INTERNAL_H_
#define CORDON_SANDBOX_LAUNCH_INTERNAL_H_

#include <linux/filter.h>
#include <signal.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "cordon/base/unique_fd.h"
#include "cordon/sandbox/exec_target.h"
#include "cordon/sandbox/fds.h"
#include "cordon/sandbox/landlock.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/launcher.h"
#include "cordon/sandbox/mounts.h"

namespace cordon::sandbox::internal {

// ChildPlan holds everything the child needs, built before clone so that
// the child only reads it.
struct ChildPlan {
  const LaunchSpec* spec = nullptr;
  MountPlan mounts;
  LandlockPlan landlock;
  FdPlan fds;
  ExecTarget target;
  std::vector<std::string> env;
  std::vector<char*> argv_ptrs;
  std::vector<char*> envp_ptrs;
  int last_cap = 40;
  bool user_ns = false;
  bool can_setgroups = true;
  bool pid_init = false;  // -p without -I: fork the program under an init
  bool loopback = false;
  const char* hostname = nullptr;

  Placement placement = Placement::kNone;
  sock_fprog fprog{};  // kBeforeExec
  bool listener = false;
  std::string preload_path;

  // Descriptors, as numbered in both parent and child.
  int sync_fd = -1;                 // child's end of the report socket (close-on-exec)
  int notify_fd = -1;               // child's end of the listener handshake socket
  int notify_fd_in_program = -1;    // where the program sees it (preload) or notify_fd
  std::vector<int> passed_sources;  // dup'd to fds.passed_targets
  std::vector<int> parent_ends;     // cordon's socket ends, closed first in the child
  sigset_t original_mask{};
  sigset_t forwarded{};
};

// RunChild is the child's side: the ordered checklist. Never returns.
[[noreturn]] void RunChild(const ChildPlan& plan);

// Parent-side handles on a started child.
struct Started {
  pid_t pid = -1;
  UniqueFd pidfd;
  UniqueFd sync;    // parent's end of the report socket (SO_PASSCRED)
  UniqueFd notify;  // parent's end of the handshake socket, when listening
};

// WaitForChild runs the parent's loop until the child has exited and turns
// what it learned into the outcome.
LaunchOutcome WaitForChild(const ChildPlan& plan, Started& started, const LaunchHooks& hooks);

// DescribeFailure renders a child's failed step as a one-line message.
std::string DescribeFailure(const ChildPlan& plan, Step step, int err, int index);

}  // namespace cordon::sandbox::internal

#endif  // CORDON_SANDBOX_LAUNCH_INTERNAL_H_
