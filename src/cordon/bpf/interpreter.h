// The reference interpreter: runs a validated program on a seccomp_data the
// way the kernel does, and emulates the kernel's action cache.
//
//   seccomp_data d = {.nr = 257, .arch = AUDIT_ARCH_X86_64};
//   uint32_t ret = Run(program.insns(), d);        // e.g. SECCOMP_RET_ALLOW
//   bool free = IsCachedAllow(program.insns(), d.arch, 257);
#ifndef CORDON_BPF_INTERPRETER_H_
#define CORDON_BPF_INTERPRETER_H_

#include <linux/seccomp.h>

#include <cstdint>
#include <span>

#include "cordon/bpf/insn.h"

namespace cordon::bpf {

// RunStats describes one execution.
struct RunStats {
  uint32_t executed = 0;      // instructions executed, including the RET
  bool loaded_args = false;   // the path read something other than nr/arch
};

// Run executes `insns`, which must have passed Validate(), and returns the
// seccomp return value. Division by a zero X returns 0 (KILL_THREAD), as the
// kernel's classic-BPF conversion does.
uint32_t Run(std::span<const Insn> insns, const seccomp_data& data, RunStats* stats = nullptr);

// IsCachedAllow reports whether the kernel's seccomp action cache (Linux
// 5.11+, seccomp_is_const_allow) would mark syscall `nr` of `arch` as
// always allowed: the path from the start touches only nr and arch, uses
// only JA, JEQ/JGE/JGT/JSET with constants and AND with a constant, and
// ends in RET SECCOMP_RET_ALLOW.
bool IsCachedAllow(std::span<const Insn> insns, uint32_t arch, uint32_t nr);

}  // namespace cordon::bpf

#endif  // CORDON_BPF_INTERPRETER_H_
