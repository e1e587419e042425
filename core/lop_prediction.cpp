#include "core/lop_prediction.hpp"

#include <array>
#include <cmath>

namespace bfr::core {
namespace {

// The only equation in the facts with its coefficients (bfr-facts section 3):
//   AOP = 65.290 + 1.110 x thigh circumference (cm) + 0.178 x SBP
//         + 1.153 x age (y) - 7.984 x sex (1 male, 2 female)
//   R^2 0.40, SEE 15.3 mmHg, n = 51, 18 cm thigh cuff; Rev Bras Med Esporte 2019.
// AOP (arterial occlusion pressure) is what OpenBFR calls LOP.
//
// The facts give neither the study's input ranges nor its posture, so the
// ranges below are OpenBFR's assumptions (docs/LOP.md, "Estimation fallback"):
// - cuff width 17-19 cm: a cuff sold as 18 cm may measure a little either
//   way, but LOP moves strongly with width (thigh 235 mmHg under 5 cm vs 144
//   under 13.5 cm, Loenneke 2012, facts section 3), so nothing further off;
// - thigh circumference 40-80 cm: adult thighs short of the far tails (the
//   simulator's population is clamped to 35-85 cm, also assumed);
// - SBP 90-160 mmHg: low-normal to treated-hypertensive resting pressures;
//   uncontrolled hypertension is a contraindication to BFR (facts section 1);
// - age 18-65 years: adults; the facts give no ages for the n = 51 sample.
// Over these ranges the equation gives about 130-250 mmHg, the span of the
// thigh LOPs the facts report for wide cuffs (section 3).
constexpr std::array<PredictionEquation, 1> kEquations{{
    {
        .name = "18 cm thigh cuff (n=51)",
        .citation = "Rev Bras Med Esporte 2019",
        .segment = LimbSegment::kThigh,
        .cuff_width = {Length::cm(17.0f), Length::cm(19.0f)},
        .circumference = {Length::cm(40.0f), Length::cm(80.0f)},
        .systolic = {Pressure::mmhg(90.0f), Pressure::mmhg(160.0f)},
        .age_years = {18.0f, 65.0f},
        .intercept_mmhg = 65.290f,
        .per_cm_circumference = 1.110f,
        .per_mmhg_systolic = 0.178f,
        .per_year_age = 1.153f,
        .per_sex_code = -7.984f,
        .sex_code_male = 1.0f,
        .sex_code_female = 2.0f,
        .standard_error = Pressure::mmhg(15.3f),
        .r_squared = 0.40f,
        .n = 51,
    },
}};

bool positive_finite(float v) {
  return std::isfinite(v) && v > 0.0f;
}

bool inputs_valid(const PredictionInputs& in) {
  return positive_finite(in.cuff_width.cm()) && positive_finite(in.circumference.cm()) &&
         positive_finite(in.systolic.mmhg()) && positive_finite(in.age_years);
}

PredictionRefusal out_of_range(const PredictionEquation& eq, const PredictionInputs& in) {
  if (!eq.circumference.contains(in.circumference)) {
    return PredictionRefusal::kCircumferenceOutOfRange;
  }
  if (!eq.systolic.contains(in.systolic)) return PredictionRefusal::kSystolicOutOfRange;
  if (!eq.age_years.contains(in.age_years)) return PredictionRefusal::kAgeOutOfRange;
  return PredictionRefusal::kNone;
}

LopEstimate apply(const PredictionEquation& eq, const PredictionInputs& in) {
  const float sex_code = in.sex == Sex::kMale ? eq.sex_code_male : eq.sex_code_female;
  const float mmhg = eq.intercept_mmhg + eq.per_cm_circumference * in.circumference.cm() +
                     eq.per_mmhg_systolic * in.systolic.mmhg() + eq.per_year_age * in.age_years +
                     eq.per_sex_code * sex_code;
  LopEstimate e;
  e.lop = Pressure::mmhg(mmhg);
  e.standard_error = eq.standard_error;
  e.lower_95 = e.lop - eq.standard_error * kZ95;
  e.upper_95 = e.lop + eq.standard_error * kZ95;
  e.equation = eq.name;
  e.citation = eq.citation;
  return e;
}

}  // namespace

const char* to_string(Sex sex) {
  switch (sex) {
    case Sex::kMale:
      return "male";
    case Sex::kFemale:
      return "female";
  }
  return "unknown";
}

const char* to_string(PredictionRefusal refusal) {
  switch (refusal) {
    case PredictionRefusal::kNone:
      return "none";
    case PredictionRefusal::kInvalidInput:
      return "invalid input: every measure must be a positive number";
    case PredictionRefusal::kNoEquationForSegment:
      return "no published prediction equation for this limb segment";
    case PredictionRefusal::kNoEquationForCuffWidth:
      return "no published prediction equation for this cuff width on this limb segment";
    case PredictionRefusal::kCircumferenceOutOfRange:
      return "limb circumference outside the range the equation is applied over";
    case PredictionRefusal::kSystolicOutOfRange:
      return "systolic pressure outside the range the equation is applied over";
    case PredictionRefusal::kAgeOutOfRange:
      return "age outside the range the equation is applied over";
  }
  return "unknown";
}

std::span<const PredictionEquation> lop_prediction_equations() {
  return kEquations;
}

LopPrediction predict_lop(const PredictionInputs& in, std::span<const PredictionEquation> table) {
  LopPrediction result;
  if (!inputs_valid(in)) {
    result.reason = PredictionRefusal::kInvalidInput;
    return result;
  }
  // Keep the most specific reason seen: a caller told "age out of range" can
  // do something about it; "no equation for this segment" is all there is to
  // say when nothing came close.
  result.reason = PredictionRefusal::kNoEquationForSegment;
  for (const PredictionEquation& eq : table) {
    if (eq.segment != in.segment) continue;
    if (!eq.cuff_width.contains(in.cuff_width)) {
      if (result.reason == PredictionRefusal::kNoEquationForSegment) {
        result.reason = PredictionRefusal::kNoEquationForCuffWidth;
      }
      continue;
    }
    const PredictionRefusal why = out_of_range(eq, in);
    if (why != PredictionRefusal::kNone) {
      if (result.equation == nullptr) {
        result.reason = why;
        result.equation = &eq;
      }
      continue;
    }
    result.available = true;
    result.reason = PredictionRefusal::kNone;
    result.estimate = apply(eq, in);
    result.equation = &eq;
    return result;
  }
  return result;
}

LopPrediction predict_lop(const PredictionInputs& in) {
  return predict_lop(in, lop_prediction_equations());
}

}  // namespace bfr::core
