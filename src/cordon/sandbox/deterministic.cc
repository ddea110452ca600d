#include "cordon/sandbox/deterministic.h"

#include <sys/personality.h>

namespace cordon::sandbox {

std::string PerturbTunables(const char* existing) {
  std::string tunable = "glibc.malloc.perturb=" + std::to_string(kMallocPerturb);
  if (existing == nullptr || *existing == '\0') return tunable;
  return std::string(existing) + ":" + tunable;
}

SetupError DisableAddressRandomization() {
  int current = personality(0xffffffff);
  if (current < 0 || personality(static_cast<unsigned long>(current) | ADDR_NO_RANDOMIZE) < 0) {
    return SetupError::Errno(kStepPersonality);
  }
  return {};
}

}  // namespace cordon::sandbox
