#include "cordon/compile/dispatch.h"

#include <algorithm>

namespace cordon::compile {
namespace {

// Balanced splits [i, j) at the middle range: depth is ceil(log2(#ranges)).
NodeId Balanced(Dag& dag, const std::vector<SyscallRange>& r, size_t i, size_t j, int* depth) {
  if (j - i == 1) {
    *depth = 0;
    return r[i].node;
  }
  size_t mid = i + (j - i) / 2;
  int left_depth = 0;
  int right_depth = 0;
  NodeId right = Balanced(dag, r, mid, j, &right_depth);
  NodeId left = Balanced(dag, r, i, mid, &left_depth);
  *depth = 1 + std::max(left_depth, right_depth);
  return dag.Jump(bpf::kJgeK, r[mid].lo, right, left);
}

}  // namespace

NodeId BuildDispatch(Dag& dag, const std::vector<SyscallRange>& ranges, int* depth) {
  int d = 0;
  NodeId root = Balanced(dag, ranges, 0, ranges.size(), &d);
  if (depth != nullptr) *depth = d;
  return root;
}

}  // namespace cordon::compile
