// The motion gate: which beats are jolts, how a jolt starts and extends a
// pause, when the limb is judged unable to keep still, and how the
// reference follows a genuine change of the pulse.

#include "core/motion_gate.hpp"

#include <gtest/gtest.h>

#include <array>

namespace bfr::core {
namespace {

using namespace literals;

const TimePoint kT0 = TimePoint::from_us(10'000'000);

// One beat through the gate the way the measurement hears it: every beat is
// judged, those that are not jolts are kept.
bool hear(MotionGate& gate, float amplitude, bool fast_ramp = false) {
  const bool jolt = gate.is_jolt(Pressure::mmhg(amplitude), fast_ramp);
  if (!jolt) gate.keep(Pressure::mmhg(amplitude));
  return jolt;
}

// A gate that has heard and kept three beats of these sizes.
MotionGate gate_after(float a, float b, float c) {
  MotionGate gate;
  gate.reset(kT0);
  hear(gate, a);
  hear(gate, b);
  hear(gate, c);
  return gate;
}

TEST(MotionGate, BeatsOfSteadySizeAreNeverJolts) {
  // A pulse of about 2 mmHg with a beat-to-beat wander of +-20 %, and a
  // slow growth that doubles it over the run (the envelope's rising side).
  constexpr std::array<float, 5> kWander = {1.0f, 1.2f, 0.85f, 1.1f, 0.8f};
  for (const bool fast : {false, true}) {
    MotionGate gate;
    gate.reset(kT0);
    for (int i = 0; i < 60; ++i) {
      const float size =
          2.0f * (1.0f + static_cast<float>(i) / 60.0f) * kWander[static_cast<std::size_t>(i) % 5];
      EXPECT_FALSE(hear(gate, size, fast)) << "beat " << i << " fast " << fast;
    }
  }
}

TEST(MotionGate, ABeatOverTheFactorTimesTheMedianIsAJolt) {
  // The median of 6, 1 and 2 is 2 (their mean, 3, or largest, 6, would not
  // call 4.5 a jolt). The two heard last, 1 and 2, are small: no change of
  // the pulse to follow.
  {
    MotionGate gate = gate_after(6.0f, 1.0f, 2.0f);
    EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(4.5f), false));
  }
  {
    MotionGate gate = gate_after(6.0f, 1.0f, 2.0f);
    EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(4.3f), false));
  }
  // On the fast ramp the factor is 3.
  {
    MotionGate gate = gate_after(6.0f, 1.0f, 2.0f);
    EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(5.9f), true));
  }
  {
    MotionGate gate = gate_after(6.0f, 1.0f, 2.0f);
    EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(6.1f), true));
  }
}

TEST(MotionGate, OnlyTheLastThreeKeptBeatsMakeTheReference) {
  // Three beats of 1 mmHg, then three of 2: 2 is the reference (on the
  // first three, 4 would be a jolt).
  MotionGate gate = gate_after(1.0f, 1.0f, 1.0f);
  hear(gate, 2.0f);
  hear(gate, 2.0f);
  hear(gate, 2.0f);
  EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(4.0f), false));
  EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(4.6f), false));
}

TEST(MotionGate, NoJoltBeforeTwoBeatsAreKept) {
  MotionGate gate;
  gate.reset(kT0);
  EXPECT_FALSE(hear(gate, 0.5f));
  EXPECT_FALSE(hear(gate, 10.0f));  // one kept: nothing to judge by
  gate.reset(kT0);
  EXPECT_FALSE(hear(gate, 0.5f));
  EXPECT_FALSE(hear(gate, 0.5f));
  EXPECT_TRUE(hear(gate, 10.0f));
}

TEST(MotionGate, ABeatUnderOneMmhgIsNeverAJolt) {
  // Reference 0.4: 2.2x is 0.88.
  {
    MotionGate gate = gate_after(0.4f, 0.4f, 0.4f);
    EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(0.95f), false));
  }
  {
    MotionGate gate = gate_after(0.4f, 0.4f, 0.4f);
    EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(1.05f), false));
  }
  {
    MotionGate gate = gate_after(0.1f, 0.1f, 0.1f);
    EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(0.99f), false));
  }
}

