#include "cordon/bpf/program.h"

#include <gtest/gtest.h>

#include "cordon/bpf/action.h"

namespace cordon::bpf {
namespace {

Insn Ret(uint32_t k) { return Insn::Stmt(kRetK, k); }

TEST(ProgramTest, AcceptsMinimalProgram) {
  Result<Program> p = Program::Create({Ret(kRetAllow)});
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->size(), 1u);
}

TEST(ProgramTest, RejectsEmptyAndOversized) {
  EXPECT_EQ(Program::Create({}).status().code(), Code::kInvalidInput);
  std::vector<Insn> big(kMaxInsns + 1, Ret(kRetAllow));
  Result<Program> p = Program::Create(big);
  EXPECT_EQ(p.status().code(), Code::kLimit);
  EXPECT_NE(p.status().message().find("at most 4096"), std::string::npos);
  big.pop_back();
  EXPECT_TRUE(Program::Create(big).ok());
}

TEST(ProgramTest, RejectsLoadsOutsideSeccompData) {
  EXPECT_TRUE(Program::Create({Insn::Stmt(kLdAbsW, 60), Ret(kRetAllow)}).ok());
  EXPECT_FALSE(Program::Create({Insn::Stmt(kLdAbsW, 64), Ret(kRetAllow)}).ok());
  EXPECT_FALSE(Program::Create({Insn::Stmt(kLdAbsW, 2), Ret(kRetAllow)}).ok());
  // Byte and half-word loads are not allowed in seccomp filters.
  EXPECT_FALSE(Program::Create({Insn::Stmt(BPF_LD | BPF_B | BPF_ABS, 0), Ret(kRetAllow)}).ok());
  EXPECT_FALSE(Program::Create({Insn::Stmt(BPF_LD | BPF_W | BPF_IND, 0), Ret(kRetAllow)}).ok());
}

TEST(ProgramTest, RejectsBadJumps) {
  // jt points past the end.
  EXPECT_FALSE(Program::Create({Insn::Jump(kJeqK, 0, 1, 0), Ret(kRetAllow)}).ok());
  EXPECT_TRUE(Program::Create({Insn::Jump(kJeqK, 0, 1, 0), Ret(kRetAllow), Ret(0)}).ok());
  EXPECT_FALSE(Program::Create({Insn::Stmt(kJa, 1), Ret(kRetAllow)}).ok());
  EXPECT_TRUE(Program::Create({Insn::Stmt(kJa, 1), Ret(0), Ret(kRetAllow)}).ok());
  EXPECT_FALSE(Program::Create({Insn::Stmt(kJa, 0xffffffffu), Ret(kRetAllow)}).ok());
}

TEST(ProgramTest, RequiresFinalReturn) {
  Result<Program> p = Program::Create({Ret(kRetAllow), Insn::Stmt(kLdImm, 1)});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("last instruction"), std::string::npos);
  EXPECT_TRUE(Program::Create({Insn::Stmt(kLdImm, kRetAllow), Insn::Stmt(kRetA, 0)}).ok());
}

TEST(ProgramTest, RejectsArithmeticTraps) {
  EXPECT_FALSE(Program::Create({Insn::Stmt(BPF_ALU | BPF_DIV | BPF_K, 0), Ret(0)}).ok());
  EXPECT_FALSE(Program::Create({Insn::Stmt(BPF_ALU | BPF_LSH | BPF_K, 32), Ret(0)}).ok());
  EXPECT_TRUE(Program::Create({Insn::Stmt(BPF_ALU | BPF_LSH | BPF_K, 31), Ret(0)}).ok());
  // MOD is not on seccomp's list.
  EXPECT_FALSE(Program::Create({Insn::Stmt(BPF_ALU | BPF_MOD | BPF_K, 3), Ret(0)}).ok());
}

TEST(ProgramTest, ScratchMemoryMustBeWrittenOnEveryPath) {
  EXPECT_FALSE(Program::Create({Insn::Stmt(kLdMem, 0), Ret(0)}).ok());
  EXPECT_TRUE(Program::Create({Insn::Stmt(kSt, 0), Insn::Stmt(kLdMem, 0), Ret(0)}).ok());
  EXPECT_FALSE(Program::Create({Insn::Stmt(kSt, 16), Ret(0)}).ok());
  // Written on the true path only: rejected, as the kernel does.
  EXPECT_FALSE(Program::Create({
                   Insn::Jump(kJeqK, 0, 0, 1),
                   Insn::Stmt(kSt, 3),
                   Insn::Stmt(kLdMem, 3),
                   Ret(0),
               })
                   .ok());
  // Written before the branch: accepted.
  EXPECT_TRUE(Program::Create({
                  Insn::Stmt(kSt, 3),
                  Insn::Jump(kJeqK, 0, 0, 1),
                  Insn::Stmt(kLdxImm, 1),
                  Insn::Stmt(kLdMem, 3),
                  Ret(0),
              })
                  .ok());
}

TEST(ProgramTest, EncodeDecodeRoundTrip) {
  Program p = *Program::Create({Insn::Stmt(kLdAbsW, kNrOffset), Insn::Jump(kJeqK, 60, 0, 1),
                                Ret(kRetAllow), Ret(kRetKillProcess)});
  std::string bytes = p.Encode();
  EXPECT_EQ(bytes.size(), 4 * 8u);
  Result<Program> q = Program::Decode(bytes);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(std::equal(p.insns().begin(), p.insns().end(), q->insns().begin(), q->insns().end()));
  EXPECT_EQ(Program::Decode(bytes.substr(1)).status().code(), Code::kInvalidInput);
  sock_fprog f = p.fprog();
  EXPECT_EQ(f.len, 4);
}

TEST(ActionTest, NamesAndParsesActions) {
  EXPECT_EQ(ActionName(kRetAllow), "ALLOW");
  EXPECT_EQ(ActionName(Errno(22)), "ERRNO(EINVAL)");
  EXPECT_EQ(ActionName(Errno(0)), "ERRNO(0)");
  EXPECT_EQ(ActionName(kRetKillProcess), "KILL_PROCESS");
  EXPECT_EQ(ActionName(kRetKillThread), "KILL_THREAD");
  EXPECT_EQ(ActionName(kRetTrace | 7), "TRACE(7)");
  EXPECT_EQ(ActionName(0x12340000), "UNKNOWN(0x12340000)");
  EXPECT_EQ(ParseActionName("errno(EPERM)"), Errno(1));
  EXPECT_EQ(ParseActionName("ERRNO(22)"), Errno(22));
  EXPECT_EQ(ParseActionName("allow"), kRetAllow);
  EXPECT_EQ(ParseActionName("ERRNO(4096)"), std::nullopt);
  EXPECT_EQ(ParseActionName("nope"), std::nullopt);
}

TEST(ActionTest, PrecedenceMatchesKernel) {
  EXPECT_LT(Precedence(kRetKillProcess), Precedence(kRetKillThread));
  EXPECT_LT(Precedence(kRetKillThread), Precedence(kRetTrap));
  EXPECT_LT(Precedence(kRetTrap), Precedence(Errno(1)));
  EXPECT_LT(Precedence(Errno(4095)), Precedence(kRetUserNotif));
  EXPECT_LT(Precedence(kRetUserNotif), Precedence(kRetTrace));
  EXPECT_LT(Precedence(kRetTrace), Precedence(kRetLog));
  EXPECT_LT(Precedence(kRetLog), Precedence(kRetAllow));
}

}  // namespace
}  // namespace cordon::bpf
