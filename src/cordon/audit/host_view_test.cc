#include "cordon/audit/host_view.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "cordon/audit/audit_fixture.h"

namespace cordon::audit {
namespace {

using testing::ConfigText;
using testing::FakeProbes;
using testing::FixtureTree;

HostView Load(const HostViewOptions& o) {
  Result<HostView> h = LoadHostView(o);
  EXPECT_TRUE(h.ok()) << h.status().message();
  return h.ok() ? std::move(h).value() : HostView{};
}

TEST(HostViewTest, EmptyRootKnowsNothingAndSaysWhy) {
  FixtureTree tree;
  HostView h = Load(tree.Options());
  EXPECT_FALSE(h.live);
  EXPECT_FALSE(h.config.known());
  EXPECT_NE(h.config.missing.find("--config"), std::string::npos);
  EXPECT_FALSE(h.cmdline.known());
  EXPECT_FALSE(h.sysctls.missing.empty());
  EXPECT_FALSE(h.lsms.known());
  EXPECT_FALSE(h.yama.known());
  EXPECT_FALSE(h.landlock.known());
  EXPECT_FALSE(h.version.known());
  EXPECT_FALSE(h.mem_auto_init.known());
}

TEST(HostViewTest, ReadsProcConfigGzFirst) {
  FixtureTree tree;
  tree.WriteGzip("proc/config.gz", ConfigText({{"SECURITY_YAMA", "y"}}));
  tree.Write("boot/config-6.18.5", ConfigText({{"SECURITY_YAMA", "n"}}));
  tree.Sysctl("kernel.osrelease", "6.18.5\n");
  HostView h = Load(tree.Options());
  ASSERT_TRUE(h.config.known());
  EXPECT_TRUE(h.config->IsY("SECURITY_YAMA"));
  EXPECT_EQ(h.config.from, tree.root() + "/proc/config.gz");
}

TEST(HostViewTest, FallsBackToBootConfigOfTheRelease) {
  FixtureTree tree;
  tree.Write("boot/config-6.1.0-56-amd64", ConfigText({{"SECURITY_YAMA", "y"}}, "6.1.192"));
  tree.Write("boot/config-5.10.0-1-amd64", ConfigText({{"SECURITY_YAMA", "n"}}, "5.10.1"));
  tree.Sysctl("kernel.osrelease", "6.1.0-56-amd64\n");
  HostView h = Load(tree.Options());
  ASSERT_TRUE(h.config.known());
  EXPECT_TRUE(h.config->IsY("SECURITY_YAMA"));
  ASSERT_TRUE(h.version.known());
  EXPECT_EQ(h.version->major, 6);
  EXPECT_EQ(h.version->minor, 1);
}

TEST(HostViewTest, WithoutReleaseTakesTheOnlyBootConfig) {
  FixtureTree tree;
  tree.Write("boot/config-6.1.0-56-amd64", ConfigText({{"X86_64", "y"}}, "6.1.192"));
  HostView h = Load(tree.Options());
  ASSERT_TRUE(h.config.known());
  EXPECT_EQ(h.arch, AuditArch::kX86_64);
  EXPECT_EQ(h.arch_from, "CONFIG_X86_64");

  tree.Write("boot/config-5.10.0-1-amd64", ConfigText({{"X86_64", "y"}}, "5.10.1"));
  HostView two = Load(tree.Options());
  EXPECT_FALSE(two.config.known());
  EXPECT_NE(two.config.missing.find("2 files"), std::string::npos) << two.config.missing;
}

TEST(HostViewTest, ExplicitConfigMustBeReadable) {
  FixtureTree tree;
  HostViewOptions o = tree.Options();
  o.config_file = tree.root() + "/missing.config";
  Result<HostView> h = LoadHostView(o);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), Code::kNotFound);
  o.config_file.clear();
  o.cmdline_file = tree.root() + "/missing.cmdline";
  EXPECT_FALSE(LoadHostView(o).ok());
  o.cmdline_file.clear();
  o.sysctl_file = tree.root() + "/missing.sysctl";
  EXPECT_FALSE(LoadHostView(o).ok());
}

TEST(HostViewTest, ExplicitConfigNamesTheAuditedVersion) {
  FixtureTree tree;
  tree.Write("debian.config", ConfigText({{"X86_64", "y"}}, "6.1.192"));
  HostViewOptions o = tree.Options();
  o.config_file = tree.root() + "/debian.config";
  FakeProbes probes;
  probes.uname = {"6.18.44-fc-v782", "x86_64"};
  o.probes = &probes;
  HostView h = Load(o);
  ASSERT_TRUE(h.version.known());
  EXPECT_EQ(h.version->minor, 1);
  // The running kernel is another one, so its answers are not used.
  EXPECT_FALSE(h.live);
  EXPECT_FALSE(h.landlock.known());
  EXPECT_FALSE(h.mem_auto_init.known());
  EXPECT_EQ(probes.calls, 1);  // uname only
}

