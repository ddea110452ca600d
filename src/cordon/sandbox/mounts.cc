#include "cordon/sandbox/mounts.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace cordon::sandbox {
namespace {

// Canonical resolves symlinks and "..": the child then opens the result
// with RESOLVE_NO_SYMLINKS, so any symlink swapped in later fails.
Result<std::string> Canonical(const std::string& path, const std::string& what) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf) == nullptr) return ErrnoStatus(errno, what + " " + path);
  return std::string(buf);
}

std::string Absolute(const std::string& path) {
  return path.empty() || path[0] != '/' ? "/" + path : path;
}

struct FlagName {
  const char* name;
  unsigned long value;
};
constexpr FlagName kMountFlags[] = {
    {"MS_RDONLY", MS_RDONLY},
    {"MS_NOSUID", MS_NOSUID},
    {"MS_NODEV", MS_NODEV},
    {"MS_NOEXEC", MS_NOEXEC},
    {"MS_SYNCHRONOUS", MS_SYNCHRONOUS},
    {"MS_REMOUNT", MS_REMOUNT},
    {"MS_MANDLOCK", MS_MANDLOCK},
    {"MS_DIRSYNC", MS_DIRSYNC},
    {"MS_NOATIME", MS_NOATIME},
    {"MS_NODIRATIME", MS_NODIRATIME},
    {"MS_BIND", MS_BIND},
    {"MS_REC", MS_REC},
    {"MS_SILENT", MS_SILENT},
    {"MS_RELATIME", MS_RELATIME},
    {"MS_STRICTATIME", MS_STRICTATIME},
    {"MS_LAZYTIME", MS_LAZYTIME},
    {"MS_PRIVATE", MS_PRIVATE},
    {"MS_SLAVE", MS_SLAVE},
    {"MS_SHARED", MS_SHARED},
    {"MS_UNBINDABLE", MS_UNBINDABLE},
};

// ---- child side: no allocation below this line ----

int OpenInRoot(int root_fd, const char* path, uint64_t extra_flags = 0) {
  open_how how;
  std::memset(&how, 0, sizeof(how));
  how.flags = O_PATH | O_CLOEXEC | extra_flags;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(syscall(SYS_openat2, root_fd, path, &how, sizeof(how)));
}

int OpenNoSymlinks(const char* path) {
  open_how how;
  std::memset(&how, 0, sizeof(how));
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how)));
}

// Closer closes a descriptor when the step returns, whichever way.
struct Closer {
  int fd = -1;
  ~Closer() {
    if (fd >= 0) close(fd);
  }
};

int SetAttrs(int tree_fd, uint64_t attrs) {
  mount_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.attr_set = attrs;
  return mount_setattr(tree_fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr));
}

