#include "cordon/yama/status.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>

#include "cordon/base/files.h"
#include "testing/run_command.h"

namespace cordon::yama {
namespace {

using cordon::testing::TempDir;

constexpr char kScopeFile[] = "proc/sys/kernel/yama/ptrace_scope";

// FakeProbes answers as told; it counts the calls.
class FakeProbes : public YamaProbes {
 public:
  Result<std::vector<uint64_t>> LsmListModules() override {
    ++lsm_calls;
    if (lsm_errno != 0) return ErrnoStatus(lsm_errno, "lsm_list_modules");
    return lsm_ids;
  }
  Result<bool> PtracerPrctlAccepted() override {
    ++prctl_calls;
    if (prctl_errno != 0) return ErrnoStatus(prctl_errno, "prctl(PR_SET_PTRACER, 0) in a child");
    return prctl_accepted;
  }

  std::vector<uint64_t> lsm_ids = {100, 108, 110};
  int lsm_errno = 0;
  bool prctl_accepted = false;
  int prctl_errno = 0;
  int lsm_calls = 0;
  int prctl_calls = 0;
};

std::string Contents(const TempDir& dir) {
  Result<std::string> text = ReadFile(dir.path() + "/" + kScopeFile);
  return text.ok() ? *text : "<" + text.status().message() + ">";
}

TEST(YamaStatusTest, SysctlPathIsUnderTheRoot) {
  EXPECT_EQ(SysctlPath("/"), "/proc/sys/kernel/yama/ptrace_scope");
  EXPECT_EQ(SysctlPath("/img"), "/img/proc/sys/kernel/yama/ptrace_scope");
  EXPECT_EQ(SysctlPath("/img/"), "/img/proc/sys/kernel/yama/ptrace_scope");
}

TEST(YamaStatusTest, SysctlAloneDecidesWithoutProbes) {
  TempDir dir;
  dir.Write(kScopeFile, "1\n");
  YamaStatus s = ReadYamaStatus({.root = dir.path()});
  EXPECT_EQ(s.active, true);
  EXPECT_EQ(s.decided_by, "sysctl");
  EXPECT_EQ(s.scope, PtraceScope::kRelational);
  EXPECT_FALSE(s.prctl.asked);
  EXPECT_FALSE(s.lsm.asked);
  EXPECT_TRUE(s.disagreements.empty());
}

TEST(YamaStatusTest, AbsentSysctlUnderAMountedProcSysMeansNoYama) {
  TempDir dir;
  dir.Write("proc/sys/kernel/osrelease", "6.18.0\n");
  YamaStatus s = ReadYamaStatus({.root = dir.path()});
  EXPECT_EQ(s.active, false);
  EXPECT_EQ(s.decided_by, "sysctl");
  EXPECT_EQ(s.scope, std::nullopt);
  EXPECT_EQ(s.sysctl.error, "absent");
}

TEST(YamaStatusTest, AbsentProcSysMeansUnknownAndSaysWhy) {
  TempDir dir;
  YamaStatus s = ReadYamaStatus({.root = dir.path()});
  EXPECT_EQ(s.active, std::nullopt);
  EXPECT_NE(s.sysctl.error.find("is /proc mounted?"), std::string::npos) << s.sysctl.error;
}

TEST(YamaStatusTest, GarbageScopeIsActiveWithUnknownScope) {
  TempDir dir;
  dir.Write(kScopeFile, "7\n");
  YamaStatus s = ReadYamaStatus({.root = dir.path()});
  EXPECT_EQ(s.active, true);
  EXPECT_EQ(s.scope, std::nullopt);
  EXPECT_NE(s.sysctl.error.find("'7'"), std::string::npos) << s.sysctl.error;
}

TEST(YamaStatusTest, LsmListOutranksTheSysctlAndTheDisagreementIsReported) {
  TempDir dir;
  dir.Write("proc/sys/kernel/osrelease", "6.18.0\n");
  FakeProbes probes;
  probes.lsm_ids = {100, 105, 110};
  probes.prctl_accepted = true;
  YamaStatus s = ReadYamaStatus({.root = dir.path(), .probes = &probes});
  EXPECT_EQ(s.active, true);
  EXPECT_EQ(s.decided_by, "lsm_list_modules(2)");
  EXPECT_TRUE(s.lsm.lists_yama);
  ASSERT_EQ(s.lsm.lsms, (std::vector<std::string>{"capability", "yama", "landlock"}));
  ASSERT_EQ(s.disagreements.size(), 1u);
  EXPECT_NE(s.disagreements[0].find("sysctl says Yama is not active"), std::string::npos)
      << s.disagreements[0];
  EXPECT_EQ(probes.lsm_calls, 1);
  EXPECT_EQ(probes.prctl_calls, 1);
}

TEST(YamaStatusTest, OldKernelFallsBackToTheSysctl) {
  TempDir dir;
  dir.Write(kScopeFile, "2\n");
  FakeProbes probes;
  probes.lsm_errno = ENOSYS;
  probes.prctl_accepted = true;
  YamaStatus s = ReadYamaStatus({.root = dir.path(), .probes = &probes});
  EXPECT_EQ(s.active, true);
  EXPECT_EQ(s.decided_by, "sysctl");
  EXPECT_EQ(s.scope, PtraceScope::kAdminOnly);
  EXPECT_NE(s.lsm.error.find("Linux before 6.8"), std::string::npos) << s.lsm.error;
  EXPECT_TRUE(s.disagreements.empty());
}

TEST(YamaStatusTest, PrctlProbeDecidesWhenNothingElseCan) {
  TempDir dir;  // no /proc at all
  FakeProbes probes;
  probes.lsm_errno = ENOSYS;
  probes.prctl_accepted = false;
  YamaStatus s = ReadYamaStatus({.root = dir.path(), .probes = &probes});
  EXPECT_EQ(s.active, false);
  EXPECT_EQ(s.decided_by, "prctl probe");
}

TEST(YamaStatusTest, ProbeFailureIsRecordedNotFatal) {
  TempDir dir;
  dir.Write(kScopeFile, "1\n");
  FakeProbes probes;
  probes.lsm_errno = EPERM;
  probes.prctl_errno = EPERM;
  YamaStatus s = ReadYamaStatus({.root = dir.path(), .probes = &probes});
  EXPECT_EQ(s.active, true);
  EXPECT_EQ(s.decided_by, "sysctl");
  EXPECT_NE(s.prctl.error.find("EPERM"), std::string::npos);
  EXPECT_EQ(s.prctl.accepted, std::nullopt);
  EXPECT_NE(s.lsm.error.find("EPERM"), std::string::npos);
}

TEST(YamaSetTest, WritesTheScopeAndReadsItBack) {
  TempDir dir;
  dir.Write(kScopeFile, "0\n");
  Result<SetResult> r = SetPtraceScope(PtraceScope::kAdminOnly, false, {.root = dir.path()});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->before, PtraceScope::kClassic);
  EXPECT_EQ(r->after, PtraceScope::kAdminOnly);
  EXPECT_EQ(Contents(dir), "2\n");
}

TEST(YamaSetTest, RefusesThreeWithoutIrreversible) {
  TempDir dir;
  dir.Write(kScopeFile, "1\n");
  Result<SetResult> r = SetPtraceScope(PtraceScope::kNoAttach, false, {.root = dir.path()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUsage);
  EXPECT_NE(r.status().message().find("--irreversible"), std::string::npos);
  EXPECT_EQ(Contents(dir), "1\n");

  r = SetPtraceScope(PtraceScope::kNoAttach, true, {.root = dir.path()});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Contents(dir), "3\n");
}

TEST(YamaSetTest, RefusesToLowerFromThreeAndSaysWhy) {
  TempDir dir;
  dir.Write(kScopeFile, "3\n");
  for (PtraceScope lower :
       {PtraceScope::kClassic, PtraceScope::kRelational, PtraceScope::kAdminOnly}) {
    Result<SetResult> r = SetPtraceScope(lower, false, {.root = dir.path()});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
    EXPECT_NE(r.status().message().find("until reboot"), std::string::npos) << r.status().message();
  }
  EXPECT_EQ(Contents(dir), "3\n");
  // Setting 3 again is allowed, as by the kernel.
  Result<SetResult> r = SetPtraceScope(PtraceScope::kNoAttach, true, {.root = dir.path()});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->before, r->after);
}

