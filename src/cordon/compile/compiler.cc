#include "cordon/compile/compiler.h"

#include <chrono>

#include "cordon/bpf/interpreter.h"
#include "cordon/compile/dag.h"
#include "cordon/compile/lower.h"

namespace cordon::compile {
namespace {

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

bool AlwaysAllowed(const FilterIR& ir, uint32_t nr) {
  auto it = ir.syscalls.find(nr);
  if (it != ir.syscalls.end()) {
    for (const Rule& rule : it->second) {
      if (rule.action != bpf::kRetAllow) return false;
      if (rule.unconditional()) return true;
    }
  }
  return ir.default_action == bpf::kRetAllow;
}

Result<bpf::Program> Compile(const FilterIR& ir, const CompileOptions& options,
                             CompileStats* stats) {
  CHECK(ir.arch != nullptr);
  const auto start = std::chrono::steady_clock::now();
  CompileStats s;
  Dag dag;
  NodeId root = LowerFilter(dag, ir, &s.tree_depth);
  s.lower_ms = MsSince(start);

  const auto linearize_start = std::chrono::steady_clock::now();
  std::vector<bpf::Insn> insns = TRY(Linearize(dag, root));
  bpf::Program program = TRY(bpf::Program::Create(std::move(insns)));
  s.linearize_ms = MsSince(linearize_start);

  if (options.verify) {
    const auto verify_start = std::chrono::steady_clock::now();
    TRY(Verify(ir, program.insns(), options.verify_options, &s.verified_cases));
    s.verify_ms = MsSince(verify_start);
  }
  s.total_ms = MsSince(start);
  if (stats != nullptr) {
    s.instructions = program.size();
    s.dag_nodes = dag.size();
    s.syscalls_with_rules = ir.syscalls.size();
    for (const arch::Syscall& sc : ir.arch->syscalls()) {
      s.always_allowed += AlwaysAllowed(ir, sc.nr);
      s.cached_syscalls += bpf::IsCachedAllow(program.insns(), ir.arch->audit_arch(), sc.nr);
    }
    *stats = s;
  }
  return program;
}

}  // namespace cordon::compile
