// Internal to cordon/arch: the tables generated at build time behind the
// built-in arches. syscalls_gen.cc comes from cmake/gen_syscalls.cc
// (libseccomp), constants_gen.cc from cmake/gen_constants.py (the
// toolchain's headers); both live in the build tree. Use arch.h instead.
#ifndef CORDON_ARCH_TABLES_H_
#define CORDON_ARCH_TABLES_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cordon::arch::internal {

// NamedNumber is one generated syscall table entry.
struct NamedNumber {
  const char* name;
  uint32_t nr;
};

// NamedValue is one generated constant; value is the header's value converted
// to uint64_t (negative values sign-extended).
struct NamedValue {
  const char* name;
  uint64_t value;
};

// kLibseccompVersion is the libseccomp release the syscall tables came from.
extern const char kLibseccompVersion[];
extern const NamedNumber kX86_64Syscalls[];
extern const size_t kX86_64SyscallsCount;
extern const NamedNumber kI386Syscalls[];
extern const size_t kI386SyscallsCount;
extern const NamedNumber kAarch64Syscalls[];
extern const size_t kAarch64SyscallsCount;
extern const NamedNumber kX32Syscalls[];
extern const size_t kX32SyscallsCount;

// ConstantTable is a generated constant table with its own hash index, so
// the built-in arches need no start-up work to look names up. Entries are
// sorted by name; slots[Fnv1a(name) % slot_count], probed linearly, holds
// an entry index + 1, or 0 where the probe ends. slot_count is a power of 2.
struct ConstantTable {
  const NamedValue* entries;
  size_t count;
  const uint16_t* slots;
  size_t slot_count;
};

// Fnv1a is the 64-bit FNV-1a hash; cmake/gen_constants.py computes the same.
constexpr uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
  return h;
}

// Find returns the entry called `name`, or nullptr.
inline const NamedValue* Find(const ConstantTable& t, std::string_view name) {
  for (size_t at = Fnv1a(name) & (t.slot_count - 1);; at = (at + 1) & (t.slot_count - 1)) {
    if (t.slots[at] == 0) return nullptr;
    const NamedValue& e = t.entries[t.slots[at] - 1];
    if (name == e.name) return &e;
  }
}

// kNativeConstantsSource names the target, libc and kernel headers used.
extern const char kNativeConstantsSource[];
extern const ConstantTable kNativeConstantTable;

}  // namespace cordon::arch::internal

#endif  // CORDON_ARCH_TABLES_H_
