// Arch: an architecture as data. Everything cordon knows about a target
// (its AUDIT_ARCH value, argument width, syscall numbers and named constants)
// lives in an Arch; no other directory has an architecture #if.
//
// Built-in arches come from tables generated at build time: syscall numbers
// from libseccomp's resolver, constants by running the preprocessor over the
// toolchain's kernel and libc headers (glibc first, then kernel-only
// headers; see cmake/gen_constants.py).
//
// All four built-in arches share the build host's constants. That is exact
// for the native arch and for x32 on x86_64 in most names, but not for a
// foreign arch: aarch64's O_DIRECTORY is 0x4000, not x86_64's 0x10000, and
// ioctl numbers that encode sizeof(long) differ on i386 and x32
// (FS_IOC_GETFLAGS). For another arch, or a kernel newer than the build
// host's headers (mseal, PR_GET_AUXV, MADV_GUARD_INSTALL on Debian 12), load
// a minijail/crosvm constants.json (--arch-json) instead:
//
//   const Arch& native = NativeArch();
//   std::optional<uint32_t> nr = native.SyscallNumber("openat");   // 257
//   std::unique_ptr<Arch> cros = TRY(LoadArchJson("constants.json"));
//   cros->Constant("PR_GET_AUXV");                                  // 0x41555856
#ifndef CORDON_ARCH_ARCH_H_
#define CORDON_ARCH_ARCH_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/base/status.h"

namespace cordon::arch {

inline constexpr uint32_t kAuditArchX86_64 = 0xc000003e;
inline constexpr uint32_t kAuditArchI386 = 0x40000003;
inline constexpr uint32_t kAuditArchAarch64 = 0xc00000b7;
// kX32SyscallBit marks x32 syscall numbers, which share AUDIT_ARCH_X86_64.
inline constexpr uint32_t kX32SyscallBit = 0x40000000;

namespace internal {
struct ConstantTable;  // a generated table; see tables.h
}  // namespace internal

// Syscall is one entry of a syscall table.
struct Syscall {
  std::string name;
  uint32_t nr;
};

// Arch describes one syscall ABI. Instances are immutable after creation.
class Arch {
 public:
  // Arch builds an arch from its tables; `syscalls` may come in any order.
  // `fallback_constants` (not owned; must outlive this Arch) answers
  // Constant() for names `constants` lacks.
  Arch(std::string name, uint32_t audit_arch, int bits, uint32_t foreign_nr_mask,
       std::vector<Syscall> syscalls, std::unordered_map<std::string, uint64_t> constants,
       std::string source, const Arch* fallback_constants = nullptr);
  // This constructor serves the built-in arches (arch.cc): their constants
  // stay in a generated, pre-hashed table that outlives every Arch.
  Arch(std::string name, uint32_t audit_arch, int bits, uint32_t foreign_nr_mask,
       std::vector<Syscall> syscalls, const internal::ConstantTable& builtin_constants,
       std::string source);

  // name is the canonical name: "x86_64", "i386", "aarch64", "x32".
  const std::string& name() const { return name_; }
  // audit_arch is the AUDIT_ARCH_* value seccomp_data.arch holds.
  uint32_t audit_arch() const { return audit_arch_; }
  // bits is the width of a syscall argument: 64 or 32 (x32 is 32, as in
  // libseccomp: its longs and pointers are 32 bits).
  int bits() const { return bits_; }
  // foreign_nr_mask: syscall numbers with any of these bits belong to another
  // ABI sharing this audit arch (kX32SyscallBit on x86_64), else 0.
  uint32_t foreign_nr_mask() const { return foreign_nr_mask_; }
  // source says where the tables came from, for --version and diagnostics.
  const std::string& source() const { return source_; }

  // SyscallNumber returns the number of `name`, or nullopt.
  std::optional<uint32_t> SyscallNumber(std::string_view name) const;
  // SyscallName returns the name of `nr`, or "" when the table lacks it.
  std::string_view SyscallName(uint32_t nr) const;
  // syscalls lists the table sorted by number.
  const std::vector<Syscall>& syscalls() const { return syscalls_; }

  // Constant returns the value of a named constant (O_RDONLY, EPERM, TCGETS),
  // or nullopt. Values are as the headers define them, sign-extended to 64
  // bits; callers truncate to bits().
  std::optional<uint64_t> Constant(std::string_view name) const;
  // ConstantNames lists the names starting with `prefix` whose value is
  // `value`, sorted, for printing numbers back as names.
  std::vector<std::string> ConstantNames(uint64_t value, std::string_view prefix) const;
  // constant_count is the number of named constants this arch knows itself
  // (not counting the fallback).
  size_t constant_count() const;

 private:
  // OwnConstant looks `name` up without the fallback.
  std::optional<uint64_t> OwnConstant(std::string_view name) const;

  std::string name_;
  uint32_t audit_arch_;
  int bits_;
  uint32_t foreign_nr_mask_;
  std::vector<Syscall> syscalls_;
  std::unordered_map<std::string, uint32_t> by_name_;
  std::unordered_map<uint32_t, size_t> by_nr_;
  std::unordered_map<std::string, uint64_t> constants_;
  const internal::ConstantTable* builtin_constants_ = nullptr;
  std::string source_;
  const Arch* fallback_constants_ = nullptr;
};

// FindArch returns the built-in arch called `name` (aliases: amd64, x86-64,
// x86, i686, arm64; lowercase as uname prints them), or nullptr. Each arch
// is built on first use, once, thread-safely, and lives until exit.
const Arch* FindArch(std::string_view name);

// NativeArch is the arch cordon was built for. The first call costs about
// 0.3 ms (the syscall maps); constants need no start-up work.
const Arch& NativeArch();

// BuiltinArchs lists every built-in arch.
std::vector<const Arch*> BuiltinArchs();

// LoadArchJson reads a minijail/crosvm constants.json ({"arch_nr", "bits",
// "arch_name", "syscalls", "constants"}; "constants" may be absent). Negative
// constants are sign-extended. Constants it lacks fall back to the built-in
// arch of the same name (an alias such as "arm64" works); syscalls do not.
// Errors (kInvalidInput, or ReadFile's) name the file and the JSON path:
// "constants.json: $.syscalls.read: expected an integer, found string".
Result<std::unique_ptr<Arch>> LoadArchJson(const std::string& path);

}  // namespace cordon::arch

#endif  // CORDON_ARCH_ARCH_H_
