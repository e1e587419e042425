#pragma once
// LOP estimated from a published prediction equation, for when it cannot be
// measured through the cuff (facts section 2: upright measurement fails in
// most attempts, Rolnick 2025).
//
// An estimate is not a measurement. It is a population regression applied to
// one person, with an error of its own that is large next to the measured
// method's (SEE 15.3 mmHg for the only equation with coefficients here), so
// it has its own type, `LopEstimate`, that never converts to or from the
// measured `LopResult`, and it always carries the equation, the citation,
// the standard error and the 95 % interval with it.
//
// An equation is only applied where it can be: the limb segment and cuff
// width it was derived for, and inputs inside the ranges it is trusted over.
// Anything else is refused with a reason; nothing is extrapolated.
//
// Portable core code: the table is constant data, no heap, no exceptions.

#include <cstdint>
#include <span>

#include "core/limb_segment.hpp"
#include "core/units.hpp"

namespace bfr::core {

// A length, as the prediction equations take limb circumference and cuff
// width. Kept here while nothing else in the core needs lengths; it belongs
// in core/units.hpp once something does.
class Length {
 public:
  constexpr Length() = default;
  static constexpr Length cm(float v) { return Length(v); }
  constexpr float cm() const { return cm_; }
  constexpr auto operator<=>(const Length&) const = default;

 private:
  constexpr explicit Length(float v) : cm_(v) {}
  float cm_ = 0;
};

// How each equation codes sex is the equation's own business (see
// PredictionEquation::sex_code_*); this enum carries no numeric coding.
enum class Sex : std::uint8_t { kMale, kFemale };
const char* to_string(Sex sex);

struct PredictionInputs {
  LimbSegment segment = LimbSegment::kThigh;
  Length cuff_width;
  Length circumference;  // of the limb where the cuff goes
  Pressure systolic;     // resting systolic blood pressure
  float age_years = 0;
  Sex sex = Sex::kFemale;
};

// Inclusive range of one input over which an equation is applied.
template <typename T>
struct InputRange {
  T min;
  T max;
  // Written so that NaN is never inside.
  constexpr bool contains(T v) const { return v >= min && v <= max; }
};

// One published linear prediction equation:
//   LOP = intercept + per_cm x circumference + per_mmhg x SBP
//         + per_year x age + per_sex_code x sex_code
// Only equations with published coefficients belong in the table. An
// equation that needs a predictor not listed here (Loenneke 2015's arm
// model also uses DBP) adds it to PredictionInputs and a coefficient here,
// zero for the equations that do not use it.
struct PredictionEquation {
  const char* name;
  const char* citation;
  LimbSegment segment;
  InputRange<Length> cuff_width;
  InputRange<Length> circumference;
  InputRange<Pressure> systolic;
  InputRange<float> age_years;
  float intercept_mmhg;
  float per_cm_circumference;
  float per_mmhg_systolic;
  float per_year_age;
  float per_sex_code;
  float sex_code_male;
  float sex_code_female;
  Pressure standard_error;  // SEE of the regression
  float r_squared;
  int n;  // people the equation was derived from
};

// The equations OpenBFR knows, in order of preference.
std::span<const PredictionEquation> lop_prediction_equations();

// Why no estimate was given.
enum class PredictionRefusal : std::uint8_t {
  kNone,
  kInvalidInput,             // not a finite positive number
  kNoEquationForSegment,     // no equation for this limb segment
  kNoEquationForCuffWidth,   // equations for the segment, none for this width
  kCircumferenceOutOfRange,  // outside the range the equation is applied over
  kSystolicOutOfRange,
  kAgeOutOfRange,
};
const char* to_string(PredictionRefusal refusal);

// A predicted, not measured, LOP. Deliberately unrelated to `LopResult`.
struct LopEstimate {
  Pressure lop;             // point estimate from the equation
  Pressure standard_error;  // the equation's SEE
  // lop +- 1.96 SEE: the spread of people around the regression line. It
  // leaves out the uncertainty of the coefficients themselves, so the true
  // prediction interval is somewhat wider, the more so far from the
  // study's mean inputs.
  Pressure lower_95;
  Pressure upper_95;
  const char* equation = "";
  const char* citation = "";
};

struct LopPrediction {
  bool available = false;
  PredictionRefusal reason = PredictionRefusal::kNone;
  LopEstimate estimate;  // meaningful only when available
  // The equation used; when refused for an input out of range, the one whose
  // range it fell outside (so the caller can show the range). Otherwise null.
  const PredictionEquation* equation = nullptr;
};

// Z value of a two-sided 95 % normal interval.
inline constexpr float kZ95 = 1.96f;

// Estimates LOP from the first equation in `table` that applies. When none
// does, the reason is the one of the closest candidate: an input out of
// range beats a cuff width that does not match, which beats a segment that
// does not match.
LopPrediction predict_lop(const PredictionInputs& in, std::span<const PredictionEquation> table);
// The same over lop_prediction_equations().
LopPrediction predict_lop(const PredictionInputs& in);

}  // namespace bfr::core
