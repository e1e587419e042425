// The controller's actuator commands as line levels: the vent valve is
// normally open, so "vent open" is "not energised"; the supply switch cuts
// the pump's PWM too; shares are clamped.

#include "hardware/output_levels.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace bfr::hardware {
namespace {

using core::Actuators;
using core::Fraction;

TEST(OutputLevels, SafeLevelsAreEveryLineOff) {
  const OutputLevels safe = safe_output_levels();
  EXPECT_FALSE(safe.vent_valve_energised);
  EXPECT_FALSE(safe.pump_supply_on);
  EXPECT_EQ(safe.pump_duty, 0.0f);
  EXPECT_EQ(safe.bleed_duty, 0.0f);
}

TEST(OutputLevels, VentLeavesTheValveUnpoweredAndThePumpOff) {
  const OutputLevels l = to_output_levels(Actuators::vent());
  EXPECT_FALSE(l.vent_valve_energised);
  EXPECT_TRUE(l.pump_supply_on);
  EXPECT_EQ(l.pump_duty, 0.0f);
  EXPECT_EQ(l.bleed_duty, 0.0f);
}

TEST(OutputLevels, ReleaseAllOpensEveryWayOutAndCutsTheSupply) {
  const OutputLevels l = to_output_levels(Actuators::release_all());
  EXPECT_FALSE(l.vent_valve_energised);
  EXPECT_FALSE(l.pump_supply_on);
  EXPECT_EQ(l.pump_duty, 0.0f);
  EXPECT_EQ(l.bleed_duty, 1.0f);
}

TEST(OutputLevels, HoldEnergisesTheVentValveShut) {
  const OutputLevels l = to_output_levels(Actuators::hold());
  EXPECT_TRUE(l.vent_valve_energised);
  EXPECT_TRUE(l.pump_supply_on);
  EXPECT_EQ(l.pump_duty, 0.0f);
}

TEST(OutputLevels, InflatingCarriesTheShares) {
  const OutputLevels l = to_output_levels({Fraction(0.35f), Fraction(0.2f), false, true});
  EXPECT_TRUE(l.vent_valve_energised);
  EXPECT_TRUE(l.pump_supply_on);
  EXPECT_FLOAT_EQ(l.pump_duty, 0.35f);
  EXPECT_FLOAT_EQ(l.bleed_duty, 0.2f);
}

TEST(OutputLevels, NoPumpPwmWithTheSupplyCut) {
  const OutputLevels l = to_output_levels({Fraction(0.6f), Fraction(0), false, false});
  EXPECT_FALSE(l.pump_supply_on);
  EXPECT_EQ(l.pump_duty, 0.0f);
}

TEST(OutputLevels, SharesAreClampedAndNanIsOff) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(to_output_levels({Fraction(1.7f), Fraction(-0.2f), false, true}).pump_duty, 1.0f);
  EXPECT_EQ(to_output_levels({Fraction(1.7f), Fraction(-0.2f), false, true}).bleed_duty, 0.0f);
  EXPECT_EQ(to_output_levels({Fraction(nan), Fraction(nan), false, true}).pump_duty, 0.0f);
  EXPECT_EQ(to_output_levels({Fraction(nan), Fraction(nan), false, true}).bleed_duty, 0.0f);
}

}  // namespace
}  // namespace bfr::hardware
