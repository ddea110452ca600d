// Diagnostics collects the errors and warnings of a policy load and renders
// them the way compilers do:
//
//   In file included from app.policy:4:
//   common.policy:7:1: error: unknown syscall 'opne'; did you mean 'open'?
//       opne: 1
//       ^~~~
//
// Every error has a location. Loading continues after an error so that one
// run reports all of a file's errors.
#ifndef CORDON_POLICY_DIAGNOSTICS_H_
#define CORDON_POLICY_DIAGNOSTICS_H_

#include <string>
#include <vector>

#include "cordon/policy/source.h"

namespace cordon::policy {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  Loc loc;
  std::string message;
};

class Diagnostics {
 public:
  explicit Diagnostics(const SourceManager* sources) : sources_(sources) {}

  void Error(Loc loc, std::string message);
  void Warning(Loc loc, std::string message);
  // Note attaches more context to the previous diagnostic.
  void Note(Loc loc, std::string message);

  int error_count() const { return errors_; }
  int warning_count() const { return warnings_; }
  const std::vector<Diagnostic>& all() const { return all_; }

  // Render formats one diagnostic as shown above (several lines).
  std::string Render(const Diagnostic& d) const;
  // RenderAll formats every diagnostic in order.
  std::string RenderAll() const;
  // Summary is "app.policy: 2 errors, 1 warning" for the top file.
  std::string Summary(const std::string& path) const;

 private:
  const SourceManager* sources_;
  std::vector<Diagnostic> all_;
  int errors_ = 0;
  int warnings_ = 0;
};

// Suggest returns the candidate closest to `word` by edit distance when it
// is close enough to be a likely typo, else "".
std::string Suggest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace cordon::policy

#endif  // CORDON_POLICY_DIAGNOSTICS_H_
