// The pressure regulator: direction, exclusivity, dead band, windup, the
// wider band during a set and the feed-forward on a falling cuff.

#include "core/pressure_regulator.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace bfr::core {
namespace {

const Frequency kRate = Frequency::hz(100.0f);
const Pressure kRegulatorTarget = Pressure::mmhg(160.0f);

bool pumps(const Actuators& a) {
  return a.pump_duty.value() > 0.0f;
}
bool bleeds(const Actuators& a) {
  return a.bleed_opening.value() > 0.0f;
}

TEST(PressureRegulator, PumpsWhenLow) {
  PressureRegulator reg(kRate);
  const Actuators a = reg.step(kRegulatorTarget, Pressure::mmhg(150.0f));
  EXPECT_TRUE(pumps(a));
  EXPECT_FALSE(bleeds(a));
  EXPECT_FALSE(a.vent_open);  // regulating means holding air in
  EXPECT_LE(a.pump_duty.value(), 1.0f);
}

TEST(PressureRegulator, BleedsWhenHigh) {
  PressureRegulator reg(kRate);
  const Actuators a = reg.step(kRegulatorTarget, Pressure::mmhg(170.0f));
  EXPECT_TRUE(bleeds(a));
  EXPECT_FALSE(pumps(a));
  EXPECT_FALSE(a.vent_open);
  EXPECT_LE(a.bleed_opening.value(), 1.0f);
}

TEST(PressureRegulator, OutputGrowsWithTheError) {
  PressureRegulator small(kRate);
  PressureRegulator large(kRate);
  EXPECT_LT(small.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(1.3f)).pump_duty,
            large.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(1.8f)).pump_duty);
}

TEST(PressureRegulator, NeverPumpsAndBleedsTogether) {
  // Sweep the error through both signs repeatedly so that the integral is
  // in every state: positive, negative, saturated, crossing zero.
  PressureRegulator reg(kRate);
  int pump_steps = 0;
  int bleed_steps = 0;
  for (int i = 0; i < 20000; ++i) {
    const float phase = static_cast<float>(i % 2000) / 2000.0f;
    const float offset = phase < 0.5f ? 40.0f * phase - 10.0f : 30.0f - 40.0f * phase;
    const Actuators a = reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(offset));
    ASSERT_FALSE(pumps(a) && bleeds(a)) << "step " << i;
    ASSERT_GE(a.pump_duty.value(), 0.0f);
    ASSERT_LE(a.pump_duty.value(), 1.0f);
    ASSERT_GE(a.bleed_opening.value(), 0.0f);
    ASSERT_LE(a.bleed_opening.value(), 1.0f);
    ASSERT_FALSE(a.vent_open);
    pump_steps += pumps(a);
    bleed_steps += bleeds(a);
  }
  // The sweep did exercise both sides.
  EXPECT_GT(pump_steps, 1000);
  EXPECT_GT(bleed_steps, 1000);
}

TEST(PressureRegulator, DeadBandGivesHold) {
  // From a fresh (or reset) state, errors inside the 1 mmHg dead band move
  // nothing: pump off, bleed closed, vent closed.
  for (float offset : {-0.9f, -0.3f, 0.0f, 0.4f, 0.99f}) {
    PressureRegulator reg(kRate);
    for (int i = 0; i < 500; ++i) {
      const Actuators a = reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(offset));
      ASSERT_FALSE(pumps(a)) << offset;
      ASSERT_FALSE(bleeds(a)) << offset;
      ASSERT_FALSE(a.vent_open) << offset;
    }
  }
}

