#include "cordon/sandbox/namespaces.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "cordon/base/files.h"
#include "cordon/base/unique_fd.h"

namespace cordon::sandbox {

uint64_t CloneFlags(const Namespaces& ns) {
  uint64_t flags = 0;
  if (ns.user) flags |= CLONE_NEWUSER;
  if (ns.pid || ns.program_is_init) flags |= CLONE_NEWPID;
  if (ns.mount) flags |= CLONE_NEWNS;
  if (ns.net && ns.net_ns_path.empty()) flags |= CLONE_NEWNET;
  if (ns.ipc) flags |= CLONE_NEWIPC;
  if (ns.uts) flags |= CLONE_NEWUTS;
  return flags;
}

std::string FormatIdMap(const std::vector<IdMapEntry>& map, uint32_t outer) {
  if (map.empty()) return "0 " + std::to_string(outer) + " 1\n";
  std::string out;
  for (const IdMapEntry& e : map) {
    out += std::to_string(e.inside) + " " + std::to_string(e.outside) + " " +
           std::to_string(e.count) + "\n";
  }
  return out;
}

Result<std::vector<IdMapEntry>> ParseIdMap(const std::string& text) {
  std::vector<IdMapEntry> map;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string entry = text.substr(start, comma == std::string::npos ? comma : comma - start);
    uint64_t v[3];
    int n = 0;
    size_t pos = 0;
    while (n < 3) {
      while (pos < entry.size() && entry[pos] == ' ') ++pos;
      size_t end = pos;
      while (end < entry.size() && entry[end] >= '0' && entry[end] <= '9') ++end;
      if (end == pos || end - pos > 10) break;
      v[n++] = std::stoull(entry.substr(pos, end - pos));
      pos = end;
    }
    while (pos < entry.size() && entry[pos] == ' ') ++pos;
    if (n != 3 || pos != entry.size() || v[0] > 0xffffffffu || v[1] > 0xffffffffu || v[2] == 0 ||
        v[2] > 0xffffffffu) {
      return UsageError("bad id map entry '" + entry +
                        "': want 'INSIDE OUTSIDE COUNT', entries separated by commas");
    }
    map.push_back(
        {static_cast<uint32_t>(v[0]), static_cast<uint32_t>(v[1]), static_cast<uint32_t>(v[2])});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return map;
}

namespace {

Status WriteProcFile(const std::string& path, const std::string& text) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "open " + path);
  // The kernel wants the whole map in one write.
  ssize_t n = write(fd.get(), text.data(), text.size());
  if (n != static_cast<ssize_t>(text.size())) {
    std::string shown = text;
    while (!shown.empty() && shown.back() == '\n') shown.pop_back();
    for (char& c : shown) c = c == '\n' ? ',' : c;
    return ErrnoStatus(n < 0 ? errno : EIO, "write '" + shown + "' to " + path);
  }
  return OkStatus();
}

}  // namespace

Status WriteIdMaps(pid_t pid, const Namespaces& ns, uid_t outer_uid, gid_t outer_gid) {
  std::string proc = "/proc/" + std::to_string(pid);
  if (geteuid() != 0) TRY(WriteProcFile(proc + "/setgroups", "deny"));
  TRY(WriteProcFile(proc + "/uid_map", FormatIdMap(ns.uid_map, outer_uid)));
  TRY(WriteProcFile(proc + "/gid_map", FormatIdMap(ns.gid_map, outer_gid)));
  return OkStatus();
}

Status JoinNetNamespace(const std::string& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "open network namespace " + path);
  if (setns(fd.get(), CLONE_NEWNET) != 0)
    return ErrnoStatus(errno, "join network namespace " + path);
  return OkStatus();
}

SetupError BringUpLoopback() {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return SetupError::Errno(kStepLoopback);
  ifreq ifr;
  std::memset(&ifr, 0, sizeof(ifr));
  std::memcpy(ifr.ifr_name, "lo", 3);
  SetupError result;
  if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0) {
    result = SetupError::Errno(kStepLoopback);
  } else {
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) result = SetupError::Errno(kStepLoopback);
  }
  close(s);
  return result;
}

SetupError SetHostname(const char* name) {
  if (sethostname(name, std::strlen(name)) != 0) return SetupError::Errno(kStepHostname);
  return {};
}

}  // namespace cordon::sandbox
