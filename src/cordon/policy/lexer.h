// Lexer: policy text to tokens, one token list per statement.
//
// A statement is a line; a line ending in '\' continues on the next one.
// '#' starts a comment anywhere a token could start. Tokens point into the
// SourceManager's text, so they live as long as it does.
//
//   "write: arg0 == 1 || arg0 == 2  # stdout, stderr"
//   -> Ident(write) Colon Arg(arg0) Op(==) Number(1) OrOr Arg(arg0) Op(==) Number(2)
#ifndef CORDON_POLICY_LEXER_H_
#define CORDON_POLICY_LEXER_H_

#include <string_view>
#include <vector>

#include "cordon/policy/diagnostics.h"
#include "cordon/policy/source.h"

namespace cordon::policy {

enum class Tok {
  kIdent,      // read, O_RDONLY, kill (also an action word; see kAction)
  kNumber,     // 1, -1, 0x1f, 0755
  kArg,        // arg0 .. arg99 (range checked by the parser)
  kAction,     // allow kill kill-process kill-thread trap trace log user-notify
  kReturn,     // return
  kOp,         // == != < <= > >= & in
  kPath,       // the operand of @include / @frequency
  kInclude,    // @include
  kFrequency,  // @frequency
  kDefault,    // @default
  kDenylist,   // @denylist
  kColon, kSemicolon, kComma, kTilde, kPipe, kOrOr, kAndAnd, kEqual,
  kLParen, kRParen, kLBrace, kRBrace, kLBracket, kRBracket,
};

// TokName describes a token kind for messages ("':'", "a number").
const char* TokName(Tok kind);

struct Token {
  Tok kind;
  std::string_view text;
  Loc loc;
};

// Lex splits file `id` into statements. Characters that start no token are
// reported (with their location) and end that statement.
std::vector<std::vector<Token>> Lex(const SourceManager& sources, FileId id, Diagnostics& diags);

}  // namespace cordon::policy

#endif  // CORDON_POLICY_LEXER_H_
