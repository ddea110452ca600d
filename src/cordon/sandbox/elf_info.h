// ElfInfo: is a program dynamically linked (it has a PT_INTERP, so the
// dynamic loader runs first and the preload library can install the filter
// after it) or static (the filter must be installed before exec)?
//
//   UniqueFd fd(open("/bin/cat", O_RDONLY | O_CLOEXEC));
//   ElfInfo info = InspectElf(fd.get());     // kind == ElfKind::kDynamic
//   if (!info.native()) ...                  // an i386 program on x86_64
//
// InspectElf allocates nothing, so the forked launcher child uses it to
// check that the file it is about to execute is the one the parent planned
// for.
#ifndef CORDON_SANDBOX_ELF_INFO_H_
#define CORDON_SANDBOX_ELF_INFO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordon::sandbox {

enum class ElfKind {
  kUnreadable,  // the header could not be read
  kNotElf,      // not an ELF file (a script, or garbage)
  kStatic,      // ELF without PT_INTERP (static or static-pie)
  kDynamic,     // ELF with PT_INTERP
};

struct ElfInfo {
  ElfKind kind = ElfKind::kUnreadable;
  int elf_class = 0;     // 32 or 64
  uint16_t machine = 0;  // e_machine (EM_X86_64, ...)
  // native reports whether the program runs with this machine's syscall
  // ABI (the only one the preload library and the filter are built for).
  bool native() const;
};

// InspectElf reads the headers of the open file `fd` (pread; the file
// offset is not moved).
ElfInfo InspectElf(int fd);

// ElfKindName: "static", "dynamic", "not ELF", "unreadable".
const char* ElfKindName(ElfKind kind);

// Shebang is a script's "#!interpreter [argument]" line.
struct Shebang {
  std::string interpreter;
  std::optional<std::string> argument;
};

// ParseShebang reads the first line of `head` (the first bytes of a file)
// as the kernel does: after "#!", blanks, the interpreter up to a blank,
// then the rest of the line (trimmed) as one optional argument.
std::optional<Shebang> ParseShebang(std::string_view head);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_ELF_INFO_H_
