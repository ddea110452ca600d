// Evaluate: the meaning of a FilterIR, computed directly from the rules.
// It is the reference every compiled program is checked against.
//
//   uint32_t expected = Evaluate(ir, data);
//   uint32_t actual = bpf::Run(program.insns(), data);
//   CHECK(expected == actual);
#ifndef CORDON_COMPILE_EVALUATE_H_
#define CORDON_COMPILE_EVALUATE_H_

#include <linux/seccomp.h>

#include "cordon/compile/filter_ir.h"

namespace cordon::compile {

// CmpHolds evaluates one comparison on a raw 64-bit argument, using only
// the low 32 bits of both sides when `bits` is 32.
bool CmpHolds(const Cmp& cmp, uint64_t arg, int bits);

// WhenHolds evaluates a DNF condition against the call's arguments.
bool WhenHolds(const std::vector<Clause>& when, const seccomp_data& data, int bits);

// MatchingRule returns the rule that decides `data`, or nullptr when the
// default (or bad-arch) action decides it.
const Rule* MatchingRule(const FilterIR& ir, const seccomp_data& data);

// Evaluate returns the seccomp return value the policy prescribes.
uint32_t Evaluate(const FilterIR& ir, const seccomp_data& data);

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_EVALUATE_H_
