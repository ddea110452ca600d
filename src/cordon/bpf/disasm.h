// Disassemble: a readable listing of a seccomp BPF program, one line per
// instruction, with absolute jump targets, the seccomp_data field each load
// reads, syscall names for comparisons against nr, and action names.
//
//     0  ld   [4]                     ; arch
//     1  jeq  #0xc000003e ? 3 : 2     ; x86_64
//     2  ret  #0x80000000             ; KILL_PROCESS
//     3  ld   [0]                     ; nr
//     4  jeq  #0 ? 5 : 6              ; read
//     5  ret  #0x7fff0000             ; ALLOW
#ifndef CORDON_BPF_DISASM_H_
#define CORDON_BPF_DISASM_H_

#include <span>
#include <string>

#include "cordon/arch/arch.h"
#include "cordon/bpf/insn.h"

namespace cordon::bpf {

// Disassemble lists `insns`; `arch` (optional) names syscall numbers.
std::string Disassemble(std::span<const Insn> insns, const arch::Arch* arch = nullptr);

// DescribeOffset names a seccomp_data offset: "nr", "arch", "args[2] low".
std::string DescribeOffset(uint32_t offset);

}  // namespace cordon::bpf

#endif  // CORDON_BPF_DISASM_H_
