// ExecTarget: which file the sandbox will execute, as the sandbox sees it,
// and what kind of program it is (which decides where the seccomp filter is
// installed). The parent resolves argv[0] through PATH and through the
// sandbox's view of the file system (new root and bind mounts), following
// symlinks the way they will resolve inside; the child later opens the same
// path and checks the kind again before it executes the descriptor.
//
//   SandboxView view = ViewOf(mount_plan);
//   ExecTarget t = TRY(ResolveExecTarget({"cat", "x"}, view, env));
//   t.path == "/usr/bin/cat";  t.elf.kind == ElfKind::kDynamic;
//
// A script ("#!/bin/sh -e") becomes its interpreter, run the way the kernel
// would run it: argv = {"/bin/sh", "-e", "./script", args...}. The
// interpreter's kind decides; a script whose interpreter is another script
// is refused.
#ifndef CORDON_SANDBOX_EXEC_TARGET_H_
#define CORDON_SANDBOX_EXEC_TARGET_H_

#include <string>
#include <utility>
#include <vector>

#include "cordon/arch/arch.h"
#include "cordon/base/status.h"
#include "cordon/bpf/program.h"
#include "cordon/sandbox/elf_info.h"
#include "cordon/sandbox/mounts.h"

namespace cordon::sandbox {

// SandboxView maps paths inside the sandbox to paths of this system.
struct SandboxView {
  std::string root;  // "" when the sandbox keeps "/"
  // (target inside, source outside), longest target first.
  std::vector<std::pair<std::string, std::string>> binds;
  std::string cwd;  // the sandbox's working directory ("/" with a new root)

  // HostPath maps an absolute sandbox path (without following symlinks).
  std::string HostPath(const std::string& sandbox_path) const;
  // Resolve follows symlinks inside the sandbox; kNotFound when a component
  // is missing.
  Result<std::string> Resolve(const std::string& sandbox_path) const;
};

// ViewOf builds the view a MountPlan will create.
SandboxView ViewOf(const MountPlan& plan);

struct ExecTarget {
  std::string path;               // absolute, inside the sandbox; the file executed
  std::string host_path;          // the same file, as cordon sees it now
  std::vector<std::string> argv;  // argv for that file (rewritten for scripts)
  ElfInfo elf;                    // of `path`
  bool script = false;
};

// ResolveExecTarget finds argv[0]: a path (relative to the sandbox's
// working directory) or a name searched in PATH (from `env`, else
// "/usr/local/bin:/usr/bin:/bin"). Errors: kNotFound (exit 127), or
// kPermissionDenied for a directory, a file without execute permission or
// an unreadable one (exit 126).
Result<ExecTarget> ResolveExecTarget(const std::vector<std::string>& argv, const SandboxView& view,
                                     const std::vector<std::string>& env);

// StaticPolicyGaps: what a policy must also allow when its filter is
// installed before exec (a static program): execve itself, and the calls a
// static glibc program makes before main.
struct StaticPolicyGaps {
  bool execve_blocked = false;
  std::vector<std::string> startup_blocked;
};

// FindStaticPolicyGaps asks the interpreter what `program` does with each
// of those calls (with zero arguments) on `arch`.
StaticPolicyGaps FindStaticPolicyGaps(const bpf::Program& program, const arch::Arch& arch);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_EXEC_TARGET_H_
