// LoadArchJson: an Arch from a minijail/crosvm constants.json, the file
// minijail's tools/generate_constants_json.py writes for a target kernel:
//
//   {"arch_nr": 3221225534, "arch_name": "x86_64", "bits": 64,
//    "syscalls": {"read": 0, ...}, "constants": {"O_RDONLY": 0, ...}}
//
// Every error names the file and the JSON path of the offending value.
#include <cctype>
#include <cstdio>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

#include "cordon/arch/arch.h"
#include "cordon/base/files.h"

namespace cordon::arch {
namespace {

using nlohmann::json;

// Member returns the JSONPath of `key` under `parent`: $.syscalls.read, or
// $.constants["odd key"] when the key is not an identifier.
std::string Member(const std::string& parent, const std::string& key) {
  bool plain = !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0]));
  for (char c : key) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return plain ? parent + "." + key : parent + "[" + json(key).dump() + "]";
}

class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  Status Error(const std::string& path, const std::string& message) const {
    return InvalidInput(file_ + ": " + path + ": " + message);
  }

  // Integer returns an integer value as uint64_t: negative values
  // sign-extended, unsigned ones up to 2^64-1 kept as they are.
  Result<uint64_t> Integer(const json& v, const std::string& path) const {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_number_integer()) return static_cast<uint64_t>(v.get<int64_t>());
    return Error(path, std::string("expected an integer, found ") + v.type_name());
  }

  // Uint32 returns an integer in [0, 2^32).
  Result<uint32_t> Uint32(const json& v, const std::string& path) const {
    uint64_t n = TRY(Integer(v, path));
    if (v.is_number_unsigned() && n <= std::numeric_limits<uint32_t>::max()) {
      return static_cast<uint32_t>(n);
    }
    return Error(path, "expected an integer from 0 to 4294967295, found " + v.dump());
  }

  // Field returns obj[key], or an error saying what was expected there.
  Result<const json*> Field(const json& obj, const char* key, const char* what) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Error(Member("$", key), std::string("missing; expected ") + what);
    return &*it;
  }

 private:
  const std::string& file_;
};

std::string Hex(uint32_t v) {
  char buf[16];
  snprintf(buf, sizeof(buf), "0x%x", v);
  return buf;
}

}  // namespace

Result<std::unique_ptr<Arch>> LoadArchJson(const std::string& path) {
  std::string text = TRY(ReadFile(path));
  Reader r(path);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 3,
    // column 5: ..."; keep the part after the bracketed id.
    std::string what = e.what();
    size_t at = what.find("] ");
    return InvalidInput(
        path + ": invalid JSON: " + (at == std::string::npos ? what : what.substr(at + 2)));
  }
  if (!doc.is_object())
    return r.Error("$", std::string("expected an object, found ") + doc.type_name());

  const json* arch_nr = TRY(r.Field(doc, "arch_nr", "an AUDIT_ARCH_* integer"));
  uint32_t audit_arch = TRY(r.Uint32(*arch_nr, "$.arch_nr"));
  const json* bits_json = TRY(r.Field(doc, "bits", "32 or 64"));
  uint64_t bits64 = TRY(r.Integer(*bits_json, "$.bits"));
  if (bits64 != 32 && bits64 != 64) {
    return r.Error("$.bits", "expected 32 or 64, found " + bits_json->dump());
  }
  int bits = static_cast<int>(bits64);
  const json* name_json = TRY(r.Field(doc, "arch_name", "a string"));
  if (!name_json->is_string()) {
    return r.Error("$.arch_name",
                   std::string("expected a string, found ") + name_json->type_name());
  }
  std::string arch_name = name_json->get<std::string>();

  // The built-in arch of the same name supplies constants this file lacks;
  // a file that names one arch and describes another is refused.
  const Arch* builtin = FindArch(arch_name);
  if (builtin != nullptr && builtin->audit_arch() != audit_arch) {
    return r.Error("$.arch_nr", Hex(audit_arch) + " is not the audit arch of " + arch_name + " (" +
                                    Hex(builtin->audit_arch()) + ")");
  }
  if (builtin != nullptr && builtin->bits() != bits) {
    return r.Error("$.bits", std::to_string(bits) + " does not match " + arch_name + " (" +
                                 std::to_string(builtin->bits()) + ")");
  }

  const json* syscalls_json = TRY(r.Field(doc, "syscalls", "an object of syscall numbers"));
  if (!syscalls_json->is_object()) {
    return r.Error("$.syscalls", std::string("expected an object of syscall numbers, found ") +
                                     syscalls_json->type_name());
  }
  std::vector<Syscall> syscalls;
  syscalls.reserve(syscalls_json->size());
  for (const auto& [name, nr] : syscalls_json->items()) {
    syscalls.push_back({name, TRY(r.Uint32(nr, Member("$.syscalls", name)))});
  }

  std::unordered_map<std::string, uint64_t> constants;
  auto constants_it = doc.find("constants");
  if (constants_it != doc.end()) {
    if (!constants_it->is_object()) {
      return r.Error("$.constants", std::string("expected an object of integers, found ") +
                                        constants_it->type_name());
    }
    constants.reserve(constants_it->size());
    for (const auto& [name, value] : constants_it->items()) {
      constants.emplace(name, TRY(r.Integer(value, Member("$.constants", name))));
    }
  }

  std::string source = path + " (" + arch_name + ": " + std::to_string(syscalls.size()) +
                       " syscalls, " + std::to_string(constants.size()) + " constants";
  source += builtin != nullptr ? "; other constants from built-in " + builtin->name() + ")" : ")";
  return std::make_unique<Arch>(builtin != nullptr ? builtin->name() : arch_name, audit_arch, bits,
                                builtin != nullptr ? builtin->foreign_nr_mask() : 0,
                                std::move(syscalls), std::move(constants), std::move(source),
                                builtin);
}

}  // namespace cordon::arch
