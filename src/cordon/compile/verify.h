// Verify: prove, by running the compiled program in the interpreter, that
// it gives the policy's answer. The inputs are chosen where programs go
// wrong: every syscall number of the arch and numbers around the table's
// ends, x32 and foreign-arch calls, and for each rule, arguments built from
// each comparison's interesting values (the constant, +/- 1, 0, all ones,
// each bit of the constant or mask, negative 32-bit values sign-extended,
// garbage in the upper half), one argument varied at a time around an
// assignment that satisfies each clause, plus seeded random mixes.
//
//   size_t cases = 0;
//   TRY(Verify(ir, program.insns(), VerifyOptions{}, &cases));
#ifndef CORDON_COMPILE_VERIFY_H_
#define CORDON_COMPILE_VERIFY_H_

#include <linux/seccomp.h>

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/bpf/insn.h"
#include "cordon/compile/filter_ir.h"

namespace cordon::compile {

struct VerifyOptions {
  uint64_t seed = 0x636f72646f6e;  // "cordon"
  // random_mixes is the number of seeded random argument mixes per syscall
  // with rules (on top of the systematic cases).
  int random_mixes = 16;
};

// InterestingValues lists the values worth trying for an argument compared
// by `cmp` on an arch with `bits`-bit arguments.
std::vector<uint64_t> InterestingValues(const Cmp& cmp, int bits);

// ForEachInput calls `fn` with every input described above.
void ForEachInput(const FilterIR& ir, const VerifyOptions& options,
                  const std::function<void(const seccomp_data&)>& fn);

// DescribeCall renders an input: "openat(0x1, 0xffffffff00000000, ...)"
// (all six arguments), with the arch and number when unknown.
std::string DescribeCall(const arch::Arch& arch, const seccomp_data& data);

// Verify runs every input through Evaluate and bpf::Run and fails with
// kInternal describing the first disagreement. *cases counts the inputs.
Status Verify(const FilterIR& ir, std::span<const bpf::Insn> insns, const VerifyOptions& options,
              size_t* cases);

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_VERIFY_H_
