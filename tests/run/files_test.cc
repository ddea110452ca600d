// The file system a sandboxed program sees: a minimal root built from bind
// mounts (-P -b -t -r -d -k -C) and Landlock paths (--fs-path-*).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cordon/base/files.h"
#include "run_testing.h"

namespace cordon {
namespace {

using testing::CordonRun;
using testing::Lines;
using testing::Probe;

// MinimalRoot: an empty directory with mount points for the system's
// program directories and /work.
class MinimalRoot {
 public:
  MinimalRoot() {
    for (const char* d : {"usr", "bin", "lib", "lib64", "tmp", "proc", "dev", "work", "etc"}) {
      mkdir((root_.path() + "/" + d).c_str(), 0755);
    }
    mkdir((work_.path() + "/probe").c_str(), 0755);  // where the probe is bound
  }
  const std::string& path() const { return root_.path(); }
  const std::string& work() const { return work_.path(); }
  std::vector<std::string> Flags() const {
    return {"-P",     root_.path(),
            "-b/usr", "-b/bin",
            "-b/lib", "-b/lib64",
            "-b",     work_.path() + ",/work,1",
            "-b",     std::string(CORDON_RUN_PROBE_DIR) + ",/work/probe"};
  }
  // ProbeInside: where the probe is inside the root.
  std::string ProbeInside() const { return "/work/probe/cordon_probe"; }

