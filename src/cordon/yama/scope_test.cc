#include "cordon/yama/scope.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cordon::yama {
namespace {

TEST(ScopeTest, ParsesTheFourScopesAsTheSysctlPrintsThem) {
  EXPECT_EQ(ParseScope("0"), PtraceScope::kClassic);
  EXPECT_EQ(ParseScope("1\n"), PtraceScope::kRelational);
  EXPECT_EQ(ParseScope(" 2 "), PtraceScope::kAdminOnly);
  EXPECT_EQ(ParseScope("3"), PtraceScope::kNoAttach);
}

TEST(ScopeTest, RejectsWhatIsNotAScope) {
  for (const char* bad : {"", "4", "-1", "+1", "1x", "x", "1 2", "99999999999999999999"}) {
    EXPECT_EQ(ParseScope(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(ScopeFromNumber(-1), std::nullopt);
  EXPECT_EQ(ScopeFromNumber(4), std::nullopt);
  EXPECT_EQ(ScopeFromNumber(2), PtraceScope::kAdminOnly);
}

TEST(ScopeTest, EachScopeHasItsOwnNameAndMeaning) {
  std::set<std::string> names, meanings;
  for (int n = 0; n <= 3; ++n) {
    PtraceScope s = *ScopeFromNumber(n);
    EXPECT_EQ(ScopeNumber(s), n);
    names.insert(ScopeName(s));
    meanings.insert(ScopeMeaning(s));
  }
  EXPECT_EQ(names.size(), 4u);
  EXPECT_EQ(meanings.size(), 4u);
  EXPECT_STREQ(ScopeName(PtraceScope::kRelational), "relational");
  EXPECT_NE(std::string(ScopeMeaning(PtraceScope::kRelational)).find("PR_SET_PTRACER"),
            std::string::npos);
  EXPECT_NE(std::string(ScopeMeaning(PtraceScope::kNoAttach)).find("reboot"), std::string::npos);
  EXPECT_NE(std::string(NoYamaMeaning()).find("EINVAL"), std::string::npos);
}

}  // namespace
}  // namespace cordon::yama
