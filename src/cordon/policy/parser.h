// Parser: tokens to AST for cordon's policy language, a superset of both
// minijail dialects (its Python compiler's and its C runtime parser's).
//
//   policy     = { statement } ;                 (one statement per line)
//   statement  = "@include" path | "@frequency" path | "@default" action
//              | "@denylist" | syscalls ":" filter ;
//   syscalls   = syscall | "{" syscall { "," syscall } "}" ;
//   syscall    = name [ "[" meta { ";" meta } "]" ] ;
//   meta       = name "=" name { "," name } ;     (only arch= has meaning)
//   filter     = single | "{" single { "," single } "}" ;
//   single     = action | expr [ ";" action ] ;
//   action     = "allow" | "1" | "kill" | "kill-process" | "kill-thread"
//              | "trap" | "trace" | "log" | "user-notify" | "return" value ;
//   expr       = clause { "||" clause } ;
//   clause     = atom { "&&" atom } ;
//   atom       = "arg" digit op value ;           (arg0 .. arg5)
//   op         = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&" | "in" ;
//   value      = term { "|" term } ;
//   term       = [ "~" ] ( number | name | "(" value ")" ) ;
//
// A three-line policy:
//
//   read: arg0 == 0                       # stdin only
//   write: arg0 == 1 || arg0 == 2
//   socket: arg0 == AF_UNIX; return EPERM # Unix sockets; others fail with EPERM
//
// `EXPR; ACTION` allows the call when EXPR holds and takes ACTION when it
// does not (minijail's documented meaning).
#ifndef CORDON_POLICY_PARSER_H_
#define CORDON_POLICY_PARSER_H_

#include <vector>

#include "cordon/policy/ast.h"
#include "cordon/policy/diagnostics.h"
#include "cordon/policy/lexer.h"

namespace cordon::policy {

// ParsePolicy parses file `id`. Statements with errors are reported and
// left out; parsing continues with the next statement.
std::vector<Statement> ParsePolicy(const SourceManager& sources, FileId id, Diagnostics& diags);

// ParseFrequency parses a frequency file (`name: count` per line).
std::vector<FrequencyEntry> ParseFrequency(const SourceManager& sources, FileId id,
                                           Diagnostics& diags);

// ParseNumber reads a C integer literal (decimal, 0x hex, 0 octal, with an
// optional '-'). Returns false when the text is not one or does not fit in
// 64 bits; *negative says whether it had a minus sign and *magnitude is the
// absolute value.
bool ParseNumber(std::string_view text, uint64_t* magnitude, bool* negative);

}  // namespace cordon::policy

#endif  // CORDON_POLICY_PARSER_H_
