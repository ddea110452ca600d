// Every real-world policy in ../shared/corpus/policies compiles, and the
// compiled programs agree with the policies' meaning on millions of inputs.
// The corpus is not part of a user's clone: without it these tests skip.
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cordon/bpf/interpreter.h"
#include "cordon/compile/compiler.h"
#include "cordon/compile/evaluate.h"
#include "cordon/compile/verify.h"
#include "cordon/policy/resolver.h"
#include "testing/run_command.h"

namespace cordon {
namespace {

struct CorpusPolicy {
  std::string path;
  std::string name;  // dir/file
  policy::PolicyOptions options;
  bool expect_missing_include = false;
};

std::vector<std::string> ListPolicies(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 7 && n.substr(n.size() - 7) == ".policy") out.push_back(dir + "/" + n);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// CorpusPolicies lists every policy with the options its project compiles
// it with (../shared/corpus/policies/SOURCES.md).
std::vector<CorpusPolicy> CorpusPolicies(std::unique_ptr<arch::Arch>* json_arch) {
  std::string root = testing::CorpusPath("policies");
  if (root.empty()) return {};
  std::string crosvm = root + "/crosvm/x86_64";
  Result<std::unique_ptr<arch::Arch>> a = arch::LoadArchJson(crosvm + "/constants.json");
  if (!a.ok()) {
    ADD_FAILURE() << a.status().message();
    return {};
  }
  *json_arch = std::move(*a);
  std::vector<CorpusPolicy> out;
  auto add = [&](const std::string& sub, auto configure) {
    for (const std::string& p : ListPolicies(root + "/" + sub)) {
      CorpusPolicy c;
      c.path = p;
      c.name = p.substr(root.size() + 1);
      c.options.arch = json_arch->get();
      configure(c);
      out.push_back(std::move(c));
    }
  };
  add("minijail", [](CorpusPolicy& c) {
    c.options.denylist = c.name.find("cros_default") != std::string::npos;
  });
  add("chromiumos-platform2", [](CorpusPolicy&) {});
  add("crosvm/x86_64", [&](CorpusPolicy& c) {
    c.options.default_action = bpf::kRetTrap;  // crosvm builds with --default-action trap
    c.options.include_map = {{"/usr/share/policy/crosvm", crosvm}};
  });
  add("android", [](CorpusPolicy& c) {
    c.options.permissive = true;
    c.options.arch = arch::FindArch("x86_64");
    // Their @include targets are device paths not in the corpus.
    c.expect_missing_include = c.name.find("crash_dump") == std::string::npos;
  });
  return out;
}

TEST(CorpusTest, EveryPolicyCompiles) {
  std::unique_ptr<arch::Arch> json_arch;
  std::vector<CorpusPolicy> policies = CorpusPolicies(&json_arch);
  if (policies.empty()) GTEST_SKIP() << "../shared/corpus is absent: nothing to compile";
  std::printf("%-58s %6s %7s %7s\n", "policy", "insns", "cached", "ms");
  for (const CorpusPolicy& c : policies) {
    policy::SourceManager sources;
    policy::Diagnostics diags(&sources);
    Result<compile::FilterIR> ir = policy::LoadPolicy(c.path, c.options, sources, diags);
    if (c.expect_missing_include) {
      ASSERT_FALSE(ir.ok()) << c.name;
      EXPECT_NE(diags.RenderAll().find("error: cannot @include /"), std::string::npos)
          << diags.RenderAll();
      std::printf("%-58s %s\n", c.name.c_str(), "missing include (as expected)");
      continue;
    }
    ASSERT_TRUE(ir.ok()) << c.name << "\n" << diags.RenderAll();
    compile::CompileStats stats;
    Result<bpf::Program> p = compile::Compile(*ir, {}, &stats);
    ASSERT_TRUE(p.ok()) << c.name << ": " << p.status().message();
    EXPECT_EQ(stats.cached_syscalls, stats.always_allowed) << c.name;
    std::printf("%-58s %6zu %7zu %7.2f\n", c.name.c_str(), stats.instructions,
                stats.cached_syscalls, stats.total_ms);
  }
}

TEST(CorpusTest, MillionsOfInputsAgree) {
  std::unique_ptr<arch::Arch> json_arch;
  std::vector<CorpusPolicy> policies = CorpusPolicies(&json_arch);
  if (policies.empty()) GTEST_SKIP() << "../shared/corpus is absent";
  const auto start = std::chrono::steady_clock::now();
  size_t total = 0;
  for (const CorpusPolicy& c : policies) {
    if (c.expect_missing_include) continue;
    policy::SourceManager sources;
    policy::Diagnostics diags(&sources);
    Result<compile::FilterIR> ir = policy::LoadPolicy(c.path, c.options, sources, diags);
    ASSERT_TRUE(ir.ok()) << diags.RenderAll();
    bpf::Program p = *compile::Compile(*ir, {.verify = false});
    compile::VerifyOptions v;
    v.random_mixes = 3000;
    size_t mismatches = 0;
    compile::ForEachInput(*ir, v, [&](const seccomp_data& d) {
      ++total;
      if (compile::Evaluate(*ir, d) != bpf::Run(p.insns(), d) && mismatches++ < 3) {
        ADD_FAILURE() << c.name << ": " << compile::DescribeCall(*ir->arch, d);
      }
    });
    EXPECT_EQ(mismatches, 0u) << c.name;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu inputs in %.1f s\n", total, seconds);
  EXPECT_GT(total, 1000000u);
}

}  // namespace
}  // namespace cordon
