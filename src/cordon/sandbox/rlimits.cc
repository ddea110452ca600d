#include "cordon/sandbox/rlimits.h"

#include <sys/resource.h>

#include <cctype>
#include <cstdlib>

namespace cordon::sandbox {
namespace {

struct Named {
  const char* name;
  int resource;
};
constexpr Named kLimits[] = {
    {"AS", RLIMIT_AS},           {"CORE", RLIMIT_CORE},         {"CPU", RLIMIT_CPU},
    {"DATA", RLIMIT_DATA},       {"FSIZE", RLIMIT_FSIZE},       {"LOCKS", RLIMIT_LOCKS},
    {"MEMLOCK", RLIMIT_MEMLOCK}, {"MSGQUEUE", RLIMIT_MSGQUEUE}, {"NICE", RLIMIT_NICE},
    {"NOFILE", RLIMIT_NOFILE},   {"NPROC", RLIMIT_NPROC},       {"RSS", RLIMIT_RSS},
    {"RTPRIO", RLIMIT_RTPRIO},   {"RTTIME", RLIMIT_RTTIME},     {"SIGPENDING", RLIMIT_SIGPENDING},
    {"STACK", RLIMIT_STACK},
};

bool ParseValue(const std::string& text, rlim_t* out) {
  if (text == "unlimited" || text == "inf" || text == "infinity") {
    *out = RLIM_INFINITY;
    return true;
  }
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), &end, 0);
  if (errno != 0 || *end != '\0') return false;
  *out = static_cast<rlim_t>(v);
  return true;
}

}  // namespace

Result<ResourceLimit> ParseRlimit(const std::string& text) {
  size_t c1 = text.find(',');
  size_t c2 = c1 == std::string::npos ? c1 : text.find(',', c1 + 1);
  if (c2 == std::string::npos || text.find(',', c2 + 1) != std::string::npos) {
    return UsageError("-R wants TYPE,CUR,MAX, got '" + text + "'");
  }
  std::string type = text.substr(0, c1);
  ResourceLimit r;
  std::string upper;
  for (char c : type) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.starts_with("RLIMIT_")) upper = upper.substr(7);
  bool found = false;
  for (const Named& n : kLimits) {
    if (upper == n.name) {
      r.resource = n.resource;
      found = true;
    }
  }
  if (!found) {
    char* end = nullptr;
    long v = std::strtol(type.c_str(), &end, 10);
    if (type.empty() || *end != '\0' || v < 0 || v >= RLIM_NLIMITS) {
      return UsageError("-R: unknown resource '" + type + "'");
    }
    r.resource = static_cast<int>(v);
  }
  if (!ParseValue(text.substr(c1 + 1, c2 - c1 - 1), &r.cur) ||
      !ParseValue(text.substr(c2 + 1), &r.max)) {
    return UsageError("-R: limits must be numbers or 'unlimited', got '" + text + "'");
  }
  if (r.cur > r.max)
    return UsageError("-R: the soft limit exceeds the hard limit in '" + text + "'");
  return r;
}

std::string RlimitName(int resource) {
  for (const Named& n : kLimits) {
    if (n.resource == resource) return std::string("RLIMIT_") + n.name;
  }
  return std::to_string(resource);
}

SetupError ApplyRlimits(std::span<const ResourceLimit> limits) {
  for (size_t i = 0; i < limits.size(); ++i) {
    rlimit r = {limits[i].cur, limits[i].max};
    if (setrlimit(static_cast<__rlimit_resource>(limits[i].resource), &r) != 0) {
      return SetupError::Errno(kStepRlimit, i);
    }
  }
  return {};
}

}  // namespace cordon::sandbox
