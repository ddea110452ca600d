#include "cordon/sandbox/mounts.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

namespace cordon::sandbox {
namespace {

TEST(MountsTest, FlagsAsNumbersOrNames) {
  EXPECT_EQ(ParseMountFlags("").value(), 0ul);
  EXPECT_EQ(ParseMountFlags("0x6").value(), 6ul);
  EXPECT_EQ(ParseMountFlags("MS_NODEV|MS_NOSUID|MS_RDONLY").value(),
            static_cast<unsigned long>(MS_NODEV | MS_NOSUID | MS_RDONLY));
  EXPECT_EQ(ParseMountFlags("MS_NOPE").status().code(), Code::kUsage);
  EXPECT_EQ(ParseMountFlags("-1").status().code(), Code::kUsage);
}

TEST(MountsTest, PlanCanonicalizesSources) {
  Mounts m;
  m.binds = {{"/bin", "", false}, {"/usr/../etc", "/cfg", true}};
  m.tmp_size = "64M";
  m.proc_read_only = true;
  Result<MountPlan> p = PlanMounts(m, /*mount_ns=*/true, /*new_pid_ns=*/true);
  ASSERT_TRUE(p.ok()) << p.status().message();
  // Debian's /bin is a symlink to usr/bin: the child opens the real path
  // with RESOLVE_NO_SYMLINKS; the target keeps the name the user wrote.
  EXPECT_EQ(p->binds[0].source, "/usr/bin");
  EXPECT_EQ(p->binds[0].target, "/bin");
  EXPECT_EQ(p->binds[1].source, "/etc");
  EXPECT_EQ(p->binds[1].target, "/cfg");
  EXPECT_TRUE(p->binds[1].writable);
  EXPECT_EQ(p->tmp_data, "mode=1777,size=64M");
  EXPECT_EQ(p->proc, ProcAction::kFreshReadOnly);
  EXPECT_EQ(PlanMounts(m, true, false)->proc, ProcAction::kReadOnly);
  EXPECT_FALSE(PlanMounts(m, false, false)->enabled);

  m.binds = {{"/no/such/dir", "", false}};
  EXPECT_EQ(PlanMounts(m, true, false).status().code(), Code::kNotFound);
  m.binds.clear();
  m.new_root = "/etc/passwd";
  EXPECT_FALSE(PlanMounts(m, true, false).ok());
}

}  // namespace
}  // namespace cordon::sandbox
