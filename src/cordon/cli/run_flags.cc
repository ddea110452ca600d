#include "cordon/cli/run_flags.h"

#include <getopt.h>

#include <cctype>
#include <cstdlib>
#include <vector>

#include "cordon/sandbox/caps.h"
#include "cordon/sandbox/ids.h"
#include "cordon/sandbox/mounts.h"
#include "cordon/sandbox/namespaces.h"
#include "cordon/sandbox/rlimits.h"

namespace cordon::cli {

const char kRunHelp[] =
    "usage: cordon run [options] PROGRAM [ARGS...]\n"
    "\n"
    "Runs PROGRAM confined, as minijail0 does. Short flags combine (-nS cat.policy);\n"
    "an optional argument is attached (-t64M, -m'0 1000 1', --uts=box).\n"
    "\n"
    "seccomp:\n"
    "  -S, --seccomp-policy FILE  compile policy FILE and apply it: after the dynamic\n"
    "                             loader for dynamic programs (preload library), before\n"
    "                             exec for static ones (the policy must allow execve)\n"
    "  --seccomp-bpf-binary FILE  apply a compiled filter (cordon compile -o FILE)\n"
    "  -L, --seccomp-log          name each blocked call on stderr with its arguments and\n"
    "                             the rule that decided, then apply the policy's action\n"
    "  -n, --no-new-privs         set no_new_privs (needed for -S without CAP_SYS_ADMIN)\n"
    "policy options, as for 'cordon compile' (the arch must be this machine's):\n"
    "%s"
    "namespaces:\n"
    "  -p, --pid-ns               new pid namespace with an init that reaps zombies and\n"
    "                             forwards signals (implies -v -r: a fresh /proc)\n"
    "  -I, --program-is-init      the program itself is pid 1 (implies -p)\n"
    "  -v, --mount-ns             new mount namespace (nothing propagates back)\n"
    "  -e[FILE], --net-ns[=FILE]  new network namespace with only loopback up, or join FILE\n"
    "  -l, --ipc-ns               new IPC namespace\n"
    "  --uts[=NAME]               new UTS namespace, hostname NAME\n"
    "  -U, --user-ns              new user namespace (maps the caller to root by default)\n"
    "  -m[MAP], --uid-map[=MAP]   uid map 'INSIDE OUTSIDE COUNT[,...]' (implies -U)\n"
    "  -M[MAP], --gid-map[=MAP]   gid map, same syntax (implies -U)\n"
    "file system (each implies -v):\n"
    "  -P, --pivot-root DIR       pivot_root into DIR (bound read-only)\n"
    "  -C, --chroot DIR           chroot into DIR (bound read-only); -P is stronger\n"
    "  -b, --bind SRC[,DST[,1]]   bind SRC at DST (inside the new root), read-only unless\n"
    "                             the third field is 1 (or rw, writable)\n"
    "  -k, --mount SRC,DST,TYPE[,FLAGS[,DATA]]\n"
    "                             mount SRC (of TYPE) at DST; FLAGS a number or\n"
    "                             MS_NODEV|MS_NOSUID...\n"
    "  -t[SIZE], --tmpfs[=SIZE]   tmpfs on /tmp (default 64M)\n"
    "  -d, --mount-dev            new /dev: null zero full random urandom tty, pts, shm\n"
    "  -r, --remount-proc-ro      /proc read-only\n"
    "  --fs-path-ro PATH          Landlock: only listed paths are usable; PATH read-only\n"
    "  --fs-path-rx PATH          ... read and execute\n"
    "  --fs-path-rw PATH          ... read and write (no execute)\n"
    "ids and capabilities:\n"
    "  -u, --user USER            run as USER (name or number)\n"
    "  -g, --group GROUP          run as GROUP (default: none changed)\n"
    "  -G, --inherit-groups       with -u, USER's supplementary groups (else none)\n"
    "  -c, --caps MASK            keep only these capabilities (0x3000, or names:\n"
    "                             cap_net_raw,cap_chown); drops the rest from every set\n"
    "  --ambient                  raise -c's capabilities into the ambient set too\n"
    "process:\n"
    "  -R, --rlimit TYPE,CUR,MAX  resource limit (RLIMIT_NOFILE or nofile; 'unlimited')\n"
    "  --env-reset                start from an empty environment\n"
    "  --env-add NAME=VALUE       set NAME in the program's environment\n"
    "  --preserve-fd N            keep descriptor N open (besides 0, 1, 2)\n"
    "  --deterministic            no address randomisation and glibc heap perturbation\n"
    "                             (glibc.malloc.perturb=165): runs repeat addresses and\n"
    "                             the bytes of uninitialised heap memory\n"
    "  --logging=auto|stderr|syslog  where cordon's messages go (auto: stderr, or\n"
    "                             syslog when stderr is closed)\n"
    "  -h, --help                 this text\n"
    "\n"
    "exit status: the program's own; 128+N if signal N killed it;\n"
    "  126 cannot execute, 127 not found, 1 bad command line,\n"
    "  241 policy unusable   242 namespaces   243 ids        244 capabilities\n"
    "  245 rlimits           246 Landlock     247 seccomp / no_new_privs\n"
    "  248 -L supervisor     249 fds/env      250 cordon     251 mounts\n"
    "  252 preload library   253 killed by the policy (\"child process N had a policy\n"
    "  violation\")           254 pid-namespace init\n";

namespace {

enum LongOnly {
  kOptBpf = 2000,
  kOptAmbient,
  kOptUts,
  kOptEnvReset,
  kOptEnvAdd,
  kOptPreserveFd,
  kOptFsRo,
  kOptFsRx,
  kOptFsRw,
  kOptLogging,
  kOptDeterministic,
};

std::vector<option> LongOptions() {
  std::vector<option> opts = {
      {"help", no_argument, nullptr, 'h'},
      {"no-new-privs", no_argument, nullptr, 'n'},
      {"seccomp-policy", required_argument, nullptr, 'S'},
      {"seccomp-bpf-binary", required_argument, nullptr, kOptBpf},
      {"seccomp-log", no_argument, nullptr, 'L'},
      {"user", required_argument, nullptr, 'u'},
      {"group", required_argument, nullptr, 'g'},
      {"inherit-groups", no_argument, nullptr, 'G'},
      {"caps", required_argument, nullptr, 'c'},
      {"ambient", no_argument, nullptr, kOptAmbient},
      {"pid-ns", no_argument, nullptr, 'p'},
      {"program-is-init", no_argument, nullptr, 'I'},
      {"mount-ns", no_argument, nullptr, 'v'},
      {"bind", required_argument, nullptr, 'b'},
      {"mount", required_argument, nullptr, 'k'},
      {"remount-proc-ro", no_argument, nullptr, 'r'},
      {"mount-dev", no_argument, nullptr, 'd'},
      {"tmpfs", optional_argument, nullptr, 't'},
      {"chroot", required_argument, nullptr, 'C'},
      {"pivot-root", required_argument, nullptr, 'P'},
      {"net-ns", optional_argument, nullptr, 'e'},
      {"ipc-ns", no_argument, nullptr, 'l'},
      {"user-ns", no_argument, nullptr, 'U'},
      {"uid-map", optional_argument, nullptr, 'm'},
      {"gid-map", optional_argument, nullptr, 'M'},
      {"uts", optional_argument, nullptr, kOptUts},
      {"rlimit", required_argument, nullptr, 'R'},
      {"env-reset", no_argument, nullptr, kOptEnvReset},
      {"env-add", required_argument, nullptr, kOptEnvAdd},
      {"preserve-fd", required_argument, nullptr, kOptPreserveFd},
      {"fs-path-ro", required_argument, nullptr, kOptFsRo},
      {"fs-path-rx", required_argument, nullptr, kOptFsRx},
      {"fs-path-rw", required_argument, nullptr, kOptFsRw},
      {"logging", required_argument, nullptr, kOptLogging},
      {"deterministic", no_argument, nullptr, kOptDeterministic},
  };
  opts.insert(opts.end(), std::begin(kPolicyLongOptions), std::end(kPolicyLongOptions));
  opts.push_back({nullptr, 0, nullptr, 0});
  return opts;
}

// '+': stop at the program; ':' first: report a missing argument as ':'.
constexpr char kShortOptions[] = "+:hnS:Lu:g:Gc:pIvb:k:rdt::C:P:e::lUm::M::R:";

std::vector<std::string> Split(const std::string& text, char sep, size_t max_parts) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (parts.size() + 1 < max_parts) {
    size_t at = text.find(sep, start);
    if (at == std::string::npos) break;
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

Result<bool> ParseWritable(const std::string& text) {
  if (text.empty() || text == "0" || text == "ro" || text == "false") return false;
  if (text == "1" || text == "rw" || text == "true" || text == "writable" || text == "writeable") {
    return true;
  }
  return UsageError("-b: the third field must be 1 (writable) or 0, got '" + text + "'");
}

Result<sandbox::BindMount> ParseBind(const std::string& text) {
  std::vector<std::string> f = Split(text, ',', 3);
  if (f[0].empty()) return UsageError("-b wants SRC[,DST[,WRITABLE]], got '" + text + "'");
  sandbox::BindMount b;
  b.source = f[0];
  b.target = f.size() > 1 && !f[1].empty() ? f[1] : f[0];
  if (f.size() > 2) b.writable = TRY(ParseWritable(f[2]));
  return b;
}

Result<sandbox::FsMount> ParseMount(const std::string& text) {
  std::vector<std::string> f = Split(text, ',', 5);
  if (f.size() < 3 || f[1].empty() || f[2].empty()) {
    return UsageError("-k wants SRC,DST,TYPE[,FLAGS[,DATA]], got '" + text + "'");
  }
  sandbox::FsMount m{f[0], f[1], f[2], 0, f.size() > 4 ? f[4] : ""};
  if (f.size() > 3) {
    Result<unsigned long> flags = sandbox::ParseMountFlags(f[3]);
    if (!flags.ok()) return UsageError("-k: " + flags.status().message());
    m.flags = *flags;
  }
  return m;
}

Status CheckTmpSize(const std::string& size) {
  size_t digits = 0;
  while (digits < size.size() && std::isdigit(static_cast<unsigned char>(size[digits]))) ++digits;
  bool ok = digits > 0 && (digits == size.size() ||
                           (digits + 1 == size.size() &&
                            std::string("kKmMgG%").find(size.back()) != std::string::npos));
  if (!ok) return UsageError("-t: bad tmpfs size '" + size + "' (want 64M, 1G, 50%)");
  return OkStatus();
}

Result<int> ParseFd(const std::string& text) {
  if (text.empty() || text.size() > 7)
    return UsageError("--preserve-fd wants a number, got '" + text + "'");
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return UsageError("--preserve-fd wants a number, got '" + text + "'");
    }
  }
  return std::atoi(text.c_str());
}

// OptionName renders the option getopt stopped at, for error messages.
std::string OptionName(int opt, char** argv) {
  if (opt > 0 && opt < 256) return std::string("-") + static_cast<char>(opt);
  std::string word = optind > 0 ? argv[optind - 1] : "?";
  return word.substr(0, word.find('='));
}

}  // namespace

