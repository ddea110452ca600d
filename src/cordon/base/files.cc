#include "cordon/base/files.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "cordon/base/scope_exit.h"
#include "cordon/base/unique_fd.h"

namespace cordon {

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "open " + path);
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return ErrnoStatus(errno, "stat " + path);
  if (S_ISDIR(st.st_mode)) return ErrnoStatus(EISDIR, "read " + path);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "read " + path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return LimitExceeded(path + ": file is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  return out;
}

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "write");
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return OkStatus();
}

Status WriteFileAtomic(const std::string& path, std::string_view data, int mode) {
  if (path == "-") return WriteAll(1, data).WithContext("standard output");
  // Replacing by rename is only right for a regular file (or a new one). A
  // device, FIFO or socket (-o /dev/null, -o /dev/stdout) is written in
  // place; renaming over it would replace the device node itself.
  std::string target = path;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      if (S_ISDIR(st.st_mode)) return ErrnoStatus(EISDIR, "write " + path);
      UniqueFd fd(open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY));
      if (!fd.valid()) return ErrnoStatus(errno, "open " + path);
      return WriteAll(fd.get(), data).WithContext(path);
    }
    // A symlink to a regular file: replace the file it points to, keep the link.
    char resolved[PATH_MAX];
    if (realpath(path.c_str(), resolved) != nullptr) target = resolved;
  }
  std::string tmp = target + ".tmp.XXXXXX";
  UniqueFd fd(mkostemp(tmp.data(), O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "create temporary file for " + path);
  ScopeExit remove_tmp([&] { unlink(tmp.c_str()); });
  if (fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) return ErrnoStatus(errno, "chmod " + tmp);
  if (Status s = WriteAll(fd.get(), data); !s.ok()) return s.WithContext(tmp);
  if (fsync(fd.get()) != 0) return ErrnoStatus(errno, "fsync " + tmp);
  if (close(fd.Release()) != 0) return ErrnoStatus(errno, "close " + tmp);
  if (rename(tmp.c_str(), target.c_str()) != 0) return ErrnoStatus(errno, "rename to " + path);
  remove_tmp.Dismiss();
  return OkStatus();
}

}  // namespace cordon
