#include "cordon/compile/evaluate.h"

#include <gtest/gtest.h>

namespace cordon::compile {
namespace {

TEST(CmpHoldsTest, OrderingIsUnsigned64Bit) {
  Cmp lt{0, CmpOp::kLt, 10};
  EXPECT_TRUE(CmpHolds(lt, 9, 64));
  EXPECT_FALSE(CmpHolds(lt, 10, 64));
  EXPECT_FALSE(CmpHolds(lt, ~uint64_t{0}, 64));  // -1 is huge, not negative
  EXPECT_FALSE(CmpHolds(lt, 0x100000005ull, 64));  // upper half counts
  EXPECT_TRUE(CmpHolds(lt, 0x100000005ull, 32));   // on a 32-bit arch it does not
}

TEST(CmpHoldsTest, BitOperators) {
  Cmp any{0, CmpOp::kAnyBits, 0x6};
  EXPECT_TRUE(CmpHolds(any, 0x2, 64));
  EXPECT_FALSE(CmpHolds(any, 0x9, 64));
  Cmp in{0, CmpOp::kIn, 0x3};  // only bits 0 and 1
  EXPECT_TRUE(CmpHolds(in, 0x0, 64));
  EXPECT_TRUE(CmpHolds(in, 0x3, 64));
  EXPECT_FALSE(CmpHolds(in, 0x4, 64));
  EXPECT_FALSE(CmpHolds(in, 0x100000000ull, 64));
  Cmp masked{0, CmpOp::kMaskedEq, 0x2, 0xf};
  EXPECT_TRUE(CmpHolds(masked, 0xf2, 64));
  EXPECT_FALSE(CmpHolds(masked, 0x3, 64));
}

TEST(EvaluateTest, ArchX32AndDefault) {
  FilterIR ir;
  ir.arch = &arch::NativeArch();
  ir.default_action = bpf::Errno(1);
  ir.syscalls[1] = {Rule{{{Cmp{0, CmpOp::kEq, 1}}}, bpf::kRetAllow, {}}};
  seccomp_data d{};
  d.arch = ir.arch->audit_arch();
  d.nr = 1;
  d.args[0] = 1;
  EXPECT_EQ(Evaluate(ir, d), bpf::kRetAllow);
  d.args[0] = 0x100000001ull;  // the kernel would truncate this fd to 1: refuse
  EXPECT_EQ(Evaluate(ir, d), bpf::Errno(1));
  d.args[0] = 1;
  d.arch = arch::kAuditArchI386;
  EXPECT_EQ(Evaluate(ir, d), bpf::kRetKillProcess);
  d.arch = ir.arch->audit_arch();
  if (ir.arch->foreign_nr_mask() != 0) {
    d.nr = static_cast<int>(1 | arch::kX32SyscallBit);
    EXPECT_EQ(Evaluate(ir, d), bpf::kRetKillProcess);
    d.nr = -1;
    EXPECT_EQ(Evaluate(ir, d), bpf::Errno(1));
  }
}

TEST(EvaluateTest, FirstMatchingRuleWins) {
  FilterIR ir;
  ir.arch = &arch::NativeArch();
  ir.syscalls[0] = {
      Rule{{{Cmp{0, CmpOp::kEq, 0}}}, bpf::kRetAllow, {"a", 1, 1}},
      Rule{{{Cmp{0, CmpOp::kLt, 10}}}, bpf::Errno(22), {"a", 2, 1}},
      Rule{{}, bpf::kRetTrap, {"a", 3, 1}},
  };
  seccomp_data d{};
  d.arch = ir.arch->audit_arch();
  EXPECT_EQ(Evaluate(ir, d), bpf::kRetAllow);
  d.args[0] = 5;
  EXPECT_EQ(Evaluate(ir, d), bpf::Errno(22));
  EXPECT_EQ(MatchingRule(ir, d)->source.line, 2);
  d.args[0] = 50;
  EXPECT_EQ(Evaluate(ir, d), bpf::kRetTrap);
}

}  // namespace
}  // namespace cordon::compile
