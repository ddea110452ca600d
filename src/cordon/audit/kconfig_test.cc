#include "cordon/audit/kconfig.h"

#include <gtest/gtest.h>

#include "cordon/audit/audit_fixture.h"
#include "cordon/base/files.h"

namespace cordon::audit {
namespace {

constexpr char kConfig[] = R"(#
# Automatically generated file; DO NOT EDIT.
# Linux/x86 6.1.192 Kernel Configuration
#
CONFIG_CC_VERSION_TEXT="gcc-12 (Debian 12.2.0-14) 12.2.0"
CONFIG_SECURITY_YAMA=y
# CONFIG_INIT_ON_FREE_DEFAULT_ON is not set
CONFIG_BINFMT_MISC=m
CONFIG_PHYSICAL_START=0x1000000
CONFIG_LSM="landlock,lockdown,yama,loadpin,safesetid,integrity,apparmor,selinux,smack,tomoyo,bpf"
# a comment that is not a symbol
CONFIG_BROKEN_LINE
)";

TEST(KernelConfigTest, ParsesValuesNotSetAndAbsent) {
  KernelConfig c = ParseKernelConfig(kConfig);
  EXPECT_EQ(c.version(), "6.1.192");
  EXPECT_EQ(c.Get("SECURITY_YAMA"), "y");
  EXPECT_TRUE(c.IsY("SECURITY_YAMA"));
  EXPECT_EQ(c.Get("INIT_ON_FREE_DEFAULT_ON"), "n");
  EXPECT_TRUE(c.IsOff("INIT_ON_FREE_DEFAULT_ON"));
  EXPECT_TRUE(c.IsOff("NEVER_MENTIONED"));
  EXPECT_FALSE(c.Mentions("NEVER_MENTIONED"));
  EXPECT_FALSE(c.IsY("BINFMT_MISC"));
  EXPECT_FALSE(c.IsOff("BINFMT_MISC"));  // a module is not off
  EXPECT_EQ(c.Get("CC_VERSION_TEXT"), "gcc-12 (Debian 12.2.0-14) 12.2.0");
  EXPECT_EQ(c.Get("PHYSICAL_START"), "0x1000000");
  EXPECT_FALSE(c.Mentions("BROKEN_LINE"));
}

TEST(KernelConfigTest, DescribesLikeTheFile) {
  KernelConfig c = ParseKernelConfig(kConfig);
  EXPECT_EQ(c.Describe("SECURITY_YAMA"), "CONFIG_SECURITY_YAMA=y");
  EXPECT_EQ(c.Describe("INIT_ON_FREE_DEFAULT_ON"), "CONFIG_INIT_ON_FREE_DEFAULT_ON is not set");
  EXPECT_EQ(c.Describe("NOPE"), "CONFIG_NOPE absent");
}

TEST(KernelConfigTest, SplitsLsmOrder) {
  KernelConfig c = ParseKernelConfig(kConfig);
  auto lsm = c.Lsm();
  ASSERT_TRUE(lsm);
  ASSERT_EQ(lsm->size(), 11u);
  EXPECT_EQ((*lsm)[0], "landlock");
  EXPECT_EQ((*lsm)[2], "yama");
  EXPECT_FALSE(ParseKernelConfig("CONFIG_X=y\n").Lsm());
}

TEST(KernelConfigTest, ReadsGzipAndPlainFiles) {
  testing::FixtureTree tree;
  tree.WriteGzip("config.gz", kConfig);
  tree.Write("config", kConfig);
  for (const char* name : {"config.gz", "config"}) {
    Result<KernelConfig> c = ReadKernelConfigFile(tree.root() + "/" + name);
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_TRUE(c->IsY("SECURITY_YAMA")) << name;
    EXPECT_EQ(c->version(), "6.1.192") << name;
  }
}

TEST(KernelConfigTest, CorruptGzipIsInvalidInput) {
  std::string bytes = "\x1f\x8b\x08\x00garbage that is not deflate data";
  Result<std::string> r = DecodeConfigBytes(bytes, "bad.gz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidInput);
  EXPECT_NE(r.status().message().find("bad.gz"), std::string::npos);
}

TEST(KernelConfigTest, TruncatedGzipIsInvalidInput) {
  testing::FixtureTree tree;
  tree.WriteGzip("c.gz", std::string(kConfig) + std::string(5000, 'x'));
  Result<std::string> whole = ReadFile(tree.root() + "/c.gz");
  ASSERT_TRUE(whole.ok());
  Result<std::string> r = DecodeConfigBytes(whole->substr(0, whole->size() / 2), "c.gz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidInput);
}

TEST(KernelConfigTest, MissingFileNamesThePath) {
  Result<KernelConfig> r = ReadKernelConfigFile("/nonexistent/config");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/config"), std::string::npos);
}

}  // namespace
}  // namespace cordon::audit
