#include "cordon/sandbox/exit_status.h"

#include <signal.h>
#include <sys/wait.h>

namespace cordon::sandbox {

Stage StageOf(Step step) {
  switch (step) {
    case kStepWaitForParent:
    case kStepSetNetNs:
    case kStepLoopback:
    case kStepHostname:
    case kStepIdMaps:
      return Stage::kNamespaces;
    case kStepMakePrivate:
    case kStepRootBind:
    case kStepBindSource:
    case kStepBindTarget:
    case kStepBindMount:
    case kStepBindAttrs:
    case kStepFsTarget:
    case kStepFsMount:
    case kStepTmpMount:
    case kStepDevMount:
    case kStepDevNode:
    case kStepProcMount:
    case kStepProcReadOnly:
    case kStepPivotRoot:
    case kStepChroot:
    case kStepChdir:
      return Stage::kMounts;
    case kStepOpenProgram:
    case kStepExec:
      return Stage::kExec;
    case kStepProgramChanged:
      return Stage::kPolicy;
    case kStepInitFork:
    case kStepInitSignals:
      return Stage::kInit;
    case kStepKeepCaps:
    case kStepSetGroups:
    case kStepSetGid:
    case kStepSetUid:
      return Stage::kIds;
    case kStepCapBound:
    case kStepCapSet:
    case kStepCapAmbient:
    case kStepCapClearAmbient:
      return Stage::kCaps;
    case kStepRlimit:
      return Stage::kRlimits;
    case kStepPersonality:
    case kStepParentDeath:
    case kStepDumpable:
    case kStepFdPreserve:
    case kStepFdMove:
    case kStepFdCloseRest:
    case kStepSigmask:
      return Stage::kProcess;
    case kStepLandlockAbi:
    case kStepLandlockRuleset:
    case kStepLandlockPath:
    case kStepLandlockRule:
    case kStepLandlockRestrict:
      return Stage::kLandlock;
    case kStepNoNewPrivs:
    case kStepSeccompNeedsNnp:
    case kStepSeccompInstall:
      return Stage::kSeccomp;
    case kStepListenerHandshake:
      return Stage::kSupervisor;
    case kStepPreloadUnreadable:
    case kStepPreloadNoexec:
    case kStepPreloadSetid:
      return Stage::kPreload;
    case kStepNone:
    case kStepCount:
      break;
  }
  return Stage::kInternal;
}

int ExitCodeForStage(Stage stage) {
  switch (stage) {
    case Stage::kPolicy:
      return kExitPolicy;
    case Stage::kNamespaces:
      return kExitNamespaces;
    case Stage::kIds:
      return kExitIds;
    case Stage::kCaps:
      return kExitCaps;
    case Stage::kRlimits:
      return kExitRlimits;
    case Stage::kLandlock:
      return kExitLandlock;
    case Stage::kSeccomp:
      return kExitSeccomp;
    case Stage::kSupervisor:
      return kExitSupervisor;
    case Stage::kProcess:
      return kExitProcess;
    case Stage::kInternal:
      return kExitInternal;
    case Stage::kMounts:
      return kExitMounts;
    case Stage::kPreload:
      return kExitPreload;
    case Stage::kInit:
      return kExitInit;
    case Stage::kExec:
      return kExitCannotExecute;
  }
  return kExitInternal;
}

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kPolicy:
      return "policy";
    case Stage::kNamespaces:
      return "namespaces";
    case Stage::kIds:
      return "user and group ids";
    case Stage::kCaps:
      return "capabilities";
    case Stage::kRlimits:
      return "resource limits";
    case Stage::kLandlock:
      return "Landlock";
    case Stage::kSeccomp:
      return "seccomp";
    case Stage::kSupervisor:
      return "supervisor";
    case Stage::kProcess:
      return "process setup";
    case Stage::kInternal:
      return "cordon";
    case Stage::kMounts:
      return "mounts";
    case Stage::kPreload:
      return "preload library";
    case Stage::kInit:
      return "init";
    case Stage::kExec:
      return "exec";
  }
  return "?";
}

const char* StepWhat(Step step) {
  switch (step) {
    case kStepNone:
      return "nothing";
    case kStepWaitForParent:
      return "wait for the parent";
    case kStepSetNetNs:
      return "enter network namespace";
    case kStepLoopback:
      return "bring up loopback";
    case kStepHostname:
      return "set hostname";
    case kStepIdMaps:
      return "write uid/gid maps";
    case kStepMakePrivate:
      return "make mounts private";
    case kStepRootBind:
      return "bind the new root";
    case kStepBindSource:
      return "open bind source";
    case kStepBindTarget:
      return "open bind target";
    case kStepBindMount:
      return "bind mount";
    case kStepBindAttrs:
      return "set bind mount attributes";
    case kStepFsTarget:
      return "open mount target";
    case kStepFsMount:
      return "mount";
    case kStepTmpMount:
      return "mount tmpfs on /tmp";
    case kStepDevMount:
      return "mount tmpfs on /dev";
    case kStepDevNode:
      return "create /dev node";
    case kStepProcMount:
      return "mount proc on /proc";
    case kStepProcReadOnly:
      return "make /proc read-only";
    case kStepPivotRoot:
      return "pivot_root";
    case kStepChroot:
      return "chroot";
    case kStepChdir:
      return "chdir";
    case kStepOpenProgram:
      return "open program";
    case kStepProgramChanged:
      return "check program";
    case kStepExec:
      return "execute";
    case kStepInitFork:
      return "fork the program from init";
    case kStepInitSignals:
      return "set up init signals";
    case kStepKeepCaps:
      return "keep capabilities across setuid";
    case kStepSetGroups:
      return "setgroups";
    case kStepSetGid:
      return "setresgid";
    case kStepSetUid:
      return "setresuid";
    case kStepCapBound:
      return "drop from the capability bounding set";
    case kStepCapSet:
      return "capset";
    case kStepCapAmbient:
      return "raise ambient capability";
    case kStepCapClearAmbient:
      return "clear ambient capabilities";
    case kStepRlimit:
      return "setrlimit";
    case kStepPersonality:
      return "personality(ADDR_NO_RANDOMIZE)";
    case kStepParentDeath:
      return "set parent-death signal";
    case kStepDumpable:
      return "make init non-dumpable";
    case kStepFdPreserve:
      return "preserve descriptor";
    case kStepFdMove:
      return "pass descriptor";
    case kStepFdCloseRest:
      return "close inherited descriptors";
    case kStepSigmask:
      return "restore signal mask";
    case kStepNoNewPrivs:
      return "set no_new_privs";
    case kStepLandlockAbi:
      return "query Landlock";
    case kStepLandlockRuleset:
      return "create Landlock ruleset";
    case kStepLandlockPath:
      return "open Landlock path";
    case kStepLandlockRule:
      return "add Landlock rule";
    case kStepLandlockRestrict:
      return "enforce Landlock ruleset";
    case kStepSeccompNeedsNnp:
      return "install the seccomp filter";
    case kStepSeccompInstall:
      return "install the seccomp filter";
    case kStepListenerHandshake:
      return "pass the seccomp listener";
    case kStepPreloadUnreadable:
      return "open the preload library inside the sandbox";
    case kStepPreloadNoexec:
      return "map the preload library";
    case kStepPreloadSetid:
      return "preload into a set-user-ID program";
    case kStepCount:
      break;
  }
  return "?";
}

int ExitCodeForStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return kExitSignalBase + WTERMSIG(wait_status);
  return kExitInternal;
}

bool IsPolicyKill(int wait_status) {
  return WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGSYS;
}

}  // namespace cordon::sandbox
