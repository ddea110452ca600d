// Real Yama: boots Debian's kernel (linux-image-amd64 builds Yama in and
// lists it in CONFIG_LSM; Debian's patch starts it at scope 0) under
// qemu-system-x86_64 in software emulation, with an initramfs built here:
// busybox-static, an /init script, yama_tree and cordon_static. /init runs
// one scenario (named by cordon_vm= on the kernel command line), writes its
// results to the second serial port (the console stays on ttyS0) and powers
// off. Three boots:
//   scopes012  cordon yama set 0/1/2 in turn, the tree and status at each,
//              plus the refusals of set (no --irreversible, not root,
//              no CAP_SYS_PTRACE)
//   scope3     set 3 --irreversible, the tree and status, then lowering fails
//   no-yama    lsm= without yama: the same kernel gives the classic answers
// Skips with a message when qemu, the kernel image, busybox-static or
// cordon_static is missing. Run alone: ctest -L vm --output-on-failure
// Environment: CORDON_YAMA_KERNEL=/boot/vmlinuz-... picks another kernel;
// CORDON_YAMA_VM_LOG_DIR=DIR keeps each boot's console and results there.
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "expected.h"
#include "testing/run_command.h"

namespace cordon::testing {
namespace {

constexpr char kInit[] = R"(#!/bin/busybox sh
# /init of cordon's Yama test VM: runs the scenario named by cordon_vm= on the
# kernel command line (the kernel passes it in the environment), writes the
# results to ttyS1 and powers off.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
export PATH=/bin
# step NAME COMMAND...: one section for the test to parse.
step() {
  name=$1
  shift
  echo "=== $name"
  "$@"
  echo "--- exit $?"
}
scope_run() {
  step "sysctl $1" sysctl -n kernel.yama.ptrace_scope
  step "status $1" cordon yama status
  step "status-json $1" cordon yama status --json
  step "tree $1" yama_tree
}
scenario() {
  case "$cordon_vm" in
  scopes012)
    step "initial" sysctl -n kernel.yama.ptrace_scope
    step "set 3 without --irreversible" cordon yama set 3
    step "set 1 as uid 1000" yama_tree run-as 1000 /bin/cordon yama set 1
    step "set 1 without CAP_SYS_PTRACE" yama_tree without-cap-sys-ptrace /bin/cordon yama set 1
    for s in 0 1 2; do
      step "set $s" cordon yama set $s
      scope_run $s
    done
    ;;
  scope3)
    step "set 3" cordon yama set 3 --irreversible
    scope_run 3
    step "set 1 from 3" cordon yama set 1
    step "sysctl -w 2 from 3" sysctl -w kernel.yama.ptrace_scope=2
    step "set 3 again" cordon yama set 3 --irreversible
    step "sysctl after" sysctl -n kernel.yama.ptrace_scope
    ;;
  no-yama)
    step "status" cordon yama status
    step "status-json" cordon yama status --json
    step "set 1" cordon yama set 1
    step "tree" yama_tree
    ;;
  *)
    echo "=== unknown scenario '$cordon_vm'"
    ;;
  esac
  echo "=== end"
}
# The redirection closes ttyS1 when the subshell ends, and the last close of
# a serial port waits until its output has been sent.
( scenario ) >/dev/ttyS1 2>&1
poweroff -f
)";

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string FindInPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// IsStaticElf: a 64-bit ELF executable without a PT_INTERP (no dynamic loader).
bool IsStaticElf(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rbe");
  if (f == nullptr) return false;
  Elf64_Ehdr eh{};
  bool ok = std::fread(&eh, sizeof(eh), 1, f) == 1 &&
            std::memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 && eh.e_ident[EI_CLASS] == ELFCLASS64 &&
            eh.e_phentsize == sizeof(Elf64_Phdr);
  for (int i = 0; ok && i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    ok = std::fseek(f, static_cast<long>(eh.e_phoff + i * sizeof(ph)), SEEK_SET) == 0 &&
         std::fread(&ph, sizeof(ph), 1, f) == 1 && ph.p_type != PT_INTERP;
  }
  std::fclose(f);
  return ok;
}

