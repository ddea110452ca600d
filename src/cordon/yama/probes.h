// YamaProbes: the two questions about Yama that only the running kernel can
// answer through system calls. ReadYamaStatus asks them on the live system;
// tests substitute a fake.
//
//   std::unique_ptr<YamaProbes> live = LiveYamaProbes();
//   Result<std::vector<uint64_t>> ids = live->LsmListModules();  // Linux 6.8+
//   Result<bool> yama = live->PtracerPrctlAccepted();            // in a child
//
// Why the prctl probe runs in a child: prctl(PR_SET_PTRACER, 0) is the only
// call that tells Yama apart without a sysctl, but with Yama it also clears
// the caller's ptracer exception, which survives execve. A shell that named
// its crash handler and then exec'd cordon would silently lose it. A freshly
// forked child has no exception (they are not inherited), so clearing its own
// is a no-op, and it exits at once: the caller's exceptions are neither
// removed nor added.
#ifndef CORDON_YAMA_PROBES_H_
#define CORDON_YAMA_PROBES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cordon/base/status.h"

namespace cordon::yama {

// kLsmIdYama is LSM_ID_YAMA from include/uapi/linux/lsm.h.
inline constexpr uint64_t kLsmIdYama = 105;

// kPrSetPtracer is PR_SET_PTRACER ("Yama" in ASCII); kPrSetPtracerAny its
// "any process" argument.
inline constexpr int kPrSetPtracer = 0x59616d61;
inline constexpr unsigned long kPrSetPtracerAny = static_cast<unsigned long>(-1);

// YamaProbes asks the running kernel. Errors carry the errno of the failed
// call (ENOSYS from LsmListModules: the kernel predates Linux 6.8).
class YamaProbes {
 public:
  virtual ~YamaProbes() = default;
  // LsmListModules returns the active LSMs' LSM_ID_* values in the order
  // the kernel calls them (lsm_list_modules(2)).
  virtual Result<std::vector<uint64_t>> LsmListModules() = 0;
  // PtracerPrctlAccepted runs prctl(PR_SET_PTRACER, 0) in a short-lived
  // child: true when the kernel accepts it (Yama is active), false on
  // EINVAL (no Yama); other failures are errors.
  virtual Result<bool> PtracerPrctlAccepted() = 0;
};

// LiveYamaProbes returns probes of the kernel this process runs on.
std::unique_ptr<YamaProbes> LiveYamaProbes();

// LsmIdName maps an LSM_ID_* value to the LSM's name ("yama"), or
// "lsm#<id>" for ids newer than cordon.
std::string LsmIdName(uint64_t id);

}  // namespace cordon::yama

#endif  // CORDON_YAMA_PROBES_H_
