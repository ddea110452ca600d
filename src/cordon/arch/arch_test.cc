#include "cordon/arch/arch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/utsname.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cordon/arch/tables.h"

namespace cordon::arch {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

const Arch& Get(std::string_view name) {
  const Arch* arch = FindArch(name);
  CHECK(arch != nullptr);
  return *arch;
}

// The native arch is built once; its cost is measured in bench/, not here.
TEST(ArchTest, NativeArchIsBuiltOnce) {
  const Arch& native = NativeArch();
  EXPECT_EQ(&native, &NativeArch());
  EXPECT_GT(native.syscalls().size(), 300u);
}

TEST(ArchTest, NativeArchMatchesTheRunningKernel) {
  struct utsname uts;
  ASSERT_EQ(uname(&uts), 0);
  if (sizeof(void*) != 8) GTEST_SKIP() << "a 32-bit build may run on a 64-bit kernel";
  const Arch* running = FindArch(uts.machine);
  ASSERT_NE(running, nullptr) << "no built-in arch for uname machine " << uts.machine;
  EXPECT_EQ(running, &NativeArch());
}

TEST(ArchTest, BuiltinArchsDescribeTheirAbis) {
  std::vector<std::string> names;
  for (const Arch* a : BuiltinArchs()) names.push_back(a->name());
  EXPECT_THAT(names, ElementsAre("x86_64", "i386", "aarch64", "x32"));

  EXPECT_EQ(Get("x86_64").audit_arch(), 0xc000003eu);
  EXPECT_EQ(Get("x86_64").bits(), 64);
  EXPECT_EQ(Get("x86_64").foreign_nr_mask(), kX32SyscallBit);
  EXPECT_EQ(Get("i386").audit_arch(), 0x40000003u);
  EXPECT_EQ(Get("i386").bits(), 32);
  EXPECT_EQ(Get("i386").foreign_nr_mask(), 0u);
  EXPECT_EQ(Get("aarch64").audit_arch(), 0xc00000b7u);
  EXPECT_EQ(Get("aarch64").bits(), 64);
  EXPECT_EQ(Get("x32").audit_arch(), kAuditArchX86_64);
  EXPECT_EQ(Get("x32").bits(), 32);
  EXPECT_THAT(Get("x86_64").source(), ::testing::HasSubstr("libseccomp "));
}

TEST(ArchTest, AliasesFindTheSameArch) {
  EXPECT_EQ(FindArch("amd64"), FindArch("x86_64"));
  EXPECT_EQ(FindArch("x86-64"), FindArch("x86_64"));
  EXPECT_EQ(FindArch("x86"), FindArch("i386"));
  EXPECT_EQ(FindArch("i686"), FindArch("i386"));
  EXPECT_EQ(FindArch("arm64"), FindArch("aarch64"));
  EXPECT_EQ(FindArch("x32")->name(), "x32");
  EXPECT_EQ(FindArch("sparc64"), nullptr);
  EXPECT_EQ(FindArch(""), nullptr);
  EXPECT_EQ(FindArch("X86_64"), nullptr) << "names are lowercase, as uname prints them";
}

TEST(ArchTest, FindArchIsSafeFromManyThreads) {
  std::vector<const Arch*> seen(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = FindArch(i % 2 ? "arm64" : "aarch64"); });
  }
  for (std::thread& t : threads) t.join();
  for (const Arch* a : seen) EXPECT_EQ(a, seen[0]);
  EXPECT_EQ(seen[0]->SyscallNumber("openat"), 56u);
}

TEST(ArchTest, KnownSyscallNumbers) {
  EXPECT_EQ(Get("x86_64").SyscallNumber("openat"), 257u);
  EXPECT_EQ(Get("x86_64").SyscallNumber("read"), 0u);
  EXPECT_EQ(Get("x86_64").SyscallNumber("kill"), 62u);
  EXPECT_EQ(Get("x86_64").SyscallNumber("clone3"), 435u);
  EXPECT_EQ(Get("i386").SyscallNumber("openat"), 295u);
  EXPECT_EQ(Get("i386").SyscallNumber("socketcall"), 102u);
  EXPECT_EQ(Get("aarch64").SyscallNumber("openat"), 56u);
  EXPECT_EQ(Get("x32").SyscallNumber("read"), 0x40000000u);
  EXPECT_EQ(Get("x32").SyscallNumber("rt_sigaction"), 0x40000000u + 512);

  EXPECT_EQ(Get("x86_64").SyscallName(257), "openat");
  EXPECT_EQ(Get("x32").SyscallName(0x40000000), "read");
  EXPECT_EQ(Get("x86_64").SyscallName(100000), "");
}

