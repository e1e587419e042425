#include "core/recorded_lop_analysis.hpp"

#include <algorithm>

namespace bfr::core {
namespace {
// A beat this many times the median of the last few is a jolt, not a pulse
// (the envelope grows by well under 2x from one beat to the next).
constexpr float kArtefactFactor = 3.0f;
// More artefacts than this share of the beats and the sweep is too
// disturbed to give a number.
constexpr float kMaxArtefactShare = 0.2f;
constexpr int kMinArtefactsForMotion = 4;
}  // namespace

RecordedLopAnalysis::RecordedLopAnalysis(Frequency sample_rate, OcclusionConfig config)
    : splitter_(sample_rate), placer_(splitter_.baseline_delay()), estimator_(config) {}

float RecordedLopAnalysis::recent_median() const {
  std::array<float, kRecent> v = recent_;
  const auto n = static_cast<std::ptrdiff_t>(recent_count_);
  std::nth_element(v.begin(), v.begin() + n / 2, v.begin() + n);
  return v[static_cast<std::size_t>(n / 2)];
}

void RecordedLopAnalysis::add(TimePoint at, Pressure cuff) {
  if (!started_) {
    splitter_.settle(cuff);
    started_ = true;
  }
  const auto parts = splitter_.step(cuff);
  Beat beat;
  if (detector_.step(at, parts.oscillation, parts.baseline, beat)) on_beat(beat);
}

void RecordedLopAnalysis::on_beat(const Beat& raw) {
  ++beats_;
  const Beat beat = placer_.place(raw);

  if (recent_count_ >= 3 && beat.amplitude.mmhg() > kArtefactFactor * recent_median()) {
    ++artefacts_;
    return;
  }
  recent_[recent_next_] = beat.amplitude.mmhg();
  recent_next_ = (recent_next_ + 1) % kRecent;
  recent_count_ = std::min(recent_count_ + 1, kRecent);
  if (beat.interval.us() > 0 && interval_count_ < intervals_s_.size()) {
    intervals_s_[interval_count_++] = beat.interval.seconds();
  }
  estimator_.add({beat.cuff, beat.amplitude});
}

RecordedLopResult RecordedLopAnalysis::finish() const {
  RecordedLopResult r;
  r.beats = beats_;
  r.artefacts = artefacts_;
  if (interval_count_ > 0) {
    std::array<float, OcclusionEstimator::kCapacity> v = intervals_s_;
    const auto n = static_cast<std::ptrdiff_t>(interval_count_);
    std::nth_element(v.begin(), v.begin() + n / 2, v.begin() + n);
    r.heart_rate = Frequency::hz(1.0f / v[static_cast<std::size_t>(n / 2)]);
  }
  if (artefacts_ >= kMinArtefactsForMotion &&
      static_cast<float>(artefacts_) > kMaxArtefactShare * static_cast<float>(beats_)) {
    r.failure = LopFailure::kMotion;
    return r;
  }
  r.estimate = estimator_.estimate();
  r.ok = r.estimate.ok;
  r.failure = r.estimate.failure;
  return r;
}

}  // namespace bfr::core
