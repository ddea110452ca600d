#include "cordon/compile/compiler.h"

#include <gtest/gtest.h>

#include "cordon/bpf/interpreter.h"
#include "cordon/compile/evaluate.h"
#include "cordon/compile/random_ir.h"

namespace cordon::compile {
namespace {

const arch::Arch& X86_64() { return *arch::FindArch("x86_64"); }

TEST(CompilerTest, AllowListShape) {
  FilterIR ir;
  ir.arch = &X86_64();
  for (uint32_t nr : {0u, 1u, 3u, 60u, 231u}) ir.syscalls[nr] = {Rule{}};
  CompileStats stats;
  Result<bpf::Program> p = Compile(ir, {}, &stats);
  ASSERT_TRUE(p.ok()) << p.status().message();
  // arch check (3) + nr load + x32 check (2) + tree + 2 returns: small.
  EXPECT_LE(p->size(), 20u);
  EXPECT_EQ(stats.always_allowed, 5u);
  EXPECT_EQ(stats.cached_syscalls, 5u);
  EXPECT_GT(stats.verified_cases, 300u);
}

TEST(CompilerTest, UpperHalfOfAnArgumentIsChecked) {
  FilterIR ir;
  ir.arch = &X86_64();
  ir.syscalls[1] = {Rule{{{Cmp{0, CmpOp::kEq, 1}}}, bpf::kRetAllow, {}}};
  bpf::Program p = *Compile(ir);
  seccomp_data d{};
  d.arch = ir.arch->audit_arch();
  d.nr = 1;
  d.args[0] = 1;
  EXPECT_EQ(bpf::Run(p.insns(), d), bpf::kRetAllow);
  d.args[0] = 0x100000001ull;
  EXPECT_EQ(bpf::Run(p.insns(), d), bpf::kRetKillProcess);
}

TEST(CompilerTest, X32NumbersAreRefusedInDenylists) {
  FilterIR ir;
  ir.arch = &X86_64();
  ir.default_action = bpf::kRetAllow;
  ir.syscalls[321] = {Rule{{}, bpf::Errno(1), {}}};  // bpf
  bpf::Program p = *Compile(ir);
  seccomp_data d{};
  d.arch = ir.arch->audit_arch();
  d.nr = 0;
  EXPECT_EQ(bpf::Run(p.insns(), d), bpf::kRetAllow);
  d.nr = static_cast<int>(arch::kX32SyscallBit | 0);
  EXPECT_EQ(bpf::Run(p.insns(), d), bpf::kRetKillProcess);
  d.nr = static_cast<int>(arch::kX32SyscallBit | 321);
  EXPECT_EQ(bpf::Run(p.insns(), d), bpf::kRetKillProcess);
}

TEST(CompilerTest, TooManyInstructionsIsAClearError) {
  FilterIR ir;
  ir.arch = &X86_64();
  for (uint32_t nr = 0; nr < 300; ++nr) {
    std::vector<Clause> when;
    for (uint64_t v = 0; v < 6; ++v) when.push_back({Cmp{0, CmpOp::kEq, nr * 100 + v}});
    ir.syscalls[nr] = {Rule{when, bpf::kRetAllow, {}}};
  }
  Result<bpf::Program> p = Compile(ir);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Code::kLimit);
}

// The differential test: random policies over every CmpOp and action,
// compiled and run in the interpreter, must match the reference evaluator
// on every input verify.h generates, and every always-allowed syscall must
// be one the kernel caches.
void Differential(const arch::Arch& arch, uint64_t seeds) {
  size_t cases = 0;
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    SeededChooser choose(seed);
    FilterIR ir = RandomFilterIR(arch, choose);
    CompileStats stats;
    Result<bpf::Program> p = Compile(ir, {}, &stats);
    ASSERT_TRUE(p.ok()) << "seed " << seed << ": " << p.status().message();
    cases += stats.verified_cases;
    for (const arch::Syscall& s : arch.syscalls()) {
      const bool cached = bpf::IsCachedAllow(p->insns(), arch.audit_arch(), s.nr);
      // Every always-allowed syscall is cached. A syscall may be cached
      // beyond that only when its conditions cannot change the outcome
      // (e.g. `arg0 & 0` never holds), which the interpreter run confirms.
      if (AlwaysAllowed(ir, s.nr)) {
        ASSERT_TRUE(cached) << "seed " << seed << " syscall " << s.name;
      }
      if (cached) {
        seccomp_data d{};
        d.arch = arch.audit_arch();
        d.nr = static_cast<int>(s.nr);
        for (uint64_t v : {uint64_t{0}, ~uint64_t{0}, uint64_t{0x80000000}}) {
          std::fill(std::begin(d.args), std::end(d.args), v);
          ASSERT_EQ(Evaluate(ir, d), bpf::kRetAllow) << "seed " << seed << " syscall " << s.name;
        }
      }
    }
  }
  ::testing::Test::RecordProperty("cases", std::to_string(cases));
  EXPECT_GT(cases, seeds * 500);
}

TEST(CompilerTest, DifferentialRandomX86_64) { Differential(X86_64(), 300); }
TEST(CompilerTest, DifferentialRandomI386) { Differential(*arch::FindArch("i386"), 150); }
TEST(CompilerTest, DifferentialRandomAarch64) { Differential(*arch::FindArch("aarch64"), 100); }

}  // namespace
}  // namespace cordon::compile
