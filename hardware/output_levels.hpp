#pragma once
// What the output lines carry for a set of actuator commands. Every line is
// active high and its de-energised level is the safe one: the vent valve is
// normally open (unpowered, it vents), the bleed valve normally closed, the
// pump's PWM and its supply switch off. So the safe levels are all lines
// low, which is also what the board gives when the program, the board or
// its supply stops (docs/HARDWARE.md).

#include "core/io_types.hpp"

namespace bfr::hardware {

struct OutputLevels {
  bool vent_valve_energised = false;  // energised: closed; de-energised: open, venting
  float bleed_duty = 0;               // PWM share of the proportional bleed valve, 0..1
  float pump_duty = 0;                // PWM share of the pump motor, 0..1
  bool pump_supply_on = false;        // the switch in series with the pump's driver
  bool operator==(const OutputLevels&) const = default;
};

constexpr OutputLevels safe_output_levels() {
  return {};
}

// The controller's actuator commands as line levels. Shares are clamped to
// 0..1 (NaN is 0); with the supply cut the pump's PWM is off as well, so a
// switch that failed closed still does not pump.
OutputLevels to_output_levels(const core::Actuators& act);

}  // namespace bfr::hardware
