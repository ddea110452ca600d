#include "cordon/policy/parser.h"

#include <cctype>

namespace cordon::policy {
namespace {

// StatementParser parses the tokens of one statement. The first error is
// reported and stops the statement (ok() turns false).
class StatementParser {
 public:
  StatementParser(const std::vector<Token>& tokens, Diagnostics& diags)
      : tokens_(tokens), diags_(diags) {}

  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ >= tokens_.size(); }
  const Token* Peek() const { return AtEnd() ? nullptr : &tokens_[pos_]; }
  bool PeekIs(Tok kind) const { return !AtEnd() && tokens_[pos_].kind == kind; }
  const Token& Take() { return tokens_[pos_++]; }

  void Fail(Loc loc, std::string message) {
    if (!ok_) return;
    diags_.Error(loc, std::move(message));
    ok_ = false;
  }
  // FailHere reports `what` expected at the current token (or line end).
  void FailExpected(const std::string& what) {
    if (AtEnd()) {
      const Token& last = tokens_.back();
      Loc end = last.loc;
      end.column += static_cast<int>(last.text.size());
      end.length = 1;
      Fail(end, "expected " + what + " at end of line");
    } else {
      const Token& t = tokens_[pos_];
      Fail(t.loc, "expected " + what + ", found '" + std::string(t.text) + "'");
    }
  }
  bool Expect(Tok kind, const std::string& what) {
    if (PeekIs(kind)) {
      ++pos_;
      return true;
    }
    FailExpected(what);
    return false;
  }

  Statement ParseStatement();
  std::optional<SyscallRef> ParseSyscallRef();
  std::optional<Action> ParseAction();
  std::optional<Filter> ParseSingleFilter();
  std::optional<Atom> ParseAtom();
  std::optional<ValueExpr> ParseValue();
  std::optional<ValueExpr> ParseTerm();
  void ExpectEnd() {
    if (ok_ && !AtEnd()) {
      const Token& t = tokens_[pos_];
      Fail(t.loc, "unexpected '" + std::string(t.text) + "' after the end of the statement");
    }
  }

