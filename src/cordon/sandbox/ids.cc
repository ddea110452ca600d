#include "cordon/sandbox/ids.h"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace cordon::sandbox {
namespace {

bool ParseId(const std::string& text, uint32_t* out) {
  if (text.empty() || text.size() > 10) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
  if (v >= 0xffffffffull) return false;  // (uid_t)-1 means "unchanged" to the kernel
  *out = static_cast<uint32_t>(v);
  return true;
}

// Names are read from /etc/passwd and /etc/group directly (fgetpwent_r):
// the cordon binary is static, and glibc's NSS would dlopen modules built
// for the shared libc (and crash, or reach the network, from a sandboxing
// tool). Numeric ids need no entry.
template <typename Entry, typename Match>
bool FindEntry(const char* file, int (*next)(FILE*, Entry*, char*, size_t, Entry**), Match match,
               Entry* out, std::vector<char>* storage) {
  FILE* f = std::fopen(file, "re");
  if (f == nullptr) return false;
  storage->resize(16384);
  Entry* found = nullptr;
  bool hit = false;
  while (next(f, out, storage->data(), storage->size(), &found) == 0 && found != nullptr) {
    if (match(*found)) {
      hit = true;
      break;
    }
  }
  std::fclose(f);
  return hit;
}

bool FindUser(const std::function<bool(const passwd&)>& match, ResolvedUser* r) {
  passwd pw;
  std::vector<char> storage;
  if (!FindEntry<passwd>("/etc/passwd", fgetpwent_r, match, &pw, &storage)) return false;
  r->name = pw.pw_name;
  r->uid = pw.pw_uid;
  r->gid = pw.pw_gid;
  r->has_entry = true;
  return true;
}

}  // namespace

Result<ResolvedUser> ResolveUser(const std::string& user) {
  ResolvedUser r;
  uint32_t id = 0;
  if (ParseId(user, &id)) {
    r.uid = id;
    FindUser([&](const passwd& pw) { return pw.pw_uid == id; }, &r);
    r.uid = id;
    return r;
  }
  if (!FindUser([&](const passwd& pw) { return user == pw.pw_name; }, &r)) {
    return NotFound("no user '" + user + "' in /etc/passwd");
  }
  return r;
}

Result<gid_t> ResolveGroup(const std::string& group) {
  uint32_t id = 0;
  if (ParseId(group, &id)) return static_cast<gid_t>(id);
  ::group gr;
  std::vector<char> storage;
  if (!FindEntry<::group>(
          "/etc/group", fgetgrent_r, [&](const ::group& g) { return group == g.gr_name; }, &gr,
          &storage)) {
    return NotFound("no group '" + group + "' in /etc/group");
  }
  return gr.gr_gid;
}

Result<std::vector<gid_t>> UserGroups(const ResolvedUser& user, gid_t gid) {
  if (!user.has_entry) {
    return NotFound("-G needs a user with a passwd entry; uid " + std::to_string(user.uid) +
                    " has none");
  }
  std::vector<gid_t> groups = {gid};
  FILE* f = std::fopen("/etc/group", "re");
  if (f == nullptr) return ErrnoStatus(errno, "open /etc/group");
  ::group gr;
  ::group* found = nullptr;
  std::vector<char> storage(65536);
  while (fgetgrent_r(f, &gr, storage.data(), storage.size(), &found) == 0 && found != nullptr) {
    for (char** m = gr.gr_mem; m != nullptr && *m != nullptr; ++m) {
      if (user.name == *m && std::find(groups.begin(), groups.end(), gr.gr_gid) == groups.end()) {
        groups.push_back(gr.gr_gid);
      }
    }
  }
  std::fclose(f);
  return groups;
}

SetupError ApplyIds(const Credentials& creds, bool keep_caps, bool can_setgroups) {
  // Raw system calls: glibc's wrappers would also try to change the ids of
  // every other thread of the process, and this child may share cordon's
  // memory (CLONE_VM) and so glibc's idea of cordon's threads.
  if (keep_caps && creds.uid && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
    return SetupError::Errno(kStepKeepCaps);
  }
  if (creds.supplementary_groups && can_setgroups) {
    const std::vector<gid_t>& g = *creds.supplementary_groups;
    if (syscall(SYS_setgroups, g.size(), g.data()) != 0) return SetupError::Errno(kStepSetGroups);
  }
  if (creds.gid && syscall(SYS_setresgid, *creds.gid, *creds.gid, *creds.gid) != 0) {
    return SetupError::Errno(kStepSetGid);
  }
  if (creds.uid && syscall(SYS_setresuid, *creds.uid, *creds.uid, *creds.uid) != 0) {
    return SetupError::Errno(kStepSetUid);
  }
  return {};
}

}  // namespace cordon::sandbox
