// The seccomp demo from the kernel-security talk, with cordon in place of
// minijail0, plus what it promises around it: -L names the blocked call,
// static programs get the filter before exec, the preload library leaves no
// trace, and the launch fails closed.
#include <gtest/gtest.h>

#include "cordon/base/files.h"
#include "run_testing.h"

namespace cordon {
namespace {

using testing::AsNobody;
using testing::CordonRun;
using testing::Lines;
using testing::Probe;
using testing::SourcePath;
using testing::StaticProbe;

std::string CatPolicy() { return SourcePath("examples/cat.policy"); }

// A policy for the static probe: what static glibc does before main, plus
// execve (the filter is installed before it) and what `probe hello` does.
constexpr char kStaticPolicy[] =
    "execve: 1\nbrk: 1\narch_prctl: 1\nset_tid_address: 1\nset_robust_list: 1\nrseq: 1\n"
    "prlimit64: 1\nreadlink: 1\ngetrandom: 1\nmprotect: arg2 in ~PROT_EXEC\nwrite: 1\n"
    "exit_group: 1\n";

TEST(RunDemoTest, CatPrintsThePolicy) {
  auto r = CordonRun({"-nS", CatPolicy(), "/bin/cat", CatPolicy()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, ReadFile(CatPolicy()).value());
  EXPECT_EQ(r.err, "");
}

TEST(RunDemoTest, LsIsKilledWith253) {
  auto r = CordonRun({"-nS", CatPolicy(), "/bin/ls", CatPolicy()});
  EXPECT_EQ(r.exit_code, 253) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(" had a policy violation (" + CatPolicy() + ")"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.rfind("cordon: child process ", 0), 0u) << r.err;
}

TEST(RunDemoTest, WithoutNoNewPrivsAnUnprivilegedUserIsToldToUseN) {
  SKIP_UNLESS_ROOT();
  auto r = AsNobody({"-S", CatPolicy(), "/bin/cat", CatPolicy()});
  EXPECT_EQ(r.exit_code, 247) << r.err;
  EXPECT_EQ(r.out, "");  // the program never ran
  EXPECT_NE(r.err.find("no_new_privs"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("add -n"), std::string::npos) << r.err;
  EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
  // The same user with -n is fine, and so is root without it (CAP_SYS_ADMIN).
  auto n = AsNobody({"-nS", CatPolicy(), "/bin/cat", CatPolicy()});
  EXPECT_EQ(n.exit_code, 0) << n.err;
  auto root = CordonRun({"-S", CatPolicy(), "/bin/cat", CatPolicy()});
  EXPECT_EQ(root.exit_code, 0) << root.err;
}

TEST(RunDemoTest, LogNamesTheBlockedCallThenKills) {
  auto r = CordonRun({"-nLS", CatPolicy(), "/bin/ls", CatPolicy()});
  EXPECT_EQ(r.exit_code, 253) << r.err;
  std::vector<std::string> lines = Lines(r.err);
  ASSERT_EQ(lines.size(), 2u) << r.err;
  // cordon: blocked ioctl(1, TCGETS, 0x7ffd5c1e2a40) in pid 4242 (/usr/bin/ls), policy ...
  EXPECT_EQ(lines[0].rfind("cordon: blocked ioctl(1, TCGETS, 0x", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(" in pid "), std::string::npos) << lines[0];
  EXPECT_NE(
      lines[0].find("(/usr/bin/ls), policy " + CatPolicy() + " (default action) -> KILL_PROCESS"),
      std::string::npos)
      << lines[0];
  // The same verdict as without -L.
  EXPECT_NE(lines[1].find(" had a policy violation (" + CatPolicy() + ")"), std::string::npos);
}

TEST(RunDemoTest, LogHandOverIsInvisibleEvenWhenThePolicyBlocksIt) {
  // The preload library's last calls (read and close, to hand the listener
  // over) are cordon's, not the program's: never reported, never killed.
  testing::TempDir dir;
  std::string policy = dir.Write("min.policy", "write: 1\nexit_group: 1\n");
  auto r = CordonRun({"-nLS", policy, Probe(), "hello"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello\n");
  EXPECT_EQ(r.err, "");
}

TEST(RunDemoTest, ErrnoRulesReturnTheErrorAndLogTheRule) {
  // minijail's cat-einval.policy: "openat: return EINVAL".
  testing::TempDir dir;
  std::string text = ReadFile(CatPolicy()).value();
  text.replace(text.find("openat: 1\n"), 10, "openat: return EINVAL\n");
  std::string policy = dir.Write("cat-einval.policy", text);
  auto r = CordonRun({"-nS", policy, "/bin/cat", CatPolicy()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cat: " + CatPolicy() + ": Invalid argument"), std::string::npos) << r.err;
  auto l = CordonRun({"-nLS", policy, "/bin/cat", CatPolicy()});
  EXPECT_EQ(l.exit_code, 1);
  EXPECT_NE(l.err.find("Invalid argument"), std::string::npos) << l.err;
  int line = 0;
  for (const std::string& s : Lines(text)) {
    ++line;
    if (s == "openat: return EINVAL") break;
  }
  std::string want = "policy " + policy + ":" + std::to_string(line) + " -> ERRNO(EINVAL)";
  EXPECT_NE(l.err.find("cordon: blocked openat(AT_FDCWD, 0x"), std::string::npos) << l.err;
  EXPECT_NE(l.err.find(want), std::string::npos) << l.err;
}

TEST(RunDemoTest, CompiledFilterFileAndLogWithoutSource) {
  testing::TempDir dir;
  std::string bpf = dir.path() + "/cat.bpf";
  auto c = testing::RunCommand({testing::CordonBinary(), "compile", CatPolicy(), "-o", bpf});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  auto ok = CordonRun({"-n", "--seccomp-bpf-binary", bpf, "/bin/cat", CatPolicy()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto l = CordonRun({"-nL", "--seccomp-bpf-binary", bpf, "/bin/ls", CatPolicy()});
  EXPECT_EQ(l.exit_code, 253);
  EXPECT_NE(l.err.find("policy " + bpf + " -> KILL_PROCESS"), std::string::npos) << l.err;
}

TEST(RunDemoTest, StaticProgramsGetTheFilterBeforeExec) {
  testing::TempDir dir;
  std::string policy = dir.Write("static.policy", kStaticPolicy);
  auto r = CordonRun({"-nS", policy, StaticProbe(), "hello"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello\n");
  // With -L too: the launcher hands the listener over before execve.
  auto l = CordonRun({"-nLS", policy, StaticProbe(), "hello"});
  EXPECT_EQ(l.exit_code, 0) << l.err;
  EXPECT_EQ(l.out, "hello\n");
  // A call the policy lacks is still caught, and named.
  auto s = CordonRun({"-nLS", policy, StaticProbe(), "socket"});
  EXPECT_EQ(s.exit_code, 253);
  EXPECT_NE(s.err.find("blocked socket(AF_INET, SOCK_STREAM, 0)"), std::string::npos) << s.err;
}

TEST(RunDemoTest, StaticProgramWithoutExecveIsRefusedWithTheMissingCalls) {
  auto r = CordonRun({"-nS", CatPolicy(), StaticProbe(), "hello"});
  EXPECT_EQ(r.exit_code, 241);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("is statically linked"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("must allow execve (add 'execve: 1')"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("arch_prctl"), std::string::npos) << r.err;
}

TEST(RunDemoTest, PreloadLeavesNoTraceInTheProgram) {
  testing::TempDir dir;
  std::string policy = dir.Write("deny.policy", "@denylist\nptrace: kill\n");
  auto env = CordonRun({"-nS", policy, Probe(), "env"});
  ASSERT_EQ(env.exit_code, 0) << env.err;
  EXPECT_EQ(env.out.find("LD_PRELOAD"), std::string::npos) << env.out;
  EXPECT_EQ(env.out.find("CORDON_"), std::string::npos) << env.out;
  auto fds = CordonRun({"-nS", policy, Probe(), "fds"});
  EXPECT_EQ(fds.out, "0\n1\n2\n");  // payload and handshake descriptors closed
  auto lfds = CordonRun({"-nLS", policy, Probe(), "fds"});
  EXPECT_EQ(lfds.out, "0\n1\n2\n") << lfds.err;
  // The user's own LD_PRELOAD survives (cordon's entry is removed in place).
  auto user = CordonRun(
      {"-nS", policy, "--env-add", "LD_PRELOAD=/lib/x86_64-linux-gnu/libc.so.6", Probe(), "env"});
  EXPECT_NE(user.out.find("\nLD_PRELOAD=/lib/x86_64-linux-gnu/libc.so.6\n"), std::string::npos)
      << user.out;
  // The program's children do not load the library again but inherit the
  // filter from the kernel.
  auto child = CordonRun(
      {"-nS", policy, "/bin/sh", "-c", "env | grep -c CORDON_; grep Seccomp: /proc/self/status"});
  EXPECT_EQ(child.out, "0\nSeccomp:\t2\n") << child.err;
}

TEST(RunDemoTest, FailsClosedWhenThePreloadLibraryIsNotVisible) {
  SKIP_UNLESS_ROOT();
  testing::TempDir root, work;
  for (const char* d : {"usr", "bin", "lib", "lib64", "work"})
    root.Write(std::string(d) + "/.keep", "");
  auto r =
      CordonRun({"-nS", CatPolicy(), "-P", root.path(), "-b/usr", "-b/bin", "-b/lib", "-b/lib64",
                 "-b", work.path() + ",/work,1", "/bin/sh", "-c", "echo x > /work/ran"});
  EXPECT_EQ(r.exit_code, 252) << r.err;
  EXPECT_NE(r.err.find("cannot be opened inside the sandbox"), std::string::npos) << r.err;
  EXPECT_FALSE(ReadFile(work.path() + "/ran").ok());  // the program never started
}

TEST(RunDemoTest, PolicyErrorsComeFirstAndHaveTheirOwnCode) {
  testing::TempDir dir;
  std::string bad = dir.Write("bad.policy", "read: 1\nopne: 1\n");
  auto r = CordonRun({"-nS", bad, Probe(), "write", dir.path() + "/ran"});
  EXPECT_EQ(r.exit_code, 241);
  EXPECT_NE(r.err.find("bad.policy:2:1"), std::string::npos) << r.err;
  EXPECT_FALSE(ReadFile(dir.path() + "/ran").ok());
  EXPECT_EQ(CordonRun({"-nS", dir.path() + "/missing.policy", "/bin/true"}).exit_code, 241);
}

}  // namespace
}  // namespace cordon
