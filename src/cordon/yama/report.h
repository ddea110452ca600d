// Rendering a YamaStatus for people (text) or machines (JSON). Rendering
// only builds strings; the CLI prints.
//
//   YamaStatus st = ReadYamaStatus(opts);
//   std::string text = RenderStatusText(st);
//   std::string json = RenderStatusJson(st);
//
// JSON shape (stable; new keys may be added):
//   {"active": true|false|null, "decided_by": "lsm_list_modules(2)"|"sysctl"|
//      "prctl probe"|"",
//    "scope": 0..3|null, "scope_name": "relational"|null, "meaning": "...",
//    "evidence": {
//      "sysctl": {"path", "exists", "value": 0..3|null, "error"?},
//      "prctl_probe": {"asked", "accepted": bool|null, "error"?},
//      "lsm_list_modules": {"asked", "lsms": [names]|null, "lists_yama", "error"?}},
//    "disagreements": ["..."]}
#ifndef CORDON_YAMA_REPORT_H_
#define CORDON_YAMA_REPORT_H_

#include <string>

#include "cordon/yama/status.h"

namespace cordon::yama {

// StatusMeaning says in words what the status means for who may attach.
std::string StatusMeaning(const YamaStatus& status);

// RenderStatusText renders the verdict, the scope and its meaning, then
// each witness's evidence.
std::string RenderStatusText(const YamaStatus& status);

// RenderStatusJson renders the status as one pretty-printed JSON object.
std::string RenderStatusJson(const YamaStatus& status);

}  // namespace cordon::yama

#endif  // CORDON_YAMA_REPORT_H_
