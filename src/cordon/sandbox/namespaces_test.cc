#include "cordon/sandbox/namespaces.h"

#include <gtest/gtest.h>
#include <sched.h>

namespace cordon::sandbox {
namespace {

TEST(NamespacesTest, CloneFlags) {
  Namespaces ns;
  EXPECT_EQ(CloneFlags(ns), 0u);
  ns.user = ns.pid = ns.mount = ns.net = ns.ipc = ns.uts = true;
  EXPECT_EQ(CloneFlags(ns), static_cast<uint64_t>(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS |
                                                  CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS));
  ns = Namespaces{};
  ns.program_is_init = true;  // -I implies a pid namespace
  EXPECT_EQ(CloneFlags(ns), static_cast<uint64_t>(CLONE_NEWPID));
  ns = Namespaces{};
  ns.net = true;
  ns.net_ns_path = "/run/netns/x";  // joined, not created
  EXPECT_EQ(CloneFlags(ns), 0u);
}

TEST(NamespacesTest, IdMapsInMinijailSyntax) {
  Result<std::vector<IdMapEntry>> m = ParseIdMap("0 1000 1,1 100000 65536");
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[1], (IdMapEntry{1, 100000, 65536}));
  EXPECT_EQ(FormatIdMap(*m, 7), "0 1000 1\n1 100000 65536\n");
  EXPECT_EQ(FormatIdMap({}, 1000), "0 1000 1\n");
  for (const char* bad :
       {"", "0 1000", "0 1000 1 2", "a b c", "0 1000 0", "0 99999999999 1", "0 1 1,"}) {
    EXPECT_EQ(ParseIdMap(bad).status().code(), Code::kUsage) << bad;
  }
}

}  // namespace
}  // namespace cordon::sandbox
