// The policy AST: statements as written, with a location on every part.
// Names are not resolved yet (that is resolver.h's job), so one AST serves
// every architecture.
#ifndef CORDON_POLICY_AST_H_
#define CORDON_POLICY_AST_H_

#include <optional>
#include <string_view>
#include <vector>

#include "cordon/compile/filter_ir.h"
#include "cordon/policy/source.h"

namespace cordon::policy {

// ValueExpr is a constant expression: 0x10, O_RDONLY|O_CLOEXEC, ~(A|B).
struct ValueExpr {
  enum class Kind { kNumber, kName, kOr, kNot };
  Kind kind = Kind::kNumber;
  std::string_view text;            // kNumber, kName
  Loc loc;
  std::vector<ValueExpr> operands;  // kOr: two or more; kNot: one
};

// Atom is `argN OP VALUE`.
struct Atom {
  int arg = 0;
  Loc arg_loc;
  compile::CmpOp op = compile::CmpOp::kEq;
  Loc op_loc;
  ValueExpr value;
};

struct Action {
  enum class Kind { kAllow, kKill, kKillProcess, kKillThread, kTrap, kTrace, kLog, kUserNotify,
                    kReturn };
  Kind kind = Kind::kAllow;
  Loc loc;
  std::optional<ValueExpr> errno_value;  // kReturn
};

// Filter is `ACTION`, `EXPR` or `EXPR; ACTION`; `expr` is in DNF and empty
// for a bare action.
struct Filter {
  std::vector<std::vector<Atom>> expr;
  std::optional<Action> action;
  Loc loc;
};

// SyscallRef names a syscall, optionally limited to some arches with
// `name[arch=x86_64,aarch64]`.
struct SyscallRef {
  std::string_view name;
  Loc loc;
  std::optional<std::vector<std::string_view>> arches;
};

struct Statement {
  enum class Kind { kFilter, kInclude, kFrequency, kDefault, kDenylist };
  Kind kind = Kind::kFilter;
  Loc loc;                           // the first token
  std::vector<SyscallRef> syscalls;  // kFilter
  std::vector<Filter> filters;       // kFilter
  std::string_view path;             // kInclude, kFrequency
  Loc path_loc;
  std::optional<Action> action;      // kDefault
};

// FrequencyEntry is one `name: count` line of a frequency file.
struct FrequencyEntry {
  SyscallRef syscall;
  uint64_t count = 0;
};

}  // namespace cordon::policy

#endif  // CORDON_POLICY_AST_H_
