#include "cordon/bpf/action.h"

#include <string.h>

#include <cctype>
#include <cstdlib>

namespace cordon::bpf {

std::string ActionName(uint32_t ret) {
  uint32_t data = DataOf(ret);
  switch (ActionOf(ret)) {
    case SECCOMP_RET_ALLOW: return "ALLOW";
    case SECCOMP_RET_KILL_PROCESS: return "KILL_PROCESS";
    case SECCOMP_RET_KILL_THREAD: return "KILL_THREAD";
    case SECCOMP_RET_LOG: return "LOG";
    case SECCOMP_RET_USER_NOTIF: return "USER_NOTIF";
    case SECCOMP_RET_TRAP: return data == 0 ? "TRAP" : "TRAP(" + std::to_string(data) + ")";
    case SECCOMP_RET_TRACE: return data == 0 ? "TRACE" : "TRACE(" + std::to_string(data) + ")";
    case SECCOMP_RET_ERRNO: {
      const char* name = data != 0 ? strerrorname_np(static_cast<int>(data)) : nullptr;
      return "ERRNO(" + (name != nullptr ? std::string(name) : std::to_string(data)) + ")";
    }
    default: {
      char buf[32];
      snprintf(buf, sizeof(buf), "UNKNOWN(0x%08x)", ret);
      return buf;
    }
  }
}

namespace {

std::optional<uint32_t> ParseData(std::string_view inner) {
  if (inner.empty() || inner.size() > 10) return std::nullopt;
  std::string s(inner);
  if (std::isdigit(static_cast<unsigned char>(s[0]))) {
    char* end = nullptr;
    unsigned long v = strtoul(s.c_str(), &end, 0);
    if (*end != '\0' || v > 0xffff) return std::nullopt;
    return static_cast<uint32_t>(v);
  }
  for (int e = 1; e <= static_cast<int>(kMaxErrno); ++e) {
    const char* name = strerrorname_np(e);
    if (name != nullptr && s == name) return static_cast<uint32_t>(e);
  }
  return std::nullopt;
}

}  // namespace

std::optional<uint32_t> ParseActionName(std::string_view name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view u = upper;
  struct Plain {
    std::string_view name;
    uint32_t ret;
  };
  static constexpr Plain kPlain[] = {
      {"ALLOW", kRetAllow},         {"KILL_PROCESS", kRetKillProcess},
      {"KILL_THREAD", kRetKillThread}, {"KILL", kRetKillProcess},
      {"LOG", kRetLog},             {"USER_NOTIF", kRetUserNotif},
      {"TRAP", kRetTrap},           {"TRACE", kRetTrace},
  };
  for (const Plain& p : kPlain) {
    if (u == p.name) return p.ret;
  }
  auto open = u.find('(');
  if (open == std::string_view::npos || u.back() != ')') return std::nullopt;
  std::string_view head = u.substr(0, open);
  std::optional<uint32_t> data = ParseData(name.substr(open + 1, name.size() - open - 2));
  if (!data) return std::nullopt;
  if (head == "ERRNO" && *data <= kMaxErrno) return Errno(*data);
  if (head == "TRAP") return kRetTrap | *data;
  if (head == "TRACE") return kRetTrace | *data;
  return std::nullopt;
}

int32_t Precedence(uint32_t ret) {
  // The kernel compares the action bits as a signed number.
  return static_cast<int32_t>(ActionOf(ret));
}

}  // namespace cordon::bpf
