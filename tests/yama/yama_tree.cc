// yama_tree: the Yama demonstration tree of the kernel security talk, built
// from real processes, and the outcome of every attach attempt, one line each.
// Statically linked so that it runs unchanged in the test VM's initramfs.
//
//   root (this program, uid 0: the talk's systemd)
//   |-daemon                  uid 1001 (--daemon-uid)
//   |-shell-a                 uid 1000 (--uid)
//   |   |-secret
//   |   `-gdb
//   |       `-program
//   `-shell-b                 uid 1000
//       |-crashing-program
//       |   `-evil-attacker
//       `-crash-handler
//
//   $ yama_tree                      # must start as root; the tree drops uids
//   # yama_tree: kernel.yama.ptrace_scope=1
//   evil-attacker -> secret PTRACE_ATTACH: EPERM
//   gdb -> program PTRACE_ATTACH: ok
//   ...
//
// Each line is "<actor> -> <target> <attempt>: <outcome>" or
// "<actor> <call>: <outcome>"; the outcome is "ok", "accepted" or an errno
// name. Lines starting with '#' are comments. The steps run one at a time in
// a fixed order: root sends each step to the process that performs it
// through that process's command pipe and waits for its report on a shared
// report pipe, so no step depends on timing.
//
// Two helpers for the VM test's permission checks:
//   yama_tree run-as UID PROGRAM [ARGS...]            exec as UID (no caps)
//   yama_tree without-cap-sys-ptrace PROGRAM [ARGS...] exec as root minus
//                                                      CAP_SYS_PTRACE
//
// Exit status: 0 when every step ran (whatever the outcomes), 2 on a usage
// error, 3 when the tree could not be built (not root, fork failed).
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cordon/yama/probes.h"

namespace {

using cordon::yama::kPrSetPtracer;

enum Role : int32_t {
  kRoot,
  kDaemon,
  kShellA,
  kSecret,
  kGdb,
  kProgram,
  kShellB,
  kCrashingProgram,
  kEvilAttacker,
  kCrashHandler,
  kRoleCount,
};

constexpr const char* kRoleNames[kRoleCount] = {
    "root",    "daemon",  "shell-a",          "secret",        "gdb",
    "program", "shell-b", "crashing-program", "evil-attacker", "crash-handler"};

// kParent is each role's parent in the tree.
constexpr Role kParent[kRoleCount] = {kRoot, kRoot, kRoot,   kShellA,          kShellA,
                                      kGdb,  kRoot, kShellB, kCrashingProgram, kShellB};

enum class Op : int32_t { kAttach, kSeize, kVmRead, kSetPtracer, kCordonProbe, kTraceMe };

// Command goes from root to the role that acts; Report comes back. Both are
// far below PIPE_BUF, so each write is atomic on the shared report pipe.
struct Command {
  Op op;
  int32_t target_pid;  // attach/seize/read target, or PR_SET_PTRACER's argument
};
struct Report {
  int32_t role;
  int32_t pid;
  int32_t err;  // 0: success
  int32_t accepted;
};

// The word process_vm_readv reads: at the same address in every process of
// the tree, since all are forks of this one.
volatile uint64_t g_secret_word = 0x5ec2e75ec2e75ec2ULL;

struct Tree {
  uid_t uid = 1000;
  uid_t daemon_uid = 1001;
  int commands[kRoleCount][2] = {};  // root writes [1]; the role reads [0]
  int reports[2] = {};               // roles write [1]; root reads [0]
  pid_t pids[kRoleCount] = {};
};

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "yama_tree: %s: %s\n", what, std::strerror(errno));
  std::exit(3);
}

bool ReadFull(int fd, void* buf, size_t size) {
  auto* p = static_cast<char*>(buf);
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

void WriteFull(int fd, const void* buf, size_t size) {
  const auto* p = static_cast<const char*>(buf);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);
    p += n;
    size -= static_cast<size_t>(n);
  }
}

std::string Outcome(int err) {
  if (err == 0) return "ok";
  const char* name = strerrorname_np(err);
  return name != nullptr ? name : "errno " + std::to_string(err);
}

// WaitStopped waits until the tracee `pid` is in a ptrace-stop.
int WaitStopped(pid_t pid) {
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid, &status, __WALL);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return errno;
    if (WIFSTOPPED(status)) return 0;
    if (WIFEXITED(status) || WIFSIGNALED(status)) return ESRCH;
  }
}

