#include "cordon/sandbox/rlimits.h"

#include <gtest/gtest.h>

namespace cordon::sandbox {
namespace {

TEST(RlimitsTest, ParsesMinijailSyntax) {
  EXPECT_EQ(ParseRlimit("RLIMIT_NOFILE,64,128").value(), (ResourceLimit{RLIMIT_NOFILE, 64, 128}));
  EXPECT_EQ(ParseRlimit("as,1048576,unlimited").value(),
            (ResourceLimit{RLIMIT_AS, 1048576, RLIM_INFINITY}));
  EXPECT_EQ(ParseRlimit("7,0x10,0x10").value(), (ResourceLimit{RLIMIT_NOFILE, 16, 16}));
  EXPECT_EQ(RlimitName(RLIMIT_CORE), "RLIMIT_CORE");
  for (const char* bad : {"", "NOFILE", "NOFILE,1", "NOFILE,1,2,3", "BOGUS,1,1", "NOFILE,2,1",
                          "NOFILE,x,1", "99,1,1"}) {
    EXPECT_EQ(ParseRlimit(bad).status().code(), Code::kUsage) << bad;
  }
}

}  // namespace
}  // namespace cordon::sandbox
