// no_new_privs (-n): after it, execve never grants privileges (set-user-ID
// bits and file capabilities are ignored), and an unprivileged process may
// install seccomp filters and Landlock rulesets.
//
//   SetupError e = SetNoNewPrivs();     // child, before Landlock and seccomp
//   bool on = NoNewPrivs();
#ifndef CORDON_SANDBOX_NO_NEW_PRIVS_H_
#define CORDON_SANDBOX_NO_NEW_PRIVS_H_

#include "cordon/sandbox/setup_error.h"

namespace cordon::sandbox {

// SetNoNewPrivs sets the flag for the calling thread (inherited by children
// and kept across execve; it can never be cleared). Allocates nothing.
SetupError SetNoNewPrivs();

// NoNewPrivs reports whether the calling thread has the flag.
bool NoNewPrivs();

}  // namespace cordon::sandbox

#endif  // CORDON_SANDBOX_NO_NEW_PRIVS_H_
