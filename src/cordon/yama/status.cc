#include "cordon/yama/status.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "cordon/base/files.h"
#include "cordon/base/unique_fd.h"

namespace cordon::yama {
namespace {

constexpr char kSysctlName[] = "kernel.yama.ptrace_scope";

std::string UnderRoot(const std::string& root, const std::string& relative) {
  if (root.empty() || root == "/") return "/" + relative;
  return root.back() == '/' ? root + relative : root + "/" + relative;
}

bool IsDirectory(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

SysctlEvidence ReadSysctl(const std::string& root) {
  SysctlEvidence e;
  e.path = SysctlPath(root);
  Result<std::string> text = ReadFile(e.path, 64);
  if (!text.ok()) {
    if (text.status().sys_errno() != ENOENT) {
      // It is there but unreadable: Yama registered it.
      e.exists = true;
      e.says_active = true;
      e.error = text.status().message();
      return e;
    }
    // Absence only means "no Yama" when /proc/sys is really there.
    std::string kernel_dir = UnderRoot(root, "proc/sys/kernel");
    if (IsDirectory(kernel_dir)) {
      e.says_active = false;
      e.error = "absent";
    } else {
      e.error = "absent, and so is " + kernel_dir + " (is /proc mounted?)";
    }
    return e;
  }
  e.exists = true;
  e.says_active = true;
  e.scope = ParseScope(*text);
  if (!e.scope) e.error = "not a scope from 0 to 3: '" + Trimmed(*text) + "'";
  return e;
}

LsmEvidence AskLsms(YamaProbes& probes) {
  LsmEvidence e;
  e.asked = true;
  Result<std::vector<uint64_t>> ids = probes.LsmListModules();
  if (!ids.ok()) {
    e.error = ids.status().message();
    if (ids.status().sys_errno() == ENOSYS) e.error += "; Linux before 6.8 lacks it";
    return e;
  }
  std::vector<std::string> names;
  for (uint64_t id : *ids) {
    names.push_back(LsmIdName(id));
    if (id == kLsmIdYama) e.lists_yama = true;
  }
  e.lsms = std::move(names);
  return e;
}

PrctlEvidence AskPrctl(YamaProbes& probes) {
  PrctlEvidence e;
  e.asked = true;
  Result<bool> accepted = probes.PtracerPrctlAccepted();
  if (accepted.ok()) {
    e.accepted = *accepted;
  } else {
    e.error = accepted.status().message();
  }
  return e;
}

std::string Verdict(bool active) { return active ? "Yama is active" : "Yama is not active"; }

}  // namespace

std::string SysctlPath(const std::string& root) {
  return UnderRoot(root, "proc/sys/kernel/yama/ptrace_scope");
}

YamaStatus ReadYamaStatus(const YamaOptions& options) {
  YamaStatus s;
  s.sysctl = ReadSysctl(options.root);
  if (options.probes != nullptr) {
    s.lsm = AskLsms(*options.probes);
    s.prctl = AskPrctl(*options.probes);
  }
  // The witnesses in order of authority: the kernel's own list of LSMs,
  // then the sysctl Yama registers, then the prctl only Yama implements.
  std::optional<bool> lsm_says;
  if (s.lsm.lsms) lsm_says = s.lsm.lists_yama;
  struct Witness {
    const char* name;
    std::optional<bool> says;
  };
  const Witness witnesses[] = {
      {"lsm_list_modules(2)", lsm_says},
      {"sysctl", s.sysctl.says_active},
      {"prctl probe", s.prctl.accepted},
  };
  for (const Witness& w : witnesses) {
    if (!w.says) continue;
    if (!s.active) {
      s.active = *w.says;
      s.decided_by = w.name;
    } else if (*w.says != *s.active) {
      s.disagreements.push_back(std::string(w.name) + " says " + Verdict(*w.says) + ", but " +
                                s.decided_by + " says " + Verdict(*s.active));
    }
  }
  if (s.active == true) s.scope = s.sysctl.scope;
  return s;
}

Result<SetResult> SetPtraceScope(PtraceScope scope, bool irreversible, const YamaOptions& options) {
  const int number = ScopeNumber(scope);
  if (scope == PtraceScope::kNoAttach && !irreversible) {
    return UsageError(
        "refusing ptrace_scope 3 (no attach) without --irreversible: once set, the kernel "
        "does not let it be lowered until reboot");
  }
  YamaStatus before = ReadYamaStatus(options);
  if (before.active == false) {
    return Unsupported("cannot set " + std::string(kSysctlName) +
                       ": Yama is not active on this kernel (" + before.decided_by + ")");
  }
  if (!before.active && !before.sysctl.exists) {
    return Unsupported("cannot set " + std::string(kSysctlName) + ": " + before.sysctl.path +
                       " does not exist and no other witness says Yama is active");
  }
  if (before.scope == PtraceScope::kNoAttach && scope != PtraceScope::kNoAttach) {
    return Status(Code::kPermissionDenied,
                  std::string(kSysctlName) +
                      " is 3 (no attach), which the kernel locks until reboot: it cannot be "
                      "lowered to " +
                      std::to_string(number));
  }

  const std::string& path = before.sysctl.path;
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    if (err == EACCES || err == EPERM) {
      return ErrnoStatus(err, "setting " + std::string(kSysctlName) +
                                  " needs root with CAP_SYS_PTRACE: open " + path);
    }
    return ErrnoStatus(err, "open " + path);
  }
  const std::string text = std::to_string(number) + "\n";
  ssize_t n = write(fd.get(), text.data(), text.size());
  if (n < 0) {
    int err = errno;
    if (err == EPERM) {
      return ErrnoStatus(err, "setting " + std::string(kSysctlName) +
                                  " needs CAP_SYS_PTRACE, which this process lacks: write " + path);
    }
    if (err == EINVAL && ReadSysctl(options.root).scope == PtraceScope::kNoAttach) {
      // Raised to 3 by someone else since we looked.
      return Status(Code::kPermissionDenied,
                    std::string(kSysctlName) +
                        " is 3 (no attach), which the kernel locks until reboot: it cannot be "
                        "lowered to " +
                        std::to_string(number),
                    err);
    }
    return ErrnoStatus(err, "write " + std::to_string(number) + " to " + path);
  }
  if (static_cast<size_t>(n) != text.size()) {
    return Status(Code::kSystem, "short write to " + path);
  }
  fd.Reset();
  SysctlEvidence after = ReadSysctl(options.root);
  if (after.scope != scope) {
    return Status(Code::kSystem,
                  "wrote " + std::to_string(number) + " to " + path + " but it reads back " +
                      (after.scope ? std::to_string(ScopeNumber(*after.scope)) : after.error));
  }
  return SetResult{before.scope, scope};
}

}  // namespace cordon::yama
