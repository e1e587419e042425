// The occlusion estimator on synthetic envelopes: where it reads occlusion,
// that pressure order does not matter, and each reason it refuses.

#include "core/occlusion_estimator.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace bfr::core {
namespace {

// A Babbs-like envelope: a bell below occlusion that decays exponentially
// above it into a flat floor. Occlusion at `lop`.
float envelope_at(float cuff, float lop, float peak_at, float floor) {
  const float peak = 3.0f;
  if (cuff <= lop) {
    const float x = (cuff - peak_at) / 30.0f;
    const float bell = peak * std::exp(-x * x);
    const float at_lop = peak * std::exp(-((lop - peak_at) / 30.0f) * ((lop - peak_at) / 30.0f));
    return floor + (bell - at_lop) + at_lop;
  }
  const float at_lop = peak * std::exp(-((lop - peak_at) / 30.0f) * ((lop - peak_at) / 30.0f));
  return floor + at_lop * std::exp(-(cuff - lop) / 6.0f);
}

OcclusionEstimator sweep(float from, float to, float step, float lop, float floor) {
  OcclusionEstimator est;
  const float dir = to > from ? 1.0f : -1.0f;
  for (float p = from; dir * (to - p) >= 0; p += dir * step) {
    est.add({Pressure::mmhg(p), Pressure::mmhg(envelope_at(p, lop, lop - 40, floor))});
  }
  return est;
}

TEST(OcclusionEstimator, ReadsNearOcclusionOnACleanEnvelope) {
  const OcclusionEstimate e = sweep(40, 200, 2.5f, 140, 0.1f).estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  // The level sits 15 % of the way from floor to peak; on this envelope
  // that is a few mmHg either side of the knee at 140.
  EXPECT_NEAR(e.occlusion.mmhg(), 140.0f, 8.0f);
  EXPECT_NEAR(e.peak_cuff.mmhg(), 100.0f, 5.0f);
  EXPECT_NEAR(e.floor_amplitude.mmhg(), 0.1f, 0.05f);
  EXPECT_GT(e.quality.value(), 0.5f);
  // The fixed-ratio rule reads lower, inside the bell.
  ASSERT_TRUE(e.fixed_ratio_ok);
  EXPECT_LT(e.fixed_ratio.mmhg(), e.occlusion.mmhg() - 5.0f);
}

TEST(OcclusionEstimator, InflatingAndDeflatingOrderGiveTheSameValue) {
  const OcclusionEstimate up = sweep(40, 200, 2.5f, 150, 0.3f).estimate();
  const OcclusionEstimate down = sweep(200, 40, 2.5f, 150, 0.3f).estimate();
  ASSERT_TRUE(up.ok);
  ASSERT_TRUE(down.ok);
  EXPECT_FLOAT_EQ(up.occlusion.mmhg(), down.occlusion.mmhg());
}

TEST(OcclusionEstimator, FollowsOcclusionNotThePeakShare) {
  // Same bell, occlusion 20 mmHg higher: the estimate moves with it.
  const OcclusionEstimate a = sweep(40, 220, 2.0f, 130, 0.2f).estimate();
  const OcclusionEstimate b = sweep(40, 220, 2.0f, 150, 0.2f).estimate();
  ASSERT_TRUE(a.ok);
  ASSERT_TRUE(b.ok);
  EXPECT_NEAR(b.occlusion.mmhg() - a.occlusion.mmhg(), 20.0f, 4.0f);
}

TEST(OcclusionEstimator, OneWildBeatDoesNotMoveTheResult) {
  OcclusionEstimator clean = sweep(40, 200, 2.5f, 140, 0.2f);
  OcclusionEstimator jolted = sweep(40, 200, 2.5f, 140, 0.2f);
  jolted.add({Pressure::mmhg(171.0f), Pressure::mmhg(9.0f)});  // a jolt far above occlusion
  ASSERT_TRUE(jolted.estimate().ok);
  EXPECT_NEAR(jolted.estimate().occlusion.mmhg(), clean.estimate().occlusion.mmhg(), 1.5f);
}

TEST(OcclusionEstimator, RefusesTooFewBeats) {
  OcclusionEstimator est;
  for (int i = 0; i < 5; ++i)
    est.add({Pressure::mmhg(100.0f + static_cast<float>(i)), Pressure::mmhg(1.0f)});
  const OcclusionEstimate e = est.estimate();
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.failure, LopFailure::kNoPulse);
}

TEST(OcclusionEstimator, RefusesASweepThatStopsBeforeOcclusion) {
  // Up to 125 with occlusion at 150: the pulse is still strong at the top.
  const OcclusionEstimate e = sweep(40, 125, 2.5f, 150, 0.2f).estimate();
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.failure, LopFailure::kNotAboveOcclusion);
}

TEST(OcclusionEstimator, RefusesAFlatEnvelope) {
  // A pulse that does not change with pressure is no arterial envelope.
  OcclusionEstimator est;
  for (float p = 40; p <= 200; p += 2.5f) est.add({Pressure::mmhg(p), Pressure::mmhg(1.0f)});
  const OcclusionEstimate e = est.estimate();
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.failure, LopFailure::kNoPulse);
}

TEST(OcclusionEstimator, HasAFixedCapacity) {
  OcclusionEstimator est;
  for (std::size_t i = 0; i < OcclusionEstimator::kCapacity; ++i) {
    ASSERT_TRUE(est.add({Pressure::mmhg(static_cast<float>(i)), Pressure::mmhg(1.0f)}));
  }
  EXPECT_FALSE(est.add({Pressure::mmhg(1.0f), Pressure::mmhg(1.0f)}));
  EXPECT_EQ(est.size(), OcclusionEstimator::kCapacity);
}

TEST(OcclusionEstimator, DropFrontTakesBackTheEarliestBeats) {
  OcclusionEstimator est;
  for (int i = 0; i < 5; ++i) {
    est.add({Pressure::mmhg(50.0f + 10.0f * static_cast<float>(i)), Pressure::mmhg(1.0f)});
  }
  est.drop_front(2);
  ASSERT_EQ(est.size(), 3u);
  EXPECT_EQ(est.begin()->cuff.mmhg(), 70.0f);  // the third beat is now the first
  EXPECT_EQ((est.end() - 1)->cuff.mmhg(), 90.0f);
  est.drop_front(10);
  EXPECT_EQ(est.size(), 0u);
}

TEST(OcclusionEstimator, EraseTakesBackBeatsFromTheMiddle) {
  OcclusionEstimator est;
  for (int i = 0; i < 6; ++i) {
    est.add({Pressure::mmhg(50.0f + 10.0f * static_cast<float>(i)), Pressure::mmhg(1.0f)});
  }
  est.erase(1, 3);  // the beats at 60 and 70
  ASSERT_EQ(est.size(), 4u);
  EXPECT_EQ(est.begin()[0].cuff.mmhg(), 50.0f);
  EXPECT_EQ(est.begin()[1].cuff.mmhg(), 80.0f);
  EXPECT_EQ(est.begin()[3].cuff.mmhg(), 100.0f);
  est.erase(2, 2);   // an empty range changes nothing
  est.erase(3, 99);  // a range past the end stops at the end
  ASSERT_EQ(est.size(), 3u);
  EXPECT_EQ((est.end() - 1)->cuff.mmhg(), 90.0f);
}

}  // namespace
}  // namespace bfr::core
