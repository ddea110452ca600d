// ScopeExit runs a callable when it goes out of scope, unless dismissed.
//
//   ScopeExit unlink_tmp([&] { unlink(tmp.c_str()); });
//   ... TRY(...) ...
//   unlink_tmp.Dismiss();
#ifndef CORDON_BASE_SCOPE_EXIT_H_
#define CORDON_BASE_SCOPE_EXIT_H_

#include <utility>

namespace cordon {

// ScopeExit calls `f` once at destruction unless Dismiss() was called.
template <typename F>
class ScopeExit {
 public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;
  ~ScopeExit() {
    if (armed_) f_();
  }
  void Dismiss() { armed_ = false; }

 private:
  F f_;
  bool armed_ = true;
};

}  // namespace cordon

#endif  // CORDON_BASE_SCOPE_EXIT_H_
