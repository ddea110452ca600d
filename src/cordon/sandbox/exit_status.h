// Exit statuses of `cordon run` and the setup steps that can fail.
//
// cordon passes its program's status through: the program's own exit code,
// 128+N when a signal N killed it. Its own failures use codes above 240 so
// that they rarely collide with a program's, one per kernel concern:
//
//   126  the program cannot be executed (EACCES, ENOEXEC, a noexec mount)
//   127  the program was not found
//   241  the policy cannot be read, compiled or used with this program
//   242  namespaces: clone, setns, uid/gid maps, loopback, hostname
//   243  user and group ids: setgroups, setresgid, setresuid
//   244  capabilities: bounding set, capset, ambient set
//   245  resource limits (-R)
//   246  Landlock (--fs-path-*)
//   247  no_new_privs or the seccomp filter (e.g. -S without -n and without
//        CAP_SYS_ADMIN)
//   248  the -L supervisor could not take the seccomp listener
//   249  process setup: file descriptors, environment, personality, signals
//   250  cordon itself: fork, sockets, memfd (system resources)
//   251  mounts (-v -b -k -t -d -r -C -P)            (as minijail's)
//   252  the preload library cannot confine this program (as minijail's)
//   253  the program broke the seccomp policy and was killed (as minijail's)
//   254  the pid-namespace init failed (as minijail's)
//
//   int code = ExitCodeForStatus(wait_status);   // 0..255, 128+N, 253
//   int setup = ExitCodeForStage(StageOf(kStepBindMount));   // 251
#ifndef CORDON_SANDBOX_EXIT_STATUS_H_
#define CORDON_SANDBOX_EXIT_STATUS_H_

#include <cstdint>
#include <string>

namespace cordon::sandbox {

inline constexpr int kExitCannotExecute = 126;
inline constexpr int kExitNotFound = 127;
inline constexpr int kExitSignalBase = 128;
inline constexpr int kExitPolicy = 241;
inline constexpr int kExitNamespaces = 242;
inline constexpr int kExitIds = 243;
inline constexpr int kExitCaps = 244;
inline constexpr int kExitRlimits = 245;
inline constexpr int kExitLandlock = 246;
inline constexpr int kExitSeccomp = 247;
inline constexpr int kExitSupervisor = 248;
inline constexpr int kExitProcess = 249;
inline constexpr int kExitInternal = 250;
inline constexpr int kExitMounts = 251;
inline constexpr int kExitPreload = 252;
inline constexpr int kExitViolation = 253;
inline constexpr int kExitInit = 254;

// Stage groups setup steps by kernel concern; each has one exit code.
enum class Stage {
  kPolicy,
  kNamespaces,
  kIds,
  kCaps,
  kRlimits,
  kLandlock,
  kSeccomp,
  kSupervisor,
  kProcess,
  kInternal,
  kMounts,
  kPreload,
  kInit,
  kExec,
};

// Step names one setup action of the child (or of the parent for a few).
// The child reports (step, errno, index) and the parent describes it.
enum Step : uint32_t {
  kStepNone = 0,
  // namespaces
  kStepWaitForParent,
  kStepSetNetNs,
  kStepLoopback,
  kStepHostname,
  kStepIdMaps,
  // mounts
  kStepMakePrivate,
  kStepRootBind,
  kStepBindSource,
  kStepBindTarget,
  kStepBindMount,
  kStepBindAttrs,
  kStepFsTarget,
  kStepFsMount,
  kStepTmpMount,
  kStepDevMount,
  kStepDevNode,
  kStepProcMount,
  kStepProcReadOnly,
  kStepPivotRoot,
  kStepChroot,
  kStepChdir,
  // program
  kStepOpenProgram,
  kStepProgramChanged,
  kStepExec,
  // init
  kStepInitFork,
  kStepInitSignals,
  // ids and caps
  kStepKeepCaps,
  kStepSetGroups,
  kStepSetGid,
  kStepSetUid,
  kStepCapBound,
  kStepCapSet,
  kStepCapAmbient,
  kStepCapClearAmbient,
  // limits and process
  kStepRlimit,
  kStepPersonality,
  kStepParentDeath,
  kStepDumpable,
  kStepFdPreserve,
  kStepFdMove,
  kStepFdCloseRest,
  kStepSigmask,
  // restrictions
  kStepNoNewPrivs,
  kStepLandlockAbi,
  kStepLandlockRuleset,
  kStepLandlockPath,
  kStepLandlockRule,
  kStepLandlockRestrict,
  kStepSeccompNeedsNnp,
  kStepSeccompInstall,
  kStepListenerHandshake,
  kStepPreloadUnreadable,
  kStepPreloadNoexec,
  kStepPreloadSetid,
  kStepCount,
};

// StageOf returns the stage `step` belongs to.
Stage StageOf(Step step);

// ExitCodeForStage returns the documented exit code of `stage`.
int ExitCodeForStage(Stage stage);

// StageName is a short name for messages ("mounts", "Landlock").
const char* StageName(Stage stage);

// StepWhat describes a step for an error message ("bind mount", "setresuid");
// the launcher adds the item (a path, a uid) and the errno.
const char* StepWhat(Step step);

// ExitCodeForStatus maps a wait status: the exit code, or 128+N for signal N.
int ExitCodeForStatus(int wait_status);

// IsPolicyKill reports whether a wait status is a death by SIGSYS, which is
// how SECCOMP_RET_KILL_* ends a process.
bool IsPolicyKill(int wait_status);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_EXIT_STATUS_H_
