// LaunchSpec: pure data describing one sandboxed run. The CLI fills it from
// minijail0-style flags; Launch (launcher.h) makes it real. Nothing here
// touches the kernel, and every field has the value that means "not asked".
//
//   LaunchSpec spec;
//   spec.argv = {"/bin/cat", "cat.policy"};
//   spec.no_new_privs = true;                       // -n
//   spec.seccomp.program = TRY(Compile(ir));         // -S cat.policy
//   spec.seccomp.policy_name = "cat.policy";
//   spec.ns.net = true;                              // -e
//   spec.mounts.binds.push_back({"/srv/data", "/data", /*writable=*/true});
#ifndef CORDON_SANDBOX_LAUNCH_SPEC_H_
#define CORDON_SANDBOX_LAUNCH_SPEC_H_

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cordon/bpf/program.h"

namespace cordon::sandbox {

// IdMapEntry is one line of /proc/PID/uid_map: `count` ids from `outside`
// appear as `inside`.
struct IdMapEntry {
  uint32_t inside = 0;
  uint32_t outside = 0;
  uint32_t count = 1;
  bool operator==(const IdMapEntry&) const = default;
};

struct Namespaces {
  bool user = false;             // -U
  bool pid = false;              // -p: an init reaps zombies and forwards signals
  bool program_is_init = false;  // -I: the program itself is pid 1
  bool mount = false;            // -v
  bool net = false;              // -e: a new network namespace with loopback up
  std::string net_ns_path;       // -e/path: join this network namespace instead
  bool ipc = false;              // -l
  bool uts = false;              // --uts
  std::string hostname;          // --uts=NAME
  // -m / -M: maps for the user namespace; empty means "map the caller's
  // uid/gid to root".
  std::vector<IdMapEntry> uid_map;
  std::vector<IdMapEntry> gid_map;
};

// BindMount: -b source[,target[,writable]]. With a new root, `target` is a
// path inside it; otherwise a path of this system (inside the new mount
// namespace). Binds are read-only and nosuid unless `writable`.
struct BindMount {
  std::string source;
  std::string target;
  bool writable = false;
  bool operator==(const BindMount&) const = default;
};

// FsMount: -k source,target,fstype[,flags[,data]].
struct FsMount {
  std::string source;
  std::string target;
  std::string fstype;
  unsigned long flags = 0;
  std::string data;
  bool operator==(const FsMount&) const = default;
};

struct Mounts {
  std::string new_root;                 // -P (pivot_root) or -C (chroot); "" keeps /
  bool pivot_root = true;               // false for -C
  std::vector<BindMount> binds;         // applied first, in order
  std::vector<FsMount> mounts;          // then these
  std::optional<std::string> tmp_size;  // -t[size]: tmpfs on /tmp
  bool minimal_dev = false;     // -d: a new /dev with null, zero, full, random, urandom, tty
  bool proc_read_only = false;  // -r: /proc read-only (a fresh one with -p)
};

// Credentials: -u/-g/-G/-c/--ambient, already resolved to numbers.
struct Credentials {
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  // supplementary_groups is set when -u or -g was given: the user's groups
  // with -G, else empty (all supplementary groups dropped).
  std::optional<std::vector<gid_t>> supplementary_groups;
  std::optional<uint64_t> caps;  // -c: the capabilities kept (bit N = capability N)
  bool ambient = false;          // --ambient: raise them into the ambient set too
};

struct ResourceLimit {
  int resource = 0;  // RLIMIT_*
  rlim_t cur = 0;
  rlim_t max = 0;
  bool operator==(const ResourceLimit&) const = default;
};

// LandlockAccess is what --fs-path-ro/-rx/-rw grant beneath a path.
enum class LandlockAccess { kReadOnly, kReadExec, kReadWrite };

struct LandlockPath {
  std::string path;
  LandlockAccess access = LandlockAccess::kReadOnly;
  bool operator==(const LandlockPath&) const = default;
};

// Seccomp: the program to install and how.
struct Seccomp {
  std::optional<bpf::Program> program;
  // policy_name names the policy in messages ("cat.policy").
  std::string policy_name;
  // listener: install with SECCOMP_FILTER_FLAG_NEW_LISTENER and supervise
  // the program's USER_NOTIF returns (LaunchHooks::decide answers them).
  bool listener = false;
  // before_exec forces the filter to be installed by the launcher before
  // exec even for a dynamically linked program (the policy must then allow
  // what the dynamic loader does). Static programs always get it there.
  bool before_exec = false;
};

struct Environment {
  bool reset = false;                                    // --env-reset
  std::vector<std::pair<std::string, std::string>> add;  // --env-add NAME=VALUE
};

struct LaunchSpec {
  // argv[0] is the program: a path, or a name looked up in PATH.
  std::vector<std::string> argv;
  Namespaces ns;
  Mounts mounts;
  Credentials creds;
  std::vector<ResourceLimit> rlimits;
  std::vector<LandlockPath> landlock;
  bool no_new_privs = false;  // -n
  Seccomp seccomp;
  bool deterministic = false;  // --deterministic
  Environment env;
  std::vector<int> preserve_fds;  // --preserve-fd N (besides 0, 1, 2)
  // preload_library overrides where the preload library is looked up (tests
  // and embedders); "" means next to the cordon binary (launcher.h).
  std::string preload_library;
};

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_LAUNCH_SPEC_H_
