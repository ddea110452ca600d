#include "cordon/audit/host_view.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "cordon/base/files.h"
#include "cordon/base/unique_fd.h"

namespace cordon::audit {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t at = s.find(sep);
    std::string_view item = Trim(s.substr(0, at));
    if (!item.empty()) out.emplace_back(item);
    if (at == std::string_view::npos) break;
    s.remove_prefix(at + 1);
  }
  return out;
}

std::vector<std::string> SplitBlanks(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Under joins the root and an absolute path: Under("/srv/img", "/proc/x").
std::string Under(const std::string& root, std::string_view abs_path) {
  if (root.empty() || root == "/") return std::string(abs_path);
  std::string r = root;
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  return r + std::string(abs_path);
}

bool IsDir(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<bool> ParseYN(std::string_view s) {
  s = Trim(s);
  if (s == "Y" || s == "1") return true;
  if (s == "N" || s == "0") return false;
  return std::nullopt;
}

std::optional<uint64_t> ParseHex(std::string_view s) {
  if (s.substr(0, 2) == "0x" || s.substr(0, 2) == "0X") s.remove_prefix(2);
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "0x%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// FindKallsymsText scans /proc/kallsyms for the address of _text, reading
// at most a few MiB (on x86_64 it is among the first lines).
Result<uint64_t> FindKallsymsText(const std::string& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "open " + path);
  std::string pending;
  char buf[65536];
  size_t total = 0;
  constexpr size_t kLimit = 8u << 20;
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "read " + path);
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(pending.data() + start, nl - start);
      // "ffffffff81000000 T _text"
      std::vector<std::string> f = SplitBlanks(line);
      if (f.size() >= 3 && f[2] == "_text") {
        std::optional<uint64_t> addr = ParseHex(f[0]);
        if (!addr) return InvalidInput(path + ": bad address in line '" + std::string(line) + "'");
        return *addr;
      }
    }
    pending.erase(0, start);
    if (total > kLimit) break;
  }
  return NotFound(path + ": no _text symbol");
}

Observed<KaslrInfo> ObserveKaslr(const HostViewOptions& opts, AuditArch arch,
                                 const Observed<KernelConfig>& config) {
  using O = Observed<KaslrInfo>;
  if (arch != AuditArch::kX86_64) {
    return O::Unknown("cordon knows the kernel's link-time address only on x86_64");
  }
  if (!config.known()) return O::Unknown("the link-time address needs the kernel config");
  // _text is linked at __START_KERNEL_map + ALIGN(PHYSICAL_START, PHYSICAL_ALIGN).
  auto start = config->Get("PHYSICAL_START");
  auto align = config->Get("PHYSICAL_ALIGN");
  std::optional<uint64_t> s = start ? ParseHex(*start) : std::nullopt;
  std::optional<uint64_t> a = align ? ParseHex(*align) : std::nullopt;
  if (!s || !a || *a == 0) {
    return O::Unknown("the config lacks CONFIG_PHYSICAL_START/CONFIG_PHYSICAL_ALIGN");
  }
  const uint64_t link = 0xffffffff80000000ull + (*s + *a - 1) / *a * *a;
  std::string path = Under(opts.root, "/proc/kallsyms");
  Result<uint64_t> text = FindKallsymsText(path);
  if (!text.ok()) return O::Unknown(text.status().message());
  if (*text == 0) {
    return O::Unknown(path + " hides addresses (kernel.kptr_restrict, or not root)");
  }
  KaslrInfo info;
  info.randomized = *text != link;
  info.detail =
      "_text at " + Hex(*text) +
      (info.randomized ? ", not the link-time address " + Hex(link) : ", the link-time address");
  return O::Of(info, path);
}

