// cordon: seccomp policies compiled to verified BPF, programs run confined,
// policies learned and linted, Yama and the host kernel's hardening checked.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"

namespace cordon::cli {
namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*main)(int argc, char** argv);
};

// One line per subcommand, in the order `cordon --help` lists them.
constexpr Command kCommands[] = {
    {"run", "run a program confined (minijail0-compatible)", RunMain},
    {"compile", "compile a policy into a seccomp BPF program", CompileMain},
    {"disasm", "disassemble a BPF program or a compiled policy", DisasmMain},
    {"sim", "simulate one syscall against a policy or BPF program", SimMain},
    {"lint", "report the dangerous holes in a policy", LintMain},
    {"audit", "check how hardened this kernel is (config, boot, sysctls, LSMs)", AuditMain},
    {"yama", "show or set Yama's ptrace scope (who may ptrace whom)", YamaMain},
};

void PrintUsage(FILE* out) {
  std::fprintf(out, "usage: cordon COMMAND [ARGS...]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-9s %s\n", c.name, c.summary);
  std::fprintf(out, "\n'cordon COMMAND --help' describes a command.\n");
}

}  // namespace
}  // namespace cordon::cli

int main(int argc, char** argv) {
  using namespace cordon::cli;
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  if (name == "--version") {
    std::printf("cordon %s\n", CORDON_VERSION);
    return kExitOk;
  }
  for (const Command& c : kCommands) {
    if (name == c.name) return c.main(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "cordon: unknown command '%s'; 'cordon --help' lists them\n", argv[1]);
  return kExitUsage;
}
