#include "cordon/sandbox/caps.h"

#include <gtest/gtest.h>
#include <linux/capability.h>

namespace cordon::sandbox {
namespace {

TEST(CapsTest, MasksAndNames) {
  EXPECT_EQ(ParseCapabilities("0x3000").value(), 0x3000u);
  EXPECT_EQ(ParseCapabilities("0").value(), 0u);
  EXPECT_EQ(ParseCapabilities("cap_net_bind_service,CAP_CHOWN").value(),
            (uint64_t{1} << CAP_NET_BIND_SERVICE) | (uint64_t{1} << CAP_CHOWN));
  EXPECT_EQ(ParseCapabilities("cap_nope").status().code(), Code::kUsage);
  EXPECT_EQ(ParseCapabilities("0xzz").status().code(), Code::kUsage);
  EXPECT_EQ(CapabilityNames((uint64_t{1} << CAP_CHOWN) | (uint64_t{1} << CAP_NET_RAW)),
            "cap_chown,cap_net_raw");
  EXPECT_EQ(CapabilityNames(0), "");
  EXPECT_GE(LastCapability(), CAP_AUDIT_READ);
}

}  // namespace
}  // namespace cordon::sandbox
