// Dispatch: the decision tree that routes a syscall number to its decision.
//
// Input: ranges [lo, hi] covering every number, neighbours with the same
// decision already merged. Output: a tree of `jge #boundary` jumps whose
// leaves are the ranges' nodes. Every test is a constant comparison on nr,
// so the kernel's action cache can follow it.
//
//   ranges {[0,0] read-rules, [1,1] ALLOW, [2,max] KILL}
//   ->  jge #2 ? KILL : (jge #1 ? ALLOW : read-rules)
#ifndef CORDON_COMPILE_DISPATCH_H_
#define CORDON_COMPILE_DISPATCH_H_

#include <vector>

#include "cordon/compile/dag.h"
#include "cordon/compile/lower.h"

namespace cordon::compile {

// BuildDispatch returns the tree's root and stores its depth (the most jumps
// on one path) in *depth when non-null. `ranges` must be sorted, contiguous
// and non-empty.
NodeId BuildDispatch(Dag& dag, const std::vector<SyscallRange>& ranges, int* depth);

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_DISPATCH_H_
