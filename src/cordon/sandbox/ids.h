// Ids: the user and group the program runs as (-u, -g, -G).
//
// Names are resolved in the parent from /etc/passwd and /etc/group (not
// through NSS: the cordon binary is static); the child only makes the
// system calls:
//
//   ResolvedUser u = TRY(ResolveUser("nobody"));       // uid 65534, gid 65534
//   std::vector<gid_t> groups = TRY(UserGroups(u));     // -G
//   SetupError e = ApplyIds(creds, /*can_setgroups=*/true);   // child
#ifndef CORDON_SANDBOX_IDS_H_
#define CORDON_SANDBOX_IDS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "cordon/base/status.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

struct ResolvedUser {
  std::string name;  // "" when given as a number without a passwd entry
  uid_t uid = 0;
  gid_t gid = 0;  // the primary group, when the user has a passwd entry
  bool has_entry = false;
};

// ResolveUser accepts a name (from /etc/passwd) or a number. kNotFound for
// an unknown name.
Result<ResolvedUser> ResolveUser(const std::string& user);

// ResolveGroup accepts a name or a number. kNotFound for an unknown name.
Result<gid_t> ResolveGroup(const std::string& group);

// UserGroups lists the groups `user` belongs to in /etc/group (its primary
// group `gid` first), as initgroups(3) would set them there. kNotFound
// without a passwd entry.
Result<std::vector<gid_t>> UserGroups(const ResolvedUser& user, gid_t gid);

// ApplyIds sets supplementary groups, then the gid, then the uid (the order
// in which each change is still permitted). `keep_caps` keeps the permitted
// capabilities across the uid change (for -c with -u). Without
// `can_setgroups` (a user namespace whose setgroups is "deny") the
// supplementary groups are left alone. Child side: allocates nothing.
SetupError ApplyIds(const Credentials& creds, bool keep_caps, bool can_setgroups);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_IDS_H_
