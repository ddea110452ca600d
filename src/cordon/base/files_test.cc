#include "cordon/base/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace cordon {
namespace {

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cordon-files-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    umount2((dir_ + "/small").c_str(), MNT_DETACH);
    (void)!system(("rm -rf " + dir_).c_str());
  }
  std::string dir_;
};

TEST_F(FilesTest, WriteThenReadRoundTrips) {
  std::string path = dir_ + "/out.bpf";
  ASSERT_TRUE(WriteFileAtomic(path, std::string("a\0b", 3)).ok());
  Result<std::string> r = ReadFile(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, std::string("a\0b", 3));
}

TEST_F(FilesTest, AtomicWriteLeavesNoTemporaryAndReplacesWhole) {
  std::string path = dir_ + "/p";
  ASSERT_TRUE(WriteFileAtomic(path, "old contents, long").ok());
  ASSERT_TRUE(WriteFileAtomic(path, "new").ok());
  EXPECT_EQ(*ReadFile(path), "new");
  int entries = 0;
  DIR* d = opendir(dir_.c_str());
  while (dirent* e = readdir(d)) entries += e->d_name[0] != '.';
  closedir(d);
  EXPECT_EQ(entries, 1);
}

TEST_F(FilesTest, FullDiskKeepsOldFile) {
  // A real full disk: a 64 KiB tmpfs. Mounting needs CAP_SYS_ADMIN.
  std::string small = dir_ + "/small";
  ASSERT_EQ(mkdir(small.c_str(), 0755), 0);
  if (mount("tmpfs", small.c_str(), "tmpfs", 0, "size=64k") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs CAP_SYS_ADMIN): " << strerror(errno);
  }
  std::string path = small + "/p";
  ASSERT_TRUE(WriteFileAtomic(path, "good").ok());
  Status s = WriteFileAtomic(path, std::string(1 << 20, 'x'));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("ENOSPC"), std::string::npos) << s.message();
  EXPECT_EQ(*ReadFile(path), "good");
  int entries = 0;
  DIR* d = opendir(small.c_str());
  while (dirent* e = readdir(d)) entries += e->d_name[0] != '.';
  closedir(d);
  EXPECT_EQ(entries, 1) << "the temporary file was left behind";
  umount2(small.c_str(), MNT_DETACH);
}

TEST_F(FilesTest, DevicesAreWrittenInPlaceNotReplaced) {
  // `cordon compile ... -o /dev/null` must not rename a file over /dev/null.
  struct stat before {};
  ASSERT_EQ(stat("/dev/null", &before), 0);
  ASSERT_TRUE(WriteFileAtomic("/dev/null", "discarded").ok());
  struct stat after {};
  ASSERT_EQ(stat("/dev/null", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_EQ(after.st_rdev, before.st_rdev);
  EXPECT_EQ(after.st_ino, before.st_ino);
  // A FIFO gets the data through it.
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  int rd = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(rd, 0);
  ASSERT_TRUE(WriteFileAtomic(fifo, "through").ok());
  char buf[16] = {};
  EXPECT_EQ(read(rd, buf, sizeof(buf)), 7);
  close(rd);
  struct stat st {};
  ASSERT_EQ(lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(FilesTest, SymlinkIsFollowedAndKept) {
  std::string real = dir_ + "/real.bpf";
  std::string link = dir_ + "/link.bpf";
  ASSERT_TRUE(WriteFileAtomic(real, "old").ok());
  ASSERT_EQ(symlink(real.c_str(), link.c_str()), 0);
  ASSERT_TRUE(WriteFileAtomic(link, "new").ok());
  struct stat st {};
  ASSERT_EQ(lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  EXPECT_EQ(*ReadFile(real), "new");
  EXPECT_FALSE(WriteFileAtomic(dir_, "x").ok());  // a directory
}

TEST_F(FilesTest, ReadMissingNamesPath) {
  Result<std::string> r = ReadFile(dir_ + "/nope.policy");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_NE(r.status().message().find("nope.policy: ENOENT"), std::string::npos);
}

TEST_F(FilesTest, ReadDirectoryIsError) {
  Result<std::string> r = ReadFile(dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("EISDIR"), std::string::npos);
}

}  // namespace
}  // namespace cordon
