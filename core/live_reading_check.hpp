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
//   - the envelope's peak is at least min_peak (sensor noise alone makes
//     beats of up to ~0.9 mmHg);
//   - the beats either side of the reading are close enough to place it (a
//     fast ramp that lost a fading pulse leaves a gap interpolation cannot
//     fill). A reading that fails on this alone says so, so that the ramp
//     can go back down through the gap.

#include "core/occlusion_estimator.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct LiveReadingCheck {
  bool ok = false;
  bool floor_still_falling = false;  // accepted all the same (see below)
  bool gap_only = false;             // everything but the gap around the reading is there
  bool pulse_too_weak = false;       // the envelope's peak is too small to tell from noise
  Pressure gap;                      // between the beats either side of the reading
  Pressure below_gap;                // the beat just under the reading
};

// The smallest envelope peak that stands clear of what sensor noise alone
// makes of the pulse band. At 0.4 mmHg SD (the MPX5050, facts section 4)
// about 0.15 mmHg is left in the band, and the detector's cycles of noise
// measure up to about six of those peak to trough, ~0.9 mmHg. On the bench
// an envelope of noise alone (a thigh whose LOP lay above the cap) rose and
// fell like a pulse, passed every other check and was read 227 mmHg low. A
// quieter sensor may take a lower figure (LopConfig::min_peak).
inline constexpr Pressure kDefaultMinPeak = Pressure::mmhg(1.0f);

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
