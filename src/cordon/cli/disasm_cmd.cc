// cordon disasm: list a BPF program, or the program a policy compiles to.
#include <getopt.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cordon/bpf/disasm.h"
#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"
#include "cordon/cli/policy_input.h"
#include "cordon/compile/compiler.h"

namespace cordon::cli {
namespace {

constexpr char kUsage[] =
    "usage: cordon disasm FILE.bpf|POLICY [options]\n"
    "\n"
    "Prints one line per instruction with absolute jump targets, the seccomp_data\n"
    "field each load reads, syscall names and action names.\n"
    "\n"
    "%s"
    "  -h, --help             this text\n";

}  // namespace

int DisasmMain(int argc, char** argv) {
  PolicyFlags flags;
  std::vector<option> longopts(std::begin(kPolicyLongOptions), std::end(kPolicyLongOptions));
  longopts.push_back({"help", no_argument, nullptr, 'h'});
  longopts.push_back({});
  optind = 1;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":h", longopts.data(), nullptr)) != -1) {
    if (flags.Handle(opt, optarg)) continue;
    if (opt == 'h') {
      std::printf(kUsage, kPolicyFlagsHelp);
      return kExitOk;
    }
    if (opt == ':') {
      return Fail(UsageError(std::string("disasm: ") + argv[optind - 1] + " needs an argument"));
    }
    return Fail(UsageError(std::string("disasm: unknown option ") + argv[optind - 1] +
                           "; see 'cordon disasm --help'"));
  }
  if (optind + 1 != argc) {
    return Fail(UsageError("disasm: expected one FILE.bpf or POLICY; see 'cordon disasm --help'"));
  }
  const std::string path = argv[optind];
  Result<Input> in = LoadInput(path, flags);
  if (!in.ok()) return Fail(in.status());
  if (in->ir) {
    Result<bpf::Program> program = compile::Compile(*in->ir);
    if (!program.ok()) return Fail(program.status().WithContext(path));
    in->program = std::move(*program);
  }
  std::fputs(bpf::Disassemble(in->program->insns(), in->arch).c_str(), stdout);
  return kExitOk;
}

}  // namespace cordon::cli
