// UniqueFd owns a file descriptor and closes it on destruction.
//
//   UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
//   if (!fd.valid()) return ErrnoStatus(errno, "open " + path);
#ifndef CORDON_BASE_UNIQUE_FD_H_
#define CORDON_BASE_UNIQUE_FD_H_

#include <unistd.h>

#include <utility>

namespace cordon {

// UniqueFd is the single owner of a descriptor; -1 means none.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    Reset(other.Release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Release gives up ownership and returns the descriptor.
  int Release() { return std::exchange(fd_, -1); }
  // Reset closes the owned descriptor (if any) and takes `fd`.
  void Reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace cordon

#endif  // CORDON_BASE_UNIQUE_FD_H_
