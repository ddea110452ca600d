// Rlimits: resource limits for the program (-R type,cur,max).
//
//   ResourceLimit r = TRY(ParseRlimit("RLIMIT_NOFILE,64,64"));   // or "nofile,64,unlimited"
//   SetupError e = ApplyRlimits(spec.rlimits);                   // child, before ids drop
#ifndef CORDON_SANDBOX_RLIMITS_H_
#define CORDON_SANDBOX_RLIMITS_H_

#include <span>
#include <string>

#include "cordon/base/status.h"
#include "cordon/sandbox/launch_spec.h"
#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

// ParseRlimit reads "TYPE,CUR,MAX": TYPE is RLIMIT_AS, AS, as or a number;
// CUR and MAX are numbers or "unlimited"/"inf". kUsage when malformed or
// when CUR exceeds MAX.
Result<ResourceLimit> ParseRlimit(const std::string& text);

// RlimitName is "RLIMIT_NOFILE" for RLIMIT_NOFILE, else the number.
std::string RlimitName(int resource);

// ApplyRlimits sets each limit in order. Raising a hard limit needs
// CAP_SYS_RESOURCE, so the launcher calls it before dropping privileges.
// Child side: allocates nothing.
SetupError ApplyRlimits(std::span<const ResourceLimit> limits);

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_RLIMITS_H_
