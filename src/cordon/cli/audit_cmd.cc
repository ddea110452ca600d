// cordon audit: how hardened is this kernel? Compares the running kernel (or
// an image under --root, or given config/cmdline/sysctl files) against the
// kernel security talk's advice and KSPP's recommended settings.
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cordon/audit/checks.h"
#include "cordon/audit/host_view.h"
#include "cordon/audit/kernel_series.h"
#include "cordon/audit/probes.h"
#include "cordon/audit/report.h"
#include "cordon/cli/commands.h"
#include "cordon/cli/exit_codes.h"

namespace cordon::cli {
namespace {

constexpr char kUsage[] =
    "usage: cordon audit [options]\n"
    "\n"
    "Checks how hardened a kernel is: build config, boot command line, sysctls and\n"
    "what the running kernel reports (active LSMs, Yama, Landlock, seccomp, KASLR,\n"
    "age of its series). Each check is OK, FAIL, or N/A with the reason it could\n"
    "not be evaluated.\n"
    "\n"
    "  --root DIR        read files from DIR laid out like / (an image); the\n"
    "                    running kernel is not asked anything\n"
    "  --config FILE     kernel config, plain or gzip (default: /proc/config.gz,\n"
    "                    then /boot/config-$(uname -r))\n"
    "  --cmdline FILE    boot command line (default: /proc/cmdline)\n"
    "  --sysctl FILE     output of 'sysctl -a' (default: /proc/sys)\n"
    "  --arch ARCH       x86_64 or arm64 (default: the config's, else this machine's)\n"
    "  --only SOURCE     talk: the kernel security talk's items;\n"
    "                    kspp: KSPP's recommended settings\n"
    "  --json            JSON instead of the table\n"
    "  --no-fail         exit 0 even when checks fail\n"
    "  -h, --help        this text\n"
    "\n"
    "exit status: 0 every evaluated check passed, 8 some failed, 1 usage error,\n"
    "3/4/2 an explicit file is missing/unreadable/corrupt.\n";

enum Flag { kRoot = 256, kConfig, kCmdline, kSysctl, kArch, kOnly, kJson, kNoFail };

bool WantColour() {
  if (!isatty(STDOUT_FILENO)) return false;
  if (const char* no = std::getenv("NO_COLOR"); no != nullptr && *no != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

}  // namespace

int AuditMain(int argc, char** argv) {
  static const option kLongOptions[] = {
      {"root", required_argument, nullptr, kRoot},
      {"config", required_argument, nullptr, kConfig},
      {"cmdline", required_argument, nullptr, kCmdline},
      {"sysctl", required_argument, nullptr, kSysctl},
      {"arch", required_argument, nullptr, kArch},
      {"only", required_argument, nullptr, kOnly},
      {"json", no_argument, nullptr, kJson},
      {"no-fail", no_argument, nullptr, kNoFail},
      {"help", no_argument, nullptr, 'h'},
      {},
  };
  audit::HostViewOptions opts;
  bool root_given = false;
  bool json = false;
  bool no_fail = false;
  unsigned sources = audit::kSourceTalk | audit::kSourceKspp | audit::kSourceKhc;
  optind = 1;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":h", kLongOptions, nullptr)) != -1) {
    switch (opt) {
      case kRoot:
        opts.root = optarg;
        root_given = true;
        break;
      case kConfig:
        opts.config_file = optarg;
        break;
      case kCmdline:
        opts.cmdline_file = optarg;
        break;
      case kSysctl:
        opts.sysctl_file = optarg;
        break;
      case kArch: {
        std::optional<audit::AuditArch> arch = audit::ParseAuditArch(optarg);
        if (!arch) {
          return Fail(UsageError(std::string("audit: --arch must be x86_64 or arm64, not '") +
                                 optarg + "'"));
        }
        opts.arch = *arch;
        break;
      }
      case kOnly:
        if (std::strcmp(optarg, "talk") == 0) {
          sources = audit::kSourceTalk;
        } else if (std::strcmp(optarg, "kspp") == 0) {
          sources = audit::kSourceKspp | audit::kSourceKhc;
        } else {
          return Fail(
              UsageError(std::string("audit: --only must be talk or kspp, not '") + optarg + "'"));
        }
        break;
      case kJson:
        json = true;
        break;
      case kNoFail:
        no_fail = true;
        break;
      case 'h':
        std::fputs(kUsage, stdout);
        return kExitOk;
      case ':':
        return Fail(UsageError(std::string("audit: ") + argv[optind - 1] + " needs an argument"));
      default:
        return Fail(UsageError(std::string("audit: unknown option ") + argv[optind - 1] +
                               "; see 'cordon audit --help'"));
    }
  }
  if (optind != argc) {
    return Fail(UsageError(std::string("audit: unexpected argument '") + argv[optind] +
                           "'; see 'cordon audit --help'"));
  }
  if (root_given) {
    struct stat st {};
    if (stat(opts.root.c_str(), &st) != 0) return Fail(ErrnoStatus(errno, "--root " + opts.root));
    if (!S_ISDIR(st.st_mode))
      return Fail(InvalidInput("--root " + opts.root + ": not a directory"));
  }

  // Only the live system may be asked through system calls.
  std::unique_ptr<audit::KernelProbes> probes;
  if (!root_given) {
    probes = audit::LiveKernelProbes();
    opts.probes = probes.get();
  }
  opts.sysctl_keys = audit::AuditedSysctls();
  Result<audit::HostView> host = audit::LoadHostView(opts);
  if (!host.ok()) return Fail(host.status());

  std::vector<audit::Finding> findings = audit::RunChecks(*host, sources);
  std::string out =
      json ? audit::RenderJson(*host, findings) : audit::RenderText(*host, findings, WantColour());
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    return Fail(ErrnoStatus(errno, "write report"));
  }
  if (no_fail) return kExitOk;
  return audit::CountFindings(findings).fail > 0 ? kExitFindings : kExitOk;
}

}  // namespace cordon::cli
