#include "cordon/sandbox/confine.h"

#include <linux/seccomp.h>

#include "cordon/base/files.h"
#include "cordon/sandbox/caps.h"
#include "cordon/sandbox/no_new_privs.h"
#include "cordon/sandbox/seccomp_install.h"

namespace cordon::sandbox {
namespace {

Status FromSetup(const SetupError& e) {
  if (!e.failed()) return OkStatus();
  std::string what = StepWhat(e.step);
  if (e.index >= 0 && StageOf(e.step) == Stage::kCaps)
    what += " " + CapabilityNames(uint64_t{1} << e.index);
  return ErrnoStatus(e.err, what);
}

}  // namespace

Result<bpf::Program> LoadProgramFile(const std::string& path) {
  std::string bytes = TRY(ReadFile(path));
  Result<bpf::Program> program = bpf::Program::Decode(bytes);
  if (!program.ok()) return program.status().WithContext(path);
  return program;
}

Status DropCapabilities(uint64_t keep) {
  int last = LastCapability();
  TRY(FromSetup(DropBoundingSet(keep, last)));
  return FromSetup(SetCapabilities(keep, /*ambient=*/false, last));
}

Status ConfineSelf(const bpf::Program& program, const ConfineOptions& options) {
  if (options.drop_capabilities) TRY(DropCapabilities(options.keep_capabilities));
  if (options.no_new_privs) TRY(FromSetup(SetNoNewPrivs()));
  sock_fprog prog = program.fprog();
  unsigned long flags = options.all_threads ? SECCOMP_FILTER_FLAG_TSYNC : 0;
  long rc = SeccompSetFilter(flags, &prog);
  if (rc > 0) {
    return Status(Code::kSystem, "install the seccomp filter: thread " + std::to_string(rc) +
                                     " could not be synchronized (it has another filter)");
  }
  if (rc != 0) {
    Status s = ErrnoStatus(errno, "install the seccomp filter");
    if (errno == EACCES) {
      return Status(s.code(), s.message() + ": it needs no_new_privs or CAP_SYS_ADMIN", EACCES);
    }
    return s;
  }
  return OkStatus();
}

}  // namespace cordon::sandbox
