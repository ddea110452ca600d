// Lint: the dangerous holes in a policy, each with the rule that opens it.
//
// Lint asks the policy's own meaning (compile/evaluate.h) about probe calls
// that stand for a dangerous use: ioctl(fd, TIOCSTI, ...), mmap with
// PROT_WRITE|PROT_EXEC, clone with CLONE_NEWUSER, socket with a family
// nobody uses, ptrace of anything. A probe that is allowed is a finding,
// located at the rule that allowed it (or the default action). It also
// reports clone3 allowed (its flags cannot be filtered), missing essentials
// (exit_group, rt_sigreturn, restart_syscall) and filters that can never
// apply or repeat another.
//
//   std::vector<Finding> findings = Lint(ir, LintOptions{});
//   for (const Finding& f : findings) ... f.id, f.source, f.message ...
#ifndef CORDON_POLICY_LINT_H_
#define CORDON_POLICY_LINT_H_

#include <string>
#include <vector>

#include "cordon/compile/filter_ir.h"

namespace cordon::policy {

enum class LintSeverity { kWarning, kError };

struct Finding {
  std::string id;           // stable identifier, e.g. "ioctl-tiocsti"
  LintSeverity severity = LintSeverity::kWarning;
  std::string syscall;      // the syscall concerned ("" for policy-wide findings)
  compile::SourceRef source;  // the rule that opens the hole; file only for the default
  std::string message;      // what is wrong and what to do, one sentence or two
};

struct LintOptions {
  // execve_needed: the program is known to exec (learn sets it from the
  // trace); otherwise an allowed execve is reported as a hole to check.
  bool execve_needed = false;
};

// Lint returns the findings, ordered by file and line.
std::vector<Finding> Lint(const compile::FilterIR& ir, const LintOptions& options = {});

// LintIds lists every finding id with a one-line description (for --help
// and the README).
std::vector<std::pair<std::string, std::string>> LintIds();

}  // namespace cordon::policy

#endif  // CORDON_POLICY_LINT_H_