TEST(PressureRegulator, ResetClearsTheIntegral) {
  PressureRegulator reg(kRate);
  // 1.2 mmHg low: 0.2 past the dead band, the output stays unsaturated and
  // the integral winds up to its bound.
  for (int i = 0; i < 500; ++i) reg.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(1.2f));
  EXPECT_NEAR(reg.integral(), reg.gains().integral_limit, 1e-5f);
  // Wound up: inside the dead band the integral alone still pumps.
  EXPECT_TRUE(pumps(reg.step(kRegulatorTarget, kRegulatorTarget)));
  reg.reset();
  const Actuators a = reg.step(kRegulatorTarget, kRegulatorTarget);
  EXPECT_FALSE(pumps(a));
  EXPECT_FALSE(bleeds(a));
}

TEST(PressureRegulator, IntegralIsBounded) {
  // Integral-only gains make the integral visible in the output:
  // duty = ki * integral inside the dead band.
  RegulatorGains g;
  g.pump_kp = 0.0f;
  g.bleed_kp = 0.0f;
  g.pump_ki = 0.1f;
  g.bleed_ki = 0.1f;
  g.integral_limit = 6.0f;
  PressureRegulator reg(kRate, g);
  // 100 s blocked 50 mmHg below target: unbounded, the integral would reach
  // 4900 mmHg*s.
  for (int i = 0; i < 10000; ++i)
    reg.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(50.0f));
  const Actuators held = reg.step(kRegulatorTarget, kRegulatorTarget);
  EXPECT_NEAR(held.pump_duty.value(), g.pump_ki * g.integral_limit, 1e-5f);

  // Once the cuff overshoots by 10 mmHg (9 past the dead band) the integral
  // unwinds from the bound in 6 / 9 = 0.67 s, not in minutes.
  int steps_to_bleed = 0;
  while (!bleeds(reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(10.0f))) &&
         steps_to_bleed < 10000) {
    ++steps_to_bleed;
  }
  EXPECT_NEAR(static_cast<float>(steps_to_bleed) / kRate.hz(), 6.0f / 9.0f, 0.05f);

  // Symmetric: the negative bound holds too.
  for (int i = 0; i < 10000; ++i)
    reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(50.0f));
  EXPECT_NEAR(reg.step(kRegulatorTarget, kRegulatorTarget).bleed_opening.value(),
              g.bleed_ki * g.integral_limit, 1e-5f);
}

TEST(PressureRegulator, SaturatedOutputDoesNotWindUp) {
  // 5 s with the pump flat out 30 mmHg below target (a relaxation sag the
  // pump cannot follow): the integral must not grow, so the moment the cuff
  // is 1.5 mmHg over target the bleed opens instead of the pump running on.
  PressureRegulator reg(kRate);
  for (int i = 0; i < 500; ++i) {
    ASSERT_FLOAT_EQ(
        reg.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(30.0f)).pump_duty.value(),
        1.0f);
  }
  EXPECT_NEAR(reg.integral(), 0.0f, 1e-6f);
  const Actuators a = reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(1.5f));
  EXPECT_FALSE(pumps(a));
  EXPECT_TRUE(bleeds(a));
}

TEST(PressureRegulator, IntegralShareOfTheOutputIsSmall) {
  // The default bound keeps the integral to a trim: at most 0.3 of full
  // pump, whatever the history.
  PressureRegulator reg(kRate);
  for (int i = 0; i < 3000; ++i)
    reg.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(1.5f));
  const RegulatorGains& g = reg.gains();
  EXPECT_LE(g.pump_ki * reg.integral(), 0.3f + 1e-5f);
  EXPECT_GT(g.pump_ki * reg.integral(), 0.29f);
}

TEST(PressureRegulator, SetLetsPeaksFloatButNotSags) {
  // 5 % above target: a hold bleeds it, a set leaves it (the band widens
  // above the target during a set); 2 mmHg below: both pump.
  const Pressure high = kRegulatorTarget * 1.05f;
  PressureRegulator hold(kRate);
  PressureRegulator set(kRate);
  EXPECT_TRUE(bleeds(hold.step(kRegulatorTarget, high, RegulationMode::kHold)));
  const Actuators floated = set.step(kRegulatorTarget, high, RegulationMode::kExercise);
  EXPECT_FALSE(bleeds(floated));
  EXPECT_FALSE(pumps(floated));
  PressureRegulator low(kRate);
  EXPECT_TRUE(pumps(low.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(2.0f),
                             RegulationMode::kExercise)));
}

