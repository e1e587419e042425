// The ramp drive on a simple simulated cuff: pressure integrates the pump's
// flow (K x duty, nothing below the pump's minimum duty) minus the bleed's
// (B x opening x sqrt(p)); the drive sees a first-order low-pass of it, as
// it sees the pulse splitter's baseline in the LOP measurement.

#include "core/ramp_drive.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace bfr::core {
namespace {

constexpr float kLoopRateHz = 100.0f;
constexpr float kLoopDt = 1.0f / kLoopRateHz;
constexpr float kBaselineTauS = 0.5f;
constexpr float kSlew = 8.0f;  // mmHg/s^2, the drive's documented bound

struct CuffParams {
  float pump_gain = 60.0f;  // mmHg/s per unit duty
  // mmHg/s per unit opening per sqrt(mmHg). Fully open, the bleed passes at
  // 100 mmHg as much as the pump flat out (the drive's own assumption, and
  // the simulator's cuffs).
  float bleed_gain = 6.0f;
  float pump_min_duty = 0.15f;
};

class Cuff {
 public:
  Cuff(CuffParams params, float pressure)
      : params_(params), pressure_(pressure), baseline_(pressure) {}

  void advance(const Actuators& a) {
    const float duty = a.pump_duty.value();
    const float in = duty >= params_.pump_min_duty ? params_.pump_gain * duty : 0.0f;
    const float root = std::sqrt(std::max(pressure_, 0.0f));
    float out = params_.bleed_gain * a.bleed_opening.value() * root;
    if (a.vent_open) out += 20.0f * root;
    pressure_ = std::max(0.0f, pressure_ + (in - out) * kLoopDt);
    baseline_ += kAlpha * (pressure_ - baseline_);
  }
  float pressure() const { return pressure_; }
  Pressure baseline() const { return Pressure::mmhg(baseline_); }

 private:
  static inline const float kAlpha = 1.0f - std::exp(-kLoopDt / kBaselineTauS);
  CuffParams params_;
  float pressure_;
  float baseline_;
};

// One closed loop: the drive, the cuff, and what happened at each step.
struct Loop {
  Loop(CuffParams params, float start_pressure)
      : drive(Frequency::hz(kLoopRateHz), RampDriveConfig{Fraction(params.pump_min_duty), 0.03f}),
        cuff(params, start_pressure) {}

  void start(float rate, float full_duty_rate = 0.0f, float from = 0.0f) {
    drive.start(cuff.baseline(), PressureRate::mmhg_per_s(rate),
                PressureRate::mmhg_per_s(full_duty_rate), PressureRate::mmhg_per_s(from));
  }
  // Runs `seconds`; returns the pressure gained.
  float run(float seconds) {
    const float from = cuff.pressure();
    const int steps = static_cast<int>(std::lround(seconds * kLoopRateHz));
    for (int i = 0; i < steps; ++i) {
      last = drive.step(cuff.baseline());
      cuff.advance(last);
      applied.push_back(drive.applied_rate().mmhg_per_s());
      pressures.push_back(cuff.pressure());
      actuators.push_back(last);
    }
    return cuff.pressure() - from;
  }

