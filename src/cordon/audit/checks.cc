#include "cordon/audit/checks.h"

#include <algorithm>

#include "cordon/audit/checks_internal.h"

namespace cordon::audit {
namespace {

using internal::CheckDef;

const std::vector<CheckDef>& Registry() {
  static const std::vector<CheckDef>* defs = [] {
    auto* d = new std::vector<CheckDef>;
    internal::AddRuntimeChecks(*d);
    internal::AddBootChecks(*d);
    internal::AddConfigChecks(*d);
    internal::AddSysctlChecks(*d);
    // Report order: by area, then in the order the families declared them.
    std::stable_sort(d->begin(), d->end(), [](const CheckDef& a, const CheckDef& b) {
      return static_cast<int>(a.area) < static_cast<int>(b.area);
    });
    return d;
  }();
  return *defs;
}

unsigned ArchBit(AuditArch arch) {
  switch (arch) {
    case AuditArch::kX86_64:
      return internal::kArchX86;
    case AuditArch::kArm64:
      return internal::kArchArm;
    case AuditArch::kOther:
      return internal::kArchOther;
  }
  return internal::kArchOther;
}

}  // namespace

namespace internal {
std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}
}  // namespace internal

const char* AreaName(Area area) {
  switch (area) {
    case Area::kMemoryInit:
      return "memory init";
    case Area::kSelfProtection:
      return "self protection";
    case Area::kAttackSurface:
      return "attack surface";
    case Area::kLsm:
      return "LSM";
    case Area::kUserSpace:
      return "user space";
  }
  return "?";
}

std::vector<std::string> SourceNames(unsigned sources) {
  std::vector<std::string> out;
  if (sources & kSourceTalk) out.push_back("talk");
  if (sources & kSourceKspp) out.push_back("KSPP");
  if (sources & kSourceKhc) out.push_back("kernel-hardening-checker");
  return out;
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return "OK";
    case Outcome::kFail:
      return "FAIL";
    case Outcome::kNa:
      return "N/A";
  }
  return "?";
}

std::vector<Finding> RunChecks(const HostView& host, unsigned sources) {
  std::vector<Finding> out;
  const unsigned arch = ArchBit(host.arch);
  for (const CheckDef& def : Registry()) {
    if (!(def.arches & arch) || !(def.sources & sources)) continue;
    internal::Verdict v = def.eval(host);
    out.push_back(Finding{def.id, def.area, def.sources, v.outcome, std::move(v.seen),
                          def.recommended, def.why, std::move(v.reason)});
  }
  return out;
}

std::vector<std::string> CheckIds(AuditArch arch) {
  std::vector<std::string> out;
  for (const CheckDef& def : Registry()) {
    if (def.arches & ArchBit(arch)) out.push_back(def.id);
  }
  return out;
}

std::vector<std::string> AuditedSysctls() { return internal::SysctlKeys(); }

}  // namespace cordon::audit
