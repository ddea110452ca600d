#include "cordon/sandbox/elf_info.h"

#include <elf.h>
#include <unistd.h>

#include <cstring>

namespace cordon::sandbox {
namespace {

#if defined(__x86_64__)
constexpr uint16_t kNativeMachine = EM_X86_64;
constexpr int kNativeClass = 64;
#elif defined(__aarch64__)
constexpr uint16_t kNativeMachine = EM_AARCH64;
constexpr int kNativeClass = 64;
#elif defined(__i386__)
constexpr uint16_t kNativeMachine = EM_386;
constexpr int kNativeClass = 32;
#else
#error "cordon's launcher knows x86_64, aarch64 and i386"
#endif

// Program headers are read into this much stack; real programs use well
// under 1 KiB (13 headers of 56 bytes for /bin/cat).
constexpr size_t kPhdrBuffer = 4096;

bool ReadAt(int fd, void* buf, size_t size, uint64_t offset) {
  size_t done = 0;
  while (done < size) {
    ssize_t n =
        pread(fd, static_cast<char*>(buf) + done, size - done, static_cast<off_t>(offset + done));
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

template <typename Ehdr, typename Phdr>
ElfInfo Inspect(int fd, const Ehdr& eh, int elf_class) {
  ElfInfo info;
  info.elf_class = elf_class;
  info.machine = eh.e_machine;
  if (eh.e_phentsize != sizeof(Phdr) || eh.e_phnum == 0) {
    info.kind = ElfKind::kStatic;  // no program headers: nothing to interpret
    return info;
  }
  size_t bytes = static_cast<size_t>(eh.e_phnum) * sizeof(Phdr);
  if (bytes > kPhdrBuffer) {
    info.kind = ElfKind::kUnreadable;
    return info;
  }
  alignas(8) unsigned char buf[kPhdrBuffer];
  if (!ReadAt(fd, buf, bytes, eh.e_phoff)) {
    info.kind = ElfKind::kUnreadable;
    return info;
  }
  info.kind = ElfKind::kStatic;
  for (size_t i = 0; i < eh.e_phnum; ++i) {
    Phdr ph;
    std::memcpy(&ph, buf + i * sizeof(Phdr), sizeof(Phdr));
    if (ph.p_type == PT_INTERP) info.kind = ElfKind::kDynamic;
  }
  return info;
}

}  // namespace

bool ElfInfo::native() const {
  return (kind == ElfKind::kStatic || kind == ElfKind::kDynamic) && machine == kNativeMachine &&
         elf_class == kNativeClass;
}

ElfInfo InspectElf(int fd) {
  alignas(8) unsigned char ident[sizeof(Elf64_Ehdr)];
  std::memset(ident, 0, sizeof(ident));
  ssize_t n = pread(fd, ident, sizeof(ident), 0);
  if (n < 0) return ElfInfo{};
  if (n < EI_NIDENT || std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
    return ElfInfo{.kind = ElfKind::kNotElf};
  }
  if (ident[EI_CLASS] == ELFCLASS64 && static_cast<size_t>(n) >= sizeof(Elf64_Ehdr)) {
    Elf64_Ehdr eh;
    std::memcpy(&eh, ident, sizeof(eh));
    return Inspect<Elf64_Ehdr, Elf64_Phdr>(fd, eh, 64);
  }
  if (ident[EI_CLASS] == ELFCLASS32 && static_cast<size_t>(n) >= sizeof(Elf32_Ehdr)) {
    Elf32_Ehdr eh;
    std::memcpy(&eh, ident, sizeof(eh));
    return Inspect<Elf32_Ehdr, Elf32_Phdr>(fd, eh, 32);
  }
  return ElfInfo{.kind = ElfKind::kNotElf};
}

const char* ElfKindName(ElfKind kind) {
  switch (kind) {
    case ElfKind::kUnreadable:
      return "unreadable";
    case ElfKind::kNotElf:
      return "not ELF";
    case ElfKind::kStatic:
      return "static";
    case ElfKind::kDynamic:
      return "dynamic";
  }
  return "?";
}

std::optional<Shebang> ParseShebang(std::string_view head) {
  if (!head.starts_with("#!")) return std::nullopt;
  head.remove_prefix(2);
  size_t eol = head.find('\n');
  if (eol == std::string_view::npos) eol = head.size();
  std::string_view line = head.substr(0, eol);
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!line.empty() && blank(line.front())) line.remove_prefix(1);
  while (!line.empty() && (blank(line.back()) || line.back() == '\r')) line.remove_suffix(1);
  if (line.empty()) return std::nullopt;
  size_t end = 0;
  while (end < line.size() && !blank(line[end])) ++end;
  Shebang s{.interpreter = std::string(line.substr(0, end))};
  std::string_view rest = line.substr(end);
  while (!rest.empty() && blank(rest.front())) rest.remove_prefix(1);
  if (!rest.empty()) s.argument = std::string(rest);
  return s;
}

}  // namespace cordon::sandbox
