// Deterministic runs (--deterministic): the kernel-security advice "find
// bugs through determinism", applied to one program. Two runs with the same
// input then see the same addresses and the same bytes in uninitialised
// heap memory, so a bug that depends on either reproduces:
//   - personality(ADDR_NO_RANDOMIZE): stack, heap, mmap, vDSO and PIE
//     addresses are not randomised (kept across exec; cleared by the kernel
//     for set-user-ID programs);
//   - GLIBC_TUNABLES=glibc.malloc.perturb=165: glibc fills every malloc'd
//     block with 0x5a (165 ^ 0xff) and every freed block with 0xa5.
// Not covered: getrandom/AT_RANDOM (stack canaries, hash seeds), time,
// thread scheduling, programs not using glibc's malloc.
//
//   env.push_back("GLIBC_TUNABLES=" + PerturbTunables(getenv("GLIBC_TUNABLES")));
//   SetupError e = DisableAddressRandomization();   // child
#ifndef CORDON_SANDBOX_DETERMINISTIC_H_
#define CORDON_SANDBOX_DETERMINISTIC_H_

#include <string>

#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

// kMallocPerturb is the glibc.malloc.perturb value cordon sets.
inline constexpr int kMallocPerturb = 165;

// PerturbTunables returns the GLIBC_TUNABLES value with the perturb tunable
// appended to `existing` (nullptr or "" when unset).
std::string PerturbTunables(const char* existing);

// DisableAddressRandomization adds ADDR_NO_RANDOMIZE to the personality.
// Child side: allocates nothing.
SetupError DisableAddressRandomization();

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_DETERMINISTIC_H_
