#pragma once
// Reads where the envelope falls into its floor from a smooth step fitted to
// every beat of the fall and the floor, rather than from the first crossing
// of a level by the median-smoothed envelope.
//
// The crossing hangs on the two or three beats either side of the level: on
// a narrow cuff or a slow sensor one beat 0.2 mmHg off moves it by the
// spacing between beats. The step
//     a(p) = F + (T - F) / (1 + exp((p - c) / s))
// with T the envelope's peak, the floor F, the centre c and the width s
// fitted by least squares, leans on all of them at once. The beats fitted
// start at the top of the fall (OcclusionEstimate::fall_from, the last beat
// still within a tenth of the peak's height), not at the peak: what the
// envelope does between its peak and its fall (a shoulder, or a peak made
// by an artefact far below) is no step and would bend the fit. F is kept
// near the estimator's floor (0.7-1.3 of it): left free, a fall seen over
// few beats is fitted as a slow slope into a floor far below the real one.
// When one beat lies far off the first fit (a jolt the motion gate let
// through) one beat is taken out and the step fitted again: the one farthest
// off the first fit, or the highest lone spike, whichever leaves the better
// fit (a jolt above occlusion and over the peak draws the first fit to
// itself, and the farthest beat is then one of the real fall's). Occlusion
// is read where the step has
// fallen to `F + share x (T - F)`, the same rule as the crossing's.
//
// A grid over c and s (F follows from them in closed form): no iteration
// that could fail to converge, bounded work, no heap. The live measurement
// calls it once, when a reading has passed its checks. The recorded
// analysis keeps the crossing: on the shared real recordings (deflations
// by another device) and on simulated sweeps the fit gained nothing
// (docs/LOP.md).

#include "core/occlusion_estimator.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct FallFit {
  bool ok = false;
  Pressure occlusion;
  Pressure centre;  // c: where the step is halfway down
  Pressure width;   // s
  Pressure floor;   // F
};

// `estimate` is the estimator's reading of the same beats (its peak and
// floor); `share` is where on the fall occlusion is read.
FallFit fit_fall(const OcclusionEstimator& beats, const OcclusionEstimate& estimate,
                 Fraction share);

// Replaces the estimate's occlusion by the fitted one (at the estimator's
// own threshold) when the fit can be made; the crossing stays in
// `estimate.crossing`.
void refine_by_fit(const OcclusionEstimator& beats, OcclusionEstimate& estimate);

}  // namespace bfr::core
