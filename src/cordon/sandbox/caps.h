// Caps: the capabilities the program keeps (-c MASK, --ambient).
//
// -c keeps exactly the capabilities in MASK: the others leave the bounding
// set (so no later exec can regain them) and the permitted, effective and
// inheritable sets. A root program then has MASK after exec; a program run
// as another user (-u) has nothing after exec unless --ambient raises MASK
// into the ambient set, which survives exec.
//
//   uint64_t mask = TRY(ParseCapabilities("cap_net_bind_service"));   // or "0x400"
//   int last = LastCapability();                                       // 40 on 6.x
//   SetupError e = DropBoundingSet(mask, last);     // child, before setuid
//   e = SetCapabilities(mask, /*ambient=*/true, last); // child, after setuid
#ifndef CORDON_SANDBOX_CAPS_H_
#define CORDON_SANDBOX_CAPS_H_

#include <cstdint>
#include <string>

#include "cordon/base/status.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

// ParseCapabilities reads a mask as minijail's -c does (hex "0x3000",
// decimal) or a comma-separated list of names ("cap_net_raw,CAP_CHOWN").
// kUsage for unknown names or bits beyond 63.
Result<uint64_t> ParseCapabilities(const std::string& text);

// CapabilityNames renders a mask as "cap_chown,cap_net_raw" ("" for 0).
std::string CapabilityNames(uint64_t mask);

// LastCapability is the highest capability this kernel knows
// (/proc/sys/kernel/cap_last_cap), or 40 when it cannot be read.
int LastCapability();

// DropBoundingSet removes every capability not in `keep` from the bounding
// set. Needs CAP_SETPCAP, so it runs before the uid changes. Child side.
SetupError DropBoundingSet(uint64_t keep, int last_cap);

// SetCapabilities limits the permitted and effective sets to `keep`, sets
// the inheritable set to them, clears the ambient set and, with `ambient`,
// raises `keep` into it. Child side: allocates nothing.
SetupError SetCapabilities(uint64_t keep, bool ambient, int last_cap);

// HasEffectiveCapability reports whether `cap` is in the effective set.
bool HasEffectiveCapability(int cap);

// SysAdminAfterExec predicts whether the process will hold CAP_SYS_ADMIN
// (in its user namespace) after exec: as uid 0 with it in the bounding set,
// or with it in the ambient set. seccomp(2) needs it, or no_new_privs.
bool SysAdminAfterExec();

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_CAPS_H_
