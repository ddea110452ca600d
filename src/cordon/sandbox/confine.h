// Confine: a program confines itself, with no launcher. The library form of
// `cordon run -n -S`, for programs that know when their set-up is done (after
// opening their files and sockets, before reading untrusted input).
//
//   bpf::Program program = TRY(LoadProgramFile("/usr/share/app/app.bpf"));
//   // or, with cordon_confine: TRY(CompilePolicyFile("app.policy"))  (confine_policy.h)
//   TRY(ConfineSelf(program));   // every thread; no_new_privs; capabilities dropped
//
// ConfineSelf applies, in order: the capability drop (the bounding set needs
// CAP_SETPCAP, which the drop removes, so it goes first), no_new_privs, and
// the filter with SECCOMP_FILTER_FLAG_TSYNC, so threads started earlier are
// confined too (if one cannot be, nothing is installed and the error says
// which thread). Each step either completes or returns an error; a caller
// that gets an error should exit rather than run unconfined.
#ifndef CORDON_SANDBOX_CONFINE_H_
#define CORDON_SANDBOX_CONFINE_H_

#include <cstdint>
#include <string>

#include "cordon/base/status.h"
#include "cordon/bpf/program.h"

namespace cordon::sandbox {

struct ConfineOptions {
  bool no_new_privs = true;        // without it the caller needs CAP_SYS_ADMIN
  bool all_threads = true;         // SECCOMP_FILTER_FLAG_TSYNC
  bool drop_capabilities = true;   // drop all capabilities except keep_capabilities
  uint64_t keep_capabilities = 0;  // bit N keeps capability N
};

// LoadProgramFile reads a compiled filter (the raw struct sock_filter array
// `cordon compile -o` writes).
Result<bpf::Program> LoadProgramFile(const std::string& path);

// DropCapabilities keeps only `keep` in the bounding, permitted, effective
// and inheritable sets and clears the ambient set.
Status DropCapabilities(uint64_t keep);

// ConfineSelf confines the calling process as described above. Errors name
// the step: "install the seccomp filter: EACCES (...)".
Status ConfineSelf(const bpf::Program& program, const ConfineOptions& options = {});

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_CONFINE_H_
