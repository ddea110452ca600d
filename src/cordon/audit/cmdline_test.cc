#include "cordon/audit/cmdline.h"

#include <gtest/gtest.h>

namespace cordon::audit {
namespace {

TEST(CmdlineTest, SplitsFlagsAndValues) {
  Cmdline c = ParseCmdline("BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet slab_nomerge\n");
  EXPECT_TRUE(c.Has("slab_nomerge"));
  EXPECT_TRUE(c.Has("quiet"));
  EXPECT_FALSE(c.Value("quiet"));
  EXPECT_EQ(c.Value("root"), "UUID=abc");
  EXPECT_EQ(c.raw(), "BOOT_IMAGE=/vmlinuz root=UUID=abc ro quiet slab_nomerge");
}

TEST(CmdlineTest, LastValueWins) {
  Cmdline c = ParseCmdline("init_on_alloc=1 init_on_alloc=0");
  EXPECT_EQ(c.Value("init_on_alloc"), "0");
  EXPECT_EQ(c.Bool("init_on_alloc"), false);
}

TEST(CmdlineTest, DashesAndUnderscoresAreTheSameName) {
  Cmdline c = ParseCmdline("init-on-alloc=1 randomize_kstack-offset=on");
  EXPECT_EQ(c.Bool("init_on_alloc"), true);
  EXPECT_EQ(c.Bool("randomize-kstack_offset"), true);
}

TEST(CmdlineTest, DoubleDashEndsKernelParameters) {
  // This machine's own command line passes init arguments after "--".
  Cmdline c = ParseCmdline("pti=on rdinit=/process_api -- --firecracker-init nokaslr");
  EXPECT_TRUE(c.Has("pti"));
  EXPECT_FALSE(c.Has("nokaslr"));
  EXPECT_FALSE(c.Has("--firecracker-init"));
  EXPECT_EQ(c.raw(), "pti=on rdinit=/process_api");
}

TEST(CmdlineTest, QuotesGroupBlanks) {
  Cmdline c = ParseCmdline("dyndbg=\"file foo.c +p\" \"acpi_osi=Linux x\" nosmt");
  EXPECT_EQ(c.Value("dyndbg"), "file foo.c +p");
  EXPECT_EQ(c.Value("acpi_osi"), "Linux x");
  EXPECT_TRUE(c.Has("nosmt"));
}

TEST(CmdlineTest, EmptyAndBlankTextHaveNoParameters) {
  EXPECT_TRUE(ParseCmdline("").params().empty());
  EXPECT_TRUE(ParseCmdline("  \n").params().empty());
}

TEST(KernelBoolTest, FollowsKstrtobool) {
  for (const char* t : {"1", "y", "Y", "yes", "t", "true", "on", "ON"}) {
    EXPECT_EQ(ParseKernelBool(t), true) << t;
  }
  for (const char* f : {"0", "n", "N", "no", "f", "false", "off", "OFF"}) {
    EXPECT_EQ(ParseKernelBool(f), false) << f;
  }
  for (const char* bad : {"", "2", "o", "ok", "maybe", "-1"}) {
    EXPECT_EQ(ParseKernelBool(bad), std::nullopt) << bad;
  }
}

TEST(CmdlineTest, UnparsableBoolIsNullopt) {
  Cmdline c = ParseCmdline("init_on_alloc=maybe init_on_free");
  EXPECT_EQ(c.Bool("init_on_alloc"), std::nullopt);
  EXPECT_EQ(c.Bool("init_on_free"), std::nullopt);  // a bare flag has no value
}

}  // namespace
}  // namespace cordon::audit