// FindKernel returns $CORDON_YAMA_KERNEL, or the newest /boot/vmlinuz-*-amd64.
std::string FindKernel() {
  if (const char* k = std::getenv("CORDON_YAMA_KERNEL"); k != nullptr && *k != '\0') return k;
  std::string best;
  DIR* d = opendir("/boot");
  if (d == nullptr) return "";
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.rfind("vmlinuz-", 0) != 0 || name.size() < 14 ||
        name.compare(name.size() - 6, 6, "-amd64") != 0)
      continue;
    std::string path = "/boot/" + name;
    if (access(path.c_str(), R_OK) != 0) continue;
    if (best.empty() || strverscmp(path.c_str(), best.c_str()) > 0) best = path;
  }
  closedir(d);
  return best;
}

struct Section {
  std::string body;
  int exit = -1;
};

// ParseSections reads "=== NAME" ... "--- exit N" blocks.
std::map<std::string, Section> ParseSections(const std::string& text) {
  std::map<std::string, Section> sections;
  Section* current = nullptr;
  for (const std::string& line : SplitLines(text)) {
    if (line.rfind("=== ", 0) == 0) {
      current = &sections[line.substr(4)];
    } else if (line.rfind("--- exit ", 0) == 0 && current != nullptr) {
      current->exit = std::atoi(line.c_str() + 9);
      current = nullptr;
    } else if (current != nullptr) {
      current->body += line + "\n";
    }
  }
  return sections;
}

struct Boot {
  std::map<std::string, Section> sections;
  std::string console;
  std::string results;
  double seconds = 0;
  CommandResult qemu;
};

class YamaVmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    qemu_ = FindInPath("qemu-system-x86_64");
    if (qemu_.empty())
      GTEST_SKIP() << "qemu-system-x86_64 not found (apt-get install qemu-system-x86)";
    kernel_ = FindKernel();
    if (kernel_.empty())
      GTEST_SKIP() << "no /boot/vmlinuz-*-amd64 (apt-get install linux-image-amd64)";
    for (const char* b : {"/bin/busybox", "/usr/bin/busybox"}) {
      if (IsStaticElf(b)) busybox_ = b;
    }
    if (busybox_.empty()) GTEST_SKIP() << "no static busybox (apt-get install busybox-static)";
    if (std::string(CORDON_STATIC_BINARY).empty() || access(CORDON_STATIC_BINARY, X_OK) != 0)
      GTEST_SKIP() << "cordon_static was not built (see the CMake warning from tests/yama)";
    if (!IsStaticElf(YAMA_TREE_BINARY)) GTEST_SKIP() << YAMA_TREE_BINARY << " is not static";
  }

  // BuildInitramfs writes a cpio (newc) archive for the kernel to unpack.
  std::string BuildInitramfs(const TempDir& dir) {
    namespace fs = std::filesystem;
    fs::path root = fs::path(dir.path()) / "root";
    for (const char* sub : {"bin", "proc", "sys", "dev", "tmp"}) fs::create_directories(root / sub);
    fs::copy_file(busybox_, root / "bin/busybox");
    fs::copy_file(CORDON_STATIC_BINARY, root / "bin/cordon");
    fs::copy_file(YAMA_TREE_BINARY, root / "bin/yama_tree");
    std::string init = dir.Write("root/init", kInit);
    chmod(init.c_str(), 0755);
    CommandOptions opts;
    opts.cwd = root.string();
    opts.stdin_data = "bin\nbin/busybox\nbin/cordon\nbin/yama_tree\ndev\nproc\nsys\ntmp\ninit\n";
    CommandResult cpio = RunCommand({busybox_, "cpio", "-o", "-H", "newc"}, opts);
    EXPECT_EQ(cpio.exit_code, 0) << cpio.err;
    return dir.Write("initramfs.cpio", cpio.out);
  }

  Boot RunVm(const std::string& scenario, const std::string& extra_cmdline = "") {
    TempDir dir;
    Boot boot;
    std::string initramfs = BuildInitramfs(dir);
    std::string console = dir.path() + "/console.txt";
    std::string results = dir.path() + "/results.txt";
    std::vector<std::string> argv = {
        qemu_, "-M", "pc", "-nodefaults", "-no-user-config", "-net", "none", "-display", "none",
        "-monitor", "none", "-no-reboot", "-m", "256", "-accel",
        access("/dev/kvm", R_OK | W_OK) == 0 ? "kvm" : "tcg", "-kernel", kernel_, "-initrd",
        initramfs,
        // quiet: the console is a slow emulated UART; mitigations=off halves
        // boot time under emulation and changes nothing Yama decides.
        "-append",
        "console=ttyS0 quiet panic=-1 mitigations=off cordon_vm=" + scenario +
            (extra_cmdline.empty() ? "" : " " + extra_cmdline),
        "-serial", "file:" + console, "-serial", "file:" + results};
    // qboot starts in milliseconds where SeaBIOS takes seconds.
    if (access("/usr/share/qemu/qboot.rom", R_OK) == 0) {
      argv.insert(argv.begin() + 1, {"-bios", "/usr/share/qemu/qboot.rom"});
    }
    CommandOptions opts;
    opts.timeout_seconds = 240;
    double start = Now();
    boot.qemu = RunCommand(argv, opts);
    boot.seconds = Now() - start;
    auto slurp = [](const std::string& path) {
      std::string out;
      if (std::FILE* f = std::fopen(path.c_str(), "re")) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
        std::fclose(f);
      }
      return out;
    };
    boot.console = slurp(console);
    boot.results = slurp(results);
    boot.sections = ParseSections(boot.results);
    if (const char* keep = std::getenv("CORDON_YAMA_VM_LOG_DIR"); keep != nullptr && *keep) {
      std::filesystem::create_directories(keep);
      std::filesystem::copy_file(console, std::string(keep) + "/" + scenario + "-console.txt",
                                 std::filesystem::copy_options::overwrite_existing);
      std::filesystem::copy_file(results, std::string(keep) + "/" + scenario + "-results.txt",
                                 std::filesystem::copy_options::overwrite_existing);
    }
    std::printf("[ boot %s ] %.1f s (kernel %s)\n", scenario.c_str(), boot.seconds,
                kernel_.c_str());
    RecordProperty("boot_seconds_" + scenario, std::to_string(boot.seconds));
    return boot;
  }

  // Finished asserts the VM ran its scenario to the end.
  static void ExpectFinished(const Boot& boot) {
    EXPECT_FALSE(boot.qemu.timed_out) << "qemu timed out";
    EXPECT_EQ(boot.qemu.exit_code, 0) << boot.qemu.err;
    ASSERT_TRUE(boot.sections.count("end"))
        << "the scenario did not finish\nresults:\n"
        << boot.results << "\nconsole:\n"
        << boot.console.substr(boot.console.size() > 4000 ? boot.console.size() - 4000 : 0);
  }

  static const Section& Get(const Boot& boot, const std::string& name) {
    static const Section kMissing;
    auto it = boot.sections.find(name);
    EXPECT_NE(it, boot.sections.end()) << "no section '" << name << "' in\n" << boot.results;
    return it == boot.sections.end() ? kMissing : it->second;
  }

  // ExpectScope checks sysctl, status, status --json and the tree at `scope`.
  static void ExpectScope(const Boot& boot, int scope) {
    SCOPED_TRACE("scope " + std::to_string(scope));
    const std::string s = std::to_string(scope);
    EXPECT_EQ(Get(boot, "sysctl " + s).body, s + "\n");
    const Section& status = Get(boot, "status " + s);
    EXPECT_EQ(status.exit, 0) << status.body;
    EXPECT_NE(status.body.find("Yama: active"), std::string::npos) << status.body;
    EXPECT_NE(status.body.find("ptrace scope: " + s + " ("), std::string::npos) << status.body;
    const Section& json = Get(boot, "status-json " + s);
    EXPECT_EQ(json.exit, 0) << json.body;
    nlohmann::json j = nlohmann::json::parse(json.body, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(j.is_discarded()) << json.body;
    EXPECT_EQ(j["active"], true);
    EXPECT_EQ(j["scope"], scope);
    EXPECT_EQ(j["evidence"]["prctl_probe"]["accepted"], true);
    EXPECT_TRUE(j["disagreements"].empty()) << json.body;
    const Section& tree = Get(boot, "tree " + s);
    EXPECT_EQ(tree.exit, 0);
    EXPECT_EQ(SplitLines(tree.body), ExpectedTree(scope));
  }

  std::string qemu_, kernel_, busybox_;
};

