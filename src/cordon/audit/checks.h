// The audit's check list: what cordon compares a HostView against.
//
// Each check has a stable id ("mem.init_on_alloc", "config.VMAP_STACK",
// "sysctl.kernel.kptr_restrict"), an area, its sources (the kernel security
// talk in docs, the Kernel Self Protection Project's recommended settings,
// or kernel-hardening-checker where it goes beyond KSPP), what it recommends
// and why in one sentence. Run against a host, a check yields a Finding:
// OK, FAIL, or N/A with the reason it could not be evaluated. A check never
// guesses: no config means the config checks are N/A, not FAIL.
//
// Runtime truth beats configuration: a command-line option overrides the
// config default (init_on_alloc=0 turns CONFIG_INIT_ON_ALLOC_DEFAULT_ON
// off), and the kernel's own boot report ("mem auto-init: ...") beats both.
//
//   HostView host = TRY(LoadHostView(opts));
//   std::vector<Finding> findings = RunChecks(host, kSourceTalk | kSourceKspp);
//   for (const Finding& f : findings) Print(f.id, OutcomeName(f.outcome), f.seen);
#ifndef CORDON_AUDIT_CHECKS_H_
#define CORDON_AUDIT_CHECKS_H_

#include <string>
#include <vector>

#include "cordon/audit/host_view.h"

namespace cordon::audit {

// Area groups checks in the report, in this order.
enum class Area { kMemoryInit, kSelfProtection, kAttackSurface, kLsm, kUserSpace };
inline constexpr Area kAllAreas[] = {Area::kMemoryInit, Area::kSelfProtection, Area::kAttackSurface,
                                     Area::kLsm, Area::kUserSpace};
// AreaName returns "memory init", "self protection", "attack surface",
// "LSM" or "user space".
const char* AreaName(Area area);

// Sources: a bit set saying who recommends a check.
inline constexpr unsigned kSourceTalk = 1u << 0;  // the kernel security talk
inline constexpr unsigned kSourceKspp = 1u << 1;  // KSPP recommended settings
inline constexpr unsigned kSourceKhc = 1u << 2;   // kernel-hardening-checker
// SourceNames lists the set bits as "talk", "KSPP", "kernel-hardening-checker".
std::vector<std::string> SourceNames(unsigned sources);

enum class Outcome { kOk, kFail, kNa };
// OutcomeName returns "OK", "FAIL" or "N/A".
const char* OutcomeName(Outcome outcome);

// Finding is one check's result on one host.
struct Finding {
  std::string id;
  Area area;
  unsigned sources;
  Outcome outcome;
  std::string seen;         // what the host has: "CONFIG_VMAP_STACK=y"
  std::string recommended;  // "CONFIG_VMAP_STACK=y"
  std::string why;          // one sentence
  std::string reason;       // N/A: why it could not be evaluated; else extra
};

// RunChecks evaluates every check for host.arch whose sources intersect
// `sources`, in report order (by area, then list order).
std::vector<Finding> RunChecks(const HostView& host,
                               unsigned sources = kSourceTalk | kSourceKspp | kSourceKhc);

// CheckIds lists every check id for `arch`, in report order.
std::vector<std::string> CheckIds(AuditArch arch);

// AuditedSysctls lists the sysctls the checks read, for
// HostViewOptions::sysctl_keys.
std::vector<std::string> AuditedSysctls();

}  // namespace cordon::audit

#endif  // CORDON_AUDIT_CHECKS_H_
