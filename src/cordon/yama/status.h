// Is Yama active, and with which ptrace scope? Three independent witnesses
// answer, and ReadYamaStatus keeps each one's answer so the report can show
// its evidence:
//
//   1. lsm_list_modules(2) (Linux 6.8+): lists LSM_ID_YAMA when Yama runs.
//   2. The sysctl <root>/proc/sys/kernel/yama/ptrace_scope: exists only when
//      Yama initialized; its value is the scope.
//   3. prctl(PR_SET_PTRACER, 0) in a short-lived child: only Yama accepts it;
//      EINVAL otherwise (see probes.h for why in a child).
//
// Yama counts as active by the first witness that answers, in that order;
// a witness that contradicts it is listed in `disagreements`.
//
// SetPtraceScope writes the sysctl, refusing what the kernel would refuse
// with a message that says why:
//
//   std::unique_ptr<YamaProbes> probes = LiveYamaProbes();
//   YamaOptions opts{.root = "/", .probes = probes.get()};
//   YamaStatus st = TRY(ReadYamaStatus(opts));
//   if (st.active == true && st.scope) ...;
//   SetResult r = TRY(SetPtraceScope(PtraceScope::kRelational, opts));
#ifndef CORDON_YAMA_STATUS_H_
#define CORDON_YAMA_STATUS_H_

#include <optional>
#include <string>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/yama/probes.h"
#include "cordon/yama/scope.h"

namespace cordon::yama {

// YamaOptions says where to look. With probes == nullptr only the sysctl
// file under `root` is read (an image or a test fixture); the running
// kernel is not asked.
struct YamaOptions {
  std::string root = "/";
  YamaProbes* probes = nullptr;
};

// SysctlEvidence is what the sysctl file said.
struct SysctlEvidence {
  std::string path;                  // <root>/proc/sys/kernel/yama/ptrace_scope
  bool exists = false;               // the file is there
  std::optional<bool> says_active;   // exists, or absent from a mounted /proc/sys
  std::optional<PtraceScope> scope;  // its value, when readable and 0..3
  std::string error;                 // why there is no value
};

// PrctlEvidence is what the PR_SET_PTRACER probe said.
struct PrctlEvidence {
  bool asked = false;            // false without probes
  std::optional<bool> accepted;  // true: accepted; false: EINVAL
  std::string error;             // the probe failed otherwise
};

// LsmEvidence is what lsm_list_modules(2) said.
struct LsmEvidence {
  bool asked = false;                            // false without probes
  std::optional<std::vector<std::string>> lsms;  // names in call order
  bool lists_yama = false;
  std::string error;  // "lsm_list_modules: ENOSYS (...)"
};

// YamaStatus is the verdict and its evidence.
struct YamaStatus {
  std::optional<bool> active;        // nullopt: no witness answered
  std::string decided_by;            // "lsm_list_modules(2)", "sysctl", "prctl probe"
  std::optional<PtraceScope> scope;  // when active and the sysctl is readable
  SysctlEvidence sysctl;
  PrctlEvidence prctl;
  LsmEvidence lsm;
  std::vector<std::string> disagreements;  // one sentence per contradicting witness
};

// SysctlPath returns <root>/proc/sys/kernel/yama/ptrace_scope.
std::string SysctlPath(const std::string& root);

// ReadYamaStatus asks every witness. It does not fail: a witness that cannot
// answer records why, and `active` stays unknown when none can.
YamaStatus ReadYamaStatus(const YamaOptions& options);

// SetResult is the scope before and after a successful SetPtraceScope.
struct SetResult {
  std::optional<PtraceScope> before;
  PtraceScope after = PtraceScope::kClassic;
};

// SetPtraceScope writes `scope` to the sysctl and reads it back. Errors:
// kUsage when `scope` is 3 and !irreversible (3 cannot be lowered until
// reboot); kUnsupported when Yama is not active; kPermissionDenied when the
// scope is 3 and `scope` is lower, or the caller is not root with
// CAP_SYS_PTRACE (the kernel checks that capability, not CAP_SYS_ADMIN);
// kSystem when the value read back differs.
Result<SetResult> SetPtraceScope(PtraceScope scope, bool irreversible, const YamaOptions& options);

}  // namespace cordon::yama

#endif  // CORDON_YAMA_STATUS_H_
