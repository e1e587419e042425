#include "core/ramp_drive.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::core {
namespace {
// The measured rate is smoothed over about half a second: the baseline is
// already free of pulses, this only steadies its slope.
constexpr float kRateSmoothingS = 0.5f;
// The gain corrects itself by this share of the relative rate error per
// second: about 2 s to settle, slow beside the ~1 s the baseline lags, so
// the loop does not ring, and far slower than any heartbeat.
constexpr float kLearnPerS = 0.5f;
constexpr float kMinDutyPerRate = 0.002f;
constexpr float kMaxDutyPerRate = 0.5f;
// First guess of the bleed opening per mmHg/s going down: a fully open
// bleed empties a cuff at some tens of mmHg/s.
constexpr float kFirstBleedPerRate = 0.015f;
// Bleed opening per unit of duty short of the pump's minimum (see step()).
constexpr float kBleedPerDuty = 0.5f;
// Below this the ramp is taken as held still.
constexpr float kStillMmhgPerS = 0.1f;
// A step in the ramp's rate goes through the pulse band's high-pass as a
// transient of about the step times the filter's time constant (8 mmHg/s x
// 0.3 s: larger than the pulses near occlusion). So the rate changes no
// faster than this, which leaves an offset of about slew / (2 pi 0.5 Hz)^2,
// 0.8 mmHg, while it lasts (the beat detector's midline takes it up).
constexpr float kSlewMmhgPerS2 = 8.0f;
// The measured rate trails the applied one by the baseline's delay and the
// smoothing: after a change, learning waits this long.
constexpr Duration kSettleAfterChange = Duration::from_ms(1500);
}  // namespace

RampDrive::RampDrive(Frequency sample_rate, RampDriveConfig config)
    : dt_(sample_rate.period()),
      smoothing_(1.0f - std::exp(-1.0f / (kRateSmoothingS * sample_rate.hz()))),
      config_(config),
      duty_per_rate_(config.duty_per_rate) {}

void RampDrive::start(Pressure baseline, PressureRate rate, PressureRate full_duty_rate,
                      PressureRate from) {
  rate_ = rate;
  // Usually from rest, at the bounded pace: a ramp that starts at full rate
  // is a step in the slope, which rings through the pulse band for seconds.
  applied_ = std::clamp(from.mmhg_per_s(), 0.0f, std::max(rate.mmhg_per_s(), 0.0f));
  since_change_ = Duration{};
  previous_ = baseline;
  measured_ = 0;
  flat_out_ = Duration{};
  bleed_per_rate_ = kFirstBleedPerRate;
  duty_per_rate_ =
      full_duty_rate.mmhg_per_s() > 1.0f
          ? std::clamp(1.0f / full_duty_rate.mmhg_per_s(), kMinDutyPerRate, kMaxDutyPerRate)
          : config_.duty_per_rate;
}

Actuators RampDrive::step(Pressure baseline) {
  const float slope = (baseline - previous_).mmhg() / dt_.seconds();
  previous_ = baseline;
  measured_ += smoothing_ * (slope - measured_);

  const float target = rate_.mmhg_per_s();
  const float max_change = kSlewMmhgPerS2 * dt_.seconds();
  const float before = applied_;
  applied_ = std::clamp(target, applied_ - max_change, applied_ + max_change);
  since_change_ = applied_ != before ? Duration{} : since_change_ + dt_;

  const float want = applied_;
  if (want < -kStillMmhgPerS) return descend(-want);
  if (want < kStillMmhgPerS) {
    flat_out_ = Duration{};
    return Actuators::hold();
  }
  const float error = (want - measured_) / want;  // relative: the same pace on any cuff
  // Flat out and still too slow: more gain would only wind up.
  const bool saturated = duty_per_rate_ * want >= 1.0f && error > 0;
  if (!saturated && since_change_ >= kSettleAfterChange) {
    duty_per_rate_ = std::clamp(duty_per_rate_ * (1.0f + kLearnPerS * error * dt_.seconds()),
                                kMinDutyPerRate, kMaxDutyPerRate);
  }
  const float effort = duty_per_rate_ * want;
  flat_out_ = effort >= 1.0f ? flat_out_ + dt_ : Duration{};

  const float floor = config_.pump_min_duty.value();
  if (effort >= floor) return {Fraction(std::min(effort, 1.0f)), Fraction(0), false, true};
  // Below the pump's minimum the pump runs at it and the bleed lets the
  // surplus out, opening with the shortfall. Its authority is kept small
  // (at most half the pump's minimum duty, as an opening): a bleed passes
  // far more air than a pump's minimum flow, and a loop that watches the
  // cuff through a baseline a second late rings if the bleed can move it
  // fast. The price: a slow ramp on a pump much stronger than its cuff
  // runs faster than asked (tests/core/ramp_drive_test.cpp).
  return {Fraction(floor), Fraction(std::clamp(kBleedPerDuty * (floor - effort), 0.0f, 1.0f)),
          false};
}

Actuators RampDrive::descend(float want) {
  // Down through the bleed alone, its opening in proportion to the rate,
  // with a gain learnt the same way as the pump's.
  flat_out_ = Duration{};
  const float error = (want + measured_) / want;  // measured_ is negative going down
  if (since_change_ >= kSettleAfterChange) {
    bleed_per_rate_ = std::clamp(bleed_per_rate_ * (1.0f + kLearnPerS * error * dt_.seconds()),
                                 kMinDutyPerRate, kMaxDutyPerRate);
  }
  return {Fraction(0), Fraction(std::clamp(bleed_per_rate_ * want, 0.0f, 1.0f)), false, true};
}

}  // namespace bfr::core
