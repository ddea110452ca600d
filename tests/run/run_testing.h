// Helpers for the `cordon run` tests: the cordon binary, the probe program
// (probe.c, built dynamic and static) and running cordon as an unprivileged
// user. Every command runs under RunCommand's timeout, so no test can hang.
#ifndef CORDON_TESTS_RUN_RUN_TESTING_H_
#define CORDON_TESTS_RUN_RUN_TESTING_H_

#include <unistd.h>

#include <string>
#include <vector>

#include "testing/run_command.h"

namespace cordon::testing {

inline constexpr double kRunTimeout = 30;

inline std::string Probe() { return std::string(CORDON_RUN_PROBE_DIR) + "/cordon_probe"; }
inline std::string StaticProbe() {
  return std::string(CORDON_RUN_PROBE_DIR) + "/cordon_probe_static";
}
inline std::string ConfineExample() {
  return std::string(CORDON_BINARY_DIR) + "/src/cordon/sandbox/confine_self";
}

// CordonRun runs `cordon run ARGS...`.
inline CommandResult CordonRun(std::vector<std::string> args, CommandOptions options = {}) {
  args.insert(args.begin(), {CordonBinary(), "run"});
  options.timeout_seconds = kRunTimeout;
  return RunCommand(args, options);
}

// AsNobody runs `cordon run ARGS...` as uid/gid 65534 without capabilities
// (the caller must be root).
inline CommandResult AsNobody(std::vector<std::string> args, CommandOptions options = {}) {
  args.insert(args.begin(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                             CordonBinary(), "run"});
  options.timeout_seconds = kRunTimeout;
  return RunCommand(args, options);
}

// Lines splits output into lines.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// Field returns the value after "NAME" on its own line ("Uid:\t0\t0..." ->
// "0\t0...", "pid 2" -> "2").
inline std::string Field(const std::string& text, const std::string& name) {
  for (const std::string& line : Lines(text)) {
    if (line.compare(0, name.size(), name) == 0 && line.size() > name.size()) {
      size_t v = line.find_first_not_of(" \t:", name.size());
      size_t end = line.find_last_not_of(" \t");
      return v == std::string::npos ? "" : line.substr(v, end + 1 - v);
    }
  }
  return "<no " + name + ">";
}

}  // namespace cordon::testing

#define SKIP_UNLESS_ROOT() \
  if (geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, mounts, other uids)"

#endif  // CORDON_TESTS_RUN_RUN_TESTING_H_
