#include "cordon/policy/resolver.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "cordon/compile/evaluate.h"

namespace cordon::policy {
namespace {

using compile::FilterIR;

class ResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cordon-resolver-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { (void)!system(("rm -rf " + dir_).c_str()); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    size_t slash = path.rfind('/');
    (void)!system(("mkdir -p " + path.substr(0, slash)).c_str());
    std::ofstream(path) << text;
    return path;
  }

  Result<FilterIR> Load(const std::string& path, PolicyOptions options = {}) {
    sources_ = std::make_unique<SourceManager>();
    diags_ = std::make_unique<Diagnostics>(sources_.get());
    if (options.arch == nullptr) options.arch = arch::FindArch("x86_64");
    Result<FilterIR> ir = LoadPolicy(path, options, *sources_, *diags_);
    errors_ = diags_->RenderAll();
    return ir;
  }
  Result<FilterIR> LoadText(const std::string& text, PolicyOptions options = {}) {
    return Load(Write("t.policy", text), options);
  }

  uint32_t Decide(const FilterIR& ir, const char* name, std::initializer_list<uint64_t> args = {}) {
    seccomp_data d{};
    d.arch = ir.arch->audit_arch();
    d.nr = static_cast<int>(*ir.arch->SyscallNumber(name));
    int i = 0;
    for (uint64_t a : args) d.args[i++] = a;
    return compile::Evaluate(ir, d);
  }

