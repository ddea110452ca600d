#include "cordon/compile/verify.h"

#include <algorithm>
#include <array>
#include <unordered_set>
#include <cstdio>
#include <random>
#include <set>

#include "cordon/bpf/action.h"
#include "cordon/bpf/interpreter.h"
#include "cordon/compile/evaluate.h"

namespace cordon::compile {
namespace {

using Args = std::array<uint64_t, kMaxArgs>;
struct ArgsHash {
  size_t operator()(const Args& a) const {
    uint64_t h = 0;
    for (uint64_t v : a) h = (h ^ v) * 0x100000001b3ull + (h >> 31);
    return static_cast<size_t>(h);
  }
};

void AddAround(std::vector<uint64_t>& out, uint64_t v, uint64_t width) {
  for (uint64_t x : {v, v + 1, v - 1}) {
    x &= width;
    out.push_back(x);
    if (width == ~uint64_t{0}) {
      uint64_t lo = x & 0xffffffffull;
      out.push_back(lo);                                      // upper half cleared
      out.push_back(lo | 0xffffffff00000000ull);             // upper half all ones
      out.push_back(lo | 0xdeadbeef00000000ull);             // upper half garbage
      out.push_back(x ^ 0x0000000100000000ull);              // one upper bit flipped
      out.push_back(static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(lo))));
    }
  }
}

// BaseAssignment finds, for each argument, a value making every comparison
// on that argument in `clause` hold, if one of the candidates does.
std::array<uint64_t, kMaxArgs> SatisfyClause(const Clause& clause, int bits) {
  std::array<uint64_t, kMaxArgs> args{};
  for (int a = 0; a < kMaxArgs; ++a) {
    std::vector<uint64_t> candidates = {0};
    for (const Cmp& cmp : clause) {
      if (cmp.arg != a) continue;
      std::vector<uint64_t> more = InterestingValues(cmp, bits);
      candidates.insert(candidates.end(), more.begin(), more.end());
    }
    for (uint64_t c : candidates) {
      bool all = true;
      for (const Cmp& cmp : clause) {
        if (cmp.arg == a && !CmpHolds(cmp, c, bits)) {
          all = false;
          break;
        }
      }
      if (all) {
        args[a] = c;
        break;
      }
    }
  }
  return args;
}

}  // namespace

