#include "cordon/policy/lint.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "cordon/compile/evaluate.h"
#include "cordon/compile/verify.h"

namespace cordon::policy {
namespace {

using compile::FilterIR;
using Args = std::array<uint64_t, compile::kMaxArgs>;

constexpr uint64_t kAllOnes = ~uint64_t{0};

// A dangerous syscall allowed with any arguments opens the hole `why`.
struct Dangerous {
  const char* syscall;
  const char* why;
};

constexpr Dangerous kDangerous[] = {
    {"ptrace", "reads and writes the memory of other processes of the same user"},
    {"process_vm_readv", "reads the memory of other processes of the same user"},
    {"process_vm_writev", "writes the memory of other processes of the same user"},
    {"bpf", "exposes the BPF verifier and JIT, a frequent source of kernel exploits"},
    {"perf_event_open", "exposes perf, a large kernel attack surface that can leak addresses"},
    {"keyctl", "reaches the kernel keyring, which is not namespaced"},
    {"add_key", "reaches the kernel keyring, which is not namespaced"},
    {"request_key", "reaches the kernel keyring, which is not namespaced"},
    {"userfaultfd", "lets an exploit pause the kernel mid-copy to win races"},
    {"kexec_load", "replaces the running kernel"},
    {"kexec_file_load", "replaces the running kernel"},
    {"init_module", "loads code into the kernel"},
    {"finit_module", "loads code into the kernel"},
    {"delete_module", "unloads kernel modules"},
    {"mount", "changes the mount table"},
    {"umount2", "changes the mount table"},
    {"pivot_root", "changes the root of the mount namespace"},
    {"move_mount", "changes the mount table"},
    {"open_tree", "clones mounts"},
    {"fsopen", "creates file system contexts"},
    {"fsmount", "creates mounts"},
    {"fspick", "reconfigures file systems"},
    {"mount_setattr", "changes mount attributes"},
    {"setns", "enters other namespaces"},
    {"open_by_handle_at", "opens files by handle, bypassing the directory tree (a known container escape)"},
    {"iopl", "gives access to I/O ports"},
    {"ioperm", "gives access to I/O ports"},
    {"swapon", "changes system swap"},
    {"swapoff", "changes system swap"},
    {"reboot", "reboots the machine"},
    {"acct", "changes process accounting"},
    {"quotactl", "changes disk quotas"},
    {"settimeofday", "changes the system clock"},
    {"clock_settime", "changes the system clock"},
    {"adjtimex", "changes the system clock"},
};

bool Allows(uint32_t ret) {
  uint32_t a = bpf::ActionOf(ret);
  return a == bpf::kRetAllow || a == bpf::kRetLog;
}

class Linter {
 public:
  Linter(const FilterIR& ir, const LintOptions& options) : ir_(ir), options_(options) {}

  std::vector<Finding> Run();

 private:
  std::optional<uint64_t> Const(const char* name) const { return ir_.arch->Constant(name); }

  // FirstAllowed evaluates `name` with each of `probes` and returns the
  // first probe the policy allows, if any.
  std::optional<seccomp_data> FirstAllowed(const char* name, const std::vector<Args>& probes) const;
  // Report adds a finding located at whatever decided `call`.
  void Report(const char* id, const seccomp_data& call, const std::string& message);
  void CheckDangerous();
  void CheckArgumentFilters();
  void CheckEssentials();
  void CheckRules();

