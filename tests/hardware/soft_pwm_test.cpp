// One software PWM period's plan: on at the start, off after the share;
// pulses too short to time are dropped to off or stretched to full.

#include "hardware/soft_pwm.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace bfr::hardware {
namespace {

using std::chrono::microseconds;

const PwmTiming kTiming{microseconds(5000), microseconds(200)};

TEST(SoftPwm, ZeroAndNegativeAndNanAreOff) {
  const PwmChannelPlan off{};
  EXPECT_EQ(plan_pwm_period(0.0f, kTiming), off);
  EXPECT_EQ(plan_pwm_period(-0.5f, kTiming), off);
  EXPECT_EQ(plan_pwm_period(std::numeric_limits<float>::quiet_NaN(), kTiming), off);
}

TEST(SoftPwm, AShareSwitchesOffAfterItsPartOfThePeriod) {
  EXPECT_EQ(plan_pwm_period(0.25f, kTiming), (PwmChannelPlan{true, microseconds(1250)}));
  EXPECT_EQ(plan_pwm_period(0.5f, {microseconds(10000), microseconds(200)}),
            (PwmChannelPlan{true, microseconds(5000)}));
}

TEST(SoftPwm, FullIsOnForTheWholePeriod) {
  EXPECT_EQ(plan_pwm_period(1.0f, kTiming), (PwmChannelPlan{true, std::nullopt}));
  EXPECT_EQ(plan_pwm_period(3.0f, kTiming), (PwmChannelPlan{true, std::nullopt}));
}

TEST(SoftPwm, PulsesShorterThanTheMinimumAreNotAttempted) {
  // 3 % of 5 ms is 150 us, under the 200 us minimum: off.
  EXPECT_EQ(plan_pwm_period(0.03f, kTiming), PwmChannelPlan{});
  // 97 % leaves a 150 us gap: on for the whole period.
  EXPECT_EQ(plan_pwm_period(0.97f, kTiming), (PwmChannelPlan{true, std::nullopt}));
  // 4 % is 200 us: exactly the minimum, kept.
  EXPECT_EQ(plan_pwm_period(0.04f, kTiming), (PwmChannelPlan{true, microseconds(200)}));
}

}  // namespace
}  // namespace bfr::hardware
