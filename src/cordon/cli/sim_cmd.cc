// cordon sim: what does a policy (or BPF program) do with one syscall?
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cordon/bpf/action.h"
#include "cordon/bpf/interpreter.h"
#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"
#include "cordon/cli/policy_input.h"
#include "cordon/compile/compiler.h"
#include "cordon/compile/evaluate.h"
#include "cordon/compile/verify.h"
#include "cordon/policy/parser.h"

namespace cordon::cli {
namespace {

constexpr char kUsage[] =
    "usage: cordon sim POLICY|FILE.bpf SYSCALL [ARG...] [options]\n"
    "\n"
    "Prints the action the filter takes for one call: ALLOW, ERRNO(EINVAL),\n"
    "KILL_PROCESS, TRAP, LOG, ... For a policy, both the policy's own meaning\n"
    "and the compiled program are asked, and a disagreement is reported loudly.\n"
    "\n"
    "  SYSCALL                a name (openat) or a number (257, 0x40000000 for x32 read)\n"
    "  ARG                    up to six numbers (-1, 0x10, 0755) or constants\n"
    "                         (O_RDONLY|O_CLOEXEC, ~PROT_EXEC); missing ones are 0\n"
    "  --call-arch ARCH       the call comes from another arch (i386, aarch64, ...)\n"
    "  --explain              also say which rule decided\n"
    "%s"
    "  -h, --help             this text\n";

Result<uint64_t> ParseArg(std::string_view text, const arch::Arch& arch) {
  uint64_t acc = 0;
  while (!text.empty()) {
    size_t bar = text.find('|');
    std::string_view part = text.substr(0, bar);
    bool invert = !part.empty() && part[0] == '~';
    if (invert) part.remove_prefix(1);
    uint64_t magnitude = 0;
    bool negative = false;
    uint64_t value;
    if (policy::ParseNumber(part, &magnitude, &negative)) {
      value = negative ? uint64_t{0} - magnitude : magnitude;
    } else if (std::optional<uint64_t> c = arch.Constant(part)) {
      value = *c;
    } else {
      return UsageError("sim: '" + std::string(part) + "' is neither a number nor a constant on " +
                        arch.name());
    }
    acc |= invert ? ~value : value;
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return acc & compile::ArgMask(arch);
}

}  // namespace

int SimMain(int argc, char** argv) {
  PolicyFlags flags;
  std::string call_arch;
  bool explain = false;
  std::vector<std::string> positional;
  // Hand-rolled so that negative numbers are arguments, not options.
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& name) -> const char* {
      size_t eq = a.find('=');
      if (eq != std::string::npos) return argv[i] + eq + 1;
      if (i + 1 >= argc) return nullptr;
      (void)name;
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      std::printf(kUsage, kPolicyFlagsHelp);
      return kExitOk;
    }
    if (a == "--explain") {
      explain = true;
      continue;
    }
    if (a == "--") {
      for (++i; i < argc; ++i) positional.push_back(argv[i]);
      break;
    }
    if (a.size() > 1 && a[0] == '-' && !(a[1] >= '0' && a[1] <= '9')) {
      std::string name = a.substr(0, a.find('='));
      int id = 0;
      bool needs_value = true;
      if (name == "--call-arch") {
        id = -1;
      } else {
        for (const option& o : kPolicyLongOptions) {
          if (name == std::string("--") + o.name) {
            id = o.val;
            needs_value = o.has_arg == required_argument;
          }
        }
      }
      if (id == 0) return Fail(UsageError("sim: unknown option " + a + "; see 'cordon sim --help'"));
      const char* v = needs_value ? value(name) : nullptr;
      if (needs_value && v == nullptr) return Fail(UsageError("sim: " + name + " needs an argument"));
      if (id == -1) {
        call_arch = v;
      } else {
        flags.Handle(id, v);
      }
      continue;
    }
    positional.push_back(a);
  }
  if (positional.size() < 2 || positional.size() > 8) {
    return Fail(UsageError("sim: expected POLICY SYSCALL [ARG...] (at most six ARGs); see "
                           "'cordon sim --help'"));
  }
  Result<Input> in = LoadInput(positional[0], flags);
  if (!in.ok()) return Fail(in.status());
  const arch::Arch& arch = *in->arch;

  seccomp_data data{};
  data.arch = arch.audit_arch();
  if (!call_arch.empty()) {
    const arch::Arch* other = arch::FindArch(call_arch);
    if (other == nullptr) return Fail(UsageError("sim: unknown arch '" + call_arch + "'"));
    data.arch = other->audit_arch();
  }
  const std::string& sc = positional[1];
  if (std::optional<uint32_t> nr = arch.SyscallNumber(sc)) {
    data.nr = static_cast<int>(*nr);
  } else {
    uint64_t magnitude = 0;
    bool negative = false;
    if (!policy::ParseNumber(sc, &magnitude, &negative) || magnitude > 0xffffffffull) {
      return Fail(NotFound("sim: unknown syscall '" + sc + "' on " + arch.name()));
    }
    data.nr = static_cast<int>(static_cast<uint32_t>(negative ? 0u - magnitude : magnitude));
  }
  for (size_t i = 2; i < positional.size(); ++i) {
    Result<uint64_t> v = ParseArg(positional[i], arch);
    if (!v.ok()) return Fail(v.status());
    data.args[i - 2] = *v;
  }

  if (in->ir) {
    Result<bpf::Program> program = compile::Compile(*in->ir);
    if (!program.ok()) return Fail(program.status().WithContext(positional[0]));
    in->program = std::move(*program);
  }
  bpf::RunStats run{};
  const uint32_t actual = bpf::Run(in->program->insns(), data, &run);
  std::printf("%s\n", bpf::ActionName(actual).c_str());
  if (in->ir) {
    const uint32_t expected = compile::Evaluate(*in->ir, data);
    if (expected != actual) {
      std::fprintf(stderr,
                   "cordon: BUG: for %s the policy says %s but the compiled program says %s; "
                   "please report this\n",
                   compile::DescribeCall(arch, data).c_str(), bpf::ActionName(expected).c_str(),
                   bpf::ActionName(actual).c_str());
      return kExitInternal;
    }
  }
  if (explain) {
    std::string why;
    if (in->ir) {
      const compile::Rule* rule = compile::MatchingRule(*in->ir, data);
      if (data.arch != arch.audit_arch()) {
        why = "the architecture check (the call is not " + arch.name() + ")";
      } else if (arch.foreign_nr_mask() != 0 && static_cast<uint32_t>(data.nr) >= arch.foreign_nr_mask()) {
        why = "the foreign-ABI check (x32 numbers are refused)";
      } else if (rule != nullptr) {
        why = rule->source.file + ":" + std::to_string(rule->source.line) + ":" +
              std::to_string(rule->source.column);
      } else {
        why = "the default action";
      }
    } else {
      why = "the program";
    }
    std::printf("call:       %s\ndecided by: %s\nexecuted:   %u instructions%s\n",
                compile::DescribeCall(arch, data).c_str(), why.c_str(), run.executed,
                run.loaded_args ? "" : " (nr/arch only)");
  }
  return kExitOk;
}

}  // namespace cordon::cli