  RampDrive drive;
  Cuff cuff;
  Actuators last;
  std::vector<float> applied;
  std::vector<float> pressures;
  std::vector<Actuators> actuators;
};

// The largest step-to-step change of the applied rate, in mmHg/s.
float largest_applied_step(const std::vector<float>& applied) {
  float largest = 0.0f;
  for (std::size_t i = 1; i < applied.size(); ++i) {
    largest = std::max(largest, std::abs(applied[i] - applied[i - 1]));
  }
  return largest;
}

class RampDriveRate : public ::testing::TestWithParam<float> {};

TEST_P(RampDriveRate, ClimbsAtTheAskedRateOnceSettled) {
  const float rate = GetParam();
  // From 100 mmHg: the slow and overrun ramps run above the envelope's
  // peak, near mean arterial pressure and up.
  Loop loop(CuffParams{}, 100.0f);
  loop.start(rate);
  loop.run(10.0f);
  const float climbed = loop.run(5.0f);
  EXPECT_NEAR(climbed / 5.0f, rate, 0.2f * rate);
  EXPECT_NEAR(loop.drive.measured_rate().mmhg_per_s(), rate, 0.2f * rate);
  EXPECT_FALSE(loop.last.vent_open);
}

INSTANTIATE_TEST_SUITE_P(RampDrive, RampDriveRate, ::testing::Values(4.0f, 8.0f, 15.0f));

TEST(RampDrive, FollowsARateChangeWithinAFewSeconds) {
  Loop loop(CuffParams{}, 100.0f);
  loop.start(8.0f);
  loop.run(10.0f);
  loop.drive.set_rate(PressureRate::mmhg_per_s(15.0f));
  EXPECT_EQ(loop.drive.rate().mmhg_per_s(), 15.0f);
  loop.run(4.0f);
  EXPECT_FLOAT_EQ(loop.drive.applied_rate().mmhg_per_s(), 15.0f);
  EXPECT_NEAR(loop.run(2.0f) / 2.0f, 15.0f, 0.2f * 15.0f);

  loop.drive.set_rate(PressureRate::mmhg_per_s(4.0f));
  loop.run(4.0f);
  EXPECT_FLOAT_EQ(loop.drive.applied_rate().mmhg_per_s(), 4.0f);
  // Down from 15 the pump is below its minimum again: the gain learnt at
  // 15 must carry over through the bleed.
  loop.run(2.0f);
  EXPECT_NEAR(loop.run(2.0f) / 2.0f, 4.0f, 0.2f * 4.0f);
}

TEST(RampDrive, AppliedRateChangesNoFasterThanTheSlewBound) {
  Loop loop(CuffParams{}, 60.0f);
  loop.start(15.0f);  // from rest
  loop.run(4.0f);
  loop.drive.set_rate(PressureRate::mmhg_per_s(4.0f));
  loop.run(4.0f);
  loop.drive.set_rate(PressureRate::mmhg_per_s(0.0f));
  loop.run(2.0f);
  loop.drive.set_rate(PressureRate::mmhg_per_s(-4.0f));
  loop.run(3.0f);
  loop.drive.set_rate(PressureRate::mmhg_per_s(15.0f));
  loop.run(4.0f);
  // The first step from rest is bounded too.
  EXPECT_LE(std::abs(loop.applied.front()), kSlew * kLoopDt + 1e-4f);
  EXPECT_LE(largest_applied_step(loop.applied), kSlew * kLoopDt + 1e-4f);
  // ... and it is not simply standing still.
  EXPECT_FLOAT_EQ(loop.applied.back(), 15.0f);
}

TEST(RampDrive, BelowThePumpMinimumRunsThePumpAtItAndOpensTheBleed) {
  // A strong pump on a small cuff: 4 mmHg/s needs a third of the minimum
  // duty's flow.
  CuffParams strong;
  strong.pump_gain = 120.0f;
  strong.bleed_gain = 12.0f;
  Loop loop(strong, 100.0f);
  loop.start(4.0f);
  loop.run(1.0f);
  const std::size_t after_first_second = loop.actuators.size();
  loop.run(14.0f);
  int toggles = 0;
  for (std::size_t i = after_first_second; i < loop.actuators.size(); ++i) {
    const Actuators& a = loop.actuators[i];
    const bool running = a.pump_duty.value() >= strong.pump_min_duty;
    const bool was_running = loop.actuators[i - 1].pump_duty.value() >= strong.pump_min_duty;
    if (running != was_running) ++toggles;
    EXPECT_GE(a.pump_duty.value(), strong.pump_min_duty) << "step " << i;
    EXPECT_GT(a.bleed_opening.value(), 0.0f) << "step " << i;
    EXPECT_FALSE(a.vent_open);
    if (a.pump_duty.value() < strong.pump_min_duty || a.bleed_opening.value() <= 0.0f) break;
  }
  EXPECT_EQ(toggles, 0);
  EXPECT_GT(loop.cuff.pressure(), 100.0f);  // still climbing, not held
}

// The bleed is opened by 0.5 x the duty short of the pump's minimum, so it
// never opens past half the minimum duty (7.5 %): more authority makes the
// loop, which sees the cuff through a baseline a second late, ring on the
// simulated population. On a pump strong for its cuff that lets out too
// little, and a 4 mmHg/s ramp climbs faster than asked (a known limit,
// docs/LOP.md). What it must still do: stay within twice the asked rate,
// slow down as the gain learns, and keep the pump running steadily.
TEST(RampDrive, SlowRampOnAStrongPumpStaysWithinTwiceTheAskedRate) {
  CuffParams strong;
  strong.pump_gain = 120.0f;
  strong.bleed_gain = 12.0f;  // fully open: as much as the pump at 100 mmHg
  Loop loop(strong, 100.0f);
  loop.start(4.0f);
  const float early = loop.run(5.0f) / 5.0f;
  loop.run(5.0f);
  const float late = loop.run(5.0f) / 5.0f;
  EXPECT_LE(late, 2.0f * 4.0f) << "bleed opening " << loop.last.bleed_opening.value();
  EXPECT_LT(late, early);
  EXPECT_GE(loop.last.pump_duty.value(), 0.15f);
  EXPECT_GT(loop.last.bleed_opening.value(), 0.0f);
}

TEST(RampDrive, RateZeroHolds) {
  Loop loop(CuffParams{}, 120.0f);
  loop.start(0.0f);
  loop.run(3.0f);
  for (const Actuators& a : loop.actuators) {
    EXPECT_EQ(a.pump_duty.value(), 0.0f);
    EXPECT_EQ(a.bleed_opening.value(), 0.0f);
    EXPECT_FALSE(a.vent_open);
  }
  EXPECT_FLOAT_EQ(loop.cuff.pressure(), 120.0f);
  EXPECT_EQ(loop.drive.flat_out_for(), Duration{});

  // Held after a ramp too, once the applied rate has come down.
  loop.drive.set_rate(PressureRate::mmhg_per_s(8.0f));
  loop.run(5.0f);
  loop.drive.set_rate(PressureRate::mmhg_per_s(0.0f));
  loop.run(8.0f / kSlew + 0.1f);
  const float held_at = loop.cuff.pressure();
  loop.run(2.0f);
  EXPECT_EQ(loop.last.pump_duty.value(), 0.0f);
  EXPECT_EQ(loop.last.bleed_opening.value(), 0.0f);
  EXPECT_FALSE(loop.last.vent_open);
  EXPECT_FLOAT_EQ(loop.cuff.pressure(), held_at);
}

TEST(RampDrive, NegativeRateGoesDownThroughTheBleed) {
  Loop loop(CuffParams{}, 180.0f);
  loop.start(-4.0f);
  loop.run(6.0f);
  for (std::size_t i = 10; i < loop.actuators.size(); ++i) {
    const Actuators& a = loop.actuators[i];
    ASSERT_EQ(a.pump_duty.value(), 0.0f) << "step " << i;
    ASSERT_GT(a.bleed_opening.value(), 0.0f) << "step " << i;
    ASSERT_FALSE(a.vent_open) << "step " << i;
  }
  const float fell = -loop.run(4.0f);
  EXPECT_NEAR(fell / 4.0f, 4.0f, 0.25f * 4.0f);
  EXPECT_EQ(loop.last.pump_duty.value(), 0.0f);
  EXPECT_EQ(loop.drive.flat_out_for(), Duration{});
}

TEST(RampDrive, FlatOutGrowsWhenThePlantCannotFollow) {
  CuffParams leaky;
  leaky.pump_gain = 2.0f;  // flat out it gains 2 mmHg/s: air escapes nearly as fast
  Loop loop(leaky, 60.0f);
  loop.start(15.0f);
  loop.run(10.0f);
  const Duration at_10 = loop.drive.flat_out_for();
  EXPECT_GT(at_10, Duration::from_seconds(4.0f));  // the measurement's leak_after
  loop.run(2.0f);
  EXPECT_EQ(loop.drive.flat_out_for() - at_10, Duration::from_seconds(2.0f));
  EXPECT_EQ(loop.last.pump_duty.value(), 1.0f);
}

TEST(RampDrive, FlatOutStaysZeroOnAHealthyPlant) {
  // An easy climb, and one that takes three quarters of the pump.
  for (const float gain : {60.0f, 20.0f}) {
    CuffParams params;
    params.pump_gain = gain;
    Loop loop(params, 30.0f);
    loop.start(15.0f, gain);
    Duration longest;
    for (int i = 0; i < 1500; ++i) {
      loop.run(kLoopDt);
      longest = max(longest, loop.drive.flat_out_for());
    }
    EXPECT_EQ(longest, Duration{}) << "K " << gain;
    EXPECT_NEAR(loop.run(2.0f) / 2.0f, 15.0f, 0.2f * 15.0f) << "K " << gain;
  }
}

TEST(RampDrive, FirstGainFromTheFillStartsNoFasterThanAsked) {
  // The fill, flat out at low pressure, rose at K mmHg/s: that is what the
  // drive is told. The default duty per rate (0.03) would ask 1.8x here.
  CuffParams params;
  Loop loop(params, 30.0f);
  const float asked = 15.0f;
  loop.start(asked, params.pump_gain);
  const float climbed = loop.run(3.0f);
  EXPECT_LE(climbed / 3.0f, 1.3f * asked);
  // Nor in any half second of it.
  const std::size_t window = static_cast<std::size_t>(kLoopRateHz / 2.0f);
  float fastest = 0.0f;
  for (std::size_t i = window; i < loop.pressures.size(); ++i) {
    fastest = std::max(fastest, (loop.pressures[i] - loop.pressures[i - window]) / 0.5f);
  }
  EXPECT_LE(fastest, 1.3f * asked);
  EXPECT_GT(climbed, 0.0f);
}

TEST(RampDrive, AHeadStartBeginsAtItsRateAndGathersTheRestAtTheSlewBound) {
  CuffParams params;
  Loop loop(params, 50.0f);
  loop.start(15.0f, params.pump_gain, 10.0f);
  const float first_half_second = loop.run(0.5f);
  // At 10 mmHg/s from the first step, then 8 mmHg/s^2 on up to 15.
  EXPECT_NEAR(loop.applied.front(), 10.0f + kSlew * kLoopDt, 1e-3f);
  EXPECT_LE(largest_applied_step(loop.applied), kSlew * kLoopDt + 1e-4f);
  EXPECT_GT(first_half_second, 0.5f * 7.0f);  // from rest it would be about 1 mmHg
  loop.run(1.0f);
  EXPECT_FLOAT_EQ(loop.applied.back(), 15.0f);

  // Never past the asked rate, and never a head start downwards.
  Loop over(params, 50.0f);
  over.start(6.0f, params.pump_gain, 10.0f);
  over.run(0.1f);
  EXPECT_FLOAT_EQ(over.applied.front(), 6.0f);
  Loop down(params, 50.0f);
  down.start(-4.0f, params.pump_gain, 10.0f);
  down.run(0.1f);
  EXPECT_LE(std::abs(down.applied.front()), kSlew * kLoopDt + 1e-4f);
}

}  // namespace
}  // namespace bfr::core