  std::string dir_;
  std::unique_ptr<SourceManager> sources_;
  std::unique_ptr<Diagnostics> diags_;
  std::string errors_;
};

TEST_F(ResolverTest, ExprWithActionAllowsWhenTrueElseAction) {
  // minijail's documented meaning, relied on by ChromeOS policies.
  Result<FilterIR> ir = LoadText("socket: arg0 == AF_UNIX; return EPERM\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(Decide(*ir, "socket", {1}), bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "socket", {2}), bpf::Errno(1));
  EXPECT_EQ(Decide(*ir, "read"), bpf::kRetKillProcess);  // default
}

TEST_F(ResolverTest, FiltersConcatenateAcrossStatementsInOrder) {
  Result<FilterIR> ir = LoadText(
      "ioctl: arg1 == TCGETS\n"
      "ioctl: arg1 == FIONREAD\n"
      "ioctl: return ENOTTY\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(Decide(*ir, "ioctl", {1, 0x5401}), bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "ioctl", {1, 0x541b}), bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "ioctl", {1, 0x5412}), bpf::Errno(25));
}

TEST_F(ResolverTest, ValuesAndOperators) {
  Result<FilterIR> ir = LoadText(
      "mmap: arg2 in ~PROT_EXEC || arg2 in ~PROT_WRITE\n"
      "openat: arg2 == O_RDONLY|O_CLOEXEC\n"
      "read: arg0 == -1\n"
      "write: arg0 >= 1 && arg0 <= 2\n"
      "close: arg0 & (0x10|0x20)\n"
      "lseek: arg2 != 0755\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(Decide(*ir, "mmap", {0, 0, 3}), bpf::kRetAllow);       // R|W
  EXPECT_EQ(Decide(*ir, "mmap", {0, 0, 5}), bpf::kRetAllow);       // R|X
  EXPECT_EQ(Decide(*ir, "mmap", {0, 0, 7}), bpf::kRetKillProcess);  // W|X
  EXPECT_EQ(Decide(*ir, "openat", {0, 0, 0x80000}), bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "read", {~uint64_t{0}}), bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "read", {0xffffffff}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide(*ir, "write", {2}), bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "write", {3}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide(*ir, "close", {0x20}), bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "close", {0x40}), bpf::kRetKillProcess);
  EXPECT_EQ(Decide(*ir, "lseek", {0, 0, 0755}), bpf::kRetKillProcess);
}

TEST_F(ResolverTest, I386ArgumentsAre32Bit) {
  PolicyOptions o;
  o.arch = arch::FindArch("i386");
  Result<FilterIR> ir = LoadText("read: arg0 == -1\nopenat: arg0 == AT_FDCWD\n", o);
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(ir->syscalls.begin()->second[0].when[0][0].value, 0xffffffffu);
  Result<FilterIR> bad = LoadText("read: arg0 == 0x100000000\n", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(errors_.find("t.policy:1:15: error: '0x100000000' does not fit in 32 bits (i386 "
                         "arguments are 32-bit)"),
            std::string::npos)
      << errors_;
}

TEST_F(ResolverTest, DefaultActionSources) {
  Result<FilterIR> ir = LoadText("@default trap\nread: 1\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(ir->default_action, bpf::kRetTrap);
  PolicyOptions o;
  o.default_action = bpf::Errno(1);
  ir = LoadText("@default trap\nread: 1\n", o);
  ASSERT_TRUE(ir.ok());
  EXPECT_EQ(ir->default_action, bpf::Errno(1));
}

TEST_F(ResolverTest, Denylist) {
  Result<FilterIR> ir = LoadText("@denylist\nbpf: return EPERM\nptrace: kill\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(ir->default_action, bpf::kRetAllow);
  EXPECT_EQ(Decide(*ir, "bpf"), bpf::Errno(1));
  EXPECT_EQ(Decide(*ir, "read"), bpf::kRetAllow);
  PolicyOptions o;
  o.denylist = true;
  ASSERT_FALSE(LoadText("read: 1\n", o).ok());
  EXPECT_NE(errors_.find("--denylist was given but the policy does not say @denylist"),
            std::string::npos);
  ASSERT_FALSE(LoadText("@denylist\n@default trap\n").ok());
  EXPECT_NE(errors_.find("@default conflicts with @denylist"), std::string::npos);
}

TEST_F(ResolverTest, UnknownNamesWithSuggestions) {
  ASSERT_FALSE(LoadText("opne: 1\nread: arg0 == O_RDONLYY\nwrite: return 4096\n").ok());
  EXPECT_NE(errors_.find("t.policy:1:1: error: unknown syscall 'opne' on x86_64; did you mean "
                         "'open'?"),
            std::string::npos)
      << errors_;
  EXPECT_NE(errors_.find("t.policy:2:15: error: unknown constant 'O_RDONLYY' on x86_64"),
            std::string::npos)
      << errors_;
  EXPECT_NE(errors_.find("t.policy:3:15: error: errno 4096 is out of range: a filter can return 0 "
                         "to 4095"),
            std::string::npos)
      << errors_;
  EXPECT_EQ(diags_->error_count(), 3);
}

TEST_F(ResolverTest, UnconditionalMustComeLast) {
  ASSERT_FALSE(LoadText("read: 1\nread: arg0 == 0\n").ok());
  EXPECT_NE(errors_.find("t.policy:2:7: error: 'read' already has an unconditional action at "),
            std::string::npos)
      << errors_;
  ASSERT_FALSE(LoadText("read: 1\nread: 1\n").ok());
  // --permissive: Android's repeated lines are dropped; a conflicting one warns.
  PolicyOptions o;
  o.permissive = true;
  Result<FilterIR> ir = LoadText("read: 1\nread: 1\nwrite: 1\nwrite: return EPERM\n", o);
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(diags_->warning_count(), 1);
  EXPECT_EQ(Decide(*ir, "write"), bpf::kRetAllow);
}

TEST_F(ResolverTest, PermissiveSkipsForeignNames) {
  PolicyOptions o;
  o.permissive = true;
  Result<FilterIR> ir = LoadText("getuid32: 1\nmmap2: 1\nread: 1\n", o);
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(ir->syscalls.size(), 1u);
  EXPECT_EQ(diags_->warning_count(), 2);
}

TEST_F(ResolverTest, ArchMetadataSelects) {
  Result<FilterIR> ir = LoadText("open[arch=aarch64]: 1\nread[arch=x86_64,aarch64]: 1\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(ir->syscalls.size(), 1u);
  EXPECT_EQ(Decide(*ir, "read"), bpf::kRetAllow);
}

TEST_F(ResolverTest, IncludesNestedRelativeAndMapped) {
  Write("sub/common.policy", "@include ./inner.policy\nwrite: 1\n");
  Write("sub/inner.policy", "read: 1\n");
  Write("mapped/extra.policy", "close: 1\n");
  std::string top = Write("top.policy",
                          "@include ./sub/common.policy\n"
                          "@include /usr/share/policy/app/extra.policy\n"
                          "exit_group: 1\n");
  PolicyOptions o;
  o.include_map = {{"/usr/share/policy/app", dir_ + "/mapped"}};
  Result<FilterIR> ir = Load(top, o);
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(ir->syscalls.size(), 4u);
}

TEST_F(ResolverTest, IncludeErrorsSayWhereFrom) {
  Write("a.policy", "@include ./b.policy\n");
  Write("b.policy", "@include ./a.policy\nopne: 1\n");
  std::string top = Write("top.policy", "@include ./a.policy\n@include ./missing.policy\n");
  ASSERT_FALSE(Load(top).ok());
  EXPECT_NE(errors_.find("In file included from " + dir_ + "/./a.policy:1,\n"
                         "                 from " + top + ":1:\n" +
                         dir_ + "/././b.policy:1:10: error: @include cycle"),
            std::string::npos)
      << errors_;
  EXPECT_NE(errors_.find("b.policy:2:1: error: unknown syscall 'opne'"), std::string::npos);
  EXPECT_NE(errors_.find(top + ":2:10: error: cannot @include " + dir_ +
                         "/./missing.policy: open " + dir_ + "/./missing.policy: ENOENT"),
            std::string::npos)
      << errors_;
}

TEST_F(ResolverTest, IncludeDepthIsLimited) {
  for (int i = 0; i < 20; ++i) {
    Write("d" + std::to_string(i) + ".policy", "@include ./d" + std::to_string(i + 1) + ".policy\n");
  }
  Write("d20.policy", "read: 1\n");
  ASSERT_FALSE(Load(dir_ + "/d0.policy").ok());
  EXPECT_NE(errors_.find("error: @include nested more than 16 deep"), std::string::npos) << errors_;
}

TEST_F(ResolverTest, Frequency) {
  Write("app.frequency", "read: 100\nwrite: 5\n# comment\nread: 1\n");
  Result<FilterIR> ir = LoadText("@frequency ./app.frequency\nread: 1\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  EXPECT_EQ(ir->frequency.at(0), 101u);
  EXPECT_EQ(ir->frequency.at(1), 5u);
}

TEST_F(ResolverTest, SourceRefsPointAtFilters) {
  Result<FilterIR> ir = LoadText("\n  read: arg0 == 0; return EBADF\n");
  ASSERT_TRUE(ir.ok()) << errors_;
  const auto& rules = ir->syscalls.at(0);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].source.line, 2);
  EXPECT_EQ(rules[0].source.column, 9);
  EXPECT_EQ(rules[1].source.column, 20);
}

TEST_F(ResolverTest, ActionSpecs) {
  const arch::Arch& a = arch::NativeArch();
  EXPECT_EQ(*ParseActionSpec("trap", a), bpf::kRetTrap);
  EXPECT_EQ(*ParseActionSpec("errno:EPERM", a), bpf::Errno(1));
  EXPECT_EQ(*ParseActionSpec("return 13", a), bpf::Errno(13));
  EXPECT_EQ(ParseActionSpec("errno:5000", a).status().code(), Code::kUsage);
  EXPECT_EQ(ParseActionSpec("nuke", a).status().code(), Code::kUsage);
}

}  // namespace
}  // namespace cordon::policy
