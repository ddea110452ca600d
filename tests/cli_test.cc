// The cordon binary's compile, disasm and sim commands: output, files and
// exit statuses as documented in src/cordon/cli/exit_codes.h.
#include <gtest/gtest.h>

#include "cordon/base/files.h"
#include "cordon/bpf/program.h"
#include "testing/run_command.h"

namespace cordon {
namespace {

using testing::CordonBinary;
using testing::RunCommand;
using testing::SourcePath;

testing::CommandResult Cordon(std::vector<std::string> args) {
  args.insert(args.begin(), CordonBinary());
  return RunCommand(args);
}

TEST(CliTest, CompileWritesAValidProgram) {
  testing::TempDir dir;
  std::string out = dir.path() + "/cat.bpf";
  auto r = Cordon({"compile", SourcePath("examples/cat.policy"), "-o", out, "--stats"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("instructions"), std::string::npos);
  EXPECT_NE(r.out.find("kernel-cached"), std::string::npos);
  Result<std::string> bytes = ReadFile(out);
  ASSERT_TRUE(bytes.ok());
  EXPECT_TRUE(bpf::Program::Decode(*bytes).ok());
  // The compiled file can be read back by disasm and sim.
  auto d = Cordon({"disasm", out});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("; openat"), std::string::npos) << d.out;
  auto s = Cordon({"sim", out, "openat"});
  EXPECT_EQ(s.out, "ALLOW\n");
}

TEST(CliTest, SimAsksPolicyAndProgram) {
  std::string p = SourcePath("examples/cat.policy");
  EXPECT_EQ(Cordon({"sim", p, "read", "3"}).out, "ALLOW\n");
  EXPECT_EQ(Cordon({"sim", p, "execve"}).out, "KILL_PROCESS\n");
  EXPECT_EQ(Cordon({"sim", p, "mmap", "0", "4096", "PROT_READ|PROT_WRITE"}).out, "ALLOW\n");
  EXPECT_EQ(Cordon({"sim", p, "mmap", "0", "4096", "PROT_WRITE|PROT_EXEC"}).out, "KILL_PROCESS\n");
  EXPECT_EQ(Cordon({"sim", p, "0x40000000"}).out, "KILL_PROCESS\n");  // x32 read
  EXPECT_EQ(Cordon({"sim", p, "read", "--call-arch", "i386"}).out, "KILL_PROCESS\n");
  auto e = Cordon({"sim", p, "mmap", "0", "1", "7", "--explain"});
  EXPECT_NE(e.out.find("decided by: the default action"), std::string::npos) << e.out;
  auto lang = SourcePath("tests/data/policies/lang/main.policy");
  EXPECT_EQ(Cordon({"sim", lang, "socket", "AF_INET"}).out, "ERRNO(EPERM)\n");
  auto ex = Cordon({"sim", lang, "socket", "AF_INET", "--explain"});
  EXPECT_NE(ex.out.find("main.policy:13:"), std::string::npos) << ex.out;
  EXPECT_EQ(Cordon({"sim", lang, "lseek", "-1", "0", "0"}).out, "KILL_PROCESS\n");
}

TEST(CliTest, ErrorsHaveLocationsAndDistinctExitCodes) {
  testing::TempDir dir;
  std::string bad = dir.Write("bad.policy", "read: 1\nopne: 1\nwrite: arg9 == 1\n");
  auto r = Cordon({"compile", bad, "-o", dir.path() + "/x.bpf"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ":2:1: error: unknown syscall 'opne' on x86_64; did you mean 'open'?\n"
                       "    opne: 1\n    ^~~~\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(bad + ":3:8: error: 'arg9' does not exist"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cordon: " + bad + ": 2 errors"), std::string::npos) << r.err;
  EXPECT_FALSE(ReadFile(dir.path() + "/x.bpf").ok()) << "nothing written on error";

  auto missing = Cordon({"compile", dir.path() + "/nope.policy", "-o", dir.path() + "/x.bpf"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("nope.policy: ENOENT"), std::string::npos) << missing.err;

  EXPECT_EQ(Cordon({"compile", bad}).exit_code, 1);           // no -o
  EXPECT_EQ(Cordon({"compile", "--frobnicate"}).exit_code, 1);
  EXPECT_EQ(Cordon({"compile", bad, "-o", "x", "--arch", "vax"}).exit_code, 1);
  EXPECT_EQ(Cordon({"frobnicate"}).exit_code, 1);
  EXPECT_EQ(Cordon({"sim", SourcePath("examples/cat.policy"), "notasyscall"}).exit_code, 3);

  // A program over the kernel's limit is refused before writing.
  std::string big;
  for (int i = 0; i < 300; ++i) {
    big += "read: arg0 == " + std::to_string(i * 7) + " || arg1 == " + std::to_string(i) +
           " || arg2 == " + std::to_string(i) + "\n";
    big += "read: arg3 == " + std::to_string(i * 11) + "\n";
  }
  std::string big_path = dir.Write("big.policy", big);
  auto b = Cordon({"compile", big_path, "-o", dir.path() + "/big.bpf"});
  EXPECT_EQ(b.exit_code, 6) << b.err;
  EXPECT_NE(b.err.find("4096"), std::string::npos) << b.err;

  // A corrupt BPF file.
  std::string junk = dir.Write("junk.bpf", std::string("\x06\x00\x00\x00\x00\x00\x7f", 7));
  auto j = Cordon({"disasm", junk});
  EXPECT_EQ(j.exit_code, 2);
  EXPECT_NE(j.err.find("not a multiple of 8"), std::string::npos) << j.err;
}

TEST(CliTest, CompilesForOtherArches) {
  testing::TempDir dir;
  std::string portable = dir.Write("p.policy", "read: arg0 == 0\nwrite: 1\nexit_group: 1\n");
  for (const char* a : {"x86_64", "i386", "aarch64"}) {
    auto r = Cordon({"compile", portable, "-o", dir.path() + "/p.bpf", "--arch", a});
    EXPECT_EQ(r.exit_code, 0) << a << ": " << r.err;
    auto s = Cordon({"sim", dir.path() + "/p.bpf", "--arch", a, "read", "0"});
    EXPECT_EQ(s.out, "ALLOW\n") << a;
  }
  // Names are per arch: i386 has fstatat64, not newfstatat.
  auto r = Cordon({"compile", SourcePath("examples/cat.policy"), "-o", dir.path() + "/c.bpf",
                   "--arch", "i386"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown syscall 'newfstatat' on i386"), std::string::npos) << r.err;
}

TEST(CliTest, LintFindsPlantedHolesAndIsSilentOnACleanPolicy) {
  auto holes = Cordon({"lint", SourcePath("tests/data/lint/holes.policy")});
  EXPECT_EQ(holes.exit_code, 8);
  for (const char* id : {"[ioctl-tiocsti]", "[mmap-wx]", "[mprotect-wx]", "[socket-any-family]",
                         "[prctl-any-option]", "[clone-namespaces]", "[clone3-allowed]",
                         "[personality]", "[dangerous-syscall]", "[execve-allowed]",
                         "[never-matches]", "[duplicate-rule]"}) {
    EXPECT_NE(holes.out.find(id), std::string::npos) << id << "\n" << holes.out;
  }
  EXPECT_NE(holes.out.find("holes.policy:5:8: warning: ioctl allows TIOCSTI"), std::string::npos)
      << holes.out;
  auto clean = Cordon({"lint", SourcePath("tests/data/lint/clean.policy")});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  auto json = Cordon({"lint", "--json", SourcePath("tests/data/lint/holes.policy")});
  EXPECT_EQ(json.exit_code, 8);
  EXPECT_NE(json.out.find("\"id\": \"mmap-wx\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"line\": 6"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace cordon
