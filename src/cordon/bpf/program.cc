#include "cordon/bpf/program.h"

#include <cstring>

namespace cordon::bpf {
namespace {

std::string Where(size_t pc, const Insn& insn) {
  char buf[96];
  snprintf(buf, sizeof(buf), "instruction %zu (code 0x%04x, k 0x%08x)", pc, insn.code, insn.k);
  return buf;
}

// IsSeccompOpcode mirrors seccomp_check_filter's list of accepted opcodes.
bool IsSeccompOpcode(uint16_t code) {
  switch (code) {
    case kLdAbsW: case kLdLen: case kLdxLen:
    case kRetK: case kRetA:
    case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
    case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
    case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
    case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
    case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
    case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
    case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
    case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
    case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
    case BPF_ALU | BPF_NEG:
    case kLdImm: case kLdxImm: case kTax: case kTxa:
    case kLdMem: case kLdxMem: case kSt: case kStx:
    case kJa:
    case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
    case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
    case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
    case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
      return true;
    default:
      return false;
  }
}

// CheckMemory mirrors the kernel's check_load_and_stores: a scratch slot
// may be read only if every path to the read has written it.
Status CheckMemory(std::span<const Insn> insns) {
  constexpr uint16_t kAllValid = 0xffff;
  std::vector<uint16_t> valid(insns.size(), kAllValid);
  valid[0] = 0;
  for (size_t pc = 0; pc < insns.size(); ++pc) {
    const Insn& insn = insns[pc];
    uint16_t mem = valid[pc];
    switch (insn.code) {
      case kSt:
      case kStx:
        mem |= static_cast<uint16_t>(1u << insn.k);
        break;
      case kLdMem:
      case kLdxMem:
        if (!(mem & (1u << insn.k))) {
          return InvalidInput(Where(pc, insn) + " reads scratch memory M[" +
                              std::to_string(insn.k) + "] before any write on some path");
        }
        break;
      case kJa:
        valid[pc + 1 + insn.k] &= mem;
        mem = kAllValid;  // no fall-through
        break;
      default:
        if (IsConditionalJump(insn.code)) {
          valid[pc + 1 + insn.jt] &= mem;
          valid[pc + 1 + insn.jf] &= mem;
          mem = kAllValid;
        }
        break;
    }
    if (pc + 1 < insns.size()) valid[pc + 1] &= mem;
  }
  return OkStatus();
}

}  // namespace

Status Validate(std::span<const Insn> insns) {
  if (insns.empty()) return InvalidInput("empty BPF program");
  if (insns.size() > kMaxInsns) {
    return LimitExceeded("BPF program has " + std::to_string(insns.size()) +
                         " instructions; the kernel accepts at most " + std::to_string(kMaxInsns));
  }
  const size_t len = insns.size();
  for (size_t pc = 0; pc < len; ++pc) {
    const Insn& insn = insns[pc];
    if (!IsSeccompOpcode(insn.code)) {
      return InvalidInput(Where(pc, insn) + ": opcode not allowed in a seccomp filter");
    }
    switch (insn.code) {
      case kLdAbsW:
        if (insn.k >= kSeccompDataSize || (insn.k & 3) != 0) {
          return InvalidInput(Where(pc, insn) + ": load outside seccomp_data or unaligned");
        }
        break;
      case BPF_ALU | BPF_DIV | BPF_K:
        if (insn.k == 0) return InvalidInput(Where(pc, insn) + ": division by zero");
        break;
      case BPF_ALU | BPF_LSH | BPF_K:
      case BPF_ALU | BPF_RSH | BPF_K:
        if (insn.k >= 32) return InvalidInput(Where(pc, insn) + ": shift by 32 or more");
        break;
      case kLdMem: case kLdxMem: case kSt: case kStx:
        if (insn.k >= kMemWords) return InvalidInput(Where(pc, insn) + ": scratch slot out of range");
        break;
      case kJa:
        if (insn.k >= len - pc - 1) return InvalidInput(Where(pc, insn) + ": jump out of range");
        break;
      default:
        if (IsConditionalJump(insn.code) &&
            (pc + insn.jt + 1 >= len || pc + insn.jf + 1 >= len)) {
          return InvalidInput(Where(pc, insn) + ": jump out of range");
        }
        break;
    }
  }
  uint16_t last = insns[len - 1].code;
  if (last != kRetK && last != kRetA) {
    return InvalidInput("the last instruction is not a return");
  }
  return CheckMemory(insns);
}

Result<Program> Program::Create(std::vector<Insn> insns) {
  TRY(Validate(insns));
  return Program(std::move(insns));
}

Result<Program> Program::Decode(std::string_view bytes) {
  if (bytes.size() % sizeof(Insn) != 0) {
    return InvalidInput("BPF file size " + std::to_string(bytes.size()) +
                        " is not a multiple of 8 (struct sock_filter)");
  }
  std::vector<Insn> insns(bytes.size() / sizeof(Insn));
  if (!insns.empty()) std::memcpy(insns.data(), bytes.data(), bytes.size());
  return Create(std::move(insns));
}

std::string Program::Encode() const {
  return std::string(reinterpret_cast<const char*>(insns_.data()), insns_.size() * sizeof(Insn));
}

sock_fprog Program::fprog() const {
  return sock_fprog{static_cast<unsigned short>(insns_.size()),
                    reinterpret_cast<sock_filter*>(const_cast<Insn*>(insns_.data()))};
}

}  // namespace cordon::bpf