// Attach: PTRACE_ATTACH, wait for the attach SIGSTOP, detach suppressing it.
int Attach(pid_t pid) {
  if (ptrace(PTRACE_ATTACH, pid, nullptr, nullptr) != 0) return errno;
  if (int err = WaitStopped(pid); err != 0) return err;
  if (ptrace(PTRACE_DETACH, pid, nullptr, nullptr) != 0) return errno;
  return 0;
}

// Seize: PTRACE_SEIZE (no stop), then interrupt so that it can be detached.
int Seize(pid_t pid) {
  if (ptrace(PTRACE_SEIZE, pid, nullptr, nullptr) != 0) return errno;
  if (ptrace(PTRACE_INTERRUPT, pid, nullptr, nullptr) != 0) return errno;
  if (int err = WaitStopped(pid); err != 0) return err;
  if (ptrace(PTRACE_DETACH, pid, nullptr, nullptr) != 0) return errno;
  return 0;
}

// VmRead reads g_secret_word from `pid`; EIO if it read something else.
int VmRead(pid_t pid) {
  uint64_t word = 0;
  iovec local{&word, sizeof(word)};
  iovec remote{const_cast<uint64_t*>(&g_secret_word), sizeof(word)};
  ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
  if (n < 0) return errno;
  return n == sizeof(word) && word == g_secret_word ? 0 : EIO;
}

Report Perform(const Command& c) {
  Report r{};
  r.pid = getpid();
  switch (c.op) {
    case Op::kAttach:
      r.err = Attach(c.target_pid);
      break;
    case Op::kSeize:
      r.err = Seize(c.target_pid);
      break;
    case Op::kVmRead:
      r.err = VmRead(c.target_pid);
      break;
    case Op::kSetPtracer:
      r.err = prctl(kPrSetPtracer, static_cast<unsigned long>(c.target_pid), 0UL, 0UL, 0UL) == 0
                  ? 0
                  : errno;
      break;
    case Op::kCordonProbe: {
      // What `cordon yama status` does: the exception set just before must
      // still be there afterwards (the next step checks).
      cordon::Result<bool> accepted = cordon::yama::LiveYamaProbes()->PtracerPrctlAccepted();
      r.err = accepted.ok() ? 0 : accepted.status().sys_errno();
      r.accepted = accepted.ok() && *accepted;
      break;
    }
    case Op::kTraceMe:
      r.err = ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) == 0 ? 0 : errno;
      break;
  }
  return r;
}

void DropTo(uid_t uid) {
  if (setgroups(0, nullptr) != 0 || setresgid(uid, uid, uid) != 0 ||
      setresuid(uid, uid, uid) != 0) {
    Die("drop privileges");
  }
  // A uid change makes a process undumpable, which would deny every attach
  // for a reason that is not Yama's: undo it, as a shell's exec would.
  if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) Die("PR_SET_DUMPABLE");
}

[[noreturn]] void RunRole(Tree& tree, Role role, pid_t parent);

// Spawn forks the children of `role` in the tree. The forked processes never
// exec: this program is single-threaded, so they may use the whole runtime.
void Spawn(Tree& tree, Role role) {
  for (int child = 0; child < kRoleCount; ++child) {
    if (child == kRoot || kParent[child] != role) continue;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) Die("fork");
    if (pid == 0) RunRole(tree, static_cast<Role>(child), parent);
  }
}

[[noreturn]] void RunRoleLoop(Tree& tree, Role role) {
  Report ready{role, getpid(), 0, 0};
  WriteFull(tree.reports[1], &ready, sizeof(ready));
  Command c{};
  while (ReadFull(tree.commands[role][0], &c, sizeof(c))) {
    Report r = Perform(c);
    r.role = role;
    WriteFull(tree.reports[1], &r, sizeof(r));
  }
  // Root closed the command pipes: reap the children, then leave.
  while (wait(nullptr) > 0 || errno == EINTR) {
  }
  _exit(0);
}

[[noreturn]] void RunRole(Tree& tree, Role role, pid_t parent) {
  // Only root writes commands and reads reports.
  for (int r = 0; r < kRoleCount; ++r) {
    if (tree.commands[r][1] >= 0) close(tree.commands[r][1]);
    tree.commands[r][1] = -1;
  }
  close(tree.reports[0]);
  if (role == kDaemon) DropTo(tree.daemon_uid);
  if (role == kShellA || role == kShellB) DropTo(tree.uid);
  prctl(PR_SET_NAME, kRoleNames[role], 0, 0, 0);
  // Die with the parent (set after the uid change, which clears it).
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || getppid() != parent) _exit(3);
  Spawn(tree, role);
  RunRoleLoop(tree, role);
}

