// FormatCall: a seccomp_data as a person reads it, for `cordon run -L` (and
// `cordon learn`): the syscall's name and its arguments, with numbers that
// stand for constants printed as their names.
//
//   seccomp_data d = {.nr = 16, .arch = AUDIT_ARCH_X86_64, .args = {1, 0x5401, 0x7ffd5c1e2a40}};
//   FormatCall(NativeArch(), d) == "ioctl(1, TCGETS, 0x7ffd5c1e2a40)"
//   // socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0), mmap(NULL, 4096,
//   // PROT_READ|PROT_EXEC, MAP_PRIVATE, 3, 0x0), openat(AT_FDCWD, 0x5555..., O_RDONLY)
//
// It reads only the integers of seccomp_data (never the process's memory):
// a path argument is shown as its address. Syscalls it has no signature for
// print all six arguments in hex; calls of another ABI (i386, x32) are named
// from that ABI's table.
#ifndef CORDON_SANDBOX_SYSCALL_FORMAT_H_
#define CORDON_SANDBOX_SYSCALL_FORMAT_H_

#include <linux/seccomp.h>

#include <string>

#include "cordon/arch/arch.h"

namespace cordon::sandbox {

// ArchForCall returns the arch a call was made with: `native` unless the
// call carries another AUDIT_ARCH or a foreign-ABI number (x32), then the
// built-in arch that matches, or nullptr.
const arch::Arch* ArchForCall(const arch::Arch& native, const seccomp_data& data);

// FormatCall renders the call as described above.
std::string FormatCall(const arch::Arch& native, const seccomp_data& data);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_SYSCALL_FORMAT_H_
