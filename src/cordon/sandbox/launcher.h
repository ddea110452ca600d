// Launch: run one program in the sandbox a LaunchSpec describes, and wait
// for it. This is `cordon run` without the command line.
//
//   LaunchSpec spec;
//   spec.argv = {"/bin/cat", "cat.policy"};
//   spec.no_new_privs = true;
//   spec.seccomp.program = program;
//   spec.seccomp.policy_name = "cat.policy";
//   LaunchOutcome out = Launch(spec);
//   if (out.kind == LaunchOutcome::Kind::kPolicyViolation) ...   // exit code 253
//   return out.exit_code;
//
// How (launcher.cc has the ordered checklist the child follows):
//   parent: plan everything that allocates or can fail before anything
//     changes (mount plan, program lookup and ELF kind, environment,
//     descriptors, the preload payload); clone into the new namespaces;
//     write uid/gid maps; then wait, forwarding signals and (with a
//     listener) answering the filter's notifications.
//   child: allocates nothing; reports a failed step as (step, errno, item)
//     over a close-on-exec socket and exits with the step's code, so no
//     program ever starts in a half-built sandbox.
//
// Where the seccomp filter goes: a static program (no PT_INTERP) gets it
// from the child right before execve (the policy must allow execve); a
// dynamic one from the preload library after the dynamic loader (see
// preload/preload.cc), unless Seccomp::before_exec. The preload library is
// found at FindPreloadLibrary().
#ifndef CORDON_SANDBOX_LAUNCHER_H_
#define CORDON_SANDBOX_LAUNCHER_H_

#include <sys/types.h>

#include <functional>
#include <string>

#include "cordon/base/status.h"
#include "cordon/sandbox/exec_target.h"
#include "cordon/sandbox/exit_status.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/notify_supervisor.h"

namespace cordon::sandbox {

// Placement says where the filter is installed.
enum class Placement { kNone, kBeforeExec, kPreload };

struct LaunchHooks {
  // decide answers notifications when spec.seccomp.listener is set.
  Decider decide;
  // on_plan, when set, sees the resolved program and the filter's placement
  // before anything changes; a non-OK Status stops the launch (stage
  // kPolicy), e.g. when a static program's policy lacks execve.
  std::function<Status(const ExecTarget&, Placement)> on_plan;
};

struct LaunchOutcome {
  enum class Kind {
    kExited,           // the program exited: exit_code is its status
    kSignaled,         // a signal killed it: exit_code is 128+N
    kPolicyViolation,  // the seccomp policy killed it: exit_code 253
    kSetupFailed,      // the sandbox could not be built: see stage and message
  };
  Kind kind = Kind::kSetupFailed;
  int exit_code = kExitInternal;
  pid_t pid = 0;        // the program's pid as cordon sees it (0: never started)
  int wait_status = 0;  // kExited, kSignaled, kPolicyViolation
  Stage stage = Stage::kInternal;
  std::string message;  // kSetupFailed: what failed and why
};

// Launch builds the sandbox, runs spec.argv[0] in it and waits for it.
// Signals sent to this process (HUP INT QUIT USR1 USR2 ALRM TERM CONT
// WINCH) are passed on to the program while it runs.
LaunchOutcome Launch(const LaunchSpec& spec, const LaunchHooks& hooks = {});

// kPreloadLibraryName is the preload library's file name.
inline constexpr char kPreloadLibraryName[] = "libcordon_preload.so";

// FindPreloadLibrary returns the preload library installed with the running
// binary: DIR_OF(/proc/self/exe)/CORDON_PRELOAD_RELDIR/libcordon_preload.so
// (the same relative place in the build tree and in an installation:
// bin/cordon and lib/cordon/). kNotFound names the path it tried.
Result<std::string> FindPreloadLibrary();

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_LAUNCHER_H_
