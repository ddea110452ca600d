#include "cordon/sandbox/syscall_format.h"

#include <cinttypes>
#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cordon::sandbox {
namespace {

// Argument kinds, one letter each in a signature:
//   f descriptor (AT_FDCWD)   p pointer (NULL)   d signed   u unsigned
//   o octal mode              x hex
//   R ioctl request  O O_* flags  P PROT_*  M MAP_*  A AF_*  S SOCK_* type
//   X prctl option   F fcntl command  C CLONE_* flags  K signal  W AT_* flags
//   L RLIMIT_*       a MADV_*  m SEEK_*  c CLOCK_*  g FUTEX_*  s SOL_* level
//   v POSIX_FADV_*   t PTRACE_*  H ARCH_*  G GRND_* flags
struct Signature {
  const char* name;
  const char* args;
};

constexpr Signature kSignatures[] = {
    {"read", "fpu"},
    {"write", "fpu"},
    {"open", "pOo"},
    {"openat", "fpOo"},
    {"openat2", "fppu"},
    {"creat", "po"},
    {"close", "f"},
    {"close_range", "uux"},
    {"stat", "pp"},
    {"lstat", "pp"},
    {"fstat", "fp"},
    {"newfstatat", "fppW"},
    {"statx", "fpWxp"},
    {"poll", "pud"},
    {"ppoll", "pupp"},
    {"lseek", "fdm"},
    {"mmap", "puPMfx"},
    {"mprotect", "puP"},
    {"munmap", "pu"},
    {"mremap", "puuxp"},
    {"madvise", "pua"},
    {"brk", "p"},
    {"rt_sigaction", "Kppu"},
    {"rt_sigprocmask", "dppu"},
    {"rt_sigreturn", ""},
    {"ioctl", "fRp"},
    {"pread64", "fpud"},
    {"pwrite64", "fpud"},
    {"readv", "fpu"},
    {"writev", "fpu"},
    {"access", "po"},
    {"faccessat", "fpo"},
    {"faccessat2", "fpoW"},
    {"pipe", "p"},
    {"pipe2", "pO"},
    {"dup", "f"},
    {"dup2", "ff"},
    {"dup3", "ffO"},
    {"nanosleep", "pp"},
    {"clock_nanosleep", "cxpp"},
    {"clock_gettime", "cp"},
    {"gettimeofday", "pp"},
    {"getpid", ""},
    {"getppid", ""},
    {"gettid", ""},
    {"getuid", ""},
    {"geteuid", ""},
    {"getgid", ""},
    {"getegid", ""},
    {"socket", "ASd"},
    {"socketpair", "ASdp"},
    {"connect", "fpu"},
    {"bind", "fpu"},
    {"listen", "fd"},
    {"accept", "fpp"},
    {"accept4", "fppS"},
    {"sendto", "fpuxpu"},
    {"recvfrom", "fpuxpp"},
    {"sendmsg", "fpx"},
    {"recvmsg", "fpx"},
    {"shutdown", "fd"},
    {"setsockopt", "fsdpu"},
    {"getsockopt", "fsdpp"},
    {"getsockname", "fpp"},
    {"getpeername", "fpp"},
    {"clone", "Cpppx"},
    {"clone3", "pu"},
    {"fork", ""},
    {"vfork", ""},
    {"execve", "ppp"},
    {"execveat", "fpppW"},
    {"exit", "d"},
    {"exit_group", "d"},
    {"wait4", "dpxp"},
    {"waitid", "ddpxp"},
    {"kill", "dK"},
    {"tkill", "dK"},
    {"tgkill", "ddK"},
    {"uname", "p"},
    {"fcntl", "fFx"},
    {"flock", "fx"},
    {"fsync", "f"},
    {"fdatasync", "f"},
    {"truncate", "pd"},
    {"ftruncate", "fd"},
    {"getdents64", "fpu"},
    {"getcwd", "pu"},
    {"chdir", "p"},
    {"fchdir", "f"},
    {"rename", "pp"},
    {"renameat", "fpfp"},
    {"renameat2", "fpfpx"},
    {"mkdir", "po"},
    {"mkdirat", "fpo"},
    {"rmdir", "p"},
    {"unlink", "p"},
    {"unlinkat", "fpW"},
    {"link", "pp"},
    {"linkat", "fpfpW"},
    {"symlink", "pp"},
    {"symlinkat", "pfp"},
    {"readlink", "ppu"},
    {"readlinkat", "fppu"},
    {"chmod", "po"},
    {"fchmod", "fo"},
    {"fchmodat", "fpo"},
    {"chown", "pdd"},
    {"fchown", "fdd"},
    {"fchownat", "fpddW"},
    {"umask", "o"},
    {"prctl", "Xxxxx"},
    {"arch_prctl", "Hp"},
    {"setuid", "d"},
    {"setgid", "d"},
    {"setresuid", "ddd"},
    {"setresgid", "ddd"},
    {"setgroups", "up"},
    {"getrlimit", "Lp"},
    {"setrlimit", "Lp"},
    {"prlimit64", "dLpp"},
    {"ptrace", "tdpp"},
    {"personality", "x"},
    {"mount", "pppxp"},
    {"umount2", "px"},
    {"pivot_root", "pp"},
    {"chroot", "p"},
    {"sethostname", "pu"},
    {"futex", "pgdppd"},
    {"set_tid_address", "p"},
    {"set_robust_list", "pu"},
    {"rseq", "puxx"},
    {"getrandom", "puG"},
    {"memfd_create", "px"},
    {"copy_file_range", "fpfpux"},
    {"sendfile", "ffpu"},
    {"fadvise64", "fduv"},
    {"epoll_create1", "x"},
    {"epoll_ctl", "fdfp"},
    {"epoll_wait", "fpdd"},
    {"epoll_pwait", "fpddpu"},
    {"eventfd2", "ux"},
    {"seccomp", "dxp"},
    {"bpf", "dpu"},
    {"unshare", "C"},
    {"setns", "fC"},
    {"init_module", "pup"},
    {"finit_module", "fpx"},
    {"delete_module", "px"},
    {"userfaultfd", "x"},
    {"perf_event_open", "pddfx"},
    {"process_vm_readv", "dpupux"},
    {"process_vm_writev", "dpupux"},
    {"pidfd_open", "dx"},
    {"pidfd_getfd", "ffx"},
    {"pidfd_send_signal", "fKpx"},
    {"mlock", "pu"},
    {"munlock", "pu"},
    {"msync", "pux"},
    {"sched_yield", ""},
    {"sched_getaffinity", "dup"},
    {"getpriority", "dd"},
    {"setpriority", "ddd"},
    {"sysinfo", "p"},
    {"times", "p"},
    {"alarm", "u"},
    {"sigaltstack", "pp"},
    {"statfs", "pp"},
    {"fstatfs", "fp"},
    {"utimensat", "fppW"},
    {"inotify_init1", "x"},
    {"timerfd_create", "cx"},
    {"signalfd4", "fpux"},
    {"landlock_create_ruleset", "pux"},
    {"landlock_add_rule", "fdpx"},
    {"landlock_restrict_self", "fx"},
    {"keyctl", "dxxxx"},
    {"add_key", "pppuf"},
    {"request_key", "pppf"},
    {"kexec_load", "uupx"},
    {"reboot", "xxxp"},
};

struct ConstantKind {
  char letter;
  const char* prefix;
  bool flags;  // a bit mask: decompose into names joined by '|'
};

constexpr ConstantKind kKinds[] = {
    {'O', "O_", true},           {'P', "PROT_", true},    {'M', "MAP_", true},
    {'A', "AF_", false},         {'X', "PR_", false},     {'F', "F_", false},
    {'C', "CLONE_", true},       {'K', "SIG", false},     {'W', "AT_", true},
    {'L', "RLIMIT_", false},     {'a', "MADV_", false},   {'m', "SEEK_", false},
    {'c', "CLOCK_", false},      {'g', "FUTEX_", false},  {'s', "SOL_", false},
    {'v', "POSIX_FADV_", false}, {'t', "PTRACE_", false}, {'H', "ARCH_", false},
    {'G', "GRND_", true},
};

// Aliases share a value; these are the names people write.
constexpr std::string_view kPreferred[] = {
    "AF_UNIX",        "AF_INET",       "AF_INET6",       "O_NONBLOCK",      "O_RDONLY",
    "MAP_ANONYMOUS",  "F_GETFD",       "F_SETFD",        "F_GETFL",         "F_SETFL",
    "F_DUPFD",        "F_GETLK",       "F_SETLK",        "F_SETLKW",        "SIGIO",
    "SIGCHLD",        "SIGSYS",        "SIGABRT",        "SOL_SOCKET",      "SEEK_SET",
    "SEEK_CUR",       "SEEK_END",      "CLOCK_REALTIME", "CLOCK_MONOTONIC", "FUTEX_WAIT",
    "FUTEX_WAKE",     "MADV_NORMAL",   "MADV_DONTNEED",  "PR_SET_NAME",     "PR_GET_NAME",
    "PTRACE_TRACEME", "PTRACE_ATTACH", "TCGETS",         "TIOCGWINSZ",      "FIONREAD",
    "SOCK_STREAM",    "SOCK_DGRAM",    "SOCK_RAW",       "SOCK_RDM",        "SOCK_SEQPACKET",
    "SOCK_PACKET",    "SOCK_NONBLOCK", "SOCK_CLOEXEC",
};

// Sub-families that share a prefix with the kind but name other things
// (PR_CAP_AMBIENT_RAISE is an argument of PR_CAP_AMBIENT, not an option).
constexpr std::string_view kExcluded[] = {
    "PR_CAP_AMBIENT_",
    "PR_FP_",
    "PR_MCE_",
    "PR_SPEC_",
    "PR_TSC_",
    "PR_UNALIGN_",
    "PR_ENDIAN_",
    "PR_FPEMU_",
    "PR_SCHED_CORE_",
    "PR_MTE_",
    "PR_TAGGED_",
    "PR_SVE_",
    "PR_SME_",
    "PR_PAC_",
    "PR_MDWE_",
    "PR_SET_MM_",
    "PR_TIMER_",
    "PR_RISCV_",
    "PR_PPC_",
    "PR_SET_VMA_",
    "PR_SHADOW_",
    "PR_PMLEN_",
    "PR_LOCK_",
    "PR_FUTEX_",
    "PR_MEMORY_",
    "PR_SET_PTRACER_",
    "PR_GET_TSC",
    "SIG_",
    "SIGEV_",
    "SIGSTKSZ",
    "SIGRT",
    "F_OK",
    "F_LOCK",
    "F_ULOCK",
    "F_TLOCK",
    "F_TEST",
    "F_SEAL_",
    "F_OWNER_",
    "F_RDLCK",
    "F_WRLCK",
    "F_UNLCK",
    "F_EXLCK",
    "F_SHLCK",
    "AT_STATX_",
    "AT_RECURSIVE",
    "AT_HANDLE_",
    "MAP_TYPE",
    "MAP_HUGE_",
    "MAP_FILE",
    "O_ACCMODE",
    "O_FSYNC",
    "O_RSYNC",
    "O_NDELAY",
    "PROT_NONE",
    "CLONE_ARGS_",
    "CLOCK_BOOTTIME_ALARM",
    "FUTEX_OP_",
    "FUTEX_BITSET",
    "FUTEX_TID_",
    "FUTEX_WAITERS",
    "FUTEX_OWNER_DIED",
    "FUTEX_CMD_",
    "RLIMIT_NLIMITS",
    "RLIMIT_OFILE",
    "MADV_HWPOISON",
    "SEEK_MAX",
    "PTRACE_O_",
    "PTRACE_EVENT_",
    "PTRACE_SYSCALL_INFO_",
    "PTRACE_PEEKSIGINFO_",
    "AF_MAX",
    "CLONE_SIGHAND_",
    "SOCK_SNDBUF_LOCK",
    "SOCK_RCVBUF_LOCK",
    "SOCK_BUF_LOCK_MASK",
    "SOCK_DIAG_",
    "SOCK_TXREHASH",
    "SOCK_DESTROY",
};

bool Excluded(std::string_view name) {
  for (std::string_view e : kExcluded) {
    if (name.starts_with(e)) return true;
  }
  return false;
}

// NameOf picks the best name for `value` among those starting with `prefix`.
std::string NameOf(const arch::Arch& a, uint64_t value, std::string_view prefix) {
  std::vector<std::string> names = a.ConstantNames(value, prefix);
  std::string best;
  for (const std::string& n : names) {
    if (Excluded(n)) continue;
    for (std::string_view p : kPreferred) {
      if (n == p) return n;
    }
    if (best.empty()) best = n;
  }
  return best;
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
  return buf;
}

std::string Flags(const arch::Arch& a, uint64_t v, std::string_view prefix) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : "|") + s; };
  if (prefix == "O_") {
    uint64_t acc = v & 3;  // O_ACCMODE: a value, not bits
    std::string name = NameOf(a, acc, "O_");
    add(name.empty() ? Hex(acc) : name);
    v &= ~uint64_t{3};
  }
  uint64_t unknown = 0;
  for (int bit = 0; bit < 64; ++bit) {
    uint64_t b = uint64_t{1} << bit;
    if ((v & b) == 0) continue;
    std::string name = NameOf(a, b, prefix);
    if (name.empty()) {
      unknown |= b;
    } else {
      add(name);
    }
  }
  if (unknown != 0 || out.empty()) add(Hex(unknown));
  return out;
}