TEST(ArchTest, UnknownSyscallNames) {
  EXPECT_EQ(Get("x86_64").SyscallNumber("no_such_syscall"), std::nullopt);
  EXPECT_EQ(Get("x86_64").SyscallNumber(""), std::nullopt);
  EXPECT_EQ(Get("x86_64").SyscallNumber("OPENAT"), std::nullopt);
  EXPECT_EQ(Get("aarch64").SyscallNumber("open"), std::nullopt) << "aarch64 only has openat";
  EXPECT_EQ(Get("x86_64").SyscallNumber("mmap2"), std::nullopt) << "mmap2 is 32-bit only";
  EXPECT_TRUE(Get("i386").SyscallNumber("mmap2").has_value());
}

TEST(ArchTest, TablesAreSortedUniqueAndInTheirAbiRange) {
  for (const Arch* arch : BuiltinArchs()) {
    SCOPED_TRACE(arch->name());
    const std::vector<Syscall>& table = arch->syscalls();
    EXPECT_GT(table.size(), 250u);
    std::set<std::string> names;
    for (size_t i = 0; i < table.size(); ++i) {
      if (i > 0) {
        EXPECT_LT(table[i - 1].nr, table[i].nr);
      }
      EXPECT_TRUE(names.insert(table[i].name).second) << table[i].name;
      EXPECT_EQ(arch->SyscallNumber(table[i].name), table[i].nr);
      bool x32_numbered = (table[i].nr & kX32SyscallBit) != 0;
      EXPECT_EQ(x32_numbered, arch->name() == "x32") << table[i].name;
    }
  }
}

TEST(ArchTest, KnownConstants) {
  const Arch& a = NativeArch();
  EXPECT_EQ(a.Constant("EPERM"), 1u);
  EXPECT_EQ(a.Constant("EINVAL"), 22u);
  EXPECT_EQ(a.Constant("O_CLOEXEC"), 0x80000u);
  EXPECT_EQ(a.Constant("O_RDONLY"), 0u);
  EXPECT_EQ(a.Constant("PROT_EXEC"), 4u);
  EXPECT_EQ(a.Constant("AT_FDCWD"), static_cast<uint64_t>(-100));
  EXPECT_EQ(a.Constant("TCGETS"), 0x5401u);
  EXPECT_EQ(a.Constant("TCGETS2"), 0x802c542au) << "from the kernel-only header group";
  EXPECT_EQ(a.Constant("FIONREAD"), 0x541bu);
  EXPECT_EQ(a.Constant("AF_UNIX"), 1u);
  EXPECT_EQ(a.Constant("CLONE_NEWUSER"), 0x10000000u);
  EXPECT_EQ(a.Constant("PR_SET_NO_NEW_PRIVS"), 38u);
  EXPECT_EQ(a.Constant("MADV_DONTNEED"), 4u);
  EXPECT_EQ(a.Constant("FUTEX_WAIT"), 0u);
  EXPECT_EQ(a.Constant("FUTEX_WAIT_PRIVATE"), 128u);
  EXPECT_EQ(a.Constant("SIGSYS"), 31u);
  EXPECT_EQ(a.Constant("SIG_BLOCK"), 0u);
  EXPECT_EQ(a.Constant("WNOHANG"), 1u);
  EXPECT_EQ(a.Constant("P_PIDFD"), 3u) << "an enumerator, not a macro";
  EXPECT_EQ(a.Constant("EPOLLIN"), 1u);
  EXPECT_EQ(a.Constant("RLIM_INFINITY"), ~uint64_t{0});
  EXPECT_EQ(a.Constant("SECCOMP_RET_KILL_PROCESS"), 0x80000000u) << "unsigned: not sign-extended";
}

// gen_constants.py hashes the names in Python, tables.h in C++: every
// generated entry must be found again, with its value.
TEST(ArchTest, EveryGeneratedConstantIsFoundByItsHash) {
  const internal::ConstantTable& t = internal::kNativeConstantTable;
  ASSERT_GT(t.count, 0u);
  EXPECT_EQ(t.slot_count & (t.slot_count - 1), 0u) << "a power of two";
  EXPECT_GE(t.slot_count, 2 * t.count);
  for (size_t i = 0; i < t.count; ++i) {
    if (i > 0) {
      EXPECT_LT(std::string_view(t.entries[i - 1].name), std::string_view(t.entries[i].name));
    }
    EXPECT_EQ(NativeArch().Constant(t.entries[i].name), t.entries[i].value) << t.entries[i].name;
  }
  EXPECT_EQ(NativeArch().constant_count(), t.count);
}

