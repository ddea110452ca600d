// cordon run: launch a program confined, minijail0-compatible.
//
//   cordon run -nS examples/cat.policy /bin/cat examples/cat.policy   # prints it, exit 0
//   cordon run -nS examples/cat.policy /bin/ls examples/cat.policy    # killed, exit 253
//   cordon run -nLS examples/cat.policy /bin/ls                       # ... and names the call
//
// This file maps flags to a sandbox::LaunchSpec, compiles the policy, prints
// (the only layer that does) and maps the outcome to an exit status; the
// sandbox itself is src/cordon/sandbox.
#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "cordon/base/files.h"
#include "cordon/bpf/action.h"
#include "cordon/bpf/interpreter.h"
#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"
#include "cordon/cli/policy_input.h"
#include "cordon/cli/run_flags.h"
#include "cordon/compile/compiler.h"
#include "cordon/compile/evaluate.h"
#include "cordon/sandbox/launcher.h"
#include "cordon/sandbox/notify_program.h"
#include "cordon/sandbox/syscall_format.h"

namespace cordon::cli {
namespace {

using sandbox::kExitPolicy;

// Log writes one of cordon's own messages where --logging says.
class Log {
 public:
  explicit Log(Logging where) {
    syslog_ =
        where == Logging::kSyslog || (where == Logging::kAuto && fcntl(STDERR_FILENO, F_GETFD) < 0);
    if (syslog_) openlog("cordon", LOG_PID, LOG_USER);
  }
  void operator()(const std::string& message) const {
    if (syslog_) {
      syslog(LOG_WARNING, "%s", message.c_str());
    } else {
      std::string line = "cordon: " + message + "\n";
      (void)!write(STDERR_FILENO, line.data(), line.size());
    }
  }

