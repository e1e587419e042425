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
// A beat no smaller than the one before by more than this ratio.
constexpr float kSameBeat = 1.5f;
// A period without a beat is counted only once this share of a further
// period has gone by without one either: beats come a little early or late.
constexpr float kQuietGrace = 0.5f;
}  // namespace

RecordedLopAnalysis::RecordedLopAnalysis(Frequency sample_rate, OcclusionConfig config,
                                         BeatDetectorLimits beats)
    : splitter_(sample_rate),
      detector_(sample_rate, beats),
      placer_(splitter_.baseline_delay()),
      estimator_(config) {}

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
  const bool heard = detector_.step(at, parts.oscillation, parts.baseline, beat);
  // A beat heard late whose pulse lies in a period already counted is that
  // period's: not counted again, and no sign of a beat in the next one.
  const bool counted = heard && quiet_period_.us() > 0 && beat.peak_at < counted_until_;
  if (heard && at >= ignore_until_ && !counted) on_beat(beat);
  watch_quiet_period(at, detector_.level(), parts.baseline, heard && !counted);
}

namespace {
// Peak to trough of samples about their least-squares line.
float detrended_peak_to_trough(const float* x, std::size_t n) {
  if (n < 2) return 0;
  const float count = static_cast<float>(n);
  const float mean_i = (count - 1) / 2;
  float mean_x = 0;
  for (std::size_t i = 0; i < n; ++i) mean_x += x[i];
  mean_x /= count;
  float sxy = 0;
  float sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float di = static_cast<float>(i) - mean_i;
    sxy += di * (x[i] - mean_x);
    sxx += di * di;
  }
  const float slope = sxx > 0 ? sxy / sxx : 0;
  float high = 0;
  float low = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float r = x[i] - mean_x - slope * (static_cast<float>(i) - mean_i);
    high = i == 0 ? r : std::max(high, r);
    low = i == 0 ? r : std::min(low, r);
  }
  return high - low;
}
}  // namespace

void RecordedLopAnalysis::watch_quiet_period(TimePoint at, Pressure oscillation, Pressure baseline,
                                             bool beat_now) {
  if (quiet_period_.us() <= 0 || beat_now) {
    // A beat was heard (or nobody is listening): start the watch afresh.
    window_open_ = pending_ = false;
    if (quiet_period_.us() <= 0) return;
  }
  if (!window_open_) {
    window_open_ = true;
    window_start_ = at;
    window_count_ = 0;
    window_stride_ = 1;
    window_skipped_ = 0;
  }
  keep_in_window(oscillation.mmhg());
  if (pending_ &&
      at - pending_beat_.at >= Duration::from_seconds(quiet_period_.seconds() * kQuietGrace)) {
    pending_ = false;
    counted_until_ = pending_beat_.at;
    ++quiet_points_;
    add_point(placer_.place(pending_beat_));
  }
  if (at - window_start_ < quiet_period_) return;
  // One whole period and no beat: what the pulse band did over it is the
  // pulse there, however small. Placed at the period's middle.
  Beat quiet;
  quiet.at = at;
  quiet.peak_at = window_start_ + Duration::from_seconds(quiet_period_.seconds() * 0.5f);
  quiet.amplitude = Pressure::mmhg(detrended_peak_to_trough(window_.data(), window_count_));
  quiet.cuff = baseline;
  if (at >= ignore_until_) {
    pending_ = true;
    pending_beat_ = quiet;
  }
  window_start_ = at;
  window_count_ = 0;
  window_stride_ = 1;
  window_skipped_ = 0;
}

void RecordedLopAnalysis::keep_in_window(float x) {
  if (++window_skipped_ < window_stride_) return;
  window_skipped_ = 0;
  if (window_count_ == window_.size()) {
    // Full: keep every other sample from here on (a slow heart at a high
    // sample rate), so that the window still spans the whole period.
    for (std::size_t i = 0; i < window_.size() / 2; ++i) window_[i] = window_[2 * i];
    window_count_ = window_.size() / 2;
    window_stride_ *= 2;
  }
  window_[window_count_++] = x;
}

void RecordedLopAnalysis::on_beat(const Beat& raw) {
  ++beats_;
  const Beat beat = placer_.place(raw);

  if (recent_count_ >= 3 && beat.amplitude.mmhg() > kArtefactFactor * recent_median()) {
    // Two such beats in a row, the second no smaller than the first, are
    // not a jolt (a jolt comes and goes): the pulse has grown (on a fast
    // ramp at the envelope's foot it can treble within a few beats), and
    // the reference must follow it.
    const bool still_there =
        last_rejected_ > 0 && last_rejected_ < kSameBeat * beat.amplitude.mmhg();
    if (!still_there) {
      last_rejected_ = beat.amplitude.mmhg();
      ++artefacts_;
      return;
    }
    --artefacts_;  // the last one was no jolt either
    recent_count_ = 0;
  }
  last_rejected_ = 0;
  recent_[recent_next_] = beat.amplitude.mmhg();
  recent_next_ = (recent_next_ + 1) % kRecent;
  recent_count_ = std::min(recent_count_ + 1, kRecent);
  if (beat.interval.us() > 0 && interval_count_ < intervals_s_.size()) {
    intervals_s_[interval_count_++] = beat.interval.seconds();
  }
  add_point(beat);
}

void RecordedLopAnalysis::add_point(const Beat& beat) {
  if (estimator_.size() < accepted_at_.size()) accepted_at_[estimator_.size()] = beat.at;
  estimator_.add({beat.cuff, beat.amplitude});
}

int RecordedLopAnalysis::discard_since(TimePoint at) {
  int n = 0;
  while (estimator_.size() > 0 && accepted_at_[estimator_.size() - 1] >= at) {
    estimator_.pop_back();
    ++n;
  }
  return n;
}

int RecordedLopAnalysis::discard_until(TimePoint at) {
  std::size_t n = 0;
  while (n < estimator_.size() && accepted_at_[n] <= at) ++n;
  if (n == 0) return 0;
  estimator_.drop_front(n);
  std::copy(accepted_at_.begin() + static_cast<std::ptrdiff_t>(n), accepted_at_.end(),
            accepted_at_.begin());
  return static_cast<int>(n);
}

RecordedLopAnalysis::Span RecordedLopAnalysis::accepted_between(TimePoint from,
                                                                TimePoint to) const {
  Span span;
  while (span.first < estimator_.size() && accepted_at_[span.first] < from) ++span.first;
  span.last = span.first;
  while (span.last < estimator_.size() && accepted_at_[span.last] <= to) ++span.last;
  return span;
}

int RecordedLopAnalysis::discard_between(TimePoint from, TimePoint to) {
  const auto [first, last] = accepted_between(from, to);
  if (last == first) return 0;
  estimator_.erase(first, last);
  std::copy(accepted_at_.begin() + static_cast<std::ptrdiff_t>(last), accepted_at_.end(),
            accepted_at_.begin() + static_cast<std::ptrdiff_t>(first));
  return static_cast<int>(last - first);
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
