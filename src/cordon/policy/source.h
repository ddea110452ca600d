// SourceManager keeps every policy file read during one load, so that a
// diagnostic can quote its line and say which file included which.
//
//   SourceManager sources;
//   FileId id = TRY(sources.Load("cat.policy", kNoFile, {}));
//   sources.Line(id, 3);            // the text of line 3
//   sources.file(id).included_from  // where it was @included, if anywhere
#ifndef CORDON_POLICY_SOURCE_H_
#define CORDON_POLICY_SOURCE_H_

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/base/status.h"

namespace cordon::policy {

using FileId = int;
inline constexpr FileId kNoFile = -1;

// Loc is a position in a file: 1-based line and column, and the length of
// the token it points at (for the caret line).
struct Loc {
  FileId file = kNoFile;
  int line = 0;
  int column = 0;
  int length = 1;
};

// SourceFile is one file's text split into lines.
struct SourceFile {
  std::string path;
  std::string text;
  std::vector<std::string_view> lines;  // views into `text`, without '\n'
  Loc included_from;                    // file == kNoFile for the top file
};

class SourceManager {
 public:
  // Load reads `path` (ReadFile errors pass through) and registers it.
  Result<FileId> Load(const std::string& path, Loc included_from);
  // AddText registers text that did not come from disk (tests, stdin).
  FileId AddText(std::string path, std::string text, Loc included_from = {});

  const SourceFile& file(FileId id) const { return files_[static_cast<size_t>(id)]; }
  // Line returns line `line` (1-based) of `id`, or "" when out of range.
  std::string_view Line(FileId id, int line) const;
  size_t size() const { return files_.size(); }

 private:
  std::deque<SourceFile> files_;  // deque: string_views stay valid
};

}  // namespace cordon::policy

#endif  // CORDON_POLICY_SOURCE_H_
