#pragma once
// The last word on the actuators. It sits after the regulator and the LOP
// measurement inside the controller step and trusts neither: from the cuff
// pressure, the clock, the target it was told and what it let through to
// the hardware last step, it decides each step whether to warn, hold, deflate
// or vent, and which alarms are raised, latched and cleared. Every threshold
// is in SafetyLimits, every alarm's priority, action and clearing rule in
// alarm_policy.hpp; docs/SAFETY.md has the table.

#include "core/actuator_monitor.hpp"
#include "core/alarm_policy.hpp"
#include "core/band_monitor.hpp"
#include "core/events.hpp"
#include "core/io_types.hpp"
#include "core/restriction_clock.hpp"
#include "core/safety_limits.hpp"
#include "core/sensor_monitor.hpp"
#include "core/units.hpp"

namespace bfr::core {

// What the rest of the controller asks for this step.
struct SupervisedRequest {
  Actuators actuators{};
  // The pressure being held, zero while none is (the band is not judged
  // while inflating towards a target or measuring LOP).
  Pressure target{};
  // Holding a target with no contractions (a rest between sets): the only
  // time the pump's work reveals a leak.
  bool holding_at_rest = false;
  // In a set, where contractions move the cuff more than the pump does:
  // the pump check waits for the rest.
  bool exercising = false;
};

struct SafetyVerdict {
  SafetyAction action = SafetyAction::kNone;  // the strongest of the active alarms
  Actuators actuators{};                      // what goes to the hardware
  AlarmSet raised;                            // raised this step
  AlarmSet cleared;                           // cleared by themselves this step
};

class SafetySupervisor {
 public:
  explicit SafetySupervisor(SafetyLimits limits = {});

  SafetyVerdict step(TimePoint now, const Readings& in, const SupervisedRequest& request);
  // Both latch their alarm and act on the next step.
  void emergency_stop() { pending_.raise(Alarm::kEmergencyStop); }
  void raise(Alarm alarm) { pending_.raise(alarm); }
  // Acknowledges latched alarms: clears those whose condition has ended,
  // once the cuff is deflated. Returns kNone when nothing latched is left;
  // otherwise why not (kNeedsRestart for a hardware fault, kCuffNotDeflated,
  // kConditionPresent), and nothing is cleared. `cleared` gets what went.
  Rejection reset(const Readings& in, AlarmSet& cleared);
  // A new session starts the summed restriction time again.
  void begin_session() { clock_.begin_session(); }
  // New thresholds (a host tightening the limits for one patient); every
  // state the checks keep, latched alarms and summed restriction included,
  // carries on.
  void set_limits(const SafetyLimits& limits);

  const AlarmSet& alarms() const { return active_; }
  bool latched() const { return latched_.any(); }
  SafetyAction action() const { return action_; }
  const SafetyLimits& limits() const { return limits_; }
  const RestrictionClock& restriction() const { return clock_; }

 private:
  AlarmSet conditions(TimePoint now, const Readings& in, const SupervisedRequest& request);
  SafetyAction strongest_action(TimePoint now);
  Actuators actuators_for(SafetyAction action, const Actuators& requested) const;

  SafetyLimits limits_;
  SensorMonitor sensor_;
  BandMonitor band_;
  RestrictionClock clock_;
  ActuatorMonitor actuator_;

  AlarmSet pending_;         // raised from outside, acted on next step
  AlarmSet present_;         // conditions true at the last step
  AlarmSet active_;          // shown to the user
  AlarmSet latched_;         // active and waiting for acknowledgement or restart
  bool holding_ = false;     // a hold-action alarm active...
  TimePoint holding_since_;  // ...since then; too long escalates to a vent
  bool held_before_ = false;
  TimePoint last_held_at_;
  bool escalated_ = false;
  SafetyAction action_ = SafetyAction::kNone;
  Actuators applied_ = Actuators::vent();
};

}  // namespace bfr::core
