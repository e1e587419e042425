#pragma once
// What goes into and out of the cuff controller each step.

#include "core/units.hpp"

namespace bfr::core {

struct Readings {
  Pressure cuff;
  bool sensor_ok = true;  // the driver's own plausibility flag (bus error, status bit)
};

// Actuator commands. The vent valve is a normally-open dump valve: the
// hardware vents on power loss, and `vent_open` mirrors that default.
struct Actuators {
  Fraction pump_duty;      // 0..1 PWM share
  Fraction bleed_opening;  // 0..1 of the proportional bleed valve
  bool vent_open = true;

  static constexpr Actuators vent() { return {}; }
  static constexpr Actuators hold() { return {Fraction(0), Fraction(0), false}; }
};

}  // namespace bfr::core
