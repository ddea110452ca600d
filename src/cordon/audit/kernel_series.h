// What cordon knows about upstream kernel series: when each x.y was
// released, whether kernel.org maintains it as a longterm (LTS) series, and
// until when. The table is a snapshot: kKernelSeriesTableDate says when its
// facts were last checked, and checks that depend on "is this the newest
// series?" decline to answer once the table is too old to know.
//
//   const KernelSeries* s = FindKernelSeries(6, 1);
//   s->released;            // 2022-12-11
//   s->lts; s->eol;         // true, 2027-12
//   NewestKernelSeries();   // 6.18
//   DaysBetween(s->released, Date{2024, 12, 11});   // 731
#ifndef CORDON_AUDIT_KERNEL_SERIES_H_
#define CORDON_AUDIT_KERNEL_SERIES_H_

#include <optional>
#include <span>
#include <string>

namespace cordon::audit {

// Date is a calendar day (proleptic Gregorian, UTC).
struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend auto operator<=>(const Date&, const Date&) = default;
};

// DaysBetween returns `to - from` in days (negative when `to` is earlier).
long DaysBetween(const Date& from, const Date& to);
// FormatDate renders "2025-11-30"; day 0 renders "2025-11" (a month).
std::string FormatDate(const Date& d);
// Today returns the current UTC date from the system clock.
Date Today();

// KernelSeries is one mainline release series (the "6.1" of 6.1.192).
struct KernelSeries {
  int major;
  int minor;
  Date released;  // the mainline x.y release
  bool lts;       // kernel.org longterm series
  Date eol;       // last month of longterm support (day 0); {} when not LTS
};

// kKernelSeriesTableDate is the day the table's facts were last checked:
// every series released up to then is listed unless its release day was not
// certain (6.13, 6.14 and most series before 5.15 that are not LTS); every
// kernel.org longterm series since 4.4 is listed, with kernel.org's
// projected end of life as of that day.
inline constexpr Date kKernelSeriesTableDate{2025, 12, 3};

// KernelSeriesTable lists the known series, oldest first.
std::span<const KernelSeries> KernelSeriesTable();
// FindKernelSeries returns the entry for major.minor, or nullptr.
const KernelSeries* FindKernelSeries(int major, int minor);
// NewestKernelSeries returns the most recent series in the table.
const KernelSeries& NewestKernelSeries();
// NextKernelSeries returns the first listed series newer than major.minor,
// or nullptr when none is listed.
const KernelSeries* NextKernelSeries(int major, int minor);

}  // namespace cordon::audit

#endif  // CORDON_AUDIT_KERNEL_SERIES_H_
