// HostView: everything `cordon audit` knows about one kernel, gathered once
// and then only read. Files come from a root directory laid out like / (the
// live system, or an image or fixture tree under --root); explicit --config,
// --cmdline and --sysctl files replace their defaults. The running kernel's
// own answers (active LSMs, Landlock ABI, Yama, the boot log) come from
// KernelProbes and are used only when auditing the live system.
//
// Every fact is an Observed<T>: a value and where it was read, or the reason
// it is unknown, which the checks repeat as their N/A reason.
//
//   HostViewOptions opts;                     // root "/", no explicit files
//   std::unique_ptr<KernelProbes> live = LiveKernelProbes();
//   opts.probes = live.get();
//   opts.sysctl_keys = AuditedSysctls();      // checks.h
//   HostView host = TRY(LoadHostView(opts));
//   host.config->IsY("SECURITY_YAMA");        // when host.config.known()
//   host.lsms.from;                           // "lsm_list_modules(2)"
#ifndef CORDON_AUDIT_HOST_VIEW_H_
#define CORDON_AUDIT_HOST_VIEW_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cordon/audit/cmdline.h"
#include "cordon/audit/kconfig.h"
#include "cordon/audit/kernel_series.h"
#include "cordon/audit/probes.h"
#include "cordon/base/status.h"

namespace cordon::audit {

// AuditArch selects the architecture-specific checks.
enum class AuditArch { kX86_64, kArm64, kOther };

// ArchName returns "x86_64", "arm64" or "other".
const char* ArchName(AuditArch arch);
// ParseAuditArch accepts x86_64/amd64 and arm64/aarch64.
std::optional<AuditArch> ParseAuditArch(std::string_view name);

// Observed is one fact: a value and where it came from, or why it is unknown.
template <typename T>
struct Observed {
  std::optional<T> value;
  std::string from;     // "/proc/config.gz", "lsm_list_modules(2)"
  std::string missing;  // when !known(): why, in a phrase

  bool known() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }

  static Observed Of(T v, std::string from) { return Observed{std::move(v), std::move(from), ""}; }
  static Observed Unknown(std::string why) { return Observed{std::nullopt, "", std::move(why)}; }
};

// KernelVersion is a kernel release split into numbers.
struct KernelVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  std::string release;  // as given: "6.18.44-fc-v782"
};

// ParseKernelVersion reads "6.1.0-56-amd64" or "6.18"; nullopt when the
// text does not start with major.minor.
std::optional<KernelVersion> ParseKernelVersion(std::string_view release);

// YamaInfo: whether Yama is active, and its ptrace scope when readable.
struct YamaInfo {
  bool active = false;
  std::optional<int> ptrace_scope;
};

// LandlockInfo: whether Landlock is active; abi is 0 when not known.
struct LandlockInfo {
  bool active = false;
  int abi = 0;
  std::string detail;  // "not built", "built but disabled at boot"
};

// KaslrInfo: whether the kernel text sits away from its link address.
struct KaslrInfo {
  bool randomized = false;
  std::string detail;  // "_text at 0xffffffff81000000, the link-time address"
};

// MemAutoInit is the kernel's own boot report of memory initialization:
// "mem auto-init: stack:all(zero), heap alloc:off, heap free:off".
struct MemAutoInit {
  std::string stack;  // "all(zero)", "off", "byref_all(zero)"
  bool heap_alloc = false;
  bool heap_free = false;
  std::string line;
};

// ParseMemAutoInit finds the last "mem auto-init:" report in a kernel log.
std::optional<MemAutoInit> ParseMemAutoInit(std::string_view log);
// ParseLsmInitLine finds "LSM: initializing lsm=a,b,c" in a kernel log.
std::optional<std::vector<std::string>> ParseLsmInitLine(std::string_view log);

// SysctlView holds the sysctls the checks read, by dotted name.
struct SysctlView {
  std::map<std::string, std::string, std::less<>> values;
  std::map<std::string, std::string, std::less<>> unreadable;  // name -> error
  std::string from;                                            // "/proc/sys" or the --sysctl file
  std::string missing;  // non-empty when there is no sysctl source at all
  // absent_means_unsupported: the source is a live /proc/sys, so a missing
  // entry means this kernel does not have it.
  bool absent_means_unsupported = false;

  // Get returns the value of `name`, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  // Int returns Get(name) as an integer, or nullopt.
  std::optional<long> Int(std::string_view name) const;
  // WhyAbsent says why `name` has no value, for N/A reasons.
  std::string WhyAbsent(std::string_view name) const;
};

// ParseSysctlText reads `sysctl -a` output ("name = value" lines).
SysctlView ParseSysctlText(std::string_view text, std::string from);

// HostView is what the checks read.
struct HostView {
  AuditArch arch = AuditArch::kOther;
  std::string arch_from;
  // live: the running kernel was probed (no --root, and the config, if
  // given, is for the running kernel).
  bool live = false;
  Observed<KernelVersion> version;
  Observed<KernelConfig> config;
  bool config_explicit = false;
  Observed<Cmdline> cmdline;
  SysctlView sysctls;
  Observed<std::vector<std::string>> lsms;
  Observed<YamaInfo> yama;
  Observed<std::vector<std::string>> seccomp_actions;
  Observed<LandlockInfo> landlock;
  Observed<KaslrInfo> kaslr;
  Observed<MemAutoInit> mem_auto_init;
  Observed<bool> page_shuffle;       // /sys/module/page_alloc/parameters/shuffle
  Observed<bool> selinux_enforcing;  // /sys/fs/selinux/enforce
  Date today;
};

// HostViewOptions says where LoadHostView reads from.
struct HostViewOptions {
  std::string root = "/";
  std::string config_file;   // --config: plain or gzip
  std::string cmdline_file;  // --cmdline
  std::string sysctl_file;   // --sysctl: `sysctl -a` output
  std::optional<AuditArch> arch;
  // probes: the running kernel, or nullptr to read files only (--root).
  KernelProbes* probes = nullptr;
  std::optional<Date> today;
  // sysctl_keys: the /proc/sys entries to read ("kernel.kptr_restrict").
  std::vector<std::string> sysctl_keys;
};

// LoadHostView gathers the facts. Only the explicit files can fail it (an
// unreadable --config is an error); anything else missing becomes an
// Observed with a reason.
Result<HostView> LoadHostView(const HostViewOptions& options);

}  // namespace cordon::audit

#endif  // CORDON_AUDIT_HOST_VIEW_H_
