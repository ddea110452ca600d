// FilterIR: what a seccomp policy means, independent of how it was written
// (policy file, OCI profile, learned trace) and of how it is compiled.
//
// For one architecture it maps syscall numbers to an ordered list of rules.
// A call is decided by the first rule whose condition holds; when none
// holds, or the syscall has no rules, by the default action. A call from
// another architecture, or with a foreign ABI's number (x32 on x86_64),
// gets `bad_arch_action`.
//
//   FilterIR ir{.arch = &arch::NativeArch(), .default_action = bpf::kRetKillProcess};
//   ir.syscalls[257] = {Rule{.action = bpf::kRetAllow}};          // openat: allow
//   ir.syscalls[1] = {Rule{.when = {{Cmp{0, CmpOp::kEq, 1}}},     // write: arg0 == 1
//                          .action = bpf::kRetAllow}};
//   uint32_t ret = Evaluate(ir, data);                             // evaluate.h
#ifndef CORDON_COMPILE_FILTER_IR_H_
#define CORDON_COMPILE_FILTER_IR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cordon/arch/arch.h"
#include "cordon/bpf/action.h"

namespace cordon::compile {

// kMaxArgs is the number of syscall arguments seccomp_data carries.
inline constexpr int kMaxArgs = 6;

// CmpOp is how an argument is compared with a constant. Ordering
// comparisons are unsigned over the argument's full width.
enum class CmpOp {
  kEq,        // arg == value
  kNe,        // arg != value
  kLt,        // arg <  value
  kLe,        // arg <= value
  kGt,        // arg >  value
  kGe,        // arg >= value
  kAnyBits,   // arg & value != 0           (policy `&`)
  kIn,        // arg & ~value == 0          (policy `in`: only bits of value)
  kMaskedEq,  // arg & mask == value        (OCI SCMP_CMP_MASKED_EQ)
};

// CmpOpName renders an op as the policy language writes it ("==", "&",
// "in"); kMaskedEq has no policy spelling and renders as "&=".
const char* CmpOpName(CmpOp op);

// Cmp is one comparison of argument `arg` (0..5).
struct Cmp {
  int arg = 0;
  CmpOp op = CmpOp::kEq;
  uint64_t value = 0;
  uint64_t mask = ~uint64_t{0};  // used by kMaskedEq only
  bool operator==(const Cmp&) const = default;
};

// Clause is a conjunction: true when every Cmp holds (true when empty).
using Clause = std::vector<Cmp>;

// SourceRef says where a rule came from, for diagnostics and -L messages.
struct SourceRef {
  std::string file;
  int line = 0;
  int column = 0;
  bool operator==(const SourceRef&) const = default;
};

// Rule: when `when` holds, the call gets `action`. `when` is in disjunctive
// normal form; an empty `when` holds always (an unconditional rule).
struct Rule {
  std::vector<Clause> when;
  uint32_t action = bpf::kRetAllow;
  SourceRef source;
  bool unconditional() const { return when.empty(); }
};

// FilterIR is a whole filter for one architecture.
struct FilterIR {
  const arch::Arch* arch = nullptr;
  uint32_t default_action = bpf::kRetKillProcess;
  uint32_t bad_arch_action = bpf::kRetKillProcess;
  std::map<uint32_t, std::vector<Rule>> syscalls;
  // frequency weighs syscalls for the optimizer (higher: called more often).
  std::map<uint32_t, uint64_t> frequency;
};

// ArgMask is the mask of bits an argument has on `arch` (all 64, or the low 32).
inline uint64_t ArgMask(const arch::Arch& arch) {
  return arch.bits() == 32 ? 0xffffffffull : ~uint64_t{0};
}

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_FILTER_IR_H_
