// ConfinePolicy: ConfineSelf (confine.h) from a policy file, compiled and
// verified in-process. Library cordon_confine (it links cordon's policy
// compiler; cordon_sandbox alone only takes a finished bpf::Program).
//
//   std::string diagnostics;
//   Result<bpf::Program> p = CompilePolicyFile("app.policy", &diagnostics);
//   if (!p.ok()) { fputs(diagnostics.c_str(), stderr); return 1; }
//   TRY(ConfineSelf(*p));
//   // or in one step:
//   TRY(ConfineWithPolicy("app.policy"));
#ifndef CORDON_SANDBOX_CONFINE_POLICY_H_
#define CORDON_SANDBOX_CONFINE_POLICY_H_

#include <string>

#include "cordon/base/status.h"
#include "cordon/bpf/program.h"
#include "cordon/sandbox/confine.h"

namespace cordon::sandbox {

// CompilePolicyFile loads `path` for this machine's arch and compiles it.
// On failure `diagnostics` (when not null) receives the rendered errors
// (file:line:col, the line, a caret).
Result<bpf::Program> CompilePolicyFile(const std::string& path, std::string* diagnostics = nullptr);

// ConfineWithPolicy compiles `path` and applies it with ConfineSelf; the
// Status message includes the diagnostics on a policy error.
Status ConfineWithPolicy(const std::string& path, const ConfineOptions& options = {});

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_CONFINE_POLICY_H_