 private:
  bool syslog_ = false;
};

// Policy is what -S or --seccomp-bpf-binary gave: the program as compiled
// (what the kernel runs without -L) and, for a policy file, its meaning.
struct Policy {
  std::string name;
  Input input;
  std::optional<bpf::Program> program;
};

Result<Policy> LoadRunPolicy(const RunFlags& flags) {
  Policy p;
  p.name = flags.spec.seccomp.policy_name;
  if (!flags.bpf_path.empty()) {
    std::unique_ptr<arch::Arch> owned;
    p.input.arch = TRY(ResolveArch(flags.policy, &owned));
    p.input.owned_arch = std::move(owned);
    Result<std::string> bytes = ReadFile(flags.bpf_path);
    if (!bytes.ok()) return bytes.status();
    Result<bpf::Program> program = bpf::Program::Decode(*bytes);
    if (!program.ok()) return program.status().WithContext(flags.bpf_path);
    p.program = std::move(*program);
  } else {
    p.input = TRY(LoadInput(flags.policy_path, flags.policy));
    if (p.input.ir) {
      Result<bpf::Program> program = compile::Compile(*p.input.ir);
      if (!program.ok()) return program.status().WithContext(flags.policy_path);
      p.program = std::move(*program);
    } else {
      p.program = std::move(*p.input.program);  // -S given a compiled file
    }
  }
  if (p.input.arch->audit_arch() != arch::NativeArch().audit_arch()) {
    return UsageError("the policy is for " + p.input.arch->name() + ", this machine runs " +
                      arch::NativeArch().name());
  }
  return p;
}

// StaticCheck: a static program gets the filter before exec, so the policy
// must allow execve; say so before anything changes.
Status StaticCheck(const Policy& policy, const sandbox::ExecTarget& target,
                   sandbox::Placement placement, const Log& log) {
  if (placement != sandbox::Placement::kBeforeExec) return OkStatus();
  sandbox::StaticPolicyGaps gaps =
      sandbox::FindStaticPolicyGaps(*policy.program, arch::NativeArch());
  std::string startup;
  for (const std::string& s : gaps.startup_blocked) startup += (startup.empty() ? "" : ", ") + s;
  if (gaps.execve_blocked) {
    std::string msg = target.path + " is statically linked, so the filter is installed before " +
                      "exec and " + policy.name + " must allow execve (add 'execve: 1')";
    if (!startup.empty()) msg += "; a static glibc program usually also calls " + startup;
    return UsageError(msg);
  }
  if (!startup.empty()) {
    log("note: " + target.path + " is statically linked and " + policy.name +
        " blocks calls a static glibc program makes before main: " + startup);
  }
  return OkStatus();
}

std::string ExeOf(pid_t pid) {
  char buf[4096];
  ssize_t n = readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?";
}

// Blocked decides a -L notification from its integers only: the original
// program's answer (what the kernel would have done) and, for a policy
// file, the rule that gave it.
sandbox::Verdict Blocked(const Policy& policy, const Log& log, const sandbox::Notification& n) {
  uint32_t ret = bpf::Run(policy.program->insns(), n.data);
  std::string decided = "policy " + policy.name;
  if (policy.input.ir) {
    const compile::Rule* rule = compile::MatchingRule(*policy.input.ir, n.data);
    if (rule != nullptr) {
      decided = "policy " + rule->source.file + ":" + std::to_string(rule->source.line);
    } else {
      decided += " (default action)";
    }
  }
  log("blocked " + sandbox::FormatCall(arch::NativeArch(), n.data) + " in pid " +
      std::to_string(n.pid) + " (" + ExeOf(n.pid) + "), " + decided + " -> " +
      bpf::ActionName(ret));
  switch (bpf::ActionOf(ret)) {
    case SECCOMP_RET_KILL_PROCESS:
    case SECCOMP_RET_KILL_THREAD:
      return sandbox::Verdict::Kill();
    case SECCOMP_RET_ERRNO: {
      int err = static_cast<int>(bpf::DataOf(ret));
      return err == 0 ? sandbox::Verdict::Value(0) : sandbox::Verdict::Errno(err);
    }
    case SECCOMP_RET_ALLOW:
    case SECCOMP_RET_LOG:
      return sandbox::Verdict::Continue();
    default:
      return sandbox::Verdict::Errno(ENOSYS);  // what the kernel does without a listener
  }
}

}  // namespace

int RunMain(int argc, char** argv) {
  Result<RunFlags> parsed = ParseRunFlags(argc, argv);
  if (!parsed.ok()) {
    std::fprintf(stderr, "cordon run: %s\n", parsed.status().message().c_str());
    return kExitUsage;
  }
  RunFlags& flags = *parsed;
  if (flags.help) {
    std::printf(kRunHelp, kPolicyFlagsHelp);
    return kExitOk;
  }
  for (int fd : flags.spec.preserve_fds) {
    if (fcntl(fd, F_GETFD) < 0) {
      std::fprintf(stderr, "cordon run: --preserve-fd %d: descriptor is not open\n", fd);
      return kExitUsage;
    }
  }
  if (Status s = ResolveRunIds(&flags); !s.ok()) {
    std::fprintf(stderr, "cordon run: %s\n", s.message().c_str());
    return kExitUsage;
  }
  Log log(flags.logging);

  std::optional<Policy> policy;
  sandbox::LaunchHooks hooks;
  if (!flags.policy_path.empty() || !flags.bpf_path.empty()) {
    Result<Policy> loaded = LoadRunPolicy(flags);
    if (!loaded.ok()) {
      log(loaded.status().message());
      return kExitPolicy;
    }
    policy = std::move(*loaded);
    flags.spec.seccomp.program = policy->program;
    if (flags.log_blocked) {
      Result<bpf::Program> notifying = sandbox::NotifyOnBlock(*policy->program);
      if (!notifying.ok()) {
        log("-L: " + notifying.status().message());
        return kExitPolicy;
      }
      flags.spec.seccomp.program = std::move(*notifying);
      flags.spec.seccomp.listener = true;
      hooks.decide = [&](const sandbox::Notification& n) { return Blocked(*policy, log, n); };
    }
    hooks.on_plan = [&](const sandbox::ExecTarget& t, sandbox::Placement placement) {
      return StaticCheck(*policy, t, placement, log);
    };
  }

  sandbox::LaunchOutcome out = sandbox::Launch(flags.spec, hooks);
  switch (out.kind) {
    case sandbox::LaunchOutcome::Kind::kSetupFailed:
      log(out.message);
      break;
    case sandbox::LaunchOutcome::Kind::kPolicyViolation:
      log("child process " + std::to_string(out.pid) + " had a policy violation (" +
          flags.spec.seccomp.policy_name + ")");
      if (!flags.log_blocked) log("run with -L to name the blocked call");
      break;
    case sandbox::LaunchOutcome::Kind::kExited:
    case sandbox::LaunchOutcome::Kind::kSignaled:
      break;
  }
  return out.exit_code;
}

}  // namespace cordon::cli