class Driver {
 public:
  explicit Driver(Tree& tree) : tree_(tree) {}

  // Step asks `actor` to perform `op` on `target` and prints the line.
  void Step(Role actor, Op op, Role target, const std::string& label) {
    Report r = Ask(actor, op, tree_.pids[target]);
    Print(label, r);
  }
  // StepProbe asks `actor` to run cordon's PR_SET_PTRACER probe.
  void StepProbe(Role actor, const std::string& label) {
    Print(label, Ask(actor, Op::kCordonProbe, 0), /*probe=*/true);
  }
  // StepArg is Step with a raw PR_SET_PTRACER argument.
  void StepArg(Role actor, Op op, int32_t arg, const std::string& label) {
    Print(label, Ask(actor, op, arg));
  }

 private:
  Report Ask(Role actor, Op op, int32_t arg) {
    Command c{op, arg};
    if (actor == kRoot) return Perform(c);
    WriteFull(tree_.commands[actor][1], &c, sizeof(c));
    Report r{};
    if (!ReadFull(tree_.reports[0], &r, sizeof(r)) || r.role != actor) {
      std::fprintf(stderr, "yama_tree: no report from %s\n", kRoleNames[actor]);
      std::exit(3);
    }
    return r;
  }

  void Print(const std::string& label, const Report& r, bool probe = false) {
    std::string outcome = Outcome(r.err);
    // The probe itself succeeds either way; its answer is the outcome.
    if (probe && r.err == 0) outcome = r.accepted ? "accepted" : "EINVAL";
    std::printf("%s: %s\n", label.c_str(), outcome.c_str());
    std::fflush(stdout);
  }

  Tree& tree_;
};

std::string ScopeComment() {
  FILE* f = std::fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
  if (f == nullptr) return "# yama_tree: no kernel.yama.ptrace_scope (no Yama)";
  int scope = -1;
  if (std::fscanf(f, "%d", &scope) != 1) scope = -1;
  std::fclose(f);
  return "# yama_tree: kernel.yama.ptrace_scope=" + std::to_string(scope);
}

