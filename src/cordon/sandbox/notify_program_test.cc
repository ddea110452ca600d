#include "cordon/sandbox/notify_program.h"

#include <gtest/gtest.h>

#include <random>

#include "cordon/arch/arch.h"
#include "cordon/bpf/action.h"
#include "cordon/bpf/insn.h"
#include "cordon/bpf/interpreter.h"

namespace cordon::sandbox {
namespace {

using bpf::Insn;

// A hand-written filter with every kind of return: read allowed, write
// ERRNO(EPERM), getpid TRAP, openat LOG when arg0 == 3 else KILL_THREAD,
// everything else KILL_PROCESS, other arches KILL_PROCESS.
bpf::Program Sample() {
  const uint32_t arch = arch::NativeArch().audit_arch();
  return bpf::Program::Create({
                                  Insn::Stmt(bpf::kLdAbsW, bpf::kArchOffset),
                                  Insn::Jump(bpf::kJeqK, arch, 1, 0),
                                  Insn::Stmt(bpf::kRetK, bpf::kRetKillProcess),
                                  Insn::Stmt(bpf::kLdAbsW, bpf::kNrOffset),
                                  Insn::Jump(bpf::kJeqK, 0, 0, 1),
                                  Insn::Stmt(bpf::kRetK, bpf::kRetAllow),
                                  Insn::Jump(bpf::kJeqK, 1, 0, 1),
                                  Insn::Stmt(bpf::kRetK, bpf::Errno(EPERM)),
                                  Insn::Jump(bpf::kJeqK, 39, 0, 1),
                                  Insn::Stmt(bpf::kRetK, bpf::kRetTrap),
                                  Insn::Jump(bpf::kJeqK, 257, 0, 4),
                                  Insn::Stmt(bpf::kLdAbsW, bpf::ArgLowOffset(0)),
                                  Insn::Jump(bpf::kJeqK, 3, 0, 1),
                                  Insn::Stmt(bpf::kRetK, bpf::kRetLog),
                                  Insn::Stmt(bpf::kRetK, bpf::kRetKillThread),
                                  Insn::Stmt(bpf::kRetK, bpf::kRetKillProcess),
                              })
      .value();
}

TEST(NotifyProgramTest, BlockingReturnsBecomeNotifications) {
  bpf::Program original = Sample();
  Result<bpf::Program> rewritten = NotifyOnBlock(original);
  ASSERT_TRUE(rewritten.ok()) << rewritten.status().message();
  std::mt19937_64 rng(42);
  const uint32_t arch = arch::NativeArch().audit_arch();
  int notified = 0;
  for (uint32_t nr = 0; nr < 600; ++nr) {
    for (int round = 0; round < 8; ++round) {
      seccomp_data d{};
      d.nr = static_cast<int>(nr);
      d.arch = round == 7 ? arch::kAuditArchI386 : arch;
      for (auto& a : d.args) a = round < 2 ? static_cast<uint64_t>(round + 2) : rng();
      uint32_t want = bpf::Run(original.insns(), d);
      uint32_t got = bpf::Run(rewritten->insns(), d);
      if (IsBlockingAction(want)) {
        EXPECT_EQ(got, bpf::kRetUserNotif) << nr;
        ++notified;
      } else {
        EXPECT_EQ(got, want) << nr;
      }
    }
  }
  EXPECT_GT(notified, 0);
  // TRAP, LOG and ALLOW stay with the kernel.
  seccomp_data trap{};
  trap.nr = 39;
  trap.arch = arch;
  EXPECT_EQ(bpf::Run(rewritten->insns(), trap), bpf::kRetTrap);
  EXPECT_TRUE(CheckNotifyRewrite(original, *rewritten).ok());
  EXPECT_FALSE(CheckNotifyRewrite(*rewritten, original).ok());
}

TEST(NotifyProgramTest, AccumulatorReturnsAreRefused) {
  bpf::Program ret_a =
      bpf::Program::Create({Insn::Stmt(bpf::kLdImm, bpf::kRetAllow), Insn::Stmt(bpf::kRetA, 0)})
          .value();
  EXPECT_EQ(NotifyOnBlock(ret_a).status().code(), Code::kInvalidInput);
}

}  // namespace
}  // namespace cordon::sandbox
