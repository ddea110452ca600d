#include "cordon/policy/diagnostics.h"

#include <algorithm>

namespace cordon::policy {

void Diagnostics::Error(Loc loc, std::string message) {
  all_.push_back({Severity::kError, loc, std::move(message)});
  ++errors_;
}

void Diagnostics::Warning(Loc loc, std::string message) {
  all_.push_back({Severity::kWarning, loc, std::move(message)});
  ++warnings_;
}

void Diagnostics::Note(Loc loc, std::string message) {
  all_.push_back({Severity::kNote, loc, std::move(message)});
}

std::string Diagnostics::Render(const Diagnostic& d) const {
  std::string out;
  const char* kind = d.severity == Severity::kError     ? "error"
                     : d.severity == Severity::kWarning ? "warning"
                                                        : "note";
  if (d.loc.file == kNoFile) return std::string(kind) + ": " + d.message + "\n";
  // "In file included from" lines, outermost last, as compilers print them.
  std::vector<std::string> chain;
  for (Loc at = sources_->file(d.loc.file).included_from; at.file != kNoFile;
       at = sources_->file(at.file).included_from) {
    chain.push_back(sources_->file(at.file).path + ":" + std::to_string(at.line));
  }
  for (size_t i = 0; i < chain.size(); ++i) {
    out += (i == 0 ? "In file included from " : "                 from ") + chain[i] +
           (i + 1 == chain.size() ? ":\n" : ",\n");
  }
  const SourceFile& f = sources_->file(d.loc.file);
  out += f.path + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " +
         kind + ": " + d.message + "\n";
  std::string_view line = sources_->Line(d.loc.file, d.loc.line);
  if (!line.empty() || d.loc.line >= 1) {
    out += "    ";
    for (char c : line) out += c == '\t' ? ' ' : c;
    out += "\n    ";
    int col = std::max(1, d.loc.column);
    out += std::string(static_cast<size_t>(col - 1), ' ');
    out += '^';
    if (d.loc.length > 1) out += std::string(static_cast<size_t>(d.loc.length - 1), '~');
    out += "\n";
  }
  return out;
}

std::string Diagnostics::RenderAll() const {
  std::string out;
  for (const Diagnostic& d : all_) out += Render(d);
  return out;
}

std::string Diagnostics::Summary(const std::string& path) const {
  auto plural = [](int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  std::string out = path + ": " + plural(errors_, "error");
  if (warnings_ > 0) out += ", " + plural(warnings_, "warning");
  return out;
}

std::string Suggest(const std::string& word, const std::vector<std::string>& candidates) {
  // Optimal string alignment distance (edits plus adjacent swaps), capped:
  // typos, not rewrites.
  const size_t max_distance = word.size() <= 4 ? 1 : 2;
  std::string best;
  size_t best_distance = max_distance + 1;
  const size_t n = word.size();
  std::vector<size_t> prev2(n + 1), prev(n + 1), cur(n + 1);
  for (const std::string& c : candidates) {
    if (c.size() > n + max_distance || c.size() + max_distance < n) continue;
    for (size_t j = 0; j <= n; ++j) prev[j] = j;
    for (size_t i = 1; i <= c.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= n; ++j) {
        size_t sub = prev[j - 1] + (c[i - 1] == word[j - 1] ? 0 : 1);
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        if (i > 1 && j > 1 && c[i - 1] == word[j - 2] && c[i - 2] == word[j - 1]) {
          cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
      }
      std::swap(prev2, prev);
      std::swap(prev, cur);
    }
    if (prev[n] < best_distance) {
      best_distance = prev[n];
      best = c;
    }
  }
  return best_distance <= max_distance ? best : "";
}

}  // namespace cordon::policy