TEST_F(YamaVmTest, ScopesZeroOneTwoInOneBoot) {
  Boot boot = RunVm("scopes012");
  ExpectFinished(boot);
  if (HasFatalFailure()) return;

  const Section& no_flag = Get(boot, "set 3 without --irreversible");
  EXPECT_EQ(no_flag.exit, 1);
  EXPECT_NE(no_flag.body.find("--irreversible"), std::string::npos) << no_flag.body;
  const Section& user = Get(boot, "set 1 as uid 1000");
  EXPECT_EQ(user.exit, 4);
  EXPECT_NE(user.body.find("needs root with CAP_SYS_PTRACE"), std::string::npos) << user.body;
  const Section& nocap = Get(boot, "set 1 without CAP_SYS_PTRACE");
  EXPECT_EQ(nocap.exit, 4);
  EXPECT_NE(nocap.body.find("needs CAP_SYS_PTRACE"), std::string::npos) << nocap.body;
  EXPECT_NE(nocap.body.find("EPERM"), std::string::npos) << nocap.body;

  for (int scope : {0, 1, 2}) {
    const Section& set = Get(boot, "set " + std::to_string(scope));
    EXPECT_EQ(set.exit, 0) << set.body;
    ExpectScope(boot, scope);
  }
}

TEST_F(YamaVmTest, ScopeThreeOnItsOwnBootCannotBeLowered) {
  Boot boot = RunVm("scope3");
  ExpectFinished(boot);
  if (HasFatalFailure()) return;
  EXPECT_EQ(Get(boot, "set 3").exit, 0) << Get(boot, "set 3").body;
  ExpectScope(boot, 3);
  const Section& lower = Get(boot, "set 1 from 3");
  EXPECT_EQ(lower.exit, 4);
  EXPECT_NE(lower.body.find("until reboot"), std::string::npos) << lower.body;
  EXPECT_NE(Get(boot, "sysctl -w 2 from 3").exit, 0) << "the kernel itself refuses too";
  const Section& again = Get(boot, "set 3 again");
  EXPECT_EQ(again.exit, 0) << again.body;
  EXPECT_NE(again.body.find("unchanged"), std::string::npos) << again.body;
  EXPECT_EQ(Get(boot, "sysctl after").body, "3\n");
}

TEST_F(YamaVmTest, YamaLeftOutByLsmParameterGivesTheClassicRule) {
  // lsm= replaces CONFIG_LSM's list: without "yama" in it Yama never starts.
  Boot boot = RunVm("no-yama", "lsm=lockdown,capability,landlock");
  ExpectFinished(boot);
  if (HasFatalFailure()) return;
  const Section& status = Get(boot, "status");
  EXPECT_EQ(status.exit, 0);
  EXPECT_NE(status.body.find("Yama: not active"), std::string::npos) << status.body;
  nlohmann::json j = nlohmann::json::parse(Get(boot, "status-json").body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << Get(boot, "status-json").body;
  EXPECT_EQ(j["active"], false);
  EXPECT_EQ(j["evidence"]["prctl_probe"]["accepted"], false);
  EXPECT_TRUE(j["disagreements"].empty()) << j.dump(2);
  const Section& set = Get(boot, "set 1");
  EXPECT_EQ(set.exit, 5);
  EXPECT_NE(set.body.find("Yama is not active"), std::string::npos) << set.body;
  EXPECT_EQ(SplitLines(Get(boot, "tree").body), ExpectedTree(std::nullopt));
}

}  // namespace
}  // namespace cordon::testing
