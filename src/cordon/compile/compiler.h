// Compile: FilterIR to a validated, verified bpf::Program.
//
//   CompileStats stats;
//   bpf::Program program = TRY(Compile(ir, CompileOptions{}, &stats));
//   // stats.instructions, stats.cached_syscalls, stats.verified_cases ...
//
// Stages: lower (lower.h) -> linearize (dag.h) -> validate (bpf/program.h)
// -> verify (verify.h). A program the kernel would refuse, or one that
// disagrees with the policy on any input tried, is an error, never output.
#ifndef CORDON_COMPILE_COMPILER_H_
#define CORDON_COMPILE_COMPILER_H_

#include <cstddef>

#include "cordon/base/status.h"
#include "cordon/bpf/program.h"
#include "cordon/compile/filter_ir.h"
#include "cordon/compile/verify.h"

namespace cordon::compile {

struct CompileOptions {
  bool verify = true;
  VerifyOptions verify_options;
};

struct CompileStats {
  size_t instructions = 0;
  size_t dag_nodes = 0;
  int tree_depth = 0;             // jumps on the longest path through the dispatch tree
  size_t syscalls_with_rules = 0;
  size_t always_allowed = 0;      // table syscalls allowed whatever their arguments
  size_t cached_syscalls = 0;     // table syscalls the kernel's action cache will allow
  size_t verified_cases = 0;
  double lower_ms = 0;
  double linearize_ms = 0;
  double verify_ms = 0;
  double total_ms = 0;
};

// Compile lowers, lays out, validates and (unless disabled) verifies `ir`.
// Errors: kLimit when the program exceeds 4096 instructions; kInternal when
// verification finds a disagreement (a cordon bug).
Result<bpf::Program> Compile(const FilterIR& ir, const CompileOptions& options = {},
                             CompileStats* stats = nullptr);

// AlwaysAllowed reports whether syscall `nr` is allowed whatever its
// arguments: every rule that can decide it allows, and so does the default
// if no unconditional rule comes first.
bool AlwaysAllowed(const FilterIR& ir, uint32_t nr);

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_COMPILER_H_
