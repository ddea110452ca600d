// What `cordon run` does to the process it starts: exit statuses, signals,
// descriptors, environment, ids and capabilities, resource limits, the
// deterministic mode, and what happens when cordon itself dies.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "cordon/base/files.h"
#include "run_testing.h"

namespace cordon {
namespace {

using testing::CordonRun;
using testing::Field;
using testing::Probe;
using testing::RunCommand;

TEST(RunProcessTest, ExitStatusesPassThrough) {
  EXPECT_EQ(CordonRun({Probe(), "exit", "7"}).exit_code, 7);
  EXPECT_EQ(CordonRun({Probe(), "kill", "15"}).exit_code, 128 + 15);
  EXPECT_EQ(CordonRun({"-p", Probe(), "kill", "15"}).exit_code, 128 + 15);  // through init
  EXPECT_EQ(CordonRun({"-p", Probe(), "exit", "9"}).exit_code, 9);
  auto missing = CordonRun({"/no/such/program"});
  EXPECT_EQ(missing.exit_code, 127);
  EXPECT_NE(missing.err.find("/no/such/program"), std::string::npos) << missing.err;
  EXPECT_EQ(CordonRun({"no-such-program-in-path"}).exit_code, 127);
  EXPECT_EQ(CordonRun({"/etc/passwd"}).exit_code, 126);
  EXPECT_EQ(CordonRun({"/etc"}).exit_code, 126);
  auto usage = CordonRun({"--bogus", "/bin/true"});
  EXPECT_EQ(usage.exit_code, 1);
  EXPECT_EQ(usage.err, "cordon run: unknown option --bogus; see 'cordon run --help'\n");
  auto help = CordonRun({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--seccomp-bpf-binary"), std::string::npos);
}

TEST(RunProcessTest, LoggingToSyslogKeepsStderrForTheProgram) {
  std::string policy = testing::SourcePath("examples/cat.policy");
  auto r = CordonRun({"--logging=syslog", "-nS", policy, "/bin/ls", policy});
  EXPECT_EQ(r.exit_code, 253);
  EXPECT_EQ(r.err, "");
  auto s = CordonRun({"--logging=stderr", "-nS", policy, "/bin/ls", policy});
  EXPECT_NE(s.err.find("had a policy violation"), std::string::npos);
}

TEST(RunProcessTest, SignalsSentToCordonReachTheProgram) {
  for (bool pid_ns : {false, true}) {
    testing::TempDir dir;
    std::vector<std::string> args = {
        "/usr/bin/timeout", "--preserve-status", "-s", "TERM", "1", testing::CordonBinary(), "run"};
    if (pid_ns) args.push_back("-p");
    args.insert(args.end(), {Probe(), "wait-signal", dir.path() + "/pid"});
    testing::CommandOptions o;
    o.timeout_seconds = testing::kRunTimeout;
    auto r = RunCommand(args, o);
    EXPECT_EQ(r.out, "got TERM\n") << "pid_ns " << pid_ns << ": " << r.err;
    EXPECT_EQ(r.exit_code, 3) << "pid_ns " << pid_ns;
  }
}

TEST(RunProcessTest, KillingCordonKillsTheProgram) {
  for (const char* flag : {"-n", "-p"}) {
    testing::TempDir dir;
    // The script names the pid file only through $PF, so that pgrep -f
    // finds the probe (whose argv holds the path), not the shell.
    std::string script =
        "\"$CORDON\" run " + std::string(flag) + " \"$PROBE\" sleep \"$PF\" & c=$!; " +
        "while [ ! -s \"$PF\" ]; do sleep 0.05; done; kill -9 $c; sleep 0.5; " +
        "if pgrep -f -- \"$PF\" >/dev/null; then echo alive; pkill -9 -f -- \"$PF\"; " +
        "else echo gone; fi";
    testing::CommandOptions o;
    o.timeout_seconds = testing::kRunTimeout;
    o.env = {"CORDON=" + testing::CordonBinary(), "PROBE=" + Probe(), "PF=" + dir.path() + "/pid"};
    auto r = RunCommand({"/bin/sh", "-c", script}, o);
    EXPECT_EQ(r.out, "gone\n") << flag << ": " << r.err;
  }
}

TEST(RunProcessTest, OnlyStandardAndPreservedDescriptorsAreInherited) {
  // A descriptor cordon inherits without close-on-exec must not leak on.
  int leak = open("/dev/null", O_RDONLY);  // deliberately no O_CLOEXEC
  ASSERT_GE(leak, 3);
  auto r = CordonRun({Probe(), "fds"});
  EXPECT_EQ(r.out, "0\n1\n2\n");
  auto p = CordonRun({"--preserve-fd", std::to_string(leak), Probe(), "fds"});
  EXPECT_EQ(p.out, "0\n1\n2\n" + std::to_string(leak) + "\n");
  auto pp = CordonRun({"-p", "--preserve-fd", std::to_string(leak), Probe(), "fds"});
  EXPECT_EQ(pp.out, "0\n1\n2\n" + std::to_string(leak) + "\n");
  close(leak);
  auto closed = CordonRun({"--preserve-fd", std::to_string(leak), Probe(), "fds"});
  EXPECT_EQ(closed.exit_code, 1);  // not open: refused before anything runs
}

TEST(RunProcessTest, EnvironmentResetAndAdd) {
  testing::CommandOptions o;
  o.env = {"CORDON_TEST_SECRET=1"};
  auto kept = CordonRun({Probe(), "env"}, o);
  EXPECT_NE(kept.out.find("CORDON_TEST_SECRET=1"), std::string::npos);
  auto reset =
      CordonRun({"--env-reset", "--env-add", "A=1", "--env-add", "B=x=y", Probe(), "env"}, o);
  EXPECT_EQ(reset.out, "A=1\nB=x=y\n") << reset.err;
}

TEST(RunProcessTest, IdsAndCapabilitiesInProcStatus) {
  SKIP_UNLESS_ROOT();
  auto r = CordonRun({"-u", "nobody", "-g", "nogroup", Probe(), "ids"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Field(r.out, "Uid"), "65534\t65534\t65534\t65534");
  EXPECT_EQ(Field(r.out, "Gid"), "65534\t65534\t65534\t65534");
  EXPECT_EQ(Field(r.out, "Groups"), "");
  EXPECT_EQ(Field(r.out, "CapEff"), "0000000000000000");
  // -c as root: exactly the mask, in every set, bounding included.
  auto c = CordonRun({"-c", "0x3000", Probe(), "ids"});
  EXPECT_EQ(Field(c.out, "CapEff"), "0000000000003000");
  EXPECT_EQ(Field(c.out, "CapPrm"), "0000000000003000");
  EXPECT_EQ(Field(c.out, "CapBnd"), "0000000000003000");
  // -c with another user keeps nothing across exec unless --ambient.
  auto plain = CordonRun({"-u", "nobody", "-c", "cap_net_raw", Probe(), "ids"});
  EXPECT_EQ(Field(plain.out, "CapEff"), "0000000000000000");
  EXPECT_EQ(Field(plain.out, "CapBnd"), "0000000000002000");
  auto amb = CordonRun({"-u", "nobody", "-c", "cap_net_raw", "--ambient", Probe(), "ids"});
  EXPECT_EQ(Field(amb.out, "CapEff"), "0000000000002000") << amb.err;
  EXPECT_EQ(Field(amb.out, "CapAmb"), "0000000000002000");
  // -G: the user's groups; -n shows in NoNewPrivs.
  auto g = CordonRun({"-n", "-u", "nobody", "-G", Probe(), "ids"});
  EXPECT_EQ(Field(g.out, "Groups"), "65534");
  EXPECT_EQ(Field(g.out, "NoNewPrivs"), "1");
  EXPECT_EQ(CordonRun({"-u", "no-such-user", "/bin/true"}).exit_code, 1);
}

TEST(RunProcessTest, ResourceLimits) {
  auto r = CordonRun({"-R", "RLIMIT_NOFILE,17,19", "-R", "core,0,0", "/bin/sh", "-c",
                      "ulimit -Sn; ulimit -Hn; ulimit -c"});
  EXPECT_EQ(r.out, "17\n19\n0\n") << r.err;
  // A hard limit above the current one can only be raised with privilege.
  if (geteuid() == 0) {
    auto n = testing::AsNobody({"-R", "nofile,1,99999999", "/bin/true"});
    EXPECT_EQ(n.exit_code, 245) << n.err;
    EXPECT_NE(n.err.find("setrlimit RLIMIT_NOFILE: EPERM"), std::string::npos) << n.err;
  }
}

TEST(RunProcessTest, DeterministicRunsRepeatAddressesAndHeapBytes) {
  auto a = CordonRun({"--deterministic", Probe(), "addr"});
  auto b = CordonRun({"--deterministic", Probe(), "addr"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(Field(a.out, "heap-bytes"), "5a5a5a5a");  // glibc.malloc.perturb=165
  // Also under a seccomp filter (the preload library) and a pid namespace.
  auto c = CordonRun({"--deterministic", "-p", Probe(), "addr"});
  auto d = CordonRun({"--deterministic", "-p", Probe(), "addr"});
  EXPECT_EQ(c.out, d.out);
  // Without it, this kernel randomises (unless disabled system-wide).
  Result<std::string> setting = ReadFile("/proc/sys/kernel/randomize_va_space");
  std::string aslr = setting.ok() ? *setting : "0";
  if (aslr[0] != '0') {
    auto x = CordonRun({Probe(), "addr"});
    auto y = CordonRun({Probe(), "addr"});
    EXPECT_NE(Field(x.out, "stack"), Field(y.out, "stack"));
  }
}

}  // namespace
}  // namespace cordon
