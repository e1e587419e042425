#include "core/pressure_regulator.hpp"

#include <algorithm>
#include <numbers>

namespace bfr::core {

float PressureRegulator::demand(float effective_error, float integral) const {
  // The sign of the pump's PI output picks the actuator; the bleed uses its
  // own gains on the same error and integral.
  const float raise = gains_.pump_kp * effective_error + gains_.pump_ki * integral;
  if (raise > 0) return raise;
  return gains_.bleed_kp * effective_error + gains_.bleed_ki * integral;
}

Pressure PressureRegulator::dead_band(Pressure target, RegulationMode mode) const {
  if (mode == RegulationMode::kHold) return gains_.dead_band;
  const Pressure wide =
      min(target * gains_.exercise_dead_band_share, gains_.exercise_dead_band_max);
  return max(gains_.dead_band, wide);
}

Actuators PressureRegulator::step(Pressure target, Pressure cuff, RegulationMode mode) {
  // The filtered rate runs in every mode so that it is settled when a set
  // starts.
  const float alpha =
      std::min(1.0f, dt_s_ * 2.0f * std::numbers::pi_v<float> * gains_.rate_filter.hz());
  if (!primed_) {
    smooth_mmhg_ = cuff.mmhg();
    rate_ = 0;
    primed_ = true;
  }
  const float before = smooth_mmhg_;
  smooth_mmhg_ += alpha * (cuff.mmhg() - smooth_mmhg_);
  rate_ += alpha * ((smooth_mmhg_ - before) / dt_s_ - rate_);

  const float error = (target - cuff).mmhg();  // positive: cuff too low
  // Below target the narrow band always applies: the pump is the weak
  // actuator, so it starts at once; above target the band widens in a set.
  const float band_low = gains_.dead_band.mmhg();
  const float band_high = dead_band(target, mode).mmhg();
  const float effective =
      error > band_low ? error - band_low : (error < -band_high ? error + band_high : 0.0f);

  // Conditional integration: take the new integral unless the output is
  // saturated and the error pushes it further the same way.
  const float candidate =
      std::clamp(integral_ + effective * dt_s_, -gains_.integral_limit, gains_.integral_limit);
  const float trial = demand(effective, candidate);
  const bool winding_up = (trial > 1.0f && effective > 0) || (trial < -1.0f && effective < 0);
  if (!winding_up) integral_ = candidate;

  float u = demand(effective, integral_);
  if (mode == RegulationMode::kExercise && error >= -band_high) {
    const float fall = -rate_ - gains_.fall_rate_threshold.mmhg_per_s();
    if (fall > 0) u = std::max(u, 0.0f) + gains_.fall_gain * fall;
  }
  if (u > 0) return {Fraction(std::clamp(u, 0.0f, 1.0f)), Fraction(0), false, true};
  return {Fraction(0), Fraction(std::clamp(-u, 0.0f, 1.0f)), false, true};
}

}  // namespace bfr::core
