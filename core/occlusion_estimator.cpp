#include "core/occlusion_estimator.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::core {
namespace {

// See OcclusionEstimate::fall_from.
constexpr float kTopOfFall = 0.9f;

float median3(float a, float b, float c) {
  return std::max(std::min(a, b), std::min(std::max(a, b), c));
}

// Where the envelope, walking up in pressure from `from`, first falls below
// `level` and the next point stays below too; interpolated between the last
// point above and the first below. False if it never does.
bool crossing_above(const std::array<EnvelopePoint, OcclusionEstimator::kCapacity>& env,
                    std::size_t n, std::size_t from, float level, Pressure& out) {
  for (std::size_t i = from + 1; i < n; ++i) {
    const bool below = env[i].amplitude.mmhg() < level;
    const bool next_below = i + 1 >= n || env[i + 1].amplitude.mmhg() < level;
    if (!below || !next_below) continue;
    const EnvelopePoint& hi = env[i - 1];  // still at or above the level
    const EnvelopePoint& lo = env[i];
    const float span = hi.amplitude.mmhg() - lo.amplitude.mmhg();
    const float f = span > 0 ? (hi.amplitude.mmhg() - level) / span : 0.0f;
    out = hi.cuff + (lo.cuff - hi.cuff) * std::clamp(f, 0.0f, 1.0f);
    return true;
  }
  return false;
}

}  // namespace

void OcclusionEstimator::erase(std::size_t first, std::size_t last) {
  last = std::min(last, count_);
  if (first >= last) return;
  std::copy(points_.begin() + static_cast<std::ptrdiff_t>(last),
            points_.begin() + static_cast<std::ptrdiff_t>(count_),
            points_.begin() + static_cast<std::ptrdiff_t>(first));
  count_ -= last - first;
}

bool OcclusionEstimator::add(EnvelopePoint point) {
  if (count_ >= kCapacity) return false;
  points_[count_++] = point;
  return true;
}

