#include "cordon/cli/policy_input.h"

#include <cstdio>

#include "cordon/base/files.h"

namespace cordon::cli {

const char kPolicyFlagsHelp[] =
    "  --arch ARCH            target arch: x86_64, i386, aarch64 (default: this machine's)\n"
    "  --arch-json FILE       syscall numbers and constants from a minijail/crosvm\n"
    "                         constants.json (for newer kernels: mseal, PR_GET_AUXV)\n"
    "  --default-action ACT   action for unlisted syscalls, overriding @default:\n"
    "                         kill-process, kill-thread, trap, log, user-notify, errno:NAME\n"
    "  --denylist             the policy is a @denylist (default allow)\n"
    "  --permissive           Android style: skip syscalls unknown on the arch and drop\n"
    "                         repeated unconditional lines, with warnings\n"
    "  --include-map FROM=TO  read @include paths starting with FROM from TO instead\n";

bool PolicyFlags::Handle(int opt, const char* arg) {
  switch (opt) {
    case kOptArch: arch = arg; return true;
    case kOptArchJson: arch_json = arg; return true;
    case kOptDefaultAction: default_action = arg; return true;
    case kOptDenylist: denylist = true; return true;
    case kOptPermissive: permissive = true; return true;
    case kOptIncludeMap: include_map.push_back(arg); return true;
    default: return false;
  }
}

Result<const arch::Arch*> ResolveArch(const PolicyFlags& flags,
                                      std::unique_ptr<arch::Arch>* owned) {
  if (!flags.arch_json.empty()) {
    *owned = TRY(arch::LoadArchJson(flags.arch_json));
    if (!flags.arch.empty()) {
      const arch::Arch* named = arch::FindArch(flags.arch);
      if (named == nullptr || named->name() != (*owned)->name()) {
        return UsageError("--arch " + flags.arch + " does not match " + flags.arch_json +
                          ", which describes " + (*owned)->name());
      }
    }
    return owned->get();
  }
  if (flags.arch.empty()) return &arch::NativeArch();
  const arch::Arch* a = arch::FindArch(flags.arch);
  if (a == nullptr) {
    std::string known;
    for (const arch::Arch* b : arch::BuiltinArchs()) known += (known.empty() ? "" : ", ") + b->name();
    return UsageError("unknown arch '" + flags.arch + "' (known: " + known + ")");
  }
  return a;
}

Result<Input> LoadInput(const std::string& path, const PolicyFlags& flags) {
  Input in;
  in.arch = TRY(ResolveArch(flags, &in.owned_arch));
  std::string bytes = TRY(ReadFile(path));
  if (bytes.find('\0') != std::string::npos) {
    Result<bpf::Program> program = bpf::Program::Decode(bytes);
    if (!program.ok()) return program.status().WithContext(path);
    in.program = std::move(*program);
    return in;
  }
  policy::PolicyOptions options;
  options.arch = in.arch;
  options.denylist = flags.denylist;
  options.permissive = flags.permissive;
  if (!flags.default_action.empty()) {
    options.default_action = TRY(policy::ParseActionSpec(flags.default_action, *in.arch));
  }
  for (const std::string& m : flags.include_map) {
    size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      return UsageError("--include-map wants FROM=TO, got '" + m + "'");
    }
    options.include_map.emplace_back(m.substr(0, eq), m.substr(eq + 1));
  }
  policy::SourceManager sources;
  policy::Diagnostics diags(&sources);
  Result<compile::FilterIR> ir =
      policy::LoadPolicyText(path, std::move(bytes), options, sources, diags);
  std::fputs(diags.RenderAll().c_str(), stderr);
  if (!ir.ok()) return ir.status();
  in.ir = std::move(*ir);
  return in;
}

}  // namespace cordon::cli
