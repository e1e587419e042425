// The exchange date formats, against the examples of bfr-facts §5.

#include <gtest/gtest.h>

#include "exchange/date_text.hpp"

namespace bfr::exchange {
namespace {

using namespace std::chrono;

const sys_seconds kExample = sys_days{year{2025} / 7 / 26} + hours{7} + minutes{6};

TEST(DateText, HevyFormatIsTheFactsExample) {
  EXPECT_EQ(format_hevy_time(kExample), "26 Jul 2025, 07:06");
  EXPECT_EQ(parse_hevy_time("26 Jul 2025, 07:06"), kExample);
  // One-digit days are written as they are and read either way.
  const sys_seconds third = sys_days{year{2025} / 1 / 3} + hours{18};
  EXPECT_EQ(format_hevy_time(third), "3 Jan 2025, 18:00");
  EXPECT_EQ(parse_hevy_time("03 Jan 2025, 18:00"), third);
}

TEST(DateText, StrongFormat) {
  EXPECT_EQ(format_strong_time(kExample + seconds{9}), "2025-07-26 07:06:09");
  EXPECT_EQ(parse_strong_time("2025-07-26 07:06:09"), kExample + seconds{9});
}

TEST(DateText, StoreFormat) {
  EXPECT_EQ(parse_store_time("2025-07-26T07:06:00Z"), kExample);
  EXPECT_FALSE(parse_store_time("2025-07-26 07:06:00"));
}

TEST(DateText, RefusesWhatIsNotADate) {
  for (const char* bad : {"", "31 Feb 2025, 07:06", "26 Jux 2025, 07:06", "26 Jul 2025 07:06",
                          "26 Jul 2025, 24:00", "126 Jul 2025, 07:06", "26 Jul 2025, 07:06 "}) {
    EXPECT_FALSE(parse_hevy_time(bad)) << bad;
  }
  for (const char* bad : {"2025-02-30 10:00:00", "2025-07-26T07:06:00", "2025-7-26 07:06:00",
                          "2025-07-26 07:60:00"}) {
    EXPECT_FALSE(parse_strong_time(bad)) << bad;
  }
}

TEST(DateText, StrongDurationLikeTheApp) {
  EXPECT_EQ(format_strong_duration(minutes{42} + seconds{10}), "42m");
  EXPECT_EQ(format_strong_duration(seconds{59}), "0m");
  EXPECT_EQ(format_strong_duration(hours{1} + minutes{5}), "1h 5m");
}

}  // namespace
}  // namespace bfr::exchange
