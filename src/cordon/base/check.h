// CHECK(cond): the only way cordon states an invariant of its own code. A
// failed CHECK is a bug in cordon, never a reaction to input: it prints the
// file, line and condition and aborts. Input errors are Status values.
#ifndef CORDON_BASE_CHECK_H_
#define CORDON_BASE_CHECK_H_

namespace cordon::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition);
}  // namespace cordon::internal

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) ::cordon::internal::CheckFailed(__FILE__, __LINE__, #cond); \
  } while (0)

#endif  // CORDON_BASE_CHECK_H_
