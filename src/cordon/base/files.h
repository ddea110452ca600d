// Whole-file reads and crash-safe writes.
//
//   std::string text = TRY(ReadFile("cat.policy"));
//   TRY(WriteFileAtomic("cat.bpf", bytes));   // temp file + fsync + rename
#ifndef CORDON_BASE_FILES_H_
#define CORDON_BASE_FILES_H_

#include <string>
#include <string_view>

#include "cordon/base/status.h"

namespace cordon {

// ReadFile returns the contents of `path`; errors name the path and errno.
// Files over `max_bytes` are refused with kLimit.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes = 64u << 20);

// WriteFileAtomic writes `data` to a temporary file beside `path`, syncs it
// and renames it over `path`, so a reader sees the old file or the whole new
// one, never a truncated one. A symlink is followed (the link stays); a
// device or FIFO (/dev/null, /dev/stdout) is written in place; "-" writes
// to standard output.
Status WriteFileAtomic(const std::string& path, std::string_view data, int mode = 0644);

// WriteAll writes all of `data` to `fd`, retrying short writes and EINTR.
Status WriteAll(int fd, std::string_view data);

}  // namespace cordon

#endif  // CORDON_BASE_FILES_H_
