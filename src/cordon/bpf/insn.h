// Insn: one classic BPF instruction, layout-identical to the kernel's
// struct sock_filter, plus the opcode constants seccomp uses.
//
//   Insn load_nr = Insn::Stmt(kLdAbsW, kSeccompDataNrOffset);
//   Insn is_read = Insn::Jump(kJeqK, 0 /*read*/, 0, 1);
#ifndef CORDON_BPF_INSN_H_
#define CORDON_BPF_INSN_H_

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstddef>
#include <cstdint>

namespace cordon::bpf {

// Insn mirrors struct sock_filter {code, jt, jf, k}.
struct Insn {
  uint16_t code;
  uint8_t jt;
  uint8_t jf;
  uint32_t k;

  static constexpr Insn Stmt(uint16_t code, uint32_t k) { return Insn{code, 0, 0, k}; }
  static constexpr Insn Jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
    return Insn{code, jt, jf, k};
  }
  bool operator==(const Insn&) const = default;
};
static_assert(sizeof(Insn) == sizeof(sock_filter));
static_assert(offsetof(Insn, k) == offsetof(sock_filter, k));

// kMaxInsns is the kernel's limit on one classic BPF program (BPF_MAXINSNS).
inline constexpr size_t kMaxInsns = BPF_MAXINSNS;
// kMemWords is the number of scratch memory slots M[0..15].
inline constexpr uint32_t kMemWords = BPF_MEMWORDS;

// Opcodes (class | size | mode, or class | op | source).
inline constexpr uint16_t kLdAbsW = BPF_LD | BPF_W | BPF_ABS;
inline constexpr uint16_t kLdImm = BPF_LD | BPF_IMM;
inline constexpr uint16_t kLdMem = BPF_LD | BPF_MEM;
inline constexpr uint16_t kLdLen = BPF_LD | BPF_W | BPF_LEN;
inline constexpr uint16_t kLdxImm = BPF_LDX | BPF_W | BPF_IMM;
inline constexpr uint16_t kLdxMem = BPF_LDX | BPF_W | BPF_MEM;
inline constexpr uint16_t kLdxLen = BPF_LDX | BPF_W | BPF_LEN;
inline constexpr uint16_t kSt = BPF_ST;
inline constexpr uint16_t kStx = BPF_STX;
inline constexpr uint16_t kAndK = BPF_ALU | BPF_AND | BPF_K;
inline constexpr uint16_t kJa = BPF_JMP | BPF_JA;
inline constexpr uint16_t kJeqK = BPF_JMP | BPF_JEQ | BPF_K;
inline constexpr uint16_t kJgtK = BPF_JMP | BPF_JGT | BPF_K;
inline constexpr uint16_t kJgeK = BPF_JMP | BPF_JGE | BPF_K;
inline constexpr uint16_t kJsetK = BPF_JMP | BPF_JSET | BPF_K;
inline constexpr uint16_t kRetK = BPF_RET | BPF_K;
inline constexpr uint16_t kRetA = BPF_RET | BPF_A;
inline constexpr uint16_t kTax = BPF_MISC | BPF_TAX;
inline constexpr uint16_t kTxa = BPF_MISC | BPF_TXA;

// Offsets into struct seccomp_data.
inline constexpr uint32_t kSeccompDataSize = sizeof(seccomp_data);
inline constexpr uint32_t kNrOffset = offsetof(seccomp_data, nr);
inline constexpr uint32_t kArchOffset = offsetof(seccomp_data, arch);
inline constexpr uint32_t kIpOffset = offsetof(seccomp_data, instruction_pointer);
inline constexpr uint32_t kArgsOffset = offsetof(seccomp_data, args);

// ArgLowOffset/ArgHighOffset locate the 32-bit halves of argument `i`
// (seccomp_data is in the CPU's byte order; cordon targets little-endian).
constexpr uint32_t ArgLowOffset(int i) { return kArgsOffset + 8u * static_cast<uint32_t>(i); }
constexpr uint32_t ArgHighOffset(int i) { return ArgLowOffset(i) + 4u; }

// IsConditionalJump is true for JEQ/JGT/JGE/JSET with K or X.
constexpr bool IsConditionalJump(uint16_t code) {
  return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

}  // namespace cordon::bpf

#endif  // CORDON_BPF_INSN_H_
