// yama_tree on this machine's kernel: the outcomes must be those Yama's
// rules give for the host's scope, or the classic rule without Yama.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <optional>

#include "expected.h"
#include "testing/run_command.h"

namespace cordon::testing {
namespace {

std::optional<int> HostScope() {
  std::ifstream in("/proc/sys/kernel/yama/ptrace_scope");
  int scope = -1;
  if (!(in >> scope)) return std::nullopt;
  return scope;
}

TEST(YamaTreeTest, OutcomesFollowThisKernelsRule) {
  if (geteuid() != 0) GTEST_SKIP() << "yama_tree must start as root to build the tree";
  CommandResult r = RunCommand({YAMA_TREE_BINARY}, {.timeout_seconds = 60});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(SplitLines(r.out), ExpectedTree(HostScope()));
}

TEST(YamaTreeTest, ExpectedTablesDifferWhereYamaDoes) {
  // The tables themselves: scope 1 must differ from classic exactly where
  // the talk says (secret and the crash handler), and scope 3 deny all.
  std::vector<std::string> classic = ExpectedTree(std::nullopt), one = ExpectedTree(1),
                           three = ExpectedTree(3);
  ASSERT_EQ(classic.size(), one.size());
  EXPECT_NE(std::find(one.begin(), one.end(), "evil-attacker -> secret PTRACE_ATTACH: EPERM"),
            one.end());
  EXPECT_NE(std::find(one.begin(), one.end(), "gdb -> program PTRACE_ATTACH: ok"), one.end());
  EXPECT_NE(std::find(one.begin(), one.end(),
                      "crash-handler -> crashing-program PTRACE_ATTACH after PR_SET_PTRACER: ok"),
            one.end());
  for (const std::string& line : three) {
    if (line.find(" -> ") != std::string::npos) {
      EXPECT_NE(line.find(": EPERM"), std::string::npos) << line;
    }
  }
}

TEST(YamaTreeTest, RejectsBadArguments) {
  EXPECT_EQ(RunCommand({YAMA_TREE_BINARY, "--uid", "1000", "--daemon-uid", "1000"}).exit_code, 2);
  EXPECT_EQ(RunCommand({YAMA_TREE_BINARY, "--uid", "0"}).exit_code, 2);
  EXPECT_EQ(RunCommand({YAMA_TREE_BINARY, "--bogus"}).exit_code, 2);
  EXPECT_EQ(RunCommand({YAMA_TREE_BINARY, "run-as", "x", "/bin/true"}).exit_code, 2);
}

TEST(YamaTreeTest, RunAsDropsToTheUid) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  CommandResult r = RunCommand({YAMA_TREE_BINARY, "run-as", "1000", "/usr/bin/id", "-u"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1000\n");
}

TEST(YamaTreeTest, WithoutCapSysPtraceLeavesEveryOtherCapability) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  CommandResult r = RunCommand(
      {YAMA_TREE_BINARY, "without-cap-sys-ptrace", "/bin/grep", "^CapEff:", "/proc/self/status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  unsigned long long eff = std::stoull(r.out.substr(r.out.find(':') + 1), nullptr, 16);
  EXPECT_EQ(eff & (1ULL << 19), 0u) << r.out;  // CAP_SYS_PTRACE
  EXPECT_NE(eff & (1ULL << 21), 0u) << r.out;  // CAP_SYS_ADMIN is still there
}

}  // namespace
}  // namespace cordon::testing