TEST(ArchTest, NonConstantsAndStringsAreLeftOut) {
  const Arch& a = NativeArch();
  EXPECT_EQ(a.Constant("SIGRTMIN"), std::nullopt) << "glibc computes it at run time";
  EXPECT_EQ(a.Constant("XATTR_NAME_CAPS"), std::nullopt) << "a string";
  EXPECT_EQ(a.Constant("O_NO_SUCH_FLAG"), std::nullopt);
  EXPECT_EQ(a.Constant(""), std::nullopt);
  EXPECT_GT(a.constant_count(), 3000u);
}

TEST(ArchTest, BuiltinArchsShareTheBuildHostsConstants) {
  // Documented limitation: i386 and aarch64 reuse the host's table.
  EXPECT_EQ(Get("aarch64").Constant("EPERM"), 1u);
  EXPECT_EQ(Get("i386").constant_count(), NativeArch().constant_count());
}

TEST(ArchTest, ConstantNamesPrintsNumbersBack) {
  const Arch& a = NativeArch();
  EXPECT_THAT(a.ConstantNames(0x5401, "TC"), Contains("TCGETS"));
  EXPECT_THAT(a.ConstantNames(0x5401, "TIOC"), Not(Contains("TCGETS")));
  EXPECT_THAT(a.ConstantNames(0x5401, ""), Contains("TCGETS"));
  EXPECT_THAT(a.ConstantNames(38, "PR_SET_NO_NEW"), ElementsAre("PR_SET_NO_NEW_PRIVS"));
  EXPECT_THAT(a.ConstantNames(0x12345678abcdef, "E"), ElementsAre());

  std::vector<std::string> names = a.ConstantNames(1, "E");
  EXPECT_THAT(names, Contains("EPERM"));
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const std::string& n : names) EXPECT_EQ(a.Constant(n), 1u) << n;
}

// ---- The corpus of real policies ----

// Identifiers a policy line uses besides constants: argument names, the
// return keyword, actions and operators spelled as words.
const std::set<std::string> kPolicyWords = {
    "arg0",  "arg1", "arg2",         "arg3",        "arg4", "arg5",  "return", "in",
    "allow", "kill", "kill-process", "kill-thread", "trap", "trace", "log",    "user-notify"};

// Names the corpus uses that this build cannot know. Newer than Debian 12's
// libseccomp 2.5.4 / Linux 6.1 headers: load a constants.json (--arch-json)
// for those. The i386 names are in an x86_64 Android policy whose build
// skips unknown syscalls.
const std::map<std::string, std::string> kKnownUnresolved = {
    {"mseal", "syscall from Linux 6.10"},
    {"MADV_GUARD_INSTALL", "madvise flag from Linux 6.13"},
    {"getuid32", "i386 only"},
    {"mmap2", "i386 only"},
    {"fstat64", "i386 only"},
    {"stat64", "i386 only"},
    {"statfs64", "i386 only"},
    {"fstatat64", "i386 only"},
    {"_llseek", "i386 only"},
    {"ugetrlimit", "i386 only"},
    {"fstatfs64", "i386 only"},
    {"ftruncate64", "i386 only"},
};

std::string CorpusDir() { return std::string(CORDON_SOURCE_DIR) + "/../shared/corpus/policies"; }

struct PolicyName {
  std::string file;
  int line;
  std::string name;
  bool is_syscall;  // the name before ':', else an identifier after it
};

// PolicyNames lists the syscall names and identifiers of every policy line
// in `file`, joining lines continued with a backslash.
std::vector<PolicyName> PolicyNames(const std::filesystem::path& file) {
  std::vector<PolicyName> out;
  std::ifstream in(file);
  std::string line, logical;
  int number = 0, start = 0;
  static const std::regex kIdentifier(R"([A-Za-z_][A-Za-z0-9_]*(-[a-z]+)*)");
  while (std::getline(in, line)) {
    ++number;
    if (logical.empty()) start = number;
    if (!line.empty() && line.back() == '\\') {
      logical += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    logical += line;
    std::string text = logical.substr(0, logical.find('#'));
    logical.clear();
    size_t colon = text.find(':');
    size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos || text[first] == '@' || colon == std::string::npos) continue;
    std::string rel = std::filesystem::relative(file, CorpusDir()).string();
    std::string syscall = text.substr(first, colon - first);
    syscall.erase(syscall.find_last_not_of(" \t") + 1);
    out.push_back({rel, start, syscall, true});
    std::string rest = text.substr(colon + 1);
    for (std::sregex_iterator it(rest.begin(), rest.end(), kIdentifier), end; it != end; ++it) {
      std::string word = it->str();
      size_t before = it->position();
      // Skip the tails of numbers such as 0x5401.
      if (before > 0 && std::isalnum(static_cast<unsigned char>(rest[before - 1]))) continue;
      if (!kPolicyWords.contains(word)) out.push_back({rel, start, word, false});
    }
  }
  return out;
}

