#include "cordon/compile/lower.h"

#include "cordon/compile/dispatch.h"

namespace cordon::compile {
namespace {

using bpf::ArgHighOffset;
using bpf::ArgLowOffset;

constexpr uint32_t Hi(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
constexpr uint32_t Lo(uint64_t v) { return static_cast<uint32_t>(v); }

// HalfEq: (half & mask) == value for one 32-bit half at `offset`.
NodeId HalfMaskedEq(Dag& dag, uint32_t offset, uint32_t mask, uint32_t value, NodeId t, NodeId f) {
  if ((value & ~mask) != 0) return f;  // can never match
  if (mask == 0) return t;             // 0 == 0
  NodeId test = dag.Jump(bpf::kJeqK, value, t, f);
  if (mask != 0xffffffffu) test = dag.And(mask, test);
  return dag.Load(offset, test);
}

// Ordered: a > v (or a >= v when `or_equal`) over 64 bits: the high halves
// decide unless equal, then the low halves.
NodeId Ordered(Dag& dag, int arg, uint64_t v, bool or_equal, int bits, NodeId t, NodeId f) {
  uint16_t low_op = or_equal ? bpf::kJgeK : bpf::kJgtK;
  NodeId low = dag.Load(ArgLowOffset(arg), dag.Jump(low_op, Lo(v), t, f));
  if (bits == 32) return low;
  NodeId high_eq = dag.Jump(bpf::kJeqK, Hi(v), low, f);
  return dag.Load(ArgHighOffset(arg), dag.Jump(bpf::kJgtK, Hi(v), t, high_eq));
}

// AnyBits: (a & m) != 0.
NodeId AnyBits(Dag& dag, int arg, uint64_t m, int bits, NodeId t, NodeId f) {
  NodeId low = Lo(m) != 0 ? dag.Load(ArgLowOffset(arg), dag.Jump(bpf::kJsetK, Lo(m), t, f)) : f;
  if (bits == 32 || Hi(m) == 0) return low;
  return dag.Load(ArgHighOffset(arg), dag.Jump(bpf::kJsetK, Hi(m), t, low));
}

}  // namespace

NodeId LowerCmp(Dag& dag, const Cmp& cmp, int bits, NodeId t, NodeId f) {
  const uint64_t width = bits == 32 ? 0xffffffffull : ~uint64_t{0};
  const uint64_t v = cmp.value & width;
  const int a = cmp.arg;
  switch (cmp.op) {
    case CmpOp::kEq:
    case CmpOp::kNe:
    case CmpOp::kMaskedEq: {
      if (cmp.op == CmpOp::kNe) std::swap(t, f);
      const uint64_t m = cmp.op == CmpOp::kMaskedEq ? cmp.mask & width : width;
      NodeId low = HalfMaskedEq(dag, ArgLowOffset(a), Lo(m), Lo(v), t, f);
      if (bits == 32) return low;
      return HalfMaskedEq(dag, ArgHighOffset(a), Hi(m), Hi(v), low, f);
    }
    case CmpOp::kGt: return Ordered(dag, a, v, /*or_equal=*/false, bits, t, f);
    case CmpOp::kGe: return Ordered(dag, a, v, /*or_equal=*/true, bits, t, f);
    case CmpOp::kLe: return Ordered(dag, a, v, /*or_equal=*/false, bits, f, t);
    case CmpOp::kLt: return Ordered(dag, a, v, /*or_equal=*/true, bits, f, t);
    case CmpOp::kAnyBits: return AnyBits(dag, a, v, bits, t, f);
    case CmpOp::kIn: return AnyBits(dag, a, ~v & width, bits, f, t);
  }
  return f;
}

NodeId LowerWhen(Dag& dag, const std::vector<Clause>& when, int bits, NodeId t, NodeId f) {
  if (when.empty()) return t;
  NodeId next_clause = f;
  for (auto clause = when.rbegin(); clause != when.rend(); ++clause) {
    NodeId node = t;
    for (auto cmp = clause->rbegin(); cmp != clause->rend(); ++cmp) {
      node = LowerCmp(dag, *cmp, bits, node, next_clause);
    }
    next_clause = node;
  }
  return next_clause;
}

NodeId LowerRules(Dag& dag, const std::vector<Rule>& rules, int bits, NodeId fallback) {
  NodeId node = fallback;
  for (auto rule = rules.rbegin(); rule != rules.rend(); ++rule) {
    node = LowerWhen(dag, rule->when, bits, dag.Ret(rule->action), node);
  }
  return node;
}

std::vector<SyscallRange> LowerRanges(Dag& dag, const FilterIR& ir, uint32_t limit) {
  const NodeId fallback = dag.Ret(ir.default_action);
  const int bits = ir.arch->bits();
  std::vector<SyscallRange> ranges;
  auto append = [&](uint32_t lo, uint32_t hi, NodeId node, uint64_t weight) {
    if (!ranges.empty() && ranges.back().node == node && ranges.back().hi + 1 == lo) {
      ranges.back().hi = hi;
      ranges.back().weight += weight;
    } else {
      ranges.push_back({lo, hi, node, weight});
    }
  };
  uint32_t next = 0;  // first number not yet covered
  bool done = false;
  for (const auto& [nr, rules] : ir.syscalls) {
    if (nr > limit) break;
    if (nr > next) append(next, nr - 1, fallback, 0);
    auto freq = ir.frequency.find(nr);
    append(nr, nr, LowerRules(dag, rules, bits, fallback), freq == ir.frequency.end() ? 1 : freq->second);
    if (nr == limit) {
      done = true;
      break;
    }
    next = nr + 1;
  }
  if (!done) append(next, limit, fallback, 0);
  return ranges;
}

NodeId LowerFilter(Dag& dag, const FilterIR& ir, int* tree_depth) {
  const uint32_t foreign = ir.arch->foreign_nr_mask();
  const uint32_t limit = foreign != 0 ? foreign - 1 : 0xffffffffu;
  std::vector<SyscallRange> ranges = LowerRanges(dag, ir, limit);
  NodeId dispatch = BuildDispatch(dag, ranges, tree_depth);
  NodeId bad_arch = dag.Ret(ir.bad_arch_action);
  if (foreign != 0) {
    // -1 is what a tracer writes to skip a call; let the default decide it.
    NodeId foreign_node = dag.Jump(bpf::kJeqK, 0xffffffffu, dag.Ret(ir.default_action), bad_arch);
    dispatch = dag.Jump(bpf::kJgeK, foreign, foreign_node, dispatch);
  }
  NodeId check_nr = dag.Load(bpf::kNrOffset, dispatch);
  return dag.Load(bpf::kArchOffset,
                  dag.Jump(bpf::kJeqK, ir.arch->audit_arch(), check_nr, bad_arch));
}

}  // namespace cordon::compile