int RunTree(Tree& tree) {
  if (geteuid() != 0) {
    std::fprintf(stderr, "yama_tree: must start as root (it drops to uids %u and %u)\n", tree.uid,
                 tree.daemon_uid);
    return 3;
  }
  for (auto& p : tree.commands) {
    if (pipe2(p, O_CLOEXEC) != 0) Die("pipe");
  }
  if (pipe2(tree.reports, O_CLOEXEC) != 0) Die("pipe");
  // Never hang: SIGALRM kills root, and PR_SET_PDEATHSIG the rest.
  alarm(60);
  tree.pids[kRoot] = getpid();
  prctl(PR_SET_NAME, "root", 0, 0, 0);
  Spawn(tree, kRoot);
  close(tree.reports[1]);
  for (int ready = 1; ready < kRoleCount; ++ready) {
    Report r{};
    if (!ReadFull(tree.reports[0], &r, sizeof(r)) || r.role <= kRoot || r.role >= kRoleCount) {
      std::fprintf(stderr, "yama_tree: the tree did not start\n");
      return 3;
    }
    tree.pids[r.role] = r.pid;
  }

  std::printf("%s\n", ScopeComment().c_str());
  Driver d(tree);
  // Same uid, not a descendant: Yama's reason to exist.
  d.Step(kEvilAttacker, Op::kAttach, kSecret, "evil-attacker -> secret PTRACE_ATTACH");
  d.Step(kEvilAttacker, Op::kSeize, kSecret, "evil-attacker -> secret PTRACE_SEIZE");
  d.Step(kEvilAttacker, Op::kVmRead, kSecret, "evil-attacker -> secret process_vm_readv");
  // A debugger and the program it started.
  d.Step(kGdb, Op::kAttach, kProgram, "gdb -> program PTRACE_ATTACH");
  d.Step(kGdb, Op::kVmRead, kProgram, "gdb -> program process_vm_readv");
  // A crash handler, before and after the program names it.
  d.Step(kCrashHandler, Op::kAttach, kCrashingProgram,
         "crash-handler -> crashing-program PTRACE_ATTACH before PR_SET_PTRACER");
  d.Step(kCrashingProgram, Op::kSetPtracer, kCrashHandler,
         "crashing-program PR_SET_PTRACER crash-handler");
  d.Step(kCrashHandler, Op::kAttach, kCrashingProgram,
         "crash-handler -> crashing-program PTRACE_ATTACH after PR_SET_PTRACER");
  d.Step(kCrashHandler, Op::kVmRead, kCrashingProgram,
         "crash-handler -> crashing-program process_vm_readv after PR_SET_PTRACER");
  d.Step(kEvilAttacker, Op::kAttach, kCrashingProgram,
         "evil-attacker -> crashing-program PTRACE_ATTACH after PR_SET_PTRACER crash-handler");
  // cordon's probe must leave the exception alone; a direct prctl(0) clears it.
  d.StepProbe(kCrashingProgram, "crashing-program cordon yama probe");
  d.Step(kCrashHandler, Op::kAttach, kCrashingProgram,
         "crash-handler -> crashing-program PTRACE_ATTACH after cordon yama probe");
  d.StepArg(kCrashingProgram, Op::kSetPtracer, 0, "crashing-program PR_SET_PTRACER 0");
  d.Step(kCrashHandler, Op::kAttach, kCrashingProgram,
         "crash-handler -> crashing-program PTRACE_ATTACH after PR_SET_PTRACER 0");
  // Another uid: the classic rule already says no.
  d.Step(kEvilAttacker, Op::kAttach, kDaemon, "evil-attacker -> daemon PTRACE_ATTACH");
  d.Step(kEvilAttacker, Op::kVmRead, kDaemon, "evil-attacker -> daemon process_vm_readv");
  // CAP_SYS_PTRACE.
  d.Step(kRoot, Op::kAttach, kSecret, "root -> secret PTRACE_ATTACH");
  // Last, since it leaves program traced by gdb: PTRACE_TRACEME.
  d.Step(kProgram, Op::kTraceMe, kGdb, "program PTRACE_TRACEME (tracer gdb)");

  for (auto& p : tree.commands) close(p[1]);
  while (wait(nullptr) > 0 || errno == EINTR) {
  }
  return 0;
}

[[noreturn]] void ExecAs(uid_t uid, char** argv) {
  if (setgroups(0, nullptr) != 0 || setresgid(uid, uid, uid) != 0 ||
      setresuid(uid, uid, uid) != 0) {
    Die("drop privileges");
  }
  execv(argv[0], argv);
  Die(argv[0]);
}

[[noreturn]] void ExecWithoutCapSysPtrace(char** argv) {
  // Out of the bounding set, so execve as root no longer grants it.
  if (prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0) != 0) Die("PR_CAPBSET_DROP");
  execv(argv[0], argv);
  Die(argv[0]);
}

constexpr char kUsage[] =
    "usage: yama_tree [--uid N] [--daemon-uid N]\n"
    "       yama_tree run-as UID PROGRAM [ARGS...]\n"
    "       yama_tree without-cap-sys-ptrace PROGRAM [ARGS...]\n";

bool ParseUid(const char* text, uid_t* out) {
  char* end = nullptr;
  errno = 0;
  unsigned long v = std::strtoul(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v == 0 || v > 65534) return false;
  *out = static_cast<uid_t>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Tree tree;
  if (argc >= 3 && std::strcmp(argv[1], "run-as") == 0) {
    uid_t uid = 0;
    if (argc < 4 || !ParseUid(argv[2], &uid)) {
      std::fputs(kUsage, stderr);
      return 2;
    }
    ExecAs(uid, argv + 3);
  }
  if (argc >= 3 && std::strcmp(argv[1], "without-cap-sys-ptrace") == 0) {
    ExecWithoutCapSysPtrace(argv + 2);
  }
  for (int i = 1; i < argc; ++i) {
    bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--uid") == 0 && has_value && ParseUid(argv[i + 1], &tree.uid)) {
      ++i;
    } else if (std::strcmp(argv[i], "--daemon-uid") == 0 && has_value &&
               ParseUid(argv[i + 1], &tree.daemon_uid)) {
      ++i;
    } else {
      std::fputs(kUsage, stderr);
      return 2;
    }
  }
  if (tree.uid == tree.daemon_uid) {
    std::fputs("yama_tree: --uid and --daemon-uid must differ\n", stderr);
    return 2;
  }
  return RunTree(tree);
}
