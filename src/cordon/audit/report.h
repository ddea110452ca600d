// Rendering audit findings: a text table grouped by area with counts at the
// end, or JSON for machines. Rendering only builds strings; the CLI prints.
//
//   std::vector<Finding> findings = RunChecks(host);
//   std::string text = RenderText(host, findings, /*color=*/isatty(1));
//   std::string json = RenderJson(host, findings);   // one object, see below
//
// JSON shape (stable; new keys may be added):
//   {"kernel": {"release", "arch", "arch_from", "live"},
//    "inputs": {"config", "cmdline", "sysctls", "lsms": {"from" | "missing"}},
//    "kernel_table_date": "2025-12-03", "today": "2026-11-28",
//    "checks": [{"id", "area", "sources": [...], "result": "OK"|"FAIL"|"N/A",
//                "seen", "recommended", "why", "reason"}],
//    "counts": {"ok", "fail", "na", "by_area": {"memory init": {...}}}}
#ifndef CORDON_AUDIT_REPORT_H_
#define CORDON_AUDIT_REPORT_H_

#include <string>
#include <vector>

#include "cordon/audit/checks.h"
#include "cordon/audit/host_view.h"

namespace cordon::audit {

// Counts tallies outcomes.
struct Counts {
  int ok = 0;
  int fail = 0;
  int na = 0;
};

// CountFindings tallies `findings`, or only those in `area` when given.
Counts CountFindings(const std::vector<Finding>& findings, const Area* area = nullptr);

// RenderText renders the human report; `color` adds ANSI colours.
std::string RenderText(const HostView& host, const std::vector<Finding>& findings, bool color);

// RenderJson renders the report as one JSON object (pretty-printed).
std::string RenderJson(const HostView& host, const std::vector<Finding>& findings);

}  // namespace cordon::audit

#endif  // CORDON_AUDIT_REPORT_H_
