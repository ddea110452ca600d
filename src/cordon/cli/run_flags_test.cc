#include "cordon/cli/run_flags.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cordon::cli {
namespace {

Result<RunFlags> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "run");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return ParseRunFlags(static_cast<int>(args.size()), argv.data());
}

std::string Error(std::vector<std::string> args) {
  Result<RunFlags> f = Parse(std::move(args));
  if (f.ok()) return "(parsed)";
  EXPECT_EQ(f.status().code(), Code::kUsage);
  return f.status().message();
}

TEST(RunFlagsTest, TheDemoLine) {
  Result<RunFlags> f = Parse({"-nS", "cat.policy", "/bin/cat", "cat.policy"});
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_TRUE(f->spec.no_new_privs);
  EXPECT_EQ(f->policy_path, "cat.policy");
  EXPECT_EQ(f->spec.seccomp.policy_name, "cat.policy");
  EXPECT_EQ(f->spec.argv, (std::vector<std::string>{"/bin/cat", "cat.policy"}));
  EXPECT_FALSE(f->spec.ns.mount);
}

TEST(RunFlagsTest, ProgramFlagsAreTheProgramsOwn) {
  Result<RunFlags> f = Parse({"-n", "/bin/ls", "-l", "-S", "x"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->spec.argv, (std::vector<std::string>{"/bin/ls", "-l", "-S", "x"}));
  EXPECT_TRUE(f->policy_path.empty());
  f = Parse({"--", "-weird-name"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->spec.argv, std::vector<std::string>{"-weird-name"});
}

TEST(RunFlagsTest, CombinedShortFlagsEqualLongForms) {
  Result<RunFlags> s = Parse({"-vple", "-Ut64M", "-b/src,/dst,1", "-u", "nobody", "true"});
  Result<RunFlags> l = Parse({"--mount-ns", "--pid-ns", "--net-ns", "--ipc-ns", "--user-ns",
                              "--tmpfs=64M", "--bind", "/src,/dst,1", "--user=nobody", "true"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(l.ok()) << l.status().message();
  for (const RunFlags* f : {&*s, &*l}) {
    EXPECT_TRUE(f->spec.ns.mount && f->spec.ns.pid && f->spec.ns.net && f->spec.ns.ipc &&
                f->spec.ns.user);
    EXPECT_EQ(f->spec.mounts.tmp_size, "64M");
    ASSERT_EQ(f->spec.mounts.binds.size(), 1u);
    EXPECT_EQ(f->spec.mounts.binds[0], (sandbox::BindMount{"/src", "/dst", true}));
    EXPECT_EQ(f->user, "nobody");
  }
}

TEST(RunFlagsTest, OptionalArgumentsAreAttached) {
  Result<RunFlags> f =
      Parse({"-t", "-m0 1000 1,1 2000 10", "-M", "-e/run/netns/a", "--uts=box", "true"});
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->spec.mounts.tmp_size, "64M");  // the default
  EXPECT_EQ(f->spec.ns.uid_map.size(), 2u);
  EXPECT_TRUE(f->spec.ns.gid_map.empty());  // -M alone: the caller's gid -> 0
  EXPECT_TRUE(f->spec.ns.user);             // implied by -m/-M
  EXPECT_EQ(f->spec.ns.net_ns_path, "/run/netns/a");
  EXPECT_TRUE(f->spec.ns.uts);
  EXPECT_EQ(f->spec.ns.hostname, "box");
}

TEST(RunFlagsTest, MinijailImplications) {
  Result<RunFlags> f = Parse({"-I", "true"});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->spec.ns.pid && f->spec.ns.program_is_init);
  EXPECT_TRUE(f->spec.ns.mount);               // -p implies -v ...
  EXPECT_TRUE(f->spec.mounts.proc_read_only);  // ... and -r
  for (std::vector<std::string> args : {std::vector<std::string>{"-b/x", "true"},
                                        {"-k", "tmpfs,/mnt,tmpfs", "true"},
                                        {"-t", "true"},
                                        {"-d", "true"},
                                        {"-r", "true"},
                                        {"-P/srv", "true"},
                                        {"-C/srv", "true"}}) {
    Result<RunFlags> g = Parse(args);
    ASSERT_TRUE(g.ok()) << args[0];
    EXPECT_TRUE(g->spec.ns.mount) << args[0];
  }
}

TEST(RunFlagsTest, ValuesAreParsed) {
  Result<RunFlags> f = Parse({"-c",
                              "cap_net_raw",
                              "--ambient",
                              "-R",
                              "nofile,10,20",
                              "--env-reset",
                              "--env-add",
                              "A=b=c",
                              "--preserve-fd",
                              "7",
                              "--fs-path-ro",
                              "/usr",
                              "--fs-path-rx",
                              "/bin",
                              "--fs-path-rw",
                              "/tmp",
                              "--deterministic",
                              "--logging=syslog",
                              "-k",
                              "tmpfs,/mnt,tmpfs,MS_NOSUID|MS_NODEV,size=1M,mode=755",
                              "true"});
  ASSERT_TRUE(f.ok()) << f.status().message();
  const sandbox::LaunchSpec& s = f->spec;
  EXPECT_EQ(s.creds.caps, uint64_t{1} << 13);
  EXPECT_TRUE(s.creds.ambient);
  EXPECT_EQ(s.rlimits, (std::vector<sandbox::ResourceLimit>{{RLIMIT_NOFILE, 10, 20}}));
  EXPECT_TRUE(s.env.reset);
  EXPECT_EQ(s.env.add[0], (std::pair<std::string, std::string>{"A", "b=c"}));
  EXPECT_EQ(s.preserve_fds, std::vector<int>{7});
  ASSERT_EQ(s.landlock.size(), 3u);
  EXPECT_EQ(s.landlock[1], (sandbox::LandlockPath{"/bin", sandbox::LandlockAccess::kReadExec}));
  EXPECT_EQ(s.landlock[2].access, sandbox::LandlockAccess::kReadWrite);
  EXPECT_TRUE(s.deterministic);
  EXPECT_EQ(f->logging, Logging::kSyslog);
  ASSERT_EQ(s.mounts.mounts.size(), 1u);
  EXPECT_EQ(s.mounts.mounts[0].data, "size=1M,mode=755");  // data keeps its commas
}

TEST(RunFlagsTest, OneLineErrors) {
  EXPECT_EQ(Error({"-Z", "true"}), "unknown option -Z; see 'cordon run --help'");
  EXPECT_EQ(Error({"--bogus", "true"}), "unknown option --bogus; see 'cordon run --help'");
  EXPECT_EQ(Error({"-n", "-S"}), "-S needs an argument; see 'cordon run --help'");
  EXPECT_EQ(Error({"--env-add"}), "--env-add needs an argument; see 'cordon run --help'");
  EXPECT_EQ(Error({"-n"}), "no program given; see 'cordon run --help'");
  EXPECT_EQ(Error({"-S", "a", "--seccomp-bpf-binary", "b", "true"}),
            "-S and --seccomp-bpf-binary are exclusive");
  EXPECT_EQ(Error({"-C/a", "-P/b", "true"}), "-C and -P are exclusive, and given once");
  EXPECT_EQ(Error({"-L", "true"}), "-L needs a filter: -S POLICY or --seccomp-bpf-binary FILE");
  EXPECT_EQ(Error({"-G", "true"}), "-G needs -u USER");
  EXPECT_EQ(Error({"--ambient", "true"}), "--ambient needs -c MASK");
  EXPECT_NE(Error({"-c", "cap_bogus", "true"}).find("unknown capability"), std::string::npos);
  EXPECT_NE(Error({"-R", "nofile,1", "true"}).find("TYPE,CUR,MAX"), std::string::npos);
  EXPECT_NE(Error({"-b", "/a,/b,maybe", "true"}).find("third field"), std::string::npos);
  EXPECT_NE(Error({"-k", "tmpfs,/mnt", "true"}).find("SRC,DST,TYPE"), std::string::npos);
  EXPECT_NE(Error({"-tlots", "true"}).find("tmpfs size"), std::string::npos);
  EXPECT_NE(Error({"-el", "true"}).find("not an absolute path"), std::string::npos);
  EXPECT_NE(Error({"-m0 0", "true"}).find("-m: bad id map entry"), std::string::npos);
  EXPECT_NE(Error({"--env-add", "=x", "true"}).find("NAME=VALUE"), std::string::npos);
  EXPECT_NE(Error({"--preserve-fd", "x", "true"}).find("number"), std::string::npos);
  EXPECT_NE(Error({"--logging=loud", "true"}).find("auto, stderr or syslog"), std::string::npos);
  for (std::vector<std::string> args : {std::vector<std::string>{"-Z", "true"}, {"-S"}}) {
    EXPECT_EQ(Error(args).find('\n'), std::string::npos);
  }
}

TEST(RunFlagsTest, HelpAndPolicyFlags) {
  Result<RunFlags> f = Parse({"--help"});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->help);
  f = Parse({"-S", "p", "--default-action", "errno:EPERM", "true"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->policy.default_action, "errno:EPERM");
  // Every long option appears in the help text.
  for (const char* name :
       {"--seccomp-bpf-binary", "--ambient", "--uts", "--env-reset", "--env-add", "--preserve-fd",
        "--fs-path-ro", "--fs-path-rx", "--fs-path-rw", "--logging", "--deterministic"}) {
    EXPECT_NE(std::string(kRunHelp).find(name), std::string::npos) << name;
  }
}

TEST(RunFlagsTest, ResolvesUsersAndGroups) {
  Result<RunFlags> f = Parse({"-u", "nobody", "-G", "-g", "0", "true"});
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(ResolveRunIds(&*f).ok());
  EXPECT_EQ(f->spec.creds.uid, 65534u);
  EXPECT_EQ(f->spec.creds.gid, 0u);
  ASSERT_TRUE(f->spec.creds.supplementary_groups);
  f = Parse({"-u", "4242", "true"});
  ASSERT_TRUE(ResolveRunIds(&*f).ok());
  EXPECT_EQ(f->spec.creds.uid, 4242u);
  EXPECT_EQ(f->spec.creds.supplementary_groups, std::vector<gid_t>{});  // dropped
  f = Parse({"-u", "no-such-user-here", "true"});
  Status s = ResolveRunIds(&*f);
  EXPECT_EQ(s.code(), Code::kUsage);
  EXPECT_EQ(s.message(), "-u: no user 'no-such-user-here' in /etc/passwd");
}

}  // namespace
}  // namespace cordon::cli
