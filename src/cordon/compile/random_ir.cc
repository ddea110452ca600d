#include "cordon/compile/random_ir.h"

namespace cordon::compile {
namespace {

uint64_t RandomValue(Chooser& c, uint64_t width) {
  static constexpr uint64_t kEdges[] = {
      0, 1, 2, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
      0xffffffff00000000ull, 0x8000000000000000ull, 0x7fffffffffffffffull, ~uint64_t{0},
      0xfffffffffffffffeull, 0x00000001ffffffffull, 0xdeadbeefcafef00dull,
  };
  uint64_t v;
  switch (c.Next(4)) {
    case 0: v = kEdges[c.Next(sizeof(kEdges) / sizeof(kEdges[0]))]; break;
    case 1: v = c.Next(64); break;
    case 2: v = uint64_t{1} << c.Next(64); break;
    default: v = (c.Next(uint64_t{1} << 32) << 32) | c.Next(uint64_t{1} << 32); break;
  }
  return v & width;
}

uint32_t RandomAction(Chooser& c) {
  static constexpr uint32_t kActions[] = {
      bpf::kRetAllow, bpf::kRetKillProcess, bpf::kRetKillThread, bpf::kRetTrap, bpf::kRetLog,
      bpf::kRetTrace, bpf::kRetUserNotif,
  };
  if (c.Next(3) == 0) return bpf::Errno(static_cast<uint32_t>(c.Next(bpf::kMaxErrno + 1)));
  return kActions[c.Next(sizeof(kActions) / sizeof(kActions[0]))];
}

}  // namespace

FilterIR RandomFilterIR(const arch::Arch& arch, Chooser& c, const RandomIrOptions& o) {
  FilterIR ir;
  ir.arch = &arch;
  ir.default_action = c.Next(4) == 0 ? bpf::kRetAllow : RandomAction(c);
  const uint64_t width = ArgMask(arch);
  const auto& table = arch.syscalls();
  const int n = 1 + static_cast<int>(c.Next(static_cast<uint64_t>(o.max_syscalls)));
  for (int i = 0; i < n; ++i) {
    uint32_t nr;
    if (table.empty() || c.Next(10) == 0) {
      nr = static_cast<uint32_t>(c.Next(1024));
    } else {
      nr = table[c.Next(table.size())].nr;
    }
    std::vector<Rule>& rules = ir.syscalls[nr];
    rules.clear();
    const int nrules = static_cast<int>(c.Next(static_cast<uint64_t>(o.max_rules) + 1));
    for (int r = 0; r < nrules; ++r) {
      Rule rule;
      rule.action = RandomAction(c);
      const bool last = r + 1 == nrules;
      // Only the last rule may be unconditional.
      const int nclauses = last && c.Next(2) == 0 ? 0 : 1 + static_cast<int>(c.Next(static_cast<uint64_t>(o.max_clauses)));
      for (int k = 0; k < nclauses; ++k) {
        Clause clause;
        const int ncmps = 1 + static_cast<int>(c.Next(static_cast<uint64_t>(o.max_cmps)));
        for (int m = 0; m < ncmps; ++m) {
          Cmp cmp;
          cmp.arg = static_cast<int>(c.Next(kMaxArgs));
          cmp.op = static_cast<CmpOp>(c.Next(9));
          cmp.value = RandomValue(c, width);
          if (cmp.op == CmpOp::kMaskedEq) {
            cmp.mask = RandomValue(c, width);
            if (c.Next(2) == 0) cmp.value &= cmp.mask;  // usually satisfiable
          }
          clause.push_back(cmp);
        }
        rule.when.push_back(std::move(clause));
      }
      rules.push_back(std::move(rule));
    }
    if (c.Next(3) == 0) ir.frequency[nr] = c.Next(1000000);
  }
  return ir;
}

}  // namespace cordon::compile
