// cordon lint: report the dangerous holes in a policy.
#include <getopt.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cordon/base/files.h"
#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"
#include "cordon/cli/policy_input.h"
#include "cordon/policy/lint.h"

namespace cordon::cli {
namespace {

constexpr char kUsage[] =
    "usage: cordon lint POLICY [options]\n"
    "\n"
    "Reports each dangerous hole in a policy with the line that opens it:\n"
    "security-sensitive syscalls allowed without an argument filter, writable and\n"
    "executable memory, terminal injection through ioctl, namespace flags, clone3,\n"
    "missing essentials, and filters that never apply. Exit status 0 when\n"
    "nothing is found, 8 when something is.\n"
    "\n"
    "  --json                 machine-readable output\n"
    "  --execve-needed        the program execs: do not report execve\n"
    "%s"
    "  -h, --help             this text\n"
    "\n"
    "findings:\n";

enum { kOptJson = 2000, kOptExecveNeeded };

std::string SourceLine(const std::string& file, int line) {
  Result<std::string> text = ReadFile(file);
  if (!text.ok()) return "";
  std::istringstream in(*text);
  std::string s;
  for (int i = 1; std::getline(in, s); ++i) {
    if (i == line) return s;
  }
  return "";
}

}  // namespace

int LintMain(int argc, char** argv) {
  PolicyFlags flags;
  bool json = false;
  policy::LintOptions options;
  std::vector<option> longopts(std::begin(kPolicyLongOptions), std::end(kPolicyLongOptions));
  longopts.push_back({"json", no_argument, nullptr, kOptJson});
  longopts.push_back({"execve-needed", no_argument, nullptr, kOptExecveNeeded});
  longopts.push_back({"help", no_argument, nullptr, 'h'});
  longopts.push_back({});
  optind = 1;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":h", longopts.data(), nullptr)) != -1) {
    if (flags.Handle(opt, optarg)) continue;
    switch (opt) {
      case kOptJson: json = true; break;
      case kOptExecveNeeded: options.execve_needed = true; break;
      case 'h':
        std::printf(kUsage, kPolicyFlagsHelp);
        for (const auto& [id, what] : policy::LintIds()) std::printf("  %-20s %s\n", id.c_str(), what.c_str());
        return kExitOk;
      case ':':
        return Fail(UsageError(std::string("lint: ") + argv[optind - 1] + " needs an argument"));
      default:
        return Fail(UsageError(std::string("lint: unknown option ") + argv[optind - 1] +
                               "; see 'cordon lint --help'"));
    }
  }
  if (optind + 1 != argc) return Fail(UsageError("lint: expected one POLICY; see 'cordon lint --help'"));
  const std::string path = argv[optind];
  Result<Input> in = LoadInput(path, flags);
  if (!in.ok()) return Fail(in.status());
  if (!in->ir) return Fail(InvalidInput("lint: " + path + " is a BPF program; lint reads policies"));

  std::vector<policy::Finding> findings = policy::Lint(*in->ir, options);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const policy::Finding& f : findings) {
      nlohmann::json j = {{"id", f.id}, {"syscall", f.syscall}, {"message", f.message},
                          {"severity", f.severity == policy::LintSeverity::kError ? "error" : "warning"}};
      j["file"] = f.source.file.empty() ? path : f.source.file;
      if (f.source.line > 0) {
        j["line"] = f.source.line;
        j["column"] = f.source.column;
      }
      out.push_back(j);
    }
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    for (const policy::Finding& f : findings) {
      const std::string file = f.source.file.empty() ? path : f.source.file;
      if (f.source.line > 0) {
        std::printf("%s:%d:%d: warning: %s [%s]\n", file.c_str(), f.source.line, f.source.column,
                    f.message.c_str(), f.id.c_str());
        std::string line = SourceLine(file, f.source.line);
        if (!line.empty()) {
          std::printf("    %s\n    %*s^\n", line.c_str(), f.source.column - 1, "");
        }
      } else {
        std::printf("%s: warning: %s [%s]\n", file.c_str(), f.message.c_str(), f.id.c_str());
      }
    }
    if (findings.empty()) std::printf("%s: no findings\n", path.c_str());
  }
  return findings.empty() ? kExitOk : kExitFindings;
}

}  // namespace cordon::cli
