// cordon yama: is Yama active, with which ptrace scope, and what that means
// (status); change the scope (set).
#include <getopt.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"
#include "cordon/yama/probes.h"
#include "cordon/yama/report.h"
#include "cordon/yama/scope.h"
#include "cordon/yama/status.h"

namespace cordon::cli {
namespace {

constexpr char kUsage[] =
    "usage: cordon yama status [--json] [--root DIR]\n"
    "       cordon yama set N [--irreversible] [--root DIR]\n"
    "\n"
    "Yama narrows who may ptrace whom (attach, seize, process_vm_readv/writev,\n"
    "/proc/PID/mem, pidfd_getfd) through kernel.yama.ptrace_scope:\n"
    "  0 classic      same uid and dumpable, or CAP_SYS_PTRACE\n"
    "  1 relational   only descendants, or a process that named the tracer with\n"
    "                 prctl(PR_SET_PTRACER); CAP_SYS_PTRACE still may attach\n"
    "  2 admin-only   only CAP_SYS_PTRACE\n"
    "  3 no-attach    nobody, and it cannot be lowered until reboot\n"
    "\n"
    "status  says whether Yama is active (lsm_list_modules(2), the sysctl, and a\n"
    "        prctl(PR_SET_PTRACER) probe run in a child so that this process's\n"
    "        own ptracer exception is untouched), the scope and what it means.\n"
    "set N   writes the scope (needs root with CAP_SYS_PTRACE). Scope 3 needs\n"
    "        --irreversible. The setting lasts until reboot; to keep it, add\n"
    "        'kernel.yama.ptrace_scope = N' to /etc/sysctl.d/.\n"
    "\n"
    "  --json           status as JSON\n"
    "  --irreversible   allow set 3\n"
    "  --root DIR       use DIR/proc/sys/kernel/yama/ptrace_scope and ask the\n"
    "                   running kernel nothing (images, tests)\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 done, 1 usage (including set 3 without --irreversible),\n"
    "4 permission denied (not root with CAP_SYS_PTRACE, or lowering from 3),\n"
    "5 Yama is not active on this kernel, 7 other system error.\n";

enum Flag { kJson = 256, kIrreversible, kRoot };

int PrintOut(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    return Fail(ErrnoStatus(errno, "write to standard output"));
  return kExitOk;
}

}  // namespace

int YamaMain(int argc, char** argv) {
  static const option kLongOptions[] = {
      {"json", no_argument, nullptr, kJson},
      {"irreversible", no_argument, nullptr, kIrreversible},
      {"root", required_argument, nullptr, kRoot},
      {"help", no_argument, nullptr, 'h'},
      {},
  };
  bool json = false;
  bool irreversible = false;
  std::string root;
  optind = 1;
  opterr = 0;
  int opt;
  // "+" would stop at the first operand; permute so flags may follow N.
  while ((opt = getopt_long(argc, argv, ":h", kLongOptions, nullptr)) != -1) {
    switch (opt) {
      case kJson:
        json = true;
        break;
      case kIrreversible:
        irreversible = true;
        break;
      case kRoot:
        root = optarg;
        break;
      case 'h':
        std::fputs(kUsage, stdout);
        return kExitOk;
      case ':':
        return Fail(UsageError(std::string("yama: ") + argv[optind - 1] + " needs an argument"));
      default:
        return Fail(UsageError(std::string("yama: unknown option ") + argv[optind - 1] +
                               "; see 'cordon yama --help'"));
    }
  }
  if (optind == argc) {
    return Fail(UsageError("yama: missing subcommand (status or set); see 'cordon yama --help'"));
  }
  const std::string sub = argv[optind++];
  if (!root.empty()) {
    struct stat st {};
    if (stat(root.c_str(), &st) != 0) return Fail(ErrnoStatus(errno, "--root " + root));
    if (!S_ISDIR(st.st_mode)) return Fail(InvalidInput("--root " + root + ": not a directory"));
  }
  // Only the live system may be asked through system calls.
  std::unique_ptr<yama::YamaProbes> probes;
  yama::YamaOptions opts;
  if (root.empty()) {
    probes = yama::LiveYamaProbes();
    opts.probes = probes.get();
  } else {
    opts.root = root;
  }

  if (sub == "status") {
    if (optind != argc) {
      return Fail(
          UsageError(std::string("yama status: unexpected argument '") + argv[optind] + "'"));
    }
    if (irreversible) return Fail(UsageError("yama status: --irreversible belongs to 'set'"));
    yama::YamaStatus status = yama::ReadYamaStatus(opts);
    return PrintOut(json ? yama::RenderStatusJson(status) : yama::RenderStatusText(status));
  }
  if (sub == "set") {
    if (json) return Fail(UsageError("yama set: --json belongs to 'status'"));
    if (optind == argc) return Fail(UsageError("yama set: missing the scope (0, 1, 2 or 3)"));
    if (optind + 1 != argc) {
      return Fail(
          UsageError(std::string("yama set: unexpected argument '") + argv[optind + 1] + "'"));
    }
    std::optional<yama::PtraceScope> scope = yama::ParseScope(argv[optind]);
    if (!scope) {
      return Fail(UsageError(std::string("yama set: the scope must be 0, 1, 2 or 3, not '") +
                             argv[optind] + "'"));
    }
    Result<yama::SetResult> r = yama::SetPtraceScope(*scope, irreversible, opts);
    if (!r.ok()) return Fail(r.status());
    std::string line = "kernel.yama.ptrace_scope: ";
    if (r->before == r->after) {
      line += std::to_string(yama::ScopeNumber(r->after)) + " (" + yama::ScopeName(r->after) +
              ", unchanged)\n";
    } else {
      line += (r->before ? std::to_string(yama::ScopeNumber(*r->before)) : std::string("?")) +
              " -> " + std::to_string(yama::ScopeNumber(r->after)) + " (" +
              yama::ScopeName(r->after) + ")\n";
    }
    return PrintOut(line + yama::ScopeMeaning(r->after) + "\n");
  }
  return Fail(UsageError("yama: unknown subcommand '" + sub + "' (status or set)"));
}

}  // namespace cordon::cli
