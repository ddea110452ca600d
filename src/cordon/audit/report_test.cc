#include "cordon/audit/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cordon/audit/audit_fixture.h"

namespace cordon::audit {
namespace {

HostView WeakHost(testing::FixtureTree& tree) {
  testing::WriteWeakX86(tree);
  HostViewOptions o = tree.Options();
  o.today = Date{2026, 1, 15};
  return *LoadHostView(o);
}

TEST(ReportTest, TextGroupsByAreaAndCountsAtTheEnd) {
  testing::FixtureTree tree;
  HostView host = WeakHost(tree);
  std::vector<Finding> findings = RunChecks(host);
  std::string text = RenderText(host, findings, /*color=*/false);
  EXPECT_EQ(text.find("\033["), std::string::npos);
  size_t mem = text.find("\nmemory init\n");
  size_t self = text.find("\nself protection\n");
  size_t surface = text.find("\nattack surface\n");
  size_t lsm = text.find("\nLSM\n");
  size_t user = text.find("\nuser space\n");
  size_t counts = text.find("\ncounts\n");
  ASSERT_NE(mem, std::string::npos);
  EXPECT_LT(mem, self);
  EXPECT_LT(self, surface);
  EXPECT_LT(surface, lsm);
  EXPECT_LT(lsm, user);
  EXPECT_LT(user, counts);
  Counts c = CountFindings(findings);
  EXPECT_EQ(c.ok, 1);  // lsm.yama
  EXPECT_EQ(c.fail, static_cast<int>(findings.size()) - 1);
  char total[80];
  std::snprintf(total, sizeof(total), "total            %3d OK  %3d FAIL  %3d N/A", c.ok, c.fail,
                c.na);
  EXPECT_NE(text.find(total), std::string::npos) << text.substr(counts);
  // A failing check says what was seen, what is wanted, why and who says so.
  size_t at = text.find("FAIL  cmdline.nokaslr");
  ASSERT_NE(at, std::string::npos);
  std::string block = text.substr(at, 400);
  EXPECT_NE(block.find("nokaslr on the command line"), std::string::npos);
  EXPECT_NE(block.find("want  no nokaslr"), std::string::npos);
  EXPECT_NE(block.find("[talk]"), std::string::npos);
}

TEST(ReportTest, ColourOnlyWhenAsked) {
  testing::FixtureTree tree;
  HostView host = WeakHost(tree);
  std::string text = RenderText(host, RunChecks(host), /*color=*/true);
  EXPECT_NE(text.find("\033[31mFAIL"), std::string::npos);
  EXPECT_NE(text.find("\033[32mOK"), std::string::npos);
}

TEST(ReportTest, NotApplicableShowsItsReason) {
  testing::FixtureTree tree;
  HostViewOptions o = tree.Options();
  o.arch = AuditArch::kX86_64;
  HostView host = *LoadHostView(o);
  std::string text = RenderText(host, RunChecks(host), false);
  size_t at = text.find("N/A   config.VMAP_STACK");
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_NE(text.substr(at, 300).find("no kernel config"), std::string::npos);
}

TEST(ReportTest, JsonHasEveryCheckAndConsistentCounts) {
  testing::FixtureTree tree;
  HostView host = WeakHost(tree);
  std::vector<Finding> findings = RunChecks(host);
  nlohmann::json j = nlohmann::json::parse(RenderJson(host, findings));
  EXPECT_EQ(j["kernel"]["release"], "4.19.300");
  EXPECT_EQ(j["kernel"]["arch"], "x86_64");
  EXPECT_EQ(j["kernel_table_date"], "2025-12-03");
  ASSERT_EQ(j["checks"].size(), findings.size());
  int fail = 0;
  for (const auto& c : j["checks"]) {
    EXPECT_TRUE(c.contains("id") && c.contains("area") && c.contains("sources") &&
                c.contains("seen") && c.contains("recommended") && c.contains("why"));
    if (c["result"] == "FAIL") ++fail;
  }
  EXPECT_EQ(j["counts"]["fail"], fail);
  EXPECT_EQ(j["counts"]["by_area"]["LSM"]["ok"], 1);
  EXPECT_TRUE(j["inputs"]["config"].contains("from"));
}

TEST(ReportTest, JsonSurvivesInvalidUtf8InHostFiles) {
  testing::FixtureTree tree;
  tree.Write("proc/cmdline", "nokaslr mitigations=\xff\xfe\n");
  HostViewOptions o = tree.Options();
  HostView host = *LoadHostView(o);
  std::string json = RenderJson(host, RunChecks(host));
  EXPECT_NO_THROW(nlohmann::json::parse(json));
}

}  // namespace
}  // namespace cordon::audit
