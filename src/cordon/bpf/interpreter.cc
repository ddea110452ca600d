#include "cordon/bpf/interpreter.h"

#include <cstring>

#include "cordon/bpf/action.h"

namespace cordon::bpf {

uint32_t Run(std::span<const Insn> insns, const seccomp_data& data, RunStats* stats) {
  uint32_t a = 0;
  uint32_t x = 0;
  uint32_t mem[kMemWords] = {};
  uint32_t executed = 0;
  bool loaded_args = false;
  auto finish = [&](uint32_t ret) {
    if (stats != nullptr) *stats = RunStats{executed, loaded_args};
    return ret;
  };
  for (size_t pc = 0; pc < insns.size(); ++pc) {
    const Insn& insn = insns[pc];
    ++executed;
    uint32_t src = BPF_SRC(insn.code) == BPF_X ? x : insn.k;
    switch (insn.code) {
      case kLdAbsW:
        std::memcpy(&a, reinterpret_cast<const char*>(&data) + insn.k, sizeof(a));
        loaded_args |= insn.k != kNrOffset && insn.k != kArchOffset;
        break;
      case kLdLen: a = kSeccompDataSize; break;
      case kLdxLen: x = kSeccompDataSize; break;
      case kLdImm: a = insn.k; break;
      case kLdxImm: x = insn.k; break;
      case kLdMem: a = mem[insn.k]; break;
      case kLdxMem: x = mem[insn.k]; break;
      case kSt: mem[insn.k] = a; break;
      case kStx: mem[insn.k] = x; break;
      case kTax: x = a; break;
      case kTxa: a = x; break;
      case kRetK: return finish(insn.k);
      case kRetA: return finish(a);
      case kJa: pc += insn.k; break;
      case BPF_ALU | BPF_NEG: a = 0u - a; break;
      default:
        if (BPF_CLASS(insn.code) == BPF_ALU) {
          switch (BPF_OP(insn.code)) {
            case BPF_ADD: a += src; break;
            case BPF_SUB: a -= src; break;
            case BPF_MUL: a *= src; break;
            case BPF_DIV:
              if (src == 0) return finish(0);
              a /= src;
              break;
            case BPF_AND: a &= src; break;
            case BPF_OR: a |= src; break;
            case BPF_XOR: a ^= src; break;
            // The kernel's interpreter and JITs use the low five bits of the count.
            case BPF_LSH: a <<= (src & 31); break;
            case BPF_RSH: a >>= (src & 31); break;
          }
        } else if (BPF_CLASS(insn.code) == BPF_JMP) {
          bool taken = false;
          switch (BPF_OP(insn.code)) {
            case BPF_JEQ: taken = a == src; break;
            case BPF_JGT: taken = a > src; break;
            case BPF_JGE: taken = a >= src; break;
            case BPF_JSET: taken = (a & src) != 0; break;
          }
          pc += taken ? insn.jt : insn.jf;
        }
        break;
    }
  }
  // Unreachable for a validated program (it ends in RET).
  return finish(kRetKillProcess);
}

bool IsCachedAllow(std::span<const Insn> insns, uint32_t arch, uint32_t nr) {
  uint32_t reg = 0;
  for (size_t pc = 0; pc < insns.size(); ++pc) {
    const Insn& insn = insns[pc];
    switch (insn.code) {
      case kLdAbsW:
        if (insn.k == kNrOffset) {
          reg = nr;
        } else if (insn.k == kArchOffset) {
          reg = arch;
        } else {
          return false;
        }
        break;
      case kRetK: return insn.k == kRetAllow;
      case kJa: pc += insn.k; break;
      case kJeqK: pc += reg == insn.k ? insn.jt : insn.jf; break;
      case kJgeK: pc += reg >= insn.k ? insn.jt : insn.jf; break;
      case kJgtK: pc += reg > insn.k ? insn.jt : insn.jf; break;
      case kJsetK: pc += (reg & insn.k) != 0 ? insn.jt : insn.jf; break;
      case kAndK: reg &= insn.k; break;
      default: return false;
    }
  }
  return false;
}

}  // namespace cordon::bpf
