#!/usr/bin/env python3
"""Generates cordon's table of named constants from the toolchain's headers.

Seccomp policies compare syscall arguments with names such as O_RDONLY,
PROT_EXEC, TCGETS or AT_FDCWD. This script asks the C compiler what those
names mean on the build host, the way minijail's gen_constants does:

  1. For each header group (headers that compile together; glibc and kernel
     headers clash, so they are split), `CC -E -dM` lists the macros and
     `CC -E` the enumerators. Names matching NAME_PATTERNS are candidates;
     function-like macros and string literals are skipped.
  2. A check file gives each candidate its own constant initializer, one a
     line. The compiler rejects candidates that are not constant expressions
     (SIGRTMIN calls a function, XATTR_NAME_CAPS is a string, some ioctl
     numbers name structs the group lacks); the script maps each error line
     back to its name, drops it and recompiles until the file compiles.
  3. A probe file encodes the survivors' values as letters in one char array;
     the script reads them back from the object file, so nothing the
     compiler built has to run (cross-compiling works).
  4. Groups are merged in order (libc first: policies describe programs that
     call through libc); a name defined differently by a later group is
     reported in the output's header comment.

Values are stored as the C conversion to uint64_t gives them: negative values
are sign-extended (AT_FDCWD is 0xffffffffffffff9c), unsigned ones are not.

Usage (src/cordon/arch/CMakeLists.txt runs it):
  gen_constants.py --out constants_gen.cc [--depfile constants_gen.d] -- cc [cflags...]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

# Header groups, merged in this order. Headers missing from the toolchain are
# skipped; a header that breaks its group is dropped and reported.
GROUPS = [
    ("libc", ["_GNU_SOURCE"], [
        "errno.h", "fcntl.h", "sys/mman.h", "sys/prctl.h", "sys/socket.h",
        "sys/un.h", "netinet/in.h", "netinet/tcp.h", "netinet/udp.h",
        "net/if.h", "netpacket/packet.h", "sched.h", "sys/ioctl.h",
        "termios.h", "sys/mount.h", "signal.h", "sys/wait.h",
        "sys/resource.h", "time.h", "sys/time.h", "sys/timerfd.h",
        "sys/eventfd.h", "sys/epoll.h", "sys/inotify.h", "sys/fanotify.h",
        "sys/signalfd.h", "sys/random.h", "sys/ptrace.h", "sys/stat.h",
        "unistd.h", "poll.h", "sys/personality.h", "sys/xattr.h",
        "sys/file.h", "stdio.h", "sys/ipc.h", "sys/shm.h", "sys/msg.h",
        "sys/sem.h", "sys/quota.h", "sys/reboot.h", "sys/swap.h",
        "sys/klog.h", "sys/timex.h", "sys/uio.h", "sys/pidfd.h",
        "sys/rseq.h", "mqueue.h", "sys/utsname.h",
        # Kernel headers written to coexist with glibc's.
        "linux/futex.h", "linux/memfd.h", "linux/seccomp.h",
        "linux/keyctl.h", "linux/capability.h", "linux/securebits.h",
        "linux/random.h", "linux/sockios.h", "linux/if_tun.h", "linux/vt.h",
        "linux/kd.h", "linux/loop.h", "linux/falloc.h", "linux/close_range.h",
        "linux/io_uring.h", "linux/userfaultfd.h", "linux/perf_event.h",
        "linux/landlock.h", "linux/fs.h", "linux/netlink.h",
        "linux/rtnetlink.h", "linux/vm_sockets.h", "linux/membarrier.h",
        "linux/kcmp.h", "linux/ioprio.h", "linux/nsfs.h", "linux/openat2.h",
        "linux/audit.h", "linux/bpf.h", "linux/version.h", "asm/prctl.h",
    ]),
    # Kernel-only views: struct termios2 (TCGETS2), the ptrace and
    # personality enums, linux/wait.h's P_* and __W* macros, and so on.
    ("kernel", [], [
        "linux/types.h", "asm/termbits.h", "asm/ioctls.h", "linux/serial.h",
        "linux/sched.h", "linux/ptrace.h", "linux/personality.h",
        "linux/wait.h", "linux/mman.h", "linux/fcntl.h", "linux/stat.h",
        "linux/in.h", "linux/in6.h", "linux/tcp.h", "linux/if.h",
        "linux/if_packet.h", "linux/if_ether.h", "linux/if_alg.h",
        "linux/socket.h", "linux/prctl.h", "linux/mount.h", "linux/xattr.h",
        "linux/mempolicy.h", "linux/rseq.h", "linux/reboot.h",
        "linux/quota.h", "linux/aio_abi.h", "linux/fanotify.h",
        "linux/inotify.h", "linux/signalfd.h", "linux/mqueue.h",
        "linux/kexec.h", "linux/module.h",
        "linux/fsverity.h", "linux/fscrypt.h",
    ]),
    # Device ioctls that sandboxed device processes (crosvm) filter on.
    ("devices", [], [
        "linux/kvm.h", "linux/vhost.h", "linux/vfio.h", "linux/usbdevice_fs.h",
        "linux/input.h", "linux/uinput.h", "linux/hidraw.h", "linux/dma-buf.h",
        "linux/dma-heap.h", "linux/sync_file.h", "linux/udmabuf.h",
        "linux/fuse.h", "linux/videodev2.h", "sound/asound.h",
        "linux/android/binder.h",
    ]),
]

# Names kept: whole-name regular expressions, generous on purpose.
NAME_PATTERNS = [
    r"E[A-Z0-9]+", r"EPOLL\w+", r"EFD_\w+",                      # errno, epoll, eventfd
    r"O_\w+", r"AT_\w+", r"RESOLVE_\w+", r"[RWXF]_OK", r"SEEK_\w+",   # files
    r"S_I\w+", r"STATX_\w+", r"RENAME_\w+", r"XATTR_\w+", r"LOCK_\w+",
    r"F_\w+", r"FD_\w+", r"FALLOC_FL_\w+", r"CLOSE_RANGE_\w+",
    r"POSIX_FADV_\w+", r"SPLICE_F_\w+", r"SYNC_FILE_RANGE_\w+",
    r"PROT_\w+", r"MAP_\w+", r"MADV_\w+", r"MREMAP_\w+", r"MCL_\w+",  # memory
    r"MLOCK_\w+", r"MFD_\w+", r"FUTEX\w+", r"MPOL_\w+", r"MEMBARRIER_\w+", r"PKEY_\w+",
    r"MS_\w+", r"MNT_\w+", r"MOUNT_ATTR_\w+", r"MOVE_MOUNT_\w+",    # mounts
    r"FSOPEN_\w+", r"FSMOUNT_\w+", r"FSPICK_\w+", r"FSCONFIG_\w+",
    r"OPEN_TREE_\w+", r"UMOUNT_\w+",
    r"PR_\w+", r"ARCH_\w+", r"SECBIT_\w+", r"SECURE_\w+", r"CAP_\w+",  # process
    r"CLONE_\w+", r"CSIGNAL", r"SCHED_\w+", r"P_\w+", r"W[A-Z]+",
    r"__W(ALL|CLONE|NOTHREAD)", r"RLIMIT_\w+", r"RLIM_\w+", r"PRIO_\w+",
    r"RUSAGE_\w+", r"PER_\w+", r"ADDR_\w+", r"READ_IMPLIES_EXEC",
    r"MMAP_PAGE_ZERO", r"SHORT_INODE", r"WHOLE_SECONDS", r"STICKY_TIMEOUTS",
    r"UNAME26", r"FDPIC_FUNCPTRS", r"PTRACE_\w+", r"SECCOMP_\w+",
    r"KCMP_\w+", r"IOPRIO_\w+", r"NS_GET_\w+", r"PIDFD_\w+", r"RSEQ_\w+",
    r"KEYCTL_\w+", r"KEY_SPEC_\w+", r"KEY_REQKEY_\w+", r"LANDLOCK_\w+",
    r"RB_\w+", r"LINUX_REBOOT_\w+", r"SYSLOG_ACTION_\w+", r"SWAP_FLAG_\w+",
    r"AUDIT_ARCH_\w+",
    r"SIG\w+", r"SA_\w+", r"SS_\w+", r"SI_\w+", r"SFD_\w+",        # signals
    r"CLD_\w+", r"BUS_\w+", r"SEGV_\w+", r"ILL_\w+", r"FPE_\w+", r"TRAP_\w+",
    r"CLOCK_\w+", r"TIMER_\w+", r"TFD_\w+", r"ADJ_\w+",             # time
    r"POLL\w+", r"IN_\w+", r"FAN_\w+", r"GRND_\w+", r"UFFD\w*",     # events
    r"IORING_\w+", r"IOSQE_\w+", r"PERF_\w+", r"BPF_\w+",
    r"IPC_\w+", r"SHM_\w+", r"SEM_\w+", r"MSG_\w+", r"GETPID", r"GETVAL",  # SysV IPC
    r"GETALL", r"GETNCNT", r"GETZCNT", r"SETVAL", r"SETALL",
    r"AF_\w+", r"PF_\w+", r"SOCK_\w+", r"SOL_\w+", r"SO_\w+",        # sockets
    r"SCM_\w+", r"SOMAXCONN", r"IPPROTO_\w+", r"IP_\w+", r"IPV6_\w+",
    r"TCP_\w+", r"UDP_\w+", r"SHUT_\w+", r"NETLINK_\w+", r"RTM_\w+",
    r"RTMGRP_\w+", r"PACKET_\w+", r"ETH_P_\w+", r"IFF_\w+", r"VMADDR_\w+",
    r"ALG_\w+",
    r"TC[A-Z]\w*", r"TIOC\w+", r"FIO\w+", r"FI[A-Z]+", r"BLK\w+",    # ioctls
    r"FS_\w+", r"FS_IOC\w*", r"LOOP_\w+", r"TUN\w+", r"VT_\w+", r"KD\w+",
    r"SIOC\w+", r"SIOGIFINDEX", r"RND\w+", r"KVM_\w+", r"VHOST_\w+",
    r"VFIO_\w+", r"USBDEVFS_\w+", r"EVIOC\w+", r"UI_\w+", r"HIDIOC\w+",
    r"DMA_BUF_\w+", r"DMA_HEAP_\w+", r"SYNC_IOC_\w+", r"UDMABUF_\w+",
    r"FUSE_DEV_IOC\w+", r"VIDIOC_\w+", r"SNDRV_\w+", r"BINDER_\w+",
]
NAME_RE = re.compile("(?:" + "|".join(NAME_PATTERNS) + r")\Z")

DEFINE_RE = re.compile(r"#define ([A-Za-z_]\w*)(\(?)\s*(.*)")
ENUM_RE = re.compile(r"\benum\b\s*(?:\w+\s*)?\{([^{}]*)\}", re.S)
PROBE_LINE_RE = re.compile(r"\bprobe\.c:(\d+):")


def run(cmd, **kwargs):
  return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def prelude(defines, headers):
  lines = ["#define %s 1" % d for d in defines]
  lines += ["#include <%s>" % h for h in headers]
  return "\n".join(lines) + "\n"


class Compiler:
  def __init__(self, argv, workdir):
    self.argv = argv
    self.workdir = workdir
    # Report every error in one run (GCC and clang stop early by default).
    self.no_error_limit = []
    for flag in ("-fmax-errors=0", "-ferror-limit=0"):
      r = run(argv + [flag, "-fsyntax-only", "-x", "c", os.devnull])
      if r.returncode == 0 and not r.stderr:  # clang only warns about GCC's flag
        self.no_error_limit = [flag]
        break

  def write(self, name, text):
    path = os.path.join(self.workdir, name)
    with open(path, "w") as f:
      f.write(text)
    return path

  def check(self, text):
    path = self.write("check.c", text)
    return run(self.argv + ["-fsyntax-only", "-w", path]).returncode == 0

  def output(self, text, *flags):
    path = self.write("group.c", text)
    r = run(self.argv + list(flags) + ["-w", path])
    if r.returncode != 0:
      sys.exit("gen_constants: %s failed:\n%s" % (" ".join(self.argv + list(flags)), r.stderr))
    return r.stdout


def usable_headers(cc, defines, headers, report):
  """Returns the headers that exist and compile together, in order."""
  if cc.check(prelude(defines, headers)):
    return headers
  present = []
  for h in headers:
    if cc.check(prelude(defines, [h])):
      present.append(h)
    else:
      report.append("skipped %s: missing or does not compile alone" % h)
  kept = []
  for h in present:
    if cc.check(prelude(defines, kept + [h])):
      kept.append(h)
    else:
      report.append("dropped %s: conflicts with an earlier header of its group" % h)
  return kept


def candidates(cc, text):
  """Returns (names, info) for macros and enumerators matching NAME_RE."""
  names = []
  seen = set()
  info = {}
  for line in cc.output(text, "-E", "-dM").splitlines():
    m = DEFINE_RE.match(line)
    if not m:
      continue
    name, paren, body = m.groups()
    if name in ("__GLIBC__", "__GLIBC_MINOR__", "LINUX_VERSION_CODE"):
      info[name] = body
    if paren or not NAME_RE.match(name) or not body or '"' in body:
      continue
    if body.count("(") != body.count(")"):
      continue
    if name not in seen:
      seen.add(name)
      names.append(name)
  for body in ENUM_RE.findall(cc.output(text, "-E", "-P")):
    for item in body.split(","):
      m = re.match(r"\s*([A-Za-z_]\w*)", item)
      if m and NAME_RE.match(m.group(1)) and m.group(1) not in seen:
        seen.add(m.group(1))
        names.append(m.group(1))
  return sorted(names), info


MAGIC = "CoRdOnCoNsTaNtS"


def nibbles(name):
  """16 char expressions: 'a' + each nibble of NAME as unsigned long long."""
  return ",".join("(char)('a' + (((unsigned long long)(%s) >> %d) & 15))" % (name, s)
                  for s in range(60, -4, -4))


def compile_object(cc, source):
  """Compiles `source` as probe.c; returns (object path, stderr or None)."""
  cc.write("probe.c", source)
  obj = os.path.join(cc.workdir, "probe.o")
  # -pedantic-errors rejects string literals and other address constants
  # the compiler would otherwise fold; -fno-lto keeps the data in the object.
  r = run(cc.argv + cc.no_error_limit +
          ["-c", "-O0", "-fno-lto", "-pedantic-errors", "-w", "-o", obj, "probe.c"],
          cwd=cc.workdir)
  return obj, (r.stderr if r.returncode != 0 else None)


def drop_rejected(cc, text, names):
  """Returns `names` without those the compiler rejects as constant data.

  Each name gets its own array on its own line: clang reports only the first
  non-constant element of one initializer, and a line maps an error back to
  its name. Rounds repeat until the file compiles (an error can hide another).
  """
  names = list(names)
  for _ in range(100):  # each failing round drops at least one name
    first = len(text.splitlines()) + 1
    lines = ["static const char cordon_%d[] = {%s};" % (i, nibbles(n)) for i, n in enumerate(names)]
    _, errors = compile_object(cc, text + "\n".join(lines) + "\n")
    if errors is None:
      return names
    bad = set()
    for block in re.split(r"\n(?=\S[^\n]*: (?:fatal )?error:)", errors):
      if ": error:" not in block.split("\n", 1)[0]:
        continue
      for m in PROBE_LINE_RE.finditer(block):
        index = int(m.group(1)) - first
        if 0 <= index < len(names):
          bad.add(index)
    if not bad:
      sys.exit("gen_constants: probe failed outside the table:\n" + errors[:4000])
    names = [n for i, n in enumerate(names) if i not in bad]
  sys.exit("gen_constants: probe still fails after 100 rounds")


def evaluate(cc, text, names):
  """Returns {name: value} for the names that are integer constant expressions.

  The values are read from one char array in the object file: MAGIC, then
  16 letters per name, so nothing the compiler built has to run.
  """
  names = drop_rejected(cc, text, names)
  table = ",\n".join(nibbles(n) for n in names)
  magic = ",".join("'%s'" % c for c in MAGIC)
  obj, errors = compile_object(cc, text + "const char cordon_probe[] = {%s,\n%s, 0};\n" % (
      magic, table))
  if errors is not None:
    sys.exit("gen_constants: the checked probe failed:\n" + errors[:4000])
  with open(obj, "rb") as f:
    blob = f.read()
  at = blob.find(MAGIC.encode())
  if at < 0 or blob.find(MAGIC.encode(), at + 1) >= 0:
    sys.exit("gen_constants: cannot find the probe table in %s" % obj)
  at += len(MAGIC)
  values = {}
  for i, name in enumerate(names):
    value = 0
    for d in blob[at + 16 * i: at + 16 * (i + 1)]:
      if not ord("a") <= d < ord("a") + 16:
        sys.exit("gen_constants: corrupt probe value for %s" % name)
      value = value * 16 + d - ord("a")
    values[name] = value
  return values


def fnv1a(name):
  """64-bit FNV-1a, the hash internal::Fnv1a in tables.h computes."""
  h = 0xcbf29ce484222325
  for b in name.encode():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
  return h


def hash_slots(names):
  """An open-addressing table (load <= 1/2) mapping Fnv1a(name) to index + 1."""
  if len(names) >= 0xffff:
    sys.exit("gen_constants: %d constants do not fit the uint16_t slot table" % len(names))
  size = 1
  while size < 2 * len(names):
    size *= 2
  slots = [0] * size
  for i, name in enumerate(names):
    at = fnv1a(name) & (size - 1)
    while slots[at]:
      at = (at + 1) & (size - 1)
    slots[at] = i + 1
  return slots


def depfile_deps(cc, text):
  out = cc.output(text, "-M")
  return [d for d in out.replace("\\\n", " ").split()[1:] if not d.endswith("group.c")]


def main():
  ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  ap.add_argument("--out", required=True)
  ap.add_argument("--depfile")
  ap.add_argument("cc", nargs="+", help="compiler and flags, after --")
  args = ap.parse_args()
  start = time.monotonic()

  merged = {}    # name -> (value, group)
  report = []
  conflicts = []
  info = {}
  deps = set()
  rejected = []  # candidates that are not integer constant expressions
  with tempfile.TemporaryDirectory(prefix="cordon-constants-") as work:
    cc = Compiler(args.cc, work)
    machine = run(args.cc + ["-dumpmachine"]).stdout.strip()
    for group, defines, headers in GROUPS:
      headers = usable_headers(cc, defines, headers, report)
      text = prelude(defines, headers)
      names, group_info = candidates(cc, text)
      for k, v in group_info.items():
        info.setdefault(k, v)
      values = evaluate(cc, text, names)
      rejected += [n for n in names if n not in values]
      deps.update(depfile_deps(cc, text))
      for name, value in values.items():
        if name not in merged:
          merged[name] = (value, group)
        elif merged[name][0] != value:
          conflicts.append("%s: %s says 0x%x, %s says 0x%x (kept %s)" % (
              name, merged[name][1], merged[name][0], group, value, merged[name][1]))

  rejected = sorted(set(rejected) - set(merged))
  source = machine or "unknown target"
  if "__GLIBC__" in info:
    source += ", glibc %s.%s" % (info["__GLIBC__"], info.get("__GLIBC_MINOR__", "?"))
  if "LINUX_VERSION_CODE" in info:
    code = int(info["LINUX_VERSION_CODE"], 0)
    source += ", Linux headers %d.%d" % (code >> 16, (code >> 8) & 255)

  lines = [
      "// Generated by cmake/gen_constants.py; do not edit.",
      "// Compiler: " + " ".join(args.cc),
      "// Headers: " + source,
      "// %d constants; %d candidates were not integer constant expressions." % (
          len(merged), len(rejected)),
  ]
  lines += ["// " + r for r in report]
  lines += ["// not constant: " + " ".join(rejected)]
  lines += ["// conflict: " + c for c in conflicts]
  lines += [
      '#include "cordon/arch/tables.h"',
      "",
      "namespace cordon::arch::internal {",
      "",
      'const char kNativeConstantsSource[] = "%s";' % source,
      "",
      "// Sorted by name.",
      "static const NamedValue kNativeConstants[] = {",
  ]
  names = sorted(merged)
  lines += ['    {"%s", 0x%xull},' % (n, merged[n][0]) for n in names]
  slots = hash_slots(names)
  lines += [
      "};",
      "",
      "// Open addressing over Fnv1a(name) with linear probing: entry index + 1,",
      "// 0 for an empty slot (see tables.h).",
      "static const uint16_t kNativeConstantSlots[] = {",
  ]
  for i in range(0, len(slots), 16):
    lines.append("    " + ", ".join(str(v) for v in slots[i:i + 16]) + ",")
  lines += [
      "};",
      "",
      "const ConstantTable kNativeConstantTable = {",
      "    kNativeConstants, sizeof(kNativeConstants) / sizeof(kNativeConstants[0]),",
      "    kNativeConstantSlots, sizeof(kNativeConstantSlots) / sizeof(kNativeConstantSlots[0])};",
      "",
      "}  // namespace cordon::arch::internal",
  ]
  tmp = args.out + ".tmp"
  with open(tmp, "w") as f:
    f.write("\n".join(lines) + "\n")
  os.replace(tmp, args.out)
  if args.depfile:
    with open(args.depfile, "w") as f:
      f.write("%s: %s\n" % (args.out, " ".join(sorted(deps))))
  print("gen_constants: %d constants from %s in %.1fs (%d conflicts, %d header notes)" % (
      len(merged), source, time.monotonic() - start, len(conflicts), len(report)))


if __name__ == "__main__":
  main()