Result<Observed<KernelConfig>> ObserveConfig(const HostViewOptions& opts,
                                             const std::string& release) {
  using O = Observed<KernelConfig>;
  if (!opts.config_file.empty()) {
    KernelConfig config = TRY(ReadKernelConfigFile(opts.config_file));
    return O::Of(std::move(config), opts.config_file);
  }
  std::string proc = Under(opts.root, "/proc/config.gz");
  if (Result<KernelConfig> c = ReadKernelConfigFile(proc); c.ok()) return O::Of(*c, proc);
  std::vector<std::string> tried = {proc};
  if (!release.empty()) {
    std::string boot = Under(opts.root, "/boot/config-" + release);
    if (Result<KernelConfig> c = ReadKernelConfigFile(boot); c.ok()) return O::Of(*c, boot);
    tried.push_back(boot);
  } else {
    // No release to pick with: accept /boot/config-* when there is exactly one.
    std::string boot_dir = Under(opts.root, "/boot");
    std::vector<std::string> found;
    if (DIR* d = opendir(boot_dir.c_str())) {
      while (dirent* e = readdir(d)) {
        if (std::string_view(e->d_name).substr(0, 7) == "config-") found.push_back(e->d_name);
      }
      closedir(d);
    }
    if (found.size() == 1) {
      std::string boot = boot_dir + "/" + found[0];
      if (Result<KernelConfig> c = ReadKernelConfigFile(boot); c.ok()) return O::Of(*c, boot);
    }
    tried.push_back(
        boot_dir + "/config-*" +
        (found.size() > 1 ? " (" + std::to_string(found.size()) + " files, which?)" : ""));
  }
  std::string why = "no kernel config (";
  for (size_t i = 0; i < tried.size(); ++i) why += (i ? ", " : "") + tried[i];
  return O::Unknown(why + " unreadable); pass --config FILE");
}

}  // namespace

const char* ArchName(AuditArch arch) {
  switch (arch) {
    case AuditArch::kX86_64:
      return "x86_64";
    case AuditArch::kArm64:
      return "arm64";
    case AuditArch::kOther:
      return "other";
  }
  return "other";
}

std::optional<AuditArch> ParseAuditArch(std::string_view name) {
  if (name == "x86_64" || name == "amd64") return AuditArch::kX86_64;
  if (name == "arm64" || name == "aarch64") return AuditArch::kArm64;
  return std::nullopt;
}

std::optional<KernelVersion> ParseKernelVersion(std::string_view release) {
  KernelVersion v;
  v.release = std::string(Trim(release));
  std::string_view s = v.release;
  int* parts[] = {&v.major, &v.minor, &v.patch};
  int got = 0;
  for (int* part : parts) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *part);
    if (ec != std::errc()) break;
    ++got;
    s.remove_prefix(static_cast<size_t>(p - s.data()));
    if (s.empty() || s.front() != '.') break;
    s.remove_prefix(1);
  }
  if (got < 2) return std::nullopt;
  return v;
}

std::optional<MemAutoInit> ParseMemAutoInit(std::string_view log) {
  constexpr std::string_view kTag = "mem auto-init: ";
  size_t at = log.rfind(kTag);
  if (at == std::string_view::npos) return std::nullopt;
  size_t end = log.find('\n', at);
  std::string_view line = log.substr(at, end == std::string_view::npos ? end : end - at);
  MemAutoInit out;
  out.line = std::string(line);
  bool have_alloc = false, have_free = false;
  for (const std::string& item : SplitList(line.substr(kTag.size()), ',')) {
    size_t colon = item.rfind(':');
    if (colon == std::string::npos) continue;
    std::string_view key = Trim(std::string_view(item).substr(0, colon));
    std::string_view val = Trim(std::string_view(item).substr(colon + 1));
    if (key == "stack") out.stack = std::string(val);
    if (key == "heap alloc") out.heap_alloc = val == "on", have_alloc = true;
    if (key == "heap free") out.heap_free = val == "on", have_free = true;
  }
  if (!have_alloc || !have_free) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> ParseLsmInitLine(std::string_view log) {
  constexpr std::string_view kTag = "LSM: initializing lsm=";
  size_t at = log.rfind(kTag);
  if (at == std::string_view::npos) return std::nullopt;
  size_t end = log.find('\n', at);
  std::string_view list =
      log.substr(at + kTag.size(),
                 end == std::string_view::npos ? std::string_view::npos : end - at - kTag.size());
  return SplitList(list, ',');
}

std::optional<std::string> SysctlView::Get(std::string_view name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::optional<long> SysctlView::Int(std::string_view name) const {
  std::optional<std::string> v = Get(name);
  if (!v) return std::nullopt;
  long out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size()) return std::nullopt;
  return out;
}

std::string SysctlView::WhyAbsent(std::string_view name) const {
  if (!missing.empty()) return missing;
  if (auto it = unreadable.find(name); it != unreadable.end()) return it->second;
  if (absent_means_unsupported) return std::string(name) + " does not exist in this kernel";
  return std::string(name) + " is not in " + from;
}

SysctlView ParseSysctlText(std::string_view text, std::string from) {
  SysctlView view;
  view.from = std::move(from);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(Trim(line.substr(0, eq)));
    std::replace(name.begin(), name.end(), '/', '.');
    view.values[name] = std::string(Trim(line.substr(eq + 1)));
  }
  return view;
}