 private:
  const std::vector<Token>& tokens_;
  Diagnostics& diags_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::optional<ValueExpr> StatementParser::ParseTerm() {
  if (PeekIs(Tok::kTilde)) {
    const Token& tilde = Take();
    if (PeekIs(Tok::kTilde)) {
      Fail(Peek()->loc, "double complement '~~'");
      return std::nullopt;
    }
    std::optional<ValueExpr> inner = ParseTerm();
    if (!inner) return std::nullopt;
    ValueExpr v{ValueExpr::Kind::kNot, {}, tilde.loc, {std::move(*inner)}};
    return v;
  }
  if (PeekIs(Tok::kLParen)) {
    const Token& open = Take();
    std::optional<ValueExpr> inner = ParseValue();
    if (!inner) return std::nullopt;
    if (!PeekIs(Tok::kRParen)) {
      if (AtEnd()) {
        Fail(open.loc, "unclosed parenthesis");
      } else {
        FailExpected("')'");
      }
      return std::nullopt;
    }
    Take();
    return inner;
  }
  if (PeekIs(Tok::kNumber)) {
    const Token& t = Take();
    return ValueExpr{ValueExpr::Kind::kNumber, t.text, t.loc, {}};
  }
  // Any word can be a constant's name, even one that is also an action.
  if (PeekIs(Tok::kIdent) || PeekIs(Tok::kAction)) {
    const Token& t = Take();
    return ValueExpr{ValueExpr::Kind::kName, t.text, t.loc, {}};
  }
  FailExpected("a constant (a number or a name)");
  return std::nullopt;
}

std::optional<ValueExpr> StatementParser::ParseValue() {
  std::optional<ValueExpr> first = ParseTerm();
  if (!first || !PeekIs(Tok::kPipe)) return first;
  ValueExpr v{ValueExpr::Kind::kOr, {}, first->loc, {}};
  v.operands.push_back(std::move(*first));
  while (PeekIs(Tok::kPipe)) {
    Take();
    std::optional<ValueExpr> next = ParseTerm();
    if (!next) return std::nullopt;
    v.operands.push_back(std::move(*next));
  }
  return v;
}

std::optional<Atom> StatementParser::ParseAtom() {
  if (!PeekIs(Tok::kArg)) {
    FailExpected("an argument (arg0..arg5)");
    return std::nullopt;
  }
  const Token& arg = Take();
  Atom atom;
  atom.arg_loc = arg.loc;
  std::string_view digits = arg.text.substr(3);
  if (digits.size() > 1 || digits[0] > '5') {
    Fail(arg.loc, "'" + std::string(arg.text) +
                      "' does not exist: seccomp_data has six arguments, arg0 to arg5");
    return std::nullopt;
  }
  atom.arg = digits[0] - '0';
  if (!PeekIs(Tok::kOp)) {
    FailExpected("a comparison (== != < <= > >= & in)");
    return std::nullopt;
  }
  const Token& op = Take();
  atom.op_loc = op.loc;
  using compile::CmpOp;
  static constexpr std::pair<std::string_view, CmpOp> kOps[] = {
      {"==", CmpOp::kEq}, {"!=", CmpOp::kNe}, {"<", CmpOp::kLt},       {"<=", CmpOp::kLe},
      {">", CmpOp::kGt},  {">=", CmpOp::kGe}, {"&", CmpOp::kAnyBits}, {"in", CmpOp::kIn},
  };
  for (const auto& [text, cmp] : kOps) {
    if (op.text == text) atom.op = cmp;
  }
  std::optional<ValueExpr> value = ParseValue();
  if (!value) return std::nullopt;
  atom.value = std::move(*value);
  return atom;
}

std::optional<Action> StatementParser::ParseAction() {
  if (AtEnd()) {
    FailExpected("an action");
    return std::nullopt;
  }
  const Token& t = Take();
  Action a;
  a.loc = t.loc;
  if (t.kind == Tok::kReturn) {
    a.kind = Action::Kind::kReturn;
    std::optional<ValueExpr> v = ParseValue();
    if (!v) return std::nullopt;
    a.errno_value = std::move(*v);
    a.loc.length = static_cast<int>(t.text.size());
    return a;
  }
  if (t.kind == Tok::kNumber) {
    uint64_t magnitude = 0;
    bool negative = false;
    if (ParseNumber(t.text, &magnitude, &negative) && magnitude == 1 && !negative) {
      a.kind = Action::Kind::kAllow;
      return a;
    }
    Fail(t.loc, "'" + std::string(t.text) + "' is not an action (only 1 means allow)");
    return std::nullopt;
  }
  if (t.kind == Tok::kAction) {
    static constexpr std::pair<std::string_view, Action::Kind> kActions[] = {
        {"allow", Action::Kind::kAllow},           {"kill", Action::Kind::kKill},
        {"kill-process", Action::Kind::kKillProcess}, {"kill-thread", Action::Kind::kKillThread},
        {"trap", Action::Kind::kTrap},             {"trace", Action::Kind::kTrace},
        {"log", Action::Kind::kLog},               {"user-notify", Action::Kind::kUserNotify},
    };
    for (const auto& [text, kind] : kActions) {
      if (t.text == text) a.kind = kind;
    }
    return a;
  }
  Fail(t.loc, "expected an action (allow, 1, kill, kill-process, kill-thread, trap, trace, log, "
              "user-notify, return ERRNO), found '" + std::string(t.text) + "'");
  return std::nullopt;
}

std::optional<Filter> StatementParser::ParseSingleFilter() {
  Filter f;
  f.loc = AtEnd() ? Loc{} : Peek()->loc;
  if (!PeekIs(Tok::kArg)) {
    std::optional<Action> a = ParseAction();
    if (!a) return std::nullopt;
    f.action = std::move(*a);
    return f;
  }
  for (;;) {
    std::vector<Atom> clause;
    for (;;) {
      std::optional<Atom> atom = ParseAtom();
      if (!atom) return std::nullopt;
      clause.push_back(std::move(*atom));
      if (!PeekIs(Tok::kAndAnd)) break;
      Take();
    }
    f.expr.push_back(std::move(clause));
    if (!PeekIs(Tok::kOrOr)) break;
    Take();
  }
  if (PeekIs(Tok::kSemicolon)) {
    Take();
    std::optional<Action> a = ParseAction();
    if (!a) return std::nullopt;
    f.action = std::move(*a);
  }
  return f;
}

std::optional<SyscallRef> StatementParser::ParseSyscallRef() {
  // `kill` is both an action and a syscall; here it is the syscall.
  if (!(PeekIs(Tok::kIdent) || (PeekIs(Tok::kAction) && Peek()->text == "kill"))) {
    FailExpected("a syscall name");
    return std::nullopt;
  }
  const Token& name = Take();
  SyscallRef ref{name.text, name.loc, std::nullopt};
  if (!PeekIs(Tok::kLBracket)) return ref;
  const Token& open = Take();
  bool saw_arch = false;
  for (;;) {
    if (!PeekIs(Tok::kIdent)) {
      FailExpected("a metadata key such as 'arch'");
      return std::nullopt;
    }
    const Token& key = Take();
    if (!Expect(Tok::kEqual, "'='")) return std::nullopt;
    std::vector<std::string_view> values;
    for (;;) {
      if (!PeekIs(Tok::kIdent)) {
        FailExpected("a value");
        return std::nullopt;
      }
      values.push_back(Take().text);
      if (!PeekIs(Tok::kComma)) break;
      Take();
    }
    if (key.text == "arch") {
      if (saw_arch) {
        Fail(key.loc, "duplicate metadata key 'arch'");
        return std::nullopt;
      }
      saw_arch = true;
      ref.arches = std::move(values);
    } else {
      diags_.Warning(key.loc, "unknown metadata key '" + std::string(key.text) + "' is ignored");
    }
    if (!PeekIs(Tok::kSemicolon)) break;
    Take();
  }
  if (!PeekIs(Tok::kRBracket)) {
    if (AtEnd()) {
      Fail(open.loc, "unclosed '['");
    } else {
      FailExpected("']'");
    }
    return std::nullopt;
  }
  Take();
  return ref;
}

Statement StatementParser::ParseStatement() {
  Statement s;
  const Token& first = *Peek();
  s.loc = first.loc;
  switch (first.kind) {
    case Tok::kInclude:
    case Tok::kFrequency:
      s.kind = first.kind == Tok::kInclude ? Statement::Kind::kInclude : Statement::Kind::kFrequency;
      Take();
      if (!PeekIs(Tok::kPath)) {
        FailExpected("a path");
        return s;
      }
      s.path = Peek()->text;
      s.path_loc = Take().loc;
      if (s.path[0] != '/' && s.path[0] != '.') {
        Fail(s.path_loc, "the path must be absolute (/...) or relative to this file (./...)");
      }
      break;
    case Tok::kDefault: {
      s.kind = Statement::Kind::kDefault;
      Take();
      std::optional<Action> a = ParseAction();
      if (a) s.action = std::move(*a);
      break;
    }
    case Tok::kDenylist:
      s.kind = Statement::Kind::kDenylist;
      Take();
      break;
    default: {
      s.kind = Statement::Kind::kFilter;
      if (PeekIs(Tok::kLBrace)) {
        const Token& open = Take();
        for (;;) {
          std::optional<SyscallRef> ref = ParseSyscallRef();
          if (!ref) return s;
          s.syscalls.push_back(std::move(*ref));
          if (!PeekIs(Tok::kComma)) break;
          Take();
        }
        if (!PeekIs(Tok::kRBrace)) {
          if (AtEnd()) {
            Fail(open.loc, "unclosed '{'");
          } else {
            FailExpected("',' or '}'");
          }
          return s;
        }
        Take();
      } else {
        std::optional<SyscallRef> ref = ParseSyscallRef();
        if (!ref) return s;
        s.syscalls.push_back(std::move(*ref));
      }
      if (!Expect(Tok::kColon, "':'")) return s;
      if (PeekIs(Tok::kLBrace)) {
        const Token& open = Take();
        for (;;) {
          std::optional<Filter> f = ParseSingleFilter();
          if (!f) return s;
          s.filters.push_back(std::move(*f));
          if (!PeekIs(Tok::kComma)) break;
          Take();
        }
        if (!PeekIs(Tok::kRBrace)) {
          if (AtEnd()) {
            Fail(open.loc, "unclosed '{'");
          } else {
            FailExpected("',' or '}'");
          }
          return s;
        }
        Take();
      } else {
        std::optional<Filter> f = ParseSingleFilter();
        if (!f) return s;
        s.filters.push_back(std::move(*f));
      }
      break;
    }
  }
  ExpectEnd();
  return s;
}

}  // namespace

bool ParseNumber(std::string_view text, uint64_t* magnitude, bool* negative) {
  *negative = !text.empty() && text[0] == '-';
  if (*negative) text.remove_prefix(1);
  if (text.empty()) return false;
  unsigned base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    text.remove_prefix(1);
  }
  uint64_t v = 0;
  for (char c : text) {
    unsigned d;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<unsigned>(c - 'A' + 10);
    } else {
      return false;
    }
    if (d >= base) return false;
    if (v > (~uint64_t{0} - d) / base) return false;
    v = v * base + d;
  }
  *magnitude = v;
  return true;
}

