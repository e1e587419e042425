// The rule "a prescription uses a current LOP" (clinic/lop_currency.hpp).

#include "clinic/lop_currency.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace bfr::clinic {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::sys_seconds;
using ::testing::HasSubstr;

const sys_seconds kMeasuredAt = sys_days{std::chrono::year{2025} / 4 / 1} + 9h;

LopMeasurement seated_lop(LopMethod method = LopMethod::kMeasured) {
  LopMeasurement m;
  m.lop_mmhg = 180;
  m.method = method;
  m.posture = Posture::kSeated;
  m.cuff_width_cm = 11.5;
  return m;
}

TEST(LopCurrencyTest, FreshLopOfTheSamePostureAndCuffIsCurrent) {
  const LopCurrency check =
      check_lop_current(seated_lop(), kMeasuredAt, Posture::kSeated, 11.5, kMeasuredAt + 2h);
  EXPECT_TRUE(check.current) << check.why;
  EXPECT_THAT(check.why, HasSubstr("measured LOP 180 mmHg"));
}

TEST(LopCurrencyTest, EstimatedLopCountsButSaysSo) {
  const LopCurrency check = check_lop_current(seated_lop(LopMethod::kEstimated), kMeasuredAt,
                                              Posture::kSeated, 11.5, kMeasuredAt + 24h);
  EXPECT_TRUE(check.current);
  EXPECT_THAT(check.why, HasSubstr("estimated LOP"));
}

TEST(LopCurrencyTest, MissingLopIsRefused) {
  const LopCurrency none =
      check_lop_current(std::nullopt, kMeasuredAt, Posture::kSeated, 11.5, kMeasuredAt);
  EXPECT_FALSE(none.current);
  EXPECT_THAT(none.why, HasSubstr("no LOP seated with a 11.5 cm cuff"));
  LopMeasurement failed = seated_lop();
  failed.lop_mmhg.reset();
  EXPECT_FALSE(check_lop_current(failed, kMeasuredAt, Posture::kSeated, 11.5, kMeasuredAt).current);
}

TEST(LopCurrencyTest, OtherPostureOrCuffIsRefused) {
  const LopCurrency supine =
      check_lop_current(seated_lop(), kMeasuredAt, Posture::kSupine, 11.5, kMeasuredAt + 1h);
  EXPECT_FALSE(supine.current);
  EXPECT_THAT(supine.why, HasSubstr("taken seated, the session is supine"));
  const LopCurrency wide =
      check_lop_current(seated_lop(), kMeasuredAt, Posture::kSeated, 18, kMeasuredAt + 1h);
  EXPECT_FALSE(wide.current);
  EXPECT_THAT(wide.why, HasSubstr("11.5 cm cuff, the session uses 18 cm"));
  // Within the tolerance it is the same cuff.
  EXPECT_TRUE(
      check_lop_current(seated_lop(), kMeasuredAt, Posture::kSeated, 11.54, kMeasuredAt).current);
}

TEST(LopCurrencyTest, ExpiresAfterTheMaximumAge) {
  EXPECT_TRUE(check_lop_current(seated_lop(), kMeasuredAt, Posture::kSeated, 11.5,
                                kMeasuredAt + std::chrono::days{7})
                  .current);
  const LopCurrency old = check_lop_current(seated_lop(), kMeasuredAt, Posture::kSeated, 11.5,
                                            kMeasuredAt + std::chrono::days{7} + 1s);
  EXPECT_FALSE(old.current);
  EXPECT_THAT(old.why, HasSubstr("older than 7 days"));
  EXPECT_FALSE(check_lop_current(seated_lop(), kMeasuredAt, Posture::kSeated, 11.5,
                                 kMeasuredAt + 25h, std::chrono::days{1})
                   .current);
}

TEST(LopCurrencyTest, LopDatedInTheFutureIsRefused) {
  const LopCurrency future =
      check_lop_current(seated_lop(), kMeasuredAt, Posture::kSeated, 11.5, kMeasuredAt - 1h);
  EXPECT_FALSE(future.current);
  EXPECT_THAT(future.why, HasSubstr("after now"));
}

}  // namespace
}  // namespace bfr::clinic