TEST(YamaSetTest, WithoutYamaItIsUnsupported) {
  TempDir dir;
  dir.Write("proc/sys/kernel/osrelease", "6.18.0\n");
  Result<SetResult> r = SetPtraceScope(PtraceScope::kRelational, false, {.root = dir.path()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnsupported);
  EXPECT_NE(r.status().message().find("Yama is not active"), std::string::npos);
  EXPECT_NE(access((dir.path() + "/" + kScopeFile).c_str(), F_OK), 0) << "nothing was created";
}

TEST(YamaSetTest, OnThisMachineWithoutYamaSetIsUnsupported) {
  // A real check, made only where it cannot change the host's setting.
  if (access("/proc/sys/kernel", F_OK) != 0) GTEST_SKIP() << "/proc/sys is not mounted";
  if (access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0)
    GTEST_SKIP() << "this kernel has Yama; not touching the host's ptrace_scope";
  std::unique_ptr<YamaProbes> live = LiveYamaProbes();
  YamaOptions opts{.root = "/", .probes = live.get()};
  YamaStatus s = ReadYamaStatus(opts);
  EXPECT_EQ(s.active, false);
  EXPECT_EQ(s.prctl.accepted, false);
  Result<SetResult> r = SetPtraceScope(PtraceScope::kRelational, false, opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnsupported) << r.status().message();
}

}  // namespace
}  // namespace cordon::yama
