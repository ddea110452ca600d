// Program: a classic BPF program the kernel's seccomp would accept.
//
// The only way to make one is Program::Create (or Decode), which applies the
// kernel's own checks (bpf_check_classic and seccomp_check_filter): length
// 1..4096, only the opcodes seccomp allows, aligned loads inside
// seccomp_data, jumps forward and in range, no scratch-memory read before a
// write on every path, no constant division by zero, a RET at the end.
//
//   Program p = TRY(Program::Create({Insn::Stmt(kRetK, kRetAllow)}));
//   std::string raw = p.Encode();          // struct sock_filter[] bytes
//   Program q = TRY(Program::Decode(raw));
#ifndef CORDON_BPF_PROGRAM_H_
#define CORDON_BPF_PROGRAM_H_

#include <linux/filter.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/bpf/insn.h"

namespace cordon::bpf {

// Validate returns OK when the kernel would accept `insns` as a seccomp
// filter, else kInvalidInput (kLimit for length) naming the instruction.
Status Validate(std::span<const Insn> insns);

// Program is an immutable, validated instruction sequence.
class Program {
 public:
  // Create validates `insns` and takes them.
  static Result<Program> Create(std::vector<Insn> insns);
  // Decode reads the native-endian struct sock_filter array that
  // `minijail0 --seccomp-bpf-binary` and `bwrap --seccomp` consume.
  static Result<Program> Decode(std::string_view bytes);

  // Encode writes the raw struct sock_filter array.
  std::string Encode() const;
  std::span<const Insn> insns() const { return insns_; }
  size_t size() const { return insns_.size(); }
  // fprog points into this Program; it must outlive the returned value.
  sock_fprog fprog() const;

 private:
  explicit Program(std::vector<Insn> insns) : insns_(std::move(insns)) {}
  std::vector<Insn> insns_;
};

}  // namespace cordon::bpf

#endif  // CORDON_BPF_PROGRAM_H_
