#include "cordon/base/status.h"

#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace cordon {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kUsage: return "usage";
    case Code::kInvalidInput: return "invalid input";
    case Code::kNotFound: return "not found";
    case Code::kPermissionDenied: return "permission denied";
    case Code::kUnsupported: return "unsupported";
    case Code::kLimit: return "limit exceeded";
    case Code::kSystem: return "system error";
    case Code::kInternal: return "internal error";
  }
  return "unknown";
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  return Status(code_, context + ": " + message_, sys_errno_);
}

std::string ErrnoName(int err) {
  const char* name = strerrorname_np(err);
  return name != nullptr ? std::string(name) : "errno " + std::to_string(err);
}

Status ErrnoStatus(int err, const std::string& what) {
  Code code = Code::kSystem;
  switch (err) {
    case ENOENT: code = Code::kNotFound; break;
    case EPERM:
    case EACCES: code = Code::kPermissionDenied; break;
    case ENOSYS: code = Code::kUnsupported; break;
    default: break;
  }
  return Status(code, what + ": " + ErrnoName(err) + " (" + strerrordesc_np(err) + ")", err);
}

namespace internal {
void CheckFailed(const char* file, int line, const char* condition) {
  // No allocation: this may run after fork in a child.
  const char* parts[] = {"cordon: internal error: CHECK(", condition, ") failed at ", file, ":"};
  for (const char* p : parts) (void)!write(2, p, strlen(p));
  char digits[16];
  int n = 0;
  for (int v = line; v > 0 && n < 15; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  for (int i = n - 1; i >= 0; --i) (void)!write(2, &digits[i], 1);
  (void)!write(2, "\n", 1);
  abort();
}
}  // namespace internal

}  // namespace cordon
