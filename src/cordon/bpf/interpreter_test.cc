#include "cordon/bpf/interpreter.h"

#include <gtest/gtest.h>

#include "cordon/arch/arch.h"
#include "cordon/bpf/action.h"
#include "cordon/bpf/program.h"

namespace cordon::bpf {
namespace {

seccomp_data Call(int nr, uint64_t a0 = 0, uint32_t arch = arch::kAuditArchX86_64) {
  seccomp_data d{};
  d.nr = nr;
  d.arch = arch;
  d.args[0] = a0;
  return d;
}

Program Make(std::vector<Insn> insns) {
  Result<Program> p = Program::Create(std::move(insns));
  EXPECT_TRUE(p.ok()) << p.status().message();
  return std::move(*p);
}

TEST(InterpreterTest, LoadsFieldsLittleEndian) {
  Program p = Make({Insn::Stmt(kLdAbsW, ArgHighOffset(0)), Insn::Stmt(kRetA, 0)});
  EXPECT_EQ(bpf::Run(p.insns(), Call(0, 0x1122334455667788ull)), 0x11223344u);
  Program q = Make({Insn::Stmt(kLdAbsW, ArgLowOffset(0)), Insn::Stmt(kRetA, 0)});
  EXPECT_EQ(bpf::Run(q.insns(), Call(0, 0x1122334455667788ull)), 0x55667788u);
  Program r = Make({Insn::Stmt(kLdLen, 0), Insn::Stmt(kRetA, 0)});
  EXPECT_EQ(bpf::Run(r.insns(), Call(0)), 64u);
}

TEST(InterpreterTest, JumpsAndAlu) {
  Program p = Make({
      Insn::Stmt(kLdAbsW, kNrOffset),       // 0
      Insn::Jump(kJgtK, 10, 0, 2),          // 1: nr > 10 ? 2 : 4
      Insn::Stmt(kAndK, 1),                 // 2
      Insn::Stmt(kRetA, 0),                 // 3
      Insn::Stmt(BPF_ALU | BPF_ADD | BPF_K, 100),  // 4
      Insn::Stmt(kRetA, 0),                 // 5
  });
  EXPECT_EQ(bpf::Run(p.insns(), Call(11)), 1u);
  EXPECT_EQ(bpf::Run(p.insns(), Call(12)), 0u);
  EXPECT_EQ(bpf::Run(p.insns(), Call(10)), 110u);
  RunStats stats;
  bpf::Run(p.insns(), Call(10), &stats);
  EXPECT_EQ(stats.executed, 4u);
  EXPECT_FALSE(stats.loaded_args);
}

TEST(InterpreterTest, DivisionByZeroXReturnsZero) {
  Program p = Make({Insn::Stmt(kLdImm, 8), Insn::Stmt(kLdxImm, 0),
                    Insn::Stmt(BPF_ALU | BPF_DIV | BPF_X, 0), Insn::Stmt(kRetK, kRetAllow)});
  EXPECT_EQ(bpf::Run(p.insns(), Call(0)), 0u);  // KILL_THREAD
}

TEST(InterpreterTest, ScratchMemoryAndRegisters) {
  Program p = Make({Insn::Stmt(kLdImm, 5), Insn::Stmt(kSt, 2), Insn::Stmt(kLdImm, 0),
                    Insn::Stmt(kLdxMem, 2), Insn::Stmt(kTxa, 0), Insn::Stmt(kRetA, 0)});
  EXPECT_EQ(bpf::Run(p.insns(), Call(0)), 5u);
}

TEST(InterpreterTest, CacheEmulationFollowsKernelRules) {
  // ld arch; jeq x86_64 ? 2 : 1; ret kill; ld nr; jeq 0 ? ld arg : ret allow
  Program p = Make({
      Insn::Stmt(kLdAbsW, kArchOffset),
      Insn::Jump(kJeqK, arch::kAuditArchX86_64, 1, 0),
      Insn::Stmt(kRetK, kRetKillProcess),
      Insn::Stmt(kLdAbsW, kNrOffset),
      Insn::Jump(kJeqK, 0, 1, 0),
      Insn::Stmt(kRetK, kRetAllow),
      Insn::Stmt(kLdAbsW, ArgLowOffset(0)),
      Insn::Stmt(kRetK, kRetAllow),
  });
  EXPECT_TRUE(IsCachedAllow(p.insns(), arch::kAuditArchX86_64, 1));
  EXPECT_FALSE(IsCachedAllow(p.insns(), arch::kAuditArchX86_64, 0));  // loads an argument
  EXPECT_FALSE(IsCachedAllow(p.insns(), arch::kAuditArchI386, 1));    // killed
  // RET A is never cacheable, even when A is ALLOW.
  Program q = Make({Insn::Stmt(kLdImm, kRetAllow), Insn::Stmt(kRetA, 0)});
  EXPECT_FALSE(IsCachedAllow(q.insns(), arch::kAuditArchX86_64, 1));
  // An errno return is not "allow".
  Program r = Make({Insn::Stmt(kRetK, Errno(1))});
  EXPECT_FALSE(IsCachedAllow(r.insns(), arch::kAuditArchX86_64, 1));
}

}  // namespace
}  // namespace cordon::bpf
