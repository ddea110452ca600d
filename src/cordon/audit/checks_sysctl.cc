// Sysctl checks: one table row per sysctl, from KSPP's recommended sysctls
// (kernel.sysrq from kernel-hardening-checker). A sysctl that does not
// exist because its feature is not built passes when the config says so.
#include <string>
#include <vector>

#include "cordon/audit/checks_internal.h"

namespace cordon::audit::internal {
namespace {

enum class Cmp { kEq, kGe };

struct SysctlRule {
  const char* name;
  Area area;
  unsigned sources;
  unsigned arches;
  Cmp cmp;
  long want;
  // moot_if_off: the sysctl exists only with this option; off is a pass.
  const char* moot_if_off;
  // since: {major, minor} that added the sysctl; older kernels fail
  // because they cannot be configured safely. {0, 0}: no such rule.
  int since_major, since_minor;
  const char* recommended;  // nullptr: "name = want" / "name >= want"
  const char* why;
};

constexpr unsigned kKspp = kSourceKspp;

const std::vector<SysctlRule>& Rules() {
  static const std::vector<SysctlRule> rules = {
      {"kernel.kptr_restrict", Area::kAttackSurface, kKspp, kArchAny, Cmp::kGe, 2, nullptr, 0, 0,
       "kernel.kptr_restrict = 2",
       "Kernel pointers printed through %pK (kallsyms, /proc files) are hidden even from "
       "root, so leaks do not defeat KASLR."},
      {"kernel.dmesg_restrict", Area::kAttackSurface, kKspp, kArchAny, Cmp::kGe, 1, nullptr, 0, 0,
       nullptr,
       "Only privileged users read the kernel log, which often holds addresses and hints."},
      {"kernel.perf_event_paranoid", Area::kAttackSurface, kKspp, kArchAny, Cmp::kGe, 2, nullptr, 0,
       0,
       "kernel.perf_event_paranoid >= 2 (3 where the kernel carries the Debian/Android patch "
       "that makes 3 block unprivileged perf entirely)",
       "perf events are a large interface with a long record of exploitable bugs."},
      {"kernel.unprivileged_bpf_disabled", Area::kAttackSurface, kKspp, kArchAny, Cmp::kGe, 1,
       "BPF_SYSCALL", 0, 0, "kernel.unprivileged_bpf_disabled = 1 or 2",
       "The eBPF verifier and JIT are a frequent source of privilege escalations; "
       "unprivileged users should not reach them."},
      {"net.core.bpf_jit_harden", Area::kAttackSurface, kKspp, kArchAny, Cmp::kGe, 2, "BPF_JIT", 0,
       0, "net.core.bpf_jit_harden = 2",
       "Constant blinding in the BPF JIT for every user stops JIT spraying of attacker "
       "chosen instructions."},
      {"kernel.kexec_load_disabled", Area::kAttackSurface, kKspp, kArchAny, Cmp::kGe, 1,
       "KEXEC_CORE", 0, 0, nullptr,
       "Once set, even root cannot kexec into another kernel until reboot."},
      {"dev.tty.ldisc_autoload", Area::kAttackSurface, kKspp, kArchAny, Cmp::kEq, 0, nullptr, 5, 1,
       nullptr,
       "Unprivileged users cannot make the kernel load rarely used, often buggy tty line "
       "discipline modules."},
      {"dev.tty.legacy_tiocsti", Area::kAttackSurface, kKspp, kArchAny, Cmp::kEq, 0, nullptr, 6, 2,
       nullptr,
       "TIOCSTI lets a process inject keystrokes into its terminal, the usual way out of "
       "su and sandboxes that share a tty."},
      {"vm.unprivileged_userfaultfd", Area::kAttackSurface, kKspp, kArchAny, Cmp::kEq, 0,
       "USERFAULTFD", 0, 0, nullptr,
       "userfaultfd lets an attacker pause the kernel mid-copy, which makes race "
       "conditions easy to win."},
      {"kernel.sysrq", Area::kAttackSurface, kSourceKhc, kArchAny, Cmp::kEq, 0, "MAGIC_SYSRQ", 0, 0,
       nullptr,
       "Magic SysRq keys let whoever holds the console kill processes, remount and reboot."},
      {"vm.mmap_min_addr", Area::kSelfProtection, kKspp, kArchX86, Cmp::kGe, 65536, nullptr, 0, 0,
       nullptr,
       "Keeping the lowest 64 KiB unmappable turns kernel NULL dereferences into crashes "
       "instead of exploits."},
      {"vm.mmap_min_addr", Area::kSelfProtection, kKspp, kArchArm, Cmp::kGe, 32768, nullptr, 0, 0,
       "vm.mmap_min_addr >= 32768 (KSPP's arm64 value)",
       "Keeping the lowest pages unmappable turns kernel NULL dereferences into crashes "
       "instead of exploits."},
      {"fs.protected_symlinks", Area::kUserSpace, kKspp, kArchAny, Cmp::kGe, 1, nullptr, 0, 0,
       nullptr,
       "Symlinks in sticky world-writable directories are followed only by their owner, "
       "ending /tmp symlink races."},
      {"fs.protected_hardlinks", Area::kUserSpace, kKspp, kArchAny, Cmp::kGe, 1, nullptr, 0, 0,
       nullptr, "Users cannot hard-link files they could not read or write."},
      {"fs.protected_fifos", Area::kUserSpace, kKspp, kArchAny, Cmp::kGe, 2, nullptr, 0, 0,
       "fs.protected_fifos = 2",
       "O_CREAT opens of another user's FIFO in a sticky directory fail, ending spoofing "
       "races in /tmp."},
      {"fs.protected_regular", Area::kUserSpace, kKspp, kArchAny, Cmp::kGe, 2, nullptr, 0, 0,
       "fs.protected_regular = 2",
       "O_CREAT opens of another user's file in a sticky directory fail, ending spoofing "
       "races in /tmp."},
      {"fs.suid_dumpable", Area::kUserSpace, kKspp, kArchAny, Cmp::kEq, 0, nullptr, 0, 0, nullptr,
       "Processes that changed privileges do not write core dumps holding secrets."},
      {"kernel.randomize_va_space", Area::kUserSpace, kKspp, kArchAny, Cmp::kGe, 2, nullptr, 0, 0,
       "kernel.randomize_va_space = 2",
       "Stack, mmap, vDSO and heap of every process are randomized."},
  };
  return rules;
}

std::string Recommended(const SysctlRule& r) {
  if (r.recommended) return r.recommended;
  return std::string(r.name) + (r.cmp == Cmp::kEq ? " = " : " >= ") + std::to_string(r.want);
}

Verdict Evaluate(const SysctlRule& r, const HostView& h) {
  const SysctlView& s = h.sysctls;
  if (std::optional<std::string> raw = s.Get(r.name)) {
    std::optional<long> v = s.Int(r.name);
    std::string seen = std::string(r.name) + " = " + *raw;
    if (!v) return Na("cannot read '" + *raw + "' as a number", seen);
    bool ok = r.cmp == Cmp::kEq ? *v == r.want : *v >= r.want;
    return ok ? Ok(seen) : Fail(seen);
  }
  if (r.moot_if_off && h.config.known() && h.config->IsOff(r.moot_if_off)) {
    return Ok(h.config->Describe(r.moot_if_off), "not needed: the feature is not built, so " +
                                                     std::string(r.name) + " does not exist");
  }
  if (r.since_major && h.version.known() && s.absent_means_unsupported &&
      !s.unreadable.count(r.name) &&
      (h.version->major < r.since_major ||
       (h.version->major == r.since_major && h.version->minor < r.since_minor))) {
    return Fail(std::string(r.name) + " absent", "kernels before " + std::to_string(r.since_major) +
                                                     "." + std::to_string(r.since_minor) +
                                                     " cannot turn this off");
  }
  return Na(s.WhyAbsent(r.name));
}

// Unprivileged user namespaces: upstream has only a count limit; Debian and
// Ubuntu kernels add kernel.unprivileged_userns_clone.
Verdict UserNamespaces(const HostView& h) {
  const SysctlView& s = h.sysctls;
  std::optional<long> clone = s.Int("kernel.unprivileged_userns_clone");
  std::optional<long> max = s.Int("user.max_user_namespaces");
  std::vector<std::string> seen;
  if (max) seen.push_back("user.max_user_namespaces = " + std::to_string(*max));
  if (clone) seen.push_back("kernel.unprivileged_userns_clone = " + std::to_string(*clone));
  if ((max && *max == 0) || (clone && *clone == 0)) return Ok(Join(seen, "; "));
  if (max || clone) return Fail(Join(seen, "; "));
  if (h.config.known() && h.config->IsOff("USER_NS")) {
    return Ok(h.config->Describe("USER_NS"), "not needed: user namespaces are not built");
  }
  return Na(s.WhyAbsent("user.max_user_namespaces"));
}

}  // namespace

std::vector<std::string> SysctlKeys() {
  std::vector<std::string> keys;
  for (const SysctlRule& r : Rules()) keys.push_back(r.name);
  keys.push_back("user.max_user_namespaces");
  keys.push_back("kernel.unprivileged_userns_clone");
  keys.push_back("kernel.yama.ptrace_scope");
  keys.push_back("kernel.seccomp.actions_avail");
  return keys;
}

void AddSysctlChecks(std::vector<CheckDef>& defs) {
  for (const SysctlRule& r : Rules()) {
    defs.push_back(CheckDef{"sysctl." + std::string(r.name), r.area, r.sources, r.arches,
                            Recommended(r), r.why,
                            [&r](const HostView& h) { return Evaluate(r, h); }});
  }
  defs.push_back(CheckDef{
      "sysctl.user.max_user_namespaces", Area::kAttackSurface, kKspp, kArchAny,
      "user.max_user_namespaces = 0 (or kernel.unprivileged_userns_clone = 0 on Debian and "
      "Ubuntu kernels)",
      "Unprivileged user namespaces hand ordinary users kernel interfaces otherwise reserved "
      "for root, the entry point of a large share of recent privilege escalations.",
      UserNamespaces});
}

}  // namespace cordon::audit::internal
