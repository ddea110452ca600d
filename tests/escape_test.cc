// Escape attempts against compiled filters (issue: security suite). Each
// test is an attack that must be blocked. Attacks that need the launcher
// live in run_escape_test.cc.
#include <gtest/gtest.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cordon/bpf/action.h"
#include "cordon/bpf/interpreter.h"
#include "cordon/compile/compiler.h"
#include "cordon/policy/resolver.h"
#include "testing/run_command.h"

namespace cordon {
namespace {

struct Compiled {
  std::string name;
  compile::FilterIR ir;
  bpf::Program program;
};

// Programs of both kinds: allow-lists and deny-lists, for x86_64.
std::vector<Compiled> Programs() {
  std::vector<Compiled> out;
  for (const char* rel : {"examples/cat.policy", "tests/data/policies/lang/main.policy",
                          "tests/data/policies/denylist.policy", "tests/data/lint/clean.policy"}) {
    policy::SourceManager sources;
    policy::Diagnostics diags(&sources);
    policy::PolicyOptions options;
    options.arch = arch::FindArch("x86_64");
    Result<compile::FilterIR> ir = policy::LoadPolicy(testing::SourcePath(rel), options, sources, diags);
    EXPECT_TRUE(ir.ok()) << diags.RenderAll();
    if (!ir.ok()) continue;
    Result<bpf::Program> p = compile::Compile(*ir);
    EXPECT_TRUE(p.ok());
    if (p.ok()) out.push_back({rel, std::move(*ir), std::move(*p)});
  }
  return out;
}

// This VM refuses int 0x80, so i386-ABI calls cannot be issued for real:
// every program is checked in the interpreter, which follows the kernel.
TEST(EscapeTest, I386CallsAreKilledByEveryProgram) {
  for (const Compiled& c : Programs()) {
    seccomp_data d{};
    d.arch = arch::kAuditArchI386;
    for (uint32_t nr = 0; nr < 512; ++nr) {
      d.nr = static_cast<int>(nr);
      ASSERT_EQ(bpf::Run(c.program.insns(), d), bpf::kRetKillProcess) << c.name << " nr " << nr;
    }
  }
}

TEST(EscapeTest, X32NumbersAreKilledByEveryProgram) {
  for (const Compiled& c : Programs()) {
    seccomp_data d{};
    d.arch = arch::kAuditArchX86_64;
    for (uint32_t nr = 0; nr < 600; ++nr) {
      d.nr = static_cast<int>(nr | arch::kX32SyscallBit);
      ASSERT_EQ(bpf::Run(c.program.insns(), d), bpf::kRetKillProcess) << c.name << " nr " << nr;
    }
  }
}

// The same attack for real: an x32 number reaches the filter on this kernel.
TEST(EscapeTest, X32CallIsKilledForReal) {
  for (const Compiled& c : Programs()) {
    pid_t pid = fork();
    if (pid == 0) {
      sock_fprog prog = c.program.fprog();
      if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
          syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        _exit(100);
      }
      syscall(arch::kX32SyscallBit | SYS_getppid);
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
        << c.name << ": status " << status;
  }
}

// The kernel would truncate a file descriptor 0x100000001 to 1: a policy that
// allows write to fd 1 must not let it through.
TEST(EscapeTest, UpperHalfOfAnArgumentCannotSmuggleAValue) {
  policy::SourceManager sources;
  policy::Diagnostics diags(&sources);
  Result<compile::FilterIR> ir = policy::LoadPolicyText(
      "w.policy", "write: arg0 == 1\nexit_group: 1\n", {}, sources, diags);
  ASSERT_TRUE(ir.ok());
  bpf::Program p = *compile::Compile(*ir);
  pid_t pid = fork();
  if (pid == 0) {
    sock_fprog prog = p.fprog();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      _exit(100);
    }
    syscall(SYS_write, 0x100000001ull, "x", 0);
    syscall(SYS_exit_group, 0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) << "status " << status;
}

}  // namespace
}  // namespace cordon
