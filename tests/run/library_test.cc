// The library API: examples/confine_self.cc confines itself (and a thread
// it started before) with examples/confine_self.policy.
#include <gtest/gtest.h>

#include "run_testing.h"

namespace cordon {
namespace {

TEST(RunLibraryTest, ExampleConfinesEveryThread) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "the example is sanitized too, and LeakSanitizer's exit-time check (ptrace) "
                  "is outside its policy";
#endif
  auto r = testing::RunCommand(
      {testing::ConfineExample(), testing::SourcePath("examples/confine_self.policy")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "confined: no_new_privs=1 CapEff=0000000000000000\n"
            "main thread: socket: Operation not permitted\n"
            "worker thread: socket: Operation not permitted\n");
}

TEST(RunLibraryTest, ExampleRefusesToRunUnconfined) {
  testing::TempDir dir;
  std::string bad = dir.Write("bad.policy", "write: 1\nnot_a_syscall: 1\n");
  auto r = testing::RunCommand({testing::ConfineExample(), bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("bad.policy:2:1"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cordon