std::vector<Statement> ParsePolicy(const SourceManager& sources, FileId id, Diagnostics& diags) {
  std::vector<Statement> out;
  for (const std::vector<Token>& tokens : Lex(sources, id, diags)) {
    StatementParser p(tokens, diags);
    Statement s = p.ParseStatement();
    if (p.ok()) out.push_back(std::move(s));
  }
  return out;
}

std::vector<FrequencyEntry> ParseFrequency(const SourceManager& sources, FileId id,
                                           Diagnostics& diags) {
  std::vector<FrequencyEntry> out;
  for (const std::vector<Token>& tokens : Lex(sources, id, diags)) {
    StatementParser p(tokens, diags);
    std::optional<SyscallRef> ref = p.ParseSyscallRef();
    if (!ref || !p.Expect(Tok::kColon, "':'")) continue;
    if (!p.PeekIs(Tok::kNumber)) {
      p.FailExpected("a count");
      continue;
    }
    const Token& n = p.Take();
    uint64_t count = 0;
    bool negative = false;
    if (!ParseNumber(n.text, &count, &negative) || negative) {
      p.Fail(n.loc, "'" + std::string(n.text) + "' is not a count (a non-negative integer)");
      continue;
    }
    p.ExpectEnd();
    if (p.ok()) out.push_back({std::move(*ref), count});
  }
  return out;
}

}  // namespace cordon::policy