TEST(MotionGate, AJoltStartsAPauseAndASecondOneExtendsIt) {
  MotionGate gate;  // default: a 2 s pause
  gate.reset(kT0);
  EXPECT_FALSE(gate.paused(kT0));
  const TimePoint first = kT0 + 5_s;
  ASSERT_TRUE(gate.on_jolt(first));
  EXPECT_EQ(gate.episodes(), 1);
  EXPECT_EQ(gate.discard_from(), first - 1500_ms);
  EXPECT_TRUE(gate.paused(first));
  EXPECT_TRUE(gate.paused(first + 2_s - Duration::from_us(1)));
  EXPECT_FALSE(gate.paused(first + 2_s));

  // A second jolt inside the pause: the same episode, longer.
  const TimePoint second = first + 1500_ms;
  ASSERT_TRUE(gate.on_jolt(second));
  EXPECT_EQ(gate.episodes(), 1);
  EXPECT_EQ(gate.discard_from(), first - 1500_ms);
  EXPECT_TRUE(gate.paused(first + 2_s));
  EXPECT_TRUE(gate.paused(second + 2_s - Duration::from_us(1)));
  EXPECT_FALSE(gate.paused(second + 2_s));
}

TEST(MotionGate, PauseHasTheConfiguredLength) {
  MotionGate gate(MotionGateConfig{Duration::from_seconds(3.5f), 4});
  gate.reset(kT0);
  ASSERT_TRUE(gate.on_jolt(kT0 + 1_s));
  EXPECT_TRUE(gate.paused(kT0 + 4500_ms - Duration::from_us(1)));
  EXPECT_FALSE(gate.paused(kT0 + 4500_ms));
}

TEST(MotionGate, AJoltAfterThePauseStartsANewEpisode) {
  MotionGate gate;
  gate.reset(kT0);
  ASSERT_TRUE(gate.on_jolt(kT0 + 1_s));
  ASSERT_TRUE(gate.on_jolt(kT0 + 3_s));  // the pause ended at 3 s
  EXPECT_EQ(gate.episodes(), 2);
  EXPECT_EQ(gate.discard_from(), kT0 + 1500_ms);
}

TEST(MotionGate, MoreThanMaxEpisodesGivesUp) {
  MotionGate gate(MotionGateConfig{Duration::from_seconds(2.0f), 3});
  gate.reset(kT0);
  TimePoint t = kT0;
  for (int i = 0; i < 3; ++i) {
    t += 5_s;
    EXPECT_TRUE(gate.on_jolt(t)) << "episode " << i + 1;
    EXPECT_TRUE(gate.on_jolt(t + 1_s)) << "the same episode";
  }
  EXPECT_EQ(gate.episodes(), 3);
  EXPECT_FALSE(gate.on_jolt(t + 5_s));
}

TEST(MotionGate, AnEpisodeLongerThanEightSecondsGivesUp) {
  MotionGate gate;
  gate.reset(kT0);
  const TimePoint first = kT0 + 3_s;
  ASSERT_TRUE(gate.on_jolt(first));
  // Jolts every half second keep the pause going; the episode, counted from
  // the beats it throws away before the first jolt, may last 8 s.
  bool gave_up = false;
  for (int k = 1; k <= 20 && !gave_up; ++k) {
    const TimePoint now = first + 500_ms * k;
    const bool still = gate.on_jolt(now);
    EXPECT_EQ(still, now - gate.discard_from() <= 8_s) << "jolt " << k;
    gave_up = !still;
  }
  EXPECT_TRUE(gave_up);
  EXPECT_EQ(gate.episodes(), 1);
}

TEST(MotionGate, FollowsAGenuineChangeOfThePulse) {
  MotionGate gate = gate_after(2.0f, 2.0f, 2.0f);
  const TimePoint t = kT0 + 5_s;
  // The pulse trebles: its first beat looks like a jolt ...
  ASSERT_TRUE(hear(gate, 6.0f));
  ASSERT_TRUE(gate.on_jolt(t));
  // ... but two of the last three heard are that size now: the next beat
  // of it is not a jolt, and the reference is 6.
  EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(6.0f), false));
  EXPECT_EQ(gate.episodes(), 1);
  // A beat twice the old size (a jolt on the old reference) is no jolt now;
  // one well over 2.2 x 6 still is.
  EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(9.0f), false));
  EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(14.0f), false));
}

TEST(MotionGate, ABeatOfTheOldSizeAfterAChangeIsNoJolt) {
  // The gate only looks for beats too large: the pulse shrinking back (or a
  // beat lost in the pulse's noise) is left to the estimator.
  MotionGate gate = gate_after(2.0f, 2.0f, 2.0f);
  ASSERT_TRUE(hear(gate, 6.0f));
  ASSERT_FALSE(hear(gate, 6.0f));
  EXPECT_FALSE(hear(gate, 2.0f));
  EXPECT_FALSE(hear(gate, 2.0f));
  // Kept: 2, 2, 6; the reference is back to 2.
  EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(4.6f), false));
}