Result<HostView> LoadHostView(const HostViewOptions& opts) {
  HostView host;
  host.today = opts.today.value_or(Today());
  KernelProbes* probes = opts.probes;

  // The kernel release, which also names /boot/config-<release>.
  std::string release;
  std::string release_from;
  std::string native_machine;
  if (probes != nullptr) {
    if (Result<UnameInfo> u = probes->Uname(); u.ok()) {
      release = u->release;
      native_machine = u->machine;
      release_from = "uname(2)";
    }
  } else {
    std::string path = Under(opts.root, "/proc/sys/kernel/osrelease");
    if (Result<std::string> r = ReadFile(path); r.ok()) {
      release = std::string(Trim(*r));
      release_from = path;
    }
  }
  if (native_machine.empty()) {
    struct utsname u {};
    if (uname(&u) == 0) native_machine = u.machine;
  }

  host.config = TRY(ObserveConfig(opts, release));
  host.config_explicit = !opts.config_file.empty();

  // Which kernel is audited: an explicit config names its own version.
  std::string foreign;  // non-empty: files under the root are about another kernel
  std::optional<KernelVersion> running = ParseKernelVersion(release);
  if (host.config_explicit && host.config.known() && !host.config->version().empty()) {
    std::optional<KernelVersion> cv = ParseKernelVersion(host.config->version());
    if (cv) host.version = Observed<KernelVersion>::Of(*cv, opts.config_file + " header");
    if (cv && running &&
        (running->major != cv->major || running->minor != cv->minor ||
         running->patch != cv->patch)) {
      // The config describes another kernel than the one whose /proc and
      // /sys are under the root: those files, and what the running kernel
      // says about itself, would describe the wrong kernel.
      foreign =
          release_from + " says " + release + ", but the config is for " + host.config->version();
      probes = nullptr;
    }
  }
  if (!host.version.known()) {
    if (running) {
      host.version = Observed<KernelVersion>::Of(*running, release_from);
    } else {
      host.version = Observed<KernelVersion>::Unknown(
          release.empty() ? "no kernel release (" + Under(opts.root, "/proc/sys/kernel/osrelease") +
                                " unreadable)"
                          : "cannot parse kernel release '" + release + "'");
    }
  }
  host.live = probes != nullptr;

  // Architecture: explicit, else what the config was built for, else native.
  if (opts.arch) {
    host.arch = *opts.arch;
    host.arch_from = "--arch";
  } else if (host.config.known() && host.config->IsY("X86_64")) {
    host.arch = AuditArch::kX86_64;
    host.arch_from = "CONFIG_X86_64";
  } else if (host.config.known() && host.config->IsY("ARM64")) {
    host.arch = AuditArch::kArm64;
    host.arch_from = "CONFIG_ARM64";
  } else {
    host.arch = ParseAuditArch(native_machine).value_or(AuditArch::kOther);
    host.arch_from = "this machine (" + native_machine + ")";
  }

  // Boot command line.
  if (!opts.cmdline_file.empty()) {
    std::string text = TRY(ReadFile(opts.cmdline_file));
    host.cmdline = Observed<Cmdline>::Of(ParseCmdline(text), opts.cmdline_file);
  } else if (!foreign.empty()) {
    host.cmdline = Observed<Cmdline>::Unknown(foreign + "; pass --cmdline FILE");
  } else {
    std::string path = Under(opts.root, "/proc/cmdline");
    Result<std::string> text = ReadFile(path);
    host.cmdline =
        text.ok() ? Observed<Cmdline>::Of(ParseCmdline(*text), path)
                  : Observed<Cmdline>::Unknown(text.status().message() + "; pass --cmdline FILE");
  }

  // Sysctls.
  if (!opts.sysctl_file.empty()) {
    std::string text = TRY(ReadFile(opts.sysctl_file));
    host.sysctls = ParseSysctlText(text, opts.sysctl_file);
  } else {
    std::string dir = Under(opts.root, "/proc/sys");
    host.sysctls.from = dir;
    if (!foreign.empty()) {
      host.sysctls.missing = foreign + "; pass --sysctl FILE";
    } else if (!IsDir(dir + "/kernel")) {
      host.sysctls.missing = dir + " is not there; pass --sysctl FILE (sysctl -a output)";
    } else {
      host.sysctls.absent_means_unsupported = true;
      for (const std::string& key : opts.sysctl_keys) {
        std::string rel = key;
        std::replace(rel.begin(), rel.end(), '.', '/');
        Result<std::string> v = ReadFile(dir + "/" + rel, 1 << 20);
        if (v.ok()) {
          host.sysctls.values[key] = std::string(Trim(*v));
        } else if (v.status().sys_errno() != ENOENT) {
          host.sysctls.unreadable[key] = v.status().message();
        }
      }
    }
  }

  // The boot log says what the kernel really did; it only describes the
  // audited kernel when config and command line are the live ones too.
  std::optional<std::string> boot_log;
  std::string no_log = "not auditing the running kernel";
  if (probes != nullptr) {
    Result<std::string> log = probes->KernelLog();
    if (log.ok()) {
      boot_log = *log;
    } else {
      no_log = log.status().message();
    }
  }
  if (boot_log && !host.config_explicit && opts.cmdline_file.empty()) {
    if (std::optional<MemAutoInit> m = ParseMemAutoInit(*boot_log)) {
      host.mem_auto_init = Observed<MemAutoInit>::Of(*m, "kernel log");
    } else {
      host.mem_auto_init = Observed<MemAutoInit>::Unknown(
          "the kernel log no longer holds the 'mem auto-init' boot line");
    }
  } else {
    host.mem_auto_init =
        Observed<MemAutoInit>::Unknown(!foreign.empty() ? foreign
                                       : !boot_log      ? no_log
                                                   : "config or command line given explicitly");
  }

  // Active LSMs: securityfs, else lsm_list_modules(2), else the boot log.
  std::string lsm_path = Under(opts.root, "/sys/kernel/security/lsm");
  if (!foreign.empty()) {
    host.lsms = Observed<std::vector<std::string>>::Unknown(foreign);
  } else if (Result<std::string> l = ReadFile(lsm_path); l.ok()) {
    host.lsms = Observed<std::vector<std::string>>::Of(SplitList(*l, ','), lsm_path);
  } else {
    std::string why = lsm_path + " unreadable (securityfs not mounted?)";
    if (probes != nullptr) {
      Result<std::vector<uint64_t>> ids = probes->LsmListModules();
      if (ids.ok()) {
        std::vector<std::string> names;
        for (uint64_t id : *ids) names.push_back(LsmName(id));
        host.lsms = Observed<std::vector<std::string>>::Of(names, "lsm_list_modules(2)");
      } else if (std::optional<std::vector<std::string>> from_log =
                     boot_log ? ParseLsmInitLine(*boot_log) : std::nullopt) {
        host.lsms = Observed<std::vector<std::string>>::Of(*from_log, "kernel log");
      } else {
        why += ", " + ids.status().message();
      }
    }
    if (!host.lsms.known()) host.lsms = Observed<std::vector<std::string>>::Unknown(why);
  }

  // Yama: its sysctl exists only while Yama is active.
  {
    using O = Observed<YamaInfo>;
    std::optional<long> scope = host.sysctls.Int("kernel.yama.ptrace_scope");
    if (scope) {
      host.yama = O::Of(YamaInfo{true, static_cast<int>(*scope)},
                        host.sysctls.from + " kernel.yama.ptrace_scope");
    } else if (host.lsms.known()) {
      host.yama = O::Of(YamaInfo{Contains(*host.lsms, "yama"), std::nullopt}, host.lsms.from);
    } else if (probes != nullptr) {
      Result<bool> p = probes->YamaPrctlProbe();
      host.yama = p.ok() ? O::Of(YamaInfo{*p, std::nullopt}, "prctl(PR_SET_PTRACER) probe")
                         : O::Unknown(p.status().message());
    } else if (host.sysctls.absent_means_unsupported &&
               !host.sysctls.unreadable.count("kernel.yama.ptrace_scope")) {
      host.yama =
          O::Of(YamaInfo{false, std::nullopt}, host.sysctls.from + " (no kernel/yama directory)");
    } else {
      host.yama = O::Unknown(!foreign.empty()
                                 ? foreign
                                 : "no LSM list and no kernel.yama.ptrace_scope in " +
                                       (host.sysctls.from.empty() ? "sysctls" : host.sysctls.from));
    }
  }

  // Landlock: ask the kernel for its ABI, else look for it in the LSM list.
  {
    using O = Observed<LandlockInfo>;
    Result<int> abi =
        probes != nullptr ? probes->LandlockAbi() : Result<int>(Unsupported("not probing"));
    if (abi.ok()) {
      host.landlock = O::Of(LandlockInfo{true, *abi, "ABI " + std::to_string(*abi)},
                            "landlock_create_ruleset(2)");
    } else if (probes != nullptr && abi.status().sys_errno() == EOPNOTSUPP) {
      host.landlock =
          O::Of(LandlockInfo{false, 0, "built but disabled at boot"}, "landlock_create_ruleset(2)");
    } else if (probes != nullptr && abi.status().sys_errno() == ENOSYS) {
      host.landlock =
          O::Of(LandlockInfo{false, 0, "not built into this kernel"}, "landlock_create_ruleset(2)");
    } else if (host.lsms.known()) {
      bool on = Contains(*host.lsms, "landlock");
      host.landlock =
          O::Of(LandlockInfo{on, 0, on ? "listed" : "not in the LSM list"}, host.lsms.from);
    } else {
      host.landlock = O::Unknown(host.lsms.missing);
    }
  }

  // Seccomp filter actions.
  if (std::optional<std::string> a = host.sysctls.Get("kernel.seccomp.actions_avail")) {
    host.seccomp_actions = Observed<std::vector<std::string>>::Of(
        SplitBlanks(*a), host.sysctls.from + " kernel.seccomp.actions_avail");
  } else {
    host.seccomp_actions = Observed<std::vector<std::string>>::Unknown(
        host.sysctls.WhyAbsent("kernel.seccomp.actions_avail"));
  }

  if (!foreign.empty()) {
    // The files below describe the kernel under the root, not the config's.
    host.kaslr = Observed<KaslrInfo>::Unknown(foreign);
    host.page_shuffle = Observed<bool>::Unknown(foreign);
    host.selinux_enforcing = Observed<bool>::Unknown(foreign);
    return host;
  }
  host.kaslr = ObserveKaslr(opts, host.arch, host.config);

  std::string shuffle = Under(opts.root, "/sys/module/page_alloc/parameters/shuffle");
  if (Result<std::string> s = ReadFile(shuffle); s.ok() && ParseYN(*s)) {
    host.page_shuffle = Observed<bool>::Of(*ParseYN(*s), shuffle);
  } else {
    host.page_shuffle = Observed<bool>::Unknown(shuffle + " unreadable");
  }
  std::string enforce = Under(opts.root, "/sys/fs/selinux/enforce");
  if (Result<std::string> s = ReadFile(enforce); s.ok() && ParseYN(*s)) {
    host.selinux_enforcing = Observed<bool>::Of(*ParseYN(*s), enforce);
  } else {
    host.selinux_enforcing = Observed<bool>::Unknown(enforce + " unreadable");
  }
  return host;
}

}  // namespace cordon::audit
