// Differential fuzzing of the compiler: a FilterIR drawn from the input
// bytes is compiled, and the program run in the interpreter must agree with
// the reference evaluator on every input verify.h generates (Compile does
// that check and fails with kInternal on any disagreement).
#include <cstddef>
#include <cstdint>

#include "cordon/compile/compiler.h"
#include "cordon/compile/random_ir.h"

namespace {

// BytesChooser draws choices from the fuzzer's bytes, then zeros.
class BytesChooser : public cordon::compile::Chooser {
 public:
  BytesChooser(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint64_t Next(uint64_t n) override {
    if (n <= 1) return 0;
    uint64_t v = 0;
    for (uint64_t range = 1; range < n && range != 0; range <<= 8) {
      v = (v << 8) | (pos_ < size_ ? data_[pos_++] : 0);
    }
    return v % n;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cordon;
  if (size < 2) return 0;
  const arch::Arch* arch = arch::FindArch((data[0] & 3) == 0 ? "i386" : (data[0] & 3) == 1 ? "aarch64" : "x86_64");
  BytesChooser choose(data + 1, size - 1);
  compile::RandomIrOptions options;
  options.max_syscalls = 24;
  compile::FilterIR ir = compile::RandomFilterIR(*arch, choose, options);
  compile::CompileOptions copts;
  copts.verify_options.random_mixes = 4;
  Result<bpf::Program> program = compile::Compile(ir, copts);
  if (!program.ok() && program.status().code() == Code::kInternal) __builtin_trap();
  return 0;
}
