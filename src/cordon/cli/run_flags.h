// RunFlags: `cordon run`'s command line, in minijail0's spelling. Short
// flags combine (`-nS cat.policy`, `-vpe`), options with an optional
// argument take it attached (`-t64M`, `-m'0 1000 1'`, `--uts=box`), and the
// first non-option word is the program: everything after it is its argv.
//
//   Result<RunFlags> f = ParseRunFlags(argc, argv);   // argv[0] == "run"
//   if (!f.ok()) return Fail(f.status());             // one line, exit 1
//   TRY(ResolveRunIds(&*f));                          // -u/-g/-G names
//   sandbox::Launch(f->spec, ...);
//
// Parsing changes nothing on the system and reads only the policy-free
// flags; it applies minijail's implications (-p implies -v -r, -I implies
// -p, every mount flag implies -v, -m/-M imply -U) and refuses impossible
// combinations (-S with --seccomp-bpf-binary, -C with -P, -L without a
// filter, -G without -u, --ambient without -c).
#ifndef CORDON_CLI_RUN_FLAGS_H_
#define CORDON_CLI_RUN_FLAGS_H_

#include <string>

#include "cordon/base/status.h"
#include "cordon/cli/policy_input.h"
#include "cordon/sandbox/launch_spec.h"

namespace cordon::cli {

enum class Logging { kAuto, kStderr, kSyslog };

struct RunFlags {
  sandbox::LaunchSpec spec;     // argv and every restriction but the seccomp program
  std::string policy_path;      // -S
  std::string bpf_path;         // --seccomp-bpf-binary
  bool log_blocked = false;     // -L
  std::string user;             // -u, as given
  std::string group;            // -g, as given
  bool inherit_groups = false;  // -G
  Logging logging = Logging::kAuto;
  PolicyFlags policy;  // --arch-json, --default-action, ...
  bool help = false;
};

// kRunHelp is `cordon run --help`.
extern const char kRunHelp[];

// ParseRunFlags reads argv (argv[0] is "run"). kUsage with a one-line
// message for unknown flags, missing or malformed arguments and impossible
// combinations.
Result<RunFlags> ParseRunFlags(int argc, char** argv);

// ResolveRunIds turns -u/-g/-G into numbers in flags->spec.creds (kUsage
// naming the flag for an unknown user or group).
Status ResolveRunIds(RunFlags* flags);

}  // namespace cordon::cli

#endif  // CORDON_CLI_RUN_FLAGS_H_
