// Status and Result<T>: how every cordon function reports failure.
//
// A Status carries a class of failure (Code), the errno when a system call
// failed, and a message that says what was being done:
//
//   Status s = ErrnoStatus(EPERM, "mount proc on /srv/root/proc");
//   s.message() == "mount proc on /srv/root/proc: EPERM (Operation not permitted)"
//
// Result<T> is a T or a non-OK Status. TRY unwraps either:
//
//   Result<Program> Load(const std::string& path) {
//     std::string bytes = TRY(ReadFile(path));
//     TRY(CheckSize(bytes));
//     return Program::Decode(bytes);
//   }
//
// Only the CLI maps a Code to an exit status (cli/exit_codes.h).
#ifndef CORDON_BASE_STATUS_H_
#define CORDON_BASE_STATUS_H_

#include <string>
#include <utility>
#include <variant>

#include "cordon/base/check.h"

namespace cordon {

// Code is the class of a failure; each maps to one documented exit status.
enum class Code {
  kOk = 0,
  kUsage,             // the command line is wrong
  kInvalidInput,      // a policy, profile or program file is malformed
  kNotFound,          // a file, syscall, constant or user does not exist
  kPermissionDenied,  // the kernel or the file system said no
  kUnsupported,       // the kernel or architecture lacks a feature
  kLimit,             // a limit was exceeded (program size, include depth)
  kSystem,            // another system call failed
  kInternal,          // cordon broke one of its own promises: a bug
};

// CodeName returns a short lowercase name for `code` ("usage", "not found").
const char* CodeName(Code code);

// Status is the outcome of an operation: OK, or a Code with a message.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message, int sys_errno = 0)
      : code_(code), sys_errno_(sys_errno), message_(std::move(message)) {}

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // sys_errno is the errno of the failed system call, or 0.
  int sys_errno() const { return sys_errno_; }
  const std::string& message() const { return message_; }

  // WithContext returns a copy whose message is "context: message".
  Status WithContext(const std::string& context) const;

 private:
  Code code_ = Code::kOk;
  int sys_errno_ = 0;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status UsageError(std::string m) { return Status(Code::kUsage, std::move(m)); }
inline Status InvalidInput(std::string m) { return Status(Code::kInvalidInput, std::move(m)); }
inline Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
inline Status Unsupported(std::string m) { return Status(Code::kUnsupported, std::move(m)); }
inline Status LimitExceeded(std::string m) { return Status(Code::kLimit, std::move(m)); }
inline Status InternalError(std::string m) { return Status(Code::kInternal, std::move(m)); }

// ErrnoStatus describes a failed system call: "what: ENAME (strerror)". The
// Code follows the errno (ENOENT is kNotFound, EPERM/EACCES kPermissionDenied,
// ENOSYS kUnsupported, anything else kSystem).
Status ErrnoStatus(int err, const std::string& what);

// ErrnoName returns "EPERM" for EPERM, or "errno 4242" for unknown values.
std::string ErrnoName(int err);

// Result<T> holds a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    CHECK(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { CHECK(ok()); return std::get<T>(v_); }
  const T& value() const& { CHECK(ok()); return std::get<T>(v_); }
  T&& value() && { CHECK(ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<Status, T> v_;
};

namespace internal {
inline Status TakeStatus(Status&& s) { return std::move(s); }
template <typename T>
Status TakeStatus(Result<T>&& r) { return r.status(); }
inline void TakeValue(Status&&) {}
template <typename T>
T TakeValue(Result<T>&& r) { return std::move(r).value(); }
}  // namespace internal

}  // namespace cordon

// TRY(expr) evaluates a Status or Result<T>; on failure it returns the Status
// from the enclosing function, otherwise it yields the value (or nothing).
#define TRY(...)                                                              \
  ({                                                                          \
    auto&& cordon_try_ = (__VA_ARGS__);                                       \
    if (!cordon_try_.ok()) return ::cordon::internal::TakeStatus(std::move(cordon_try_)); \
    ::cordon::internal::TakeValue(std::move(cordon_try_));                    \
  })

#endif  // CORDON_BASE_STATUS_H_
