// Cmdline: the kernel's boot command line (/proc/cmdline), split the way the
// kernel splits it.
//
// Words are separated by blanks; double quotes group ("a=b c" or a="b c");
// a lone "--" ends the kernel's parameters (what follows goes to init).
// Parameter names treat '-' and '_' alike, as the kernel does, and the last
// occurrence of a parameter wins:
//
//   Cmdline c = ParseCmdline("quiet init_on_alloc=0 slab_nomerge -- --init-arg");
//   c.Has("slab_nomerge");                 // true
//   c.Value("init_on_alloc");              // "0"
//   ParseKernelBool(*c.Value("init_on_alloc"));   // false
//   c.Has("--init-arg");                   // false: it belongs to init
#ifndef CORDON_AUDIT_CMDLINE_H_
#define CORDON_AUDIT_CMDLINE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cordon::audit {

// Cmdline is the list of kernel parameters in boot order.
class Cmdline {
 public:
  struct Param {
    std::string name;   // '-' already folded to '_'
    std::string value;  // "" for a bare flag
    bool has_value = false;
  };

  // Has is true when `name` appears, with or without a value.
  bool Has(std::string_view name) const;
  // Value returns the value of the last `name=value`, or nullopt when
  // `name` never has a value.
  std::optional<std::string> Value(std::string_view name) const;
  // Bool returns the last `name=value` read with kernel boolean rules, or
  // nullopt when absent or unparsable (the kernel then keeps its default).
  std::optional<bool> Bool(std::string_view name) const;

  const std::vector<Param>& params() const { return params_; }
  // raw is the kernel part of the text, for reports.
  const std::string& raw() const { return raw_; }

 private:
  friend Cmdline ParseCmdline(std::string_view text);
  std::vector<Param> params_;
  std::string raw_;
};

// ParseCmdline splits boot command-line text; it never fails.
Cmdline ParseCmdline(std::string_view text);

// ParseKernelBool reads a boolean as the kernel's kstrtobool() does:
// y/Y/t/T/1 and "on" are true, n/N/f/F/0 and "off" false, else nullopt.
std::optional<bool> ParseKernelBool(std::string_view s);

}  // namespace cordon::audit

#endif  // CORDON_AUDIT_CMDLINE_H_