TEST(PressureRegulator, SetBandIsAShareOfTargetCappedInMmhg) {
  PressureRegulator reg(kRate);
  const RegulatorGains& g = reg.gains();
  // 160 mmHg: 6 % is 9.6 mmHg, under the cap.
  EXPECT_NEAR(reg.dead_band(kRegulatorTarget, RegulationMode::kExercise).mmhg(),
              kRegulatorTarget.mmhg() * g.exercise_dead_band_share, 1e-4f);
  // 250 mmHg: 6 % would be 15 mmHg, the cap holds it at 13.
  const Pressure high_target = Pressure::mmhg(250.0f);
  EXPECT_FLOAT_EQ(reg.dead_band(high_target, RegulationMode::kExercise).mmhg(),
                  g.exercise_dead_band_max.mmhg());
  EXPECT_FALSE(bleeds(
      reg.step(high_target, high_target + Pressure::mmhg(12.5f), RegulationMode::kExercise)));
  EXPECT_TRUE(bleeds(
      reg.step(high_target, high_target + Pressure::mmhg(14.5f), RegulationMode::kExercise)));
  EXPECT_FLOAT_EQ(reg.dead_band(kRegulatorTarget, RegulationMode::kHold).mmhg(),
                  g.dead_band.mmhg());
}

// A cuff falling at 30 mmHg/s from 8 mmHg over target, as at the top of a
// relaxation; returns the first step that pumps while still above target,
// or -1.
int first_pump_above_target(RegulationMode mode) {
  PressureRegulator reg(kRate);
  for (int i = 0; i < 100; ++i)
    reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(8.0f), mode);
  for (int i = 0; i < 26; ++i) {
    const Pressure cuff = kRegulatorTarget + Pressure::mmhg(8.0f - 0.3f * static_cast<float>(i));
    if (cuff > kRegulatorTarget && pumps(reg.step(kRegulatorTarget, cuff, mode))) return i;
  }
  return -1;
}

TEST(PressureRegulator, FallingCuffStartsThePumpEarlyInASet) {
  const int in_set = first_pump_above_target(RegulationMode::kExercise);
  EXPECT_GE(in_set, 0);
  EXPECT_LT(in_set, 20);  // within 0.2 s of the fall starting
  EXPECT_EQ(first_pump_above_target(RegulationMode::kHold), -1);
}

TEST(PressureRegulator, PulseDoesNotWorkThePumpInASet) {
  // A 1.5 mmHg beat at 1.2 Hz riding 4 mmHg above target, inside the set's
  // band: nothing moves.
  PressureRegulator reg(kRate);
  for (int i = 0; i < 1000; ++i) {
    const float t = static_cast<float>(i) / kRate.hz();
    const float beat = 1.5f * std::sin(2.0f * std::numbers::pi_v<float> * 1.2f * t);
    const Actuators a = reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(4.0f + beat),
                                 RegulationMode::kExercise);
    ASSERT_FALSE(pumps(a)) << "step " << i;
    ASSERT_FALSE(bleeds(a)) << "step " << i;
  }
  EXPECT_LT(std::abs(reg.rate().mmhg_per_s()), 5.0f);
}

