#include "cordon/sandbox/syscall_format.h"

#include <gtest/gtest.h>

namespace cordon::sandbox {
namespace {

seccomp_data Call(const char* name, std::initializer_list<uint64_t> args) {
  const arch::Arch& a = arch::NativeArch();
  seccomp_data d{};
  d.nr = static_cast<int>(a.SyscallNumber(name).value());
  d.arch = a.audit_arch();
  int i = 0;
  for (uint64_t v : args) d.args[i++] = v;
  return d;
}

TEST(SyscallFormatTest, NamesConstantsLikeAPerson) {
  const arch::Arch& a = arch::NativeArch();
  uint64_t tcgets = a.Constant("TCGETS").value();
  EXPECT_EQ(FormatCall(a, Call("ioctl", {1, tcgets, 0x7ffd5c1e2a40})),
            "ioctl(1, TCGETS, 0x7ffd5c1e2a40)");
  uint64_t af_inet = a.Constant("AF_INET").value();
  uint64_t stream_cloexec = a.Constant("SOCK_STREAM").value() | a.Constant("SOCK_CLOEXEC").value();
  EXPECT_EQ(FormatCall(a, Call("socket", {af_inet, stream_cloexec, 0})),
            "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)");
  EXPECT_EQ(FormatCall(a, Call("socket", {a.Constant("AF_UNIX").value(), 2, 0})),
            "socket(AF_UNIX, SOCK_DGRAM, 0)");
  uint64_t prot = a.Constant("PROT_READ").value() | a.Constant("PROT_EXEC").value();
  EXPECT_EQ(FormatCall(a, Call("mmap", {0, 4096, prot, a.Constant("MAP_PRIVATE").value(), 3, 0})),
            "mmap(NULL, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE, 3, 0x0)");
  EXPECT_EQ(FormatCall(a, Call("openat", {static_cast<uint64_t>(-100), 0x5555, 0x80000})),
            "openat(AT_FDCWD, 0x5555, O_RDONLY|O_CLOEXEC)");
  EXPECT_EQ(FormatCall(a, Call("prctl", {a.Constant("PR_SET_NAME").value(), 0x1000})),
            "prctl(PR_SET_NAME, 0x1000, 0x0, 0x0, 0x0)");
  EXPECT_EQ(FormatCall(a, Call("exit_group", {3})), "exit_group(3)");
  EXPECT_EQ(FormatCall(a, Call("getpid", {})), "getpid()");
  EXPECT_EQ(FormatCall(a, Call("kill", {12, 9})), "kill(12, SIGKILL)");
}

TEST(SyscallFormatTest, UnknownCallsAndOtherAbis) {
  const arch::Arch& a = arch::NativeArch();
  seccomp_data d{};
  d.arch = a.audit_arch();
  d.nr = 0x3fff;  // no such syscall
  d.args[0] = 1;
  EXPECT_EQ(FormatCall(a, d), "syscall_0x3fff(0x1, 0x0, 0x0, 0x0, 0x0, 0x0)");
  if (a.name() == "x86_64") {
    d.nr = static_cast<int>(arch::kX32SyscallBit);  // x32 read
    d.args[0] = 0;
    EXPECT_EQ(FormatCall(a, d), "read[x32](0, NULL, 0)");
    d.arch = arch::kAuditArchI386;
    d.nr = 4;  // i386 write
    d.args[0] = 1;
    EXPECT_EQ(FormatCall(a, d), "write[i386](1, NULL, 0)");
  }
}

}  // namespace
}  // namespace cordon::sandbox
