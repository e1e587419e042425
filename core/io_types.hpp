#pragma once
// What goes into and out of the cuff controller each step.

#include "core/units.hpp"

namespace bfr::core {

struct Readings {
  // Most callers have one sensor and no link: {pressure} or {pressure, ok}.
  constexpr Readings(Pressure cuff_reading = {},
                     bool reading_ok = true)  // NOLINT: implicit on purpose
      : cuff(cuff_reading), sensor_ok(reading_ok) {}

  Pressure cuff;
  bool sensor_ok = true;  // the driver's own plausibility flag (bus error, status bit)
  // A second, independent sensor on the same cuff, where the hardware has
  // one: the supervisor compares the two.
  bool has_second_sensor = false;
  Pressure second_cuff;
  // Set by the device's link watchdog when the host's heartbeat stopped.
  bool host_heartbeat_lost = false;
};

// Actuator commands. The vent valve is a normally-open dump valve: the
// hardware vents on power loss, and `vent_open` mirrors that default.
struct Actuators {
  Fraction pump_duty;      // 0..1 PWM share
  Fraction bleed_opening;  // 0..1 of the proportional bleed valve
  bool vent_open = true;
  // The pump's supply switch, in series with its PWM driver: the safe state
  // cuts it, so that a driver failed on cannot keep pumping.
  bool pump_power = true;

  static constexpr Actuators vent() { return {Fraction(0), Fraction(0), true, true}; }
  // Every way out open at once: the safe state, and the fallback when the
  // vent valve alone does not release the cuff.
  static constexpr Actuators release_all() { return {Fraction(0), Fraction(1), true, false}; }
  static constexpr Actuators hold() { return {Fraction(0), Fraction(0), false, true}; }
};

}  // namespace bfr::core
