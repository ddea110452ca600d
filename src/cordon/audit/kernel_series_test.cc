#include "cordon/audit/kernel_series.h"

#include <gtest/gtest.h>

namespace cordon::audit {
namespace {

TEST(KernelSeriesTest, DaysBetweenCountsCalendarDays) {
  EXPECT_EQ(DaysBetween({2024, 2, 28}, {2024, 3, 1}), 2);  // leap year
  EXPECT_EQ(DaysBetween({2023, 2, 28}, {2023, 3, 1}), 1);
  EXPECT_EQ(DaysBetween({2022, 12, 11}, {2024, 12, 11}), 731);
  EXPECT_EQ(DaysBetween({2025, 1, 2}, {2025, 1, 1}), -1);
}

TEST(KernelSeriesTest, FormatsDaysAndMonths) {
  EXPECT_EQ(FormatDate({2025, 11, 30}), "2025-11-30");
  EXPECT_EQ(FormatDate({2027, 12, 0}), "2027-12");
}

TEST(KernelSeriesTest, TableIsSortedAndLtsHaveEndOfLife) {
  auto table = KernelSeriesTable();
  ASSERT_FALSE(table.empty());
  for (size_t i = 1; i < table.size(); ++i) {
    const KernelSeries& a = table[i - 1];
    const KernelSeries& b = table[i];
    EXPECT_TRUE(a.major < b.major || (a.major == b.major && a.minor < b.minor));
    EXPECT_LT(a.released, b.released) << b.major << "." << b.minor;
  }
  for (const KernelSeries& s : table) {
    if (s.lts) {
      EXPECT_GT(s.eol.year, s.released.year) << s.major << "." << s.minor;
    }
    EXPECT_LE(s.released, kKernelSeriesTableDate);
  }
}

TEST(KernelSeriesTest, KnowsTheLongtermSeries) {
  const KernelSeries* s = FindKernelSeries(6, 1);
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->lts);
  EXPECT_EQ(FormatDate(s->released), "2022-12-11");
  EXPECT_EQ(FormatDate(s->eol), "2027-12");
  EXPECT_FALSE(FindKernelSeries(6, 2)->lts);
  EXPECT_EQ(FindKernelSeries(6, 13), nullptr);  // release day not certain: left out
  EXPECT_EQ(NewestKernelSeries().major, 6);
  EXPECT_EQ(NewestKernelSeries().minor, 18);
  EXPECT_TRUE(NewestKernelSeries().lts);
  const KernelSeries* next = NextKernelSeries(6, 13);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->minor, 15);
  EXPECT_EQ(NextKernelSeries(6, 18), nullptr);
}

}  // namespace
}  // namespace cordon::audit
