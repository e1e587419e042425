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
  explicit RecordedLopAnalysis(Frequency sample_rate, OcclusionConfig config = {});

  // Samples in time order at the given rate.
  void add(TimePoint at, Pressure cuff);
  RecordedLopResult finish() const;
  // The envelope gathered so far (beats that passed the artefact check).
  const OcclusionEstimator& envelope() const { return estimator_; }

 private:
  static constexpr std::size_t kRecent = 5;

  void on_beat(const Beat& raw);
  float recent_median() const;

  PulseBandSplitter splitter_;
  BeatDetector detector_;
  BeatPlacer placer_;
  OcclusionEstimator estimator_;
  bool started_ = false;
  std::array<float, kRecent> recent_{};
  std::size_t recent_count_ = 0;
  std::size_t recent_next_ = 0;
  std::array<float, OcclusionEstimator::kCapacity> intervals_s_{};
  std::size_t interval_count_ = 0;
  int beats_ = 0;
  int artefacts_ = 0;
};

}  // namespace bfr::core
