// Effective boot settings. Many protections have a build-time default
// (CONFIG_..._DEFAULT_ON) that a boot parameter overrides, and the kernel
// reports some of them back in its log; these checks combine the three in
// that order of authority: boot report, command line, config.
#include <optional>
#include <string>
#include <vector>

#include "cordon/audit/checks_internal.h"

namespace cordon::audit::internal {
namespace {

constexpr unsigned kKspp = kSourceKspp;
constexpr unsigned kBoth = kArchX86 | kArchArm;

// Effective is a boolean boot setting, or why it is unknown.
struct Effective {
  std::optional<bool> on;
  std::string seen;
  std::string unknown;
};

// BoolParam: the value of boot parameter `param` (kstrtobool), defaulting
// to CONFIG_<symbol>=y. An unparsable value is ignored, as the kernel does.
Effective BoolParam(const HostView& h, const std::string& param, const char* symbol) {
  if (!h.cmdline.known()) return {std::nullopt, "", h.cmdline.missing};
  std::string ignored;
  if (std::optional<std::string> v = h.cmdline->Value(param)) {
    if (std::optional<bool> b = ParseKernelBool(*v)) {
      std::string seen = param + "=" + *v + " on the command line";
      if (h.config.known()) seen += " (default: " + h.config->Describe(symbol) + ")";
      return {*b, seen, ""};
    }
    ignored = "; " + param + "=" + *v + " is not a boolean, so the kernel ignores it";
  }
  if (!h.config.known()) return {std::nullopt, "", h.config.missing};
  return {h.config->IsY(symbol),
          h.config->Describe(symbol) + ", no " + param + "= on the command line" + ignored, ""};
}

Verdict FromEffective(const Effective& e) {
  if (!e.on) return Na(e.unknown);
  return *e.on ? Ok(e.seen) : Fail(e.seen);
}

Verdict HeapInit(const HostView& h, bool alloc) {
  const char* param = alloc ? "init_on_alloc" : "init_on_free";
  const char* symbol = alloc ? "INIT_ON_ALLOC_DEFAULT_ON" : "INIT_ON_FREE_DEFAULT_ON";
  Effective e = BoolParam(h, param, symbol);
  if (h.mem_auto_init.known()) {
    bool on = alloc ? h.mem_auto_init->heap_alloc : h.mem_auto_init->heap_free;
    std::string seen = std::string("kernel reports heap ") + (alloc ? "alloc" : "free") + ":" +
                       (on ? "on" : "off");
    if (e.on) seen += "; " + e.seen;
    return on ? Ok(seen) : Fail(seen);
  }
  return FromEffective(e);
}

Verdict StackInit(const HostView& h) {
  if (h.mem_auto_init.known()) {
    const std::string& stack = h.mem_auto_init->stack;
    std::string seen = "kernel reports stack:" + stack;
    if (stack == "all(zero)" || stack == "byref_all(zero)") return Ok(seen);
    return Fail(seen, stack == "all(pattern)" ? "pattern init is for finding bugs; zero is the "
                                                "hardening choice"
                                              : "");
  }
  if (!h.config.known()) return Na(h.config.missing);
  const KernelConfig& c = *h.config;
  if (c.IsY("INIT_STACK_ALL_ZERO")) return Ok(c.Describe("INIT_STACK_ALL_ZERO"));
  if (c.IsY("GCC_PLUGIN_STRUCTLEAK_BYREF_ALL")) {
    return Ok(c.Describe("GCC_PLUGIN_STRUCTLEAK_BYREF_ALL"));
  }
  for (const char* other : {"INIT_STACK_ALL_PATTERN", "INIT_STACK_ALL", "INIT_STACK_NONE",
                            "GCC_PLUGIN_STRUCTLEAK_BYREF", "GCC_PLUGIN_STRUCTLEAK_USER"}) {
    if (c.IsY(other)) return Fail(c.Describe(other));
  }
  return Fail(c.Describe("INIT_STACK_ALL_ZERO"));
}

Verdict HardenedUsercopy(const HostView& h) {
  if (!h.config.known()) return Na(h.config.missing);
  const KernelConfig& c = *h.config;
  if (!c.IsY("HARDENED_USERCOPY")) return Fail(c.Describe("HARDENED_USERCOPY"));
  // Where CONFIG_HARDENED_USERCOPY_DEFAULT_ON exists it sets the default.
  const char* symbol = c.Mentions("HARDENED_USERCOPY_DEFAULT_ON") ? "HARDENED_USERCOPY_DEFAULT_ON"
                                                                  : "HARDENED_USERCOPY";
  return FromEffective(BoolParam(h, "hardened_usercopy", symbol));
}

Verdict SlabNomerge(const HostView& h) {
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  // The last of slab_nomerge/slab_merge (or their slub_ spellings) wins.
  std::optional<std::string> last;
  for (const Cmdline::Param& p : h.cmdline->params()) {
    if (p.name == "slab_nomerge" || p.name == "slub_nomerge" || p.name == "slab_merge" ||
        p.name == "slub_merge") {
      last = p.name;
    }
  }
  if (last) {
    bool nomerge = last->find("nomerge") != std::string::npos;
    std::string seen = *last + " on the command line";
    return nomerge ? Ok(seen) : Fail(seen);
  }
  if (!h.config.known()) return Na(h.config.missing);
  std::string seen = h.config->Describe("SLAB_MERGE_DEFAULT") + ", no slab_nomerge";
  return h.config->IsOff("SLAB_MERGE_DEFAULT") ? Ok(seen) : Fail(seen);
}

Verdict PageShuffle(const HostView& h) {
  if (h.config.known() && h.config->IsOff("SHUFFLE_PAGE_ALLOCATOR")) {
    return Fail(h.config->Describe("SHUFFLE_PAGE_ALLOCATOR"));
  }
  if (h.page_shuffle.known()) {
    std::string seen = std::string("page_alloc.shuffle=") + (*h.page_shuffle ? "Y" : "N") + " (" +
                       h.page_shuffle.from + ")";
    return *h.page_shuffle ? Ok(seen) : Fail(seen);
  }
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  std::optional<bool> b = h.cmdline->Bool("page_alloc.shuffle");
  if (b && *b) {
    if (!h.config.known()) return Na(h.config.missing, "page_alloc.shuffle=1");
    return Ok("page_alloc.shuffle=1 on the command line");
  }
  return Fail(b ? "page_alloc.shuffle=0 on the command line"
                : "no page_alloc.shuffle=1 on the command line");
}

Verdict Vsyscall(const HostView& h) {
  if (h.config.known() && h.config->IsOff("X86_VSYSCALL_EMULATION")) {
    return Ok(h.config->Describe("X86_VSYSCALL_EMULATION"), "no vsyscall page at all");
  }
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  if (std::optional<std::string> v = h.cmdline->Value("vsyscall")) {
    std::string seen = "vsyscall=" + *v + " on the command line";
    if (*v == "none") return Ok(seen);
    if (*v == "emulate" || *v == "xonly") return Fail(seen);
  }
  if (!h.config.known()) return Na(h.config.missing);
  if (h.config->IsY("LEGACY_VSYSCALL_NONE")) return Ok(h.config->Describe("LEGACY_VSYSCALL_NONE"));
  for (const char* mode : {"LEGACY_VSYSCALL_XONLY", "LEGACY_VSYSCALL_EMULATE"}) {
    if (h.config->IsY(mode)) return Fail(h.config->Describe(mode));
  }
  return Fail(h.config->Describe("LEGACY_VSYSCALL_NONE"));
}

Verdict Ia32Emulation(const HostView& h) {
  if (h.config.known() && h.config->IsOff("IA32_EMULATION")) {
    return Ok(h.config->Describe("IA32_EMULATION"));
  }
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  if (std::optional<bool> b = h.cmdline->Bool("ia32_emulation")) {
    std::string seen = "ia32_emulation=" + *h.cmdline->Value("ia32_emulation");
    return *b ? Fail(seen) : Ok(seen);
  }
  if (!h.config.known()) return Na(h.config.missing);
  // Since 6.7 the emulation can be built but off unless ia32_emulation=1.
  std::string seen = h.config->Describe("IA32_EMULATION") + ", no ia32_emulation=0";
  if (h.config->IsY("IA32_EMULATION_DEFAULT_DISABLED")) {
    return Ok(h.config->Describe("IA32_EMULATION_DEFAULT_DISABLED"));
  }
  return Fail(seen);
}

Verdict Debugfs(const HostView& h) {
  if (h.config.known() && h.config->IsOff("DEBUG_FS")) return Ok(h.config->Describe("DEBUG_FS"));
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  if (std::optional<std::string> v = h.cmdline->Value("debugfs")) {
    std::string seen = "debugfs=" + *v + " on the command line";
    if (*v == "off") return Ok(seen);
    if (*v == "on" || *v == "no-mount") return Fail(seen);
  }
  if (!h.config.known()) return Na(h.config.missing);
  if (h.config->IsY("DEBUG_FS_ALLOW_NONE")) return Ok(h.config->Describe("DEBUG_FS_ALLOW_NONE"));
  return Fail(h.config->Describe("DEBUG_FS") + ", no debugfs=off");
}

Verdict NoKaslr(const HostView& h) {
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  if (h.cmdline->Has("nokaslr")) return Fail("nokaslr on the command line");
  return Ok("no nokaslr");
}

Verdict Pti(const HostView& h) {
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  if (h.cmdline->Has("nopti")) return Fail("nopti on the command line");
  std::optional<std::string> v = h.cmdline->Value("pti");
  if (v && *v == "on") return Ok("pti=on");
  return Fail(v ? "pti=" + *v : "no pti= (the kernel decides per CPU)");
}

Verdict Mitigations(const HostView& h, bool want_nosmt) {
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  std::optional<std::string> v = h.cmdline->Value("mitigations");
  std::vector<std::string> tokens;
  if (v) {
    std::string cur;
    for (char c : *v + ",") {
      if (c == ',') {
        if (!cur.empty()) tokens.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
  }
  std::string seen = v ? "mitigations=" + *v : "no mitigations= (auto)";
  for (const std::string& t : tokens) {
    if (t == "off") return Fail(seen);
  }
  if (!want_nosmt) return Ok(seen);
  bool nosmt = h.cmdline->Has("nosmt");
  for (const std::string& t : tokens) nosmt = nosmt || t == "nosmt";
  if (nosmt) return Ok(seen + (h.cmdline->Has("nosmt") ? ", nosmt" : ""));
  return Fail(seen, "SMT stays on (nosmt trades throughput for isolation)");
}

Verdict DisabledProtections(const HostView& h) {
  if (!h.cmdline.known()) return Na(h.cmdline.missing);
  static const char* const kFlags[] = {"nosmep",
                                       "nosmap",
                                       "nopti",
                                       "nospectre_v1",
                                       "nospectre_v2",
                                       "nospectre_bhb",
                                       "nospec_store_bypass_disable",
                                       "norandmaps",
                                       "dis_ucode_ldr",
                                       "arm64.nobti",
                                       "arm64.nopauth",
                                       "arm64.nomte",
                                       "sysrq_always_enabled"};
  static const char* const kOffValued[] = {"rodata",
                                           "spectre_v2",
                                           "spectre_v2_user",
                                           "spectre_bhi",
                                           "spec_store_bypass_disable",
                                           "l1tf",
                                           "mds",
                                           "tsx_async_abort",
                                           "mmio_stale_data",
                                           "retbleed",
                                           "spec_rstack_overflow",
                                           "gather_data_sampling",
                                           "reg_file_data_sampling",
                                           "srbds",
                                           "kpti"};
  std::vector<std::string> found;
  for (const char* f : kFlags) {
    if (h.cmdline->Has(f)) found.push_back(f);
  }
  for (const char* p : kOffValued) {
    std::optional<std::string> v = h.cmdline->Value(p);
    if (v && (*v == "off" || (std::string(p) == "kpti" && ParseKernelBool(*v) == false))) {
      found.push_back(std::string(p) + "=" + *v);
    }
  }
  if (found.empty()) return Ok("none");
  return Fail(Join(found));
}

Verdict IommuStrict(const HostView& h) {
  return FromEffective(BoolParam(h, "iommu.strict", "IOMMU_DEFAULT_DMA_STRICT"));
}

Verdict IommuPassthrough(const HostView& h) {
  if (h.cmdline.known()) {
    if (std::optional<std::string> v = h.cmdline->Value("iommu")) {
      if (v->find("pt") != std::string::npos && v->find("nopt") == std::string::npos) {
        return Fail("iommu=" + *v + " on the command line");
      }
    }
  }
  Effective e = BoolParam(h, "iommu.passthrough", "IOMMU_DEFAULT_PASSTHROUGH");
  if (!e.on) return Na(e.unknown);
  return *e.on ? Fail(e.seen) : Ok(e.seen);
}

}  // namespace

void AddBootChecks(std::vector<CheckDef>& defs) {
  const unsigned talk_kspp = kSourceTalk | kKspp;
  defs.push_back({"mem.init_on_alloc", Area::kMemoryInit, talk_kspp, kArchAny,
                  "init_on_alloc=1, or CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y without init_on_alloc=0",
                  "Zeroing every heap allocation makes uninitialized-memory bugs deterministic: "
                  "they can no longer leak or act on stale data.",
                  [](const HostView& h) { return HeapInit(h, true); }});
  defs.push_back({"mem.init_on_free", Area::kMemoryInit, kKspp, kArchAny,
                  "init_on_free=1, or CONFIG_INIT_ON_FREE_DEFAULT_ON=y without init_on_free=0",
                  "Wiping memory when it is freed shortens how long secrets linger and makes "
                  "use-after-free reads see zeros.",
                  [](const HostView& h) { return HeapInit(h, false); }});
  defs.push_back({"mem.stack_init", Area::kMemoryInit, talk_kspp, kArchAny,
                  "CONFIG_INIT_STACK_ALL_ZERO=y (or CONFIG_GCC_PLUGIN_STRUCTLEAK_BYREF_ALL=y on "
                  "compilers without it)",
                  "Zero-initializing every stack variable removes a whole class of information "
                  "leaks and uninitialized-use bugs.",
                  StackInit});
  defs.push_back({"boot.hardened_usercopy", Area::kSelfProtection, kKspp, kArchAny,
                  "CONFIG_HARDENED_USERCOPY=y, without hardened_usercopy=0",
                  "Copies between kernel and user memory are checked against the bounds of the "
                  "kernel object they touch.",
                  HardenedUsercopy});
  defs.push_back({"boot.slab_nomerge", Area::kSelfProtection, kKspp, kArchAny,
                  "slab_nomerge, or CONFIG_SLAB_MERGE_DEFAULT not set",
                  "Separate slab caches keep an overflow in one object type from reaching "
                  "objects of another.",
                  SlabNomerge});
  defs.push_back({"boot.page_alloc_shuffle", Area::kSelfProtection, kKspp, kArchAny,
                  "CONFIG_SHUFFLE_PAGE_ALLOCATOR=y and page_alloc.shuffle=1",
                  "Randomizing the page allocator's free lists makes page-level heap layouts "
                  "harder to predict.",
                  PageShuffle});
  defs.push_back({"boot.randomize_kstack_offset", Area::kSelfProtection, kKspp, kBoth,
                  "CONFIG_RANDOMIZE_KSTACK_OFFSET_DEFAULT=y without randomize_kstack_offset=0, "
                  "or randomize_kstack_offset=1",
                  "A random kernel stack offset on every system call defeats attacks that rely "
                  "on a known stack layout.",
                  [](const HostView& h) {
                    return FromEffective(
                        BoolParam(h, "randomize_kstack_offset", "RANDOMIZE_KSTACK_OFFSET_DEFAULT"));
                  }});
  defs.push_back({"cmdline.nokaslr", Area::kSelfProtection, kSourceTalk, kBoth,
                  "no nokaslr on the command line",
                  "nokaslr makes kernel bugs reproducible, which the talk suggests for hunting "
                  "them, but on a production host it hands attackers every kernel address.",
                  NoKaslr});
  defs.push_back({"cmdline.pti", Area::kSelfProtection, kKspp, kArchX86, "pti=on and no nopti",
                  "Forcing page-table isolation keeps the kernel unmapped from user space even "
                  "on CPUs the kernel believes are not vulnerable.",
                  Pti});
  defs.push_back({"cmdline.mitigations", Area::kSelfProtection, kKspp, kArchX86,
                  "mitigations=auto,nosmt",
                  "CPU side-channel mitigations must not be switched off, and with SMT on a "
                  "sibling thread can still observe another's secrets.",
                  [](const HostView& h) { return Mitigations(h, true); }});
  defs.push_back({"cmdline.mitigations", Area::kSelfProtection, kKspp, kArchArm,
                  "mitigations=auto (or unset)",
                  "CPU side-channel mitigations must not be switched off.",
                  [](const HostView& h) { return Mitigations(h, false); }});
  defs.push_back({"cmdline.disabled_protections", Area::kSelfProtection, kSourceKhc, kArchAny,
                  "none of nosmep, nosmap, nopti, nospectre_*, norandmaps, rodata=off, "
                  "<mitigation>=off, kpti=0, arm64.no*, sysrq_always_enabled",
                  "Each of these boot options switches off a protection the kernel would "
                  "otherwise apply.",
                  DisabledProtections});
  defs.push_back({"boot.iommu_strict", Area::kSelfProtection, kKspp, kBoth,
                  "iommu.strict=1, or CONFIG_IOMMU_DEFAULT_DMA_STRICT=y",
                  "Strict IOMMU invalidation closes the window in which a device can still DMA "
                  "into memory the kernel has reused.",
                  IommuStrict});
  defs.push_back({"boot.iommu_passthrough", Area::kSelfProtection, kKspp, kBoth,
                  "iommu.passthrough=0, or CONFIG_IOMMU_DEFAULT_PASSTHROUGH not set",
                  "In passthrough mode devices can DMA anywhere in memory.", IommuPassthrough});
  defs.push_back({"boot.vsyscall", Area::kAttackSurface, kKspp, kArchX86,
                  "vsyscall=none, or CONFIG_LEGACY_VSYSCALL_NONE=y",
                  "The legacy vsyscall page sits at a fixed address every process shares, a "
                  "ready-made target modern libcs no longer need.",
                  Vsyscall});
  defs.push_back({"boot.ia32_emulation", Area::kAttackSurface, kKspp, kArchX86,
                  "CONFIG_IA32_EMULATION not set, or ia32_emulation=0",
                  "The 32-bit system-call entry is a second interface to every system call, "
                  "with its own bugs.",
                  Ia32Emulation});
  defs.push_back({"boot.debugfs", Area::kAttackSurface, kSourceKhc, kArchAny,
                  "debugfs=off, or CONFIG_DEBUG_FS not set",
                  "debugfs is a debugging interface full of files never written with hostile "
                  "callers in mind.",
                  Debugfs});
}

}  // namespace cordon::audit::internal
