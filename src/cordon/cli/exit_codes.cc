#include "cordon/cli/exit_codes.h"

#include <cstdio>

namespace cordon::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Code::kOk: return kExitOk;
    case Code::kUsage: return kExitUsage;
    case Code::kInvalidInput: return 2;
    case Code::kNotFound: return 3;
    case Code::kPermissionDenied: return 4;
    case Code::kUnsupported: return 5;
    case Code::kLimit: return 6;
    case Code::kSystem: return 7;
    case Code::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "cordon: %s\n", status.message().c_str());
  return ExitCodeFor(status);
}

}  // namespace cordon::cli
