#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cordon/arch/arch.h"

namespace cordon::arch {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class ArchJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cordon-arch-json-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Write stores `text` as dir_/constants.json and returns its path.
  std::string Write(const std::string& text) {
    std::string path = dir_ + "/constants.json";
    std::ofstream(path) << text;
    return path;
  }

  // ErrorFor loads `text` and returns the error message ("" if it loaded).
  std::string ErrorFor(const std::string& text) {
    Result<std::unique_ptr<Arch>> r = LoadArchJson(Write(text));
    if (r.ok()) return "";
    EXPECT_EQ(r.status().code(), Code::kInvalidInput) << r.status().message();
    return r.status().message();
  }

  std::string dir_;
};

constexpr char kSmallX86_64[] = R"({
  "arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
  "syscalls": {"read": 0, "write": 1, "mseal": 462},
  "constants": {"PR_GET_AUXV": 1096112214, "EPERM": 99, "SI_TKILL": -6,
                "BIG": 18446744073709551615, "NEWCONST": 7}
})";

TEST_F(ArchJsonTest, LoadsTablesAndFallsBackToTheBuiltinArch) {
  Result<std::unique_ptr<Arch>> r = LoadArchJson(Write(kSmallX86_64));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Arch& a = **r;
  EXPECT_EQ(a.name(), "x86_64");
  EXPECT_EQ(a.audit_arch(), kAuditArchX86_64);
  EXPECT_EQ(a.bits(), 64);
  EXPECT_EQ(a.foreign_nr_mask(), kX32SyscallBit);
  EXPECT_EQ(a.SyscallNumber("mseal"), 462u);
  EXPECT_EQ(a.SyscallName(1), "write");
  EXPECT_EQ(a.SyscallNumber("openat"), std::nullopt) << "syscalls never fall back";
  EXPECT_EQ(a.syscalls().size(), 3u);
  EXPECT_EQ(a.constant_count(), 5u);

  EXPECT_EQ(a.Constant("PR_GET_AUXV"), 0x41555856u);
  EXPECT_EQ(a.Constant("SI_TKILL"), static_cast<uint64_t>(-6)) << "negative: sign-extended";
  EXPECT_EQ(a.Constant("BIG"), ~uint64_t{0});
  EXPECT_EQ(a.Constant("EPERM"), 99u) << "the file wins over the built-in table";
  EXPECT_EQ(a.Constant("AT_FDCWD"), static_cast<uint64_t>(-100)) << "from the built-in x86_64";
  EXPECT_EQ(a.Constant("NO_SUCH_CONSTANT"), std::nullopt);

  EXPECT_THAT(a.ConstantNames(7, "NEW"), Contains("NEWCONST"));
  EXPECT_THAT(a.ConstantNames(0x5401, "TC"), Contains("TCGETS")) << "names from the fallback";
  EXPECT_THAT(a.ConstantNames(1, "EPERM"), Not(Contains("EPERM"))) << "shadowed by the file";
  EXPECT_THAT(a.ConstantNames(99, "E"), Contains("EPERM"));
  EXPECT_THAT(a.source(), HasSubstr("constants.json"));
}

TEST_F(ArchJsonTest, UnknownArchLoadsWithoutFallback) {
  Result<std::unique_ptr<Arch>> r = LoadArchJson(Write(R"({
    "arch_nr": 3221225715, "arch_name": "riscv64", "bits": 64,
    "syscalls": {"openat": 56}, "constants": {"O_RDONLY": 0}})"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->name(), "riscv64");
  EXPECT_EQ((*r)->foreign_nr_mask(), 0u);
  EXPECT_EQ((*r)->Constant("O_RDONLY"), 0u);
  EXPECT_EQ((*r)->Constant("EPERM"), std::nullopt);
}

TEST_F(ArchJsonTest, AliasesNameTheBuiltinAndConstantsAreOptional) {
  Result<std::unique_ptr<Arch>> r = LoadArchJson(Write(R"({
    "arch_nr": 3221225655, "arch_name": "arm64", "bits": 64, "syscalls": {"openat": 56}})"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->name(), "aarch64");
  EXPECT_EQ((*r)->constant_count(), 0u);
  EXPECT_EQ((*r)->Constant("EPERM"), 1u);
}

