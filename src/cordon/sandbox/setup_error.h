// SetupError: how a step of the forked launcher child fails without
// allocating: the Step, the errno and which item (bind mount 2, rlimit 0).
// The child sends it to the parent (wire::ChildReport), which turns it into
// a message such as "bind mount /srv on /data: ENOENT (No such file or
// directory)".
//
//   SetupError ApplyRlimits(std::span<const ResourceLimit> limits) {
//     for (size_t i = 0; i < limits.size(); ++i)
//       if (setrlimit(...) != 0) return SetupError::Errno(kStepRlimit, i);
//     return {};
//   }
#ifndef CORDON_SANDBOX_SETUP_ERROR_H_
#define CORDON_SANDBOX_SETUP_ERROR_H_

#include <cerrno>
#include <cstddef>

#include "cordon/sandbox/exit_status.h"

namespace cordon::sandbox {

struct SetupError {
  Step step = kStepNone;
  int err = 0;
  int index = -1;

  bool failed() const { return step != kStepNone; }
  // Errno captures the current errno for `step` (item `index`).
  static SetupError Errno(Step step, size_t index = static_cast<size_t>(-1)) {
    return SetupError{step, errno, static_cast<int>(index)};
  }
  static SetupError Of(Step step, int err, int index = -1) { return SetupError{step, err, index}; }
};

// FdPath writes "/proc/self/fd/N" (plus `suffix`) into `buf`, for calls
// that take a path but must act on an already opened, already checked
// directory. It allocates nothing.
inline const char* FdPath(char (&buf)[64], int fd, const char* suffix = "") {
  char digits[16];
  int n = 0;
  unsigned v = static_cast<unsigned>(fd);
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && n < 15);
  const char prefix[] = "/proc/self/fd/";
  size_t pos = 0;
  for (const char* p = prefix; *p != '\0'; ++p) buf[pos++] = *p;
  while (n > 0) buf[pos++] = digits[--n];
  for (const char* p = suffix; *p != '\0' && pos < sizeof(buf) - 1; ++p) buf[pos++] = *p;
  buf[pos] = '\0';
  return buf;
}

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_SETUP_ERROR_H_
