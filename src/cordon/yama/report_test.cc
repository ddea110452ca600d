#include "cordon/yama/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace cordon::yama {
namespace {

YamaStatus ActiveAt(PtraceScope scope) {
  YamaStatus s;
  s.active = true;
  s.decided_by = "sysctl";
  s.scope = scope;
  s.sysctl = {.path = "/proc/sys/kernel/yama/ptrace_scope",
              .exists = true,
              .says_active = true,
              .scope = scope};
  s.prctl = {.asked = true, .accepted = true};
  s.lsm = {.asked = true, .error = "lsm_list_modules: ENOSYS (Function not implemented)"};
  return s;
}

TEST(YamaReportTest, TextSaysScopeMeaningAndEvidence) {
  std::string text = RenderStatusText(ActiveAt(PtraceScope::kRelational));
  EXPECT_NE(text.find("Yama: active (by sysctl)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ptrace scope: 1 (relational)\n"), std::string::npos) << text;
  EXPECT_NE(text.find(ScopeMeaning(PtraceScope::kRelational)), std::string::npos) << text;
  EXPECT_NE(text.find("/proc/sys/kernel/yama/ptrace_scope = 1"), std::string::npos) << text;
  EXPECT_NE(text.find("PR_SET_PTRACER accepted"), std::string::npos) << text;
  EXPECT_NE(text.find("ENOSYS"), std::string::npos) << text;
}

TEST(YamaReportTest, TextWithoutYamaSaysTheClassicRuleApplies) {
  YamaStatus s;
  s.active = false;
  s.decided_by = "lsm_list_modules(2)";
  s.sysctl = {
      .path = "/proc/sys/kernel/yama/ptrace_scope", .says_active = false, .error = "absent"};
  s.prctl = {.asked = true, .accepted = false};
  s.lsm = {.asked = true, .lsms = std::vector<std::string>{"capability", "landlock"}};
  std::string text = RenderStatusText(s);
  EXPECT_NE(text.find("Yama: not active (by lsm_list_modules(2))\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("ptrace scope:"), std::string::npos) << text;
  EXPECT_NE(text.find(NoYamaMeaning()), std::string::npos) << text;
  EXPECT_NE(text.find("capability,landlock (yama not listed)"), std::string::npos) << text;
  EXPECT_NE(text.find("EINVAL"), std::string::npos) << text;
}

TEST(YamaReportTest, JsonHasTheDocumentedShape) {
  YamaStatus s = ActiveAt(PtraceScope::kAdminOnly);
  s.disagreements.push_back("prctl probe says Yama is not active, but sysctl says Yama is active");
  nlohmann::json j = nlohmann::json::parse(RenderStatusJson(s));
  EXPECT_EQ(j["active"], true);
  EXPECT_EQ(j["decided_by"], "sysctl");
  EXPECT_EQ(j["scope"], 2);
  EXPECT_EQ(j["scope_name"], "admin-only");
  EXPECT_EQ(j["meaning"], ScopeMeaning(PtraceScope::kAdminOnly));
  EXPECT_EQ(j["evidence"]["sysctl"]["value"], 2);
  EXPECT_EQ(j["evidence"]["sysctl"]["exists"], true);
  EXPECT_FALSE(j["evidence"]["sysctl"].contains("error"));
  EXPECT_EQ(j["evidence"]["prctl_probe"]["accepted"], true);
  EXPECT_TRUE(j["evidence"]["lsm_list_modules"]["lsms"].is_null());
  EXPECT_NE(j["evidence"]["lsm_list_modules"]["error"].get<std::string>().find("ENOSYS"),
            std::string::npos);
  ASSERT_EQ(j["disagreements"].size(), 1u);
}

TEST(YamaReportTest, JsonUnknownIsNull) {
  YamaStatus s;
  s.sysctl = {.path = "/x/proc/sys/kernel/yama/ptrace_scope", .error = "absent"};
  nlohmann::json j = nlohmann::json::parse(RenderStatusJson(s));
  EXPECT_TRUE(j["active"].is_null());
  EXPECT_TRUE(j["scope"].is_null());
  EXPECT_EQ(j["evidence"]["prctl_probe"]["asked"], false);
  EXPECT_EQ(j["meaning"], "Whether Yama is active could not be determined.");
}

TEST(YamaReportTest, LiveStatusAgreesWithTheSysctl) {
  if (access("/proc/sys/kernel", F_OK) != 0) GTEST_SKIP() << "/proc/sys is not mounted";
  std::unique_ptr<YamaProbes> live = LiveYamaProbes();
  nlohmann::json j = nlohmann::json::parse(RenderStatusJson(ReadYamaStatus({"/", live.get()})));
  bool sysctl = access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0;
  EXPECT_EQ(j["active"], sysctl) << j.dump(2);
  EXPECT_TRUE(j["disagreements"].empty()) << j.dump(2);
}

}  // namespace
}  // namespace cordon::yama
