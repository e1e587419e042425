#pragma once
// The last word on the actuators. It sits after the regulator and the LOP
// measurement inside the controller step and needs nothing from them or from
// any host: it reads the cuff pressure and the clock and, when a limit is
// crossed, vents the cuff and latches an alarm until a reset.
//
// Conditions in this first version: hard pressure cap, maximum continuous
// inflation time, sensor out of range or reporting a fault, emergency stop.

#include "core/events.hpp"
#include "core/io_types.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct SafetyLimits {
  // Hard cap on cuff pressure. 300 mmHg is the ceiling of the manual LOP
  // protocol (Loenneke lab, bfr-facts section 1); nothing is prescribed above.
  Pressure hard_cap = Pressure::mmhg(300.0f);
  // Longest continuous inflation. 20 min is the lower-limb cap of AIS and
  // Smart Cuffs (bfr-facts section 1); the upper limb uses 15 min.
  Duration max_inflation = Duration::from_seconds(20.0f * 60.0f);
  // Above this the limb counts as restricted; below it as deflated.
  Pressure restricted_above = Pressure::mmhg(20.0f);
  // Readings outside this window cannot come from a working sensor.
  Pressure sensor_min = Pressure::mmhg(-20.0f);
  Pressure sensor_max = Pressure::mmhg(400.0f);
};

struct SafetyVerdict {
  bool vent = false;     // override every actuator to vent
  bool tripped = false;  // an alarm was raised this step
  Alarm alarm = Alarm::kCount;
};

class SafetySupervisor {
 public:
  explicit SafetySupervisor(SafetyLimits limits = {}) : limits_(limits) {}

  SafetyVerdict step(TimePoint now, const Readings& in);
  void emergency_stop();
  // Latches an alarm that another part of the controller detected (an
  // inflation that never reaches its target); the vent follows next step.
  void raise(Alarm alarm) { pending_external_ = alarm; }
  // Clears latched alarms; allowed only when the cuff is deflated.
  bool reset(const Readings& in);

  const AlarmSet& alarms() const { return alarms_; }
  bool latched() const { return latched_; }
  const SafetyLimits& limits() const { return limits_; }
  Duration inflated_for(TimePoint now) const;

 private:
  SafetyVerdict trip(Alarm alarm);

  SafetyLimits limits_;
  AlarmSet alarms_;
  bool latched_ = false;
  bool pending_emergency_ = false;
  Alarm pending_external_ = Alarm::kCount;
  bool inflated_ = false;
  TimePoint inflated_since_;
};

}  // namespace bfr::core