std::string Arg(const arch::Arch& a, char kind, uint64_t raw) {
  uint64_t v = a.bits() == 32 ? raw & 0xffffffffu : raw;
  int64_t s = a.bits() == 32 ? static_cast<int32_t>(v) : static_cast<int64_t>(v);
  switch (kind) {
    case 'f':
      if (static_cast<int32_t>(v) == -100) return "AT_FDCWD";
      return std::to_string(static_cast<int32_t>(v));
    case 'p':
      return v == 0 ? "NULL" : Hex(v);
    case 'd':
      return std::to_string(s);
    case 'u':
      return std::to_string(v);
    case 'o': {
      char buf[24];
      std::snprintf(buf, sizeof(buf), "0%" PRIo64, v);
      return buf;
    }
    case 'x':
      return Hex(v);
    case 'R': {
      for (std::string_view prefix : {"TC", "TIOC", "FIO", "FIC", "FS_IOC", "BLK", "SIOC", "NS_"}) {
        std::string name = NameOf(a, v & 0xffffffffu, prefix);
        if (!name.empty()) return name;
      }
      return Hex(v);
    }
    case 'S': {
      std::string out = NameOf(a, v & 0xf, "SOCK_");
      if (out.empty()) out = std::to_string(v & 0xf);
      if ((v & ~uint64_t{0xf}) != 0) out += "|" + Flags(a, v & ~uint64_t{0xf}, "SOCK_");
      return out;
    }
    case 'C': {
      // The low byte of clone's flags is the exit signal.
      std::string out;
      if ((v & ~uint64_t{0xff}) != 0) out = Flags(a, v & ~uint64_t{0xff}, "CLONE_");
      if ((v & 0xff) != 0 || out.empty()) {
        std::string sig = NameOf(a, v & 0xff, "SIG");
        out += (out.empty() ? "" : "|") + (sig.empty() ? std::to_string(v & 0xff) : sig);
      }
      return out;
    }
    default:
      break;
  }
  for (const ConstantKind& k : kKinds) {
    if (k.letter != kind) continue;
    if (k.flags) return Flags(a, v, k.prefix);
    std::string name = NameOf(a, v, k.prefix);
    return name.empty() ? std::to_string(s) : name;
  }
  return Hex(v);
}

