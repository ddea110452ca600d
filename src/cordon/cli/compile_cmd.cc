// cordon compile: a policy file to a raw BPF program.
#include <getopt.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cordon/base/files.h"
#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"
#include "cordon/cli/policy_input.h"
#include "cordon/compile/compiler.h"

namespace cordon::cli {
namespace {

constexpr char kUsage[] =
    "usage: cordon compile POLICY -o OUT.bpf [options]\n"
    "\n"
    "Compiles a seccomp policy into a classic BPF program: the raw struct sock_filter\n"
    "array that `minijail0 --seccomp-bpf-binary` and `bwrap --seccomp FD` read.\n"
    "The program is checked against the kernel's rules and verified against the\n"
    "policy with cordon's interpreter before it is written.\n"
    "\n"
    "  -o, --output FILE      where to write the program ('-' for standard output)\n"
    "  --stats                print size, dispatch depth, kernel-cached syscalls and timing\n"
    "  --no-verify            skip the interpreter check (not recommended)\n"
    "%s"
    "  -h, --help             this text\n";

enum { kOptStats = 2000, kOptNoVerify };

void PrintStats(FILE* out, const std::string& path, const arch::Arch& arch,
                const compile::CompileStats& s) {
  std::fprintf(out, "%s (%s): %zu instructions\n", path.c_str(), arch.name().c_str(), s.instructions);
  std::fprintf(out, "  syscalls with rules    %zu\n", s.syscalls_with_rules);
  std::fprintf(out, "  always allowed         %zu (kernel-cached: %zu)\n", s.always_allowed,
               s.cached_syscalls);
  std::fprintf(out, "  dispatch tree depth    %d\n", s.tree_depth);
  std::fprintf(out, "  verified inputs        %zu\n", s.verified_cases);
  std::fprintf(out, "  compile time           %.3f ms (lower %.3f, layout %.3f, verify %.3f)\n",
               s.total_ms, s.lower_ms, s.linearize_ms, s.verify_ms);
}

}  // namespace

int CompileMain(int argc, char** argv) {
  PolicyFlags flags;
  std::string output;
  bool stats = false;
  bool verify = true;
  std::vector<option> longopts(std::begin(kPolicyLongOptions), std::end(kPolicyLongOptions));
  longopts.push_back({"output", required_argument, nullptr, 'o'});
  longopts.push_back({"stats", no_argument, nullptr, kOptStats});
  longopts.push_back({"no-verify", no_argument, nullptr, kOptNoVerify});
  longopts.push_back({"help", no_argument, nullptr, 'h'});
  longopts.push_back({});
  optind = 1;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":o:h", longopts.data(), nullptr)) != -1) {
    if (flags.Handle(opt, optarg)) continue;
    switch (opt) {
      case 'o': output = optarg; break;
      case kOptStats: stats = true; break;
      case kOptNoVerify: verify = false; break;
      case 'h': std::printf(kUsage, kPolicyFlagsHelp); return kExitOk;
      case ':':
        return Fail(UsageError(std::string("compile: ") + argv[optind - 1] + " needs an argument"));
      default:
        return Fail(UsageError(std::string("compile: unknown option ") + argv[optind - 1] +
                               "; see 'cordon compile --help'"));
    }
  }
  if (optind + 1 != argc) {
    return Fail(UsageError("compile: expected one POLICY file; see 'cordon compile --help'"));
  }
  if (output.empty()) return Fail(UsageError("compile: -o OUT.bpf is required"));
  if (output == "-" && isatty(1)) {
    return Fail(UsageError("compile: refusing to write a binary program to a terminal"));
  }
  const std::string path = argv[optind];
  Result<Input> in = LoadInput(path, flags);
  if (!in.ok()) return Fail(in.status());
  if (!in->ir) return Fail(InvalidInput(path + " is already a BPF program"));

  compile::CompileOptions options;
  options.verify = verify;
  compile::CompileStats s;
  Result<bpf::Program> program = compile::Compile(*in->ir, options, &s);
  if (!program.ok()) return Fail(program.status().WithContext(path));
  if (Status w = WriteFileAtomic(output, program->Encode()); !w.ok()) return Fail(w);
  if (stats) PrintStats(output == "-" ? stderr : stdout, path, *in->arch, s);
  return kExitOk;
}

}  // namespace cordon::cli
