#include "cordon/policy/lexer.h"

#include <cctype>

namespace cordon::policy {
namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '@';
}

Tok ClassifyWord(std::string_view w) {
  if (w.size() > 3 && w.substr(0, 3) == "arg") {
    bool digits = true;
    for (char c : w.substr(3)) digits &= std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (digits) return Tok::kArg;
  }
  if (w == "in") return Tok::kOp;
  if (w == "return") return Tok::kReturn;
  for (std::string_view a : {"allow", "kill", "kill-process", "kill-thread", "trap", "trace", "log",
                             "user-notify"}) {
    if (w == a) return Tok::kAction;
  }
  return Tok::kIdent;
}

}  // namespace

const char* TokName(Tok kind) {
  switch (kind) {
    case Tok::kIdent: return "a name";
    case Tok::kNumber: return "a number";
    case Tok::kArg: return "an argument (arg0..arg5)";
    case Tok::kAction: return "an action";
    case Tok::kReturn: return "'return'";
    case Tok::kOp: return "an operator";
    case Tok::kPath: return "a path";
    case Tok::kInclude: return "'@include'";
    case Tok::kFrequency: return "'@frequency'";
    case Tok::kDefault: return "'@default'";
    case Tok::kDenylist: return "'@denylist'";
    case Tok::kColon: return "':'";
    case Tok::kSemicolon: return "';'";
    case Tok::kComma: return "','";
    case Tok::kTilde: return "'~'";
    case Tok::kPipe: return "'|'";
    case Tok::kOrOr: return "'||'";
    case Tok::kAndAnd: return "'&&'";
    case Tok::kEqual: return "'='";
    case Tok::kLParen: return "'('";
    case Tok::kRParen: return "')'";
    case Tok::kLBrace: return "'{'";
    case Tok::kRBrace: return "'}'";
    case Tok::kLBracket: return "'['";
    case Tok::kRBracket: return "']'";
  }
  return "a token";
}

std::vector<std::vector<Token>> Lex(const SourceManager& sources, FileId id, Diagnostics& diags) {
  std::vector<std::vector<Token>> statements;
  std::vector<Token> current;
  bool broken = false;  // an invalid character ended this statement
  const SourceFile& file = sources.file(id);
  for (size_t li = 0; li < file.lines.size(); ++li) {
    std::string_view line = file.lines[li];
    const int line_no = static_cast<int>(li) + 1;
    // A line ending in '\' continues the statement (even after a comment,
    // as minijail reads it).
    size_t last = line.find_last_not_of(" \t");
    const bool continued = last != std::string_view::npos && line[last] == '\\';
    bool expect_path = false;
    size_t i = 0;
    auto loc = [&](size_t col, size_t len) {
      return Loc{id, line_no, static_cast<int>(col) + 1, static_cast<int>(len == 0 ? 1 : len)};
    };
    auto push = [&](Tok kind, size_t start, size_t len) {
      current.push_back(Token{kind, line.substr(start, len), loc(start, len)});
    };
    while (i < line.size() && !broken) {
      char c = line[i];
      if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
        ++i;
        continue;
      }
      if (c == '#') break;
      if (continued && i == last) break;
      size_t start = i;
      if (expect_path) {
        while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        push(Tok::kPath, start, i - start);
        expect_path = false;
        continue;
      }
      if (c == '@') {
        ++i;
        while (i < line.size() && IsIdentChar(line[i])) ++i;
        std::string_view word = line.substr(start, i - start);
        if (word == "@include") {
          push(Tok::kInclude, start, i - start);
          expect_path = true;
        } else if (word == "@frequency") {
          push(Tok::kFrequency, start, i - start);
          expect_path = true;
        } else if (word == "@default") {
          push(Tok::kDefault, start, i - start);
        } else if (word == "@denylist") {
          push(Tok::kDenylist, start, i - start);
        } else {
          diags.Error(loc(start, i - start), "unknown directive '" + std::string(word) +
                                                 "' (expected @include, @frequency, @default "
                                                 "or @denylist)");
          broken = true;
        }
        continue;
      }
      if (IsIdentStart(c)) {
        while (i < line.size() && IsIdentChar(line[i])) ++i;
        push(ClassifyWord(line.substr(start, i - start)), start, i - start);
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) ||
          (c == '-' && i + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[i + 1])))) {
        ++i;
        while (i < line.size() && std::isalnum(static_cast<unsigned char>(line[i]))) ++i;
        push(Tok::kNumber, start, i - start);
        continue;
      }
      auto two = line.substr(i, 2);
      struct Punct {
        std::string_view text;
        Tok kind;
      };
      static constexpr Punct kPunct[] = {
          {"||", Tok::kOrOr}, {"&&", Tok::kAndAnd}, {"==", Tok::kOp}, {"!=", Tok::kOp},
          {"<=", Tok::kOp},   {">=", Tok::kOp},     {"<", Tok::kOp},  {">", Tok::kOp},
          {"&", Tok::kOp},    {"|", Tok::kPipe},    {":", Tok::kColon}, {";", Tok::kSemicolon},
          {",", Tok::kComma}, {"~", Tok::kTilde},   {"=", Tok::kEqual}, {"(", Tok::kLParen},
          {")", Tok::kRParen}, {"{", Tok::kLBrace}, {"}", Tok::kRBrace}, {"[", Tok::kLBracket},
          {"]", Tok::kRBracket},
      };
      bool matched = false;
      for (const Punct& p : kPunct) {
        if (two.substr(0, p.text.size()) == p.text) {
          push(p.kind, i, p.text.size());
          i += p.text.size();
          matched = true;
          break;
        }
      }
      if (!matched) {
        diags.Error(loc(i, 1), std::string("unexpected character '") + c + "'");
        broken = true;
      }
    }
    if (continued) continue;
    if (!current.empty() && !broken) statements.push_back(std::move(current));
    current.clear();
    broken = false;
  }
  if (!current.empty() && !broken) statements.push_back(std::move(current));
  return statements;
}

}  // namespace cordon::policy
