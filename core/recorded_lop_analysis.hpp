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
  // The envelope's beats accepted from `from` to `to`, both included, as
  // indices [first, last).
  struct Span {
    std::size_t first = 0;
    std::size_t last = 0;
  };
  Span accepted_between(TimePoint from, TimePoint to) const;
  // Takes back the beats accepted from `from` to `to`, both included
  // (motion found in the middle of the sweep); returns how many.
  int discard_between(TimePoint from, TimePoint to);
  // When the i-th beat of the envelope was accepted (for a quiet period's
  // point, when that period ended).
  TimePoint accepted_at(std::size_t i) const { return accepted_at_[i]; }
  // Above occlusion the pulse can fade under what the beat detector hears
  // (a quiet sensor leaves no noise beats either), and the floor then never
  // gathers its beats. With a heart period given, each period that passes
  // without a beat adds a point anyway: the pulse band's peak to trough
  // over that period, at the cuff pressure of its middle. A zero period
  // stops it. Such points are no beats: they are not judged as jolts, are
  // not the reference jolts are judged against, and do not count in the
  // share of jolts among the beats.
  void hear_quiet_periods(Duration heart_period) { quiet_period_ = heart_period; }
  // Beats found so far, and how many of them were set aside as jolts.
  int beats() const { return beats_; }
  int artefacts() const { return artefacts_; }
  // Points added for quiet periods so far (changes whenever one is added).
  int quiet_points() const { return quiet_points_; }

 private:
  static constexpr std::size_t kRecent = 5;

  void on_beat(const Beat& raw);
  void add_point(const Beat& beat);
  void keep_in_window(float x);
  void watch_quiet_period(TimePoint at, Pressure oscillation, Pressure baseline, bool beat_now);
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
  int quiet_points_ = 0;
  float last_rejected_ = 0;  // the beat just set aside as a jolt, 0 if none
  // The period being watched for a beat (hear_quiet_periods).
  Duration quiet_period_;
  // The pulse band over the period being watched, to measure it about its
  // own trend (a ramp that changes speed shifts the band for a while).
  // 2 s at 250 Hz; a longer period is kept at every other sample, and so on.
  static constexpr std::size_t kWindowCapacity = 512;
  std::array<float, kWindowCapacity> window_{};
  std::size_t window_count_ = 0;
  std::size_t window_stride_ = 1;
  std::size_t window_skipped_ = 0;
  TimePoint window_start_;
  bool window_open_ = false;
  // A period gone by without a beat, held for a while in case its beat is
  // only late.
  bool pending_ = false;
  Beat pending_beat_{};
  // The end of the last period counted without a beat: a beat heard late
  // whose pulse lies in that period is not counted twice.
  TimePoint counted_until_;
};

}  // namespace bfr::core
