#include "core/pressure_regulator.hpp"

#include <algorithm>
#include <cmath>
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
  if (mode == RegulationMode::kHold) {
    // Only while the mean is on target: away from it (the start of a rest,
    // the muscle settling) the deviations are not the pulse.
    const bool settled = static_cast<float>(holding_for_) * dt_s_ >= gains_.hold_settle.seconds() &&
                         std::abs(target.mmhg() - mean_mmhg_) <= gains_.dead_band.mmhg();
    if (!settled) return gains_.dead_band;
    const Pressure widest = min(gains_.hold_band_max, target * gains_.hold_band_share);
    return max(gains_.dead_band, min(Pressure::mmhg(ripple_mmhg_), widest));
  }
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
    smooth_mmhg_ = mean_a_mmhg_ = mean_mmhg_ = cuff.mmhg();
    rate_ = 0;
    ripple_mmhg_ = 0;
    primed_ = true;
  }
  const float before = smooth_mmhg_;
  smooth_mmhg_ += alpha * (cuff.mmhg() - smooth_mmhg_);
  rate_ += alpha * ((smooth_mmhg_ - before) / dt_s_ - rate_);
  const float mean_alpha =
      std::min(1.0f, dt_s_ * 2.0f * std::numbers::pi_v<float> * gains_.ripple_mean_corner.hz());
  mean_a_mmhg_ += mean_alpha * (cuff.mmhg() - mean_a_mmhg_);
  mean_mmhg_ += mean_alpha * (mean_a_mmhg_ - mean_mmhg_);
  const float decay = std::max(0.0f, 1.0f - dt_s_ / gains_.ripple_decay.seconds());
  ripple_mmhg_ = std::max(std::abs(cuff.mmhg() - mean_mmhg_), ripple_mmhg_ * decay);

  if (mode == RegulationMode::kExercise) {
    holding_for_ = 0;
  } else if (holding_for_ < UINT16_MAX) {
    ++holding_for_;
  }
  const float error = (target - cuff).mmhg();  // positive: cuff too low
  // In a set, below target the narrow band always applies (the pump is the
  // weak actuator, so it starts at once) and above target the band widens.
  // A hold's band is the same both ways: the pulse's ripple once settled.
  const float band_high = dead_band(target, mode).mmhg();
  const float band_low = mode == RegulationMode::kHold ? band_high : gains_.dead_band.mmhg();
  const float effective =
      error > band_low ? error - band_low : (error < -band_high ? error + band_high : 0.0f);

  if (mode == RegulationMode::kExercise) return exercise_step(error, band_high, effective);
  // The relaxation detector belongs to a set: a rest starts it afresh.
  since_bleed_ = UINT16_MAX;
  relaxing_ = false;
  armed_ = true;

  // Conditional integration: take the new integral unless the output is
  // saturated and the error pushes it further the same way.
  const float candidate =
      std::clamp(integral_ + effective * dt_s_, -gains_.integral_limit, gains_.integral_limit);
  const float trial = demand(effective, candidate);
  const bool winding_up = (trial > 1.0f && effective > 0) || (trial < -1.0f && effective < 0);
  if (!winding_up) integral_ = candidate;
  return to_actuators(demand(effective, integral_));
}

Actuators PressureRegulator::exercise_step(float error, float band_high, float effective) {
  // In a set the integral is frozen and left out: the contractions would
  // drive it from one bound to the other every rep, and inside the wide
  // band its share (up to 0.3 of full output) would pump the cuff up to
  // the top of the band in a pause, or bleed air at the start of each
  // relaxation, exactly when the pump will have to put it back. The rest
  // after the set takes it up where the set left it.
  float u = effective > 0 ? gains_.pump_kp * effective : gains_.bleed_kp * effective;
  if (error >= -band_high) {
    const float fall = -rate_ - gains_.fall_rate_threshold.mmhg_per_s();
    if (fall > 0) u = std::max(u, 0.0f) + gains_.fall_gain * fall;
  }
  // Relaxation detector: the bleed has just been holding a contraction at
  // the top of the band, and the cuff has now dropped clear below it. The
  // muscle is letting go, and the whole relaxation is still to come: start
  // the pump at full now rather than when the filtered rate has built up.
  // It stops once the filtered pressure rises again.
  // It fires once per contraction: it is armed again only once the cuff
  // has been below the target (the relaxation has gone through).
  if (error > 0) armed_ = true;
  if (u < 0) {
    since_bleed_ = 0;
    relaxing_ = false;
  } else if (since_bleed_ < UINT16_MAX) {
    ++since_bleed_;
  }
  const float window = gains_.relaxation_window.seconds() / dt_s_;
  if (armed_ && !relaxing_ && static_cast<float>(since_bleed_) <= window &&
      -error < band_high - gains_.relaxation_drop.mmhg()) {
    relaxing_ = gains_.relaxation_duty.value() > 0;
    armed_ = false;
  }
  if (relaxing_ && (rate_ >= 0 || error < -band_high)) relaxing_ = false;
  if (relaxing_) u = std::max(u, gains_.relaxation_duty.value());
  return to_actuators(u);
}

Actuators PressureRegulator::to_actuators(float u) {
  if (u > 0) return {Fraction(std::clamp(u, 0.0f, 1.0f)), Fraction(0), false, true};
  return {Fraction(0), Fraction(std::clamp(-u, 0.0f, 1.0f)), false, true};
}

}  // namespace bfr::core
