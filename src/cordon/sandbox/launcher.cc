#include "cordon/sandbox/launcher.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cordon/sandbox/pidfd.h"

#include <climits>
#include <cstring>

#include "cordon/arch/arch.h"
#include "cordon/sandbox/caps.h"
#include "cordon/sandbox/deterministic.h"
#include "cordon/sandbox/ids.h"
#include "cordon/sandbox/init.h"
#include "cordon/sandbox/launch_internal.h"
#include "cordon/sandbox/namespaces.h"
#include "cordon/sandbox/no_new_privs.h"
#include "cordon/sandbox/rlimits.h"
#include "cordon/sandbox/seccomp_install.h"
#include "cordon/sandbox/wire.h"

#ifndef CORDON_PRELOAD_RELPATH
#error "CORDON_PRELOAD_RELPATH must name the preload library relative to the binary's directory"
#endif

extern char** environ;

namespace cordon::sandbox {
namespace internal {
namespace {

// ---- child side: nothing below allocates until the next marker ----

[[noreturn]] void Fail(const ChildPlan& p, SetupError e) {
  wire::ChildReport r = {wire::kReportSetupFailed, e.step, e.err, e.index, 0};
  send(p.sync_fd, &r, sizeof(r), MSG_NOSIGNAL);
  int code = ExitCodeForStage(StageOf(e.step));
  if (StageOf(e.step) == Stage::kExec) code = e.err == ENOENT ? kExitNotFound : kExitCannotExecute;
  _exit(code);
}

void Check(const ChildPlan& p, SetupError e) {
  if (e.failed()) Fail(p, e);
}

// ParentGone: cordon's end of the report socket hung up (cordon died
// before our parent-death signal was armed).
bool ParentGone(const ChildPlan& p) {
  pollfd fd = {p.sync_fd, 0, 0};
  return poll(&fd, 1, 0) > 0 && (fd.revents & (POLLHUP | POLLERR)) != 0;
}

void DieWithParent(const ChildPlan& p) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) Fail(p, SetupError::Errno(kStepParentDeath));
  if (ParentGone(p)) _exit(kExitInternal);
}

void Report(const ChildPlan& p, uint32_t kind) {
  wire::ChildReport r = {kind, 0, 0, -1, 0};
  send(p.sync_fd, &r, sizeof(r), MSG_NOSIGNAL);
}

// RawFork is fork(2) without glibc's fork handlers, which must not run in
// a process that clone(2) made and that may share cordon's memory.
pid_t RawFork() { return static_cast<pid_t>(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0)); }

// PreflightSeccomp fails now, with a message naming the cause, when the
// filter could not be installed later, or when the dynamic loader would
// skip the preload library (and so run the program unconfined).
void PreflightSeccomp(const ChildPlan& p, int program_fd) {
  if (p.placement == Placement::kNone) return;
  if (!NoNewPrivs()) {
    bool admin = p.placement == Placement::kBeforeExec ? HasEffectiveCapability(CAP_SYS_ADMIN)
                                                       : SysAdminAfterExec();
    if (!admin) Fail(p, SetupError::Of(kStepSeccompNeedsNnp, EACCES));
  }
  if (p.placement != Placement::kPreload) return;
  int lib = open(p.preload_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (lib < 0) Fail(p, SetupError::Errno(kStepPreloadUnreadable));
  struct statvfs vfs;
  bool noexec = fstatvfs(lib, &vfs) == 0 && (vfs.f_flag & ST_NOEXEC) != 0;
  close(lib);
  if (noexec) Fail(p, SetupError::Of(kStepPreloadNoexec, EACCES));
  struct stat st;
  if (!NoNewPrivs() && fstat(program_fd, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)) != 0) {
    Fail(p, SetupError::Of(kStepPreloadSetid, EPERM));
  }
}

}  // namespace