TEST(PressureRegulator, IntegralNeitherPumpsNorBleedsInsideTheSetBand) {
  // An integral wound up in a hold (cuff low for 3 s) must not pump a
  // steady cuff that sits inside the set's wide band: in a pause that would
  // push the cuff to the top of the band (a rise the counter took for a
  // rep), in a relaxation it is air the pump has to put back.
  PressureRegulator low(kRate);
  for (int i = 0; i < 300; ++i) low.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(1.5f));
  ASSERT_GT(low.integral(), 0.1f);
  for (int i = 0; i < 200; ++i) {
    const Actuators a = low.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(3.0f),
                                 RegulationMode::kExercise);
    if (i > 100) {
      ASSERT_FALSE(pumps(a)) << "step " << i;
      ASSERT_FALSE(bleeds(a)) << "step " << i;
    }
  }
  // The same for an integral wound the other way (cuff high in a hold): no
  // bleed while the cuff sits just under the target in a set.
  PressureRegulator high(kRate);
  for (int i = 0; i < 300; ++i)
    high.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(1.5f));
  ASSERT_LT(high.integral(), -0.1f);
  for (int i = 0; i < 200; ++i) {
    const Actuators a = high.step(kRegulatorTarget, kRegulatorTarget - Pressure::mmhg(0.5f),
                                  RegulationMode::kExercise);
    ASSERT_FALSE(bleeds(a)) << "step " << i;
  }
  // Back in a hold, the integral it had is still there.
  EXPECT_LT(high.integral(), -0.1f);
}

// A set at 160 mmHg (band top 9.6 mmHg over target): the cuff held `top_s`
// above the band top (the bleed working) or just inside it, then a step down
// to 4 mmHg under the band top, as at the start of a relaxation. Returns the
// pump duty on the first sample after the drop.
float duty_after_drop(bool bled_first, const RegulatorGains& gains = {}) {
  PressureRegulator reg(kRate, gains);
  const Pressure top =
      kRegulatorTarget + reg.dead_band(kRegulatorTarget, RegulationMode::kExercise);
  const Pressure held = bled_first ? top + Pressure::mmhg(1.0f) : top - Pressure::mmhg(0.5f);
  for (int i = 0; i < 100; ++i) reg.step(kRegulatorTarget, held, RegulationMode::kExercise);
  return reg.step(kRegulatorTarget, top - Pressure::mmhg(4.0f), RegulationMode::kExercise)
      .pump_duty.value();
}

TEST(PressureRegulator, RelaxationAfterABleedStartsThePumpAtOnce) {
  EXPECT_FLOAT_EQ(duty_after_drop(true), 1.0f);
  // Without a contraction held by the bleed just before, the same drop is
  // not a relaxation (a pulse, a jolt): the filtered rate has not yet built
  // up and nothing pumps.
  EXPECT_FLOAT_EQ(duty_after_drop(false), 0.0f);
  // With the detector off, the fall feed-forward alone waits for the rate.
  RegulatorGains off;
  off.relaxation_duty = Fraction(0.0f);
  EXPECT_FLOAT_EQ(duty_after_drop(true, off), 0.0f);
}

TEST(PressureRegulator, RelaxationDetectorStopsWhenTheFallEnds) {
  PressureRegulator reg(kRate);
  const Pressure top =
      kRegulatorTarget + reg.dead_band(kRegulatorTarget, RegulationMode::kExercise);
  for (int i = 0; i < 100; ++i)
    reg.step(kRegulatorTarget, top + Pressure::mmhg(1.0f), RegulationMode::kExercise);
  ASSERT_GT(reg.step(kRegulatorTarget, top - Pressure::mmhg(4.0f), RegulationMode::kExercise)
                .pump_duty.value(),
            0.9f);
  // While the cuff stays down the pump keeps on (the relaxation is not
  // over); once the filtered pressure rises again it stops, and a second
  // drop without a new bleed does not restart it.
  for (int i = 0; i < 100; ++i) {
    ASSERT_FLOAT_EQ(
        reg.step(kRegulatorTarget, top - Pressure::mmhg(4.0f), RegulationMode::kExercise)
            .pump_duty.value(),
        1.0f)
        << "step " << i;
  }
  float duty = 1;
  for (int i = 0; i < 50; ++i) {
    duty = reg.step(kRegulatorTarget, top - Pressure::mmhg(1.0f), RegulationMode::kExercise)
               .pump_duty.value();
  }
  EXPECT_FLOAT_EQ(duty, 0.0f);
  EXPECT_FLOAT_EQ(reg.step(kRegulatorTarget, top - Pressure::mmhg(5.0f), RegulationMode::kExercise)
                      .pump_duty.value(),
                  0.0f);
}