TEST_F(ArchJsonTest, MissingFileNamesThePath) {
  Result<std::unique_ptr<Arch>> r = LoadArchJson(dir_ + "/absent.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr(dir_ + "/absent.json"));
}

TEST_F(ArchJsonTest, SyntaxErrorsGiveLineAndColumn) {
  std::string path = dir_ + "/constants.json";
  EXPECT_THAT(ErrorFor("{\n  \"arch_nr\": 1,,\n}"),
              StartsWith(path + ": invalid JSON: parse error at line 2, column 16"));
  EXPECT_THAT(ErrorFor(""), StartsWith(path + ": invalid JSON: "));
}

TEST_F(ArchJsonTest, ErrorsNameTheFileAndJsonPath) {
  std::string p = dir_ + "/constants.json: ";
  EXPECT_EQ(ErrorFor("[]"), p + "$: expected an object, found array");
  EXPECT_EQ(ErrorFor(R"({"arch_name": "x86_64", "bits": 64, "syscalls": {}})"),
            p + "$.arch_nr: missing; expected an AUDIT_ARCH_* integer");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": "x", "arch_name": "x86_64", "bits": 64, "syscalls": {}})"),
            p + "$.arch_nr: expected an integer, found string");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": -1, "arch_name": "x86_64", "bits": 64, "syscalls": {}})"),
            p + "$.arch_nr: expected an integer from 0 to 4294967295, found -1");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 48,
                         "syscalls": {}})"),
            p + "$.bits: expected 32 or 64, found 48");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64.0,
                         "syscalls": {}})"),
            p + "$.bits: expected an integer, found number");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": 5, "bits": 64, "syscalls": {}})"),
            p + "$.arch_name: expected a string, found number");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64})"),
            p + "$.syscalls: missing; expected an object of syscall numbers");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
                         "syscalls": [0]})"),
            p + "$.syscalls: expected an object of syscall numbers, found array");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
                         "syscalls": {"read": "zero"}})"),
            p + "$.syscalls.read: expected an integer, found string");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
                         "syscalls": {"read": 4294967296}})"),
            p + "$.syscalls.read: expected an integer from 0 to 4294967295, found 4294967296");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
                         "syscalls": {}, "constants": {"O_RDONLY": 1.5}})"),
            p + "$.constants.O_RDONLY: expected an integer, found number");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
                         "syscalls": {}, "constants": {"odd name": null}})"),
            p + "$.constants[\"odd name\"]: expected an integer, found null");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
                         "syscalls": {}, "constants": []})"),
            p + "$.constants: expected an object of integers, found array");
}

TEST_F(ArchJsonTest, RefusesAFileThatContradictsItsArchName) {
  std::string p = dir_ + "/constants.json: ";
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 3221225655, "arch_name": "x86_64", "bits": 64,
                         "syscalls": {}})"),
            p + "$.arch_nr: 0xc00000b7 is not the audit arch of x86_64 (0xc000003e)");
  EXPECT_EQ(ErrorFor(R"({"arch_nr": 1073741827, "arch_name": "i386", "bits": 64,
                         "syscalls": {}})"),
            p + "$.bits: 64 does not match i386 (32)");
}

TEST(ArchJsonCorpusTest, CrosvmConstantsJsonLoads) {
  std::string path =
      std::string(CORDON_SOURCE_DIR) + "/../shared/corpus/policies/crosvm/x86_64/constants.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "corpus file not found: " << path;
  Result<std::unique_ptr<Arch>> r = LoadArchJson(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Arch& a = **r;
  EXPECT_EQ(a.name(), "x86_64");
  EXPECT_EQ(a.audit_arch(), kAuditArchX86_64);
  EXPECT_EQ(a.bits(), 64);
  EXPECT_EQ(a.syscalls().size(), 375u);
  EXPECT_EQ(a.constant_count(), 2004u);
  EXPECT_EQ(a.SyscallNumber("mseal"), 462u);
  EXPECT_EQ(a.SyscallNumber("openat"), 257u);
  EXPECT_EQ(a.Constant("PR_GET_AUXV"), 0x41555856u);
  EXPECT_EQ(a.Constant("MADV_GUARD_INSTALL"), 102u);
  EXPECT_EQ(a.Constant("SI_TKILL"), static_cast<uint64_t>(-6));
  EXPECT_EQ(a.Constant("AT_FDCWD"), static_cast<uint64_t>(-100)) << "absent from the file";
}

}  // namespace
}  // namespace cordon::arch