TEST(HostViewTest, FilesOfAnotherKernelAreNotMixedWithItsConfig) {
  FixtureTree tree;
  testing::WriteHardenedX86(tree);  // an image of 6.18.5
  tree.Write("debian.config", ConfigText({{"X86_64", "y"}}, "6.1.192"));
  HostViewOptions o = tree.Options();
  o.config_file = tree.root() + "/debian.config";
  HostView h = Load(o);
  EXPECT_EQ(h.version->release, "6.1.192");
  for (const std::string* why : {&h.cmdline.missing, &h.sysctls.missing, &h.lsms.missing,
                                 &h.kaslr.missing, &h.yama.missing, &h.page_shuffle.missing}) {
    EXPECT_NE(why->find("says 6.18.5, but the config is for 6.1.192"), std::string::npos) << *why;
  }
  // Given explicitly, the command line is used.
  tree.Write("cmdline", "quiet\n");
  o.cmdline_file = tree.root() + "/cmdline";
  EXPECT_TRUE(Load(o).cmdline.known());
  // A config for the same kernel keeps everything.
  tree.Write("same.config", ConfigText({{"X86_64", "y"}}, "6.18.5"));
  o.config_file = tree.root() + "/same.config";
  HostView same = Load(o);
  EXPECT_TRUE(same.sysctls.missing.empty());
  EXPECT_TRUE(same.lsms.known());
}

TEST(HostViewTest, ArchOverrideBeatsConfig) {
  FixtureTree tree;
  tree.WriteGzip("proc/config.gz", ConfigText({{"X86_64", "y"}}));
  HostViewOptions o = tree.Options();
  o.arch = AuditArch::kArm64;
  EXPECT_EQ(Load(o).arch, AuditArch::kArm64);
}

TEST(HostViewTest, ReadsSysctlFileInSysctlDashAFormat) {
  FixtureTree tree;
  tree.Write("sysctl.txt",
             "kernel.kptr_restrict = 1\nkernel.printk = 4\t4\t1\t7\n"
             "kernel.seccomp.actions_avail = kill_process kill_thread trap errno\n"
             "# comment\nnet/core/bpf_jit_harden=2\ngarbage line\n");
  HostViewOptions o = tree.Options();
  o.sysctl_file = tree.root() + "/sysctl.txt";
  HostView h = Load(o);
  EXPECT_EQ(h.sysctls.Int("kernel.kptr_restrict"), 1);
  EXPECT_EQ(h.sysctls.Get("kernel.printk"), "4\t4\t1\t7");
  EXPECT_EQ(h.sysctls.Int("net.core.bpf_jit_harden"), 2);
  EXPECT_FALSE(h.sysctls.absent_means_unsupported);
  ASSERT_TRUE(h.seccomp_actions.known());
  EXPECT_EQ(h.seccomp_actions->size(), 4u);
  EXPECT_NE(h.sysctls.WhyAbsent("kernel.sysrq").find("sysctl.txt"), std::string::npos);
}

TEST(HostViewTest, ProcSysAbsenceMeansTheKernelLacksIt) {
  FixtureTree tree;
  tree.Sysctl("kernel.kptr_restrict", "2\n");
  HostView h = Load(tree.Options());
  EXPECT_TRUE(h.sysctls.absent_means_unsupported);
  EXPECT_EQ(h.sysctls.Int("kernel.kptr_restrict"), 2);
  EXPECT_NE(h.sysctls.WhyAbsent("kernel.sysrq").find("does not exist"), std::string::npos);
  // No kernel/yama directory and nothing else to ask: Yama is not active.
  ASSERT_TRUE(h.yama.known());
  EXPECT_FALSE(h.yama->active);
}

TEST(HostViewTest, YamaFromSysctlLsmListOrPrctl) {
  FixtureTree tree;
  tree.Sysctl("kernel.yama.ptrace_scope", "1\n");
  HostView a = Load(tree.Options());
  ASSERT_TRUE(a.yama.known());
  EXPECT_TRUE(a.yama->active);
  EXPECT_EQ(a.yama->ptrace_scope, 1);

  FixtureTree lsm;
  lsm.Write("sys/kernel/security/lsm", "capability,landlock,yama");
  HostView b = Load(lsm.Options());
  ASSERT_TRUE(b.yama.known());
  EXPECT_TRUE(b.yama->active);
  EXPECT_EQ(b.yama.from, lsm.root() + "/sys/kernel/security/lsm");

  // No securityfs and no lsm_list_modules: the prctl probe decides.
  FixtureTree bare;
  FakeProbes probes;
  probes.lsm_errno = ENOSYS;
  probes.yama = true;
  HostViewOptions o = bare.Options();
  o.probes = &probes;
  HostView c = Load(o);
  ASSERT_TRUE(c.yama.known());
  EXPECT_TRUE(c.yama->active);
  EXPECT_EQ(c.yama.from, "prctl(PR_SET_PTRACER) probe");
}

