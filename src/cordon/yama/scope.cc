#include "cordon/yama/scope.h"

#include <charconv>

namespace cordon::yama {

std::optional<PtraceScope> ScopeFromNumber(long value) {
  if (value < 0 || value > ScopeNumber(kMaxScope)) return std::nullopt;
  return static_cast<PtraceScope>(value);
}

std::optional<PtraceScope> ParseScope(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return ScopeFromNumber(value);
}

const char* ScopeName(PtraceScope scope) {
  switch (scope) {
    case PtraceScope::kClassic:
      return "classic";
    case PtraceScope::kRelational:
      return "relational";
    case PtraceScope::kAdminOnly:
      return "admin-only";
    case PtraceScope::kNoAttach:
      return "no-attach";
  }
  return "unknown";
}

const char* ScopeMeaning(PtraceScope scope) {
  switch (scope) {
    case PtraceScope::kClassic:
      return "Classic ptrace permissions: a process may attach to any process of its own uid "
             "that is dumpable (did not change uid or gid and was not marked undumpable), and "
             "a process with CAP_SYS_PTRACE may attach to any process. Yama adds nothing, but "
             "prctl(PR_SET_PTRACER) is accepted.";
    case PtraceScope::kRelational:
      return "Relational: on top of the classic rule, a process may attach only to its own "
             "descendants, or to a process that named it, or one of its ancestors, with "
             "prctl(PR_SET_PTRACER); CAP_SYS_PTRACE still allows any attach. Debuggers that "
             "start their program work; attaching to a running process (gdb -p, strace -p) "
             "needs the target's consent or CAP_SYS_PTRACE.";
    case PtraceScope::kAdminOnly:
      return "Admin-only: only a process with CAP_SYS_PTRACE may attach, and PTRACE_TRACEME "
             "works only when the parent has CAP_SYS_PTRACE. PR_SET_PTRACER exceptions "
             "no longer grant anything.";
    case PtraceScope::kNoAttach:
      return "No attach: no process may attach or use PTRACE_TRACEME, not even root. The "
             "kernel refuses to lower this scope until reboot.";
  }
  return "";
}

const char* NoYamaMeaning() {
  return "Yama is not active: the classic rule applies (a process may attach to any dumpable "
         "process of its own uid, and CAP_SYS_PTRACE may attach to any process), and "
         "prctl(PR_SET_PTRACER) fails with EINVAL.";
}

}  // namespace cordon::yama