// How often a hold on target changes what it does (pump, bleed, or
// neither) per second while a +-`beat` mmHg pulse at 1.1 Hz rides on the
// cuff, after the regulator has held for 5 s. (What the integral holds
// steady is not counted: only changes.)
float hold_switches_per_s(float beat, const RegulatorGains& gains = {}) {
  PressureRegulator reg(kRate, gains);
  int switches = 0;
  int last = 0;
  for (int i = 0; i < 1500; ++i) {
    const float t = static_cast<float>(i) / kRate.hz();
    const float pulse = beat * std::sin(2.0f * std::numbers::pi_v<float> * 1.1f * t);
    const Actuators a = reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(pulse));
    const int now = pumps(a) ? 1 : (bleeds(a) ? -1 : 0);
    if (t >= 5.0f && now != last) ++switches;
    last = now;
  }
  return static_cast<float>(switches) / 10.0f;
}

TEST(PressureRegulator, AHoldLetsThePulseRideOnTheCuff) {
  // A wide cuff near 80 % LOP shows a pulse of several mmHg; answering each
  // beat would work pump and bleed all through a rest (and read as a leak).
  EXPECT_LT(hold_switches_per_s(2.5f), 0.2f);
  // Without the ripple band (its widest set to the narrow dead band) the
  // same pulse switches the valves twice a beat.
  RegulatorGains narrow;
  narrow.hold_band_max = narrow.dead_band;
  EXPECT_GT(hold_switches_per_s(2.5f, narrow), 1.0f);
}

TEST(PressureRegulator, TheHoldBandStaysNarrowWhileTheCuffIsOffTarget) {
  // Settled on target with a pulse, then the cuff steps 5 mmHg high: the
  // bleed opens at once, and the ripple band never passes its cap.
  PressureRegulator reg(kRate);
  for (int i = 0; i < 800; ++i) {
    const float t = static_cast<float>(i) / kRate.hz();
    reg.step(kRegulatorTarget,
             kRegulatorTarget +
                 Pressure::mmhg(2.5f * std::sin(2.0f * std::numbers::pi_v<float> * 1.1f * t)));
  }
  EXPECT_GT(reg.dead_band(kRegulatorTarget, RegulationMode::kHold).mmhg(), 2.0f);
  EXPECT_LE(reg.dead_band(kRegulatorTarget, RegulationMode::kHold).mmhg(), 3.0f);
  EXPECT_TRUE(bleeds(reg.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(5.0f))));

  // Right after a set (the muscle letting go pushes the cuff up) the hold
  // starts narrow: 2 mmHg over target bleeds at once.
  PressureRegulator after_set(kRate);
  for (int i = 0; i < 300; ++i)
    after_set.step(kRegulatorTarget, kRegulatorTarget, RegulationMode::kExercise);
  EXPECT_TRUE(bleeds(after_set.step(kRegulatorTarget, kRegulatorTarget + Pressure::mmhg(2.2f))));

  // A low target keeps the band to its share: 2.5 % of 80 mmHg.
  PressureRegulator low(kRate);
  const Pressure low_target = Pressure::mmhg(80.0f);
  for (int i = 0; i < 800; ++i) {
    const float t = static_cast<float>(i) / kRate.hz();
    low.step(
        low_target,
        low_target + Pressure::mmhg(3.0f * std::sin(2.0f * std::numbers::pi_v<float> * 1.1f * t)));
  }
  EXPECT_NEAR(low.dead_band(low_target, RegulationMode::kHold).mmhg(), 2.0f, 0.01f);
}

}  // namespace
}  // namespace bfr::core
