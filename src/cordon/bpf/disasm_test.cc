#include "cordon/bpf/disasm.h"

#include <gtest/gtest.h>

#include "cordon/bpf/action.h"

namespace cordon::bpf {
namespace {

TEST(DisasmTest, NamesFieldsSyscallsAndActions) {
  std::vector<Insn> insns = {
      Insn::Stmt(kLdAbsW, kArchOffset),
      Insn::Jump(kJeqK, arch::kAuditArchX86_64, 1, 0),
      Insn::Stmt(kRetK, kRetKillProcess),
      Insn::Stmt(kLdAbsW, kNrOffset),
      Insn::Jump(kJeqK, 257, 0, 1),
      Insn::Stmt(kRetK, kRetAllow),
      Insn::Stmt(kLdAbsW, ArgHighOffset(2)),
      Insn::Stmt(kRetK, Errno(22)),
  };
  std::string text = Disassemble(insns, &arch::NativeArch());
  EXPECT_NE(text.find("    0  ld   [4]"), std::string::npos) << text;
  EXPECT_NE(text.find("; arch"), std::string::npos);
  EXPECT_NE(text.find("jeq  #0xc000003e ? 3 : 2"), std::string::npos) << text;
  EXPECT_NE(text.find("; x86_64"), std::string::npos) << text;
  EXPECT_NE(text.find("jeq  #0x101 ? 5 : 6"), std::string::npos) << text;
  EXPECT_NE(text.find("; openat"), std::string::npos) << text;
  EXPECT_NE(text.find("; ALLOW"), std::string::npos);
  EXPECT_NE(text.find("; args[2] high"), std::string::npos);
  EXPECT_NE(text.find("; ERRNO(EINVAL)"), std::string::npos);
}

TEST(DisasmTest, NamesSyscallsAfterJumpsThatMerge) {
  // The accumulator holds nr on both paths into instruction 4.
  std::vector<Insn> insns = {
      Insn::Stmt(kLdAbsW, kNrOffset),
      Insn::Jump(kJgeK, 100, 1, 0),
      Insn::Stmt(kRetK, kRetAllow),
      Insn::Stmt(kJa, 0),
      Insn::Jump(kJeqK, 0, 0, 1),
      Insn::Stmt(kRetK, kRetAllow),
      Insn::Stmt(kRetK, kRetKillProcess),
  };
  std::string text = Disassemble(insns, &arch::NativeArch());
  EXPECT_NE(text.find("jeq  #0x0 ? 5 : 6              ; read"), std::string::npos) << text;
}

TEST(DisasmTest, DescribeOffset) {
  EXPECT_EQ(DescribeOffset(0), "nr");
  EXPECT_EQ(DescribeOffset(16), "args[0] low");
  EXPECT_EQ(DescribeOffset(60), "args[5] high");
  EXPECT_EQ(DescribeOffset(8), "instruction_pointer low");
}

}  // namespace
}  // namespace cordon::bpf
