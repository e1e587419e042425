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
  // The extremes gathered before the silence belong to no beat: start over.
  if (have_upstroke_ && now - last_upstroke_ > limits_.min_rate.period()) {
    hysteresis_ = kMinHysteresisMmhg;
    recent_count_ = 0;
    have_upstroke_ = false;
    armed_ = false;
    peak_ = trough_ = x;
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
  const float amplitude = peak_ - trough_;
  last_upstroke_ = now;
  peak_ = trough_ = x;
  // A cycle faster than any plausible heart rate is discarded whole, and the
  // next one is measured from here: two fast cycles must not add up to one
  // plausible beat.
  if (cycle < limits_.max_rate.period()) return false;
  recent_[recent_next_] = amplitude;
  recent_next_ = (recent_next_ + 1) % 3;
  if (recent_count_ < 3) ++recent_count_;
  float smallest = amplitude;
  for (int i = 0; i < recent_count_; ++i) smallest = recent_[i] < smallest ? recent_[i] : smallest;
  const float adaptive = kHysteresisShareOfBeat * smallest;
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

Beat BeatPlacer::place(const Beat& raw) {
  Beat beat = raw;
  if (have_previous_ && raw.at > previous_.at) {
    const PressureRate rate = (raw.cuff - previous_.cuff) / (raw.at - previous_.at);
    beat.cuff = raw.cuff + rate * delay_;
  }
  previous_ = raw;
  have_previous_ = true;
  return beat;
}

}  // namespace bfr::core
