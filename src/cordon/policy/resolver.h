// Resolver: policy files to FilterIR. It follows @include and @frequency,
// resolves syscall and constant names for one arch, applies the language's
// meaning, and reports every error with its location.
//
// Meaning: each syscall's filters, across statements and included files,
// are tried in source order and the first that matches decides. `EXPR`
// allows when EXPR holds; `EXPR; ACTION` allows when EXPR holds and takes
// ACTION otherwise; a bare ACTION always applies. A syscall may have at most
// one unconditional filter and it must come last (with --permissive,
// repeats of it are dropped with a warning). Unlisted syscalls get the
// default action: @default, or --default-action, or kill-process; in a
// @denylist policy the default is allow.
//
//   SourceManager sources;
//   Diagnostics diags(&sources);
//   Result<FilterIR> ir = LoadPolicy("cat.policy", PolicyOptions{}, sources, diags);
//   if (!ir.ok()) std::cerr << diags.RenderAll();
#ifndef CORDON_POLICY_RESOLVER_H_
#define CORDON_POLICY_RESOLVER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cordon/arch/arch.h"
#include "cordon/base/status.h"
#include "cordon/compile/filter_ir.h"
#include "cordon/policy/diagnostics.h"
#include "cordon/policy/source.h"

namespace cordon::policy {

struct PolicyOptions {
  const arch::Arch* arch = nullptr;            // nullptr: the native arch
  std::optional<uint32_t> default_action;      // overrides @default
  bool denylist = false;                       // --denylist: the file must say @denylist
  bool permissive = false;                     // Android-style duplicates and unknown names
  uint32_t kill_action = bpf::kRetKillProcess; // what `kill` means
  // include_map rewrites absolute @include/@frequency prefixes, e.g.
  // {"/usr/share/policy/crosvm", "/src/crosvm/seccomp/x86_64"}.
  std::vector<std::pair<std::string, std::string>> include_map;
  int max_include_depth = 16;
};

// LoadPolicy reads `path` and everything it includes. On failure the
// diagnostics say why; the Status is kInvalidInput with a summary, or the
// ReadFile error when `path` itself cannot be read.
Result<compile::FilterIR> LoadPolicy(const std::string& path, const PolicyOptions& options,
                                     SourceManager& sources, Diagnostics& diags);

// LoadPolicyText is LoadPolicy for text already in memory; `name` is used
// in messages and as the base of relative includes.
Result<compile::FilterIR> LoadPolicyText(const std::string& name, std::string text,
                                         const PolicyOptions& options, SourceManager& sources,
                                         Diagnostics& diags);

// ParseActionSpec reads an action as the command line gives it:
// "kill-process", "kill-thread", "kill", "trap", "log", "trace",
// "user-notify", "allow", "errno:EPERM" / "return EPERM" / "errno:1".
Result<uint32_t> ParseActionSpec(const std::string& spec, const arch::Arch& arch);

}  // namespace cordon::policy

#endif  // CORDON_POLICY_RESOLVER_H_
