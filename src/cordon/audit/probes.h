// KernelProbes: the questions only the running kernel can answer, asked
// through system calls rather than files. LoadHostView uses them when it
// audits the live system (no --root); tests substitute a fake.
//
//   std::unique_ptr<KernelProbes> live = LiveKernelProbes();
//   Result<std::vector<uint64_t>> ids = live->LsmListModules();  // 6.8+
//   Result<int> abi = live->LandlockAbi();     // 7 on Linux 6.18
//   Result<bool> yama = live->YamaPrctlProbe();
#ifndef CORDON_AUDIT_PROBES_H_
#define CORDON_AUDIT_PROBES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cordon/base/status.h"

namespace cordon::audit {

// UnameInfo is the part of uname(2) the audit uses.
struct UnameInfo {
  std::string release;  // "6.18.44-fc-v782"
  std::string machine;  // "x86_64", "aarch64"
};

// KernelProbes asks the running kernel. Each method's errors carry the
// errno of the failed call (ENOSYS: the kernel lacks the call).
class KernelProbes {
 public:
  virtual ~KernelProbes() = default;
  // Uname returns the running kernel's release and machine.
  virtual Result<UnameInfo> Uname() = 0;
  // LsmListModules returns the active LSMs' LSM_ID_* values in the order
  // the kernel calls them (lsm_list_modules(2), Linux 6.8+).
  virtual Result<std::vector<uint64_t>> LsmListModules() = 0;
  // YamaPrctlProbe is true when prctl(PR_SET_PTRACER, 0) succeeds, which
  // only Yama implements; false on EINVAL.
  virtual Result<bool> YamaPrctlProbe() = 0;
  // LandlockAbi returns landlock_create_ruleset(NULL, 0, VERSION): the ABI
  // version, or an error (ENOSYS: not built; EOPNOTSUPP: disabled at boot).
  virtual Result<int> LandlockAbi() = 0;
  // KernelLog returns the kernel ring buffer (klogctl READ_ALL).
  virtual Result<std::string> KernelLog() = 0;
};

// LiveKernelProbes returns probes of the kernel this process runs on.
std::unique_ptr<KernelProbes> LiveKernelProbes();

// LsmName maps an LSM_ID_* value to the name securityfs uses ("yama"), or
// "lsm#<id>" for ids newer than cordon.
std::string LsmName(uint64_t id);

}  // namespace cordon::audit

#endif  // CORDON_AUDIT_PROBES_H_
