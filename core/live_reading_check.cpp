#include "core/live_reading_check.hpp"

#include <algorithm>

namespace bfr::core {
namespace {

// Beats on the envelope's rising side, and how far it must have risen to
// its peak (the ramp may start close to the peak on a low mean arterial
// pressure).
constexpr int kMinRisingBeats = 2;
constexpr float kMinRiseBeforePeak = 1.15f;
// Occlusion lies at least this far above the envelope's peak (pulse
// pressures are 30-60 mmHg at rest).
constexpr Pressure kMinPeakToOcclusion = Pressure::mmhg(10.0f);
// A floor higher than this share of the peak is not yet a floor: the
// simulated population's floors sit well under it, and real recordings show
// 30-50 % of the peak (docs/LOP.md).
constexpr float kMaxFloorShare = 0.45f;
// The floor's median absolute deviation, as a share of the envelope's height
// above it, beyond which the floor is still settling.
constexpr float kMaxFloorWander = 0.2f;
// The largest gap between the beats either side of a reading (about two
// beats of the fast ramp), and the gap that still earns full marks.
constexpr Pressure kMaxGap = Pressure::mmhg(20.0f);
constexpr Pressure kFineGap = Pressure::mmhg(8.0f);

// The floor's lower half (by pressure) above its upper half by more than
// this share of the envelope's height: the pulse is still on its way down.
// (A slow residual decay well under that moves the reading by a mmHg or
// two; waiting it out costs many beats.)
constexpr float kStillFalling = 0.08f;

Pressure top_of(const OcclusionEstimator& env) {
  Pressure top;
  for (const EnvelopePoint& p : env) top = max(top, p.cuff);
  return top;
}

}  // namespace

LiveReadingCheck check_live_reading(const OcclusionEstimate& e, const OcclusionEstimator& env,
                                    Pressure floor_margin, bool accept_falling_floor,
                                    Pressure min_peak) {
  LiveReadingCheck c;
  if (!e.ok) return c;
  int rising = 0;
  Pressure foot = e.peak_amplitude;
  Pressure below = e.peak_cuff;
  Pressure above = Pressure::mmhg(1e6f);
  for (const EnvelopePoint& p : env) {
    if (p.cuff < e.peak_cuff) {
      ++rising;
      foot = min(foot, p.amplitude);
    }
    if (p.cuff <= e.occlusion) below = max(below, p.cuff);
    if (p.cuff >= e.occlusion) above = min(above, p.cuff);
  }
  const bool rose = rising >= kMinRisingBeats && e.peak_amplitude >= foot * kMinRiseBeforePeak;
  c.gap = above - below;
  c.below_gap = below;
  const Pressure reading_gap = c.gap;
  // The fall itself must have been heard: the widest gap between beats from
  // the peak up to the one under the reading. (A quadratic scan: it runs
  // once per beat on at most a few dozen beats above the peak.)
  for (const EnvelopePoint& p : env) {
    if (p.cuff < e.peak_cuff || p.cuff >= below) continue;
    Pressure next = below;
    for (const EnvelopePoint& q : env) {
      if (q.cuff > p.cuff) next = min(next, q.cuff);
    }
    if (next - p.cuff > c.gap) {
      c.gap = next - p.cuff;
      c.below_gap = p.cuff;
      c.gap_in_fall = true;
    }
  }
  // A steady fall shows in the floor's beats as a lower half clearly above
  // the upper half; a spread measure on so few beats cannot see it.
  float lower_sum = 0, upper_sum = 0;
  int lower_n = 0, upper_n = 0;
  const float mid = 0.5f * (e.floor_from.mmhg() + top_of(env).mmhg());
  for (const EnvelopePoint& p : env) {
    if (p.cuff < e.floor_from) continue;
    if (p.cuff.mmhg() < mid) {
      lower_sum += p.amplitude.mmhg();
      ++lower_n;
    } else {
      upper_sum += p.amplitude.mmhg();
      ++upper_n;
    }
  }
  const Pressure height = e.peak_amplitude - e.floor_amplitude;
  const bool still_falling =
      lower_n > 0 && upper_n > 0 &&
      lower_sum / static_cast<float>(lower_n) - upper_sum / static_cast<float>(upper_n) >
          kStillFalling * height.mmhg();
  c.floor_still_falling = still_falling;
  const bool floor_ok = (!still_falling || accept_falling_floor) &&
                        e.occlusion >= e.peak_cuff + kMinPeakToOcclusion &&
                        e.floor_amplitude <= e.peak_amplitude * kMaxFloorShare &&
                        e.floor_wander <= height * kMaxFloorWander &&
                        e.floor_from >= e.occlusion + floor_margin;
  c.pulse_too_weak = e.peak_amplitude < min_peak;
  const bool fall_ok = floor_ok && !c.pulse_too_weak;
  c.ok = rose && fall_ok && c.gap <= kMaxGap;
  c.ok_but_fall_gap = rose && fall_ok && reading_gap <= kMaxGap && c.gap_in_fall && !c.ok;
  c.gap_only = rose && fall_ok && c.gap > kMaxGap;
  // (Going back under the peak for the rise passes through any gap in the
  // fall on the way down.)
  c.rise_only = !rose && fall_ok && reading_gap <= kMaxGap;
  return c;
}

float placement_share(Pressure gap) {
  return std::clamp(1.0f - (gap - kFineGap) / (kMaxGap - kFineGap), 0.0f, 1.0f);
}

}  // namespace bfr::core
