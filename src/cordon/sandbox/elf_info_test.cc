#include "cordon/sandbox/elf_info.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "cordon/base/unique_fd.h"

namespace cordon::sandbox {
namespace {

ElfInfo InspectPath(const char* path) {
  UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ElfInfo{};
  return InspectElf(fd.get());
}

TEST(ElfInfoTest, DebianCatIsDynamicAndNative) {
  ElfInfo info = InspectPath("/bin/cat");
  EXPECT_EQ(info.kind, ElfKind::kDynamic);
  EXPECT_TRUE(info.native());
}

TEST(ElfInfoTest, LdconfigIsStaticPie) {
  // Debian ships ldconfig statically linked (static-pie: ET_DYN without PT_INTERP).
  if (access("/sbin/ldconfig", R_OK) != 0) GTEST_SKIP() << "no /sbin/ldconfig";
  ElfInfo info = InspectPath("/sbin/ldconfig");
  EXPECT_EQ(info.kind, ElfKind::kStatic);
  EXPECT_TRUE(info.native());
}

TEST(ElfInfoTest, ScriptsAndGarbageAreNotElf) {
  char path[] = "/tmp/cordon-elf-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "#!/bin/sh\necho hi\n", 18), 18);
  EXPECT_EQ(InspectElf(fd).kind, ElfKind::kNotElf);
  close(fd);
  unlink(path);
  EXPECT_EQ(InspectPath("/nonexistent").kind, ElfKind::kUnreadable);
  EXPECT_FALSE(ElfInfo{}.native());
}

TEST(ElfInfoTest, ShebangLikeTheKernel) {
  std::optional<Shebang> s = ParseShebang("#!/bin/sh\necho\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->interpreter, "/bin/sh");
  EXPECT_FALSE(s->argument);
  s = ParseShebang("#!  /usr/bin/env   python3 -u  \r\nprint()\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->interpreter, "/usr/bin/env");
  EXPECT_EQ(s->argument, "python3 -u");  // one argument, as the kernel passes it
  EXPECT_FALSE(ParseShebang("#!\n"));
  EXPECT_FALSE(ParseShebang("echo hi"));
}

}  // namespace
}  // namespace cordon::sandbox
