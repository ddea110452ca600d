#include "cordon/yama/report.h"

#include <nlohmann/json.hpp>

namespace cordon::yama {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

std::string SysctlLine(const SysctlEvidence& e) {
  if (e.scope) return e.path + " = " + std::to_string(ScopeNumber(*e.scope));
  return e.path + ": " + e.error;
}

std::string PrctlLine(const PrctlEvidence& e) {
  if (!e.asked) return "not asked (reading files under --root only)";
  if (!e.error.empty()) return e.error;
  return *e.accepted ? "PR_SET_PTRACER accepted in a probe child (only Yama implements it)"
                     : "PR_SET_PTRACER failed with EINVAL in a probe child (no Yama)";
}

std::string LsmLine(const LsmEvidence& e) {
  if (!e.asked) return "not asked (reading files under --root only)";
  if (!e.lsms) return e.error;
  return Join(*e.lsms) + (e.lists_yama ? " (yama listed)" : " (yama not listed)");
}

}  // namespace

std::string StatusMeaning(const YamaStatus& s) {
  if (!s.active) return "Whether Yama is active could not be determined.";
  if (!*s.active) return NoYamaMeaning();
  if (s.scope) return ScopeMeaning(*s.scope);
  return "Yama is active, but its scope could not be read (" + s.sysctl.error + ").";
}

std::string RenderStatusText(const YamaStatus& s) {
  std::string out = "Yama: ";
  if (!s.active) {
    out += "unknown (no witness could answer)\n";
  } else {
    out += std::string(*s.active ? "active" : "not active") + " (by " + s.decided_by + ")\n";
  }
  if (s.active == true) {
    out += "ptrace scope: ";
    out += s.scope ? std::to_string(ScopeNumber(*s.scope)) + " (" + ScopeName(*s.scope) + ")"
                   : "unknown";
    out += "\n";
  }
  out += StatusMeaning(s) + "\n\nevidence:\n";
  out += "  sysctl            " + SysctlLine(s.sysctl) + "\n";
  out += "  prctl probe       " + PrctlLine(s.prctl) + "\n";
  out += "  lsm_list_modules  " + LsmLine(s.lsm) + "\n";
  for (const std::string& d : s.disagreements) out += "warning: " + d + "\n";
  return out;
}

std::string RenderStatusJson(const YamaStatus& s) {
  using json = nlohmann::ordered_json;
  json sysctl = {{"path", s.sysctl.path},
                 {"exists", s.sysctl.exists},
                 {"value", s.sysctl.scope ? json(ScopeNumber(*s.sysctl.scope)) : json(nullptr)}};
  if (!s.sysctl.error.empty()) sysctl["error"] = s.sysctl.error;
  json prctl = {{"asked", s.prctl.asked},
                {"accepted", s.prctl.accepted ? json(*s.prctl.accepted) : json(nullptr)}};
  if (!s.prctl.error.empty()) prctl["error"] = s.prctl.error;
  json lsm = {{"asked", s.lsm.asked},
              {"lsms", s.lsm.lsms ? json(*s.lsm.lsms) : json(nullptr)},
              {"lists_yama", s.lsm.lists_yama}};
  if (!s.lsm.error.empty()) lsm["error"] = s.lsm.error;
  json out = {
      {"active", s.active ? json(*s.active) : json(nullptr)},
      {"decided_by", s.decided_by},
      {"scope", s.scope ? json(ScopeNumber(*s.scope)) : json(nullptr)},
      {"scope_name", s.scope ? json(ScopeName(*s.scope)) : json(nullptr)},
      {"meaning", StatusMeaning(s)},
      {"evidence", {{"sysctl", sysctl}, {"prctl_probe", prctl}, {"lsm_list_modules", lsm}}},
      {"disagreements", s.disagreements},
  };
  return out.dump(2) + "\n";
}

}  // namespace cordon::yama
