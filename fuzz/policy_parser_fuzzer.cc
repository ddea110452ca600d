// Fuzzes the policy front end and the compiler behind it: any text must
// either load with diagnostics or compile into a program that verifies.
// Never a crash, a hang, a sanitizer report or a CHECK.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cordon/compile/compiler.h"
#include "cordon/policy/resolver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cordon;
  if (size > 1 << 16) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const arch::Arch* arch : {arch::FindArch("x86_64"), arch::FindArch("i386")}) {
    policy::SourceManager sources;
    policy::Diagnostics diags(&sources);
    policy::PolicyOptions options;
    options.arch = arch;
    options.permissive = size > 0 && (data[0] & 1);
    // Includes resolve relative to a directory with nothing in it.
    Result<compile::FilterIR> ir =
        policy::LoadPolicyText("/nonexistent/fuzz.policy", text, options, sources, diags);
    (void)diags.RenderAll();
    if (!ir.ok()) continue;
    compile::CompileOptions copts;
    copts.verify_options.random_mixes = 2;
    Result<bpf::Program> program = compile::Compile(*ir, copts);
    // Too large is a fine answer; a verification failure is a bug.
    if (!program.ok() && program.status().code() == Code::kInternal) __builtin_trap();
  }
  return 0;
}
