#include "cordon/audit/kernel_series.h"

#include <time.h>

#include <cstdio>

namespace cordon::audit {
namespace {

// Release days are the mainline x.y tags; longterm end-of-life months are
// kernel.org's "Projected EOL" (past ones: the month of the last release).
constexpr KernelSeries kSeries[] = {
    {4, 4, {2016, 1, 10}, true, {2022, 2, 0}},
    {4, 9, {2016, 12, 11}, true, {2023, 1, 0}},
    {4, 14, {2017, 11, 12}, true, {2024, 1, 0}},
    {4, 19, {2018, 10, 22}, true, {2024, 12, 0}},
    {5, 4, {2019, 11, 24}, true, {2025, 12, 0}},
    {5, 10, {2020, 12, 13}, true, {2026, 12, 0}},
    {5, 15, {2021, 10, 31}, true, {2026, 12, 0}},
    {5, 16, {2022, 1, 9}, false, {}},
    {5, 17, {2022, 3, 20}, false, {}},
    {5, 18, {2022, 5, 22}, false, {}},
    {5, 19, {2022, 7, 31}, false, {}},
    {6, 0, {2022, 10, 2}, false, {}},
    {6, 1, {2022, 12, 11}, true, {2027, 12, 0}},
    {6, 2, {2023, 2, 19}, false, {}},
    {6, 3, {2023, 4, 23}, false, {}},
    {6, 4, {2023, 6, 25}, false, {}},
    {6, 5, {2023, 8, 27}, false, {}},
    {6, 6, {2023, 10, 29}, true, {2026, 12, 0}},
    {6, 7, {2024, 1, 7}, false, {}},
    {6, 8, {2024, 3, 10}, false, {}},
    {6, 9, {2024, 5, 12}, false, {}},
    {6, 10, {2024, 7, 14}, false, {}},
    {6, 11, {2024, 9, 15}, false, {}},
    {6, 12, {2024, 11, 17}, true, {2026, 12, 0}},
    {6, 15, {2025, 5, 25}, false, {}},
    {6, 16, {2025, 7, 27}, false, {}},
    {6, 17, {2025, 9, 28}, false, {}},
    {6, 18, {2025, 11, 30}, true, {2027, 12, 0}},
};

// DaysFromCivil counts days since 1970-01-01 (Howard Hinnant's algorithm).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int Compare(int major, int minor, const KernelSeries& s) {
  if (major != s.major) return major < s.major ? -1 : 1;
  if (minor != s.minor) return minor < s.minor ? -1 : 1;
  return 0;
}

}  // namespace

long DaysBetween(const Date& from, const Date& to) {
  return DaysFromCivil(to.year, to.month, to.day == 0 ? 1 : to.day) -
         DaysFromCivil(from.year, from.month, from.day == 0 ? 1 : from.day);
}

std::string FormatDate(const Date& d) {
  char buf[32];
  if (d.day == 0) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d", d.year, d.month);
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
  }
  return buf;
}

Date Today() {
  time_t now = time(nullptr);
  struct tm tm {};
  gmtime_r(&now, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::span<const KernelSeries> KernelSeriesTable() { return kSeries; }

const KernelSeries* FindKernelSeries(int major, int minor) {
  for (const KernelSeries& s : kSeries) {
    if (Compare(major, minor, s) == 0) return &s;
  }
  return nullptr;
}

const KernelSeries& NewestKernelSeries() { return kSeries[std::size(kSeries) - 1]; }

const KernelSeries* NextKernelSeries(int major, int minor) {
  for (const KernelSeries& s : kSeries) {
    if (Compare(major, minor, s) < 0) return &s;
  }
  return nullptr;
}

}  // namespace cordon::audit
