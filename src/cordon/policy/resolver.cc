#include "cordon/policy/resolver.h"

#include <limits.h>
#include <stdlib.h>

#include <map>

#include "cordon/policy/parser.h"

namespace cordon::policy {
namespace {

using compile::FilterIR;
using compile::Rule;

// PendingRule is a Rule plus the location the checks below point at.
struct PendingRule {
  Rule rule;
  Loc loc;
};

std::string Dirname(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string LocString(const SourceManager& sources, Loc loc) {
  return sources.file(loc.file).path + ":" + std::to_string(loc.line);
}

class Resolver {
 public:
  Resolver(const PolicyOptions& options, SourceManager& sources, Diagnostics& diags)
      : options_(options),
        arch_(options.arch != nullptr ? *options.arch : arch::NativeArch()),
        width_(compile::ArgMask(arch_)),
        sources_(sources),
        diags_(diags) {}

  void ResolveFile(FileId id, int depth);
  Result<FilterIR> Finish(const std::string& top_path);

 private:
  std::optional<uint64_t> EvalValue(const ValueExpr& v);
  std::optional<uint32_t> ResolveAction(const Action& a);
  // ResolveSyscall returns the number, or nullopt when the ref is for
  // another arch or unknown (reported).
  std::optional<uint32_t> ResolveSyscall(const SyscallRef& ref);
  std::optional<std::string> ResolvePath(FileId from, std::string_view path, Loc loc);
  void AddFilterStatement(const Statement& s);
  void AddFrequencyFile(FileId from, const Statement& s);

  const PolicyOptions& options_;
  const arch::Arch& arch_;
  const uint64_t width_;
  SourceManager& sources_;
  Diagnostics& diags_;
  std::vector<std::string> include_stack_;  // canonical paths, for cycles
  std::map<uint32_t, std::vector<PendingRule>> rules_;
  std::map<uint32_t, uint64_t> frequency_;
  std::optional<std::pair<uint32_t, Loc>> default_;
  std::optional<Loc> denylist_;
};

std::optional<uint64_t> Resolver::EvalValue(const ValueExpr& v) {
  switch (v.kind) {
    case ValueExpr::Kind::kNumber: {
      uint64_t magnitude = 0;
      bool negative = false;
      if (!ParseNumber(v.text, &magnitude, &negative)) {
        diags_.Error(v.loc, "invalid number '" + std::string(v.text) +
                                "' (expected decimal, 0x hex or 0 octal that fits in 64 bits)");
        return std::nullopt;
      }
      if (!negative) {
        if (magnitude > width_) {
          diags_.Error(v.loc, "'" + std::string(v.text) + "' does not fit in " +
                                  std::to_string(arch_.bits()) + " bits (" + arch_.name() +
                                  " arguments are " + std::to_string(arch_.bits()) + "-bit)");
          return std::nullopt;
        }
        return magnitude;
      }
      if (magnitude > (width_ >> 1) + 1) {
        diags_.Error(v.loc, "'" + std::string(v.text) + "' is below the smallest signed " +
                                std::to_string(arch_.bits()) + "-bit value");
        return std::nullopt;
      }
      return (uint64_t{0} - magnitude) & width_;
    }
    case ValueExpr::Kind::kName: {
      std::optional<uint64_t> c = arch_.Constant(v.text);
      if (!c) {
        diags_.Error(v.loc, "unknown constant '" + std::string(v.text) + "' on " + arch_.name() +
                                " (newer constants can come from --arch-json constants.json)");
        return std::nullopt;
      }
      uint64_t value = *c & width_;
      // A 32-bit arch takes negative constants (AT_FDCWD) as their low half.
      if (arch_.bits() == 32 && (*c >> 32) != 0 && (*c >> 31) != 0x1ffffffffull) {
        diags_.Error(v.loc, "constant '" + std::string(v.text) + "' does not fit in 32 bits");
        return std::nullopt;
      }
      return value;
    }
    case ValueExpr::Kind::kOr: {
      uint64_t acc = 0;
      bool ok = true;
      for (const ValueExpr& op : v.operands) {
        std::optional<uint64_t> x = EvalValue(op);
        ok &= x.has_value();
        if (x) acc |= *x;
      }
      if (!ok) return std::nullopt;
      return acc;
    }
    case ValueExpr::Kind::kNot: {
      std::optional<uint64_t> x = EvalValue(v.operands[0]);
      if (!x) return std::nullopt;
      return ~*x & width_;
    }
  }
  return std::nullopt;
}

std::optional<uint32_t> Resolver::ResolveAction(const Action& a) {
  switch (a.kind) {
    case Action::Kind::kAllow: return bpf::kRetAllow;
    case Action::Kind::kKill: return options_.kill_action;
    case Action::Kind::kKillProcess: return bpf::kRetKillProcess;
    case Action::Kind::kKillThread: return bpf::kRetKillThread;
    case Action::Kind::kTrap: return bpf::kRetTrap;
    case Action::Kind::kTrace: return bpf::kRetTrace;
    case Action::Kind::kLog: return bpf::kRetLog;
    case Action::Kind::kUserNotify: return bpf::kRetUserNotif;
    case Action::Kind::kReturn: {
      std::optional<uint64_t> e = EvalValue(*a.errno_value);
      if (!e) return std::nullopt;
      if (*e > bpf::kMaxErrno) {
        diags_.Error(a.errno_value->loc,
                     "errno " + std::to_string(static_cast<int64_t>(*e)) +
                         " is out of range: a filter can return 0 to 4095");
        return std::nullopt;
      }
      return bpf::Errno(static_cast<uint32_t>(*e));
    }
  }
  return std::nullopt;
}

std::optional<uint32_t> Resolver::ResolveSyscall(const SyscallRef& ref) {
  if (ref.arches) {
    bool here = false;
    for (std::string_view name : *ref.arches) {
      const arch::Arch* named = arch::FindArch(name);
      if (named == nullptr && name != arch_.name()) {
        diags_.Warning(ref.loc, "unknown arch '" + std::string(name) + "' in metadata");
        continue;
      }
      here |= name == arch_.name() || (named != nullptr && named->name() == arch_.name());
    }
    if (!here) return std::nullopt;
  }
  std::optional<uint32_t> nr = arch_.SyscallNumber(ref.name);
  if (nr) return nr;
  std::string message = "unknown syscall '" + std::string(ref.name) + "' on " + arch_.name();
  std::vector<std::string> names;
  for (const arch::Syscall& s : arch_.syscalls()) names.push_back(s.name);
  std::string guess = Suggest(std::string(ref.name), names);
  if (!guess.empty()) message += "; did you mean '" + guess + "'?";
  if (options_.permissive) {
    diags_.Warning(ref.loc, message + " (skipped: --permissive)");
  } else {
    diags_.Error(ref.loc, message);
  }
  return std::nullopt;
}

std::optional<std::string> Resolver::ResolvePath(FileId from, std::string_view path, Loc loc) {
  std::string p(path);
  if (p[0] == '/') {
    for (const auto& [prefix, replacement] : options_.include_map) {
      if (p.compare(0, prefix.size(), prefix) == 0 &&
          (p.size() == prefix.size() || p[prefix.size()] == '/' || prefix.back() == '/')) {
        p = replacement + p.substr(prefix.size());
        break;
      }
    }
  } else {
    p = Dirname(sources_.file(from).path) + "/" + p;
  }
  (void)loc;
  return p;
}

void Resolver::AddFrequencyFile(FileId from, const Statement& s) {
  std::optional<std::string> path = ResolvePath(from, s.path, s.path_loc);
  if (!path) return;
  Result<FileId> id = sources_.Load(*path, s.path_loc);
  if (!id.ok()) {
    diags_.Error(s.path_loc, "cannot read frequency file: " + id.status().message());
    return;
  }
  for (const FrequencyEntry& e : ParseFrequency(sources_, *id, diags_)) {
    std::optional<uint32_t> nr = ResolveSyscall(e.syscall);
    if (nr) frequency_[*nr] += e.count;
  }
}

void Resolver::AddFilterStatement(const Statement& s) {
  std::vector<uint32_t> numbers;
  for (const SyscallRef& ref : s.syscalls) {
    if (std::optional<uint32_t> nr = ResolveSyscall(ref)) numbers.push_back(*nr);
  }
  // Resolve the filters once; they apply to every syscall of the statement.
  std::vector<PendingRule> rules;
  const std::string& file = sources_.file(s.loc.file).path;
  for (const Filter& f : s.filters) {
    compile::SourceRef src{file, f.loc.line, f.loc.column};
    std::vector<compile::Clause> when;
    bool ok = true;
    for (const std::vector<Atom>& clause : f.expr) {
      compile::Clause c;
      for (const Atom& atom : clause) {
        std::optional<uint64_t> v = EvalValue(atom.value);
        ok &= v.has_value();
        if (v) c.push_back(compile::Cmp{atom.arg, atom.op, *v});
      }
      when.push_back(std::move(c));
    }
    std::optional<uint32_t> action;
    if (f.action) {
      action = ResolveAction(*f.action);
      ok &= action.has_value();
      if (action && denylist_ && *action == bpf::kRetAllow && f.expr.empty()) {
        diags_.Warning(f.action->loc, "'allow' in a @denylist policy changes nothing: allow is "
                                      "its default");
      }
    }
    if (!ok) continue;
    if (when.empty()) {
      rules.push_back({Rule{{}, *action, src}, f.loc});
    } else {
      rules.push_back({Rule{std::move(when), bpf::kRetAllow, src}, f.loc});
      if (action) {
        Loc at = f.action->loc;
        rules.push_back({Rule{{}, *action, {file, at.line, at.column}}, at});
      }
    }
  }
  for (uint32_t nr : numbers) {
    auto& list = rules_[nr];
    list.insert(list.end(), rules.begin(), rules.end());
  }
}

void Resolver::ResolveFile(FileId id, int depth) {
  char canonical[PATH_MAX];
  const std::string& path = sources_.file(id).path;
  std::string key = realpath(path.c_str(), canonical) != nullptr ? canonical : path;
  include_stack_.push_back(key);
  for (const Statement& s : ParsePolicy(sources_, id, diags_)) {
    switch (s.kind) {
      case Statement::Kind::kFilter:
        AddFilterStatement(s);
        break;
      case Statement::Kind::kFrequency:
        AddFrequencyFile(id, s);
        break;
      case Statement::Kind::kDefault:
        if (std::optional<uint32_t> a = ResolveAction(*s.action)) default_ = {{*a, s.loc}};
        break;
      case Statement::Kind::kDenylist:
        denylist_ = s.loc;
        break;
      case Statement::Kind::kInclude: {
        std::optional<std::string> target = ResolvePath(id, s.path, s.path_loc);
        if (!target) break;
        if (depth + 1 >= options_.max_include_depth) {
          diags_.Error(s.path_loc, "@include nested more than " +
                                       std::to_string(options_.max_include_depth) + " deep");
          break;
        }
        std::string target_key = realpath(target->c_str(), canonical) != nullptr ? canonical : *target;
        bool cycle = false;
        for (const std::string& open : include_stack_) cycle |= open == target_key;
        if (cycle) {
          diags_.Error(s.path_loc, "@include cycle: " + *target + " is already being read");
          break;
        }
        Result<FileId> child = sources_.Load(*target, s.path_loc);
        if (!child.ok()) {
          diags_.Error(s.path_loc, "cannot @include " + *target + ": " + child.status().message());
          break;
        }
        ResolveFile(*child, depth + 1);
        break;
      }
    }
  }
  include_stack_.pop_back();
}

Result<FilterIR> Resolver::Finish(const std::string& top_path) {
  FilterIR ir;
  ir.arch = &arch_;
  const bool denylist = denylist_.has_value();
  if (options_.denylist && !denylist) {
    diags_.Error(Loc{0, 1, 1, 1}, "--denylist was given but the policy does not say @denylist");
  }
  if (denylist && default_) {
    diags_.Error(default_->second, "@default conflicts with @denylist: a denylist's default is "
                                   "allow");
  }
  ir.default_action = denylist ? bpf::kRetAllow : bpf::kRetKillProcess;
  if (default_) ir.default_action = default_->first;
  if (options_.default_action) ir.default_action = *options_.default_action;

  for (auto& [nr, pending] : rules_) {
    std::string name(arch_.SyscallName(nr));
    std::vector<Rule>& out = ir.syscalls[nr];
    for (size_t i = 0; i < pending.size(); ++i) {
      out.push_back(pending[i].rule);
      if (!pending[i].rule.unconditional() || i + 1 == pending.size()) continue;
      // Everything after an unconditional filter is unreachable.
      bool all_same = true;
      for (size_t j = i + 1; j < pending.size(); ++j) {
        all_same &= pending[j].rule.unconditional() && pending[j].rule.action == pending[i].rule.action;
      }
      const PendingRule& extra = pending[i + 1];
      std::string message = "'" + name + "' already has an unconditional action at " +
                            LocString(sources_, pending[i].loc) + "; this filter can never apply";
      if (options_.permissive) {
        if (!all_same) diags_.Warning(extra.loc, message + " (dropped: --permissive)");
      } else {
        diags_.Error(extra.loc, message);
      }
      break;
    }
  }
  for (const auto& [nr, count] : frequency_) ir.frequency[nr] = count;
  if (diags_.error_count() > 0) return InvalidInput(diags_.Summary(top_path));
  return ir;
}

Result<FilterIR> Run(FileId top, const PolicyOptions& options, SourceManager& sources,
                     Diagnostics& diags) {
  Resolver resolver(options, sources, diags);
  resolver.ResolveFile(top, 0);
  return resolver.Finish(sources.file(top).path);
}

}  // namespace

Result<FilterIR> LoadPolicy(const std::string& path, const PolicyOptions& options,
                            SourceManager& sources, Diagnostics& diags) {
  FileId top = TRY(sources.Load(path, Loc{}));
  return Run(top, options, sources, diags);
}

Result<FilterIR> LoadPolicyText(const std::string& name, std::string text,
                                const PolicyOptions& options, SourceManager& sources,
                                Diagnostics& diags) {
  FileId top = sources.AddText(name, std::move(text));
  return Run(top, options, sources, diags);
}

Result<uint32_t> ParseActionSpec(const std::string& spec, const arch::Arch& arch) {
  std::string s = spec;
  std::string errno_part;
  if (s.rfind("errno:", 0) == 0) errno_part = s.substr(6);
  if (s.rfind("return ", 0) == 0) errno_part = s.substr(7);
  if (!errno_part.empty()) {
    uint64_t magnitude = 0;
    bool negative = false;
    std::optional<uint64_t> value;
    if (ParseNumber(errno_part, &magnitude, &negative) && !negative) {
      value = magnitude;
    } else {
      value = arch.Constant(errno_part);
    }
    if (!value || *value > bpf::kMaxErrno) {
      return UsageError("invalid errno '" + errno_part + "' (a name such as EPERM or 0..4095)");
    }
    return bpf::Errno(static_cast<uint32_t>(*value));
  }
  static const std::pair<const char*, uint32_t> kActions[] = {
      {"allow", bpf::kRetAllow},         {"kill", bpf::kRetKillProcess},
      {"kill-process", bpf::kRetKillProcess}, {"kill-thread", bpf::kRetKillThread},
      {"trap", bpf::kRetTrap},           {"trace", bpf::kRetTrace},
      {"log", bpf::kRetLog},             {"user-notify", bpf::kRetUserNotif},
  };
  for (const auto& [name, ret] : kActions) {
    if (s == name) return ret;
  }
  return UsageError("unknown action '" + spec +
                    "' (kill-process, kill-thread, kill, trap, log, trace, user-notify, allow, "
                    "errno:NAME)");
}

}  // namespace cordon::policy
