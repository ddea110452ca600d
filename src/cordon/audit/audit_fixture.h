// Test support for the audit: fixture root trees laid out like / and fake
// kernel probes. Not part of the cordon binary.
//
//   FixtureTree tree;                          // a fresh directory, removed at exit
//   WriteHardenedX86(tree);                    // every x86_64 check passes
//   HostViewOptions opts = tree.Options();     // root = tree, no probes
//   opts.today = Date{2025, 12, 10};
//   HostView host = *LoadHostView(opts);
#ifndef CORDON_AUDIT_AUDIT_FIXTURE_H_
#define CORDON_AUDIT_AUDIT_FIXTURE_H_

#include <map>
#include <string>
#include <vector>

#include "cordon/audit/host_view.h"
#include "cordon/audit/probes.h"

namespace cordon::audit::testing {

// FixtureTree is a temporary directory standing in for /.
class FixtureTree {
 public:
  FixtureTree();
  ~FixtureTree();
  FixtureTree(const FixtureTree&) = delete;
  FixtureTree& operator=(const FixtureTree&) = delete;

  const std::string& root() const { return root_; }
  // Write creates `rel` (e.g. "proc/cmdline") and its parent directories.
  void Write(const std::string& rel, const std::string& content);
  // WriteGzip writes `content` gzip-compressed.
  void WriteGzip(const std::string& rel, const std::string& content);
  // Sysctl writes proc/sys/<name with dots as slashes>.
  void Sysctl(const std::string& name, const std::string& value);
  // Options returns HostViewOptions reading this tree, without probes.
  HostViewOptions Options() const;

 private:
  std::string root_;
};

// ConfigText renders `symbols` ("X" -> "y" | "n" | value) as a .config with
// a "# Linux/x86 <version> Kernel Configuration" header.
std::string ConfigText(const std::map<std::string, std::string>& symbols,
                       const std::string& version = "6.18.5");

// Symbol sets: every config check passes (hardened) or fails (weak).
std::map<std::string, std::string> HardenedX86Symbols();
std::map<std::string, std::string> WeakX86Symbols();
std::map<std::string, std::string> HardenedArm64Symbols();

// Whole trees. Hardened: kernel 6.18.5, every check OK when today is within
// the kernel table's freshness window. Weak: kernel 4.19.300, every check
// FAIL (today after 2024-12) except lsm.yama, which is active so that
// sysctl.kernel.yama.ptrace_scope can fail.
void WriteHardenedX86(FixtureTree& tree);
void WriteWeakX86(FixtureTree& tree);
void WriteHardenedArm64(FixtureTree& tree);

// FakeProbes answers KernelProbes from fields; errors use the given errno.
class FakeProbes : public KernelProbes {
 public:
  UnameInfo uname{"6.18.5", "x86_64"};
  int lsm_errno = 0;  // non-zero: LsmListModules fails with it
  std::vector<uint64_t> lsm_ids = {100, 108, 110};
  int yama_errno = 0;
  bool yama = false;
  int landlock_errno = 0;
  int landlock_abi = 7;
  int log_errno = 0;
  std::string log;
  int calls = 0;  // number of probe calls made

  Result<UnameInfo> Uname() override;
  Result<std::vector<uint64_t>> LsmListModules() override;
  Result<bool> YamaPrctlProbe() override;
  Result<int> LandlockAbi() override;
  Result<std::string> KernelLog() override;
};

}  // namespace cordon::audit::testing

#endif  // CORDON_AUDIT_AUDIT_FIXTURE_H_
