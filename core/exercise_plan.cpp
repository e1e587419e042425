#include "core/exercise_plan.hpp"

#include <cmath>

namespace bfr::core {

ExercisePlan standard_plan(Pressure lop, Fraction target_share, Duration rest) {
  ExercisePlan plan;
  plan.lop = lop;
  plan.target_share = target_share;
  plan.set_count = 4;
  plan.target_reps = {30, 15, 15, 15};
  plan.rest = rest;
  return plan;
}

Rejection validate(const ExercisePlan& plan, Pressure hard_cap) {
  if (plan.set_count == 0 || plan.set_count > kMaxSets) return Rejection::kInvalidPlan;
  for (std::uint8_t i = 0; i < plan.set_count; ++i) {
    if (plan.target_reps[i] == 0) return Rejection::kInvalidPlan;
  }
  // Written so that NaN fails: every comparison with NaN is false.
  if (!std::isfinite(plan.lop.mmhg()) || !std::isfinite(plan.target_share.value()) ||
      !(plan.lop > Pressure{}) || !(plan.target_share > Fraction(0.0f))) {
    return Rejection::kInvalidPlan;
  }
  if (plan.rest < Duration{} || plan.max_set_duration <= Duration{}) {
    return Rejection::kInvalidPlan;
  }
  // Never above 100 % of LOP: full occlusion is not BFR.
  if (plan.target_share > Fraction(1.0f)) return Rejection::kTargetAboveLop;
  if (plan.target() + kContractionHeadroom >= hard_cap) return Rejection::kTargetAboveCap;
  return Rejection::kNone;
}

}  // namespace bfr::core
