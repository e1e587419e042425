// Exercise plans: the standard 30-15-15-15 plan and validation.

#include "core/exercise_plan.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace bfr::core {
namespace {

const Pressure kCap = Pressure::mmhg(300.0f);

ExercisePlan good_plan() {
  return standard_plan(Pressure::mmhg(180.0f), Fraction(0.8f), Duration::from_seconds(30.0f));
}

TEST(StandardPlan, Is30151515WithTheGivenTarget) {
  const ExercisePlan plan =
      standard_plan(Pressure::mmhg(200.0f), Fraction(0.6f), Duration::from_seconds(45.0f));
  EXPECT_EQ(plan.lop, Pressure::mmhg(200.0f));
  EXPECT_EQ(plan.target_share, Fraction(0.6f));
  EXPECT_EQ(plan.rest, Duration::from_seconds(45.0f));
  ASSERT_EQ(plan.set_count, 4);
  EXPECT_EQ(plan.target_reps[0], 30);
  EXPECT_EQ(plan.target_reps[1], 15);
  EXPECT_EQ(plan.target_reps[2], 15);
  EXPECT_EQ(plan.target_reps[3], 15);
  int total = 0;
  for (std::size_t i = 0; i < kMaxSets; ++i) total += plan.target_reps[i];
  EXPECT_EQ(total, 75);  // 75 reps in all; the unused slots stay empty
  EXPECT_FLOAT_EQ(plan.target().mmhg(), 120.0f);
  EXPECT_GT(plan.max_set_duration, Duration{});
  EXPECT_EQ(validate(plan, kCap), Rejection::kNone);
}

TEST(Validate, AcceptsTheFullRangeUpTo100PercentOfLop) {
  ExercisePlan plan = good_plan();
  plan.target_share = Fraction(1.0f);
  EXPECT_EQ(validate(plan, kCap), Rejection::kNone);
  plan.target_share = Fraction(0.4f);
  EXPECT_EQ(validate(plan, kCap), Rejection::kNone);
  plan.set_count = static_cast<std::uint8_t>(kMaxSets);
  for (auto& reps : plan.target_reps) reps = 10;
  EXPECT_EQ(validate(plan, kCap), Rejection::kNone);
  plan.rest = Duration{};  // no rest is allowed
  EXPECT_EQ(validate(plan, kCap), Rejection::kNone);
}

TEST(Validate, InvalidSetCount) {
  ExercisePlan plan = good_plan();
  plan.set_count = 0;
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
  plan = good_plan();
  plan.set_count = static_cast<std::uint8_t>(kMaxSets + 1);
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
}

TEST(Validate, ZeroRepsInAPlannedSet) {
  ExercisePlan plan = good_plan();
  plan.target_reps[3] = 0;
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
  // A zero in an unused slot does not matter.
  plan = good_plan();
  plan.target_reps[4] = 0;
  EXPECT_EQ(validate(plan, kCap), Rejection::kNone);
}

TEST(Validate, NonPositiveLopOrShare) {
  ExercisePlan plan = good_plan();
  plan.lop = Pressure{};
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
  plan.lop = Pressure::mmhg(-150.0f);
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
  plan = good_plan();
  plan.target_share = Fraction(0.0f);
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
  plan.target_share = Fraction(-0.5f);
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
}

TEST(Validate, NegativeRestOrNoSetDuration) {
  ExercisePlan plan = good_plan();
  plan.rest = Duration::from_seconds(-1.0f);
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
  plan = good_plan();
  plan.max_set_duration = Duration{};
  EXPECT_EQ(validate(plan, kCap), Rejection::kInvalidPlan);
}

TEST(Validate, TargetAboveLop) {
  ExercisePlan plan = good_plan();
  plan.target_share = Fraction(1.01f);
  EXPECT_EQ(validate(plan, kCap), Rejection::kTargetAboveLop);
}

TEST(Validate, TargetAboveCap) {
  ExercisePlan plan = good_plan();
  plan.lop = Pressure::mmhg(400.0f);  // 0.8 x 400 = 320 mmHg
  EXPECT_EQ(validate(plan, kCap), Rejection::kTargetAboveCap);
  plan.lop = Pressure::mmhg(375.0f);  // exactly at the cap is refused too
  EXPECT_EQ(validate(plan, kCap), Rejection::kTargetAboveCap);
  // The cap passed in is the one used.
  plan.lop = Pressure::mmhg(200.0f);
  EXPECT_EQ(validate(plan, Pressure::mmhg(150.0f)), Rejection::kTargetAboveCap);
  EXPECT_EQ(validate(plan, Pressure::mmhg(185.0f)), Rejection::kNone);
  // Contractions need room under the cap: 160 mmHg under a 175 mmHg cap
  // is refused, and so is a 281 mmHg target under 300 mmHg.
  EXPECT_EQ(validate(plan, Pressure::mmhg(175.0f)), Rejection::kTargetAboveCap);
  plan.lop = Pressure::mmhg(351.0f);  // 80 %: 280.8 mmHg
  EXPECT_EQ(validate(plan, kCap), Rejection::kTargetAboveCap);
  plan.lop = Pressure::mmhg(340.0f);  // 80 %: 272 mmHg
  EXPECT_EQ(validate(plan, kCap), Rejection::kNone);
}

TEST(Validate, NonFiniteValuesAreInvalid) {
  // A LOP or share that is NaN (a failed computation on the host, a corrupt
  // message) passes every ordered comparison as false: it must still be
  // refused rather than run a session with a NaN target.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  ExercisePlan plan = good_plan();
  plan.lop = Pressure::mmhg(nan);
  EXPECT_NE(validate(plan, kCap), Rejection::kNone) << "NaN LOP accepted";
  plan = good_plan();
  plan.target_share = Fraction(nan);
  EXPECT_NE(validate(plan, kCap), Rejection::kNone) << "NaN target share accepted";
  plan = good_plan();
  plan.lop = Pressure::mmhg(std::numeric_limits<float>::infinity());
  EXPECT_NE(validate(plan, kCap), Rejection::kNone);
}

}  // namespace
}  // namespace bfr::core