TEST(ArchCorpusTest, PolicyNamesResolveOnTheNativeArch) {
  if (!std::filesystem::is_directory(CorpusDir())) {
    GTEST_SKIP() << "policy corpus not found at " << CorpusDir();
  }
  const Arch& native = NativeArch();
  std::map<std::string, std::set<std::string>> unresolved;  // name -> files
  int files = 0, checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(CorpusDir())) {
    if (entry.path().extension() != ".policy") continue;
    // crosvm's policies are written against its constants.json; see
    // arch_json_test.cc.
    if (entry.path().string().find("/crosvm/") != std::string::npos) continue;
    ++files;
    for (const PolicyName& n : PolicyNames(entry.path())) {
      ++checked;
      bool ok = n.is_syscall ? native.SyscallNumber(n.name).has_value()
                             : native.SyscallNumber(n.name) || native.Constant(n.name);
      if (!ok) unresolved[n.name].insert(n.file + ":" + std::to_string(n.line));
    }
  }
  EXPECT_GE(files, 10);
  printf("checked %d names in %d policies\n", checked, files);
  for (const auto& [name, where] : unresolved) {
    auto known = kKnownUnresolved.find(name);
    printf("unresolved %s (%s) in %zu place(s), first %s\n", name.c_str(),
           known == kKnownUnresolved.end() ? "UNEXPECTED" : known->second.c_str(), where.size(),
           where.begin()->c_str());
    EXPECT_TRUE(known != kKnownUnresolved.end()) << name << " used at " << *where.begin();
  }
  // The i386-only names must at least exist where they belong.
  for (const auto& [name, why] : kKnownUnresolved) {
    if (why == "i386 only") {
      EXPECT_TRUE(Get("i386").SyscallNumber(name).has_value()) << name;
    }
  }
}

TEST(ArchCorpusTest, CrosvmPoliciesResolveWithTheirConstantsJson) {
  std::string dir = CorpusDir() + "/crosvm/x86_64";
  if (!std::filesystem::exists(dir + "/constants.json")) {
    GTEST_SKIP() << "crosvm corpus not found at " << dir;
  }
  Result<std::unique_ptr<Arch>> cros = LoadArchJson(dir + "/constants.json");
  ASSERT_TRUE(cros.ok()) << cros.status().message();
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".policy") continue;
    for (const PolicyName& n : PolicyNames(entry.path())) {
      ++checked;
      bool ok = n.is_syscall ? (*cros)->SyscallNumber(n.name).has_value()
                             : (*cros)->SyscallNumber(n.name) || (*cros)->Constant(n.name);
      EXPECT_TRUE(ok) << n.name << " at " << n.file << ":" << n.line;
    }
  }
  EXPECT_GT(checked, 200);
}

// The JSON (made by crosvm from recent kernel headers) and the built-in
// tables (libseccomp, Debian's headers) are independent sources; where both
// know a name they must agree. Masks and maxima grow with each kernel.
TEST(ArchCorpusTest, CrosvmJsonAgreesWithTheBuiltinTables) {
  std::string path = CorpusDir() + "/crosvm/x86_64/constants.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "crosvm corpus not found at " << path;
  Result<std::unique_ptr<Arch>> cros = LoadArchJson(path);
  ASSERT_TRUE(cros.ok()) << cros.status().message();
  const Arch& builtin = Get("x86_64");
  int shared = 0;
  for (const Syscall& s : (*cros)->syscalls()) {
    std::optional<uint32_t> nr = builtin.SyscallNumber(s.name);
    if (!nr) {
      printf("only in constants.json: syscall %s (%u)\n", s.name.c_str(), s.nr);
      continue;
    }
    ++shared;
    EXPECT_EQ(*nr, s.nr) << s.name;
  }
  EXPECT_GT(shared, 350);
  // Every constant both know, by the JSON's own list of names.
  static const std::regex kGrows(".*(MASK|MAX|LAST|NLIMITS)$");
  nlohmann::json doc = nlohmann::json::parse(std::ifstream(path));
  int compared = 0;
  for (const auto& [name, value] : doc["constants"].items()) {
    std::optional<uint64_t> ours = builtin.Constant(name);
    if (!ours || std::regex_match(name, kGrows)) continue;
    ++compared;
    EXPECT_EQ(*ours, (*cros)->Constant(name).value()) << name;
  }
  printf("compared %d constants known to both\n", compared);
  EXPECT_GT(compared, 1000);
}

}  // namespace
}  // namespace cordon::arch
