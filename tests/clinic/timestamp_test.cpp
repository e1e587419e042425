#include "clinic/timestamp.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace bfr::clinic {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

TEST(TimestampTest, FormatsUtcWithWholeSeconds) {
  EXPECT_EQ(format_utc_timestamp(std::chrono::sys_seconds{}), "1970-01-01T00:00:00Z");
  const sys_days leap_day = std::chrono::year{2024} / std::chrono::February / 29;
  EXPECT_EQ(format_utc_timestamp(leap_day + 23h + 5min + 9s), "2024-02-29T23:05:09Z");
}

TEST(TimestampTest, NowIsWellFormed) {
  EXPECT_TRUE(is_utc_timestamp(utc_timestamp_now()));
}

TEST(TimestampTest, AcceptsOnlyRealUtcTimes) {
  EXPECT_TRUE(is_utc_timestamp("2024-02-29T23:59:59Z"));
  EXPECT_FALSE(is_utc_timestamp("2023-02-29T10:00:00Z"));  // not a leap year
  EXPECT_FALSE(is_utc_timestamp("2024-13-01T10:00:00Z"));
  EXPECT_FALSE(is_utc_timestamp("2024-01-01T24:00:00Z"));
  EXPECT_FALSE(is_utc_timestamp("2024-01-01T10:60:00Z"));
  EXPECT_FALSE(is_utc_timestamp("2024-01-01T10:00:00"));
  EXPECT_FALSE(is_utc_timestamp("2024-01-01T10:00:00+02:00"));
  EXPECT_FALSE(is_utc_timestamp("2024-01-01 10:00:00Z"));
  EXPECT_FALSE(is_utc_timestamp("2024-1-01T10:00:00Z"));
  EXPECT_FALSE(is_utc_timestamp(""));
}

}  // namespace
}  // namespace bfr::clinic
