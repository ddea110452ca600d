// Namespaces in real sandboxes: -p (init, zombies), -I, -U with maps (as
// root and as an unprivileged user), -e, --uts, -l.
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>

#include "run_testing.h"

namespace cordon {
namespace {

using testing::AsNobody;
using testing::CordonRun;
using testing::Field;
using testing::Lines;
using testing::Probe;

std::string HostNamespace(const char* ns) {
  char buf[PATH_MAX];
  ssize_t n = readlink((std::string("/proc/self/ns/") + ns).c_str(), buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

TEST(RunNamespacesTest, PidNamespaceHasAnInitThatReapsZombies) {
  SKIP_UNLESS_ROOT();
  auto r = CordonRun({"-p", Probe(), "ids"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Field(r.out, "pid"), "2");  // pid 1 is cordon's init
  EXPECT_EQ(Field(r.out, "ppid"), "1");
  auto comm = CordonRun({"-p", "/bin/cat", "/proc/1/comm"});
  EXPECT_EQ(comm.out, "cordon-init\n");
  // An orphan that exits is reaped by init: no zombie remains.
  auto z = CordonRun({"-p", Probe(), "zombies"});
  EXPECT_EQ(z.out, "zombies 0\n") << z.err;
  // The fresh /proc shows only the sandbox's processes and is read-only.
  auto procs = CordonRun(
      {"-p", "/bin/sh", "-c", "ls /proc | grep -c '^[0-9]'; echo x > /proc/sys/kernel/hostname"});
  EXPECT_LE(std::stoi(procs.out), 5) << procs.out;
  EXPECT_NE(procs.err.find("Read-only file system"), std::string::npos) << procs.err;
}

TEST(RunNamespacesTest, ProgramAsInit) {
  SKIP_UNLESS_ROOT();
  auto r = CordonRun({"-I", Probe(), "ids"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Field(r.out, "pid"), "1");
  EXPECT_EQ(Field(r.out, "ppid"), "0");
}

TEST(RunNamespacesTest, UserNamespaceWithMaps) {
  SKIP_UNLESS_ROOT();
  // Default: the caller (root) is root inside.
  auto d = CordonRun({"-U", "/bin/cat", "/proc/self/uid_map"});
  EXPECT_EQ(d.out, "         0          0          1\n") << d.err;
  // Explicit maps, and -u/-g inside them.
  auto m = CordonRun({"-m0 100000 1000", "-M0 200000 1000", "-u", "5", "-g", "7", Probe(), "ids"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(Field(m.out, "Uid"), "5\t5\t5\t5");
  EXPECT_EQ(Field(m.out, "Gid"), "7\t7\t7\t7");
  auto maps = CordonRun({"-m0 100000 1000", "/bin/cat", "/proc/self/uid_map"});
  EXPECT_EQ(maps.out, "         0     100000       1000\n");
  // As an unprivileged user: only its own uid maps, setgroups is denied,
  // and it may then create every other namespace.
  auto n = AsNobody({"-U", "-p", "-e", "--uts=inside", Probe(), "ids"});
  ASSERT_EQ(n.exit_code, 0) << n.err;
  EXPECT_EQ(Field(n.out, "Uid"), "0\t0\t0\t0");
  EXPECT_EQ(Field(n.out, "pid"), "2");
  auto deny = AsNobody({"-U", "/bin/cat", "/proc/self/setgroups", "/proc/self/uid_map"});
  EXPECT_EQ(deny.out, "deny\n         0      65534          1\n") << deny.err;
  // Without -U an unprivileged user cannot create namespaces: a clear error.
  auto eperm = AsNobody({"-p", "/bin/true"});
  EXPECT_EQ(eperm.exit_code, 242);
  EXPECT_NE(eperm.err.find("EPERM"), std::string::npos) << eperm.err;
  EXPECT_NE(eperm.err.find("-U"), std::string::npos) << eperm.err;
}

TEST(RunNamespacesTest, NetworkNamespaceHasOnlyLoopbackUp) {
  SKIP_UNLESS_ROOT();
  auto r = CordonRun({"-e", "/bin/cat", "/proc/net/dev"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;  // two header lines, then lo alone
  EXPECT_NE(lines[2].find("lo:"), std::string::npos);
  // Loopback is up, and alone.
  auto ip = CordonRun({"-e", "/bin/sh", "-c", "ip -o link 2>&1 || echo no-ip"});
  if (ip.out.find("no-ip") == std::string::npos) {
    EXPECT_NE(ip.out.find("lo: <LOOPBACK,UP"), std::string::npos) << ip.out;
    EXPECT_EQ(Lines(ip.out).size(), 1u) << ip.out;
  }
  auto host = CordonRun({"/usr/bin/readlink", "/proc/self/ns/net"});
  EXPECT_EQ(host.out, HostNamespace("net") + "\n");
  auto inside = CordonRun({"-e", "/usr/bin/readlink", "/proc/self/ns/net"});
  EXPECT_NE(inside.out, host.out);
}

TEST(RunNamespacesTest, JoinANetworkNamespaceByFile) {
  SKIP_UNLESS_ROOT();
  if (access("/usr/bin/ip", X_OK) != 0 && access("/bin/ip", X_OK) != 0) {
    GTEST_SKIP() << "needs ip(8) (iproute2) to make a named network namespace";
  }
  std::string name = "cordon-test-" + std::to_string(getpid());
  ASSERT_EQ(testing::RunCommand({"/bin/sh", "-c", "ip netns add " + name}).exit_code, 0);
  std::string file = "/run/netns/" + name;
  auto inside = CordonRun({"-e" + file, "/usr/bin/stat", "-L", "-c", "%i", "/proc/self/ns/net"});
  auto want = testing::RunCommand({"/usr/bin/stat", "-L", "-c", "%i", file});
  testing::RunCommand({"/bin/sh", "-c", "ip netns del " + name});
  EXPECT_EQ(inside.exit_code, 0) << inside.err;
  EXPECT_EQ(inside.out, want.out);
  auto missing = CordonRun({"-e/run/netns/no-such-namespace", "/bin/true"});
  EXPECT_EQ(missing.exit_code, 242);
}

TEST(RunNamespacesTest, UtsAndIpc) {
  SKIP_UNLESS_ROOT();
  auto u = CordonRun({"--uts=cordon-box", Probe(), "uname"});
  EXPECT_EQ(u.out, "cordon-box\n") << u.err;
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  EXPECT_STRNE(host, "cordon-box");  // the host's name is untouched
  auto ipc = CordonRun({"-l", "/usr/bin/readlink", "/proc/self/ns/ipc"});
  EXPECT_NE(ipc.out, HostNamespace("ipc") + "\n");
  auto same = CordonRun({"/usr/bin/readlink", "/proc/self/ns/ipc"});
  EXPECT_EQ(same.out, HostNamespace("ipc") + "\n");
}

}  // namespace
}  // namespace cordon
