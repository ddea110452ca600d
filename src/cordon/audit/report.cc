#include "cordon/audit/report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cordon/audit/kernel_series.h"

namespace cordon::audit {
namespace {

const char* Colour(Outcome o) {
  switch (o) {
    case Outcome::kOk:
      return "\033[32m";
    case Outcome::kFail:
      return "\033[31m";
    case Outcome::kNa:
      return "\033[33m";
  }
  return "";
}
constexpr const char* kReset = "\033[0m";
constexpr const char* kBold = "\033[1m";

template <typename T>
std::string Input(const Observed<T>& o) {
  return o.known() ? o.from : "unknown: " + o.missing;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string JoinNames(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

std::string CountLine(const Counts& c) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%3d OK  %3d FAIL  %3d N/A", c.ok, c.fail, c.na);
  return buf;
}

}  // namespace

Counts CountFindings(const std::vector<Finding>& findings, const Area* area) {
  Counts c;
  for (const Finding& f : findings) {
    if (area && f.area != *area) continue;
    switch (f.outcome) {
      case Outcome::kOk:
        ++c.ok;
        break;
      case Outcome::kFail:
        ++c.fail;
        break;
      case Outcome::kNa:
        ++c.na;
        break;
    }
  }
  return c;
}

std::string RenderText(const HostView& host, const std::vector<Finding>& findings, bool color) {
  auto paint = [color](const char* code, const std::string& s) {
    return color ? code + s + kReset : s;
  };
  std::string out;
  out += "cordon audit: Linux " +
         (host.version.known() ? host.version->release : std::string("(version unknown)")) + ", " +
         ArchName(host.arch) + " (from " + host.arch_from + ")" +
         (host.live ? ", running kernel" : "") + "\n";
  out += "  config   " + Input(host.config) + "\n";
  out += "  cmdline  " + Input(host.cmdline) + "\n";
  out += "  sysctls  " +
         (host.sysctls.missing.empty() ? host.sysctls.from : "unknown: " + host.sysctls.missing) +
         "\n";
  out += "  LSMs     " +
         (host.lsms.known() ? JoinNames(*host.lsms) + " (" + host.lsms.from + ")"
                            : "unknown: " + host.lsms.missing) +
         "\n";
  out += "  kernel series table as of " + FormatDate(kKernelSeriesTableDate) + "\n";

  size_t id_width = 0;
  for (const Finding& f : findings) id_width = std::max(id_width, f.id.size());
  const std::string indent(2 + 6 + id_width + 2, ' ');

  for (Area area : kAllAreas) {
    bool any = std::any_of(findings.begin(), findings.end(),
                           [area](const Finding& f) { return f.area == area; });
    if (!any) continue;
    out += "\n" + paint(kBold, AreaName(area)) + "\n";
    for (const Finding& f : findings) {
      if (f.area != area) continue;
      std::string tag = Pad(OutcomeName(f.outcome), 6);
      out += "  " + (color ? Colour(f.outcome) + tag + kReset : tag) + Pad(f.id, id_width) + "  ";
      if (f.outcome == Outcome::kNa) {
        out += f.reason + "\n";
        if (!f.seen.empty()) out += indent + "seen  " + f.seen + "\n";
        continue;
      }
      out += f.seen + "\n";
      if (f.outcome == Outcome::kFail) {
        if (!f.reason.empty()) out += indent + "note  " + f.reason + "\n";
        out += indent + "want  " + f.recommended + "\n";
        out += indent + "why   " + f.why + " [" + JoinNames(SourceNames(f.sources)) + "]\n";
      }
    }
  }

  out += "\n" + paint(kBold, "counts") + "\n";
  for (Area area : kAllAreas) {
    Counts c = CountFindings(findings, &area);
    if (c.ok + c.fail + c.na == 0) continue;
    out += "  " + Pad(AreaName(area), 17) + CountLine(c) + "\n";
  }
  out += "  " + Pad("total", 17) + CountLine(CountFindings(findings)) + "\n";
  return out;
}

std::string RenderJson(const HostView& host, const std::vector<Finding>& findings) {
  using nlohmann::json;
  auto input = [](const auto& o) {
    return o.known() ? json{{"from", o.from}} : json{{"missing", o.missing}};
  };
  json j;
  j["kernel"] = {{"release", host.version.known() ? json(host.version->release) : json(nullptr)},
                 {"arch", ArchName(host.arch)},
                 {"arch_from", host.arch_from},
                 {"live", host.live}};
  json sysctls = host.sysctls.missing.empty() ? json{{"from", host.sysctls.from}}
                                              : json{{"missing", host.sysctls.missing}};
  json lsms = input(host.lsms);
  if (host.lsms.known()) lsms["active"] = *host.lsms;
  j["inputs"] = {{"config", input(host.config)},
                 {"cmdline", input(host.cmdline)},
                 {"sysctls", sysctls},
                 {"lsms", lsms}};
  j["kernel_table_date"] = FormatDate(kKernelSeriesTableDate);
  j["today"] = FormatDate(host.today);
  json checks = json::array();
  for (const Finding& f : findings) {
    checks.push_back({{"id", f.id},
                      {"area", AreaName(f.area)},
                      {"sources", SourceNames(f.sources)},
                      {"result", OutcomeName(f.outcome)},
                      {"seen", f.seen},
                      {"recommended", f.recommended},
                      {"why", f.why},
                      {"reason", f.reason}});
  }
  j["checks"] = checks;
  Counts total = CountFindings(findings);
  json by_area = json::object();
  for (Area area : kAllAreas) {
    Counts c = CountFindings(findings, &area);
    if (c.ok + c.fail + c.na == 0) continue;
    by_area[AreaName(area)] = {{"ok", c.ok}, {"fail", c.fail}, {"na", c.na}};
  }
  j["counts"] = {{"ok", total.ok}, {"fail", total.fail}, {"na", total.na}, {"by_area", by_area}};
  // Seen values quote host files verbatim; replace invalid UTF-8 rather than throw.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace cordon::audit