Result<RunFlags> ParseRunFlags(int argc, char** argv) {
  RunFlags f;
  sandbox::LaunchSpec& s = f.spec;
  bool seen_p = false;
  std::vector<option> longs = LongOptions();
  optind = 0;  // a fresh scan, also for repeated calls in tests
  opterr = 0;
  for (;;) {
    int opt = getopt_long(argc, argv, kShortOptions, longs.data(), nullptr);
    if (opt == -1) break;
    std::string arg = optarg != nullptr ? optarg : "";
    switch (opt) {
      case 'h':
        f.help = true;
        return f;
      case 'n':
        s.no_new_privs = true;
        break;
      case 'S':
        f.policy_path = arg;
        break;
      case kOptBpf:
        f.bpf_path = arg;
        break;
      case 'L':
        f.log_blocked = true;
        break;
      case 'u':
        f.user = arg;
        break;
      case 'g':
        f.group = arg;
        break;
      case 'G':
        f.inherit_groups = true;
        break;
      case 'c': {
        Result<uint64_t> caps = sandbox::ParseCapabilities(arg);
        if (!caps.ok()) return UsageError("-c: " + caps.status().message());
        s.creds.caps = *caps;
        break;
      }
      case kOptAmbient:
        s.creds.ambient = true;
        break;
      case 'p':
        seen_p = true;
        break;
      case 'I':
        s.ns.program_is_init = true;
        break;
      case 'v':
        s.ns.mount = true;
        break;
      case 'b':
        s.mounts.binds.push_back(TRY(ParseBind(arg)));
        break;
      case 'k':
        s.mounts.mounts.push_back(TRY(ParseMount(arg)));
        break;
      case 'r':
        s.mounts.proc_read_only = true;
        break;
      case 'd':
        s.mounts.minimal_dev = true;
        break;
      case 't':
        if (!arg.empty()) TRY(CheckTmpSize(arg));
        s.mounts.tmp_size = arg.empty() ? "64M" : arg;
        break;
      case 'C':
      case 'P':
        if (!s.mounts.new_root.empty())
          return UsageError("-C and -P are exclusive, and given once");
        s.mounts.new_root = arg;
        s.mounts.pivot_root = opt == 'P';
        break;
      case 'e':
        // -e takes its file attached (-e/run/netns/x), so "-el" would read
        // "l" as a file: insist on a path.
        if (!arg.empty() && arg[0] != '/') {
          return UsageError("-e: '" + arg +
                            "' is not an absolute path (the namespace file is "
                            "attached: -e/run/netns/NAME; put other flags before -e)");
        }
        s.ns.net = true;
        s.ns.net_ns_path = arg;
        break;
      case 'l':
        s.ns.ipc = true;
        break;
      case 'U':
        s.ns.user = true;
        break;
      case 'm':
      case 'M': {
        s.ns.user = true;
        if (arg.empty()) break;
        Result<std::vector<sandbox::IdMapEntry>> map = sandbox::ParseIdMap(arg);
        if (!map.ok())
          return UsageError(std::string(opt == 'm' ? "-m: " : "-M: ") + map.status().message());
        (opt == 'm' ? s.ns.uid_map : s.ns.gid_map) = *map;
        break;
      }
      case kOptUts:
        s.ns.uts = true;
        s.ns.hostname = arg;
        if (arg.size() > 64) return UsageError("--uts: hostname longer than 64 bytes");
        break;
      case 'R': {
        Result<sandbox::ResourceLimit> r = sandbox::ParseRlimit(arg);
        if (!r.ok()) return r.status();
        s.rlimits.push_back(*r);
        break;
      }
      case kOptEnvReset:
        s.env.reset = true;
        break;
      case kOptDeterministic:
        s.deterministic = true;
        break;
      case kOptEnvAdd: {
        size_t eq = arg.find('=');
        if (eq == std::string::npos || eq == 0) {
          return UsageError("--env-add wants NAME=VALUE, got '" + arg + "'");
        }
        s.env.add.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
        break;
      }
      case kOptPreserveFd:
        s.preserve_fds.push_back(TRY(ParseFd(arg)));
        break;
      case kOptFsRo:
      case kOptFsRx:
      case kOptFsRw:
        if (arg.empty()) return UsageError("--fs-path-*: empty path");
        s.landlock.push_back({arg, opt == kOptFsRo   ? sandbox::LandlockAccess::kReadOnly
                                   : opt == kOptFsRx ? sandbox::LandlockAccess::kReadExec
                                                     : sandbox::LandlockAccess::kReadWrite});
        break;
      case kOptLogging:
        if (arg == "auto")
          f.logging = Logging::kAuto;
        else if (arg == "stderr")
          f.logging = Logging::kStderr;
        else if (arg == "syslog")
          f.logging = Logging::kSyslog;
        else
          return UsageError("--logging wants auto, stderr or syslog, got '" + arg + "'");
        break;
      case ':':
        return UsageError(OptionName(optopt, argv) + " needs an argument; see 'cordon run --help'");
      case '?':
        return UsageError(
            "unknown option " +
            (optopt != 0 ? std::string("-") + static_cast<char>(optopt) : OptionName(0, argv)) +
            "; see 'cordon run --help'");
      default:
        if (!f.policy.Handle(opt, optarg)) {
          return UsageError("unknown option " + OptionName(opt, argv) +
                            "; see 'cordon run --help'");
        }
        break;
    }
  }
  for (int i = optind; i < argc; ++i) s.argv.push_back(argv[i]);
  if (s.argv.empty()) return UsageError("no program given; see 'cordon run --help'");

  // minijail's implications.
  if (s.ns.program_is_init) seen_p = true;
  if (seen_p) {
    s.ns.pid = true;
    s.ns.mount = true;
    s.mounts.proc_read_only = true;
  }
  const sandbox::Mounts& m = s.mounts;
  if (!m.new_root.empty() || !m.binds.empty() || !m.mounts.empty() || m.tmp_size || m.minimal_dev ||
      m.proc_read_only) {
    s.ns.mount = true;
  }
  // Impossible combinations.
  if (!f.policy_path.empty() && !f.bpf_path.empty()) {
    return UsageError("-S and --seccomp-bpf-binary are exclusive");
  }
  if (f.log_blocked && f.policy_path.empty() && f.bpf_path.empty()) {
    return UsageError("-L needs a filter: -S POLICY or --seccomp-bpf-binary FILE");
  }
  if (f.inherit_groups && f.user.empty()) return UsageError("-G needs -u USER");
  if (s.creds.ambient && !s.creds.caps) return UsageError("--ambient needs -c MASK");
  if (!f.policy_path.empty() || !f.bpf_path.empty())
    s.seccomp.policy_name = f.policy_path.empty() ? f.bpf_path : f.policy_path;
  return f;
}

Status ResolveRunIds(RunFlags* flags) {
  sandbox::Credentials& c = flags->spec.creds;
  std::optional<sandbox::ResolvedUser> user;
  if (!flags->user.empty()) {
    Result<sandbox::ResolvedUser> u = sandbox::ResolveUser(flags->user);
    if (!u.ok()) return UsageError("-u: " + u.status().message());
    user = *u;
    c.uid = u->uid;
  }
  if (!flags->group.empty()) {
    Result<gid_t> g = sandbox::ResolveGroup(flags->group);
    if (!g.ok()) return UsageError("-g: " + g.status().message());
    c.gid = *g;
  }
  if (c.uid || c.gid) c.supplementary_groups = std::vector<gid_t>{};
  if (flags->inherit_groups) {
    gid_t primary = c.gid ? *c.gid : user->gid;
    Result<std::vector<gid_t>> groups = sandbox::UserGroups(*user, primary);
    if (!groups.ok()) return UsageError("-G: " + groups.status().message());
    c.supplementary_groups = *groups;
  }
  return OkStatus();
}

}  // namespace cordon::cli
