#include "cordon/sandbox/caps.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "cordon/arch/arch.h"
#include "cordon/base/files.h"

namespace cordon::sandbox {
namespace {

struct RawCaps {
  __user_cap_header_struct header;
  __user_cap_data_struct data[2];
};

bool GetCaps(RawCaps* caps) {
  std::memset(caps, 0, sizeof(*caps));
  caps->header.version = _LINUX_CAPABILITY_VERSION_3;
  return syscall(SYS_capget, &caps->header, caps->data) == 0;
}

uint64_t Join(uint32_t low, uint32_t high) { return (uint64_t{high} << 32) | low; }

// Capability names come from the arch's constant table (CAP_NET_RAW = 13),
// so cordon needs no libcap.
std::optional<int> CapabilityNumber(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!name.starts_with("CAP_") || name == "CAP_LAST_CAP") return std::nullopt;
  std::optional<uint64_t> v = arch::NativeArch().Constant(name);
  if (!v || *v > 63) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace

Result<uint64_t> ParseCapabilities(const std::string& text) {
  if (text.empty()) return UsageError("empty capability mask");
  if (std::isdigit(static_cast<unsigned char>(text[0]))) {
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (errno != 0 || end == nullptr || *end != '\0') {
      return UsageError("bad capability mask '" + text + "' (want hex like 0x3000 or names)");
    }
    return static_cast<uint64_t>(v);
  }
  uint64_t mask = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string name = text.substr(start, comma == std::string::npos ? comma : comma - start);
    std::optional<int> cap = CapabilityNumber(name);
    if (!cap) return UsageError("unknown capability '" + name + "'");
    mask |= uint64_t{1} << *cap;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return mask;
}

std::string CapabilityNames(uint64_t mask) {
  std::string out;
  for (int cap = 0; cap < 64; ++cap) {
    if ((mask >> cap & 1) == 0) continue;
    std::string name;
    for (const std::string& n :
         arch::NativeArch().ConstantNames(static_cast<uint64_t>(cap), "CAP_")) {
      if (n != "CAP_LAST_CAP" && CapabilityNumber(n) == cap) {
        name = n;
        break;
      }
    }
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!out.empty()) out += ',';
    out += name.empty() ? std::to_string(cap) : name;
  }
  return out;
}

int LastCapability() {
  Result<std::string> text = ReadFile("/proc/sys/kernel/cap_last_cap", 64);
  if (!text.ok()) return CAP_LAST_CAP;
  int v = std::atoi(text->c_str());
  return v > 0 && v < 64 ? v : CAP_LAST_CAP;
}

SetupError DropBoundingSet(uint64_t keep, int last_cap) {
  for (int cap = 0; cap <= last_cap; ++cap) {
    if ((keep >> cap & 1) != 0) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      return SetupError::Errno(kStepCapBound, static_cast<size_t>(cap));
    }
  }
  return {};
}

SetupError SetCapabilities(uint64_t keep, bool ambient, int last_cap) {
  RawCaps caps;
  if (!GetCaps(&caps)) return SetupError::Errno(kStepCapSet);
  uint64_t permitted = Join(caps.data[0].permitted, caps.data[1].permitted) & keep;
  for (int i = 0; i < 2; ++i) {
    uint32_t part = static_cast<uint32_t>(permitted >> (32 * i));
    caps.data[i].permitted = part;
    caps.data[i].effective = part;
    caps.data[i].inheritable = part;
  }
  caps.header.pid = 0;
  if (syscall(SYS_capset, &caps.header, caps.data) != 0) return SetupError::Errno(kStepCapSet);
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    return SetupError::Errno(kStepCapClearAmbient);
  }
  if (ambient) {
    for (int cap = 0; cap <= last_cap; ++cap) {
      if ((keep >> cap & 1) == 0) continue;
      if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
        return SetupError::Errno(kStepCapAmbient, static_cast<size_t>(cap));
      }
    }
  }
  return {};
}

bool HasEffectiveCapability(int cap) {
  RawCaps caps;
  if (!GetCaps(&caps)) return false;
  return (Join(caps.data[0].effective, caps.data[1].effective) >> cap & 1) != 0;
}

bool SysAdminAfterExec() {
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_SYS_ADMIN, 0, 0) == 1) return true;
  return geteuid() == 0 && prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0) == 1;
}

}  // namespace cordon::sandbox
