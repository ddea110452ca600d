// Internal to the audit module: how checks are declared. checks.cc owns the
// registry and report order; each checks_*.cc file adds one family:
//
//   checks_config.cc   build options (.config), data-driven
//   checks_sysctl.cc   sysctls, data-driven
//   checks_boot.cc     effective settings: command line over config, and the
//                      kernel's own boot report over both
//   checks_runtime.cc  what the running kernel says: LSMs, Landlock, Yama,
//                      seccomp, KASLR, the kernel series
//
// A check is a CheckDef whose eval turns a HostView into a Verdict:
//
//   defs.push_back({"config.VMAP_STACK", Area::kSelfProtection, kSourceKspp, kArchX86 | kArchArm,
//                   "CONFIG_VMAP_STACK=y", "why ...", [](const HostView& h) { ... }});
#ifndef CORDON_AUDIT_CHECKS_INTERNAL_H_
#define CORDON_AUDIT_CHECKS_INTERNAL_H_

#include <functional>
#include <string>
#include <vector>

#include "cordon/audit/checks.h"

namespace cordon::audit::internal {

// Verdict is a check's answer before the registry adds id and texts.
struct Verdict {
  Outcome outcome;
  std::string seen;
  std::string reason;
};
inline Verdict Ok(std::string seen, std::string reason = "") {
  return {Outcome::kOk, std::move(seen), std::move(reason)};
}
inline Verdict Fail(std::string seen, std::string reason = "") {
  return {Outcome::kFail, std::move(seen), std::move(reason)};
}
inline Verdict Na(std::string reason, std::string seen = "") {
  return {Outcome::kNa, std::move(seen), std::move(reason)};
}

inline constexpr unsigned kArchX86 = 1u << 0;
inline constexpr unsigned kArchArm = 1u << 1;
inline constexpr unsigned kArchOther = 1u << 2;
inline constexpr unsigned kArchAny = kArchX86 | kArchArm | kArchOther;

struct CheckDef {
  std::string id;
  Area area;
  unsigned sources;
  unsigned arches;
  std::string recommended;
  std::string why;
  std::function<Verdict(const HostView&)> eval;
};

void AddConfigChecks(std::vector<CheckDef>& defs);
void AddSysctlChecks(std::vector<CheckDef>& defs);
void AddBootChecks(std::vector<CheckDef>& defs);
void AddRuntimeChecks(std::vector<CheckDef>& defs);

// SysctlKeys lists the sysctls the sysctl and runtime checks read.
std::vector<std::string> SysctlKeys();

// Join renders "a, b, c".
std::string Join(const std::vector<std::string>& items, const std::string& sep = ", ");

}  // namespace cordon::audit::internal

#endif  // CORDON_AUDIT_CHECKS_INTERNAL_H_
