// The audit against real kernels: the one this test runs on, and the config
// Debian ships in linux-image-amd64 (CI installs the package).
#include <glob.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "cordon/audit/audit_fixture.h"
#include "cordon/audit/checks.h"

namespace cordon::audit {
namespace {

std::map<std::string, Finding> ById(const std::vector<Finding>& findings) {
  std::map<std::string, Finding> out;
  for (const Finding& f : findings) out.emplace(f.id, f);
  return out;
}

HostView LoadLive(KernelProbes& probes) {
  HostViewOptions o;
  o.probes = &probes;
  o.sysctl_keys = AuditedSysctls();
  Result<HostView> h = LoadHostView(o);
  EXPECT_TRUE(h.ok()) << h.status().message();
  return h.ok() ? std::move(h).value() : HostView{};
}

// On any machine: the audit's runtime facts match asking the kernel directly.
TEST(RealKernelTest, LiveFactsMatchTheKernel) {
  std::unique_ptr<KernelProbes> probes = LiveKernelProbes();
  HostView host = LoadLive(*probes);
  EXPECT_TRUE(host.live);
  ASSERT_TRUE(host.version.known());

  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, 1u /* VERSION */);
  ASSERT_TRUE(host.landlock.known());
  EXPECT_EQ(host.landlock->active, abi >= 1);
  if (abi >= 1) {
    EXPECT_EQ(host.landlock->abi, abi);
  }

  bool yama_sysctl = access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0;
  ASSERT_TRUE(host.yama.known()) << host.yama.missing;
  EXPECT_EQ(host.yama->active, yama_sysctl);

  // Every check ran and said something.
  for (const Finding& f : RunChecks(host)) {
    EXPECT_FALSE(f.outcome == Outcome::kNa && f.reason.empty()) << f.id;
    EXPECT_FALSE(f.outcome != Outcome::kNa && f.seen.empty()) << f.id;
  }
}

// The facts known about the VM cordon is developed on (Linux 6.18, booted
// by Firecracker): checked here so a regression in reading them shows.
TEST(RealKernelTest, DevelopmentVmKnownFacts) {
  std::unique_ptr<KernelProbes> probes = LiveKernelProbes();
  Result<UnameInfo> u = probes->Uname();
  ASSERT_TRUE(u.ok());
  if (u->release.rfind("6.18.", 0) != 0 || u->release.find("-fc-") == std::string::npos) {
    GTEST_SKIP() << "facts recorded for the 6.18 Firecracker development VM; this kernel is "
                 << u->release;
  }
  HostView host = LoadLive(*probes);
  ASSERT_TRUE(host.config.known()) << host.config.missing;
  EXPECT_EQ(host.config.from, "/proc/config.gz");
  EXPECT_TRUE(host.config->IsY("INIT_STACK_ALL_ZERO"));
  EXPECT_TRUE(host.config->IsOff("INIT_ON_ALLOC_DEFAULT_ON"));
  EXPECT_TRUE(host.config->IsOff("SECURITY_YAMA"));

  auto m = ById(RunChecks(host));
  EXPECT_EQ(m.at("lsm.yama").outcome, Outcome::kFail) << m.at("lsm.yama").seen;
  EXPECT_EQ(m.at("mem.init_on_alloc").outcome, Outcome::kFail);
  EXPECT_EQ(m.at("mem.stack_init").outcome, Outcome::kOk);
  EXPECT_EQ(m.at("lsm.landlock").outcome, Outcome::kOk);
  ASSERT_TRUE(host.landlock.known());
  EXPECT_GE(host.landlock->abi, 1);
  // securityfs is not mounted here; lsm_list_modules(2) answers instead.
  ASSERT_TRUE(host.lsms.known());
  EXPECT_EQ(host.lsms.from, "lsm_list_modules(2)");
  EXPECT_EQ(std::count(host.lsms->begin(), host.lsms->end(), "landlock"), 1);
  // Firecracker loads the kernel directly, so KASLR never runs.
  EXPECT_EQ(m.at("kaslr.runtime").outcome, Outcome::kFail) << m.at("kaslr.runtime").seen;
}

std::string DebianConfig() {
  glob_t g{};
  std::string newest;
  if (glob("/boot/config-*-amd64", 0, nullptr, &g) == 0 && g.gl_pathc > 0) {
    newest = g.gl_pathv[g.gl_pathc - 1];  // glob sorts
  }
  globfree(&g);
  return newest;
}

std::map<std::string, Finding> AuditDebian(const std::string& config, const std::string& cmdline,
                                           HostView* out = nullptr) {
  testing::FixtureTree tree;  // nothing else: only the config and command line
  tree.Write("cmdline", cmdline);
  HostViewOptions o = tree.Options();
  o.config_file = config;
  o.cmdline_file = tree.root() + "/cmdline";
  Result<HostView> h = LoadHostView(o);
  EXPECT_TRUE(h.ok()) << h.status().message();
  if (!h.ok()) return {};
  if (out) *out = *h;
  return ById(RunChecks(*h));
}

TEST(RealKernelTest, DebianAmd64Config) {
  std::string config = DebianConfig();
  if (config.empty()) {
    GTEST_SKIP() << "no /boot/config-*-amd64 (apt-get install linux-image-amd64)";
  }
  HostView host;
  auto m = AuditDebian(config, "BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro quiet\n", &host);
  ASSERT_TRUE(host.config.known());
  EXPECT_EQ(host.arch, AuditArch::kX86_64);
  EXPECT_EQ(host.arch_from, "CONFIG_X86_64");
  EXPECT_FALSE(host.live);

  // Yama built and listed in CONFIG_LSM.
  EXPECT_TRUE(host.config->IsY("SECURITY_YAMA"));
  auto lsm = host.config->Lsm();
  ASSERT_TRUE(lsm);
  EXPECT_NE(std::find(lsm->begin(), lsm->end(), "yama"), lsm->end());
  EXPECT_EQ(m.at("config.SECURITY_YAMA").outcome, Outcome::kOk);
  EXPECT_EQ(m.at("config.SECURITY_YAMA").seen, "CONFIG_SECURITY_YAMA=y; listed in CONFIG_LSM");

  // init_on_alloc on by default, and the command line can still turn it off.
  EXPECT_TRUE(host.config->IsY("INIT_ON_ALLOC_DEFAULT_ON"));
  EXPECT_EQ(m.at("mem.init_on_alloc").outcome, Outcome::kOk) << m.at("mem.init_on_alloc").seen;
  auto off = AuditDebian(config, "root=/dev/sda1 ro init_on_alloc=0\n");
  EXPECT_EQ(off.at("mem.init_on_alloc").outcome, Outcome::kFail);

  // Other facts of Debian's build: vsyscall page gone, /dev/mem kept but strict.
  EXPECT_EQ(m.at("boot.vsyscall").outcome, Outcome::kOk);
  EXPECT_EQ(m.at("config.DEVMEM").outcome, Outcome::kFail);
  EXPECT_EQ(m.at("config.STRICT_DEVMEM").outcome, Outcome::kOk);
  EXPECT_EQ(m.at("mem.stack_init").outcome, Outcome::kOk);
  // Nothing about the running kernel leaks into an audit of a config file.
  EXPECT_EQ(m.at("lsm.yama").outcome, Outcome::kNa);
  EXPECT_EQ(m.at("kaslr.runtime").outcome, Outcome::kNa);
}

}  // namespace
}  // namespace cordon::audit
