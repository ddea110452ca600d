// What the running kernel says about itself: which LSMs are really active
// (never CONFIG_LSM alone), Yama's ptrace scope, the seccomp actions and
// Landlock ABI on offer, whether KASLR took effect, and how old and how
// maintained the kernel series is.
#include <algorithm>
#include <string>
#include <vector>

#include "cordon/audit/checks_internal.h"
#include "cordon/audit/kernel_series.h"

namespace cordon::audit::internal {
namespace {

// A table older than this cannot say which series is the newest.
constexpr long kTableFreshDays = 120;
// Non-LTS series stop getting stable updates within weeks of the next one.
constexpr long kNonLtsGraceDays = 120;

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string ConfigNote(const HostView& h, const char* symbol) {
  if (!h.config.known()) return "";
  return "; " + h.config->Describe(symbol);
}

Verdict Yama(const HostView& h) {
  if (!h.yama.known()) return Na(h.yama.missing);
  if (h.yama->active) {
    std::string seen = "active (" + h.yama.from + ")";
    return Ok(seen);
  }
  std::string seen = "not active (" + h.yama.from + ")" + ConfigNote(h, "SECURITY_YAMA");
  return Fail(seen);
}

Verdict PtraceScope(const HostView& h) {
  if (h.yama.known() && !h.yama->active) return Na("Yama is not active (see lsm.yama)");
  std::optional<long> scope = h.sysctls.Int("kernel.yama.ptrace_scope");
  if (!scope) return Na(h.sysctls.WhyAbsent("kernel.yama.ptrace_scope"));
  std::string seen = "kernel.yama.ptrace_scope = " + std::to_string(*scope);
  return *scope >= 1 ? Ok(seen) : Fail(seen);
}

Verdict Mac(const HostView& h) {
  if (!h.lsms.known()) return Na(h.lsms.missing);
  const std::vector<std::string>& l = *h.lsms;
  std::string seen = "active LSMs: " + Join(l, ",") + " (" + h.lsms.from + ")";
  if (Has(l, "selinux") && h.selinux_enforcing.known() && !*h.selinux_enforcing) {
    if (!Has(l, "apparmor") && !Has(l, "smack") && !Has(l, "tomoyo")) {
      return Fail(seen + "; SELinux permissive", "a permissive SELinux only logs");
    }
  }
  for (const char* mac : {"selinux", "apparmor", "smack", "tomoyo"}) {
    if (Has(l, mac)) return Ok(seen);
  }
  return Fail(seen);
}

Verdict Landlock(const HostView& h) {
  if (!h.landlock.known()) return Na(h.landlock.missing);
  std::string seen = h.landlock->detail + " (" + h.landlock.from + ")";
  if (h.landlock->active) return Ok("active, " + seen);
  return Fail("not active, " + seen + ConfigNote(h, "SECURITY_LANDLOCK"));
}

Verdict SeccompFilter(const HostView& h) {
  if (h.seccomp_actions.known()) {
    std::string seen = "actions: " + Join(*h.seccomp_actions, " ");
    if (h.seccomp_actions->empty()) return Fail(seen);
    return Ok(seen);
  }
  if (h.config.known() && h.config->IsOff("SECCOMP_FILTER")) {
    return Fail(h.config->Describe("SECCOMP_FILTER"));
  }
  // kernel.seccomp.actions_avail exists since 4.14 whenever filters do.
  if (h.sysctls.absent_means_unsupported && h.version.known() &&
      (h.version->major > 4 || (h.version->major == 4 && h.version->minor >= 14)) &&
      !h.sysctls.unreadable.count("kernel.seccomp.actions_avail")) {
    return Fail("no kernel.seccomp.actions_avail: no seccomp filter support");
  }
  return Na(h.seccomp_actions.missing);
}

Verdict Kaslr(const HostView& h) {
  if (!h.kaslr.known()) return Na(h.kaslr.missing);
  std::string seen = h.kaslr->detail + " (" + h.kaslr.from + ")";
  return h.kaslr->randomized ? Ok(seen) : Fail(seen);
}

int CompareSeries(int major, int minor, const KernelSeries& s) {
  if (major != s.major) return major < s.major ? -1 : 1;
  if (minor != s.minor) return minor < s.minor ? -1 : 1;
  return 0;
}

std::string SeriesName(int major, int minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// SeriesSeen: "6.1.192 (series 6.1, released 2022-12-11, 1428 days ago, LTS)".
std::string SeriesSeen(const HostView& h) {
  const KernelVersion& v = *h.version;
  std::string out = v.release + " (series " + SeriesName(v.major, v.minor);
  if (const KernelSeries* s = FindKernelSeries(v.major, v.minor)) {
    out += ", released " + FormatDate(s->released) + ", " +
           std::to_string(DaysBetween(s->released, h.today)) + " days ago";
    if (s->lts) out += ", LTS until " + FormatDate(s->eol);
  } else if (CompareSeries(v.major, v.minor, NewestKernelSeries()) > 0) {
    out += ", newer than cordon's table";
  } else {
    out += ", release date not in cordon's table";
  }
  return out + ")";
}

std::string TableAge(const HostView& h) {
  return "cordon's kernel table is from " + FormatDate(kKernelSeriesTableDate) + ", " +
         std::to_string(DaysBetween(kKernelSeriesTableDate, h.today)) + " days ago";
}

Verdict Maintained(const HostView& h) {
  if (!h.version.known()) return Na(h.version.missing);
  const KernelVersion& v = *h.version;
  const std::string seen = SeriesSeen(h);
  const bool fresh = DaysBetween(kKernelSeriesTableDate, h.today) <= kTableFreshDays;
  const KernelSeries& newest = NewestKernelSeries();
  const KernelSeries& oldest = KernelSeriesTable().front();
  if (CompareSeries(v.major, v.minor, newest) > 0) {
    return fresh ? Ok(seen)
                 : Na(TableAge(h) +
                          "; it cannot tell whether this newer series is "
                          "still maintained",
                      seen);
  }
  if (CompareSeries(v.major, v.minor, oldest) < 0) {
    return Fail(seen, "every upstream series older than " + SeriesName(oldest.major, oldest.minor) +
                          " has reached end of life");
  }
  const KernelSeries* s = FindKernelSeries(v.major, v.minor);
  if (s && s->lts) {
    if (h.today <= Date{s->eol.year, s->eol.month, 31}) return Ok(seen);
    return Fail(seen, "kernel.org longterm support ended " + FormatDate(s->eol));
  }
  if (s == &newest) {
    return fresh ? Ok(seen)
                 : Na(TableAge(h) +
                          "; newer series may have ended this one's "
                          "stable updates",
                      seen);
  }
  const KernelSeries* next = NextKernelSeries(v.major, v.minor);
  if (next && DaysBetween(next->released, h.today) > kNonLtsGraceDays) {
    return Fail(seen, SeriesName(v.major, v.minor) + " is not a longterm series, and " +
                          SeriesName(next->major, next->minor) + " came out " +
                          FormatDate(next->released) +
                          "; upstream stops fixing a series weeks after its successor");
  }
  return Na("a stable series may get updates for a few weeks after its successor", seen);
}

Verdict Latest(const HostView& h) {
  if (!h.version.known()) return Na(h.version.missing);
  const KernelVersion& v = *h.version;
  const std::string seen = SeriesSeen(h);
  const KernelSeries& newest = NewestKernelSeries();
  if (CompareSeries(v.major, v.minor, newest) >= 0) {
    if (DaysBetween(kKernelSeriesTableDate, h.today) <= kTableFreshDays) return Ok(seen);
    return Na(TableAge(h) + "; newer series may have come out since", seen);
  }
  return Fail(seen, "the newest series cordon knows is " + SeriesName(newest.major, newest.minor) +
                        " (" + FormatDate(newest.released) + ")");
}

}  // namespace

void AddRuntimeChecks(std::vector<CheckDef>& defs) {
  const unsigned talk_kspp = kSourceTalk | kSourceKspp;
  defs.push_back({"kernel.maintained", Area::kSelfProtection, kSourceTalk, kArchAny,
                  "a kernel series kernel.org still maintains",
                  "A series past its end of life gets no fixes at all, and the security impact "
                  "of a bug is often understood only long after it was fixed.",
                  Maintained});
  defs.push_back({"kernel.latest", Area::kSelfProtection, kSourceTalk, kArchAny,
                  "the latest stable series",
                  "All bugs are worth fixing and only the latest stable series gets all the "
                  "fixes; older series get the ones someone backported.",
                  Latest});
  defs.push_back({"kaslr.runtime", Area::kSelfProtection, talk_kspp, kArchX86,
                  "kernel text away from its link-time address",
                  "KASLR only protects if it took effect at this boot; boot loaders that load "
                  "the kernel directly, or nokaslr, leave it at a known address.",
                  Kaslr});
  defs.push_back({"seccomp.filter", Area::kAttackSurface, talk_kspp, kArchAny,
                  "seccomp filter mode available (kernel.seccomp.actions_avail lists actions)",
                  "Seccomp lets each program drop the system calls it never needs, taking the "
                  "kernel code behind them out of an attacker's reach.",
                  SeccompFilter});
  defs.push_back({"lsm.yama", Area::kLsm, talk_kspp, kArchAny, "Yama active",
                  "Without Yama any process can ptrace, and so read the memory of, every "
                  "other process of the same user.",
                  Yama});
  defs.push_back({"sysctl.kernel.yama.ptrace_scope", Area::kLsm, talk_kspp, kArchAny,
                  "kernel.yama.ptrace_scope >= 1 (1: only ancestors and declared debuggers; "
                  "kernel-hardening-checker asks for 3, no ptrace at all)",
                  "Scope 0 keeps the classic same-uid rule, which lets an attacker who got into "
                  "one process attach to the user's others.",
                  PtraceScope});
  defs.push_back({"lsm.mac", Area::kLsm, kSourceTalk, kArchAny,
                  "a mandatory access control LSM active (SELinux enforcing, AppArmor, Smack "
                  "or TOMOYO)",
                  "Mandatory access control confines what even a compromised root-owned "
                  "service can reach, and can block the ioctl or socket a kernel bug needs.",
                  Mac});
  defs.push_back({"lsm.landlock", Area::kLsm, kSourceKspp, kArchAny, "Landlock active",
                  "Landlock lets any program, without privilege, take away its own access to "
                  "files and ports it does not need.",
                  Landlock});
}

}  // namespace cordon::audit::internal