std::vector<uint64_t> InterestingValues(const Cmp& cmp, int bits) {
  const uint64_t width = bits == 32 ? 0xffffffffull : ~uint64_t{0};
  std::vector<uint64_t> out = {0, width, 0x80000000ull, 0x7fffffffull};
  if (width == ~uint64_t{0}) {
    out.push_back(0xffffffff00000000ull);
    out.push_back(0x8000000000000000ull);
    out.push_back(0x100000000ull);
  }
  AddAround(out, cmp.value, width);
  uint64_t bits_of = cmp.value;
  if (cmp.op == CmpOp::kMaskedEq) {
    bits_of |= cmp.mask;
    AddAround(out, cmp.value | (~cmp.mask & 0x5555555555555555ull), width);
  }
  if (cmp.op == CmpOp::kAnyBits || cmp.op == CmpOp::kIn || cmp.op == CmpOp::kMaskedEq) {
    for (int b = 0; b < 64; ++b) {
      uint64_t bit = uint64_t{1} << b;
      if (!(bits_of & bit) || !(width & bit)) continue;
      out.push_back(bit);
      out.push_back(cmp.value & ~bit & width);
      out.push_back((cmp.value | bit) & width);
    }
    out.push_back(~cmp.value & width);  // every bit outside the constant
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void ForEachInput(const FilterIR& ir, const VerifyOptions& options,
                  const std::function<void(const seccomp_data&)>& fn) {
  const arch::Arch& a = *ir.arch;
  const int bits = a.bits();
  seccomp_data d{};
  d.arch = a.audit_arch();

  // Every number of the table, every number with rules, and the edges.
  std::set<uint32_t> numbers;
  uint32_t max_nr = 0;
  for (const arch::Syscall& s : a.syscalls()) {
    numbers.insert(s.nr);
    max_nr = std::max(max_nr, s.nr);
  }
  for (const auto& [nr, rules] : ir.syscalls) {
    numbers.insert(nr);
    max_nr = std::max(max_nr, nr);
  }
  for (uint32_t nr = max_nr + 1; nr <= max_nr + 16; ++nr) numbers.insert(nr);
  for (uint32_t nr : {0x3fffffffu, 0x40000000u, 0x40000001u, 0x4000003bu, 0x40000101u,
                      0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu}) {
    numbers.insert(nr);
  }
  for (uint32_t nr : numbers) {
    d.nr = static_cast<int>(nr);
    std::fill(std::begin(d.args), std::end(d.args), 0);
    fn(d);
    if (a.foreign_nr_mask() != 0 && nr < a.foreign_nr_mask()) {
      d.nr = static_cast<int>(nr | a.foreign_nr_mask());  // the same call in the foreign ABI
      fn(d);
    }
  }
  // Foreign architectures.
  for (uint32_t other : {arch::kAuditArchI386, arch::kAuditArchX86_64, arch::kAuditArchAarch64,
                         0u, 0xffffffffu}) {
    if (other == a.audit_arch()) continue;
    d.arch = other;
    for (const auto& [nr, rules] : ir.syscalls) {
      d.nr = static_cast<int>(nr);
      fn(d);
    }
    d.nr = 0;
    fn(d);
  }
  d.arch = a.audit_arch();

  // Arguments around each rule's comparisons.
  std::mt19937_64 rng(options.seed);
  for (const auto& [nr, rules] : ir.syscalls) {
    d.nr = static_cast<int>(nr);
    std::array<std::vector<uint64_t>, kMaxArgs> per_arg;
    std::vector<std::array<uint64_t, kMaxArgs>> bases = {{}};
    for (const Rule& rule : rules) {
      for (const Clause& clause : rule.when) {
        bases.push_back(SatisfyClause(clause, bits));
        for (const Cmp& cmp : clause) {
          std::vector<uint64_t> v = InterestingValues(cmp, bits);
          per_arg[cmp.arg].insert(per_arg[cmp.arg].end(), v.begin(), v.end());
        }
      }
    }
    for (auto& v : per_arg) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    }
    // Many clauses differ in one argument only (ioctl: arg1 == A || arg1 == B
    // ...), so varying each base gives the same inputs again: skip repeats.
    std::unordered_set<Args, ArgsHash> seen;
    auto try_args = [&]() {
      Args key;
      std::copy(std::begin(d.args), std::end(d.args), key.begin());
      if (seen.insert(key).second) fn(d);
    };
    for (const auto& base : bases) {
      std::copy(base.begin(), base.end(), std::begin(d.args));
      try_args();
      for (int i = 0; i < kMaxArgs; ++i) {
        for (uint64_t value : per_arg[i]) {
          d.args[i] = value;
          try_args();
        }
        d.args[i] = base[i];
      }
    }
    for (int m = 0; m < options.random_mixes; ++m) {
      for (int i = 0; i < kMaxArgs; ++i) {
        const auto& v = per_arg[i];
        d.args[i] = v.empty() ? rng() : v[rng() % v.size()];
      }
      try_args();
    }
  }
}

std::string DescribeCall(const arch::Arch& arch, const seccomp_data& data) {
  std::string out;
  char buf[64];
  if (data.arch != arch.audit_arch()) {
    snprintf(buf, sizeof(buf), "[arch 0x%08x] ", data.arch);
    out += buf;
  }
  std::string_view name = arch.SyscallName(static_cast<uint32_t>(data.nr));
  if (name.empty()) {
    snprintf(buf, sizeof(buf), "syscall_0x%x", static_cast<uint32_t>(data.nr));
    out += buf;
  } else {
    out += name;
  }
  out += "(";
  for (int i = 0; i < kMaxArgs; ++i) {
    snprintf(buf, sizeof(buf), "%s0x%llx", i == 0 ? "" : ", ",
             static_cast<unsigned long long>(data.args[i]));
    out += buf;
  }
  return out + ")";
}

Status Verify(const FilterIR& ir, std::span<const bpf::Insn> insns, const VerifyOptions& options,
              size_t* cases) {
  size_t count = 0;
  std::string mismatch;
  ForEachInput(ir, options, [&](const seccomp_data& d) {
    ++count;
    if (!mismatch.empty()) return;
    uint32_t expected = Evaluate(ir, d);
    uint32_t actual = bpf::Run(insns, d);
    if (expected != actual) {
      mismatch = "compiled program disagrees with the policy on " + DescribeCall(*ir.arch, d) +
                 ": policy says " + bpf::ActionName(expected) + ", program says " +
                 bpf::ActionName(actual);
    }
  });
  if (cases != nullptr) *cases = count;
  if (!mismatch.empty()) return InternalError(mismatch);
  return OkStatus();
}

}  // namespace cordon::compile