// The child's checklist. The order is forced by the kernel's rules:
//  - setting up namespaces' contents and mounts needs capabilities that the
//    id and capability steps drop, so those come first;
//  - bind sources are paths of the old root, so mounts happen before
//    pivot_root, and /proc can be mounted for the new pid namespace only
//    from inside it (we are its pid 1);
//  - the uid change clears the parent-death signal and, without keepcaps,
//    the capabilities: bounding set before it, the other sets after it;
//  - Landlock and seccomp need no_new_privs (or CAP_SYS_ADMIN); Landlock's
//    paths must be resolved in the final root, and its syscalls may be
//    refused by the policy, so it comes before seccomp;
//  - seccomp is last: after it the policy decides every call, so for a
//    static program only execve may follow.
void RunChild(const ChildPlan& p) {
  const LaunchSpec& spec = *p.spec;
  // 1. Never outlive cordon. (Our copies of cordon's socket ends go first,
  //    or cordon's death would not be seen as a hang-up.)
  for (int fd : p.parent_ends) close(fd);
  DieWithParent(p);
  // 2. In a new user namespace we are nobody until the parent writes our
  //    uid/gid maps; it sends one byte when done.
  if (p.user_ns) {
    char go = 0;
    if (read(p.sync_fd, &go, 1) != 1) _exit(kExitNamespaces);
  }
  // 3. The new namespaces' contents, while we hold every capability in them.
  if (p.loopback) Check(p, BringUpLoopback());
  if (p.hostname != nullptr) Check(p, SetHostname(p.hostname));
  // 4. Resource limits: raising a hard limit needs CAP_SYS_RESOURCE.
  Check(p, ApplyRlimits(spec.rlimits));
  // 5. Mounts, the new root, /proc.
  Check(p, ApplyMounts(p.mounts));
  // 6. Open the program as the sandbox sees it and check it is the kind the
  //    parent planned the filter's placement for; it is executed through
  //    this descriptor, so it cannot be swapped afterwards.
  // (O_NONBLOCK: a FIFO swapped in must not stall us, and cordon with us.)
  int program_fd = open(p.target.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (program_fd < 0) Fail(p, SetupError::Errno(kStepOpenProgram));
  if (program_fd < p.fds.internal_floor) {  // out of the way of passed descriptors
    int moved = fcntl(program_fd, F_DUPFD_CLOEXEC, p.fds.internal_floor);
    if (moved < 0) Fail(p, SetupError::Errno(kStepOpenProgram));
    close(program_fd);
    program_fd = moved;
  }
  ElfInfo elf = InspectElf(program_fd);
  struct stat program_st;
  if (fstat(program_fd, &program_st) != 0 || !S_ISREG(program_st.st_mode) ||
      elf.kind != p.target.elf.kind || elf.machine != p.target.elf.machine) {
    Fail(p, SetupError::Of(kStepProgramChanged, ESTALE));
  }
  // 7. -p: this process stays as pid 1 (init) and forks the program, which
  //    alone takes the per-process restrictions below.
  if (p.pid_init) {
    sigset_t block = p.forwarded;
    sigaddset(&block, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &block, nullptr) != 0) Fail(p, SetupError::Errno(kStepInitSignals));
    pid_t program = RawFork();
    if (program < 0) Fail(p, SetupError::Errno(kStepInitFork));
    if (program > 0) RunInit(program, p.sync_fd, p.forwarded);
    DieWithParent(p);
    Report(p, wire::kReportProgramStarted);  // cordon learns our pid from the credentials
  }
  // 8. Descriptors: 0, 1, 2, --preserve-fd and the preload's survive exec.
  Check(p, ArrangeFds(p.fds, p.passed_sources));
  if (sigprocmask(SIG_SETMASK, &p.original_mask, nullptr) != 0) {
    Fail(p, SetupError::Errno(kStepSigmask));
  }
  // 9. Ids and capabilities.
  const Credentials& creds = spec.creds;
  if (creds.caps) Check(p, DropBoundingSet(*creds.caps, p.last_cap));
  Check(p, ApplyIds(creds, creds.caps.has_value(), p.can_setgroups));
  if (creds.caps) Check(p, SetCapabilities(*creds.caps, creds.ambient, p.last_cap));
  if (creds.uid || creds.gid) DieWithParent(p);  // the id change cleared it
  // 10. Personality.
  if (spec.deterministic) Check(p, DisableAddressRandomization());
  // 11. no_new_privs.
  if (spec.no_new_privs) Check(p, SetNoNewPrivs());
  // 12. Landlock.
  Check(p, ApplyLandlock(p.landlock));
  // 13. Fail now rather than let seccomp or the loader fail (or skip) later.
  PreflightSeccomp(p, program_fd);
  // 14. Seccomp, then exec.
  if (p.placement == Placement::kBeforeExec) {
    Check(p, InstallFilter(p.fprog, p.listener, p.notify_fd));
    execve(p.target.path.c_str(), p.argv_ptrs.data(), p.envp_ptrs.data());
    Fail(p, SetupError::Errno(kStepExec));
  }
  syscall(SYS_execveat, program_fd, "", p.argv_ptrs.data(), p.envp_ptrs.data(), AT_EMPTY_PATH);
  Fail(p, SetupError::Errno(kStepExec));
}

