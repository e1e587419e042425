// The PI pressure regulator: direction, exclusivity, dead band, windup.

#include "core/pressure_regulator.hpp"

#include <gtest/gtest.h>

namespace bfr::core {
namespace {

const Frequency kRate = Frequency::hz(100.0f);
const Pressure kTarget = Pressure::mmhg(160.0f);

bool pumps(const Actuators& a) {
  return a.pump_duty.value() > 0.0f;
}
bool bleeds(const Actuators& a) {
  return a.bleed_opening.value() > 0.0f;
}

TEST(PressureRegulator, PumpsWhenLow) {
  PressureRegulator reg(kRate);
  const Actuators a = reg.step(kTarget, Pressure::mmhg(150.0f));
  EXPECT_TRUE(pumps(a));
  EXPECT_FALSE(bleeds(a));
  EXPECT_FALSE(a.vent_open);  // regulating means holding air in
  EXPECT_LE(a.pump_duty.value(), 1.0f);
}

TEST(PressureRegulator, BleedsWhenHigh) {
  PressureRegulator reg(kRate);
  const Actuators a = reg.step(kTarget, Pressure::mmhg(170.0f));
  EXPECT_TRUE(bleeds(a));
  EXPECT_FALSE(pumps(a));
  EXPECT_FALSE(a.vent_open);
  EXPECT_LE(a.bleed_opening.value(), 1.0f);
}

TEST(PressureRegulator, OutputGrowsWithTheError) {
  PressureRegulator small(kRate);
  PressureRegulator large(kRate);
  EXPECT_LT(small.step(kTarget, kTarget - Pressure::mmhg(1.3f)).pump_duty,
            large.step(kTarget, kTarget - Pressure::mmhg(1.8f)).pump_duty);
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
    const Actuators a = reg.step(kTarget, kTarget + Pressure::mmhg(offset));
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
      const Actuators a = reg.step(kTarget, kTarget + Pressure::mmhg(offset));
      ASSERT_FALSE(pumps(a)) << offset;
      ASSERT_FALSE(bleeds(a)) << offset;
      ASSERT_FALSE(a.vent_open) << offset;
    }
  }
}

TEST(PressureRegulator, ResetClearsTheIntegral) {
  PressureRegulator reg(kRate);
  for (int i = 0; i < 500; ++i) reg.step(kTarget, kTarget - Pressure::mmhg(20.0f));
  // Wound up: inside the dead band the integral alone still pumps.
  EXPECT_TRUE(pumps(reg.step(kTarget, kTarget)));
  reg.reset();
  const Actuators a = reg.step(kTarget, kTarget);
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
  for (int i = 0; i < 10000; ++i) reg.step(kTarget, kTarget - Pressure::mmhg(50.0f));
  const Actuators held = reg.step(kTarget, kTarget);
  EXPECT_NEAR(held.pump_duty.value(), g.pump_ki * g.integral_limit, 1e-5f);

  // Once the cuff overshoots by 10 mmHg (9 past the dead band) the integral
  // unwinds from the bound in 6 / 9 = 0.67 s, not in minutes.
  int steps_to_bleed = 0;
  while (!bleeds(reg.step(kTarget, kTarget + Pressure::mmhg(10.0f))) && steps_to_bleed < 10000) {
    ++steps_to_bleed;
  }
  EXPECT_NEAR(static_cast<float>(steps_to_bleed) / kRate.hz(), 6.0f / 9.0f, 0.05f);

  // Symmetric: the negative bound holds too.
  for (int i = 0; i < 10000; ++i) reg.step(kTarget, kTarget + Pressure::mmhg(50.0f));
  EXPECT_NEAR(reg.step(kTarget, kTarget).bleed_opening.value(), g.bleed_ki * g.integral_limit,
              1e-5f);
}

}  // namespace
}  // namespace bfr::core