 private:
  testing::TempDir root_;
  testing::TempDir work_;
};

std::vector<std::string> Cat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(RunFilesTest, MinimalRootFromBindMounts) {
  SKIP_UNLESS_ROOT();
  MinimalRoot root;
  std::string probe = root.ProbeInside();
  auto r = CordonRun(
      Cat(root.Flags(), {"-t", "-r", "/bin/sh", "-c",
                         "ls /; " + probe + " write /work/out; " + probe + " write /tmp/t; " +
                             probe + " write /etc/x; " + probe + " write /usr/x; " + probe +
                             " write /x; " + probe + " write /proc/sys/kernel/hostname"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  // Only what was bound or created is there.
  std::vector<std::string> want_ls = {"bin",  "dev", "etc", "lib", "lib64",
                                      "proc", "tmp", "usr", "work"};
  ASSERT_GE(lines.size(), want_ls.size() + 6) << r.out;
  EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + 9), want_ls);
  EXPECT_EQ(lines[9], "ok");      // the writable bind
  EXPECT_EQ(lines[10], "ok");     // -t: tmpfs on /tmp
  EXPECT_EQ(lines[11], "EROFS");  // the root itself is read-only
  EXPECT_EQ(lines[12], "EROFS");  // read-only bind
  EXPECT_EQ(lines[13], "EROFS");
  EXPECT_EQ(lines[14], "EROFS");                           // -r
  EXPECT_EQ(ReadFile(root.work() + "/out").value(), "x");  // the write reached the host
  struct stat st;
  EXPECT_NE(stat((root.path() + "/x").c_str(), &st), 0);
}

TEST(RunFilesTest, MinimalDevAndExtraMounts) {
  SKIP_UNLESS_ROOT();
  MinimalRoot root;
  mkdir((root.path() + "/mnt").c_str(), 0755);
  auto r = CordonRun(
      Cat(root.Flags(),
          {"-d", "-r", "-k", "tmpfs,/mnt,tmpfs,MS_NOSUID|MS_NODEV,size=1M", "/bin/sh", "-c",
           "ls /dev | tr '\\n' ' '; echo; echo hi > /dev/null && echo null-ok; "
           "echo x > /mnt/f && echo mnt-ok; grep ' /mnt ' /proc/self/mounts"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out)[0],
            "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero ");
  EXPECT_NE(r.out.find("null-ok\nmnt-ok\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tmpfs /mnt tmpfs rw,nosuid,nodev"), std::string::npos) << r.out;
}

TEST(RunFilesTest, SymlinksInTheNewRootResolveInsideIt) {
  SKIP_UNLESS_ROOT();
  MinimalRoot root;
  // /link -> /etc in the new root must mean the root's /etc, not the host's.
  ASSERT_EQ(symlink("/etc", (root.path() + "/link").c_str()), 0);
  testing::TempDir data;
  data.Write("marker", "inside\n");
  auto r = CordonRun(Cat(root.Flags(), {"-b", data.path() + ",/link", "/bin/cat", "/etc/marker"}));
  EXPECT_EQ(r.out, "inside\n") << r.err;
  // chroot (-C) works the same way.
  auto c = CordonRun(
      {"-C", root.path(), "-b/usr", "-b/bin", "-b/lib", "-b/lib64", "/bin/sh", "-c", "ls /"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  // A bind target missing in the root is a mount error naming it.
  auto missing = CordonRun(Cat(root.Flags(), {"-b/usr,/nope", "/bin/true"}));
  EXPECT_EQ(missing.exit_code, 251);
  EXPECT_NE(missing.err.find("open bind target /usr on /nope"), std::string::npos) << missing.err;
}

TEST(RunFilesTest, MountNamespaceDoesNotLeakToTheHost) {
  SKIP_UNLESS_ROOT();
  testing::TempDir dir;
  auto r = CordonRun({"-v", "-k", "tmpfs," + dir.path() + ",tmpfs", "/bin/sh", "-c",
                      "echo x > " + dir.path() + "/f && echo wrote"});
  EXPECT_EQ(r.out, "wrote\n") << r.err;
  struct stat st;
  EXPECT_NE(stat((dir.path() + "/f").c_str(), &st), 0);  // it went to the sandbox's tmpfs
}

TEST(RunFilesTest, LandlockReadAllowedWriteRefused) {
  testing::TempDir dir;
  dir.Write("data", "secret\n");
  std::vector<std::string> system = {
      "--fs-path-rx", "/usr",         "--fs-path-rx", "/lib",         "--fs-path-rx",
      "/lib64",       "--fs-path-rx", "/bin",         "--fs-path-rx", CORDON_RUN_PROBE_DIR};
  auto r = CordonRun(
      Cat(Cat({"-n"}, system), {"--fs-path-ro", dir.path(), "/bin/sh", "-c",
                                Probe() + " read " + dir.path() + "/data; " + Probe() + " write " +
                                    dir.path() + "/new; " + Probe() + " read /etc/hostname"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ok\nEACCES\nEACCES\n");
  auto rw = CordonRun(Cat(Cat({"-n"}, system),
                          {"--fs-path-rw", dir.path(), Probe(), "write", dir.path() + "/new"}));
  EXPECT_EQ(rw.out, "ok\n") << rw.err;
  // Read-only is not executable: the program itself is refused (126).
  auto ro = CordonRun({"-n", "--fs-path-ro", "/", "/bin/true"});
  EXPECT_EQ(ro.exit_code, 126) << ro.err;
  // A missing path fails the launch (fail closed), naming it.
  auto missing = CordonRun({"-n", "--fs-path-ro", "/no/such/path", "/bin/true"});
  EXPECT_EQ(missing.exit_code, 246);
  EXPECT_NE(missing.err.find("/no/such/path"), std::string::npos) << missing.err;
}

TEST(RunFilesTest, LandlockAndSeccompTogether) {
  // The preload library must be readable under Landlock; cordon checks it
  // before exec instead of letting the loader skip it.
  std::string lib_dir = testing::CordonBinary();
  lib_dir = lib_dir.substr(0, lib_dir.rfind('/')) + "/../lib/cordon";
  std::vector<std::string> base = {"-nS",          testing::SourcePath("examples/cat.policy"),
                                   "--fs-path-rx", "/usr",
                                   "--fs-path-rx", "/lib",
                                   "--fs-path-rx", "/lib64",
                                   "--fs-path-ro", testing::SourcePath("examples")};
  auto refused = CordonRun(Cat(base, {"/bin/cat", testing::SourcePath("examples/cat.policy")}));
  EXPECT_EQ(refused.exit_code, 252) << refused.err;
  auto ok = CordonRun(Cat(Cat(base, {"--fs-path-ro", lib_dir}),
                          {"/bin/cat", testing::SourcePath("examples/cat.policy")}));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

}  // namespace
}  // namespace cordon
