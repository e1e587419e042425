// 1RM estimates, direct entry and the working load (clinic/one_rep_max.hpp).

#include "clinic/one_rep_max.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace bfr::clinic {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(OneRepMaxTest, EpleyIsLoadTimesOnePlusRepsOverThirty) {
  const Result<double> r = estimate_one_rep_max(100, 5, OneRmEquation::kEpley);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NEAR(*r.value, 100 * (1 + 5.0 / 30), 1e-9);
}

TEST(OneRepMaxTest, BrzyckiIsLoadTimes36Over37MinusReps) {
  const Result<double> r = estimate_one_rep_max(100, 5, OneRmEquation::kBrzycki);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NEAR(*r.value, 112.5, 1e-9);
}

TEST(OneRepMaxTest, OneRepIsTheLoadItselfForBothEquations) {
  EXPECT_DOUBLE_EQ(*estimate_one_rep_max(80, 1, OneRmEquation::kEpley).value, 80);
  EXPECT_DOUBLE_EQ(*estimate_one_rep_max(80, 1, OneRmEquation::kBrzycki).value, 80);
}

TEST(OneRepMaxTest, TwelveRepsIsTheLastAcceptedCount) {
  EXPECT_NEAR(*estimate_one_rep_max(50, 12, OneRmEquation::kEpley).value, 70, 1e-9);
  EXPECT_NEAR(*estimate_one_rep_max(50, 12, OneRmEquation::kBrzycki).value, 72, 1e-9);
  const Result<double> r = estimate_one_rep_max(50, 13, OneRmEquation::kEpley);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("reps must be between 1 and 12 for a 1RM estimate (got 13)"),
            std::string::npos)
      << r.error;
}

TEST(OneRepMaxTest, FewerThanOneRepIsRefused) {
  EXPECT_FALSE(estimate_one_rep_max(50, 0, OneRmEquation::kEpley).ok());
  const Result<double> r = estimate_one_rep_max(50, -3, OneRmEquation::kBrzycki);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("(got -3)"), std::string::npos) << r.error;
}

TEST(OneRepMaxTest, NonPositiveOrImplausibleTestLoadIsRefused) {
  for (const double load : {0.0, -10.0, kNaN, kInf, 1000.5}) {
    const Result<double> r = estimate_one_rep_max(load, 5, OneRmEquation::kEpley);
    EXPECT_FALSE(r.ok()) << load;
    EXPECT_NE(r.error.find("load_kg must be above 0 and at most 1000 kg"), std::string::npos)
        << r.error;
  }
  EXPECT_TRUE(estimate_one_rep_max(1000, 1, OneRmEquation::kEpley).ok());
}

TEST(OneRepMaxTest, DirectEntryMustBePositiveFiniteAndPlausible) {
  EXPECT_DOUBLE_EQ(*validate_one_rep_max(142.5).value, 142.5);
  for (const double bad : {0.0, -1.0, kNaN, kInf, 1000.1}) {
    const Result<double> r = validate_one_rep_max(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error.find("one_rep_max_kg"), std::string::npos) << r.error;
  }
}

TEST(OneRepMaxTest, WorkingLoadIsTheShareOfOneRepMax) {
  EXPECT_NEAR(*working_load_kg(100, 0.30).value, 30, 1e-9);
}

TEST(OneRepMaxTest, WorkingLoadShareMustBeTwentyToFortyPercent) {
  EXPECT_NEAR(*working_load_kg(100, 0.20).value, 20, 1e-9);
  EXPECT_NEAR(*working_load_kg(100, 0.40).value, 40, 1e-9);
  EXPECT_TRUE(working_load_kg(100, 0.30 + 0.05 + 0.05).ok());  // a sum of steps
  for (const double bad : {0.19, 0.41, 0.0, kNaN}) {
    const Result<double> r = working_load_kg(100, bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error.find("fraction_of_one_rm must be between 0.2 and 0.4"), std::string::npos)
        << r.error;
  }
}

TEST(OneRepMaxTest, WorkingLoadRoundsDownToTheIncrement) {
  EXPECT_NEAR(*working_load_kg(97, 0.30, 2.5).value, 27.5, 1e-9);  // 29.1 -> 27.5
  EXPECT_NEAR(*working_load_kg(100, 0.30, 2.5).value, 30, 1e-9);   // exact multiple kept
}

TEST(OneRepMaxTest, WorkingLoadRefusesBadIncrementOrZeroResult) {
  EXPECT_FALSE(working_load_kg(100, 0.30, -2.5).ok());
  const Result<double> r = working_load_kg(10, 0.20, 5);  // 2 kg -> 0
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("rounds down to 0 kg"), std::string::npos) << r.error;
}

TEST(OneRepMaxTest, WorkingLoadRefusesAnInvalidOneRepMax) {
  EXPECT_FALSE(working_load_kg(0, 0.30).ok());
  EXPECT_FALSE(working_load_kg(kNaN, 0.30).ok());
}

}  // namespace
}  // namespace bfr::clinic
