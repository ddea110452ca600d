// Lowering: FilterIR to an instruction Dag.
//
// The program it describes:
//
//     ld  [arch]
//     jeq #AUDIT_ARCH ? check_nr : bad_arch
//   check_nr:
//     ld  [nr]
//     jge #0x40000000 ? foreign : dispatch     (x86_64 only: x32 numbers)
//   dispatch:
//     a tree of jge over merged syscall-number ranges (dispatch.h), whose
//     leaves are RET for unconditional decisions or a rule chain:
//     ld [args[i] high]; jeq #hi ? (ld [args[i] low]; jeq #lo ? T : F) : F
//
// Every comparison is 64-bit on 64-bit arches, split into 32-bit halves;
// an unconditionally allowed syscall's path touches only nr and arch, so the
// kernel's action cache can decide it without running the filter.
#ifndef CORDON_COMPILE_LOWER_H_
#define CORDON_COMPILE_LOWER_H_

#include <vector>

#include "cordon/compile/dag.h"
#include "cordon/compile/filter_ir.h"

namespace cordon::compile {

// LowerCmp emits `cmp` on an arch whose arguments have `bits` bits,
// continuing at `t` when it holds and at `f` otherwise.
NodeId LowerCmp(Dag& dag, const Cmp& cmp, int bits, NodeId t, NodeId f);

// LowerWhen emits a DNF condition.
NodeId LowerWhen(Dag& dag, const std::vector<Clause>& when, int bits, NodeId t, NodeId f);

// LowerRules emits one syscall's rule chain, ending in `fallback`.
NodeId LowerRules(Dag& dag, const std::vector<Rule>& rules, int bits, NodeId fallback);

// SyscallRange is a run of syscall numbers [lo, hi] decided by one node.
struct SyscallRange {
  uint32_t lo;
  uint32_t hi;
  NodeId node;
  uint64_t weight;  // sum of the frequencies of the numbers in the range
};

// LowerRanges emits each syscall's decision and merges neighbouring numbers
// with the same decision into ranges covering [0, limit].
std::vector<SyscallRange> LowerRanges(Dag& dag, const FilterIR& ir, uint32_t limit);

// LowerFilter emits the whole filter (the listing above) and returns its root.
// `dispatch` builds the tree over the ranges (dispatch.h).
NodeId LowerFilter(Dag& dag, const FilterIR& ir, int* tree_depth);

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_LOWER_H_
