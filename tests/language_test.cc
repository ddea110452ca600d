// The policy language end to end: tests/data/policies/lang uses every
// construct; each line's meaning is checked through the reference
// evaluator and through the compiled program in the interpreter.
#include <gtest/gtest.h>

#include "cordon/bpf/interpreter.h"
#include "cordon/compile/compiler.h"
#include "cordon/compile/evaluate.h"
#include "cordon/policy/resolver.h"
#include "testing/run_command.h"

namespace cordon {
namespace {

class LanguageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy::PolicyOptions options;
    options.arch = arch::FindArch("x86_64");
    policy::Diagnostics diags(&sources_);
    Result<compile::FilterIR> ir = policy::LoadPolicy(
        testing::SourcePath("tests/data/policies/lang/main.policy"), options, sources_, diags);
    ASSERT_TRUE(ir.ok()) << diags.RenderAll();
    ir_ = std::move(*ir);
    Result<bpf::Program> p = compile::Compile(ir_);
    ASSERT_TRUE(p.ok()) << p.status().message();
    program_ = std::move(*p);
  }

  // Decide asks both the policy and the program and insists they agree.
  uint32_t Decide(const char* name, std::initializer_list<uint64_t> args = {}) {
    seccomp_data d{};
    d.arch = ir_.arch->audit_arch();
    d.nr = static_cast<int>(*ir_.arch->SyscallNumber(name));
    int i = 0;
    for (uint64_t a : args) d.args[i++] = a;
    uint32_t expected = compile::Evaluate(ir_, d);
    EXPECT_EQ(bpf::Run(program_->insns(), d), expected) << name;
    return expected;
  }

  policy::SourceManager sources_;
  compile::FilterIR ir_;
  std::optional<bpf::Program> program_;
};

TEST_F(LanguageTest, IncludesAndGroups) {
  EXPECT_EQ(Decide("exit_group"), bpf::kRetAllow);  // nested include
  EXPECT_EQ(Decide("read", {0}), bpf::kRetAllow);
  EXPECT_EQ(Decide("read", {3}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("write", {2}), bpf::kRetAllow);
  EXPECT_EQ(Decide("getppid"), bpf::kRetAllow);
  EXPECT_EQ(Decide("kill"), bpf::kRetAllow);  // a syscall named like an action
  EXPECT_EQ(Decide("execve"), bpf::kRetKillProcess);  // @default
}

TEST_F(LanguageTest, ValuesAndOperators) {
  EXPECT_EQ(Decide("openat", {0, 0, 0x80000}), bpf::kRetAllow);  // O_RDONLY|O_CLOEXEC
  EXPECT_EQ(Decide("openat", {0, 0, 0}), bpf::kRetAllow);
  EXPECT_EQ(Decide("openat", {0, 0, 2}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("socket", {1}), bpf::kRetAllow);
  EXPECT_EQ(Decide("socket", {2}), bpf::Errno(1));
  EXPECT_EQ(Decide("lseek", {3, 0, 2}), bpf::kRetAllow);
  EXPECT_EQ(Decide("lseek", {~uint64_t{0}, 0, 0}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("lseek", {3, 0, 3}), bpf::kRetKillProcess);  // SEEK_DATA > SEEK_END
  EXPECT_EQ(Decide("dup", {0xf}), bpf::kRetAllow);
  EXPECT_EQ(Decide("dup", {0x10}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("dup", {65}), bpf::kRetAllow);             // >= 0100 && > 64
  EXPECT_EQ(Decide("mprotect", {0, 0, 4}), bpf::kRetAllow);   // has PROT_EXEC
  EXPECT_EQ(Decide("mprotect", {0, 0, 1}), bpf::Errno(13));
  EXPECT_EQ(Decide("mmap", {0, 0, 1, 0}), bpf::kRetAllow);    // read only
  EXPECT_EQ(Decide("mmap", {0, 0, 3, 2}), bpf::kRetAllow);    // RW, MAP_PRIVATE
  EXPECT_EQ(Decide("mmap", {0, 0, 3, 1}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("mmap", {0, 0, 5, 2}), bpf::kRetKillProcess);
}

TEST_F(LanguageTest, BraceListsMetadataContinuationsActions) {
  EXPECT_EQ(Decide("ioctl", {0, 0x5401}), bpf::kRetAllow);
  EXPECT_EQ(Decide("ioctl", {0, 0x541b}), bpf::kRetAllow);
  EXPECT_EQ(Decide("ioctl", {0, 0x5412}), bpf::Errno(25));
  EXPECT_EQ(Decide("open"), bpf::Errno(2));
  EXPECT_EQ(Decide("clock_nanosleep"), bpf::kRetKillProcess);  // aarch64-only line
  EXPECT_EQ(Decide("fcntl", {0, 3}), bpf::kRetAllow);          // F_GETFL, continued line
  EXPECT_EQ(Decide("fcntl", {0, 4}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("sched_yield"), bpf::kRetLog);
  EXPECT_EQ(Decide("getuid"), bpf::kRetTrap);
  EXPECT_EQ(Decide("getgid"), bpf::kRetTrace);
  EXPECT_EQ(Decide("geteuid"), bpf::kRetUserNotif);
  EXPECT_EQ(Decide("getegid"), bpf::kRetKillThread);
  EXPECT_EQ(Decide("setuid"), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("setgid"), bpf::kRetKillProcess);
  EXPECT_EQ(Decide("uname"), bpf::Errno(0));
}

TEST_F(LanguageTest, FrequencyFileIsRead) {
  EXPECT_EQ(ir_.frequency.at(0), 5000u);
  EXPECT_EQ(ir_.frequency.at(257), 10u);
}

}  // namespace
}  // namespace cordon