// ---- parent side ----

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan cannot follow a child onto a stack of its own
#else
constexpr bool kSanitized = false;
#endif

int ChildMain(void* plan) { RunChild(*static_cast<const ChildPlan*>(plan)); }

// StartChild clones the child into the namespaces `ns_flags` names. With
// `vfork` it shares our memory and runs on a stack of its own until it execs
// (RunChild needs a few KiB; InspectElf's buffer is the largest frame) while
// we sleep; otherwise it is a copy of this process, as after fork, and
// continues on its copy of this stack. Returns the pid, or -1 with errno.
long StartChild(const ChildPlan& plan, uint64_t ns_flags, bool vfork, int* pidfd) {
  if (vfork) {
    constexpr size_t kStackSize = 256 * 1024;
    void* stack = mmap(nullptr, kStackSize, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    int flags = static_cast<int>(ns_flags) | CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD;
    long pid = clone(ChildMain, static_cast<char*>(stack) + kStackSize, flags,
                     const_cast<ChildPlan*>(&plan), pidfd);
    int saved = errno;
    munmap(stack, kStackSize);  // the child has exec'd or exited
    errno = saved;
    return pid;
  }
  clone_args args;
  std::memset(&args, 0, sizeof(args));
  args.flags = ns_flags | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uint64_t>(pidfd);
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid == 0) RunChild(plan);
  return pid;
}

LaunchOutcome SetupFailure(Stage stage, const std::string& message, int exit_code = 0) {
  LaunchOutcome o;
  o.kind = LaunchOutcome::Kind::kSetupFailed;
  o.stage = stage;
  o.exit_code = exit_code != 0 ? exit_code : ExitCodeForStage(stage);
  o.message = message;
  return o;
}

LaunchOutcome FromStatus(Stage stage, const Status& s) { return SetupFailure(stage, s.message()); }

Status MakeSocketPair(UniqueFd* parent_end, UniqueFd* child_end) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return ErrnoStatus(errno, "socketpair");
  }
  parent_end->Reset(sv[0]);
  child_end->Reset(sv[1]);
  int on = 1;
  if (setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) != 0) {
    return ErrnoStatus(errno, "setsockopt SO_PASSCRED");
  }
  return OkStatus();
}

}  // namespace
}  // namespace internal

Result<std::string> FindPreloadLibrary() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) return ErrnoStatus(errno, "readlink /proc/self/exe");
  // The kernel's path of the binary has no symlinks, so "../" can be
  // resolved by text (realpath would cost a readlink per component).
  std::string path(exe, static_cast<size_t>(n));
  path.resize(path.rfind('/'));
  std::string rel = CORDON_PRELOAD_RELPATH;
  while (rel.starts_with("../")) {
    rel.erase(0, 3);
    path.resize(path.rfind('/'));
  }
  path += "/" + rel;
  if (access(path.c_str(), R_OK) != 0) {
    return NotFound("cordon's preload library is missing: " + path + " (" + ErrnoName(errno) + ")");
  }
  return path;
}

