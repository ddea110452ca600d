// The launcher's wire formats: what the sandboxed side tells cordon, and how
// cordon hands a seccomp program to the preload library. Plain structs of
// fixed-size integers with no C++ library types: the forked child, the
// pid-namespace init and the preload library (which links only libc) all
// read or write them without allocating.
//
//   Child -> parent, over a SOCK_SEQPACKET socketpair (one struct per packet):
//     ChildReport r = {.kind = kReportSetupFailed, .step = kStepBindMount,
//                      .err = ENOENT, .index = 2};
//     send(sync_fd, &r, sizeof r, MSG_NOSIGNAL);
//
//   Launcher -> preload library, through an inherited memfd named by
//   CORDON_SECCOMP_FD:   PreloadHeader, then header.insn_count sock_filters.
#ifndef CORDON_SANDBOX_WIRE_H_
#define CORDON_SANDBOX_WIRE_H_

#include <stdint.h>

namespace cordon::sandbox::wire {

// Environment variables the preload library reads (and then removes).
inline constexpr char kEnvSeccompFd[] = "CORDON_SECCOMP_FD";
inline constexpr char kEnvNotifyFd[] = "CORDON_NOTIFY_FD";

// PreloadHeader precedes the instructions in the preload payload.
struct PreloadHeader {
  uint32_t magic;       // kPreloadMagic
  uint16_t version;     // kPreloadVersion
  uint16_t flags;       // kPreloadFlag*
  uint32_t insn_count;  // 1..4096
  uint32_t reserved;
};
inline constexpr uint32_t kPreloadMagic = 0x636f7264;  // "cord"
inline constexpr uint16_t kPreloadVersion = 1;
// kPreloadFlagListener: install with SECCOMP_FILTER_FLAG_NEW_LISTENER and
// run the listener handshake on CORDON_NOTIFY_FD.
inline constexpr uint16_t kPreloadFlagListener = 1;

// Exit statuses the preload library uses when it cannot confine the
// program (the same numbers as the launcher's; see exit_status.h).
inline constexpr int kPreloadExitSeccomp = 247;
inline constexpr int kPreloadExitPayload = 252;

// ChildReport kinds.
enum ReportKind : uint32_t {
  // A setup step failed: step, err (errno) and index (which item) are set.
  kReportSetupFailed = 1,
  // The filter is about to be installed with a listener, which will be
  // descriptor `value` in the sender (found by the parent with pidfd_getfd).
  kReportInstalling = 2,
  // The pid-namespace init saw the program end: value is its wait status.
  kReportProgramExited = 3,
  // The program process is about to exec (sent in -p mode so that the
  // parent learns its pid from SCM_CREDENTIALS).
  kReportProgramStarted = 4,
};

struct ChildReport {
  uint32_t kind;
  uint32_t step;  // a Step (steps.h) for kReportSetupFailed
  int32_t err;    // errno
  int32_t index;  // the item of the step (which bind mount, rlimit...), or -1
  int64_t value;
};

}  // namespace cordon::sandbox::wire

#endif  // CORDON_SANDBOX_WIRE_H_
