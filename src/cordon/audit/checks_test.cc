#include "cordon/audit/checks.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <set>

#include "cordon/audit/audit_fixture.h"

namespace cordon::audit {
namespace {

using testing::ConfigText;
using testing::FakeProbes;
using testing::FixtureTree;

// Inside the kernel table's freshness window, and after 4.19's end of life.
constexpr Date kFresh{2025, 12, 10};
constexpr Date kLater{2026, 1, 15};

HostView Load(HostViewOptions o, Date today) {
  o.today = today;
  Result<HostView> h = LoadHostView(o);
  EXPECT_TRUE(h.ok()) << h.status().message();
  return h.ok() ? std::move(h).value() : HostView{};
}

std::map<std::string, Finding> ById(const std::vector<Finding>& findings) {
  std::map<std::string, Finding> out;
  for (const Finding& f : findings) out.emplace(f.id, f);
  return out;
}

const Finding& Get(const std::map<std::string, Finding>& m, const std::string& id) {
  static const Finding kMissing{"<missing>", Area::kLsm, 0, Outcome::kNa, "", "", "", ""};
  auto it = m.find(id);
  EXPECT_NE(it, m.end()) << id;
  return it == m.end() ? kMissing : it->second;
}

std::string Describe(const Finding& f) {
  return f.id + ": " + OutcomeName(f.outcome) + " seen='" + f.seen + "' reason='" + f.reason + "'";
}

// The three trees below cover every check's OK, FAIL and N/A on x86_64.
TEST(ChecksTest, HardenedX86TreePassesEveryCheck) {
  FixtureTree tree;
  testing::WriteHardenedX86(tree);
  HostView host = Load(tree.Options(), kFresh);
  std::vector<Finding> findings = RunChecks(host);
  EXPECT_EQ(findings.size(), CheckIds(AuditArch::kX86_64).size());
  for (const Finding& f : findings) EXPECT_EQ(f.outcome, Outcome::kOk) << Describe(f);
}

TEST(ChecksTest, WeakX86TreeFailsEveryCheckButYama) {
  FixtureTree tree;
  testing::WriteWeakX86(tree);
  HostView host = Load(tree.Options(), kLater);
  for (const Finding& f : RunChecks(host)) {
    Outcome want = f.id == "lsm.yama" ? Outcome::kOk : Outcome::kFail;
    EXPECT_EQ(f.outcome, want) << Describe(f);
  }
}

TEST(ChecksTest, EmptyTreeMakesEveryCheckNotApplicableWithAReason) {
  FixtureTree tree;
  HostViewOptions o = tree.Options();
  o.arch = AuditArch::kX86_64;
  HostView host = Load(o, kFresh);
  std::vector<Finding> findings = RunChecks(host);
  EXPECT_EQ(findings.size(), CheckIds(AuditArch::kX86_64).size());
  for (const Finding& f : findings) {
    EXPECT_EQ(f.outcome, Outcome::kNa) << Describe(f);
    EXPECT_FALSE(f.reason.empty()) << f.id;
  }
}

TEST(ChecksTest, HardenedArm64TreePassesEveryArm64Check) {
  FixtureTree tree;
  testing::WriteHardenedArm64(tree);
  HostView host = Load(tree.Options(), kFresh);
  ASSERT_EQ(host.arch, AuditArch::kArm64);
  auto m = ById(RunChecks(host));
  for (const auto& [id, f] : m) EXPECT_EQ(f.outcome, Outcome::kOk) << Describe(f);
  // arm64 has its own list: no x86-only checks, its own thresholds.
  EXPECT_EQ(m.count("boot.vsyscall"), 0u);
  EXPECT_EQ(m.count("config.RANDOMIZE_MEMORY"), 0u);
  EXPECT_EQ(m.count("kaslr.runtime"), 0u);
  EXPECT_EQ(m.count("config.UNMAP_KERNEL_AT_EL0"), 1u);
  EXPECT_EQ(Get(m, "sysctl.vm.mmap_min_addr").seen, "vm.mmap_min_addr = 32768");
}

TEST(ChecksTest, Arm64OnlyChecksFailAndGoNotApplicable) {
  const char* const kArmOnly[] = {"config.UNMAP_KERNEL_AT_EL0", "config.ARM64_SW_TTBR0_PAN",
                                  "config.COMPAT", "cmdline.mitigations",
                                  "sysctl.vm.mmap_min_addr"};
  FixtureTree weak;
  auto symbols = testing::HardenedArm64Symbols();
  symbols["UNMAP_KERNEL_AT_EL0"] = "n";
  symbols["ARM64_SW_TTBR0_PAN"] = "n";
  symbols["COMPAT"] = "y";
  weak.WriteGzip("proc/config.gz", ConfigText(symbols));
  weak.Write("proc/cmdline", "mitigations=off\n");
  weak.Sysctl("vm.mmap_min_addr", "4096\n");
  weak.Sysctl("kernel.osrelease", "6.18.5\n");
  auto m = ById(RunChecks(Load(weak.Options(), kFresh)));
  for (const char* id : kArmOnly) EXPECT_EQ(Get(m, id).outcome, Outcome::kFail) << id;

  FixtureTree empty;
  HostViewOptions o = empty.Options();
  o.arch = AuditArch::kArm64;
  auto na = ById(RunChecks(Load(o, kFresh)));
  for (const auto& [id, f] : na) EXPECT_EQ(f.outcome, Outcome::kNa) << Describe(f);
  for (const char* id : kArmOnly) EXPECT_EQ(na.count(id), 1u) << id;
}

TEST(ChecksTest, EveryCheckHasTextsAndUniqueIdsPerArch) {
  FixtureTree tree;
  for (AuditArch arch : {AuditArch::kX86_64, AuditArch::kArm64, AuditArch::kOther}) {
    HostViewOptions o = tree.Options();
    o.arch = arch;
    std::vector<Finding> findings = RunChecks(Load(o, kFresh));
    std::set<std::string> ids;
    for (const Finding& f : findings) {
      EXPECT_TRUE(ids.insert(f.id).second) << "duplicate " << f.id;
      EXPECT_FALSE(f.recommended.empty()) << f.id;
      EXPECT_FALSE(f.why.empty()) << f.id;
      EXPECT_EQ(f.why.back(), '.') << f.id << ": why is one sentence";
      EXPECT_NE(f.sources, 0u) << f.id;
    }
    EXPECT_GT(findings.size(), 50u);
  }
}

TEST(ChecksTest, OnlyFiltersBySource) {
  FixtureTree tree;
  testing::WriteHardenedX86(tree);
  HostView host = Load(tree.Options(), kFresh);
  auto talk = ById(RunChecks(host, kSourceTalk));
  EXPECT_TRUE(talk.count("mem.init_on_alloc"));
  EXPECT_TRUE(talk.count("mem.stack_init"));
  EXPECT_TRUE(talk.count("lsm.yama"));
  EXPECT_TRUE(talk.count("cmdline.nokaslr"));
  EXPECT_TRUE(talk.count("kernel.latest"));
  EXPECT_TRUE(talk.count("seccomp.filter"));
  EXPECT_FALSE(talk.count("config.VMAP_STACK"));
  for (const auto& [id, f] : talk) EXPECT_TRUE(f.sources & kSourceTalk) << id;
  auto kspp = ById(RunChecks(host, kSourceKspp | kSourceKhc));
  EXPECT_TRUE(kspp.count("config.VMAP_STACK"));
  EXPECT_FALSE(kspp.count("kernel.latest"));
  EXPECT_FALSE(kspp.count("lsm.mac"));
}

// ---- Command line over config, boot report over both.

struct BootCase {
  std::map<std::string, std::string> config;
  std::string cmdline;
};

std::map<std::string, Finding> RunBoot(const BootCase& c, const std::string& log = "",
                                       bool with_probes = false) {
  FixtureTree tree;
  auto symbols = testing::HardenedX86Symbols();
  for (const auto& [k, v] : c.config) symbols[k] = v;
  tree.WriteGzip("proc/config.gz", ConfigText(symbols));
  tree.Write("proc/cmdline", c.cmdline + "\n");
  HostViewOptions o = tree.Options();
  FakeProbes probes;
  probes.log = log;
  if (with_probes) o.probes = &probes;
  return ById(RunChecks(Load(o, kFresh)));
}

TEST(ChecksTest, InitOnAllocCommandLineOverridesConfig) {
  auto off = RunBoot({{{"INIT_ON_ALLOC_DEFAULT_ON", "y"}}, "quiet init_on_alloc=0"});
  EXPECT_EQ(Get(off, "mem.init_on_alloc").outcome, Outcome::kFail);
  EXPECT_NE(Get(off, "mem.init_on_alloc").seen.find("init_on_alloc=0"), std::string::npos);
  auto on = RunBoot({{{"INIT_ON_ALLOC_DEFAULT_ON", "n"}}, "init_on_alloc=1"});
  EXPECT_EQ(Get(on, "mem.init_on_alloc").outcome, Outcome::kOk);
  auto def = RunBoot({{{"INIT_ON_ALLOC_DEFAULT_ON", "n"}}, "quiet"});
  EXPECT_EQ(Get(def, "mem.init_on_alloc").outcome, Outcome::kFail);
  // A value the kernel cannot parse leaves the default in force.
  auto junk = RunBoot({{{"INIT_ON_ALLOC_DEFAULT_ON", "y"}}, "init_on_alloc=maybe"});
  EXPECT_EQ(Get(junk, "mem.init_on_alloc").outcome, Outcome::kOk);
  EXPECT_NE(Get(junk, "mem.init_on_alloc").seen.find("ignores"), std::string::npos);
  // Only the kernel's parameters count, not init's after "--".
  auto init_arg = RunBoot({{{"INIT_ON_ALLOC_DEFAULT_ON", "y"}}, "quiet -- init_on_alloc=0"});
  EXPECT_EQ(Get(init_arg, "mem.init_on_alloc").outcome, Outcome::kOk);
}

TEST(ChecksTest, KernelBootReportBeatsConfigAndCommandLine) {
  // Config and command line say on; the kernel says it is off.
  auto m = RunBoot({{{"INIT_ON_ALLOC_DEFAULT_ON", "y"}}, "init_on_alloc=1"},
                   "mem auto-init: stack:all(pattern), heap alloc:off, heap free:on\n", true);
  EXPECT_EQ(Get(m, "mem.init_on_alloc").outcome, Outcome::kFail);
  EXPECT_NE(Get(m, "mem.init_on_alloc").seen.find("kernel reports heap alloc:off"),
            std::string::npos);
  EXPECT_EQ(Get(m, "mem.init_on_free").outcome, Outcome::kOk);
  EXPECT_EQ(Get(m, "mem.stack_init").outcome, Outcome::kFail);
  EXPECT_NE(Get(m, "mem.stack_init").reason.find("pattern"), std::string::npos);
}

TEST(ChecksTest, StackInitAcceptsStructleakByrefAll) {
  auto m = RunBoot({{{"INIT_STACK_ALL_ZERO", "n"}, {"GCC_PLUGIN_STRUCTLEAK_BYREF_ALL", "y"}}, ""});
  EXPECT_EQ(Get(m, "mem.stack_init").outcome, Outcome::kOk);
  auto p = RunBoot({{{"INIT_STACK_ALL_ZERO", "n"}, {"INIT_STACK_ALL_PATTERN", "y"}}, ""});
  EXPECT_EQ(Get(p, "mem.stack_init").outcome, Outcome::kFail);
  EXPECT_EQ(Get(p, "mem.stack_init").seen, "CONFIG_INIT_STACK_ALL_PATTERN=y");
}

TEST(ChecksTest, SlabMergeLastWordWins) {
  EXPECT_EQ(
      Get(RunBoot({{{"SLAB_MERGE_DEFAULT", "y"}}, "slab_nomerge"}), "boot.slab_nomerge").outcome,
      Outcome::kOk);
  EXPECT_EQ(
      Get(RunBoot({{{"SLAB_MERGE_DEFAULT", "n"}}, "slab_nomerge slub_merge"}), "boot.slab_nomerge")
          .outcome,
      Outcome::kFail);
  EXPECT_EQ(Get(RunBoot({{{"SLAB_MERGE_DEFAULT", "y"}}, "quiet"}), "boot.slab_nomerge").outcome,
            Outcome::kFail);
}

TEST(ChecksTest, VsyscallIa32AndDebugfsOverrides) {
  auto m = RunBoot({{{"LEGACY_VSYSCALL_NONE", "n"},
                     {"LEGACY_VSYSCALL_XONLY", "y"},
                     {"IA32_EMULATION", "y"},
                     {"DEBUG_FS", "y"}},
                    "vsyscall=none ia32_emulation=0 debugfs=off"});
  EXPECT_EQ(Get(m, "boot.vsyscall").outcome, Outcome::kOk);
  EXPECT_EQ(Get(m, "boot.ia32_emulation").outcome, Outcome::kOk);
  EXPECT_EQ(Get(m, "boot.debugfs").outcome, Outcome::kOk);
  auto bad = RunBoot(
      {{{"IA32_EMULATION", "y"}, {"IA32_EMULATION_DEFAULT_DISABLED", "y"}, {"DEBUG_FS", "y"}},
       "vsyscall=emulate ia32_emulation=1 debugfs=no-mount"});
  EXPECT_EQ(Get(bad, "boot.vsyscall").outcome, Outcome::kFail);
  EXPECT_EQ(Get(bad, "boot.ia32_emulation").outcome, Outcome::kFail);
  EXPECT_EQ(Get(bad, "boot.debugfs").outcome, Outcome::kFail);
  auto dflt = RunBoot({{{"IA32_EMULATION", "y"}, {"IA32_EMULATION_DEFAULT_DISABLED", "y"}}, ""});
  EXPECT_EQ(Get(dflt, "boot.ia32_emulation").outcome, Outcome::kOk);
}

TEST(ChecksTest, NokaslrIsFlagged) {
  auto m = RunBoot({{}, "quiet nokaslr pti=on mitigations=auto,nosmt"});
  EXPECT_EQ(Get(m, "cmdline.nokaslr").outcome, Outcome::kFail);
  EXPECT_EQ(Get(m, "cmdline.nokaslr").seen, "nokaslr on the command line");
  EXPECT_EQ(Get(m, "cmdline.disabled_protections").outcome, Outcome::kOk);
}

TEST(ChecksTest, MitigationsNeedNosmtOnX86) {
  EXPECT_EQ(Get(RunBoot({{}, "mitigations=auto"}), "cmdline.mitigations").outcome, Outcome::kFail);
  EXPECT_EQ(Get(RunBoot({{}, "mitigations=auto nosmt"}), "cmdline.mitigations").outcome,
            Outcome::kOk);
  EXPECT_EQ(Get(RunBoot({{}, "mitigations=off,nosmt"}), "cmdline.mitigations").outcome,
            Outcome::kFail);
}

TEST(ChecksTest, DisabledProtectionsListsEachOne) {
  auto m = RunBoot({{}, "nosmep rodata=off spectre_v2=off kpti=0 rodata_x=off"});
  const Finding& f = Get(m, "cmdline.disabled_protections");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.seen, "nosmep, rodata=off, spectre_v2=off, kpti=0");
}

TEST(ChecksTest, IommuPassthroughFromIommuPt) {
  EXPECT_EQ(Get(RunBoot({{}, "iommu=pt"}), "boot.iommu_passthrough").outcome, Outcome::kFail);
  EXPECT_EQ(Get(RunBoot({{}, "iommu.passthrough=0"}), "boot.iommu_passthrough").outcome,
            Outcome::kOk);
  EXPECT_EQ(
      Get(RunBoot({{{"IOMMU_DEFAULT_DMA_STRICT", "n"}}, "iommu.strict=1"}), "boot.iommu_strict")
          .outcome,
      Outcome::kOk);
}

TEST(ChecksTest, ModuleRulesAreMootWithoutModules) {
  auto m = RunBoot({{{"MODULES", "n"},
                     {"MODULE_SIG", "n"},
                     {"MODULE_SIG_FORCE", "n"},
                     {"STRICT_MODULE_RWX", "n"}},
                    ""});
  for (const char* id :
       {"config.MODULE_SIG", "config.MODULE_SIG_FORCE", "config.STRICT_MODULE_RWX"}) {
    EXPECT_EQ(Get(m, id).outcome, Outcome::kOk) << id;
    EXPECT_EQ(Get(m, id).seen, "CONFIG_MODULES is not set") << id;
  }
}

TEST(ChecksTest, OlderNamesSatisfyRules) {
  auto m = RunBoot({{{"LIST_HARDENED", "n"},
                     {"DEBUG_LIST", "y"},
                     {"MITIGATION_PAGE_TABLE_ISOLATION", "n"},
                     {"PAGE_TABLE_ISOLATION", "y"}},
                    ""});
  EXPECT_EQ(Get(m, "config.LIST_HARDENED").seen, "CONFIG_DEBUG_LIST=y");
  EXPECT_EQ(Get(m, "config.PAGE_TABLE_ISOLATION").outcome, Outcome::kOk);
  auto x32 = RunBoot({{{"X86_X32_ABI", "n"}, {"X86_X32", "y"}}, ""});
  EXPECT_EQ(Get(x32, "config.X86_X32_ABI").outcome, Outcome::kFail);
  EXPECT_EQ(Get(x32, "config.X86_X32_ABI").seen, "CONFIG_X86_X32=y");
}

TEST(ChecksTest, YamaBuiltButNotListedFails) {
  auto m = RunBoot({{{"LSM", "landlock,lockdown,apparmor"}}, ""});
  const Finding& f = Get(m, "config.SECURITY_YAMA");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_NE(f.seen.find("missing from CONFIG_LSM"), std::string::npos);
}

// ---- Runtime truth.

std::map<std::string, Finding> RunLive(FakeProbes& probes, const std::string& lsm_file = "",
                                       Date today = kFresh) {
  FixtureTree tree;
  tree.WriteGzip("proc/config.gz", ConfigText(testing::HardenedX86Symbols()));
  tree.Write("proc/cmdline", "pti=on\n");
  tree.Sysctl("kernel.kptr_restrict", "2\n");
  if (!lsm_file.empty()) tree.Write("sys/kernel/security/lsm", lsm_file);
  HostViewOptions o = tree.Options();
  o.probes = &probes;
  return ById(RunChecks(Load(o, today)));
}

TEST(ChecksTest, YamaNotActiveDespiteConfigLsm) {
  // Like this machine: CONFIG_LSM names yama, but the kernel runs without it.
  FakeProbes probes;
  probes.lsm_ids = {108, 100, 110, 109};
  auto m = RunLive(probes);
  EXPECT_EQ(Get(m, "lsm.yama").outcome, Outcome::kFail);
  EXPECT_NE(Get(m, "lsm.yama").seen.find("lsm_list_modules(2)"), std::string::npos);
  EXPECT_EQ(Get(m, "sysctl.kernel.yama.ptrace_scope").outcome, Outcome::kNa);
  EXPECT_EQ(Get(m, "lsm.mac").outcome, Outcome::kFail);
  EXPECT_EQ(Get(m, "lsm.landlock").outcome, Outcome::kOk);
  EXPECT_EQ(Get(m, "lsm.landlock").seen, "active, ABI 7 (landlock_create_ruleset(2))");
}

TEST(ChecksTest, SelinuxPermissiveIsNotEnough) {
  FixtureTree tree;
  tree.Write("sys/kernel/security/lsm", "capability,selinux");
  tree.Write("sys/fs/selinux/enforce", "0");
  auto m = ById(RunChecks(Load(tree.Options(), kFresh)));
  EXPECT_EQ(Get(m, "lsm.mac").outcome, Outcome::kFail);
  tree.Write("sys/fs/selinux/enforce", "1");
  auto e = ById(RunChecks(Load(tree.Options(), kFresh)));
  EXPECT_EQ(Get(e, "lsm.mac").outcome, Outcome::kOk);
}

TEST(ChecksTest, LandlockDisabledAtBootFails) {
  FakeProbes probes;
  probes.landlock_errno = EOPNOTSUPP;
  auto m = RunLive(probes);
  EXPECT_EQ(Get(m, "lsm.landlock").outcome, Outcome::kFail);
  EXPECT_NE(Get(m, "lsm.landlock").seen.find("disabled at boot"), std::string::npos);
}

// ---- The kernel series.

std::map<std::string, Finding> RunVersion(const std::string& release, Date today) {
  FixtureTree tree;
  tree.Sysctl("kernel.osrelease", release + "\n");
  return ById(RunChecks(Load(tree.Options(), today)));
}

TEST(ChecksTest, KernelSeriesAgeAndMaintenance) {
  // A maintained LTS that is not the newest series.
  auto lts = RunVersion("6.1.192-1-amd64", kFresh);
  EXPECT_EQ(Get(lts, "kernel.maintained").outcome, Outcome::kOk);
  EXPECT_EQ(Get(lts, "kernel.latest").outcome, Outcome::kFail);
  EXPECT_NE(Get(lts, "kernel.latest").seen.find("released 2022-12-11, 1095 days ago"),
            std::string::npos)
      << Get(lts, "kernel.latest").seen;
  // The same LTS after its end of life.
  EXPECT_EQ(Get(RunVersion("6.1.192", {2028, 1, 1}), "kernel.maintained").outcome, Outcome::kFail);
  // A non-LTS series long after its successor.
  auto old = RunVersion("6.2.16", kFresh);
  EXPECT_EQ(Get(old, "kernel.maintained").outcome, Outcome::kFail);
  // A series missing from the table (6.13) is judged by the next one listed.
  EXPECT_EQ(Get(RunVersion("6.13.2", kFresh), "kernel.maintained").outcome, Outcome::kFail);
  // Older than any listed series.
  EXPECT_EQ(Get(RunVersion("3.10.0-1160.el7.x86_64", kFresh), "kernel.maintained").outcome,
            Outcome::kFail);
  // The newest series while the table is fresh, and once it is stale.
  auto newest = RunVersion("6.18.1", kFresh);
  EXPECT_EQ(Get(newest, "kernel.latest").outcome, Outcome::kOk);
  EXPECT_EQ(Get(newest, "kernel.maintained").outcome, Outcome::kOk);
  auto stale = RunVersion("6.18.44-fc-v782", {2026, 11, 28});
  EXPECT_EQ(Get(stale, "kernel.latest").outcome, Outcome::kNa);
  EXPECT_NE(Get(stale, "kernel.latest").reason.find("2025-12-03"), std::string::npos);
  EXPECT_EQ(Get(stale, "kernel.maintained").outcome, Outcome::kOk);  // LTS until 2027-12
  // Newer than the table.
  EXPECT_EQ(Get(RunVersion("7.2.0", {2026, 11, 28}), "kernel.latest").outcome, Outcome::kNa);
  EXPECT_EQ(Get(RunVersion("7.2.0", kFresh), "kernel.latest").outcome, Outcome::kOk);
}

// ---- Sysctls.

TEST(ChecksTest, SysctlsMootWhenFeatureNotBuilt) {
  FixtureTree tree;
  auto symbols = testing::HardenedX86Symbols();
  symbols["BPF_SYSCALL"] = "n";
  symbols["MAGIC_SYSRQ"] = "n";
  tree.WriteGzip("proc/config.gz", ConfigText(symbols));
  tree.Sysctl("kernel.kptr_restrict", "1\n");
  auto m = ById(RunChecks(Load(tree.Options(), kFresh)));
  EXPECT_EQ(Get(m, "sysctl.kernel.unprivileged_bpf_disabled").outcome, Outcome::kOk);
  EXPECT_EQ(Get(m, "sysctl.kernel.sysrq").outcome, Outcome::kOk);
  EXPECT_EQ(Get(m, "sysctl.kernel.kptr_restrict").outcome, Outcome::kFail);
  // Present in the config but absent from /proc/sys: cannot tell.
  EXPECT_EQ(Get(m, "sysctl.fs.suid_dumpable").outcome, Outcome::kNa);
}

TEST(ChecksTest, UserNamespacesAcceptDebianKnob) {
  FixtureTree tree;
  tree.Sysctl("user.max_user_namespaces", "63000\n");
  tree.Sysctl("kernel.unprivileged_userns_clone", "0\n");
  auto m = ById(RunChecks(Load(tree.Options(), kFresh)));
  EXPECT_EQ(Get(m, "sysctl.user.max_user_namespaces").outcome, Outcome::kOk);
  tree.Sysctl("kernel.unprivileged_userns_clone", "1\n");
  auto bad = ById(RunChecks(Load(tree.Options(), kFresh)));
  EXPECT_EQ(Get(bad, "sysctl.user.max_user_namespaces").outcome, Outcome::kFail);
}

TEST(ChecksTest, SysctlFileAbsenceIsNotAFailure) {
  FixtureTree tree;
  tree.Write("sysctl.txt", "kernel.kptr_restrict = 2\n");
  tree.Sysctl("kernel.osrelease", "5.4.0\n");
  HostViewOptions o = tree.Options();
  o.sysctl_file = tree.root() + "/sysctl.txt";
  auto m = ById(RunChecks(Load(o, kFresh)));
  EXPECT_EQ(Get(m, "sysctl.kernel.kptr_restrict").outcome, Outcome::kOk);
  // 5.4 predates legacy_tiocsti, but a partial file proves nothing.
  EXPECT_EQ(Get(m, "sysctl.dev.tty.legacy_tiocsti").outcome, Outcome::kNa);
}

}  // namespace
}  // namespace cordon::audit
