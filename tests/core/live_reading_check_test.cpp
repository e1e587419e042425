// When a reading taken during a live ramp counts: hand-built envelopes
// through the live estimator settings, then the check.

#include "core/live_reading_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>

#include "core/lop_measurement.hpp"

namespace bfr::core {
namespace {

const Pressure kFloorMargin = Pressure::mmhg(5.0f);

// A small alternating wobble, so that no two floor beats are equal.
float wobble(int i) {
  return (i % 2 == 0 ? 0.02f : -0.02f);
}

// The shape of a live ramp's envelope, beats every 4 mmHg from 40: a rise
// from 1 to 3 mmHg at 100, a steep fall to the floor by 130, then the floor.
float clean_amplitude(float cuff, float floor) {
  if (cuff <= 100.0f) return 1.0f + 2.0f * (cuff - 40.0f) / 60.0f;
  if (cuff < 130.0f) return floor + (3.0f - floor) * (130.0f - cuff) / 30.0f;
  return floor;
}

template <typename Shape>
OcclusionEstimator envelope(float from, float to, Shape shape) {
  OcclusionEstimator env(live_occlusion_config());
  int i = 0;
  for (float cuff = from; cuff <= to + 1e-3f; cuff += 4.0f, ++i) {
    EXPECT_TRUE(env.add({Pressure::mmhg(cuff), Pressure::mmhg(shape(cuff) + wobble(i))}));
  }
  return env;
}

OcclusionEstimator clean(float top, float floor = 0.5f) {
  return envelope(40.0f, top, [floor](float cuff) { return clean_amplitude(cuff, floor); });
}

// What the check asks of the estimate's floor, as far as the test can see
// it: so that a test failing the check fails it for the reason it means to.
void expect_floor_otherwise_fine(const OcclusionEstimate& e) {
  EXPECT_GE(e.occlusion.mmhg(), e.peak_cuff.mmhg() + 10.0f);
  EXPECT_LE(e.floor_amplitude.mmhg(), 0.45f * e.peak_amplitude.mmhg());
  EXPECT_GE(e.floor_from.mmhg(), e.occlusion.mmhg() + kFloorMargin.mmhg());
}

TEST(LiveReadingCheck, ACompleteCleanEnvelopePasses) {
  const OcclusionEstimator env = clean(200.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  EXPECT_NEAR(e.peak_cuff.mmhg(), 100.0f, 4.0f);
  EXPECT_GT(e.occlusion.mmhg(), 110.0f);
  EXPECT_LT(e.occlusion.mmhg(), 130.0f);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_TRUE(c.ok);
  EXPECT_FALSE(c.gap_only);
  EXPECT_FLOAT_EQ(c.gap.mmhg(), 4.0f);
  EXPECT_LE(c.below_gap, e.occlusion);
  EXPECT_GT(c.below_gap + Pressure::mmhg(4.0f), e.occlusion);
}

// The clean envelope scaled down: the same shape with a peak of 0.8 mmHg
// is what sensor noise alone can make, and is refused as such; at 1.2 mmHg
// it passes.
TEST(LiveReadingCheck, AnEnvelopeTooSmallToTellFromNoiseFails) {
  const auto scaled = [](float share) {
    return envelope(40.0f, 200.0f,
                    [share](float cuff) { return share * clean_amplitude(cuff, 0.5f); });
  };
  // A peak of 1.1 mmHg: over the least 1 mmHg, under the three SDs of the
  // MPX5050's noise the default asks for.
  const OcclusionEstimator weak = scaled(1.1f / 3.0f);
  const OcclusionEstimate e = weak.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  expect_floor_otherwise_fine(e);
  EXPECT_GT(e.peak_amplitude, kLeastMinPeak);
  EXPECT_LT(e.peak_amplitude, kDefaultMinPeak);
  const LiveReadingCheck c = check_live_reading(e, weak, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_TRUE(c.pulse_too_weak);
  EXPECT_FALSE(c.gap_only);

  const OcclusionEstimator audible = scaled(1.4f / 3.0f);
  const LiveReadingCheck c2 = check_live_reading(audible.estimate(), audible, kFloorMargin);
  EXPECT_TRUE(c2.ok);
  EXPECT_FALSE(c2.pulse_too_weak);
}

TEST(LiveReadingCheck, NoReadingWhenTheEstimateFailed) {
  // Stopped at the peak: the estimator has no floor.
  const OcclusionEstimator env = clean(104.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_FALSE(e.ok);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_FALSE(c.gap_only);
}

// A pulse that falls steeply from its peak to 1.2 mmHg at 112, then on
// into its floor along a steady slope (0.16 mmHg a beat) to 0.4 at 132.
float long_tail(float cuff) {
  if (cuff <= 100.0f) return 1.0f + 2.0f * (cuff - 40.0f) / 60.0f;
  if (cuff <= 112.0f) return 3.0f - 1.8f * (cuff - 100.0f) / 12.0f;
  if (cuff <= 132.0f) return 1.2f - 0.04f * (cuff - 112.0f);
  return 0.4f;
}

TEST(LiveReadingCheck, TheSameEnvelopeCutShortWhileStillFallingFails) {
  {
    const OcclusionEstimator env = envelope(40.0f, 220.0f, long_tail);
    const OcclusionEstimate e = env.estimate();
    ASSERT_TRUE(e.ok) << to_string(e.failure);
    EXPECT_TRUE(check_live_reading(e, env, kFloorMargin).ok);
  }
  // Cut at 132: the top beats are the tail, still on its way down.
  const OcclusionEstimator env = envelope(40.0f, 132.0f, long_tail);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  expect_floor_otherwise_fine(e);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_FALSE(c.gap_only);
  EXPECT_LE(c.gap.mmhg(), 20.0f);
}

TEST(LiveReadingCheck, AtTheCapAFloorStillFallingIsTakenAndSaidSo) {
  // The same cut-short envelope: refused on the way up, taken at the cap,
  // where there is no room left for the floor to settle.
  const OcclusionEstimator env = envelope(40.0f, 132.0f, long_tail);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  EXPECT_FALSE(check_live_reading(e, env, kFloorMargin).ok);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin, true);
  EXPECT_TRUE(c.ok);
  EXPECT_TRUE(c.floor_still_falling);
  // A settled floor is not marked.
  const OcclusionEstimator full = envelope(40.0f, 220.0f, long_tail);
  const OcclusionEstimate f = full.estimate();
  ASSERT_TRUE(f.ok);
  EXPECT_FALSE(check_live_reading(f, full, kFloorMargin, true).floor_still_falling);
}

TEST(LiveReadingCheck, AFloorAboveItsShareOfThePeakFails) {
  {
    // 0.4 of the peak: a floor.
    const OcclusionEstimator env = clean(200.0f, 1.2f);
    const OcclusionEstimate e = env.estimate();
    ASSERT_TRUE(e.ok) << to_string(e.failure);
    EXPECT_TRUE(check_live_reading(e, env, kFloorMargin).ok);
  }
  // 0.5 of the peak: not yet one.
  const OcclusionEstimator env = clean(200.0f, 1.5f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  ASSERT_GT(e.floor_amplitude.mmhg(), 0.45f * e.peak_amplitude.mmhg());
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_FALSE(c.gap_only);
}

TEST(LiveReadingCheck, AnEnvelopeWithNoBeatsBelowItsPeakFails) {
  // The ramp started at the peak: it falls from the first beat.
  const OcclusionEstimator env =
      envelope(100.0f, 200.0f, [](float cuff) { return clean_amplitude(cuff, 0.5f); });
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  expect_floor_otherwise_fine(e);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_FALSE(c.gap_only);
  // Everything else is there: the ramp may go back under the peak for it.
  EXPECT_TRUE(c.rise_only);

  // Not when the floor is not one yet either (half the peak).
  const OcclusionEstimator high =
      envelope(100.0f, 200.0f, [](float cuff) { return clean_amplitude(cuff, 1.5f); });
  const OcclusionEstimate h = high.estimate();
  ASSERT_TRUE(h.ok) << to_string(h.failure);
  const LiveReadingCheck ch = check_live_reading(h, high, kFloorMargin);
  EXPECT_FALSE(ch.ok);
  EXPECT_FALSE(ch.rise_only);
}

// The clean envelope above the peak, from 100 mmHg, with `below` beats
// (cuff, amplitude) heard before it.
template <std::size_t N>
OcclusionEstimator starting_with(const std::array<EnvelopePoint, N>& below) {
  OcclusionEstimator env(live_occlusion_config());
  for (const EnvelopePoint& p : below) EXPECT_TRUE(env.add(p));
  int i = 0;
  for (float cuff = 100.0f; cuff <= 200.0f + 1e-3f; cuff += 4.0f, ++i) {
    EXPECT_TRUE(
        env.add({Pressure::mmhg(cuff), Pressure::mmhg(clean_amplitude(cuff, 0.5f) + wobble(i))}));
  }
  return env;
}

TEST(LiveReadingCheck, OneBeatBelowThePeakIsNotARise) {
  const std::array<EnvelopePoint, 1> one = {{{Pressure::mmhg(96.0f), Pressure::mmhg(1.0f)}}};
  const OcclusionEstimator env = starting_with(one);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  ASSERT_EQ(e.peak_cuff.mmhg(), 100.0f);
  expect_floor_otherwise_fine(e);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_TRUE(c.rise_only);

  // Two are.
  const std::array<EnvelopePoint, 2> two = {{{Pressure::mmhg(92.0f), Pressure::mmhg(1.0f)},
                                             {Pressure::mmhg(96.0f), Pressure::mmhg(1.2f)}}};
  const OcclusionEstimator env2 = starting_with(two);
  const OcclusionEstimate e2 = env2.estimate();
  ASSERT_TRUE(e2.ok) << to_string(e2.failure);
  const LiveReadingCheck c2 = check_live_reading(e2, env2, kFloorMargin);
  EXPECT_TRUE(c2.ok);
  EXPECT_FALSE(c2.rise_only);
}

TEST(LiveReadingCheck, ARiseTooSmallToShowAPeakFails) {
  // Beats below the peak, but hardly smaller than it.
  const OcclusionEstimator env = envelope(80.0f, 200.0f, [](float cuff) {
    return cuff <= 100.0f ? 2.8f + 0.2f * (cuff - 80.0f) / 20.0f : clean_amplitude(cuff, 0.5f);
  });
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  expect_floor_otherwise_fine(e);
  EXPECT_FALSE(check_live_reading(e, env, kFloorMargin).ok);
}

// The clean rise to the peak at 100, then a fall to the floor of 0.5 mmHg
// over `fall` mmHg.
OcclusionEstimator falling_over(float fall) {
  return envelope(40.0f, 200.0f, [fall](float cuff) {
    if (cuff <= 100.0f) return clean_amplitude(cuff, 0.5f);
    if (cuff < 100.0f + fall) return 3.0f - 2.5f * (cuff - 100.0f) / fall;
    return 0.5f;
  });
}

TEST(LiveReadingCheck, OcclusionRightAboveThePeakFails) {
  // The pulse gone at the beat after the peak: occlusion within a few mmHg
  // of the peak, where mean arterial pressure is, not systolic.
  const OcclusionEstimator env = falling_over(4.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  ASSERT_LT(e.occlusion.mmhg(), e.peak_cuff.mmhg() + 10.0f);
  EXPECT_FALSE(check_live_reading(e, env, kFloorMargin).ok);

  // Over 12 mmHg it lies clear above the peak.
  const OcclusionEstimator wider = falling_over(12.0f);
  const OcclusionEstimate f = wider.estimate();
  ASSERT_TRUE(f.ok) << to_string(f.failure);
  ASSERT_GE(f.occlusion.mmhg(), f.peak_cuff.mmhg() + 10.0f);
  EXPECT_TRUE(check_live_reading(f, wider, kFloorMargin).ok);
}

// The clean envelope with no beats between `gap_from` and `gap_to`.
OcclusionEstimator with_gap(float gap_from, float gap_to) {
  OcclusionEstimator env(live_occlusion_config());
  int i = 0;
  for (float cuff = 40.0f; cuff <= 200.0f + 1e-3f; cuff += 4.0f, ++i) {
    if (cuff > gap_from && cuff < gap_to) continue;
    EXPECT_TRUE(
        env.add({Pressure::mmhg(cuff), Pressure::mmhg(clean_amplitude(cuff, 0.5f) + wobble(i))}));
  }
  return env;
}

TEST(LiveReadingCheck, AWideGapAroundTheReadingIsReportedAlone) {
  // Beats at 108 and 132, none between: the fall went by unheard.
  const OcclusionEstimator env = with_gap(108.0f, 132.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  ASSERT_GT(e.occlusion.mmhg(), 108.0f);
  ASSERT_LT(e.occlusion.mmhg(), 132.0f);
  expect_floor_otherwise_fine(e);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_TRUE(c.gap_only);
  EXPECT_FLOAT_EQ(c.gap.mmhg(), 24.0f);
  EXPECT_FLOAT_EQ(c.below_gap.mmhg(), 108.0f);
}

TEST(LiveReadingCheck, AGapUpToTwentyMmhgIsAccepted) {
  // Beats at 112 and 128: 16 mmHg apart.
  const OcclusionEstimator env = with_gap(112.0f, 128.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_TRUE(c.ok);
  EXPECT_FALSE(c.gap_only);
  EXPECT_FLOAT_EQ(c.gap.mmhg(), 16.0f);
  EXPECT_FLOAT_EQ(c.below_gap.mmhg(), 112.0f);
}

// A slower fall than the clean one's: from the peak at 100 straight down to
// the floor by 160, so that the reading (about 144) lies well above the
// fall's top, with beats every 4 mmHg save none between `gap_from` and
// `gap_to`.
OcclusionEstimator slow_fall_with_gap(float gap_from, float gap_to, float start = 40.0f) {
  OcclusionEstimator env(live_occlusion_config());
  int i = 0;
  for (float cuff = start; cuff <= 230.0f + 1e-3f; cuff += 4.0f, ++i) {
    if (cuff > gap_from && cuff < gap_to) continue;
    float a = 0.5f;
    if (cuff <= 100.0f) a = 1.0f + 2.0f * (cuff - 40.0f) / 60.0f;
    if (cuff > 100.0f && cuff < 160.0f) a = 0.5f + 2.5f * (160.0f - cuff) / 60.0f;
    EXPECT_TRUE(env.add({Pressure::mmhg(cuff), Pressure::mmhg(a + wobble(i))}));
  }
  return env;
}

TEST(LiveReadingCheck, AWideGapInTheFallBelowTheReadingIsReportedToo) {
  // Beats at 100 and 128, none between; the beats around the reading close.
  const OcclusionEstimator env = slow_fall_with_gap(100.0f, 128.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  ASSERT_GT(e.occlusion.mmhg(), 132.0f);  // above the gap, between close beats
  expect_floor_otherwise_fine(e);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_TRUE(c.gap_only);
  EXPECT_TRUE(c.gap_in_fall);
  EXPECT_TRUE(c.ok_but_fall_gap);  // it would have passed with the fall unchecked
  EXPECT_FLOAT_EQ(c.gap.mmhg(), 28.0f);
  EXPECT_FLOAT_EQ(c.below_gap.mmhg(), 100.0f);
  // Heard through, the same fall passes, and says nothing of a gap.
  const OcclusionEstimator whole = slow_fall_with_gap(0.0f, 0.0f);
  const LiveReadingCheck w = check_live_reading(whole.estimate(), whole, kFloorMargin);
  EXPECT_TRUE(w.ok);
  EXPECT_FALSE(w.gap_in_fall);
  EXPECT_FALSE(w.ok_but_fall_gap);
  EXPECT_FLOAT_EQ(w.gap.mmhg(), 4.0f);
}

TEST(LiveReadingCheck, AGapInTheFallDoesNotHideAMissingRise) {
  // No beats below the peak, and the gap in the fall: going back under the
  // peak passes through the gap anyway, so the reading still says that only
  // the rise is missing.
  const OcclusionEstimator env = slow_fall_with_gap(100.0f, 128.0f, 100.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_TRUE(c.rise_only);
  EXPECT_FALSE(c.ok_but_fall_gap);
}

TEST(LiveReadingCheck, AGapIsNotReportedAloneWhenTheFloorFailsToo) {
  // The wide gap, and a floor at half the peak.
  OcclusionEstimator env(live_occlusion_config());
  int i = 0;
  for (float cuff = 40.0f; cuff <= 200.0f + 1e-3f; cuff += 4.0f, ++i) {
    if (cuff > 108.0f && cuff < 132.0f) continue;
    env.add({Pressure::mmhg(cuff), Pressure::mmhg(clean_amplitude(cuff, 1.5f) + wobble(i))});
  }
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_FALSE(c.gap_only);
}

// A pulse that falls straight into its floor at 124, the crossing just
// below it; the sweep goes on to `top`.
OcclusionEstimator sharp_fall(float top) {
  return envelope(40.0f, top, [](float cuff) {
    if (cuff <= 100.0f) return 1.0f + 2.0f * (cuff - 40.0f) / 60.0f;
    if (cuff <= 116.0f) return 3.0f - 0.2f * (cuff - 100.0f) / 16.0f;
    if (cuff <= 120.0f) return 1.2f;
    return 0.5f;
  });
}

TEST(LiveReadingCheck, AFloorStartingTooCloseAboveTheReadingFails) {
  const OcclusionEstimator env = sharp_fall(136.0f);
  const OcclusionEstimate e = env.estimate();
  ASSERT_TRUE(e.ok) << to_string(e.failure);
  ASSERT_LT(e.floor_from.mmhg(), e.occlusion.mmhg() + kFloorMargin.mmhg());
  ASSERT_GE(e.floor_from, e.occlusion);
  EXPECT_LE(e.floor_amplitude.mmhg(), 0.45f * e.peak_amplitude.mmhg());
  const LiveReadingCheck c = check_live_reading(e, env, kFloorMargin);
  EXPECT_FALSE(c.ok);
  EXPECT_FALSE(c.gap_only);

  // The same pulse a few beats further up: the floor lies clear above.
  const OcclusionEstimator further = sharp_fall(168.0f);
  const OcclusionEstimate f = further.estimate();
  ASSERT_TRUE(f.ok) << to_string(f.failure);
  ASSERT_GE(f.floor_from.mmhg(), f.occlusion.mmhg() + kFloorMargin.mmhg());
  EXPECT_TRUE(check_live_reading(f, further, kFloorMargin).ok);
}

TEST(LiveReadingCheck, PlacementShareFallsFromOneToZeroBetweenEightAndTwenty) {
  for (const float gap : {0.0f, 2.0f, 4.0f, 8.0f}) {
    EXPECT_FLOAT_EQ(placement_share(Pressure::mmhg(gap)), 1.0f) << gap;
  }
  EXPECT_FLOAT_EQ(placement_share(Pressure::mmhg(20.0f)), 0.0f);
  EXPECT_FLOAT_EQ(placement_share(Pressure::mmhg(30.0f)), 0.0f);
  EXPECT_NEAR(placement_share(Pressure::mmhg(14.0f)), 0.5f, 1e-5f);
  float previous = placement_share(Pressure::mmhg(8.0f));
  for (float gap = 8.5f; gap <= 20.0f; gap += 0.5f) {
    const float share = placement_share(Pressure::mmhg(gap));
    EXPECT_LT(share, previous) << gap;
    EXPECT_GE(share, 0.0f);
    previous = share;
  }
}

}  // namespace
}  // namespace bfr::core
