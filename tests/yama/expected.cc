#include "expected.h"

namespace cordon::testing {

std::vector<std::string> ExpectedTree(std::optional<int> scope) {
  const bool yama = scope.has_value();
  const int s = scope.value_or(0);  // without Yama the classic rule applies
  auto when = [](bool allowed) { return std::string(allowed ? "ok" : "EPERM"); };
  const std::string classic = when(s == 0);     // same uid is enough
  const std::string relational = when(s <= 1);  // descendants and named ptracers
  const std::string prctl = yama ? "ok" : "EINVAL";
  return {
      yama ? "# yama_tree: kernel.yama.ptrace_scope=" + std::to_string(s)
           : "# yama_tree: no kernel.yama.ptrace_scope (no Yama)",
      "evil-attacker -> secret PTRACE_ATTACH: " + classic,
      "evil-attacker -> secret PTRACE_SEIZE: " + classic,
      "evil-attacker -> secret process_vm_readv: " + classic,
      "gdb -> program PTRACE_ATTACH: " + relational,
      "gdb -> program process_vm_readv: " + relational,
      "crash-handler -> crashing-program PTRACE_ATTACH before PR_SET_PTRACER: " + classic,
      "crashing-program PR_SET_PTRACER crash-handler: " + prctl,
      "crash-handler -> crashing-program PTRACE_ATTACH after PR_SET_PTRACER: " + relational,
      "crash-handler -> crashing-program process_vm_readv after PR_SET_PTRACER: " + relational,
      "evil-attacker -> crashing-program PTRACE_ATTACH after PR_SET_PTRACER crash-handler: " +
          classic,
      std::string("crashing-program cordon yama probe: ") + (yama ? "accepted" : "EINVAL"),
      "crash-handler -> crashing-program PTRACE_ATTACH after cordon yama probe: " + relational,
      "crashing-program PR_SET_PTRACER 0: " + prctl,
      "crash-handler -> crashing-program PTRACE_ATTACH after PR_SET_PTRACER 0: " + classic,
      "evil-attacker -> daemon PTRACE_ATTACH: EPERM",  // another uid, at every scope
      "evil-attacker -> daemon process_vm_readv: EPERM",
      "root -> secret PTRACE_ATTACH: " + when(s <= 2),  // CAP_SYS_PTRACE
      "program PTRACE_TRACEME (tracer gdb): " + relational,
  };
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::string line;
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace cordon::testing