TEST(MotionGate, ASingleJoltAmongSteadyBeatsDoesNotMoveTheReference) {
  MotionGate gate = gate_after(2.0f, 2.0f, 2.0f);
  ASSERT_TRUE(hear(gate, 6.0f));
  EXPECT_FALSE(hear(gate, 2.0f));
  EXPECT_FALSE(hear(gate, 2.0f));
  // One large beat in the last three heard: a jolt again.
  EXPECT_TRUE(hear(gate, 6.0f));
}

// A gate with beats kept and heard, jolts remembered and two episodes.
MotionGate used_gate() {
  MotionGate gate(MotionGateConfig{Duration::from_seconds(2.0f), 2});
  gate.reset(kT0);
  hear(gate, 2.0f);
  hear(gate, 2.0f);
  hear(gate, 2.0f);
  // Two large beats heard: while they are remembered, a third is taken as a
  // change of the pulse rather than a jolt.
  EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(6.0f), false));
  EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(6.0f), false));
  EXPECT_TRUE(gate.on_jolt(kT0 + 1_s));
  EXPECT_TRUE(gate.on_jolt(kT0 + 5_s));
  EXPECT_EQ(gate.episodes(), 2);
  return gate;
}

TEST(MotionGate, ResetClearsEpisodesAndPause) {
  MotionGate gate = used_gate();
  const TimePoint later = kT0 + 6_s;
  ASSERT_TRUE(gate.paused(later));
  gate.reset(later);
  EXPECT_EQ(gate.episodes(), 0);
  EXPECT_FALSE(gate.paused(later));
  EXPECT_EQ(gate.discard_from(), later);
  // The episode count starts afresh: two more are allowed, not a third.
  EXPECT_TRUE(gate.on_jolt(later + 1_s));
  EXPECT_EQ(gate.discard_from(), later - 500_ms);
  EXPECT_TRUE(gate.on_jolt(later + 5_s));
  EXPECT_FALSE(gate.on_jolt(later + 9_s));
}

TEST(MotionGate, ResetForgetsTheKeptBeats) {
  MotionGate gate = used_gate();
  gate.reset(kT0 + 6_s);
  // Nothing kept: nothing to judge by.
  EXPECT_FALSE(gate.is_jolt(Pressure::mmhg(50.0f), false));
}

TEST(MotionGate, ResetForgetsTheBeatsHeard) {
  MotionGate gate = used_gate();
  gate.reset(kT0 + 6_s);
  gate.keep(Pressure::mmhg(2.0f));
  gate.keep(Pressure::mmhg(2.0f));
  // Had the two beats of 6 heard before been remembered, this would be a
  // change of the pulse.
  EXPECT_TRUE(gate.is_jolt(Pressure::mmhg(6.0f), false));
}

// The first beat has no kept beats before it: it is judged afterwards
// against the three that followed, with the slow ramp's factor (going back
// from the foot of the envelope the beats shrink, so a first beat far
// larger than the next three is no pulse).
TEST(MotionGate, TheFirstBeatIsJudgedAgainstTheThreeAfterIt) {
  const auto mmhg = [](float v) { return Pressure::mmhg(v); };
  EXPECT_TRUE(MotionGate::first_was_jolt(mmhg(4.6f), mmhg(2.3f), mmhg(1.5f), mmhg(1.2f)));
  EXPECT_FALSE(MotionGate::first_was_jolt(mmhg(3.2f), mmhg(2.6f), mmhg(1.8f), mmhg(1.3f)));
  EXPECT_FALSE(MotionGate::first_was_jolt(mmhg(0.9f), mmhg(0.2f), mmhg(0.2f), mmhg(0.2f)))
      << "under 1 mmHg nothing is a jolt";
}

TEST(MotionGate, AJoltFoundAfterwardsCountsAsAnEpisodeWithoutAPause) {
  MotionGate gate;
  gate.reset(TimePoint{});
  for (int i = 0; i < MotionGateConfig{}.max_episodes; ++i) EXPECT_TRUE(gate.on_past_jolt());
  EXPECT_EQ(gate.episodes(), MotionGateConfig{}.max_episodes);
  EXPECT_FALSE(gate.paused(TimePoint{}));
  EXPECT_FALSE(gate.on_past_jolt()) << "one more than allowed: the limb will not keep still";
}

}  // namespace
}  // namespace bfr::core