TEST(HostViewTest, LsmListFallsBackToSyscallThenBootLog) {
  FixtureTree tree;
  FakeProbes probes;
  probes.lsm_ids = {108, 100, 110, 109};
  HostViewOptions o = tree.Options();
  o.probes = &probes;
  HostView h = Load(o);
  ASSERT_TRUE(h.lsms.known());
  EXPECT_EQ(h.lsms.from, "lsm_list_modules(2)");
  EXPECT_EQ(*h.lsms, (std::vector<std::string>{"lockdown", "capability", "landlock", "bpf"}));

  probes.lsm_errno = ENOSYS;  // a kernel before 6.8
  probes.log = "[    0.1] LSM: initializing lsm=capability,yama,apparmor\n[    0.2] other\n";
  HostView g = Load(o);
  ASSERT_TRUE(g.lsms.known());
  EXPECT_EQ(g.lsms.from, "kernel log");
  EXPECT_EQ(*g.lsms, (std::vector<std::string>{"capability", "yama", "apparmor"}));

  probes.log = "nothing useful";
  HostView n = Load(o);
  EXPECT_FALSE(n.lsms.known());
  EXPECT_NE(n.lsms.missing.find("ENOSYS"), std::string::npos) << n.lsms.missing;
}

TEST(HostViewTest, LandlockAbiAndWhyItIsMissing) {
  FixtureTree tree;
  FakeProbes probes;
  HostViewOptions o = tree.Options();
  o.probes = &probes;
  HostView on = Load(o);
  ASSERT_TRUE(on.landlock.known());
  EXPECT_TRUE(on.landlock->active);
  EXPECT_EQ(on.landlock->abi, 7);

  probes.landlock_errno = EOPNOTSUPP;
  HostView off = Load(o);
  ASSERT_TRUE(off.landlock.known());
  EXPECT_FALSE(off.landlock->active);
  EXPECT_EQ(off.landlock->detail, "built but disabled at boot");

  probes.landlock_errno = ENOSYS;
  EXPECT_EQ(Load(o).landlock->detail, "not built into this kernel");
}

TEST(HostViewTest, MemAutoInitFromTheBootLogOnlyForTheLiveSetup) {
  FixtureTree tree;
  tree.Write("proc/cmdline", "quiet\n");
  FakeProbes probes;
  probes.log = "<6>[0.1] mem auto-init: stack:all(zero), heap alloc:on, heap free:off\n";
  HostViewOptions o = tree.Options();
  o.probes = &probes;
  HostView h = Load(o);
  ASSERT_TRUE(h.mem_auto_init.known());
  EXPECT_EQ(h.mem_auto_init->stack, "all(zero)");
  EXPECT_TRUE(h.mem_auto_init->heap_alloc);
  EXPECT_FALSE(h.mem_auto_init->heap_free);

  // An explicit command line describes another boot than the log's.
  tree.Write("other.cmdline", "init_on_alloc=0\n");
  o.cmdline_file = tree.root() + "/other.cmdline";
  EXPECT_FALSE(Load(o).mem_auto_init.known());
}

TEST(HostViewTest, ParsesMemAutoInitVariants) {
  auto m = ParseMemAutoInit("x\nmem auto-init: stack:off, heap alloc:off, heap free:on\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->stack, "off");
  EXPECT_FALSE(m->heap_alloc);
  EXPECT_TRUE(m->heap_free);
  EXPECT_FALSE(ParseMemAutoInit("mem auto-init: stack:off"));
  EXPECT_FALSE(ParseMemAutoInit("no such line"));
}

TEST(HostViewTest, KaslrFromKallsymsAgainstTheLinkAddress) {
  FixtureTree tree;
  tree.WriteGzip("proc/config.gz", ConfigText({{"X86_64", "y"},
                                               {"PHYSICAL_START", "0x1000000"},
                                               {"PHYSICAL_ALIGN", "0x200000"}}));
  tree.Write("proc/kallsyms", "ffffffff81000000 T _stext\nffffffff81000000 T _text\n");
  HostView fixed = Load(tree.Options());
  ASSERT_TRUE(fixed.kaslr.known()) << fixed.kaslr.missing;
  EXPECT_FALSE(fixed.kaslr->randomized);

  tree.Write("proc/kallsyms", "ffffffffa7e00000 T _text\n");
  HostView moved = Load(tree.Options());
  ASSERT_TRUE(moved.kaslr.known());
  EXPECT_TRUE(moved.kaslr->randomized);

  tree.Write("proc/kallsyms", "0000000000000000 T _text\n");
  HostView hidden = Load(tree.Options());
  EXPECT_FALSE(hidden.kaslr.known());
  EXPECT_NE(hidden.kaslr.missing.find("hides addresses"), std::string::npos);
}

TEST(HostViewTest, ParsesKernelVersions) {
  auto v = ParseKernelVersion("6.18.44-fc-v782\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 6);
  EXPECT_EQ(v->minor, 18);
  EXPECT_EQ(v->patch, 44);
  EXPECT_EQ(v->release, "6.18.44-fc-v782");
  auto short_v = ParseKernelVersion("7.0");
  ASSERT_TRUE(short_v);
  EXPECT_EQ(short_v->patch, 0);
  EXPECT_FALSE(ParseKernelVersion("linux"));
  EXPECT_FALSE(ParseKernelVersion("6"));
}

}  // namespace
}  // namespace cordon::audit
