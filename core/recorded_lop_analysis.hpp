#pragma once
// The LOP detector run over a recorded sweep (an inflation or a deflation of
// the cuff past occlusion), sample by sample: the same pulse band splitter
// and beat detector as the live measurement, then the occlusion estimator.
// Used by `bfr lop replay` on recordings and by tests on simulated sweeps.

#include <array>
#include <cstddef>

#include "core/beat_detector.hpp"
#include "core/biquad.hpp"
#include "core/occlusion_estimator.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct RecordedLopResult {
  bool ok = false;
  LopFailure failure = LopFailure::kNone;
  OcclusionEstimate estimate;
  Frequency heart_rate;
  int beats = 0;
  int artefacts = 0;
};

class RecordedLopAnalysis {
 public:
  explicit RecordedLopAnalysis(Frequency sample_rate, OcclusionConfig config = {},
                               BeatDetectorLimits beats = {});

  // Samples in time order at the given rate.
  void add(TimePoint at, Pressure cuff);
  // Beats before `at` are not used (the filters are still starting up).
  void ignore_beats_until(TimePoint at) { ignore_until_ = at; }
  RecordedLopResult finish() const;
  // The envelope gathered so far (beats that passed the artefact check).
  const OcclusionEstimator& envelope() const { return estimator_; }
  // Takes back the beats accepted at or after `at` (a live measurement
  // that has found motion there); returns how many.
  int discard_since(TimePoint at);
  // Takes back the beats accepted at or before `at` (motion found there
  // only once later beats gave a reference); returns how many.
  int discard_until(TimePoint at);
  // When the i-th beat of the envelope was accepted.
  TimePoint accepted_at(std::size_t i) const { return accepted_at_[i]; }
  // Beats found so far, and how many of them were set aside as jolts.
  int beats() const { return beats_; }
  int artefacts() const { return artefacts_; }

 private:
  static constexpr std::size_t kRecent = 5;

  void on_beat(const Beat& raw);
  float recent_median() const;

  PulseBandSplitter splitter_;
  BeatDetector detector_;
  BeatPlacer placer_;
  OcclusionEstimator estimator_;
  std::array<TimePoint, OcclusionEstimator::kCapacity> accepted_at_{};
  bool started_ = false;
  TimePoint ignore_until_;
  std::array<float, kRecent> recent_{};
  std::size_t recent_count_ = 0;
  std::size_t recent_next_ = 0;
  std::array<float, OcclusionEstimator::kCapacity> intervals_s_{};
  std::size_t interval_count_ = 0;
  int beats_ = 0;
  int artefacts_ = 0;
  float last_rejected_ = 0;  // the beat just set aside as a jolt, 0 if none
};

}  // namespace bfr::core
