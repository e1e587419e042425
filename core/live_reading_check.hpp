#pragma once
// When an occlusion reading taken during a live ramp can be trusted.
//
// The estimator reads the floor (the pulse left above occlusion) from the
// top part of the sweep above the envelope's peak. On a ramp that is still
// on its way up, that part may hold the falling edge: the floor reads high
// and occlusion low. So a reading counts only when
//   - the envelope rose to its peak from below (beats on its rising side);
//   - occlusion lies clearly above the peak (the peak sits near mean
//     arterial pressure, occlusion at systolic and above);
//   - the floor is low beside the peak, its beats agree among themselves
//     (on the falling edge they scatter) and have stopped falling (its
//     lower half not clearly above its upper half);
//   - every floor beat lies above the occlusion read, by a margin;
//   - the envelope's peak is at least min_peak (three SDs of the sensor's
//     noise, never under 1 mmHg: noise alone makes beats a few SDs high);
//   - the beats either side of the reading are close enough to place it (a
//     fast ramp that lost a fading pulse leaves a gap interpolation cannot
//     fill), and so are the beats of the fall between the peak and the
//     reading (a motion pause that took out the fall can leave a jolt where
//     the fall should be, read as its top). A reading that fails on this
//     alone says so, so that the ramp can go back down through the gap.
// A reading that fails only on the first condition says so too: beats taken
// out as motion can leave a clean fall and floor with no rise before the
// peak, and the ramp can go back under the peak to hear it.

#include "core/occlusion_estimator.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct LiveReadingCheck {
  bool ok = false;
  bool floor_still_falling = false;  // accepted all the same (see below)
  bool gap_only = false;             // everything but the gap around the reading is there
  bool rise_only = false;            // everything but the rise to the peak is there
  bool pulse_too_weak = false;       // the envelope's peak is too small to tell from noise
  Pressure gap;                      // the widest: across the reading, or in the fall below it
  Pressure below_gap;                // the beat at the gap's lower edge
  bool gap_in_fall = false;          // the widest gap lies below the reading's own
  // Everything but a gap in the fall below the reading is there: the
  // reading as it was judged before the fall's gaps were.
  bool ok_but_fall_gap = false;
};

// The smallest envelope peak that stands clear of what sensor noise alone
// makes of the pulse band. The detector's cycles of noise measure a few
// times the noise's SD peak to trough, and a slow sweep hears dozens of them:
// on the bench an arm whose pulse never rose above an MPX5050's 0.4 mmHg of
// noise (facts section 4) gave an envelope peaking at 1.15 mmHg that passed
// every other check and was read 246 mmHg against a true 95 (a target set
// from it would occlude the limb), and readings of MPX5050 envelopes
// peaking under 1.2 mmHg were off by +29 mmHg on average (docs/LOP.md). So
// the least peak is three noise SDs, never under 1 mmHg: below that the
// bench has no evidence that a pulse is read well (a thigh whose LOP lay
// above the cap was read 227 mmHg low from noise under 1 mmHg).
inline constexpr Pressure kLeastMinPeak = Pressure::mmhg(1.0f);
constexpr Pressure min_peak_for_noise(Pressure noise_sd) {
  const Pressure three_sd = noise_sd * 3.0f;
  return three_sd > kLeastMinPeak ? three_sd : kLeastMinPeak;
}
// The default is for the noisier sensor the facts describe (0.4 mmHg SD);
// a device that knows its sensor is quieter sets LopConfig::min_peak from
// min_peak_for_noise.
inline constexpr Pressure kDefaultMinPeak = min_peak_for_noise(Pressure::mmhg(0.4f));

// `accept_falling_floor`: at the cap there is no room left for the floor to
// settle; a floor still falling is then accepted (and said so), which reads
// occlusion a little low rather than not at all.
LiveReadingCheck check_live_reading(const OcclusionEstimate& estimate,
                                    const OcclusionEstimator& envelope, Pressure floor_margin,
                                    bool accept_falling_floor = false,
                                    Pressure min_peak = kDefaultMinPeak);

// How well placed a reading is between its two beats: 1 within a fine gap,
// falling to 0 at the largest gap accepted.
float placement_share(Pressure gap);

}  // namespace bfr::core
