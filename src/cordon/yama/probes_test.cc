// The live probes against this machine's kernel: whatever it is, the three
// witnesses must agree with each other.
#include "cordon/yama/probes.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>

namespace cordon::yama {
namespace {

bool SysctlExists() { return access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0; }

TEST(ProbesTest, NamesLsmIds) {
  EXPECT_EQ(LsmIdName(kLsmIdYama), "yama");
  EXPECT_EQ(LsmIdName(100), "capability");
  EXPECT_EQ(LsmIdName(110), "landlock");
  EXPECT_EQ(LsmIdName(999), "lsm#999");
  EXPECT_EQ(LsmIdName(0), "lsm#0");
}

TEST(ProbesTest, LsmListAgreesWithTheSysctl) {
  if (access("/proc/sys/kernel", F_OK) != 0) GTEST_SKIP() << "/proc/sys is not mounted";
  Result<std::vector<uint64_t>> ids = LiveYamaProbes()->LsmListModules();
  if (!ids.ok()) {
    ASSERT_EQ(ids.status().sys_errno(), ENOSYS) << ids.status().message();
    GTEST_SKIP() << "this kernel predates lsm_list_modules(2)";
  }
  ASSERT_FALSE(ids->empty());
  bool yama = false, capability = false;
  for (uint64_t id : *ids) {
    yama = yama || id == kLsmIdYama;
    capability = capability || LsmIdName(id) == "capability";
  }
  EXPECT_TRUE(capability) << "the capability LSM is always active";
  EXPECT_EQ(yama, SysctlExists());
}

TEST(ProbesTest, PrctlProbeAgreesWithTheSysctl) {
  if (access("/proc/sys/kernel", F_OK) != 0) GTEST_SKIP() << "/proc/sys is not mounted";
  Result<bool> accepted = LiveYamaProbes()->PtracerPrctlAccepted();
  ASSERT_TRUE(accepted.ok()) << accepted.status().message();
  EXPECT_EQ(*accepted, SysctlExists());
}

TEST(ProbesTest, PrctlProbeMatchesWhatThisProcessWouldSee) {
  // Asking directly here has no side effect only without Yama, so the
  // comparison is made only there.
  if (SysctlExists()) GTEST_SKIP() << "Yama is active: a direct prctl would clear an exception";
  errno = 0;
  EXPECT_EQ(prctl(kPrSetPtracer, 0UL, 0UL, 0UL, 0UL), -1);
  EXPECT_EQ(errno, EINVAL);
  Result<bool> accepted = LiveYamaProbes()->PtracerPrctlAccepted();
  ASSERT_TRUE(accepted.ok()) << accepted.status().message();
  EXPECT_FALSE(*accepted);
}

}  // namespace
}  // namespace cordon::yama
