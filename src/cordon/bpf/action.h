// Seccomp return values: what a filter tells the kernel to do.
//
//   uint32_t ret = Errno(EINVAL);           // 0x00050016
//   ActionName(ret) == "ERRNO(EINVAL)";
//   ActionOf(ret) == SECCOMP_RET_ERRNO;
#ifndef CORDON_BPF_ACTION_H_
#define CORDON_BPF_ACTION_H_

#include <linux/seccomp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordon::bpf {

inline constexpr uint32_t kRetAllow = SECCOMP_RET_ALLOW;
inline constexpr uint32_t kRetKillProcess = SECCOMP_RET_KILL_PROCESS;
inline constexpr uint32_t kRetKillThread = SECCOMP_RET_KILL_THREAD;
inline constexpr uint32_t kRetTrap = SECCOMP_RET_TRAP;
inline constexpr uint32_t kRetLog = SECCOMP_RET_LOG;
inline constexpr uint32_t kRetTrace = SECCOMP_RET_TRACE;
inline constexpr uint32_t kRetUserNotif = SECCOMP_RET_USER_NOTIF;
// kMaxErrno is the largest errno a filter may return (the kernel's MAX_ERRNO).
inline constexpr uint32_t kMaxErrno = 4095;

constexpr uint32_t Errno(uint32_t err) { return SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA); }
// ActionOf strips the data bits: SECCOMP_RET_ERRNO for any errno, and so on.
constexpr uint32_t ActionOf(uint32_t ret) { return ret & SECCOMP_RET_ACTION_FULL; }
constexpr uint32_t DataOf(uint32_t ret) { return ret & SECCOMP_RET_DATA; }

// ActionName renders a return value: "ALLOW", "ERRNO(EINVAL)", "TRAP",
// "TRACE(7)", "KILL_PROCESS", "UNKNOWN(0x12340000)".
std::string ActionName(uint32_t ret);

// ParseActionName is the inverse of ActionName (also accepts lower case and
// ERRNO(22)); used by tests and `cordon sim --expect`.
std::optional<uint32_t> ParseActionName(std::string_view name);

// Precedence orders actions as the kernel does when filters are stacked:
// the lowest wins (KILL_PROCESS < KILL_THREAD < TRAP < ERRNO < USER_NOTIF <
// TRACE < LOG < ALLOW).
int32_t Precedence(uint32_t ret);

}  // namespace cordon::bpf

#endif  // CORDON_BPF_ACTION_H_
