// KernelConfig: a kernel build configuration (.config), as the kernel ships
// it in /proc/config.gz or /boot/config-$(uname -r).
//
// Symbols are stored without the CONFIG_ prefix. "# CONFIG_X is not set" is
// stored as "n"; a symbol the file does not mention at all is absent (its
// dependencies were not met, or this kernel version does not have it):
//
//   std::string text = TRY(ReadKernelConfigFile("/proc/config.gz"));
//   KernelConfig config = ParseKernelConfig(text);
//   config.Get("INIT_ON_ALLOC_DEFAULT_ON");   // "y", "n" or nullopt
//   config.IsY("SECURITY_YAMA");              // exactly "y"
//   config.IsOff("DEVMEM");                   // "n" or absent
//   config.Lsm();                             // {"landlock", "lockdown", "yama", ...}
//   config.version();                         // "6.1.192", from the header
#ifndef CORDON_AUDIT_KCONFIG_H_
#define CORDON_AUDIT_KCONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/base/status.h"

namespace cordon::audit {

// KernelConfig holds the symbols of one kernel configuration.
class KernelConfig {
 public:
  // Get returns the value of `name` (no CONFIG_ prefix): "y", "m", "n", a
  // number or an unquoted string; nullopt when the file does not mention it.
  std::optional<std::string> Get(std::string_view name) const;
  // IsY is true when `name` is built in (=y).
  bool IsY(std::string_view name) const;
  // IsOff is true when `name` is "is not set" or absent.
  bool IsOff(std::string_view name) const;
  // Mentions is true when the file has a line for `name`, set or not.
  bool Mentions(std::string_view name) const { return Get(name).has_value(); }
  // Describe renders `name` as the file would: "CONFIG_X=y",
  // "CONFIG_X is not set" or "CONFIG_X absent".
  std::string Describe(std::string_view name) const;
  // Lsm splits CONFIG_LSM (the default LSM order), or nullopt when unset.
  std::optional<std::vector<std::string>> Lsm() const;

  // version is the kernel version from the "# Linux/x86 6.1.192 Kernel
  // Configuration" header, or "" when the header is missing.
  const std::string& version() const { return version_; }
  size_t size() const { return values_.size(); }

  void Set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }
  void set_version(std::string v) { version_ = std::move(v); }

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::string version_;
};

// ParseKernelConfig reads .config text. Lines that are neither assignments
// nor "is not set" comments are ignored, as the kernel's own tools do.
KernelConfig ParseKernelConfig(std::string_view text);

// DecodeConfigBytes returns `bytes` unchanged when they are plain text and
// inflates them when they start with the gzip magic; corrupt gzip data is
// kInvalidInput naming `what`.
Result<std::string> DecodeConfigBytes(std::string_view bytes, const std::string& what);

// ReadKernelConfigFile reads and, if needed, decompresses a config file;
// errors name the path.
Result<KernelConfig> ReadKernelConfigFile(const std::string& path);

}  // namespace cordon::audit

#endif  // CORDON_AUDIT_KCONFIG_H_
