#include "cordon/audit/audit_fixture.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "cordon/audit/checks.h"
#include "cordon/base/check.h"
#include "cordon/base/files.h"

namespace cordon::audit::testing {
namespace {

void MakeParents(const std::string& path) {
  for (size_t at = path.find('/', 1); at != std::string::npos; at = path.find('/', at + 1)) {
    mkdir(path.substr(0, at).c_str(), 0755);
  }
}

std::map<std::string, std::string> Merge(std::map<std::string, std::string> base,
                                         const std::map<std::string, std::string>& over) {
  for (const auto& [k, v] : over) base[k] = v;
  return base;
}

// Options every hardened config shares.
std::map<std::string, std::string> HardenedCommon() {
  return {
      {"STACKPROTECTOR", "y"},
      {"STACKPROTECTOR_STRONG", "y"},
      {"STRICT_KERNEL_RWX", "y"},
      {"MODULES", "y"},
      {"STRICT_MODULE_RWX", "y"},
      {"MODULE_SIG", "y"},
      {"MODULE_SIG_FORCE", "y"},
      {"FORTIFY_SOURCE", "y"},
      {"SLAB_FREELIST_RANDOM", "y"},
      {"SLAB_FREELIST_HARDENED", "y"},
      {"BUG_ON_DATA_CORRUPTION", "y"},
      {"LIST_HARDENED", "y"},
      {"SCHED_STACK_END_CHECK", "y"},
      {"VMAP_STACK", "y"},
      {"DEBUG_WX", "y"},
      {"RANDOMIZE_BASE", "y"},
      {"SECCOMP", "y"},
      {"SECCOMP_FILTER", "y"},
      {"DEVMEM", "n"},
      {"KEXEC", "n"},
      {"HIBERNATION", "n"},
      {"PROC_KCORE", "n"},
      {"BINFMT_MISC", "n"},
      {"LEGACY_PTYS", "n"},
      {"ACPI_CUSTOM_METHOD", "n"},
      {"COMPAT_BRK", "n"},
      {"SECURITY", "y"},
      {"SECURITY_YAMA", "y"},
      {"SECURITY_LANDLOCK", "y"},
      {"SECURITY_APPARMOR", "y"},
      {"LSM", "landlock,lockdown,yama,apparmor,bpf"},
      {"INIT_ON_ALLOC_DEFAULT_ON", "y"},
      {"INIT_ON_FREE_DEFAULT_ON", "y"},
      {"INIT_STACK_ALL_ZERO", "y"},
      {"HARDENED_USERCOPY", "y"},
      {"HARDENED_USERCOPY_DEFAULT_ON", "y"},
      {"SLAB_MERGE_DEFAULT", "n"},
      {"SHUFFLE_PAGE_ALLOCATOR", "y"},
      {"RANDOMIZE_KSTACK_OFFSET", "y"},
      {"RANDOMIZE_KSTACK_OFFSET_DEFAULT", "y"},
      {"IOMMU_DEFAULT_DMA_STRICT", "y"},
      {"IOMMU_DEFAULT_PASSTHROUGH", "n"},
      {"DEBUG_FS", "n"},
      {"BPF_SYSCALL", "y"},
      {"BPF_JIT", "y"},
      {"USERFAULTFD", "y"},
      {"MAGIC_SYSRQ", "y"},
      {"USER_NS", "y"},
      {"CC_IS_GCC", "y"},
  };
}

void WriteHardenedSysctls(FixtureTree& t, const std::string& mmap_min_addr) {
  const std::map<std::string, std::string> sysctls = {
      {"kernel.kptr_restrict", "2"},
      {"kernel.dmesg_restrict", "1"},
      {"kernel.perf_event_paranoid", "3"},
      {"kernel.unprivileged_bpf_disabled", "2"},
      {"net.core.bpf_jit_harden", "2"},
      {"kernel.kexec_load_disabled", "1"},
      {"dev.tty.ldisc_autoload", "0"},
      {"dev.tty.legacy_tiocsti", "0"},
      {"vm.unprivileged_userfaultfd", "0"},
      {"kernel.sysrq", "0"},
      {"vm.mmap_min_addr", mmap_min_addr},
      {"fs.protected_symlinks", "1"},
      {"fs.protected_hardlinks", "1"},
      {"fs.protected_fifos", "2"},
      {"fs.protected_regular", "2"},
      {"fs.suid_dumpable", "0"},
      {"kernel.randomize_va_space", "2"},
      {"user.max_user_namespaces", "0"},
      {"kernel.yama.ptrace_scope", "1"},
      {"kernel.seccomp.actions_avail",
       "kill_process kill_thread trap errno user_notif trace log allow"},
  };
  for (const auto& [k, v] : sysctls) t.Sysctl(k, v + "\n");
}

}  // namespace

FixtureTree::FixtureTree() {
  char tmpl[] = "/tmp/cordon-audit-XXXXXX";
  CHECK(mkdtemp(tmpl) != nullptr);
  root_ = tmpl;
}

FixtureTree::~FixtureTree() { (void)!system(("rm -rf '" + root_ + "'").c_str()); }

void FixtureTree::Write(const std::string& rel, const std::string& content) {
  std::string path = root_ + "/" + rel;
  MakeParents(path);
  CHECK(WriteFileAtomic(path, content).ok());
}

void FixtureTree::WriteGzip(const std::string& rel, const std::string& content) {
  std::string path = root_ + "/" + rel;
  MakeParents(path);
  gzFile f = gzopen(path.c_str(), "wb");
  CHECK(f != nullptr);
  CHECK(gzwrite(f, content.data(), static_cast<unsigned>(content.size())) ==
        static_cast<int>(content.size()));
  CHECK(gzclose(f) == Z_OK);
}

void FixtureTree::Sysctl(const std::string& name, const std::string& value) {
  std::string rel = name;
  for (char& c : rel) {
    if (c == '.') c = '/';
  }
  Write("proc/sys/" + rel, value);
}

HostViewOptions FixtureTree::Options() const {
  HostViewOptions o;
  o.root = root_;
  o.sysctl_keys = AuditedSysctls();
  return o;
}

std::string ConfigText(const std::map<std::string, std::string>& symbols,
                       const std::string& version) {
  std::string out = "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 " + version +
                    " Kernel Configuration\n#\n";
  for (const auto& [k, v] : symbols) {
    if (v == "n") {
      out += "# CONFIG_" + k + " is not set\n";
    } else if (v == "y" || v == "m" || (!v.empty() && (isdigit(v[0]) || v[0] == '-'))) {
      out += "CONFIG_" + k + "=" + v + "\n";
    } else {
      out += "CONFIG_" + k + "=\"" + v + "\"\n";
    }
  }
  return out;
}

std::map<std::string, std::string> HardenedX86Symbols() {
  return Merge(HardenedCommon(), {{"X86_64", "y"},
                                  {"RANDOMIZE_MEMORY", "y"},
                                  {"MITIGATION_PAGE_TABLE_ISOLATION", "y"},
                                  {"COMPAT_VDSO", "n"},
                                  {"X86_X32_ABI", "n"},
                                  {"MODIFY_LDT_SYSCALL", "n"},
                                  {"X86_VSYSCALL_EMULATION", "y"},
                                  {"LEGACY_VSYSCALL_NONE", "y"},
                                  {"IA32_EMULATION", "n"},
                                  {"PHYSICAL_START", "0x1000000"},
                                  {"PHYSICAL_ALIGN", "0x200000"}});
}

std::map<std::string, std::string> HardenedArm64Symbols() {
  return Merge(
      HardenedCommon(),
      {{"ARM64", "y"}, {"UNMAP_KERNEL_AT_EL0", "y"}, {"ARM64_SW_TTBR0_PAN", "y"}, {"COMPAT", "n"}});
}

std::map<std::string, std::string> WeakX86Symbols() {
  std::map<std::string, std::string> s;
  for (const char* off : {"STACKPROTECTOR_STRONG",
                          "STRICT_KERNEL_RWX",
                          "STRICT_MODULE_RWX",
                          "MODULE_SIG",
                          "MODULE_SIG_FORCE",
                          "FORTIFY_SOURCE",
                          "SLAB_FREELIST_RANDOM",
                          "SLAB_FREELIST_HARDENED",
                          "BUG_ON_DATA_CORRUPTION",
                          "LIST_HARDENED",
                          "DEBUG_LIST",
                          "SCHED_STACK_END_CHECK",
                          "VMAP_STACK",
                          "DEBUG_WX",
                          "RANDOMIZE_BASE",
                          "RANDOMIZE_MEMORY",
                          "PAGE_TABLE_ISOLATION",
                          "SECCOMP_FILTER",
                          "STRICT_DEVMEM",
                          "IO_STRICT_DEVMEM",
                          "SECURITY_YAMA",
                          "SECURITY_LANDLOCK",
                          "INIT_ON_FREE_DEFAULT_ON",
                          "HARDENED_USERCOPY",
                          "SHUFFLE_PAGE_ALLOCATOR",
                          "IOMMU_DEFAULT_DMA_STRICT",
                          "IOMMU_DEFAULT_PASSTHROUGH"}) {
    s[off] = "n";
  }
  for (const char* on : {"X86_64",
                         "MODULES",
                         "SECCOMP",
                         "DEVMEM",
                         "COMPAT_VDSO",
                         "X86_X32_ABI",
                         "MODIFY_LDT_SYSCALL",
                         "KEXEC",
                         "KEXEC_CORE",
                         "HIBERNATION",
                         "PROC_KCORE",
                         "LEGACY_PTYS",
                         "ACPI_CUSTOM_METHOD",
                         "COMPAT_BRK",
                         "INIT_ON_ALLOC_DEFAULT_ON",
                         "INIT_STACK_NONE",
                         "SLAB_MERGE_DEFAULT",
                         "RANDOMIZE_KSTACK_OFFSET_DEFAULT",
                         "X86_VSYSCALL_EMULATION",
                         "LEGACY_VSYSCALL_XONLY",
                         "IA32_EMULATION",
                         "DEBUG_FS",
                         "DEBUG_FS_ALLOW_ALL",
                         "BPF_SYSCALL",
                         "BPF_JIT",
                         "USERFAULTFD",
                         "MAGIC_SYSRQ",
                         "USER_NS",
                         "SECURITY",
                         "SECURITY_SELINUX"}) {
    s[on] = "y";
  }
  s["BINFMT_MISC"] = "m";
  s["PHYSICAL_START"] = "0x1000000";
  s["PHYSICAL_ALIGN"] = "0x200000";
  return s;
}

void WriteHardenedX86(FixtureTree& t) {
  t.WriteGzip("proc/config.gz", ConfigText(HardenedX86Symbols(), "6.18.5"));
  t.Write("proc/cmdline",
          "BOOT_IMAGE=/vmlinuz-6.18.5 root=/dev/vda1 ro pti=on mitigations=auto,nosmt "
          "page_alloc.shuffle=1 quiet\n");
  t.Sysctl("kernel.osrelease", "6.18.5\n");
  WriteHardenedSysctls(t, "65536");
  t.Write("sys/kernel/security/lsm", "capability,landlock,lockdown,yama,apparmor,bpf");
  t.Write("sys/module/page_alloc/parameters/shuffle", "Y\n");
  t.Write("proc/kallsyms",
          "0000000000000000 A fixed_percpu_data\nffffffff9a200000 T _stext\n"
          "ffffffff9a200000 T _text\nffffffff9a201000 T startup_64\n");
}

void WriteHardenedArm64(FixtureTree& t) {
  t.WriteGzip("proc/config.gz", ConfigText(HardenedArm64Symbols(), "6.18.5"));
  t.Write("proc/cmdline", "root=/dev/vda1 mitigations=auto page_alloc.shuffle=1\n");
  t.Sysctl("kernel.osrelease", "6.18.5\n");
  WriteHardenedSysctls(t, "32768");
  t.Write("sys/kernel/security/lsm", "capability,landlock,lockdown,yama,apparmor,bpf");
  t.Write("sys/module/page_alloc/parameters/shuffle", "Y\n");
}

void WriteWeakX86(FixtureTree& t) {
  t.Write("boot/config-4.19.300", ConfigText(WeakX86Symbols(), "4.19.300"));
  t.Write("proc/cmdline",
          "root=/dev/sda1 nokaslr nopti mitigations=off nosmap init_on_alloc=0 "
          "randomize_kstack_offset=0 iommu.passthrough=1 -- nokaslr=init-arg\n");
  t.Sysctl("kernel.osrelease", "4.19.300\n");
  const std::map<std::string, std::string> sysctls = {
      {"kernel.kptr_restrict", "0"},
      {"kernel.dmesg_restrict", "0"},
      {"kernel.perf_event_paranoid", "1"},
      {"kernel.unprivileged_bpf_disabled", "0"},
      {"net.core.bpf_jit_harden", "0"},
      {"kernel.kexec_load_disabled", "0"},
      {"dev.tty.ldisc_autoload", "1"},
      {"vm.unprivileged_userfaultfd", "1"},
      {"kernel.sysrq", "1"},
      {"vm.mmap_min_addr", "4096"},
      {"fs.protected_symlinks", "0"},
      {"fs.protected_hardlinks", "0"},
      {"fs.protected_fifos", "0"},
      {"fs.protected_regular", "0"},
      {"fs.suid_dumpable", "2"},
      {"kernel.randomize_va_space", "1"},
      {"user.max_user_namespaces", "1000"},
      {"kernel.yama.ptrace_scope", "0"},
  };
  for (const auto& [k, v] : sysctls) t.Sysctl(k, v + "\n");
  t.Write("sys/kernel/security/lsm", "capability,yama");
  t.Write("proc/kallsyms", "ffffffff81000000 T _text\n");
}

Result<UnameInfo> FakeProbes::Uname() {
  ++calls;
  return uname;
}

Result<std::vector<uint64_t>> FakeProbes::LsmListModules() {
  ++calls;
  if (lsm_errno) return ErrnoStatus(lsm_errno, "lsm_list_modules");
  return lsm_ids;
}

Result<bool> FakeProbes::YamaPrctlProbe() {
  ++calls;
  if (yama_errno) return ErrnoStatus(yama_errno, "prctl(PR_SET_PTRACER)");
  return yama;
}

Result<int> FakeProbes::LandlockAbi() {
  ++calls;
  if (landlock_errno) return ErrnoStatus(landlock_errno, "landlock_create_ruleset");
  return landlock_abi;
}

Result<std::string> FakeProbes::KernelLog() {
  ++calls;
  if (log_errno) return ErrnoStatus(log_errno, "klogctl");
  return log;
}

}  // namespace cordon::audit::testing
