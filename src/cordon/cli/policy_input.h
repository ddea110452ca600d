// PolicyInput: the flags every policy-reading subcommand shares (--arch,
// --arch-json, --default-action, --denylist, --permissive, --include-map)
// and loading a policy or a compiled BPF file with them.
//
//   PolicyFlags flags;
//   ... flags.Handle(option, optarg) in the getopt loop ...
//   Result<Input> in = LoadInput(path, flags);   // prints diagnostics
#ifndef CORDON_CLI_POLICY_INPUT_H_
#define CORDON_CLI_POLICY_INPUT_H_

#include <getopt.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cordon/arch/arch.h"
#include "cordon/bpf/program.h"
#include "cordon/compile/filter_ir.h"
#include "cordon/policy/resolver.h"

namespace cordon::cli {

// Option values above 256 so that they never clash with short options.
enum PolicyOption {
  kOptArch = 1000,
  kOptArchJson,
  kOptDefaultAction,
  kOptDenylist,
  kOptPermissive,
  kOptIncludeMap,
};

// kPolicyLongOptions lists the shared long options; subcommands append
// theirs and a terminating zero entry.
inline constexpr option kPolicyLongOptions[] = {
    {"arch", required_argument, nullptr, kOptArch},
    {"arch-json", required_argument, nullptr, kOptArchJson},
    {"default-action", required_argument, nullptr, kOptDefaultAction},
    {"denylist", no_argument, nullptr, kOptDenylist},
    {"permissive", no_argument, nullptr, kOptPermissive},
    {"include-map", required_argument, nullptr, kOptIncludeMap},
};

// kPolicyFlagsHelp documents the shared flags for --help texts.
extern const char kPolicyFlagsHelp[];

struct PolicyFlags {
  std::string arch;
  std::string arch_json;
  std::string default_action;
  bool denylist = false;
  bool permissive = false;
  std::vector<std::string> include_map;

  // Handle takes one getopt result; returns false when `opt` is not shared.
  bool Handle(int opt, const char* arg);
};

// Input is a loaded policy (ir set) or BPF file (program set only).
struct Input {
  std::unique_ptr<arch::Arch> owned_arch;  // from --arch-json
  const arch::Arch* arch = nullptr;
  std::optional<compile::FilterIR> ir;
  std::optional<bpf::Program> program;
};

// ResolveArch returns the arch the flags name (native by default).
Result<const arch::Arch*> ResolveArch(const PolicyFlags& flags,
                                      std::unique_ptr<arch::Arch>* owned);

// LoadInput reads `path`: a compiled BPF file when it contains a NUL byte,
// else a policy. Policy diagnostics (errors and warnings) go to stderr.
Result<Input> LoadInput(const std::string& path, const PolicyFlags& flags);

}  // namespace cordon::cli

#endif  // CORDON_CLI_POLICY_INPUT_H_