const std::unordered_map<std::string_view, std::string_view>& SignatureMap() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, std::string_view>;
    for (const Signature& s : kSignatures) (*m)[s.name] = s.args;
    return m;
  }();
  return *map;
}

}  // namespace

const arch::Arch* ArchForCall(const arch::Arch& native, const seccomp_data& data) {
  uint32_t nr = static_cast<uint32_t>(data.nr);
  if (data.arch == native.audit_arch() && (nr & native.foreign_nr_mask()) == 0) return &native;
  for (const arch::Arch* a : arch::BuiltinArchs()) {
    if (a->audit_arch() != data.arch || a == &native) continue;
    bool foreign_bit = (nr & arch::kX32SyscallBit) != 0;
    if ((a->name() == "x32") == foreign_bit) return a;
  }
  return nullptr;
}

std::string FormatCall(const arch::Arch& native, const seccomp_data& data) {
  const arch::Arch* a = ArchForCall(native, data);
  uint32_t nr = static_cast<uint32_t>(data.nr);
  std::string name = a != nullptr ? std::string(a->SyscallName(nr)) : "";
  std::string out;
  std::string_view sig = "xxxxxx";
  if (name.empty()) {
    out = "syscall_" + Hex(nr);
  } else {
    out = name;
    auto it = SignatureMap().find(name);
    if (it != SignatureMap().end()) sig = it->second;
  }
  if (a != nullptr && a != &native) out += "[" + a->name() + "]";
  const arch::Arch& names = a != nullptr ? *a : native;
  // open's mode means something only when a file may be created.
  if ((name == "open" || name == "openat") && sig.size() >= 3) {
    size_t flags_arg = name == "open" ? 1 : 2;
    uint64_t flags = data.args[flags_arg];
    uint64_t creat = names.Constant("O_CREAT").value_or(0);
    uint64_t tmpfile = names.Constant("O_TMPFILE").value_or(0);
    bool creating = (flags & creat) != 0 || (tmpfile != 0 && (flags & tmpfile) == tmpfile);
    if (!creating) sig = sig.substr(0, flags_arg + 1);
  }
  out += "(";
  for (size_t i = 0; i < sig.size() && i < 6; ++i) {
    if (i > 0) out += ", ";
    out += Arg(names, sig[i], data.args[i]);
  }
  out += ")";
  return out;
}

}  // namespace cordon::sandbox
