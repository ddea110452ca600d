#include "cordon/policy/lint.h"

#include <gtest/gtest.h>

#include <map>

#include "cordon/policy/resolver.h"

namespace cordon::policy {
namespace {

std::vector<Finding> LintText(const std::string& text, LintOptions options = {}) {
  SourceManager sources;
  Diagnostics diags(&sources);
  PolicyOptions po;
  po.arch = arch::FindArch("x86_64");
  Result<compile::FilterIR> ir = LoadPolicyText("t.policy", text, po, sources, diags);
  EXPECT_TRUE(ir.ok()) << diags.RenderAll();
  if (!ir.ok()) return {};
  return Lint(*ir, options);
}

std::string Ids(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += f.id + "@" + std::to_string(f.source.line) + " ";
  return out;
}

constexpr char kEssentials[] = "exit_group: 1\nrt_sigreturn: 1\nrestart_syscall: 1\n";

TEST(LintTest, PlantedHolesAreFoundAtTheirLines) {
  std::vector<Finding> f = LintText(std::string(kEssentials) +
                                    "ioctl: arg0 == 1\n"                // 4
                                    "mmap: 1\n"                         // 5
                                    "mprotect: arg2 != PROT_EXEC\n"     // 6
                                    "socket: arg1 == SOCK_STREAM\n"     // 7
                                    "prctl: 1\n"                        // 8
                                    "clone: 1\n"                        // 9
                                    "clone3: 1\n"                       // 10
                                    "personality: 1\n"                  // 11
                                    "ptrace: 1\n"                       // 12
                                    "bpf: arg0 != 0x1234\n"             // 13
                                    "execve: 1\n"                       // 14
                                    "open_by_handle_at: 1\n"            // 15
                                    "read: arg0 == 0 && arg0 == 1\n"    // 16
                                    "write: arg0 == 1\n"                // 17
                                    "write: arg0 == 1\n"                // 18
                                    "unshare: arg0 & CLONE_NEWUSER\n"); // 19
  EXPECT_EQ(Ids(f),
            "ioctl-tiocsti@4 mmap-wx@5 mprotect-wx@6 socket-any-family@7 prctl-any-option@8 "
            "clone-namespaces@9 clone3-allowed@10 personality@11 dangerous-syscall@12 "
            "dangerous-syscall@13 execve-allowed@14 dangerous-syscall@15 never-matches@16 "
            "duplicate-rule@18 unshare-namespaces@19 ");
}

TEST(LintTest, CleanPolicyIsSilent) {
  std::vector<Finding> f = LintText(std::string(kEssentials) +
                                    "read: 1\n"
                                    "mmap: arg2 in ~PROT_EXEC || arg2 in ~PROT_WRITE\n"
                                    "mprotect: arg2 in ~PROT_EXEC\n"
                                    "ioctl: arg1 == TCGETS || arg1 == FIONREAD; return ENOTTY\n"
                                    "socket: arg0 == AF_UNIX; return EAFNOSUPPORT\n"
                                    "prctl: arg0 == PR_SET_NAME\n"
                                    "clone: arg0 & CLONE_THREAD\n"
                                    "clone3: return ENOSYS\n"
                                    "personality: arg0 == 0xffffffff\n");
  EXPECT_EQ(Ids(f), "");
}

TEST(LintTest, MissingEssentialsAndDefaults) {
  std::vector<Finding> f = LintText("read: 1\n");
  EXPECT_EQ(Ids(f), "missing-essential@0 missing-essential@0 missing-essential@0 ");
  // A denylist allows them by default, but its default also allows the
  // dangerous calls, which are then reported "by the default action".
  f = LintText("@denylist\nbpf: return EPERM\n");
  bool ptrace = false;
  for (const Finding& x : f) {
    if (x.syscall == "ptrace") {
      ptrace = true;
      EXPECT_NE(x.message.find("by the default action"), std::string::npos);
      EXPECT_EQ(x.source.line, 0);
    }
    EXPECT_NE(x.syscall, "bpf");
  }
  EXPECT_TRUE(ptrace);
}

TEST(LintTest, ExecveNeededSilencesExecve) {
  LintOptions o;
  o.execve_needed = true;
  std::vector<Finding> f = LintText(std::string(kEssentials) + "execve: 1\n", o);
  EXPECT_EQ(Ids(f), "");
}

TEST(LintTest, ShadowedCondition) {
  // The second filter's first clause is the first filter's: it never decides.
  std::vector<Finding> f =
      LintText(std::string(kEssentials) + "read: {arg0 == 0, arg0 == 0 || arg0 == 3}\n");
  EXPECT_EQ(Ids(f), "shadowed@4 ");
}

}  // namespace
}  // namespace cordon::policy
