#include "cordon/base/status.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace cordon {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return InvalidInput(std::to_string(v) + " is odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  int half = TRY(Half(v));
  return TRY(Half(half));
}

Status CheckEven(int v) {
  TRY(Half(v));
  return OkStatus();
}

TEST(StatusTest, ErrnoStatusNamesErrnoAndClassifies) {
  Status s = ErrnoStatus(EPERM, "mount proc on /srv/root/proc");
  EXPECT_EQ(s.message(), "mount proc on /srv/root/proc: EPERM (Operation not permitted)");
  EXPECT_EQ(s.code(), Code::kPermissionDenied);
  EXPECT_EQ(s.sys_errno(), EPERM);
  EXPECT_EQ(ErrnoStatus(ENOENT, "open x").code(), Code::kNotFound);
  EXPECT_EQ(ErrnoStatus(ENOSYS, "seccomp").code(), Code::kUnsupported);
  EXPECT_EQ(ErrnoStatus(EBUSY, "umount").code(), Code::kSystem);
}

TEST(StatusTest, TryPropagatesFirstFailure) {
  EXPECT_EQ(*Quarter(12), 3);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).code(), Code::kInvalidInput);
}

TEST(StatusTest, WithContextPrefixes) {
  Status s = NotFound("no such syscall").WithContext("cat.policy");
  EXPECT_EQ(s.message(), "cat.policy: no such syscall");
  EXPECT_TRUE(OkStatus().WithContext("x").ok());
}

TEST(StatusTest, ErrnoNameUnknown) {
  EXPECT_EQ(ErrnoName(EINVAL), "EINVAL");
  EXPECT_EQ(ErrnoName(4242), "errno 4242");
}

}  // namespace
}  // namespace cordon