LaunchOutcome Launch(const LaunchSpec& spec, const LaunchHooks& hooks) {
  using namespace internal;
  ChildPlan plan;
  plan.spec = &spec;
  if (spec.argv.empty()) return SetupFailure(Stage::kInternal, "no program to run");
  const Namespaces& ns = spec.ns;
  bool pid_ns = ns.pid || ns.program_is_init;
  plan.user_ns = ns.user;
  plan.pid_init = pid_ns && !ns.program_is_init;
  plan.loopback = ns.net && ns.net_ns_path.empty();
  plan.hostname = ns.uts && !ns.hostname.empty() ? ns.hostname.c_str() : nullptr;
  // Without CAP_SETGID outside, the parent writes "deny" to setgroups.
  plan.can_setgroups = !ns.user || geteuid() == 0;
  if (spec.creds.caps) plan.last_cap = LastCapability();

  Result<MountPlan> mounts = PlanMounts(spec.mounts, ns.mount, pid_ns);
  if (!mounts.ok()) return FromStatus(Stage::kMounts, mounts.status());
  plan.mounts = std::move(*mounts);
  Result<LandlockPlan> landlock = PlanLandlock(spec.landlock);
  if (!landlock.ok()) return FromStatus(Stage::kLandlock, landlock.status());
  plan.landlock = std::move(*landlock);

  // The environment first: PATH decides where the program is found.
  std::vector<std::string> extra;
  if (spec.deterministic) {
    const char* tunables = spec.env.reset ? nullptr : getenv("GLIBC_TUNABLES");
    for (const auto& [name, value] : spec.env.add) {
      if (name == "GLIBC_TUNABLES") tunables = value.c_str();
    }
    extra.push_back("GLIBC_TUNABLES=" + PerturbTunables(tunables));
  }
  std::vector<std::string> env = BuildEnvironment(spec.env, environ, extra);
  Result<ExecTarget> target = ResolveExecTarget(spec.argv, ViewOf(plan.mounts), env);
  if (!target.ok()) {
    bool missing = target.status().code() == Code::kNotFound;
    return SetupFailure(Stage::kExec, target.status().message(),
                        missing ? kExitNotFound : kExitCannotExecute);
  }
  plan.target = std::move(*target);

  const Seccomp& seccomp = spec.seccomp;
  if (seccomp.program) {
    if (!plan.target.elf.native()) {
      return SetupFailure(Stage::kPolicy,
                          plan.target.path + " is not a " + arch::NativeArch().name() +
                              " program; cordon's filter and preload library are built for " +
                              arch::NativeArch().name() + " only");
    }
    bool is_static = plan.target.elf.kind == ElfKind::kStatic;
    plan.placement =
        is_static || seccomp.before_exec ? Placement::kBeforeExec : Placement::kPreload;
    plan.listener = seccomp.listener;
    plan.fprog = seccomp.program->fprog();
  }
  if (hooks.on_plan) {
    Status s = hooks.on_plan(plan.target, plan.placement);
    if (!s.ok()) return FromStatus(Stage::kPolicy, s);
  }
  if (plan.listener && !hooks.decide) {
    return SetupFailure(Stage::kInternal, "a seccomp listener needs LaunchHooks::decide");
  }

  Started started;
  UniqueFd child_sync, child_notify, payload;
  if (Status s = MakeSocketPair(&started.sync, &child_sync); !s.ok()) {
    return FromStatus(Stage::kInternal, s);
  }
  if (plan.listener) {
    if (Status s = MakeSocketPair(&started.notify, &child_notify); !s.ok()) {
      return FromStatus(Stage::kInternal, s);
    }
  }
  size_t passed = 0;
  if (plan.placement == Placement::kPreload) {
    Result<std::string> lib = spec.preload_library.empty()
                                  ? FindPreloadLibrary()
                                  : Result<std::string>(spec.preload_library);
    if (!lib.ok()) return FromStatus(Stage::kPreload, lib.status());
    plan.preload_path = *lib;
    Result<UniqueFd> memfd = MakePreloadPayload(*seccomp.program, plan.listener);
    if (!memfd.ok()) return FromStatus(Stage::kInternal, memfd.status());
    payload = std::move(*memfd);
    passed = plan.listener ? 2 : 1;
  }
  Result<FdPlan> fds = PlanFds(spec.preserve_fds, passed);
  if (!fds.ok()) return FromStatus(Stage::kProcess, fds.status());
  plan.fds = std::move(*fds);
  for (UniqueFd* fd : {&child_sync, &child_notify, &payload, &started.sync, &started.notify}) {
    if (Status s = MoveAbove(fd, plan.fds.internal_floor); !s.ok()) {
      return FromStatus(Stage::kInternal, s);
    }
  }
  plan.parent_ends = {started.sync.get(), started.notify.get()};
  plan.sync_fd = child_sync.get();
  plan.notify_fd = child_notify.get();
  plan.notify_fd_in_program = plan.notify_fd;
  if (plan.placement == Placement::kPreload) {
    const std::vector<int>& t = plan.fds.passed_targets;
    plan.passed_sources.push_back(payload.get());
    env.push_back(std::string(wire::kEnvSeccompFd) + "=" + std::to_string(t[0]));
    if (plan.listener) {
      plan.passed_sources.push_back(child_notify.get());
      plan.notify_fd_in_program = t[1];
      env.push_back(std::string(wire::kEnvNotifyFd) + "=" + std::to_string(t[1]));
    }
    const char* user_preload = EnvValue(env, "LD_PRELOAD");
    std::string value = plan.preload_path;
    if (user_preload != nullptr && *user_preload != '\0') value += std::string(":") + user_preload;
    std::erase_if(env, [](const std::string& e) { return e.starts_with("LD_PRELOAD="); });
    env.push_back("LD_PRELOAD=" + value);
  }
  plan.env = std::move(env);
  for (std::string& a : plan.target.argv) plan.argv_ptrs.push_back(a.data());
  plan.argv_ptrs.push_back(nullptr);
  for (std::string& e : plan.env) plan.envp_ptrs.push_back(e.data());
  plan.envp_ptrs.push_back(nullptr);

  if (!ns.net_ns_path.empty()) {
    if (Status s = JoinNetNamespace(ns.net_ns_path); !s.ok()) {
      return FromStatus(Stage::kNamespaces, s);
    }
  }
  // Forwarded signals wait in a signalfd from now on (the wait loop); the
  // child restores the original mask before exec.
  plan.forwarded = ForwardedSignals();
  if (sigprocmask(SIG_BLOCK, &plan.forwarded, &plan.original_mask) != 0) {
    return FromStatus(Stage::kInternal, ErrnoStatus(errno, "sigprocmask"));
  }

  // Like posix_spawn, share the address space and sleep until the child
  // execs (CLONE_VM | CLONE_VFORK): no page tables to copy, no copy-on-write
  // faults. Not when the parent must act before the exec (uid/gid maps,
  // a listener handed over before exec) or the child never execs (init).
  bool vfork = !ns.user && !plan.pid_init &&
               !(plan.listener && plan.placement == Placement::kBeforeExec) && !kSanitized;
  int pidfd = -1;
  long pid = StartChild(plan, CloneFlags(ns), vfork, &pidfd);
  if (pid < 0) {
    sigprocmask(SIG_SETMASK, &plan.original_mask, nullptr);
    Status s = ErrnoStatus(errno, "clone into the new namespaces");
    if (errno == EPERM && !ns.user && CloneFlags(ns) != 0) {
      s = Status(s.code(), s.message() + "; without CAP_SYS_ADMIN, add -U (a user namespace)");
    }
    return FromStatus(CloneFlags(ns) != 0 ? Stage::kNamespaces : Stage::kInternal, s);
  }
  started.pid = static_cast<pid_t>(pid);
  started.pidfd.Reset(pidfd);
  child_sync.Reset();
  child_notify.Reset();
  payload.Reset();
  if (ns.user) {
    Status s = WriteIdMaps(started.pid, ns, getuid(), getgid());
    if (!s.ok()) {
      PidfdSendSignal(started.pidfd.get(), SIGKILL);
      siginfo_t info;
      waitid(P_PIDFD, static_cast<id_t>(started.pidfd.get()), &info, WEXITED);
      sigprocmask(SIG_SETMASK, &plan.original_mask, nullptr);
      return FromStatus(Stage::kNamespaces, s);
    }
    char go = 1;
    if (send(started.sync.get(), &go, 1, MSG_NOSIGNAL) != 1) {
      // The child is gone; WaitForChild reports how it ended.
    }
  }
  LaunchOutcome outcome = WaitForChild(plan, started, hooks);
  sigprocmask(SIG_SETMASK, &plan.original_mask, nullptr);
  return outcome;
}

}  // namespace cordon::sandbox
