#include "cordon/policy/lexer.h"

#include <gtest/gtest.h>

namespace cordon::policy {
namespace {

std::vector<std::vector<Token>> LexText(const std::string& text, Diagnostics* out = nullptr) {
  static SourceManager* sources = new SourceManager();
  FileId id = sources->AddText("t.policy", text);
  Diagnostics diags(sources);
  auto result = Lex(*sources, id, diags);
  if (out != nullptr) *out = diags;
  return result;
}

std::string Kinds(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) out += std::string(t.text) + " ";
  return out;
}

TEST(LexerTest, StatementsCommentsAndContinuations) {
  auto s = LexText(
      "# a comment\n"
      "read: 1  # trailing\n"
      "\n"
      "mmap: arg2 in ~PROT_EXEC || \\\n"
      "      arg2 in ~PROT_WRITE\n"
      "write: arg0 == 1|2\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(Kinds(s[0]), "read : 1 ");
  EXPECT_EQ(Kinds(s[1]), "mmap : arg2 in ~ PROT_EXEC || arg2 in ~ PROT_WRITE ");
  EXPECT_EQ(s[1].back().loc.line, 5);
  EXPECT_EQ(s[1].back().loc.column, 16);
  EXPECT_EQ(Kinds(s[2]), "write : arg0 == 1 | 2 ");
}

TEST(LexerTest, TokenKinds) {
  auto s = LexText("{kill, read}: arg0 >= -1 && arg1 != 0x1F; return EPERM");
  ASSERT_EQ(s.size(), 1u);
  std::vector<Tok> kinds;
  for (const Token& t : s[0]) kinds.push_back(t.kind);
  std::vector<Tok> expected = {Tok::kLBrace, Tok::kAction, Tok::kComma, Tok::kIdent, Tok::kRBrace,
                               Tok::kColon,  Tok::kArg,    Tok::kOp,    Tok::kNumber, Tok::kAndAnd,
                               Tok::kArg,    Tok::kOp,     Tok::kNumber, Tok::kSemicolon,
                               Tok::kReturn, Tok::kIdent};
  EXPECT_EQ(kinds, expected);
}

TEST(LexerTest, DirectivesTakePaths) {
  auto s = LexText("@include ./common.policy\n@frequency /abs/x.frequency\n@default trap\n@denylist\n");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0][0].kind, Tok::kInclude);
  EXPECT_EQ(s[0][1].kind, Tok::kPath);
  EXPECT_EQ(s[0][1].text, "./common.policy");
  EXPECT_EQ(s[1][1].text, "/abs/x.frequency");
  EXPECT_EQ(s[2][0].kind, Tok::kDefault);
  EXPECT_EQ(s[3][0].kind, Tok::kDenylist);
}

TEST(LexerTest, BadCharacterEndsOnlyItsStatement) {
  SourceManager sources;
  FileId id = sources.AddText("t.policy", "read: 1 $\nwrite: 1\n");
  Diagnostics diags(&sources);
  auto s = Lex(sources, id, diags);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(Kinds(s[0]), "write : 1 ");
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_EQ(diags.RenderAll(),
            "t.policy:1:9: error: unexpected character '$'\n"
            "    read: 1 $\n"
            "            ^\n");
}

}  // namespace
}  // namespace cordon::policy
