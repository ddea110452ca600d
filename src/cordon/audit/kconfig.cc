#include "cordon/audit/kconfig.h"

#include <zlib.h>

#include <cstring>

#include "cordon/base/files.h"

namespace cordon::audit {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// HeaderVersion extracts "6.1.192" from "# Linux/x86 6.1.192 Kernel Configuration".
std::string HeaderVersion(std::string_view line) {
  constexpr std::string_view kPrefix = "# Linux/";
  constexpr std::string_view kSuffix = " Kernel Configuration";
  if (line.substr(0, kPrefix.size()) != kPrefix) return "";
  size_t end = line.find(kSuffix);
  if (end == std::string_view::npos) return "";
  std::string_view middle = line.substr(kPrefix.size(), end - kPrefix.size());
  size_t space = middle.rfind(' ');
  if (space == std::string_view::npos) return "";
  return std::string(middle.substr(space + 1));
}

}  // namespace

std::optional<std::string> KernelConfig::Get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool KernelConfig::IsY(std::string_view name) const {
  auto v = Get(name);
  return v && *v == "y";
}

bool KernelConfig::IsOff(std::string_view name) const {
  auto v = Get(name);
  return !v || *v == "n";
}

std::string KernelConfig::Describe(std::string_view name) const {
  std::string full = "CONFIG_" + std::string(name);
  auto v = Get(name);
  if (!v) return full + " absent";
  if (*v == "n") return full + " is not set";
  return full + "=" + *v;
}

std::optional<std::vector<std::string>> KernelConfig::Lsm() const {
  auto v = Get("LSM");
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  std::string_view rest = *v;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

KernelConfig ParseKernelConfig(std::string_view text) {
  KernelConfig config;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      constexpr std::string_view kNotSetPrefix = "# CONFIG_";
      constexpr std::string_view kNotSetSuffix = " is not set";
      if (line.size() > kNotSetPrefix.size() + kNotSetSuffix.size() &&
          line.substr(0, kNotSetPrefix.size()) == kNotSetPrefix &&
          line.substr(line.size() - kNotSetSuffix.size()) == kNotSetSuffix) {
        std::string_view name = line.substr(
            kNotSetPrefix.size(), line.size() - kNotSetPrefix.size() - kNotSetSuffix.size());
        config.Set(std::string(name), "n");
      } else if (config.version().empty()) {
        config.set_version(HeaderVersion(line));
      }
      continue;
    }
    if (line.substr(0, 7) != "CONFIG_") continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = line.substr(7, eq - 7);
    std::string_view value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    config.Set(std::string(name), std::string(value));
  }
  return config;
}

Result<std::string> DecodeConfigBytes(std::string_view bytes, const std::string& what) {
  if (bytes.size() < 2 || static_cast<unsigned char>(bytes[0]) != 0x1f ||
      static_cast<unsigned char>(bytes[1]) != 0x8b) {
    return std::string(bytes);
  }
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return InternalError("zlib inflateInit2 failed for " + what);
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  constexpr size_t kMaxConfig = 16u << 20;  // a real .config is well under 1 MiB
  char buf[65536];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      std::string msg = zs.msg != nullptr ? zs.msg : "truncated data";
      inflateEnd(&zs);
      return InvalidInput(what + ": bad gzip data: " + msg);
    }
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > kMaxConfig) {
      inflateEnd(&zs);
      return LimitExceeded(what + ": decompressed config is larger than 16 MiB");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return InvalidInput(what + ": bad gzip data: truncated data");
    }
  }
  inflateEnd(&zs);
  return out;
}

Result<KernelConfig> ReadKernelConfigFile(const std::string& path) {
  std::string bytes = TRY(ReadFile(path));
  std::string text = TRY(DecodeConfigBytes(bytes, path));
  return ParseKernelConfig(text);
}

}  // namespace cordon::audit
