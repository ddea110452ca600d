// Yama's ptrace scopes (kernel.yama.ptrace_scope) and what each means in
// plain words. Yama checks every access that needs PTRACE_MODE_ATTACH:
// PTRACE_ATTACH and PTRACE_SEIZE, process_vm_readv/writev, opening
// /proc/PID/mem and pidfd_getfd; at scopes 2 and 3 also PTRACE_TRACEME.
//
//   std::optional<PtraceScope> s = ParseScope("1");   // kRelational
//   ScopeName(*s);      // "relational"
//   ScopeMeaning(*s);   // "A process may attach only to its own descendants, ..."
#ifndef CORDON_YAMA_SCOPE_H_
#define CORDON_YAMA_SCOPE_H_

#include <optional>
#include <string_view>

namespace cordon::yama {

// PtraceScope is the value of kernel.yama.ptrace_scope.
enum class PtraceScope : int {
  kClassic = 0,     // same uid and dumpable, or CAP_SYS_PTRACE
  kRelational = 1,  // descendants and declared ptracers only
  kAdminOnly = 2,   // CAP_SYS_PTRACE only
  kNoAttach = 3,    // nobody; cannot be lowered until reboot
};

// kMaxScope is the highest scope; once set the kernel locks it.
inline constexpr PtraceScope kMaxScope = PtraceScope::kNoAttach;

// ScopeNumber returns the sysctl value of `scope` (0..3).
constexpr int ScopeNumber(PtraceScope scope) { return static_cast<int>(scope); }

// ScopeFromNumber returns the scope for a sysctl value, or nullopt outside 0..3.
std::optional<PtraceScope> ScopeFromNumber(long value);

// ParseScope reads "0".."3" (surrounding whitespace allowed, as the sysctl
// file ends in a newline); nullopt for anything else.
std::optional<PtraceScope> ParseScope(std::string_view text);

// ScopeName returns "classic", "relational", "admin-only" or "no-attach".
const char* ScopeName(PtraceScope scope);

// ScopeMeaning says in a sentence or two who may attach to whom at `scope`.
const char* ScopeMeaning(PtraceScope scope);

// NoYamaMeaning says what applies when Yama is not active.
const char* NoYamaMeaning();

}  // namespace cordon::yama

#endif  // CORDON_YAMA_SCOPE_H_
