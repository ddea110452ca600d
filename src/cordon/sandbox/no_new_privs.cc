#include "cordon/sandbox/no_new_privs.h"

#include <sys/prctl.h>

namespace cordon::sandbox {

SetupError SetNoNewPrivs() {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return SetupError::Errno(kStepNoNewPrivs);
  return {};
}

bool NoNewPrivs() { return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1; }

}  // namespace cordon::sandbox