SetupError BindRoot(const MountPlan& plan, int* root_fd) {
  Closer tree{open_tree(AT_FDCWD, plan.new_root.c_str(),
                        OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE)};
  if (tree.fd < 0) return SetupError::Errno(kStepRootBind);
  if (SetAttrs(tree.fd, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID) != 0) {
    return SetupError::Errno(kStepRootBind);
  }
  if (move_mount(tree.fd, "", AT_FDCWD, plan.new_root.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0) {
    return SetupError::Errno(kStepRootBind);
  }
  *root_fd = open(plan.new_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (*root_fd < 0) return SetupError::Errno(kStepRootBind);
  return {};
}

SetupError Bind(int root_fd, const PlannedBind& b, size_t i) {
  Closer src{OpenNoSymlinks(b.source.c_str())};
  if (src.fd < 0) return SetupError::Errno(kStepBindSource, i);
  Closer tree{
      open_tree(src.fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE)};
  if (tree.fd < 0) return SetupError::Errno(kStepBindMount, i);
  uint64_t attrs = MOUNT_ATTR_NOSUID | (b.writable ? 0 : MOUNT_ATTR_RDONLY);
  if (SetAttrs(tree.fd, attrs) != 0) return SetupError::Errno(kStepBindAttrs, i);
  Closer dst{OpenInRoot(root_fd, b.target.c_str())};
  if (dst.fd < 0) return SetupError::Errno(kStepBindTarget, i);
  if (move_mount(tree.fd, "", dst.fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0) {
    return SetupError::Errno(kStepBindMount, i);
  }
  return {};
}

// MountAt mounts on `target` inside the root, by descriptor.
int MountAt(int root_fd, const char* target, const char* source, const char* fstype,
            unsigned long flags, const char* data, int* open_errno) {
  Closer dst{OpenInRoot(root_fd, target)};
  if (dst.fd < 0) {
    *open_errno = errno;
    return -1;
  }
  *open_errno = 0;
  char path[64];
  return mount(source, FdPath(path, dst.fd), fstype, flags, data);
}

SetupError MountDev(int root_fd) {
  int open_err = 0;
  if (MountAt(root_fd, "/dev", "tmpfs", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=1m",
              &open_err) != 0) {
    return SetupError::Of(kStepDevMount, open_err != 0 ? open_err : errno);
  }
  Closer dev{OpenInRoot(root_fd, "/dev", O_DIRECTORY)};
  if (dev.fd < 0) return SetupError::Errno(kStepDevMount);
  static const char* const kNodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
  for (size_t i = 0; i < sizeof(kNodes) / sizeof(kNodes[0]); ++i) {
    char host[32] = "/dev/";
    std::strcat(host, kNodes[i]);
    int f = openat(dev.fd, kNodes[i], O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
    if (f < 0) return SetupError::Errno(kStepDevNode, i);
    close(f);
    Closer tree{open_tree(AT_FDCWD, host, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)};
    if (tree.fd < 0) return SetupError::Errno(kStepDevNode, i);
    if (move_mount(tree.fd, "", dev.fd, kNodes[i], MOVE_MOUNT_F_EMPTY_PATH) != 0) {
      return SetupError::Errno(kStepDevNode, i);
    }
  }
  static const char* const kLinks[][2] = {{"/proc/self/fd", "fd"},
                                          {"/proc/self/fd/0", "stdin"},
                                          {"/proc/self/fd/1", "stdout"},
                                          {"/proc/self/fd/2", "stderr"},
                                          {"pts/ptmx", "ptmx"}};
  for (const auto& link : kLinks) {
    if (symlinkat(link[0], dev.fd, link[1]) != 0) return SetupError::Errno(kStepDevMount);
  }
  if (mkdirat(dev.fd, "shm", 01777) != 0 || fchmodat(dev.fd, "shm", 01777, 0) != 0 ||
      mkdirat(dev.fd, "pts", 0755) != 0) {
    return SetupError::Errno(kStepDevMount);
  }
  char pts[64];
  if (mount("devpts", FdPath(pts, dev.fd, "/pts"), "devpts", MS_NOSUID | MS_NOEXEC,
            "newinstance,ptmxmode=0666,mode=0620") != 0) {
    return SetupError::Errno(kStepDevMount);
  }
  return {};
}

SetupError SetUpProc(int root_fd, ProcAction action) {
  if (action == ProcAction::kKeep) return {};
  Closer dst{OpenInRoot(root_fd, "/proc", O_DIRECTORY)};
  // A root without /proc has nothing to hide or protect.
  if (dst.fd < 0) return errno == ENOENT ? SetupError{} : SetupError::Errno(kStepProcMount);
  if (action == ProcAction::kReadOnly) {
    // The existing proc, made read-only; a new root's empty /proc gets a
    // fresh read-only one instead.
    struct statfs fs;
    if (fstatfs(dst.fd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC) {
      if (SetAttrs(dst.fd, MOUNT_ATTR_RDONLY) != 0) return SetupError::Errno(kStepProcReadOnly);
      return {};
    }
    action = ProcAction::kFreshReadOnly;
  }
  unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  if (action == ProcAction::kFreshReadOnly) flags |= MS_RDONLY;
  char path[64];
  if (mount("proc", FdPath(path, dst.fd), "proc", flags, nullptr) != 0) {
    return SetupError::Errno(kStepProcMount);
  }
  return {};
}

SetupError EnterRoot(const MountPlan& plan, int root_fd) {
  if (fchdir(root_fd) != 0) return SetupError::Errno(kStepChdir);
  if (plan.pivot_root) {
    if (syscall(SYS_pivot_root, ".", ".") != 0) return SetupError::Errno(kStepPivotRoot);
    if (umount2(".", MNT_DETACH) != 0) return SetupError::Errno(kStepPivotRoot);
  } else if (chroot(".") != 0) {
    return SetupError::Errno(kStepChroot);
  }
  if (chdir("/") != 0) return SetupError::Errno(kStepChdir);
  return {};
}

}  // namespace

Result<unsigned long> ParseMountFlags(const std::string& text) {
  if (text.empty()) return 0ul;
  char* end = nullptr;
  errno = 0;
  unsigned long v = std::strtoul(text.c_str(), &end, 0);
  if (errno == 0 && end != nullptr && *end == '\0' && text[0] != '-') return v;
  unsigned long flags = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t bar = text.find('|', start);
    std::string name = text.substr(start, bar == std::string::npos ? bar : bar - start);
    bool found = false;
    for (const FlagName& f : kMountFlags) {
      if (name == f.name) {
        flags |= f.value;
        found = true;
      }
    }
    if (!found)
      return UsageError("unknown mount flag '" + name +
                        "' (want a number or MS_* names joined by '|')");
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return flags;
}

Result<MountPlan> PlanMounts(const Mounts& mounts, bool mount_ns, bool new_pid_ns) {
  MountPlan plan;
  plan.enabled = mount_ns;
  if (!mount_ns) return plan;
  if (!mounts.new_root.empty()) {
    plan.new_root = TRY(Canonical(mounts.new_root, "new root"));
    struct stat st;
    if (stat(plan.new_root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return NotFound("new root " + mounts.new_root + " is not a directory");
    }
    plan.pivot_root = mounts.pivot_root;
  }
  for (const BindMount& b : mounts.binds) {
    PlannedBind p;
    p.source = TRY(Canonical(b.source, "bind source"));
    p.target = Absolute(b.target.empty() ? b.source : b.target);
    p.writable = b.writable;
    plan.binds.push_back(std::move(p));
  }
  for (const FsMount& m : mounts.mounts) {
    plan.mounts.push_back({m.source, Absolute(m.target), m.fstype, m.flags, m.data});
  }
  if (mounts.tmp_size) plan.tmp_data = "mode=1777,size=" + *mounts.tmp_size;
  plan.minimal_dev = mounts.minimal_dev;
  if (new_pid_ns) {
    plan.proc = mounts.proc_read_only ? ProcAction::kFreshReadOnly : ProcAction::kFresh;
  } else if (mounts.proc_read_only) {
    plan.proc = ProcAction::kReadOnly;
  }
  return plan;
}

SetupError ApplyMounts(const MountPlan& plan) {
  if (!plan.enabled) return {};
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return SetupError::Errno(kStepMakePrivate);
  }
  Closer root;
  if (!plan.new_root.empty()) {
    if (SetupError e = BindRoot(plan, &root.fd); e.failed()) return e;
  } else {
    root.fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root.fd < 0) return SetupError::Errno(kStepMakePrivate);
  }
  for (size_t i = 0; i < plan.binds.size(); ++i) {
    if (SetupError e = Bind(root.fd, plan.binds[i], i); e.failed()) return e;
  }
  for (size_t i = 0; i < plan.mounts.size(); ++i) {
    const PlannedFsMount& m = plan.mounts[i];
    int open_err = 0;
    if (MountAt(root.fd, m.target.c_str(), m.source.c_str(), m.fstype.c_str(), m.flags,
                m.data.empty() ? nullptr : m.data.c_str(), &open_err) != 0) {
      return open_err != 0 ? SetupError::Of(kStepFsTarget, open_err, static_cast<int>(i))
                           : SetupError::Errno(kStepFsMount, i);
    }
  }
  if (plan.tmp_data) {
    int open_err = 0;
    if (MountAt(root.fd, "/tmp", "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, plan.tmp_data->c_str(),
                &open_err) != 0) {
      return SetupError::Of(kStepTmpMount, open_err != 0 ? open_err : errno);
    }
  }
  if (plan.minimal_dev) {
    if (SetupError e = MountDev(root.fd); e.failed()) return e;
  }
  if (SetupError e = SetUpProc(root.fd, plan.proc); e.failed()) return e;
  if (!plan.new_root.empty()) return EnterRoot(plan, root.fd);
  return {};
}

std::string DescribeMountItem(const MountPlan& plan, Step step, int index) {
  auto at = [](const std::string& root, const std::string& target) {
    return root.empty() ? target : target + " (in " + root + ")";
  };
  switch (step) {
    case kStepBindSource:
    case kStepBindTarget:
    case kStepBindMount:
    case kStepBindAttrs:
      if (index >= 0 && static_cast<size_t>(index) < plan.binds.size()) {
        const PlannedBind& b = plan.binds[static_cast<size_t>(index)];
        return b.source + " on " + at(plan.new_root, b.target);
      }
      break;
    case kStepFsTarget:
    case kStepFsMount:
      if (index >= 0 && static_cast<size_t>(index) < plan.mounts.size()) {
        const PlannedFsMount& m = plan.mounts[static_cast<size_t>(index)];
        return m.fstype + " " + m.source + " on " + at(plan.new_root, m.target);
      }
      break;
    case kStepRootBind:
    case kStepPivotRoot:
    case kStepChroot:
      return plan.new_root;
    case kStepDevNode: {
      static const char* const kNodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
      if (index >= 0 && index < 6) return std::string("/dev/") + kNodes[index];
      break;
    }
    default:
      break;
  }
  return "";
}

}  // namespace cordon::sandbox
