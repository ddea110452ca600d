// RunCommand: run a program for a test, capture its output and status, and
// never hang (a timeout kills it). Integration tests use it to run the real
// cordon binary.
//
//   CommandResult r = RunCommand({CordonBinary(), "sim", "cat.policy", "read"});
//   EXPECT_EQ(r.exit_code, 0);
//   EXPECT_EQ(r.out, "ALLOW\n");
#ifndef CORDON_TESTS_TESTING_RUN_COMMAND_H_
#define CORDON_TESTS_TESTING_RUN_COMMAND_H_

#include <string>
#include <vector>

namespace cordon::testing {

struct CommandResult {
  int exit_code = -1;   // when it exited
  int signal = 0;       // when a signal killed it
  bool timed_out = false;
  std::string out;
  std::string err;
};

struct CommandOptions {
  std::string stdin_data;
  double timeout_seconds = 60;
  std::vector<std::string> env;  // extra NAME=VALUE entries
  std::string cwd;
};

CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options = {});

// CordonBinary is the path of the cordon binary built with the tests.
std::string CordonBinary();
// SourcePath is a path under the source tree.
std::string SourcePath(const std::string& relative);
// CorpusPath is a path under ../shared/corpus, or "" when absent (tests
// that need it skip with a message).
std::string CorpusPath(const std::string& relative);

// TempDir makes a fresh directory and removes it (recursively) when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Write creates `name` (and its directories) with `text`; returns its path.
  std::string Write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTS_TESTING_RUN_COMMAND_H_
