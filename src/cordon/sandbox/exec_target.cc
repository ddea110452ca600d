#include "cordon/sandbox/exec_target.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "cordon/base/unique_fd.h"
#include "cordon/bpf/action.h"
#include "cordon/bpf/interpreter.h"
#include "cordon/sandbox/fds.h"

namespace cordon::sandbox {
namespace {

constexpr char kDefaultPath[] = "/usr/local/bin:/usr/bin:/bin";
constexpr int kMaxSymlinks = 40;

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::string Join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

bool UnderPrefix(const std::string& path, const std::string& prefix) {
  if (prefix == "/") return true;
  return path.compare(0, prefix.size(), prefix) == 0 &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// Inspect opens the host file and reads its kind and first bytes.
Result<ElfInfo> Inspect(const std::string& host_path, const std::string& shown, std::string* head) {
  struct stat st;
  if (stat(host_path.c_str(), &st) != 0) return ErrnoStatus(errno, shown);
  if (S_ISDIR(st.st_mode)) return Status(Code::kPermissionDenied, shown + ": is a directory");
  if (!S_ISREG(st.st_mode)) return Status(Code::kPermissionDenied, shown + ": not a regular file");
  if ((st.st_mode & 0111) == 0) {
    return Status(Code::kPermissionDenied, shown + ": not executable (no x permission)");
  }
  UniqueFd fd(open(host_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "open " + shown);
  ElfInfo info = InspectElf(fd.get());
  char buf[256];
  ssize_t n = pread(fd.get(), buf, sizeof(buf), 0);
  head->assign(buf, n > 0 ? static_cast<size_t>(n) : 0);
  return info;
}

}  // namespace

std::string SandboxView::HostPath(const std::string& sandbox_path) const {
  for (const auto& [target, source] : binds) {
    if (UnderPrefix(sandbox_path, target)) {
      std::string rest = sandbox_path.substr(target == "/" ? 0 : target.size());
      return source == "/" ? (rest.empty() ? "/" : rest) : source + rest;
    }
  }
  if (root.empty()) return sandbox_path;
  return sandbox_path == "/" ? root : root + sandbox_path;
}

Result<std::string> SandboxView::Resolve(const std::string& sandbox_path) const {
  std::vector<std::string> todo = Components(sandbox_path);
  std::reverse(todo.begin(), todo.end());
  std::string done = "/";
  int links = 0;
  while (!todo.empty()) {
    std::string c = todo.back();
    todo.pop_back();
    if (c == ".") continue;
    if (c == "..") {
      size_t slash = done.rfind('/');
      done = slash == 0 ? "/" : done.substr(0, slash);
      continue;
    }
    std::string next = Join(done, c);
    std::string host = HostPath(next);
    struct stat st;
    if (lstat(host.c_str(), &st) != 0) return ErrnoStatus(errno, sandbox_path);
    if (!S_ISLNK(st.st_mode)) {
      done = next;
      continue;
    }
    if (++links > kMaxSymlinks) return ErrnoStatus(ELOOP, sandbox_path);
    char buf[PATH_MAX];
    ssize_t n = readlink(host.c_str(), buf, sizeof(buf) - 1);
    if (n < 0) return ErrnoStatus(errno, sandbox_path);
    std::string target(buf, static_cast<size_t>(n));
    std::vector<std::string> parts = Components(target);
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) todo.push_back(*it);
    if (!target.empty() && target[0] == '/') done = "/";
  }
  return done;
}

SandboxView ViewOf(const MountPlan& plan) {
  SandboxView view;
  view.root = plan.new_root;
  for (const PlannedBind& b : plan.binds) view.binds.emplace_back(b.target, b.source);
  // Later binds cover earlier ones at the same place; longer targets win.
  std::reverse(view.binds.begin(), view.binds.end());
  std::stable_sort(view.binds.begin(), view.binds.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  if (!plan.new_root.empty()) {
    view.cwd = "/";
  } else {
    char buf[PATH_MAX];
    view.cwd = getcwd(buf, sizeof(buf)) != nullptr ? buf : "/";
  }
  return view;
}

Result<ExecTarget> ResolveExecTarget(const std::vector<std::string>& argv, const SandboxView& view,
                                     const std::vector<std::string>& env) {
  if (argv.empty() || argv[0].empty()) return UsageError("no program to run");
  const std::string& name = argv[0];
  std::string sandbox_path;
  if (name.find('/') != std::string::npos) {
    sandbox_path = name[0] == '/' ? name : Join(view.cwd, name);
  } else {
    const char* path_env = EnvValue(env, "PATH");
    std::string search = path_env != nullptr ? path_env : kDefaultPath;
    bool denied = false;
    for (size_t start = 0; start <= search.size();) {
      size_t colon = search.find(':', start);
      if (colon == std::string::npos) colon = search.size();
      std::string dir = search.substr(start, colon - start);
      start = colon + 1;
      if (dir.empty()) dir = view.cwd;
      std::string candidate = Join(dir[0] == '/' ? dir : Join(view.cwd, dir), name);
      Result<std::string> resolved = view.Resolve(candidate);
      if (!resolved.ok()) continue;
      struct stat st;
      std::string host = view.HostPath(*resolved);
      if (stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((st.st_mode & 0111) != 0) {
          sandbox_path = candidate;
          break;
        }
        denied = true;
      }
    }
    if (sandbox_path.empty()) {
      if (denied) return Status(Code::kPermissionDenied, name + ": not executable");
      return NotFound(name + ": not found in PATH (" + search + ")");
    }
  }
  ExecTarget t;
  t.path = TRY(view.Resolve(sandbox_path));
  t.host_path = view.HostPath(t.path);
  t.argv = argv;
  std::string head;
  t.elf = TRY(Inspect(t.host_path, name, &head));
  if (t.elf.kind != ElfKind::kNotElf) return t;

  std::optional<Shebang> shebang = ParseShebang(head);
  if (!shebang)
    return Status(Code::kPermissionDenied, name + ": neither an ELF program nor a #! script");
  t.script = true;
  std::string interp =
      shebang->interpreter[0] == '/' ? shebang->interpreter : Join(view.cwd, shebang->interpreter);
  Result<std::string> resolved = view.Resolve(interp);
  if (!resolved.ok())
    return NotFound(name + ": interpreter " + shebang->interpreter + " not found");
  std::vector<std::string> script_argv = {shebang->interpreter};
  if (shebang->argument) script_argv.push_back(*shebang->argument);
  script_argv.push_back(sandbox_path);
  script_argv.insert(script_argv.end(), argv.begin() + 1, argv.end());
  t.argv = std::move(script_argv);
  t.path = *resolved;
  t.host_path = view.HostPath(t.path);
  t.elf = TRY(Inspect(t.host_path, shebang->interpreter, &head));
  if (t.elf.kind == ElfKind::kNotElf) {
    return Status(Code::kPermissionDenied,
                  name + ": interpreter " + shebang->interpreter + " is not an ELF program");
  }
  return t;
}

StaticPolicyGaps FindStaticPolicyGaps(const bpf::Program& program, const arch::Arch& arch) {
  StaticPolicyGaps gaps;
  auto blocked = [&](const char* name) {
    std::optional<uint32_t> nr = arch.SyscallNumber(name);
    if (!nr) return false;
    seccomp_data d{};
    d.nr = static_cast<int>(*nr);
    d.arch = arch.audit_arch();
    uint32_t action = bpf::ActionOf(bpf::Run(program.insns(), d));
    return action != SECCOMP_RET_ALLOW && action != SECCOMP_RET_LOG;
  };
  gaps.execve_blocked = blocked("execve");
  // What a static glibc 2.36 program does before main (strace of
  // /sbin/ldconfig), in order.
  for (const char* name : {"brk", "arch_prctl", "set_tid_address", "set_robust_list", "rseq",
                           "prlimit64", "readlink", "getrandom", "mprotect"}) {
    if (blocked(name)) gaps.startup_blocked.push_back(name);
  }
  return gaps;
}

}  // namespace cordon::sandbox
