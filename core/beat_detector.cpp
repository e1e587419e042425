#include "core/beat_detector.hpp"

#include <cmath>

namespace bfr::core {
namespace {
constexpr float kMinHysteresisMmhg = 0.05f;
}  // namespace

BeatDetector::BeatDetector(Frequency sample_rate, BeatDetectorLimits limits)
    : limits_(limits),
      midline_share_(
          limits.midline_time_constant.us() > 0
              ? 1.0f - std::exp(-1.0f / (limits.midline_time_constant.seconds() * sample_rate.hz()))
              : 0.0f) {}

void BeatDetector::reset() {
  armed_ = false;
  have_upstroke_ = false;
  have_beat_ = false;
  last_upstroke_ = last_beat_ = peak_at_ = TimePoint{};
  peak_ = trough_ = midline_ = 0;
  hysteresis_ = kMinHysteresisMmhg;
  recent_[0] = recent_[1] = recent_[2] = 0;
  recent_count_ = recent_next_ = 0;
}

bool BeatDetector::step(TimePoint now, Pressure oscillation, Pressure baseline, Beat& beat) {
  // Levels are taken from a slow midline, not from zero: a ramp that
  // speeds up or slows down leaves an offset in the high-pass for a while,
  // which would otherwise hold the signal on one side of the hysteresis.
  midline_ += midline_share_ * (oscillation.mmhg() - midline_);
  const float x = oscillation.mmhg() - midline_;
  level_ = x;
  if (x > peak_) {
    peak_ = x;
    peak_at_ = now;
  }
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
    peak_at_ = now;
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
    peak_at_ = now;
    return false;
  }
  const Duration cycle = now - last_upstroke_;
  const float amplitude = peak_ - trough_;
  const TimePoint peak_at = peak_at_;
  last_upstroke_ = now;
  peak_ = trough_ = x;
  peak_at_ = now;
  // A cycle faster than any plausible heart rate is discarded whole, and the
  // next one is measured from here: two fast cycles must not add up to one
  // plausible beat.
  if (cycle < limits_.max_rate.period()) return false;
  recent_[recent_next_] = amplitude;
  recent_next_ = (recent_next_ + 1) % 3;
  if (recent_count_ < 3) ++recent_count_;
  float smallest = amplitude;
  for (int i = 0; i < recent_count_; ++i) smallest = recent_[i] < smallest ? recent_[i] : smallest;
  const float adaptive = limits_.hysteresis_share.value() * smallest;
  hysteresis_ = adaptive > kMinHysteresisMmhg ? adaptive : kMinHysteresisMmhg;
  // Until three beats are known, one of them alone must not make the
  // detector deaf: a jolt among the first beats of a ramp would otherwise
  // set a hysteresis that the pulse at the envelope's foot never crosses,
  // until the silence rule starts over seconds later.
  if (recent_count_ < 3 && hysteresis_ > limits_.early_hysteresis_max.mmhg()) {
    hysteresis_ = limits_.early_hysteresis_max.mmhg();
  }
  if (cycle > limits_.min_rate.period() || amplitude < limits_.noise_floor.mmhg()) return false;

  beat.at = now;
  beat.interval = have_beat_ ? now - last_beat_ : Duration{};
  beat.amplitude = Pressure::mmhg(amplitude);
  beat.cuff = baseline;
  beat.peak_at = peak_at;
  have_beat_ = true;
  last_beat_ = now;
  return true;
}

Beat BeatPlacer::place(const Beat& raw) {
  Beat beat = raw;
  if (have_previous_ && raw.at > previous_.at) {
    const PressureRate rate = (raw.cuff - previous_.cuff) / (raw.at - previous_.at);
    // The baseline now shows the cuff of `delay_` ago; the pulse met the
    // cuff of its peak, (at - peak_at) ago.
    beat.cuff = raw.cuff + rate * (delay_ - (raw.at - raw.peak_at));
  }
  previous_ = raw;
  have_previous_ = true;
  return beat;
}

}  // namespace bfr::core
