// Arch lookups and the built-in arches. The tables come from tables.h
// (generated at build time); this file is the only place in cordon that asks
// the compiler which machine it targets.
#include "cordon/arch/arch.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <utility>

#include "cordon/arch/tables.h"

namespace cordon::arch {

Arch::Arch(std::string name, uint32_t audit_arch, int bits, uint32_t foreign_nr_mask,
           std::vector<Syscall> syscalls, std::unordered_map<std::string, uint64_t> constants,
           std::string source, const Arch* fallback_constants)
    : name_(std::move(name)),
      audit_arch_(audit_arch),
      bits_(bits),
      foreign_nr_mask_(foreign_nr_mask),
      syscalls_(std::move(syscalls)),
      constants_(std::move(constants)),
      source_(std::move(source)),
      fallback_constants_(fallback_constants) {
  CHECK(bits_ == 32 || bits_ == 64);
  // Sorted by number, then name, so SyscallName is deterministic when a
  // table lists two names for one number.
  std::sort(syscalls_.begin(), syscalls_.end(), [](const Syscall& a, const Syscall& b) {
    return a.nr != b.nr ? a.nr < b.nr : a.name < b.name;
  });
  by_name_.reserve(syscalls_.size());
  by_nr_.reserve(syscalls_.size());
  for (size_t i = 0; i < syscalls_.size(); ++i) {
    by_name_.emplace(syscalls_[i].name, syscalls_[i].nr);
    by_nr_.emplace(syscalls_[i].nr, i);
  }
}

Arch::Arch(std::string name, uint32_t audit_arch, int bits, uint32_t foreign_nr_mask,
           std::vector<Syscall> syscalls, const internal::ConstantTable& builtin_constants,
           std::string source)
    : Arch(std::move(name), audit_arch, bits, foreign_nr_mask, std::move(syscalls),
           std::unordered_map<std::string, uint64_t>(), std::move(source)) {
  builtin_constants_ = &builtin_constants;
}

std::optional<uint32_t> Arch::SyscallNumber(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::string_view Arch::SyscallName(uint32_t nr) const {
  auto it = by_nr_.find(nr);
  return it == by_nr_.end() ? std::string_view() : syscalls_[it->second].name;
}

std::optional<uint64_t> Arch::OwnConstant(std::string_view name) const {
  if (builtin_constants_ != nullptr) {
    if (const internal::NamedValue* e = internal::Find(*builtin_constants_, name)) return e->value;
  }
  if (!constants_.empty()) {
    auto it = constants_.find(std::string(name));
    if (it != constants_.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<uint64_t> Arch::Constant(std::string_view name) const {
  std::optional<uint64_t> value = OwnConstant(name);
  if (!value && fallback_constants_ != nullptr) return fallback_constants_->Constant(name);
  return value;
}

std::vector<std::string> Arch::ConstantNames(uint64_t value, std::string_view prefix) const {
  // A linear scan: this runs when printing, not when compiling, and keeping
  // no reverse index makes NativeArch() cheaper at every start.
  std::vector<std::string> names;
  for (const auto& [name, v] : constants_) {
    if (v == value && name.starts_with(prefix)) names.push_back(name);
  }
  if (builtin_constants_ != nullptr) {
    for (size_t i = 0; i < builtin_constants_->count; ++i) {
      const internal::NamedValue& e = builtin_constants_->entries[i];
      if (e.value == value && std::string_view(e.name).starts_with(prefix)) {
        names.emplace_back(e.name);
      }
    }
  }
  if (fallback_constants_ != nullptr) {
    for (std::string& name : fallback_constants_->ConstantNames(value, prefix)) {
      // A name this arch defines itself (with another value) hides the fallback's.
      if (!OwnConstant(name)) names.push_back(std::move(name));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

size_t Arch::constant_count() const {
  return constants_.size() + (builtin_constants_ != nullptr ? builtin_constants_->count : 0);
}

namespace {

using internal::NamedNumber;

#if defined(__x86_64__) && defined(__ILP32__)
constexpr std::string_view kNativeName = "x32";
#elif defined(__x86_64__)
constexpr std::string_view kNativeName = "x86_64";
#elif defined(__i386__)
constexpr std::string_view kNativeName = "i386";
#elif defined(__aarch64__)
constexpr std::string_view kNativeName = "aarch64";
#else
#error "cordon has no built-in arch for this target; add one to arch.cc and gen_syscalls.cc"
#endif

struct BuiltinSpec {
  std::string_view name;
  uint32_t audit_arch;
  int bits;
  uint32_t foreign_nr_mask;
  const NamedNumber* syscalls;
  const size_t* syscall_count;
};

// x32 shares AUDIT_ARCH_X86_64 and marks its numbers with kX32SyscallBit, so
// an x86_64 filter must treat numbers with that bit as another ABI. Its
// longs and pointers are 32 bits wide; like libseccomp we give it bits 32.
const std::array<BuiltinSpec, 4> kBuiltins = {{
    {"x86_64", kAuditArchX86_64, 64, kX32SyscallBit, internal::kX86_64Syscalls,
     &internal::kX86_64SyscallsCount},
    {"i386", kAuditArchI386, 32, 0, internal::kI386Syscalls, &internal::kI386SyscallsCount},
    {"aarch64", kAuditArchAarch64, 64, 0, internal::kAarch64Syscalls,
     &internal::kAarch64SyscallsCount},
    {"x32", kAuditArchX86_64, 32, 0, internal::kX32Syscalls, &internal::kX32SyscallsCount},
}};

struct Alias {
  std::string_view alias;
  size_t index;  // into kBuiltins
};

constexpr Alias kAliases[] = {
    {"x86_64", 0}, {"amd64", 0},   {"x86-64", 0}, {"i386", 1}, {"i686", 1},
    {"x86", 1},    {"aarch64", 2}, {"arm64", 2},  {"x32", 3},
};

const Arch* MakeBuiltin(const BuiltinSpec& spec) {
  std::vector<Syscall> syscalls;
  syscalls.reserve(*spec.syscall_count);
  for (size_t i = 0; i < *spec.syscall_count; ++i) {
    syscalls.push_back({spec.syscalls[i].name, spec.syscalls[i].nr});
  }
  std::string source = "syscalls from libseccomp " + std::string(internal::kLibseccompVersion) +
                       "; constants from " + internal::kNativeConstantsSource;
  if (spec.name != kNativeName) {
    source += " (build host's headers, not " + std::string(spec.name) + "'s)";
  }
  // Built-in arches live until exit: they are handed out as plain pointers
  // and must outlive every static that holds one.
  return new Arch(std::string(spec.name), spec.audit_arch, spec.bits, spec.foreign_nr_mask,
                  std::move(syscalls), internal::kNativeConstantTable, std::move(source));
}

const Arch& BuiltinAt(size_t index) {
  static std::array<std::once_flag, kBuiltins.size()> once;
  static std::array<const Arch*, kBuiltins.size()> arches;
  std::call_once(once[index], [index] { arches[index] = MakeBuiltin(kBuiltins[index]); });
  return *arches[index];
}

}  // namespace

const Arch* FindArch(std::string_view name) {
  for (const Alias& a : kAliases) {
    if (a.alias == name) return &BuiltinAt(a.index);
  }
  return nullptr;
}

const Arch& NativeArch() {
  static const Arch* native = FindArch(kNativeName);
  return *native;
}

std::vector<const Arch*> BuiltinArchs() {
  std::vector<const Arch*> out;
  for (size_t i = 0; i < kBuiltins.size(); ++i) out.push_back(&BuiltinAt(i));
  return out;
}

}  // namespace cordon::arch
