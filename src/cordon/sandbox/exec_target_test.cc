#include "cordon/sandbox/exec_target.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "cordon/bpf/action.h"
#include "cordon/bpf/insn.h"

namespace cordon::sandbox {
namespace {

class ExecTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cordon-exec-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_EQ(mkdir((root_ + "/bin").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root_ + "/tools").c_str(), 0755), 0);
    ASSERT_EQ(symlink("/bin/cat", (root_ + "/tools/mycat").c_str()), 0);
    Write(root_ + "/tools/script", "#!/bin/sh -e\necho hi\n", 0755);
    Write(root_ + "/tools/noexec", "#!/bin/sh\n", 0644);
    Write(root_ + "/tools/bad", "#!/tools/script\n", 0755);
  }
  void TearDown() override { (void)!system(("rm -rf " + root_).c_str()); }
  static void Write(const std::string& path, const std::string& text, mode_t mode) {
    std::ofstream(path) << text;
    chmod(path.c_str(), mode);
  }
  std::string root_;
};

TEST_F(ExecTargetTest, ViewMapsBindsAndRoot) {
  SandboxView v;
  v.root = root_;
  v.binds = {{"/usr/lib", "/opt/lib"}, {"/usr", "/usr"}};
  EXPECT_EQ(v.HostPath("/usr/bin/cat"), "/usr/bin/cat");
  EXPECT_EQ(v.HostPath("/usr/lib/x.so"), "/opt/lib/x.so");
  EXPECT_EQ(v.HostPath("/usrx"), root_ + "/usrx");
  EXPECT_EQ(v.HostPath("/"), root_);
}

TEST_F(ExecTargetTest, ResolveFollowsSymlinksInsideTheSandbox) {
  SandboxView v;
  v.root = root_;
  v.binds = {{"/bin", "/usr/bin"}};
  // /tools/mycat -> /bin/cat, which the bind maps to the host's /usr/bin/cat.
  Result<std::string> r = v.Resolve("/tools/mycat");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "/bin/cat");
  EXPECT_EQ(v.HostPath(*r), "/usr/bin/cat");
  EXPECT_EQ(v.Resolve("/tools/../tools/./script").value(), "/tools/script");
  EXPECT_EQ(v.Resolve("/missing/x").status().code(), Code::kNotFound);
}

TEST_F(ExecTargetTest, PathSearchAndScripts) {
  SandboxView v;
  v.root = root_;
  v.binds = {{"/bin", "/usr/bin"}};
  v.cwd = "/";
  std::vector<std::string> env = {"PATH=/nowhere:/tools:/bin"};
  Result<ExecTarget> t = ResolveExecTarget({"mycat", "a"}, v, env);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->path, "/bin/cat");
  EXPECT_EQ(t->elf.kind, ElfKind::kDynamic);
  EXPECT_FALSE(t->script);

  t = ResolveExecTarget({"script", "x", "y"}, v, env);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_TRUE(t->script);
  EXPECT_EQ(t->path, v.Resolve("/bin/sh").value());  // dash on Debian
  EXPECT_EQ(t->argv, (std::vector<std::string>{"/bin/sh", "-e", "/tools/script", "x", "y"}));

  EXPECT_EQ(ResolveExecTarget({"nothere"}, v, env).status().code(), Code::kNotFound);
  EXPECT_EQ(ResolveExecTarget({"/tools/noexec"}, v, env).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(ResolveExecTarget({"/tools"}, v, env).status().code(), Code::kPermissionDenied);
  // An interpreter that is itself a script is refused, as the kernel would.
  EXPECT_EQ(ResolveExecTarget({"/tools/bad"}, v, env).status().code(), Code::kPermissionDenied);
}

TEST(StaticPolicyGapsTest, AskTheInterpreter) {
  const arch::Arch& a = arch::NativeArch();
  bpf::Program allow = bpf::Program::Create({bpf::Insn::Stmt(bpf::kRetK, bpf::kRetAllow)}).value();
  StaticPolicyGaps none = FindStaticPolicyGaps(allow, a);
  EXPECT_FALSE(none.execve_blocked);
  EXPECT_TRUE(none.startup_blocked.empty());
  bpf::Program kill =
      bpf::Program::Create({bpf::Insn::Stmt(bpf::kRetK, bpf::kRetKillProcess)}).value();
  StaticPolicyGaps all = FindStaticPolicyGaps(kill, a);
  EXPECT_TRUE(all.execve_blocked);
  EXPECT_EQ(all.startup_blocked.front(), "brk");
}

}  // namespace
}  // namespace cordon::sandbox
