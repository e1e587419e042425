// The step fitted to an envelope's fall: where it reads occlusion on a
// clean fall, that it reads noisy falls better than the crossing does, that
// one jolt in the fall does not move it, that what lies below the fall does
// not bend it, and that it gives nothing where the estimator has nothing.

#include "core/fall_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "core/lop_measurement.hpp"

namespace bfr::core {
namespace {

// A rise to the peak, then a logistic fall into a floor: the shape the fit
// assumes, so its share point is known exactly.
struct Fall {
  float peak = 2.0f;
  float floor = 0.4f;
  float centre = 150.0f;
  float width = 5.0f;
  float at(float cuff) const {
    if (cuff < 110.0f) return floor + (peak - floor) * (cuff - 40.0f) / 70.0f;
    return floor + (peak - floor) / (1.0f + std::exp((cuff - centre) / width));
  }
  // Where the fall reaches `share` of the way from the floor to the peak.
  float share_point(float share) const { return centre + width * std::log(1.0f / share - 1.0f); }
};

// Deterministic noise, uniform in [-1, 1].
struct Noise {
  std::uint32_t state;
  float next() {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / static_cast<float>(1u << 23) - 1.0f;
  }
};

OcclusionEstimator sample(const Fall& fall, float step, float noise, std::uint32_t seed) {
  OcclusionEstimator est(live_occlusion_config());
  Noise n{seed};
  for (float p = 50.0f; p <= 230.0f; p += step) {
    est.add({Pressure::mmhg(p), Pressure::mmhg(fall.at(p) + noise * n.next())});
  }
  return est;
}

Fraction share() {
  return live_occlusion_config().threshold;
}

TEST(FallFit, ReadsTheShareOfTheFallOnACleanStep) {
  const Fall fall;
  const OcclusionEstimator est = sample(fall, 4.0f, 0.0f, 1);
  const OcclusionEstimate e = est.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  const FallFit fit = fit_fall(est, e, share());
  ASSERT_TRUE(fit.ok);
  EXPECT_NEAR(fit.occlusion.mmhg(), fall.share_point(share().value()), 1.0f);
  EXPECT_NEAR(fit.centre.mmhg(), fall.centre, 1.0f);
  EXPECT_NEAR(fit.floor.mmhg(), fall.floor, 0.05f);
  // It starts at the top of the fall, above the peak of the rise.
  EXPECT_GT(e.fall_from.mmhg(), e.peak_cuff.mmhg());
  EXPECT_LT(e.fall_from.mmhg(), fall.centre);
}

TEST(FallFit, ReadsNoisyFallsCloserThanTheCrossing) {
  // Beats 6 mmHg apart with noise of +-0.25 mmHg (an eighth of the pulse):
  // the crossing rests on the beats next to the level, the fit on all.
  const Fall fall;
  const float truth = fall.share_point(share().value());
  double fit_sq = 0, crossing_sq = 0;
  int n = 0;
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    const OcclusionEstimator est = sample(fall, 6.0f, 0.25f, seed);
    const OcclusionEstimate e = est.estimate();
    if (!e.ok) continue;
    const FallFit fit = fit_fall(est, e, share());
    ASSERT_TRUE(fit.ok);
    fit_sq += std::pow(fit.occlusion.mmhg() - truth, 2.0);
    crossing_sq += std::pow(e.crossing.mmhg() - truth, 2.0);
    ++n;
  }
  ASSERT_GT(n, 50);
  const double fit_rms = std::sqrt(fit_sq / n);
  const double crossing_rms = std::sqrt(crossing_sq / n);
  EXPECT_LT(fit_rms, 0.9 * crossing_rms) << "fit " << fit_rms << ", crossing " << crossing_rms;
}

TEST(FallFit, OneJoltInTheFallIsLeftOut) {
  const Fall fall;
  const float truth = fall.share_point(share().value());
  OcclusionEstimator est(live_occlusion_config());
  for (float p = 50.0f; p <= 230.0f; p += 4.0f) {
    // A jolt just past the fall, at the size of the peak.
    const float a = p == 170.0f ? fall.peak : fall.at(p);
    est.add({Pressure::mmhg(p), Pressure::mmhg(a)});
  }
  const OcclusionEstimate e = est.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  const FallFit fit = fit_fall(est, e, share());
  ASSERT_TRUE(fit.ok);
  EXPECT_NEAR(fit.occlusion.mmhg(), truth, 1.5f);
}

TEST(FallFit, AJoltOverThePeakAboveTheFallDoesNotDrawTheStepToIt) {
  // Beats spaced as on a live ramp through a wide cuff's fall (a 3.7 s gap
  // where motion hid the beats), and one jolt above occlusion larger than
  // the peak. A sharp step just above the jolt fits the rest but two beats
  // of the real fall; the first fit takes it, and the beat farthest from it
  // is then one of the fall's own. The lone spike is the one left out.
  Fall fall;
  fall.peak = 3.7f;
  fall.centre = 138.0f;
  fall.width = 4.0f;
  const float truth = fall.share_point(share().value());
  OcclusionEstimator est(live_occlusion_config());
  for (const float p : {49.0f, 67.0f, 69.0f, 82.0f, 93.0f, 105.0f, 118.0f, 132.0f, 145.0f, 172.0f,
                        186.0f, 187.0f, 191.0f, 197.0f, 202.0f, 205.0f}) {
    const float a = p == 172.0f ? 3.8f : fall.at(p);
    est.add({Pressure::mmhg(p), Pressure::mmhg(a)});
  }
  const OcclusionEstimate e = est.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  const FallFit fit = fit_fall(est, e, share());
  ASSERT_TRUE(fit.ok);
  EXPECT_NEAR(fit.occlusion.mmhg(), truth, 4.0f) << "crossing " << e.crossing.mmhg();
}

TEST(FallFit, WhatLiesBelowTheFallDoesNotBendIt) {
  // A spike far below the fall, a little larger than the pulse's own peak,
  // stands as the envelope's peak, and a dip lies between it and the fall
  // (as on one of the shared recordings).
  const Fall fall;
  OcclusionEstimator est(live_occlusion_config());
  for (float p = 50.0f; p <= 230.0f; p += 4.0f) {
    float a = fall.at(p);
    if (p >= 62.0f && p <= 66.0f) a = 2.1f;
    if (p > 70.0f && p < 100.0f) a = 1.0f;
    est.add({Pressure::mmhg(p), Pressure::mmhg(a)});
  }
  const OcclusionEstimate e = est.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  ASSERT_LT(e.peak_cuff.mmhg(), 70.0f);  // the spike is the peak
  const FallFit fit = fit_fall(est, e, share());
  ASSERT_TRUE(fit.ok);
  // Read on the fall at 150, not on a slope from the spike.
  EXPECT_NEAR(fit.centre.mmhg(), fall.centre, 3.0f);
  EXPECT_GT(e.fall_from.mmhg(), 100.0f);
}

TEST(FallFit, NothingWhereTheEstimatorHasNothing) {
  const Fall fall;
  OcclusionEstimator est(live_occlusion_config());
  // The sweep stops on the fall: no floor, no estimate, no fit.
  for (float p = 50.0f; p <= 150.0f; p += 4.0f) {
    est.add({Pressure::mmhg(p), Pressure::mmhg(fall.at(p))});
  }
  const OcclusionEstimate e = est.estimate();
  EXPECT_FALSE(e.ok);
  EXPECT_FALSE(fit_fall(est, e, share()).ok);
}

TEST(FallFit, RefiningKeepsTheCrossing) {
  const Fall fall;
  const OcclusionEstimator est = sample(fall, 6.0f, 0.25f, 7);
  OcclusionEstimate e = est.estimate();
  ASSERT_TRUE(e.ok);
  const Pressure crossing = e.occlusion;
  EXPECT_FALSE(e.fitted);
  refine_by_fit(est, e);
  EXPECT_TRUE(e.fitted);
  EXPECT_EQ(e.crossing.mmhg(), crossing.mmhg());
  EXPECT_EQ(e.occlusion.mmhg(), fit_fall(est, est.estimate(), share()).occlusion.mmhg());
}

}  // namespace
}  // namespace bfr::core
