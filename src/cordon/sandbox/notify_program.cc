#include "cordon/sandbox/notify_program.h"

#include <string>
#include <vector>

#include "cordon/bpf/action.h"
#include "cordon/bpf/insn.h"

namespace cordon::sandbox {

bool IsBlockingAction(uint32_t ret) {
  uint32_t action = bpf::ActionOf(ret);
  return action == SECCOMP_RET_KILL_PROCESS || action == SECCOMP_RET_KILL_THREAD ||
         action == SECCOMP_RET_ERRNO;
}

Result<bpf::Program> NotifyOnBlock(const bpf::Program& program) {
  std::vector<bpf::Insn> insns(program.insns().begin(), program.insns().end());
  for (size_t i = 0; i < insns.size(); ++i) {
    if (insns[i].code == bpf::kRetA) {
      return InvalidInput("instruction " + std::to_string(i) +
                          " returns the accumulator; -L needs a program whose returns are "
                          "constants");
    }
    if (insns[i].code == bpf::kRetK && IsBlockingAction(insns[i].k)) {
      insns[i].k = bpf::kRetUserNotif;
    }
  }
  bpf::Program rewritten = TRY(bpf::Program::Create(std::move(insns)));
  TRY(CheckNotifyRewrite(program, rewritten));
  return rewritten;
}

Status CheckNotifyRewrite(const bpf::Program& original, const bpf::Program& rewritten) {
  if (original.size() != rewritten.size()) {
    return InternalError("-L rewrite changed the program's length");
  }
  for (size_t i = 0; i < original.size(); ++i) {
    const bpf::Insn& a = original.insns()[i];
    const bpf::Insn& b = rewritten.insns()[i];
    if (a == b && !(a.code == bpf::kRetK && IsBlockingAction(a.k))) continue;
    bool ok = a.code == bpf::kRetK && b.code == bpf::kRetK && a.jt == b.jt && a.jf == b.jf &&
              IsBlockingAction(a.k) && b.k == bpf::kRetUserNotif;
    if (!ok) {
      return InternalError("-L rewrite changed instruction " + std::to_string(i) +
                           " beyond a blocking return");
    }
  }
  return OkStatus();
}

}  // namespace cordon::sandbox
