#include "cordon/policy/parser.h"

#include <gtest/gtest.h>

namespace cordon::policy {
namespace {

struct Parsed {
  std::vector<Statement> statements;
  std::string errors;
};

Parsed Parse(const std::string& text) {
  static SourceManager* sources = new SourceManager();  // tokens point into it
  FileId id = sources->AddText("p.policy", text);
  Diagnostics diags(sources);
  Parsed p;
  p.statements = ParsePolicy(*sources, id, diags);
  p.errors = diags.RenderAll();
  return p;
}

TEST(ParserTest, FilterStatement) {
  Parsed p = Parse("mmap: arg2 in ~PROT_EXEC || arg2 in ~PROT_WRITE && arg3 & MAP_SHARED; return EPERM");
  ASSERT_EQ(p.errors, "");
  ASSERT_EQ(p.statements.size(), 1u);
  const Statement& s = p.statements[0];
  EXPECT_EQ(s.kind, Statement::Kind::kFilter);
  ASSERT_EQ(s.syscalls.size(), 1u);
  EXPECT_EQ(s.syscalls[0].name, "mmap");
  ASSERT_EQ(s.filters.size(), 1u);
  const Filter& f = s.filters[0];
  ASSERT_EQ(f.expr.size(), 2u);     // two clauses
  EXPECT_EQ(f.expr[0].size(), 1u);
  EXPECT_EQ(f.expr[1].size(), 2u);  // && binds tighter than ||
  EXPECT_EQ(f.expr[1][1].op, compile::CmpOp::kAnyBits);
  EXPECT_EQ(f.expr[0][0].value.kind, ValueExpr::Kind::kNot);
  ASSERT_TRUE(f.action.has_value());
  EXPECT_EQ(f.action->kind, Action::Kind::kReturn);
}

TEST(ParserTest, GroupsBracesMetadataAndActions) {
  Parsed p = Parse(
      "{read, write, kill}: 1\n"
      "open[arch=x86_64,i386]: {arg1 == 0, return ENOENT}\n"
      "openat: kill-thread\n"
      "stat[arch=aarch64; foo=bar]: user-notify\n"
      "@default kill-process\n");
  EXPECT_EQ(p.errors.find("error"), std::string::npos) << p.errors;
  ASSERT_EQ(p.statements.size(), 5u);
  EXPECT_EQ(p.statements[0].syscalls.size(), 3u);
  EXPECT_EQ(p.statements[0].syscalls[2].name, "kill");
  ASSERT_TRUE(p.statements[1].syscalls[0].arches.has_value());
  EXPECT_EQ(p.statements[1].syscalls[0].arches->size(), 2u);
  EXPECT_EQ(p.statements[1].filters.size(), 2u);
  EXPECT_EQ(p.statements[2].filters[0].action->kind, Action::Kind::kKillThread);
  EXPECT_NE(p.errors.find("warning: unknown metadata key 'foo'"), std::string::npos);
  EXPECT_EQ(p.statements[4].kind, Statement::Kind::kDefault);
}

TEST(ParserTest, RuntimeDialect) {
  // minijail's C parser: constants joined by '|' without spaces, `1` for allow.
  Parsed p = Parse("openat: arg2 == O_RDONLY|O_CLOEXEC\nfstat: 1\nioctl: arg1 == TCGETS; return ENOTTY\n");
  EXPECT_EQ(p.errors, "");
  ASSERT_EQ(p.statements.size(), 3u);
  EXPECT_EQ(p.statements[0].filters[0].expr[0][0].value.kind, ValueExpr::Kind::kOr);
}

// One test per class of parse error: exact message and caret.
struct ErrorCase {
  const char* text;
  const char* expected;
};

class ParseErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseErrorTest, ExactMessageAndLocation) {
  Parsed p = Parse(GetParam().text);
  EXPECT_EQ(p.errors, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Classes, ParseErrorTest,
    ::testing::Values(
        ErrorCase{"read 1\n",
                  "p.policy:1:6: error: expected ':', found '1'\n    read 1\n         ^\n"},
        ErrorCase{"read:\n",
                  "p.policy:1:6: error: expected an action at end of line\n    read:\n         ^\n"},
        ErrorCase{"read: 2\n",
                  "p.policy:1:7: error: '2' is not an action (only 1 means allow)\n"
                  "    read: 2\n          ^\n"},
        ErrorCase{"read: arg6 == 1\n",
                  "p.policy:1:7: error: 'arg6' does not exist: seccomp_data has six arguments, "
                  "arg0 to arg5\n    read: arg6 == 1\n          ^~~~\n"},
        ErrorCase{"read: arg0 1\n",
                  "p.policy:1:12: error: expected a comparison (== != < <= > >= & in), found '1'\n"
                  "    read: arg0 1\n               ^\n"},
        ErrorCase{"read: arg0 ==\n",
                  "p.policy:1:14: error: expected a constant (a number or a name) at end of line\n"
                  "    read: arg0 ==\n                 ^\n"},
        ErrorCase{"read: arg0 == (1|2\n",
                  "p.policy:1:15: error: unclosed parenthesis\n"
                  "    read: arg0 == (1|2\n                  ^\n"},
        ErrorCase{"read: arg0 == ~~1\n",
                  "p.policy:1:16: error: double complement '~~'\n"
                  "    read: arg0 == ~~1\n                   ^\n"},
        ErrorCase{"{read, write: 1\n",
                  "p.policy:1:13: error: expected ',' or '}', found ':'\n"
                  "    {read, write: 1\n                ^\n"},
        ErrorCase{"read: {1, kill\n",
                  "p.policy:1:7: error: unclosed '{'\n    read: {1, kill\n          ^\n"},
        ErrorCase{"read: 1 1\n",
                  "p.policy:1:9: error: unexpected '1' after the end of the statement\n"
                  "    read: 1 1\n            ^\n"},
        ErrorCase{"read: arg0 == 1; frobnicate\n",
                  "p.policy:1:18: error: expected an action (allow, 1, kill, kill-process, "
                  "kill-thread, trap, trace, log, user-notify, return ERRNO), found 'frobnicate'\n"
                  "    read: arg0 == 1; frobnicate\n                     ^~~~~~~~~~\n"},
        ErrorCase{"@includ ./x.policy\n",
                  "p.policy:1:1: error: unknown directive '@includ' (expected @include, "
                  "@frequency, @default or @denylist)\n    @includ ./x.policy\n    ^~~~~~~\n"},
        ErrorCase{"@include x.policy\n",
                  "p.policy:1:10: error: the path must be absolute (/...) or relative to this "
                  "file (./...)\n    @include x.policy\n             ^~~~~~~~\n"},
        ErrorCase{"@include\n",
                  "p.policy:1:9: error: expected a path at end of line\n    @include\n            ^\n"},
        ErrorCase{"read[arch=]: 1\n",
                  "p.policy:1:11: error: expected a value, found ']'\n"
                  "    read[arch=]: 1\n              ^\n"},
        ErrorCase{"read[arch=x86_64: 1\n",
                  "p.policy:1:17: error: expected ']', found ':'\n"
                  "    read[arch=x86_64: 1\n                    ^\n"},
        ErrorCase{"read: 1 %\n",
                  "p.policy:1:9: error: unexpected character '%'\n    read: 1 %\n            ^\n"}));

TEST(ParserTest, ReportsEveryBadStatement) {
  Parsed p = Parse("read 1\nwrite: 1\nopen: 5\nclose: 1\n");
  EXPECT_EQ(p.statements.size(), 2u);
  EXPECT_NE(p.errors.find("p.policy:1:6"), std::string::npos);
  EXPECT_NE(p.errors.find("p.policy:3:7"), std::string::npos);
}

TEST(ParserTest, ParseNumber) {
  uint64_t v = 0;
  bool neg = false;
  EXPECT_TRUE(ParseNumber("0x1F", &v, &neg));
  EXPECT_EQ(v, 31u);
  EXPECT_TRUE(ParseNumber("0755", &v, &neg));
  EXPECT_EQ(v, 0755u);
  EXPECT_TRUE(ParseNumber("-1", &v, &neg));
  EXPECT_TRUE(neg);
  EXPECT_EQ(v, 1u);
  EXPECT_TRUE(ParseNumber("18446744073709551615", &v, &neg));
  EXPECT_FALSE(ParseNumber("18446744073709551616", &v, &neg));
  EXPECT_FALSE(ParseNumber("08", &v, &neg));
  EXPECT_FALSE(ParseNumber("0x", &v, &neg));
  EXPECT_FALSE(ParseNumber("12abc", &v, &neg));
}

}  // namespace
}  // namespace cordon::policy