  const FilterIR& ir_;
  const LintOptions& options_;
  std::vector<Finding> findings_;
};

std::optional<seccomp_data> Linter::FirstAllowed(const char* name,
                                                 const std::vector<Args>& probes) const {
  std::optional<uint32_t> nr = ir_.arch->SyscallNumber(name);
  if (!nr) return std::nullopt;
  seccomp_data d{};
  d.arch = ir_.arch->audit_arch();
  d.nr = static_cast<int>(*nr);
  for (const Args& args : probes) {
    std::copy(args.begin(), args.end(), std::begin(d.args));
    if (Allows(compile::Evaluate(ir_, d))) return d;
  }
  return std::nullopt;
}

void Linter::Report(const char* id, const seccomp_data& call, const std::string& message) {
  Finding f;
  f.id = id;
  f.syscall = std::string(ir_.arch->SyscallName(static_cast<uint32_t>(call.nr)));
  if (const compile::Rule* rule = compile::MatchingRule(ir_, call)) {
    f.source = rule->source;
    f.message = message;
  } else {
    f.message = message + " (by the default action)";
  }
  findings_.push_back(std::move(f));
}

void Linter::CheckDangerous() {
  // Zeros, all ones, and small values: an argument filter that admits none
  // of these is doing its job; one that admits them is not.
  const std::vector<Args> any = {Args{}, Args{kAllOnes, kAllOnes, kAllOnes, kAllOnes, kAllOnes, kAllOnes},
                                 Args{1, 1, 1, 1, 1, 1}, Args{16, 1, 0, 0, 0, 0}};
  for (const Dangerous& d : kDangerous) {
    if (auto call = FirstAllowed(d.syscall, any)) {
      Report("dangerous-syscall", *call,
             std::string(d.syscall) + " is allowed without a useful argument filter: it " + d.why);
    }
  }
  if (!options_.execve_needed) {
    for (const char* exec : {"execve", "execveat"}) {
      if (auto call = FirstAllowed(exec, any)) {
        Report("execve-allowed", *call,
               std::string(exec) + " is allowed: the program can run any other program; remove it "
                                   "if the program never needs to exec");
      }
    }
  }
  if (auto call = FirstAllowed("clone3", any)) {
    Report("clone3-allowed", *call,
           "clone3 is allowed, but its flags live in memory where seccomp cannot check them; make "
           "it 'return ENOSYS' so libc falls back to clone, whose flags can be filtered");
  }
}

void Linter::CheckArgumentFilters() {
  auto c = [&](const char* name, uint64_t fallback) { return Const(name).value_or(fallback); };
  const uint64_t tiocsti = c("TIOCSTI", 0x5412);
  const uint64_t tioclinux = c("TIOCLINUX", 0x541c);
  std::vector<Args> ioctl_probes;
  for (uint64_t fd : {0, 1, 2, 3, 255}) {
    ioctl_probes.push_back({fd, tiocsti, 0});
    ioctl_probes.push_back({fd, tioclinux, 0});
  }
  if (auto call = FirstAllowed("ioctl", ioctl_probes)) {
    Report("ioctl-tiocsti", *call,
           "ioctl allows TIOCSTI or TIOCLINUX, which push keystrokes into the controlling terminal; "
           "filter arg1 to the requests the program needs (e.g. arg1 == TCGETS)");
  }

  const uint64_t r = c("PROT_READ", 1), w = c("PROT_WRITE", 2), x = c("PROT_EXEC", 4);
  const uint64_t priv_anon = c("MAP_PRIVATE", 2) | c("MAP_ANONYMOUS", 0x20);
  const uint64_t shared = c("MAP_SHARED", 1);
  std::vector<Args> mmap_probes, mprotect_probes;
  for (uint64_t prot : {w | x, r | w | x}) {
    for (uint64_t flags : {priv_anon, shared, c("MAP_PRIVATE", 2)}) {
      for (uint64_t fd : {kAllOnes, uint64_t{3}}) mmap_probes.push_back({0, 4096, prot, flags, fd, 0});
    }
    mprotect_probes.push_back({0x10000, 4096, prot});
  }
  if (auto call = FirstAllowed("mmap", mmap_probes)) {
    Report("mmap-wx", *call,
           "mmap allows memory that is writable and executable at once; write "
           "arg2 in ~PROT_EXEC || arg2 in ~PROT_WRITE");
  }
  for (const char* name : {"mprotect", "pkey_mprotect"}) {
    if (auto call = FirstAllowed(name, mprotect_probes)) {
      Report("mprotect-wx", *call,
             std::string(name) + " allows making memory writable and executable at once; write "
                                 "arg2 in ~PROT_EXEC || arg2 in ~PROT_WRITE");
    }
  }

  // Families nobody should need: an unused number, and the raw ones.
  std::vector<Args> socket_probes = {{0x7f, 1, 0}, {0xffff, 3, 0}};
  if (auto call = FirstAllowed("socket", socket_probes)) {
    Report("socket-any-family", *call,
           "socket is allowed for any address family (even unused ones); filter arg0 to the "
           "families the program needs (e.g. arg0 == AF_UNIX)");
  } else if (auto raw = FirstAllowed("socket", {{c("AF_PACKET", 17), 3, 0}})) {
    Report("socket-packet", *raw, "socket allows AF_PACKET: raw access to network interfaces");
  }

  std::vector<Args> prctl_probes = {{0x7fff, 0, 0, 0, 0}, {c("PR_SET_MM", 35), 1, 0, 0, 0},
                                    {c("PR_SET_PTRACER", 0x59616d61), kAllOnes, 0, 0, 0}};
  if (auto call = FirstAllowed("prctl", prctl_probes)) {
    Report("prctl-any-option", *call,
           "prctl is allowed without an option filter (even PR_SET_MM and unused options); filter "
           "arg0 to the options the program needs (e.g. arg0 == PR_SET_NAME)");
  }

  const uint64_t ns_flags = c("CLONE_NEWUSER", 0x10000000) | c("CLONE_NEWNS", 0x20000) |
                            c("SIGCHLD", 17);
  if (auto call = FirstAllowed("clone", {{ns_flags, 0, 0, 0, 0}, {c("CLONE_NEWUSER", 0x10000000), 0, 0, 0, 0}})) {
    Report("clone-namespaces", *call,
           "clone allows namespace flags (CLONE_NEWUSER, CLONE_NEWNS, ...), which open kernel "
           "attack surface; filter arg0 (e.g. arg0 & CLONE_THREAD for threads only)");
  }
  if (auto call = FirstAllowed("unshare", {{c("CLONE_NEWUSER", 0x10000000)}, {ns_flags}})) {
    Report("unshare-namespaces", *call,
           "unshare allows new namespaces (CLONE_NEWUSER ...), which open kernel attack surface");
  }
  // Querying (0xffffffff) is harmless; setting flags such as READ_IMPLIES_EXEC is not.
  if (auto call = FirstAllowed("personality", {{c("READ_IMPLIES_EXEC", 0x400000)}, {c("ADDR_NO_RANDOMIZE", 0x40000)}})) {
    Report("personality", *call,
           "personality allows changing the execution domain (READ_IMPLIES_EXEC, "
           "ADDR_NO_RANDOMIZE); allow only the query: arg0 == 0xffffffff");
  }
}

void Linter::CheckEssentials() {
  if (Allows(ir_.default_action)) return;  // a denylist
  for (const char* name : {"exit_group", "rt_sigreturn", "restart_syscall"}) {
    std::optional<uint32_t> nr = ir_.arch->SyscallNumber(name);
    if (!nr) continue;
    seccomp_data d{};
    d.arch = ir_.arch->audit_arch();
    d.nr = static_cast<int>(*nr);
    if (Allows(compile::Evaluate(ir_, d))) continue;
    Finding f;
    f.id = "missing-essential";
    f.syscall = name;
    f.message = std::string(name) + " is not allowed: " +
                (std::string(name) == "exit_group"
                     ? "the program is killed when it exits"
                     : std::string(name) == "rt_sigreturn"
                           ? "the program is killed when it returns from a signal handler"
                           : "the program is killed when the kernel restarts an interrupted call");
    findings_.push_back(std::move(f));
  }
}

bool ClauseSatisfiable(const compile::Clause& clause, int bits) {
  for (int a = 0; a < compile::kMaxArgs; ++a) {
    std::vector<uint64_t> candidates = {0};
    bool constrained = false;
    for (const compile::Cmp& cmp : clause) {
      if (cmp.arg != a) continue;
      constrained = true;
      std::vector<uint64_t> v = compile::InterestingValues(cmp, bits);
      candidates.insert(candidates.end(), v.begin(), v.end());
    }
    if (!constrained) continue;
    bool found = false;
    for (uint64_t value : candidates) {
      bool all = true;
      for (const compile::Cmp& cmp : clause) {
        if (cmp.arg == a && !compile::CmpHolds(cmp, value, bits)) all = false;
      }
      if (all) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

std::string Where(const compile::SourceRef& s) {
  return s.file + ":" + std::to_string(s.line);
}

void Linter::CheckRules() {
  for (const auto& [nr, rules] : ir_.syscalls) {
    const std::string name(ir_.arch->SyscallName(nr));
    for (size_t i = 0; i < rules.size(); ++i) {
      const compile::Rule& rule = rules[i];
      auto add = [&](const char* id, const std::string& message) {
        findings_.push_back(Finding{id, LintSeverity::kWarning, name, rule.source, message});
      };
      bool reported = false;
      for (size_t j = 0; j < i && !reported; ++j) {
        if (rules[j].when == rule.when && rules[j].action == rule.action) {
          add("duplicate-rule", "this filter for " + name + " repeats the one at " +
                                    Where(rules[j].source));
          reported = true;
        }
      }
      for (size_t k = 0; k < rule.when.size() && !reported; ++k) {
        const compile::Clause& clause = rule.when[k];
        if (!ClauseSatisfiable(clause, ir_.arch->bits())) {
          add("never-matches", "a condition of this filter for " + name +
                                   " can never hold (its comparisons contradict each other)");
          reported = true;
          continue;
        }
        for (size_t j = 0; j < i && !reported; ++j) {
          for (const compile::Clause& earlier : rules[j].when) {
            if (earlier == clause) {
              add("shadowed", "a condition of this filter for " + name +
                                  " never decides: the filter at " + Where(rules[j].source) +
                                  " has the same condition and comes first");
              reported = true;
              break;
            }
          }
        }
      }
    }
  }
}

std::vector<Finding> Linter::Run() {
  CheckDangerous();
  CheckArgumentFilters();
  CheckEssentials();
  CheckRules();
  std::stable_sort(findings_.begin(), findings_.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.source.file, a.source.line, a.source.column) <
           std::tie(b.source.file, b.source.line, b.source.column);
  });
  return findings_;
}

}  // namespace

std::vector<Finding> Lint(const FilterIR& ir, const LintOptions& options) {
  return Linter(ir, options).Run();
}

std::vector<std::pair<std::string, std::string>> LintIds() {
  return {
      {"dangerous-syscall", "a syscall that opens kernel attack surface is allowed unfiltered"},
      {"execve-allowed", "execve/execveat allowed (reported unless the program needs it)"},
      {"clone3-allowed", "clone3 allowed: its flags cannot be filtered; return ENOSYS"},
      {"ioctl-tiocsti", "ioctl allows TIOCSTI/TIOCLINUX (terminal keystroke injection)"},
      {"mmap-wx", "mmap allows writable and executable memory at once"},
      {"mprotect-wx", "mprotect/pkey_mprotect allow writable and executable at once"},
      {"socket-any-family", "socket allowed without an address-family filter"},
      {"socket-packet", "socket allows AF_PACKET"},
      {"prctl-any-option", "prctl allowed without an option filter"},
      {"clone-namespaces", "clone allows namespace flags"},
      {"unshare-namespaces", "unshare allows new namespaces"},
      {"personality", "personality allows more than the query"},
      {"missing-essential", "exit_group, rt_sigreturn or restart_syscall is not allowed"},
      {"duplicate-rule", "a filter repeats an earlier one"},
      {"never-matches", "a filter's condition can never hold"},
      {"shadowed", "a filter's condition is decided by an earlier filter"},
  };
}

}  // namespace cordon::policy
