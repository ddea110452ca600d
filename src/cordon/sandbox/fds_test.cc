#include "cordon/sandbox/fds.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "cordon/sandbox/wire.h"

namespace cordon::sandbox {
namespace {

TEST(FdsTest, PassedDescriptorsAvoidPreservedOnes) {
  int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 3);
  Result<FdPlan> p = PlanFds({fd, 1, fd}, 2);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->preserve, std::vector<int>{fd});
  for (int t : p->passed_targets) EXPECT_NE(t, fd);
  EXPECT_EQ(p->passed_targets.size(), 2u);
  EXPECT_GT(p->internal_floor, fd);
  close(fd);
  EXPECT_EQ(PlanFds({fd}, 0).status().code(), Code::kUsage);  // closed now
  EXPECT_EQ(PlanFds({}, 1)->passed_targets, std::vector<int>{3});
}

TEST(FdsTest, EnvironmentResetAddAndOwnVariables) {
  char a[] = "A=1", b[] = "B=2", own[] = "CORDON_SECCOMP_FD=9";
  char* current[] = {a, b, own, nullptr};
  Environment env;
  env.add = {{"B", "3"}, {"C", "4"}};
  std::vector<std::string> out = BuildEnvironment(env, current, {"C=5"});
  EXPECT_EQ(out, (std::vector<std::string>{"A=1", "B=3", "C=5"}));
  env.reset = true;
  env.add = {{"X", "y=z"}};
  out = BuildEnvironment(env, current, {});
  EXPECT_EQ(out, std::vector<std::string>{"X=y=z"});
  EXPECT_STREQ(EnvValue(out, "X"), "y=z");
  EXPECT_EQ(EnvValue(out, "Y"), nullptr);
}

}  // namespace
}  // namespace cordon::sandbox
