// Build-option checks: one table row per CONFIG_ symbol. Sources: KSPP's
// recommended settings (kernsec.org, with its x86_64 and arm64 lists), as
// also tracked by kernel-hardening-checker.
#include <string>
#include <vector>

#include "cordon/audit/checks_internal.h"

namespace cordon::audit::internal {
namespace {

enum class Want { kY, kOff };

struct ConfigRule {
  const char* symbol;
  Area area;
  unsigned sources;
  unsigned arches;
  Want want;
  // kY: older or newer names that satisfy the rule too. kOff: names that
  // must be off as well.
  std::vector<const char*> also;
  // unless_off: the rule is moot when this symbol is off (MODULES, DEVMEM).
  const char* unless_off;
  const char* why;
};

constexpr unsigned kX86 = kArchX86;
constexpr unsigned kArm = kArchArm;
constexpr unsigned kBoth = kArchX86 | kArchArm;
constexpr unsigned kAll = kArchAny;
constexpr unsigned kKspp = kSourceKspp;

const std::vector<ConfigRule>& Rules() {
  static const std::vector<ConfigRule> rules = {
      // Self protection.
      {"STACKPROTECTOR_STRONG",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {"CC_STACKPROTECTOR_STRONG"},
       nullptr,
       "Stack canaries in every function with local arrays or address-taken locals catch "
       "most stack buffer overflows before the return address is used."},
      {"STRICT_KERNEL_RWX",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {"DEBUG_RODATA"},
       nullptr,
       "Kernel code that is never writable and data that is never executable leave an "
       "attacker with a write primitive no place to put code."},
      {"STRICT_MODULE_RWX",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {"DEBUG_SET_MODULE_RONX"},
       "MODULES",
       "Module code and data get the same W^X protection as the core kernel."},
      {"FORTIFY_SOURCE",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {},
       nullptr,
       "String and memory copies whose sizes the compiler knows are bounds-checked at build "
       "and run time."},
      {"SLAB_FREELIST_RANDOM",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {},
       nullptr,
       "Random slab freelist order makes heap grooming for overflows and use-after-free "
       "unreliable."},
      {"SLAB_FREELIST_HARDENED",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {},
       nullptr,
       "Obfuscated, checked freelist pointers stop the classic overwrite of slab metadata."},
      {"BUG_ON_DATA_CORRUPTION",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {},
       nullptr,
       "Detected corruption of kernel lists and similar structures stops the kernel instead "
       "of letting an exploit continue."},
      {"LIST_HARDENED",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {"DEBUG_LIST"},
       nullptr,
       "Linked-list pointer checks turn a common exploitation primitive into a detected bug "
       "(LIST_HARDENED since 6.6, DEBUG_LIST before)."},
      {"SCHED_STACK_END_CHECK",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {},
       nullptr,
       "A kernel stack overrun is caught at the next schedule instead of silently corrupting "
       "memory."},
      {"VMAP_STACK",
       Area::kSelfProtection,
       kKspp,
       kBoth,
       Want::kY,
       {},
       nullptr,
       "Guard pages around kernel stacks turn stack overflows into clean faults."},
      {"DEBUG_WX",
       Area::kSelfProtection,
       kKspp,
       kBoth,
       Want::kY,
       {},
       nullptr,
       "The kernel warns at boot about any mapping that is both writable and executable."},
      {"RANDOMIZE_BASE",
       Area::kSelfProtection,
       kKspp,
       kBoth,
       Want::kY,
       {},
       nullptr,
       "KASLR moves the kernel image on every boot so exploits must first leak an address."},
      {"RANDOMIZE_MEMORY",
       Area::kSelfProtection,
       kKspp,
       kX86,
       Want::kY,
       {},
       nullptr,
       "The direct map, vmalloc and vmemmap regions move on every boot too."},
      {"PAGE_TABLE_ISOLATION",
       Area::kSelfProtection,
       kKspp,
       kX86,
       Want::kY,
       {"MITIGATION_PAGE_TABLE_ISOLATION"},
       nullptr,
       "Separate user and kernel page tables remove a whole class of cache timing side "
       "channels (Meltdown) and KASLR bypasses."},
      {"UNMAP_KERNEL_AT_EL0",
       Area::kSelfProtection,
       kKspp,
       kArm,
       Want::kY,
       {},
       nullptr,
       "Unmapping the kernel while user space runs is arm64's page-table isolation."},
      {"ARM64_SW_TTBR0_PAN",
       Area::kSelfProtection,
       kKspp,
       kArm,
       Want::kY,
       {},
       nullptr,
       "Emulated PAN stops the kernel from dereferencing user memory by accident on CPUs "
       "without hardware PAN."},
      {"MODULE_SIG",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {},
       "MODULES",
       "Signed modules keep root from loading arbitrary code into the kernel."},
      {"MODULE_SIG_FORCE",
       Area::kSelfProtection,
       kKspp,
       kAll,
       Want::kY,
       {},
       "MODULES",
       "Without enforcement an unsigned module only taints the kernel instead of being "
       "refused."},

      // Attack surface.
      {"SECCOMP_FILTER",
       Area::kAttackSurface,
       kSourceTalk | kKspp,
       kAll,
       Want::kY,
       {},
       nullptr,
       "Seccomp filters let programs drop the system calls they never need, so kernel bugs "
       "behind those calls are out of reach."},
      {"DEVMEM",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "/dev/mem gives root raw physical memory, a direct path to rewriting the kernel."},
      {"STRICT_DEVMEM",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kY,
       {},
       "DEVMEM",
       "If /dev/mem exists, it should at least refuse RAM."},
      {"IO_STRICT_DEVMEM",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kY,
       {},
       "DEVMEM",
       "If /dev/mem exists, it should also refuse I/O regions a driver owns."},
      {"COMPAT_VDSO",
       Area::kAttackSurface,
       kKspp,
       kX86,
       Want::kOff,
       {},
       nullptr,
       "The compatibility vDSO sits at a fixed address, which defeats ASLR for 32-bit "
       "processes."},
      {"X86_X32_ABI",
       Area::kAttackSurface,
       kKspp,
       kX86,
       Want::kOff,
       {"X86_X32"},
       nullptr,
       "The x32 ABI is a rarely used second system-call interface with its own bugs "
       "(X86_X32 before 5.18)."},
      {"MODIFY_LDT_SYSCALL",
       Area::kAttackSurface,
       kKspp,
       kX86,
       Want::kOff,
       {},
       nullptr,
       "modify_ldt(2) serves only 16-bit and old Wine code and has a history of kernel bugs."},
      {"COMPAT",
       Area::kAttackSurface,
       kKspp,
       kArm,
       Want::kOff,
       {},
       nullptr,
       "32-bit compatibility doubles the system-call interface an attacker can reach."},
      {"KEXEC",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "kexec lets root replace the running kernel with any other."},
      {"HIBERNATION",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "Resuming from a hibernation image lets whoever can write the swap device replace "
       "the running kernel."},
      {"PROC_KCORE",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "/proc/kcore exposes kernel memory and its layout to root."},
      {"BINFMT_MISC",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "Arbitrary interpreter registration is easily misconfigured by user space."},
      {"LEGACY_PTYS",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "BSD-style ptys are an old second pty interface; devpts is enough."},
      {"ACPI_CUSTOM_METHOD",
       Area::kAttackSurface,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "Custom ACPI methods let root write arbitrary physical memory."},

      // User space.
      {"COMPAT_BRK",
       Area::kUserSpace,
       kKspp,
       kAll,
       Want::kOff,
       {},
       nullptr,
       "COMPAT_BRK turns off heap (brk) randomization for the sake of ancient binaries."},
  };
  return rules;
}

std::string Recommended(const ConfigRule& r) {
  std::string out = "CONFIG_" + std::string(r.symbol) + (r.want == Want::kY ? "=y" : " is not set");
  if (r.want == Want::kY && !r.also.empty()) {
    out += " (or";
    for (const char* a : r.also) out += " CONFIG_" + std::string(a) + "=y";
    out += ")";
  }
  if (r.want == Want::kOff && !r.also.empty()) {
    for (const char* a : r.also) out += ", nor CONFIG_" + std::string(a);
  }
  if (r.unless_off) out += ", unless CONFIG_" + std::string(r.unless_off) + " is off";
  return out;
}

Verdict Evaluate(const ConfigRule& r, const HostView& h) {
  if (!h.config.known()) return Na(h.config.missing);
  const KernelConfig& c = *h.config;
  if (r.want == Want::kY) {
    if (c.IsY(r.symbol)) return Ok(c.Describe(r.symbol));
    for (const char* a : r.also) {
      if (c.IsY(a)) return Ok(c.Describe(a));
    }
    if (r.unless_off && c.IsOff(r.unless_off)) {
      return Ok(c.Describe(r.unless_off),
                "not needed: CONFIG_" + std::string(r.unless_off) + " is off");
    }
    std::vector<std::string> seen = {c.Describe(r.symbol)};
    for (const char* a : r.also) {
      if (c.Mentions(a)) seen.push_back(c.Describe(a));
    }
    return Fail(Join(seen, "; "));
  }
  std::vector<std::string> on;
  if (!c.IsOff(r.symbol)) on.push_back(c.Describe(r.symbol));
  for (const char* a : r.also) {
    if (!c.IsOff(a)) on.push_back(c.Describe(a));
  }
  if (on.empty()) return Ok(c.Describe(r.symbol));
  return Fail(Join(on, "; "));
}

// BuiltAndListed checks an LSM that must be built in and in CONFIG_LSM, the
// default list of LSMs the kernel starts (since 5.1; before it, Yama and
// Landlock were always started when built).
Verdict BuiltAndListed(const HostView& h, const char* symbol, const char* lsm) {
  if (!h.config.known()) return Na(h.config.missing);
  const KernelConfig& c = *h.config;
  if (!c.IsY(symbol)) return Fail(c.Describe(symbol));
  std::optional<std::vector<std::string>> order = c.Lsm();
  if (!order) return Ok(c.Describe(symbol) + "; no CONFIG_LSM (started whenever built)");
  for (const std::string& name : *order) {
    if (name == lsm) return Ok(c.Describe(symbol) + "; listed in CONFIG_LSM");
  }
  return Fail(c.Describe(symbol) + "; missing from CONFIG_LSM=\"" + *c.Get("LSM") + "\"",
              "built but not started unless lsm= on the command line names it");
}

}  // namespace

void AddConfigChecks(std::vector<CheckDef>& defs) {
  for (const ConfigRule& r : Rules()) {
    defs.push_back(CheckDef{"config." + std::string(r.symbol), r.area, r.sources, r.arches,
                            Recommended(r), r.why,
                            [&r](const HostView& h) { return Evaluate(r, h); }});
  }
  defs.push_back(CheckDef{
      "config.SECURITY_YAMA", Area::kLsm, kSourceTalk | kKspp, kAll,
      "CONFIG_SECURITY_YAMA=y and \"yama\" in CONFIG_LSM",
      "Yama narrows ptrace from \"same uid\" to \"ancestors and declared debuggers\", so one "
      "compromised process cannot read the memory of the user's other processes.",
      [](const HostView& h) { return BuiltAndListed(h, "SECURITY_YAMA", "yama"); }});
  defs.push_back(CheckDef{
      "config.SECURITY_LANDLOCK", Area::kLsm, kKspp, kAll,
      "CONFIG_SECURITY_LANDLOCK=y and \"landlock\" in CONFIG_LSM",
      "Landlock lets unprivileged programs sandbox their own file and network access.",
      [](const HostView& h) { return BuiltAndListed(h, "SECURITY_LANDLOCK", "landlock"); }});
}

}  // namespace cordon::audit::internal
