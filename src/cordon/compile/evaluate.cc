#include "cordon/compile/evaluate.h"

namespace cordon::compile {

const char* CmpOpName(CmpOp op) {
  switch (op) {
    case CmpOp::kEq: return "==";
    case CmpOp::kNe: return "!=";
    case CmpOp::kLt: return "<";
    case CmpOp::kLe: return "<=";
    case CmpOp::kGt: return ">";
    case CmpOp::kGe: return ">=";
    case CmpOp::kAnyBits: return "&";
    case CmpOp::kIn: return "in";
    case CmpOp::kMaskedEq: return "&=";
  }
  return "?";
}

bool CmpHolds(const Cmp& cmp, uint64_t arg, int bits) {
  const uint64_t width = bits == 32 ? 0xffffffffull : ~uint64_t{0};
  const uint64_t a = arg & width;
  const uint64_t v = cmp.value & width;
  switch (cmp.op) {
    case CmpOp::kEq: return a == v;
    case CmpOp::kNe: return a != v;
    case CmpOp::kLt: return a < v;
    case CmpOp::kLe: return a <= v;
    case CmpOp::kGt: return a > v;
    case CmpOp::kGe: return a >= v;
    case CmpOp::kAnyBits: return (a & v) != 0;
    case CmpOp::kIn: return (a & ~v & width) == 0;
    case CmpOp::kMaskedEq: return (a & cmp.mask & width) == v;
  }
  return false;
}

bool WhenHolds(const std::vector<Clause>& when, const seccomp_data& data, int bits) {
  if (when.empty()) return true;
  for (const Clause& clause : when) {
    bool all = true;
    for (const Cmp& cmp : clause) {
      if (!CmpHolds(cmp, data.args[cmp.arg], bits)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

const Rule* MatchingRule(const FilterIR& ir, const seccomp_data& data) {
  if (data.arch != ir.arch->audit_arch()) return nullptr;
  const uint32_t nr = static_cast<uint32_t>(data.nr);
  auto it = ir.syscalls.find(nr);
  if (it == ir.syscalls.end()) return nullptr;
  for (const Rule& rule : it->second) {
    if (WhenHolds(rule.when, data, ir.arch->bits())) return &rule;
  }
  return nullptr;
}

uint32_t Evaluate(const FilterIR& ir, const seccomp_data& data) {
  if (data.arch != ir.arch->audit_arch()) return ir.bad_arch_action;
  const uint32_t nr = static_cast<uint32_t>(data.nr);
  const uint32_t foreign = ir.arch->foreign_nr_mask();
  // A foreign ABI's numbers are refused; -1 (a tracer skipping the call)
  // goes to the default action, as it would if no filter looked at it.
  if (foreign != 0 && nr >= foreign) {
    return nr == 0xffffffffu ? ir.default_action : ir.bad_arch_action;
  }
  const Rule* rule = MatchingRule(ir, data);
  return rule != nullptr ? rule->action : ir.default_action;
}

}  // namespace cordon::compile
