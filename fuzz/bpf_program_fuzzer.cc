// Fuzzes the BPF validator, interpreter, cache emulation and disassembler:
// any bytes either fail validation or form a program that runs to a RET on
// any input without touching memory it should not.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "cordon/bpf/disasm.h"
#include "cordon/bpf/interpreter.h"
#include "cordon/bpf/program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cordon;
  if (size < sizeof(seccomp_data)) return 0;
  seccomp_data input;
  std::memcpy(&input, data, sizeof(input));
  std::string_view bytes(reinterpret_cast<const char*>(data) + sizeof(input), size - sizeof(input));
  bytes = bytes.substr(0, bytes.size() - bytes.size() % sizeof(bpf::Insn));
  Result<bpf::Program> program = bpf::Program::Decode(bytes);
  if (!program.ok()) return 0;
  bpf::RunStats stats;
  (void)bpf::Run(program->insns(), input, &stats);
  if (stats.executed == 0 || stats.executed > program->size()) __builtin_trap();
  (void)bpf::IsCachedAllow(program->insns(), input.arch, static_cast<uint32_t>(input.nr));
  (void)bpf::Disassemble(program->insns(), &arch::NativeArch());
  return 0;
}
