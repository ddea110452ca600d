// Namespaces: which ones the launcher's clone creates, the uid/gid maps the
// parent writes for a new user namespace, and what the child sets up inside
// the others (loopback in a new network namespace, the hostname).
//
//   uint64_t flags = CloneFlags(spec.ns);            // CLONE_NEWUSER | ...
//   pid_t pid = clone(...);
//   TRY(WriteIdMaps(pid, spec.ns, getuid(), getgid()));   // parent, -U
//   SetupError e = BringUpLoopback();                 // child, -e
#ifndef CORDON_SANDBOX_NAMESPACES_H_
#define CORDON_SANDBOX_NAMESPACES_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

// CloneFlags returns the CLONE_NEW* flags for `ns`. Joining an existing
// network namespace (-e/path) is not a clone flag: JoinNetNamespace.
uint64_t CloneFlags(const Namespaces& ns);

// FormatIdMap renders map lines for /proc/PID/uid_map ("0 1000 1\n"); an
// empty `map` maps `outer` (the caller's id) to 0.
std::string FormatIdMap(const std::vector<IdMapEntry>& map, uint32_t outer);

// ParseIdMap reads minijail's -m/-M syntax: "inside outside count" entries
// separated by commas ("0 1000 1,1 100000 65536"). kUsage on bad input.
Result<std::vector<IdMapEntry>> ParseIdMap(const std::string& text);

// WriteIdMaps writes the uid and gid maps of the new user namespace of
// `pid` (the parent does this: only a process outside the namespace may
// map ids other than its own). Without CAP_SETGID it first writes "deny"
// to setgroups, as the kernel requires.
Status WriteIdMaps(pid_t pid, const Namespaces& ns, uid_t outer_uid, gid_t outer_gid);

// JoinNetNamespace moves the calling process into the network namespace
// at `path` (-e/path); the launcher calls it before clone so that a new
// user namespace does not stand in the way.
Status JoinNetNamespace(const std::string& path);

// BringUpLoopback sets IFF_UP on "lo" in the (new) network namespace.
// Child side: allocates nothing.
SetupError BringUpLoopback();

// SetHostname sets the hostname of the (new) UTS namespace. Child side.
SetupError SetHostname(const char* name);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_NAMESPACES_H_
