// LOP from a prediction equation: the 18 cm thigh equation against values
// worked out by hand, its sex coding and 95 % interval, each reason it is
// refused for, and that an estimate can never pass for a measurement.

#include "core/lop_prediction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "core/lop_measurement.hpp"

namespace bfr::core {
namespace {

// An estimate and a measured result are different things: neither converts
// into the other, so an estimate cannot slip into a measured slot.
static_assert(!std::is_convertible_v<LopEstimate, LopResult>);
static_assert(!std::is_convertible_v<LopResult, LopEstimate>);
static_assert(!std::is_convertible_v<LopEstimate, Pressure>);

PredictionInputs thigh(float circumference_cm, float sbp, float age, Sex sex) {
  PredictionInputs in;
  in.segment = LimbSegment::kThigh;
  in.cuff_width = Length::cm(18.0f);
  in.circumference = Length::cm(circumference_cm);
  in.systolic = Pressure::mmhg(sbp);
  in.age_years = age;
  in.sex = sex;
  return in;
}

TEST(LopPrediction, MatchesTheEquationWorkedByHand) {
  // Male (code 1), thigh 55 cm, SBP 120 mmHg, 30 years:
  //   65.290 + 1.110 x 55 + 0.178 x 120 + 1.153 x 30 - 7.984 x 1
  // = 65.290 + 61.050   + 21.360    + 34.590   - 7.984
  // = 174.306 mmHg
  const LopPrediction m = predict_lop(thigh(55, 120, 30, Sex::kMale));
  ASSERT_TRUE(m.available) << to_string(m.reason);
  EXPECT_NEAR(m.estimate.lop.mmhg(), 174.306f, 1e-3f);

  // Female (code 2), thigh 60 cm, SBP 130 mmHg, 45 years:
  //   65.290 + 1.110 x 60 + 0.178 x 130 + 1.153 x 45 - 7.984 x 2
  // = 65.290 + 66.600   + 23.140    + 51.885   - 15.968
  // = 190.947 mmHg
  const LopPrediction f = predict_lop(thigh(60, 130, 45, Sex::kFemale));
  ASSERT_TRUE(f.available) << to_string(f.reason);
  EXPECT_NEAR(f.estimate.lop.mmhg(), 190.947f, 1e-3f);

  // Fractional inputs: female, 47.5 cm, 104 mmHg, 22.5 years:
  //   65.290 + 52.725 + 18.512 + 25.9425 - 15.968 = 146.5015 mmHg
  const LopPrediction g = predict_lop(thigh(47.5f, 104, 22.5f, Sex::kFemale));
  ASSERT_TRUE(g.available) << to_string(g.reason);
  EXPECT_NEAR(g.estimate.lop.mmhg(), 146.5015f, 1e-3f);
}

TEST(LopPrediction, EachInputMovesTheEstimateByItsCoefficient) {
  const float base = predict_lop(thigh(55, 120, 30, Sex::kMale)).estimate.lop.mmhg();
  EXPECT_NEAR(predict_lop(thigh(56, 120, 30, Sex::kMale)).estimate.lop.mmhg() - base, 1.110f,
              1e-3f);
  EXPECT_NEAR(predict_lop(thigh(55, 121, 30, Sex::kMale)).estimate.lop.mmhg() - base, 0.178f,
              1e-3f);
  EXPECT_NEAR(predict_lop(thigh(55, 120, 31, Sex::kMale)).estimate.lop.mmhg() - base, 1.153f,
              1e-3f);
}

TEST(LopPrediction, SexIsCodedOneForMenAndTwoForWomen) {
  // Same limb, pressure and age: women read 7.984 mmHg lower (one step of
  // the -7.984 x sex term, 2 - 1).
  const LopPrediction m = predict_lop(thigh(55, 120, 30, Sex::kMale));
  const LopPrediction f = predict_lop(thigh(55, 120, 30, Sex::kFemale));
  ASSERT_TRUE(m.available);
  ASSERT_TRUE(f.available);
  EXPECT_NEAR(m.estimate.lop.mmhg() - f.estimate.lop.mmhg(), 7.984f, 1e-3f);
  // Male is code 1, not 0: coded 0 it would read 65.290 + 61.050 + 21.360
  // + 34.590 = 182.290 mmHg.
  EXPECT_NEAR(m.estimate.lop.mmhg(), 182.290f - 7.984f, 1e-3f);
}

TEST(LopPrediction, CarriesTheEquationItsErrorAndA95PercentInterval) {
  const LopPrediction p = predict_lop(thigh(55, 120, 30, Sex::kMale));
  ASSERT_TRUE(p.available);
  const LopEstimate& e = p.estimate;
  EXPECT_FLOAT_EQ(e.standard_error.mmhg(), 15.3f);
  // +-1.96 x 15.3 = +-29.988 mmHg, 59.976 mmHg wide, centred on the estimate.
  EXPECT_NEAR(e.lower_95.mmhg(), 174.306f - 29.988f, 1e-3f);
  EXPECT_NEAR(e.upper_95.mmhg(), 174.306f + 29.988f, 1e-3f);
  EXPECT_NEAR((e.upper_95 - e.lower_95).mmhg(), 59.976f, 1e-3f);
  EXPECT_STREQ(e.citation, "Rev Bras Med Esporte 2019");
  EXPECT_NE(std::string(e.equation).find("18 cm thigh"), std::string::npos) << e.equation;
  ASSERT_NE(p.equation, nullptr);
  EXPECT_FLOAT_EQ(p.equation->r_squared, 0.40f);
  EXPECT_EQ(p.equation->n, 51);
}

TEST(LopPrediction, TheTableHoldsOnlyEquationsWithPublishedCoefficients) {
  const auto table = lop_prediction_equations();
  ASSERT_EQ(table.size(), 1u);  // the facts give coefficients for one equation only
  for (const PredictionEquation& eq : table) {
    EXPECT_GT(std::strlen(eq.name), 0u);
    EXPECT_GT(std::strlen(eq.citation), 0u);
    EXPECT_GT(eq.standard_error.mmhg(), 0.0f);
    EXPECT_GT(eq.n, 0);
    EXPECT_LT(eq.cuff_width.min, eq.cuff_width.max);
    EXPECT_LT(eq.circumference.min, eq.circumference.max);
    EXPECT_LT(eq.systolic.min, eq.systolic.max);
    EXPECT_LT(eq.age_years.min, eq.age_years.max);
  }
}

TEST(LopPrediction, AnUpperArmGetsNoEstimate) {
  PredictionInputs in = thigh(32, 120, 30, Sex::kFemale);
  in.segment = LimbSegment::kUpperArm;
  const LopPrediction p = predict_lop(in);
  EXPECT_FALSE(p.available);
  EXPECT_EQ(p.reason, PredictionRefusal::kNoEquationForSegment);
  EXPECT_EQ(p.equation, nullptr);
  // The other cuff widths make no difference: there is no arm equation.
  in.cuff_width = Length::cm(13.0f);
  EXPECT_EQ(predict_lop(in).reason, PredictionRefusal::kNoEquationForSegment);
}

TEST(LopPrediction, ANarrowThighCuffGetsNoEstimate) {
  PredictionInputs in = thigh(55, 120, 30, Sex::kFemale);
  in.cuff_width = Length::cm(11.5f);  // the Delfi thigh cuff
  const LopPrediction p = predict_lop(in);
  EXPECT_FALSE(p.available);
  EXPECT_EQ(p.reason, PredictionRefusal::kNoEquationForCuffWidth);
  EXPECT_EQ(p.equation, nullptr);
}

TEST(LopPrediction, CuffWidthToleranceIs17To19Centimetres) {
  PredictionInputs in = thigh(55, 120, 30, Sex::kFemale);
  for (float ok : {17.0f, 18.5f, 19.0f}) {
    in.cuff_width = Length::cm(ok);
    EXPECT_TRUE(predict_lop(in).available) << ok;
  }
  for (float no : {16.9f, 19.1f, 24.0f}) {
    in.cuff_width = Length::cm(no);
    EXPECT_EQ(predict_lop(in).reason, PredictionRefusal::kNoEquationForCuffWidth) << no;
  }
}

TEST(LopPrediction, InputsOutsideTheAppliedRangesAreRefusedWithTheEquation) {
  struct Case {
    PredictionInputs in;
    PredictionRefusal reason;
  };
  const Case cases[] = {
      {thigh(39.9f, 120, 30, Sex::kMale), PredictionRefusal::kCircumferenceOutOfRange},
      {thigh(80.1f, 120, 30, Sex::kMale), PredictionRefusal::kCircumferenceOutOfRange},
      {thigh(55, 89, 30, Sex::kMale), PredictionRefusal::kSystolicOutOfRange},
      {thigh(55, 161, 30, Sex::kMale), PredictionRefusal::kSystolicOutOfRange},
      {thigh(55, 120, 17, Sex::kMale), PredictionRefusal::kAgeOutOfRange},
      {thigh(55, 120, 66, Sex::kMale), PredictionRefusal::kAgeOutOfRange},
  };
  for (const Case& c : cases) {
    const LopPrediction p = predict_lop(c.in);
    EXPECT_FALSE(p.available);
    EXPECT_EQ(p.reason, c.reason) << to_string(p.reason);
    // The equation whose range was missed comes back, so its range can be shown.
    ASSERT_NE(p.equation, nullptr);
    EXPECT_STREQ(p.equation->citation, "Rev Bras Med Esporte 2019");
  }
  // The range ends themselves are inside.
  EXPECT_TRUE(predict_lop(thigh(40, 90, 18, Sex::kMale)).available);
  EXPECT_TRUE(predict_lop(thigh(80, 160, 65, Sex::kFemale)).available);
}

TEST(LopPrediction, NonsenseInputIsRefusedBeforeAnyEquationIsTried) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const PredictionInputs bad[] = {
      thigh(nan, 120, 30, Sex::kMale), thigh(55, nan, 30, Sex::kMale),
      thigh(55, 120, nan, Sex::kMale), thigh(-55, 120, 30, Sex::kMale),
      thigh(55, 0, 30, Sex::kMale),    thigh(55, 120, inf, Sex::kMale),
  };
  for (const PredictionInputs& in : bad) {
    const LopPrediction p = predict_lop(in);
    EXPECT_FALSE(p.available);
    EXPECT_EQ(p.reason, PredictionRefusal::kInvalidInput);
  }
  PredictionInputs in = thigh(55, 120, 30, Sex::kMale);
  in.cuff_width = Length::cm(nan);
  EXPECT_EQ(predict_lop(in).reason, PredictionRefusal::kInvalidInput);
}

TEST(LopPrediction, AnEmptyTableGivesNothing) {
  const LopPrediction p = predict_lop(thigh(55, 120, 30, Sex::kMale), {});
  EXPECT_FALSE(p.available);
  EXPECT_EQ(p.reason, PredictionRefusal::kNoEquationForSegment);
}

TEST(LopPrediction, EveryReasonHasText) {
  for (PredictionRefusal r :
       {PredictionRefusal::kInvalidInput, PredictionRefusal::kNoEquationForSegment,
        PredictionRefusal::kNoEquationForCuffWidth, PredictionRefusal::kCircumferenceOutOfRange,
        PredictionRefusal::kSystolicOutOfRange, PredictionRefusal::kAgeOutOfRange}) {
    EXPECT_STRNE(to_string(r), "unknown");
    EXPECT_STRNE(to_string(r), "none");
  }
}

}  // namespace
}  // namespace bfr::core
