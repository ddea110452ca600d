// cordon yama, the binary: on this machine (whatever its kernel says), and
// against fixture trees under --root for what this machine cannot show.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "testing/run_command.h"

namespace cordon::testing {
namespace {

constexpr char kScopeFile[] = "proc/sys/kernel/yama/ptrace_scope";

bool HostHasYama() { return access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0; }

CommandResult Yama(std::vector<std::string> args) {
  args.insert(args.begin(), {CordonBinary(), "yama"});
  return RunCommand(args);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(YamaCliTest, StatusOnThisMachine) {
  if (access("/proc/sys/kernel", F_OK) != 0) GTEST_SKIP() << "/proc/sys is not mounted";
  CommandResult r = Yama({"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  if (HostHasYama()) {
    EXPECT_NE(r.out.find("Yama: active"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ptrace scope: "), std::string::npos) << r.out;
  } else {
    EXPECT_NE(r.out.find("Yama: not active"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("classic rule"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("EINVAL"), std::string::npos) << r.out;
  }
  EXPECT_EQ(r.out.find("warning:"), std::string::npos) << "witnesses disagree:\n" << r.out;
}

TEST(YamaCliTest, StatusJsonOnThisMachine) {
  if (access("/proc/sys/kernel", F_OK) != 0) GTEST_SKIP() << "/proc/sys is not mounted";
  CommandResult r = Yama({"status", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["active"], HostHasYama());
  EXPECT_EQ(j["evidence"]["prctl_probe"]["asked"], true);
  EXPECT_EQ(j["evidence"]["prctl_probe"]["accepted"], HostHasYama());
  EXPECT_EQ(j["evidence"]["sysctl"]["exists"], HostHasYama());
  EXPECT_TRUE(j["disagreements"].empty()) << r.out;
}

TEST(YamaCliTest, SetWithoutYamaIsUnsupported) {
  if (HostHasYama()) GTEST_SKIP() << "this kernel has Yama; not touching the host's ptrace_scope";
  if (access("/proc/sys/kernel", F_OK) != 0) GTEST_SKIP() << "/proc/sys is not mounted";
  CommandResult r = Yama({"set", "1"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("Yama is not active"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(YamaCliTest, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const Case cases[] = {
      {{}, "missing subcommand"},
      {{"frobnicate"}, "unknown subcommand"},
      {{"status", "extra"}, "unexpected argument"},
      {{"status", "--irreversible"}, "belongs to 'set'"},
      {{"set"}, "missing the scope"},
      {{"set", "4"}, "0, 1, 2 or 3"},
      {{"set", "one"}, "0, 1, 2 or 3"},
      {{"set", "1", "2"}, "unexpected argument"},
      {{"set", "1", "--json"}, "belongs to 'status'"},
      {{"set", "3"}, "--irreversible"},  // refused before anything is read
      {{"--bogus"}, "unknown option"},
  };
  for (const Case& c : cases) {
    CommandResult r = Yama(c.args);
    EXPECT_EQ(r.exit_code, 1) << c.says << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
}

TEST(YamaCliTest, HelpListsTheScopes) {
  CommandResult r = Yama({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("2 admin-only"), std::string::npos) << r.out;
  CommandResult top = RunCommand({CordonBinary(), "--help"});
  EXPECT_NE(top.out.find("yama"), std::string::npos) << top.out;
}

TEST(YamaCliTest, StatusUnderRootReadsOnlyTheFile) {
  TempDir dir;
  dir.Write(kScopeFile, "2\n");
  CommandResult r = Yama({"status", "--json", "--root", dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["active"], true);
  EXPECT_EQ(j["decided_by"], "sysctl");
  EXPECT_EQ(j["scope"], 2);
  EXPECT_EQ(j["scope_name"], "admin-only");
  EXPECT_EQ(j["evidence"]["prctl_probe"]["asked"], false);
  EXPECT_EQ(j["evidence"]["lsm_list_modules"]["asked"], false);
}

TEST(YamaCliTest, SetUnderRoot) {
  TempDir dir;
  std::string file = dir.Write(kScopeFile, "0\n");
  CommandResult r = Yama({"set", "1", "--root", dir.path()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("kernel.yama.ptrace_scope: 0 -> 1 (relational)"), std::string::npos)
      << r.out;
  EXPECT_EQ(Slurp(file), "1\n");

  r = Yama({"set", "--irreversible", "3", "--root", dir.path()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Slurp(file), "3\n");

  r = Yama({"set", "0", "--root", dir.path()});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("cannot be lowered to 0"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(file), "3\n");
}

TEST(YamaCliTest, SetUnderRootWithoutYamaIsUnsupported) {
  TempDir dir;
  dir.Write("proc/sys/kernel/osrelease", "6.18\n");
  CommandResult r = Yama({"set", "1", "--root", dir.path()});
  EXPECT_EQ(r.exit_code, 5) << r.err;
}

TEST(YamaCliTest, MissingRootIsNotFound) {
  CommandResult r = Yama({"status", "--root", "/nonexistent/cordon-yama"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
}

}  // namespace
}  // namespace cordon::testing
