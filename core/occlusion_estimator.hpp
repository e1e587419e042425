#pragma once
// Finds the occlusion pressure in an oscillometric envelope: the cuff
// pressure above which the arterial pulse stops growing back out of its
// residual floor.
//
// Pulses do not vanish above occlusion: the cuff keeps picking them up at
// its upper edge, and sensor noise adds its own floor (Babbs 2012, facts
// section 4; the real recordings show a floor of 30-50 % of the peak). So
// the decision is made on the change in the envelope, not on its absence:
//   1. the envelope (one amplitude per beat, median of three neighbours in
//      pressure order) has a peak between diastolic and systolic pressure;
//   2. beyond the peak, on the high-pressure side, the top part of the
//      sweep gives the floor (the median amplitude there);
//   3. occlusion is where the envelope, going up from the peak, falls to
//      `floor + threshold x (peak - floor)` (or to the floor's own noise
//      margin, if that is higher) and stays below it.
// The classic fixed-ratio rule (systolic where the envelope falls to a fixed
// share of its peak, 0.59 by default, from Liu 2014) is computed on the same
// envelope so that the two can be compared on the same data.
//
// Works for inflating and deflating sweeps alike: points are taken in
// pressure order. Fixed capacity, no heap, no exceptions.

#include <array>
#include <cstddef>

#include "core/events.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct EnvelopePoint {
  Pressure cuff;
  Pressure amplitude;
};

struct OcclusionConfig {
  // Share of the peak-above-floor where occlusion is read. Set on
  // simulated deflations of a virtual population (docs/LOP.md): at 0.2 the
  // bias against the true LOP is within +-1.5 mmHg on arm and thigh, for
  // sweeps starting 40 or 70 mmHg above LOP.
  Fraction threshold = Fraction(0.2f);
  // ... but never closer to the floor than this many of the floor's median
  // absolute deviations (3 MAD is about 2 SD of the floor's wander).
  float noise_margin = 3.0f;
  Fraction fixed_ratio = Fraction(0.59f);
  // The top part of the sweep above the peak that makes the floor, as a
  // share of the span from the peak to the highest pressure reached.
  Fraction floor_zone = Fraction(0.4f);
  int min_floor_points = 3;
  // With too few beats in the floor zone, take the zone down to the
  // `min_floor_points` highest beats instead of giving up (a live ramp past
  // occlusion hears few beats, and the zone grows with the sweep).
  bool widen_floor_zone = false;
  // The peak's size from the two largest beats when that is more than the
  // smoothed envelope shows (see the estimator).
  bool sparse_peak = false;
  // The envelope must stand clear of its floor: peak at least this many
  // times the floor, or there is no pulse to speak of.
  float min_contrast = 1.4f;
  int min_points = 8;
};

struct OcclusionEstimate {
  bool ok = false;
  LopFailure failure = LopFailure::kNone;
  Pressure occlusion;  // the floor-corrected estimate
  // Where the smoothed envelope crosses the level; `occlusion` is the same
  // unless a step fitted to the fall has refined it (core/fall_fit.hpp).
  Pressure crossing;
  bool fitted = false;
  // The top of the fall: going up from the peak, the last beat before the
  // crossing whose smoothed amplitude is still within a tenth of the
  // envelope's height of the peak.
  Pressure fall_from;
  Pressure fixed_ratio;  // the classic rule on the same envelope
  bool fixed_ratio_ok = false;
  Pressure peak_cuff;  // where the envelope peaks
  Pressure peak_amplitude;
  Pressure floor_amplitude;
  Pressure floor_from;    // the lowest cuff pressure of the floor's beats
  Pressure floor_wander;  // median absolute deviation of the floor's beats
  Fraction quality;       // 0..1: contrast and how many beats back the result
  int points = 0;
};

class OcclusionEstimator {
 public:
  static constexpr std::size_t kCapacity = 256;

  explicit OcclusionEstimator(OcclusionConfig config = {}) : config_(config) {}

  void reset() { count_ = 0; }
  // Adds one beat's amplitude at its cuff pressure; returns false when full.
  bool add(EnvelopePoint point);
  std::size_t size() const { return count_; }
  // The beats added so far, in the order they came.
  const EnvelopePoint* begin() const { return points_.data(); }
  const EnvelopePoint* end() const { return points_.data() + count_; }
  // Takes back the latest beat.
  void pop_back() {
    if (count_ > 0) --count_;
  }
  // Takes back the earliest `n` beats.
  void drop_front(std::size_t n) { erase(0, n); }
  // Takes back the beats from index `first` up to, not including, `last`.
  void erase(std::size_t first, std::size_t last);
  // Pressure-sorted, median-smoothed envelope, computed on demand.
  OcclusionEstimate estimate() const;
  const OcclusionConfig& config() const { return config_; }
  // The same beats read with other settings (a copy: for a one-off reading).
  OcclusionEstimator with_config(const OcclusionConfig& config) const {
    OcclusionEstimator copy = *this;
    copy.config_ = config;
    return copy;
  }

 private:
  OcclusionConfig config_;
  std::array<EnvelopePoint, kCapacity> points_{};
  std::size_t count_ = 0;
};

}  // namespace bfr::core
