#include "cordon/sandbox/confine_policy.h"

#include "cordon/compile/compiler.h"
#include "cordon/policy/resolver.h"

namespace cordon::sandbox {

Result<bpf::Program> CompilePolicyFile(const std::string& path, std::string* diagnostics) {
  policy::SourceManager sources;
  policy::Diagnostics diags(&sources);
  Result<compile::FilterIR> ir = policy::LoadPolicy(path, policy::PolicyOptions{}, sources, diags);
  if (diagnostics != nullptr) *diagnostics = diags.RenderAll();
  if (!ir.ok()) return ir.status();
  Result<bpf::Program> program = compile::Compile(*ir);
  if (!program.ok()) return program.status().WithContext(path);
  return program;
}

Status ConfineWithPolicy(const std::string& path, const ConfineOptions& options) {
  std::string diagnostics;
  Result<bpf::Program> program = CompilePolicyFile(path, &diagnostics);
  if (!program.ok()) {
    return Status(program.status().code(),
                  program.status().message() + (diagnostics.empty() ? "" : "\n" + diagnostics));
  }
  return ConfineSelf(*program, options);
}

}  // namespace cordon::sandbox
