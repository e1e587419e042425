#include "core/rep_counter.hpp"

#include <algorithm>

namespace bfr::core {

const char* to_string(Cadence cadence) {
  switch (cadence) {
    case Cadence::kUnknown:
      return "unknown";
    case Cadence::kTooFast:
      return "too fast";
    case Cadence::kOk:
      return "ok";
    case Cadence::kTooSlow:
      return "too slow";
  }
  return "unknown";
}

RepCounter::RepCounter(Frequency sample_rate, const RepCounterConfig& config) : config_(config) {
  // One-pole low-pass coefficient, w / (1 + w): close to 1 - exp(-w) at
  // these corners and needs no libm on the microcontroller.
  constexpr float kTwoPi = 6.2831853f;
  const float w = kTwoPi * config.corner.hz() / sample_rate.hz();
  alpha_ = w / (1.0f + w);
}

void RepCounter::start_set(TimePoint now, Pressure cuff, Pressure target) {
  stage1_ = cuff.mmhg();
  stage2_ = cuff.mmhg();
  target_ = target;
  first_swing_ = std::max(config_.min_swing, target * config_.first_swing_share_of_target);
  rising_ = true;
  valley_ = cuff;
  valley_at_ = now;
  peak_ = cuff;
  peak_at_ = now;
  count_ = 0;
  has_last_ = false;
  last_period_ = {};
  cadence_ = Cadence::kUnknown;
  swings_used_ = 0;
  next_swing_ = 0;
}

Pressure RepCounter::typical_swing() const {
  if (swings_used_ == 0) return first_swing_ / config_.count_share.value();
  // The median of the last few swings: one partial rep or one strong one
  // does not move it.
  // Insertion sort: five values, and no library sort on the device.
  std::array<Pressure, kSwings> sorted = swings_;
  for (std::size_t i = 1; i < swings_used_; ++i) {
    const Pressure v = sorted[i];
    std::size_t j = i;
    for (; j > 0 && sorted[j - 1] > v; --j) sorted[j] = sorted[j - 1];
    sorted[j] = v;
  }
  return sorted[swings_used_ / 2];
}

Pressure RepCounter::hysteresis() const {
  return std::max(config_.min_swing, typical_swing() * config_.count_share);
}

void RepCounter::count_rep(TimePoint peak_at, Pressure swing) {
  if (has_last_ && peak_at - last_rep_at_ < config_.min_interval) return;
  if (count_ < UINT16_MAX) ++count_;
  swings_[next_swing_] = swing;
  next_swing_ = (next_swing_ + 1) % kSwings;
  swings_used_ = std::min(swings_used_ + 1, kSwings);
  if (has_last_) {
    const Duration period = peak_at - last_rep_at_;
    const auto target_us = static_cast<float>(config_.target_period.us());
    const auto period_us = static_cast<float>(period.us());
    // A pause between two reps says nothing about the pace.
    if (period_us <= config_.pause_periods * target_us) {
      last_period_ = period;
      const float tol = config_.cadence_tolerance.value();
      cadence_ = period_us < (1 - tol) * target_us   ? Cadence::kTooFast
                 : period_us > (1 + tol) * target_us ? Cadence::kTooSlow
                                                     : Cadence::kOk;
    }
  }
  has_last_ = true;
  last_rep_at_ = peak_at;
}

bool RepCounter::step(TimePoint now, Pressure cuff) {
  stage1_ += alpha_ * (cuff.mmhg() - stage1_);
  stage2_ += alpha_ * (stage1_ - stage2_);
  const Pressure y = Pressure::mmhg(stage2_);
  const Pressure h = hysteresis();
  const std::uint16_t before = count_;
  if (rising_) {
    if (y > peak_) {
      peak_ = y;
      peak_at_ = now;
    } else if (peak_ - y >= h) {
      // The peak is confirmed by the fall after it; it is a rep when the
      // rise that led to it was large enough.
      const Pressure swing = peak_ - valley_;
      const bool above = peak_ >= target_ + target_ * config_.above_target;
      if (swing >= h && above && peak_at_ - valley_at_ >= config_.min_rise) {
        count_rep(peak_at_, swing);
      }
      rising_ = false;
      valley_ = y;
      valley_at_ = now;
    }
  } else {
    if (y < valley_) {
      valley_ = y;
      valley_at_ = now;
    } else if (y - valley_ >= h) {
      rising_ = true;
      peak_ = y;
      peak_at_ = now;
    }
  }
  return count_ != before;
}

}  // namespace bfr::core
