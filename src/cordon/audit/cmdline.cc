#include "cordon/audit/cmdline.h"

#include <algorithm>

namespace cordon::audit {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string FoldName(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

}  // namespace

bool Cmdline::Has(std::string_view name) const {
  std::string folded = FoldName(name);
  for (const Param& p : params_) {
    if (p.name == folded) return true;
  }
  return false;
}

std::optional<std::string> Cmdline::Value(std::string_view name) const {
  std::string folded = FoldName(name);
  std::optional<std::string> out;
  for (const Param& p : params_) {
    if (p.name == folded && p.has_value) out = p.value;
  }
  return out;
}

std::optional<bool> Cmdline::Bool(std::string_view name) const {
  std::optional<std::string> v = Value(name);
  if (!v) return std::nullopt;
  return ParseKernelBool(*v);
}

Cmdline ParseCmdline(std::string_view text) {
  Cmdline out;
  size_t i = 0;
  size_t kernel_end = text.size();
  while (i < text.size()) {
    while (i < text.size() && IsBlank(text[i])) ++i;
    if (i >= text.size()) break;
    size_t start = i;
    // One word: blanks end it unless inside double quotes.
    std::string word;
    bool quoted = false;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      if (!quoted && IsBlank(c)) break;
      word.push_back(c);
    }
    if (word == "--" && text[start] != '"') {
      kernel_end = start;
      break;
    }
    Cmdline::Param p;
    size_t eq = word.find('=');
    if (eq == std::string::npos) {
      p.name = FoldName(word);
    } else {
      p.name = FoldName(std::string_view(word).substr(0, eq));
      p.value = word.substr(eq + 1);
      p.has_value = true;
    }
    out.params_.push_back(std::move(p));
  }
  std::string_view raw = text.substr(0, kernel_end);
  while (!raw.empty() && IsBlank(raw.back())) raw.remove_suffix(1);
  while (!raw.empty() && IsBlank(raw.front())) raw.remove_prefix(1);
  out.raw_ = std::string(raw);
  return out;
}

std::optional<bool> ParseKernelBool(std::string_view s) {
  if (s.empty()) return std::nullopt;
  switch (s[0]) {
    case 'y':
    case 'Y':
    case 't':
    case 'T':
    case '1':
      return true;
    case 'n':
    case 'N':
    case 'f':
    case 'F':
    case '0':
      return false;
    case 'o':
    case 'O':
      if (s.size() >= 2) {
        if (s[1] == 'n' || s[1] == 'N') return true;
        if (s[1] == 'f' || s[1] == 'F') return false;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace cordon::audit
