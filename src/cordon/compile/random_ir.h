// RandomFilterIR: random but well-formed FilterIRs for differential tests
// and fuzzers. The choices come from a Chooser, so a test can drive it with
// a seeded PRNG and a fuzzer with its input bytes.
//
//   SeededChooser choose(42);
//   FilterIR ir = RandomFilterIR(arch::NativeArch(), choose);
#ifndef CORDON_COMPILE_RANDOM_IR_H_
#define CORDON_COMPILE_RANDOM_IR_H_

#include <cstdint>
#include <random>

#include "cordon/compile/filter_ir.h"

namespace cordon::compile {

// Chooser supplies choices: Next(n) returns a value in [0, n).
class Chooser {
 public:
  virtual ~Chooser() = default;
  virtual uint64_t Next(uint64_t n) = 0;
};

class SeededChooser : public Chooser {
 public:
  explicit SeededChooser(uint64_t seed) : rng_(seed) {}
  uint64_t Next(uint64_t n) override { return n == 0 ? 0 : rng_() % n; }

 private:
  std::mt19937_64 rng_;
};

struct RandomIrOptions {
  int max_syscalls = 40;
  int max_rules = 4;
  int max_clauses = 3;
  int max_cmps = 3;
};

// RandomFilterIR draws syscalls from `arch`'s table (and a few numbers past
// it), rules with every CmpOp, constants biased towards edge values
// (0, all ones, sign bits, values whose halves differ), and every action.
FilterIR RandomFilterIR(const arch::Arch& arch, Chooser& choose, const RandomIrOptions& options = {});

}  // namespace cordon::compile

#endif  // CORDON_COMPILE_RANDOM_IR_H_
