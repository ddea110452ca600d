// `cordon audit` end to end: the real binary on this machine and on fixture
// trees, its JSON, and its exit statuses (src/cordon/cli/exit_codes.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cordon/audit/audit_fixture.h"
#include "testing/run_command.h"

namespace cordon {
namespace {

using testing::CordonBinary;
using testing::RunCommand;

testing::CommandResult Audit(std::vector<std::string> args) {
  args.insert(args.begin(), {CordonBinary(), "audit"});
  return RunCommand(args);
}

nlohmann::json ParseJson(const testing::CommandResult& r) {
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 500) << "\nstderr: " << r.err;
  return j;
}

TEST(AuditCliTest, JsonOnThisMachineMatchesExitStatus) {
  auto r = Audit({"--json"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 8) << r.exit_code << " " << r.err;
  nlohmann::json j = ParseJson(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_TRUE(j["kernel"]["live"].get<bool>());
  EXPECT_GT(j["checks"].size(), 50u);
  int fail = j["counts"]["fail"];
  EXPECT_EQ(r.exit_code, fail > 0 ? 8 : 0);
  int total = j["counts"]["ok"].get<int>() + fail + j["counts"]["na"].get<int>();
  EXPECT_EQ(total, static_cast<int>(j["checks"].size()));

  auto quiet = Audit({"--json", "--no-fail"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(ParseJson(quiet)["counts"]["fail"], fail);
}

TEST(AuditCliTest, HardenedTreePassesWeakTreeFails) {
  audit::testing::FixtureTree hardened;
  audit::testing::WriteHardenedX86(hardened);
  // kernel.* checks depend on today's date; the KSPP list does not.
  auto ok = Audit({"--root", hardened.root(), "--only", "kspp"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(ok.out.find("\n  FAIL  "), std::string::npos) << ok.out;

  audit::testing::FixtureTree weak;
  audit::testing::WriteWeakX86(weak);
  auto bad = Audit({"--root", weak.root()});
  EXPECT_EQ(bad.exit_code, 8) << bad.err;
  EXPECT_NE(bad.out.find("FAIL  cmdline.nokaslr"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("\ncounts\n"), std::string::npos);
  EXPECT_EQ(bad.out.find("\033["), std::string::npos) << "colour only on a terminal";
  EXPECT_EQ(Audit({"--root", weak.root(), "--no-fail"}).exit_code, 0);
}

TEST(AuditCliTest, OnlyTalkKeepsTheTalksItems) {
  audit::testing::FixtureTree tree;
  audit::testing::WriteWeakX86(tree);
  nlohmann::json j = ParseJson(Audit({"--root", tree.root(), "--only", "talk", "--json"}));
  ASSERT_TRUE(j.is_object());
  ASSERT_FALSE(j["checks"].empty());
  for (const auto& c : j["checks"]) {
    const auto& s = c["sources"];
    EXPECT_NE(std::find(s.begin(), s.end(), "talk"), s.end()) << c["id"];
  }
}

TEST(AuditCliTest, ExplicitFilesAndArch) {
  audit::testing::FixtureTree tree;
  tree.Write("arm.config", audit::testing::ConfigText(audit::testing::HardenedArm64Symbols()));
  tree.Write("cmdline", "nokaslr\n");
  tree.Write("sysctl.txt", "kernel.kptr_restrict = 0\n");
  auto r = Audit({"--root", tree.root(), "--config", tree.root() + "/arm.config", "--cmdline",
                  tree.root() + "/cmdline", "--sysctl", tree.root() + "/sysctl.txt", "--json"});
  nlohmann::json j = ParseJson(r);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["kernel"]["arch"], "arm64");
  for (const auto& c : j["checks"]) {
    if (c["id"] == "cmdline.nokaslr" || c["id"] == "sysctl.kernel.kptr_restrict") {
      EXPECT_EQ(c["result"], "FAIL") << c["id"];
    }
    EXPECT_NE(c["id"], "boot.vsyscall");  // x86_64 only
  }
  auto x86 = Audit({"--root", tree.root(), "--config", tree.root() + "/arm.config", "--arch",
                    "x86_64", "--json"});
  EXPECT_EQ(ParseJson(x86)["kernel"]["arch"], "x86_64");
}

TEST(AuditCliTest, UsageErrorsExitOne) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--bogus"}, {"--only", "grsec"}, {"--arch", "mips"}, {"extra"}, {"--root"}}) {
    auto r = Audit(args);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_EQ(r.err.rfind("cordon: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  auto help = Audit({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--no-fail"), std::string::npos);
}

TEST(AuditCliTest, UnreadableExplicitFilesFailWithTheirStatus) {
  audit::testing::FixtureTree tree;
  auto missing = Audit({"--config", tree.root() + "/nope.config"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("nope.config"), std::string::npos) << missing.err;
  tree.Write("bad.gz", std::string("\x1f\x8b\x08\x00junk", 8));
  EXPECT_EQ(Audit({"--config", tree.root() + "/bad.gz"}).exit_code, 2);
  EXPECT_EQ(Audit({"--cmdline", tree.root() + "/nope"}).exit_code, 3);
  EXPECT_EQ(Audit({"--sysctl", tree.root() + "/nope"}).exit_code, 3);
  EXPECT_EQ(Audit({"--root", tree.root() + "/nope"}).exit_code, 3);
}

}  // namespace
}  // namespace cordon