OcclusionEstimate OcclusionEstimator::estimate() const {
  OcclusionEstimate r;
  r.points = static_cast<int>(count_);
  if (count_ < static_cast<std::size_t>(config_.min_points)) {
    r.failure = LopFailure::kNoPulse;
    return r;
  }
  // Pressure order, then a median of three neighbours: one odd beat cannot
  // make a peak or a crossing.
  std::array<EnvelopePoint, kCapacity> sorted = points_;
  std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(count_),
            [](const EnvelopePoint& a, const EnvelopePoint& b) { return a.cuff < b.cuff; });
  std::array<EnvelopePoint, kCapacity> env = sorted;
  for (std::size_t i = 1; i + 1 < count_; ++i) {
    env[i].amplitude =
        Pressure::mmhg(median3(sorted[i - 1].amplitude.mmhg(), sorted[i].amplitude.mmhg(),
                               sorted[i + 1].amplitude.mmhg()));
  }
  // The ends have one neighbour only: the smaller of the two, so that a
  // jolt on the first or last beat cannot stand as a peak.
  env[0].amplitude = min(sorted[0].amplitude, sorted[1].amplitude);
  env[count_ - 1].amplitude = min(sorted[count_ - 1].amplitude, sorted[count_ - 2].amplitude);

  std::size_t peak = 0;
  for (std::size_t i = 1; i < count_; ++i) {
    if (env[i].amplitude > env[peak].amplitude) peak = i;
  }
  r.peak_cuff = env[peak].cuff;
  r.peak_amplitude = env[peak].amplitude;
  if (config_.sparse_peak) {
    // Few beats across the peak (a fast ramp): a median of three shaves it
    // off. The mean of the two largest beats keeps it, and one jolt alone
    // cannot make it.
    float first = 0, second = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      const float a = sorted[i].amplitude.mmhg();
      if (a > first) {
        second = first;
        first = a;
      } else if (a > second) {
        second = a;
      }
    }
    r.peak_amplitude = max(r.peak_amplitude, Pressure::mmhg(0.5f * (first + second)));
  }

  // The floor: amplitudes in the top zone of the sweep above the peak.
  const float top = env[count_ - 1].cuff.mmhg();
  float zone_start = top - config_.floor_zone.value() * (top - r.peak_cuff.mmhg());
  const auto min_floor = static_cast<std::size_t>(config_.min_floor_points);
  if (config_.widen_floor_zone && count_ >= peak + 1 + min_floor) {
    zone_start = std::min(zone_start, env[count_ - min_floor].cuff.mmhg());
  }
  r.floor_from = Pressure::mmhg(zone_start);
  std::array<float, kCapacity> floor_values{};
  std::size_t floor_n = 0;
  for (std::size_t i = peak + 1; i < count_; ++i) {
    if (env[i].cuff.mmhg() >= zone_start) floor_values[floor_n++] = env[i].amplitude.mmhg();
  }
  if (floor_n < min_floor) {
    r.failure = LopFailure::kNotAboveOcclusion;
    return r;
  }
  std::nth_element(floor_values.begin(),
                   floor_values.begin() + static_cast<std::ptrdiff_t>(floor_n / 2),
                   floor_values.begin() + static_cast<std::ptrdiff_t>(floor_n));
  const float floor = floor_values[floor_n / 2];
  r.floor_amplitude = Pressure::mmhg(floor);
  // How much the floor itself wanders (median absolute deviation): on a
  // noisy sweep the crossing level must stand clear of that wander, or the
  // envelope hovers about it and the crossing is found late.
  for (std::size_t i = 0; i < floor_n; ++i) floor_values[i] = std::abs(floor_values[i] - floor);
  std::nth_element(floor_values.begin(),
                   floor_values.begin() + static_cast<std::ptrdiff_t>(floor_n / 2),
                   floor_values.begin() + static_cast<std::ptrdiff_t>(floor_n));
  const float floor_wander = floor_values[floor_n / 2];
  r.floor_wander = Pressure::mmhg(floor_wander);
  const float peak_amp = r.peak_amplitude.mmhg();
  if (peak_amp < config_.min_contrast * floor) {
    // An envelope that rose out of the low pressures but has not fallen
    // back: the sweep stopped short of occlusion. One that never rose at
    // all: no arterial pulse to speak of.
    const bool rose = peak_amp >= config_.min_contrast * env[0].amplitude.mmhg();
    r.failure = rose ? LopFailure::kNotAboveOcclusion : LopFailure::kNoPulse;
    return r;
  }

  const float level = floor + std::max(config_.threshold.value() * (peak_amp - floor),
                                       config_.noise_margin * floor_wander);
  if (!crossing_above(env, count_, peak, level, r.occlusion)) {
    r.failure = LopFailure::kNotAboveOcclusion;
    return r;
  }
  r.crossing = r.occlusion;
  const float top_of_fall = floor + kTopOfFall * (peak_amp - floor);
  r.fall_from = r.peak_cuff;
  for (std::size_t i = peak; i < count_ && env[i].cuff <= r.occlusion; ++i) {
    if (env[i].amplitude.mmhg() >= top_of_fall) r.fall_from = env[i].cuff;
  }
  r.fixed_ratio_ok =
      crossing_above(env, count_, peak, config_.fixed_ratio.value() * peak_amp, r.fixed_ratio);

  // Quality: how far the pulse stands out of its floor (full marks at 3x),
  // and how many beats lie between the peak and the estimate (full at 8).
  std::size_t beats_up = 0;
  for (std::size_t i = peak; i < count_ && env[i].cuff <= r.occlusion; ++i) ++beats_up;
  const float contrast = std::clamp((peak_amp / std::max(floor, 1e-3f) - 1.0f) / 2.0f, 0.0f, 1.0f);
  const float support = std::clamp(static_cast<float>(beats_up) / 8.0f, 0.0f, 1.0f);
  r.quality = Fraction(contrast * support);
  r.ok = true;
  return r;
}

}  // namespace bfr::core
