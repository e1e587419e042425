#include "core/beat_detector.hpp"

namespace bfr::core {
namespace {
constexpr float kMinHysteresisMmhg = 0.05f;
// Hysteresis follows the pulse size so that ripples on large beats do not
// count while weak beats are still seen.
constexpr float kHysteresisShareOfBeat = 0.2f;
}  // namespace

void BeatDetector::reset() {
  *this = BeatDetector(limits_);
}

bool BeatDetector::step(TimePoint now, Pressure oscillation, Pressure baseline, Beat& beat) {
  const float x = oscillation.mmhg();
  if (x > peak_) peak_ = x;
  if (x < trough_) trough_ = x;
  // After a long silence (or an artefact that inflated the hysteresis) start
  // again from the smallest threshold rather than stay deaf.
  if (have_upstroke_ && now - last_upstroke_ > limits_.min_rate.period()) {
    hysteresis_ = kMinHysteresisMmhg;
  }
  if (x < -hysteresis_) armed_ = true;
  if (!armed_ || x < hysteresis_) return false;
  armed_ = false;

  // An upstroke through +hysteresis after a dip below -hysteresis closes one
  // cycle; its extremes since the previous upstroke make one beat.
  if (!have_upstroke_) {
    have_upstroke_ = true;
    last_upstroke_ = now;
    peak_ = trough_ = x;
    return false;
  }
  const Duration cycle = now - last_upstroke_;
  if (cycle < limits_.max_rate.period()) return false;  // a wiggle inside a beat
  const float amplitude = peak_ - trough_;
  last_upstroke_ = now;
  peak_ = trough_ = x;
  const float adaptive = kHysteresisShareOfBeat * amplitude;
  hysteresis_ = adaptive > kMinHysteresisMmhg ? adaptive : kMinHysteresisMmhg;
  if (cycle > limits_.min_rate.period() || amplitude < limits_.noise_floor.mmhg()) return false;

  beat.at = now;
  beat.interval = have_beat_ ? now - last_beat_ : Duration{};
  beat.amplitude = Pressure::mmhg(amplitude);
  beat.cuff = baseline;
  have_beat_ = true;
  last_beat_ = now;
  return true;
}

}  // namespace bfr::core
