#include "cordon/bpf/disasm.h"

#include <cstdio>
#include <vector>

#include "cordon/bpf/action.h"

namespace cordon::bpf {
namespace {

const char* JumpMnemonic(uint16_t code) {
  switch (BPF_OP(code)) {
    case BPF_JEQ: return "jeq";
    case BPF_JGT: return "jgt";
    case BPF_JGE: return "jge";
    case BPF_JSET: return "jset";
    default: return "j?";
  }
}

const char* AluMnemonic(uint16_t code) {
  switch (BPF_OP(code)) {
    case BPF_ADD: return "add";
    case BPF_SUB: return "sub";
    case BPF_MUL: return "mul";
    case BPF_DIV: return "div";
    case BPF_AND: return "and";
    case BPF_OR: return "or";
    case BPF_XOR: return "xor";
    case BPF_LSH: return "lsh";
    case BPF_RSH: return "rsh";
    case BPF_NEG: return "neg";
    default: return "alu?";
  }
}

std::string ArchName(uint32_t audit_arch) {
  for (const arch::Arch* a : arch::BuiltinArchs()) {
    if (a->audit_arch() == audit_arch && a->foreign_nr_mask() != 0) return a->name();
  }
  for (const arch::Arch* a : arch::BuiltinArchs()) {
    if (a->audit_arch() == audit_arch) return a->name();
  }
  return "";
}

// What the accumulator holds, for naming the constants it is compared with.
enum class Holds { kUnreached, kOther, kNr, kArch };

}  // namespace

std::string DescribeOffset(uint32_t offset) {
  if (offset == kNrOffset) return "nr";
  if (offset == kArchOffset) return "arch";
  if (offset == kIpOffset) return "instruction_pointer low";
  if (offset == kIpOffset + 4) return "instruction_pointer high";
  if (offset >= kArgsOffset && offset < kSeccompDataSize) {
    uint32_t i = (offset - kArgsOffset) / 8;
    return "args[" + std::to_string(i) + "]" + ((offset - kArgsOffset) % 8 == 0 ? " low" : " high");
  }
  return "?";
}

std::string Disassemble(std::span<const Insn> insns, const arch::Arch* arch) {
  std::string out;
  // What the accumulator holds on entry to each instruction, merged over
  // every path that reaches it (jumps only go forward, so one pass works).
  std::vector<Holds> entry(insns.size() + 1, Holds::kUnreached);
  if (!insns.empty()) entry[0] = Holds::kOther;
  auto flow = [&](size_t to, Holds h) {
    if (to >= entry.size()) return;
    entry[to] = entry[to] == Holds::kUnreached || entry[to] == h ? h : Holds::kOther;
  };
  char line[160];
  for (size_t pc = 0; pc < insns.size(); ++pc) {
    const Insn& insn = insns[pc];
    Holds holds = entry[pc] == Holds::kUnreached ? Holds::kOther : entry[pc];
    std::string text;
    std::string comment;
    char buf[96];
    switch (BPF_CLASS(insn.code)) {
      case BPF_LD:
        if (insn.code == kLdAbsW) {
          snprintf(buf, sizeof(buf), "ld   [%u]", insn.k);
          comment = DescribeOffset(insn.k);
          holds = insn.k == kNrOffset ? Holds::kNr : insn.k == kArchOffset ? Holds::kArch : Holds::kOther;
        } else if (insn.code == kLdImm) {
          snprintf(buf, sizeof(buf), "ld   #0x%x", insn.k);
          holds = Holds::kOther;
        } else if (insn.code == kLdMem) {
          snprintf(buf, sizeof(buf), "ld   M[%u]", insn.k);
          holds = Holds::kOther;
        } else if (insn.code == kLdLen) {
          snprintf(buf, sizeof(buf), "ld   #len");
          holds = Holds::kOther;
        } else {
          snprintf(buf, sizeof(buf), "ld?  0x%04x", insn.code);
        }
        text = buf;
        break;
      case BPF_LDX:
        if (insn.code == kLdxImm) snprintf(buf, sizeof(buf), "ldx  #0x%x", insn.k);
        else if (insn.code == kLdxMem) snprintf(buf, sizeof(buf), "ldx  M[%u]", insn.k);
        else if (insn.code == kLdxLen) snprintf(buf, sizeof(buf), "ldx  #len");
        else snprintf(buf, sizeof(buf), "ldx? 0x%04x", insn.code);
        text = buf;
        break;
      case BPF_ST:
        snprintf(buf, sizeof(buf), "st   M[%u]", insn.k);
        text = buf;
        break;
      case BPF_STX:
        snprintf(buf, sizeof(buf), "stx  M[%u]", insn.k);
        text = buf;
        break;
      case BPF_ALU:
        if (BPF_OP(insn.code) == BPF_NEG) {
          snprintf(buf, sizeof(buf), "neg");
        } else if (BPF_SRC(insn.code) == BPF_X) {
          snprintf(buf, sizeof(buf), "%-4s x", AluMnemonic(insn.code));
        } else {
          snprintf(buf, sizeof(buf), "%-4s #0x%x", AluMnemonic(insn.code), insn.k);
        }
        holds = Holds::kOther;
        text = buf;
        break;
      case BPF_JMP:
        if (insn.code == kJa) {
          snprintf(buf, sizeof(buf), "ja   %zu", pc + 1 + insn.k);
        } else if (BPF_SRC(insn.code) == BPF_X) {
          snprintf(buf, sizeof(buf), "%-4s x ? %zu : %zu", JumpMnemonic(insn.code),
                   pc + 1 + insn.jt, pc + 1 + insn.jf);
        } else {
          snprintf(buf, sizeof(buf), "%-4s #0x%x ? %zu : %zu", JumpMnemonic(insn.code), insn.k,
                   pc + 1 + insn.jt, pc + 1 + insn.jf);
          if (holds == Holds::kNr && arch != nullptr && BPF_OP(insn.code) != BPF_JSET) {
            std::string_view name = arch->SyscallName(insn.k);
            if (!name.empty()) comment = std::string(name);
          } else if (holds == Holds::kArch) {
            comment = ArchName(insn.k);
          }
        }
        text = buf;
        break;
      case BPF_RET:
        if (insn.code == kRetA) {
          text = "ret  a";
        } else {
          snprintf(buf, sizeof(buf), "ret  #0x%08x", insn.k);
          text = buf;
          comment = ActionName(insn.k);
        }
        break;
      case BPF_MISC:
        text = insn.code == kTax ? "tax" : insn.code == kTxa ? "txa" : "misc?";
        if (insn.code == kTxa) holds = Holds::kOther;
        break;
    }
    if (insn.code == kJa) {
      flow(pc + 1 + insn.k, holds);
    } else if (IsConditionalJump(insn.code)) {
      flow(pc + 1 + insn.jt, holds);
      flow(pc + 1 + insn.jf, holds);
    } else if (BPF_CLASS(insn.code) != BPF_RET) {
      flow(pc + 1, holds);
    }
    if (comment.empty()) {
      snprintf(line, sizeof(line), "%5zu  %s\n", pc, text.c_str());
    } else {
      snprintf(line, sizeof(line), "%5zu  %-30s ; %s\n", pc, text.c_str(), comment.c_str());
    }
    out += line;
  }
  return out;
}

}  // namespace cordon::bpf
