#include "cordon/policy/source.h"

#include "cordon/base/files.h"

namespace cordon::policy {

Result<FileId> SourceManager::Load(const std::string& path, Loc included_from) {
  std::string text = TRY(ReadFile(path, 16u << 20));
  return AddText(path, std::move(text), included_from);
}

FileId SourceManager::AddText(std::string path, std::string text, Loc included_from) {
  SourceFile& f = files_.emplace_back();
  f.path = std::move(path);
  f.text = std::move(text);
  f.included_from = included_from;
  std::string_view rest = f.text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f.lines.push_back(line);
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return static_cast<FileId>(files_.size() - 1);
}

std::string_view SourceManager::Line(FileId id, int line) const {
  if (id < 0 || static_cast<size_t>(id) >= files_.size()) return {};
  const SourceFile& f = files_[static_cast<size_t>(id)];
  if (line < 1 || static_cast<size_t>(line) > f.lines.size()) return {};
  return f.lines[static_cast<size_t>(line - 1)];
}

}  // namespace cordon::policy
