#pragma once
// What each alarm means for the patient and what it takes to clear it, in the
// terms of IEC 60601-1-8 (alarm systems in medical electrical equipment):
// a priority (high: immediate response needed; medium: prompt response;
// low: awareness), a latching rule, and the action the supervisor takes.
// Kept as one table so that a reader can check the whole policy at a glance
// and docs/SAFETY.md can quote it.

#include <cstdint>

#include "core/events.hpp"

namespace bfr::core {

enum class AlarmPriority : std::uint8_t { kLow, kMedium, kHigh };

// Ordered by severity: a stronger action always wins over a weaker one.
enum class SafetyAction : std::uint8_t {
  kNone,
  kWarn,     // tell the user; the cuff is left alone
  kHold,     // no more air in: the pump stops, the valves still let air out
  kDeflate,  // end the protocol and deflate as at a normal end, then wait for acknowledgement
  kVent,     // open every valve now and latch the safe state
};

// How an alarm goes away.
enum class AlarmClearing : std::uint8_t {
  kSelf,         // clears when its condition ends (not latched)
  kAcknowledge,  // latched: clears on reset, once its condition has ended and the cuff is down
  kRestart,      // a hardware fault: latched until the controller restarts
};

struct AlarmPolicy {
  AlarmPriority priority = AlarmPriority::kHigh;
  SafetyAction action = SafetyAction::kVent;
  AlarmClearing clearing = AlarmClearing::kAcknowledge;
};

constexpr AlarmPolicy policy_of(Alarm alarm);

// The alarms whose policy matches, as AlarmSet bits: the supervisor works on
// whole sets at once rather than alarm by alarm (a step's budget is small).
constexpr std::uint32_t alarms_with_action(SafetyAction action);
constexpr std::uint32_t alarms_latching();

constexpr AlarmPolicy policy_of(Alarm alarm) {
  using P = AlarmPriority;
  using A = SafetyAction;
  using C = AlarmClearing;
  switch (alarm) {
    // Pressure the patient must not bear: out at once.
    case Alarm::kOverPressureCap:
      return {P::kHigh, A::kVent, C::kAcknowledge};
    case Alarm::kEmergencyStop:
      return {P::kHigh, A::kVent, C::kAcknowledge};
    // Above the prescription: stop adding air and let the regulator bleed
    // back into the band; it clears once the pressure is back. If it does
    // not come back the supervisor escalates to a vent (kOverPressureCap is
    // not needed for that: see SafetyLimits::hold_escalates_after).
    case Alarm::kOverPressure:
      return {P::kMedium, A::kHold, C::kSelf};
    // Too little pressure costs the training effect, not safety.
    case Alarm::kUnderPressure:
      return {P::kLow, A::kWarn, C::kSelf};
    case Alarm::kRestrictionTimeWarning:
      return {P::kLow, A::kWarn, C::kSelf};
    // Limits of the protocol rather than faults: end it the normal way.
    case Alarm::kInflationTimeLimit:
    case Alarm::kSessionRestrictionLimit:
    case Alarm::kLeak:
    case Alarm::kHostHeartbeatLost:
      return {P::kMedium, A::kDeflate, C::kAcknowledge};
    case Alarm::kInflationFailed:
      return {P::kMedium, A::kVent, C::kAcknowledge};
    // Without a trustworthy pressure reading nothing can be regulated or
    // bounded: vent, and keep the device out of use until it restarts.
    case Alarm::kSensorFault:
    case Alarm::kSensorOutOfRange:
    case Alarm::kSensorStuck:
    case Alarm::kSensorImplausibleRate:
    case Alarm::kSensorDisagreement:
      return {P::kHigh, A::kVent, C::kRestart};
    case Alarm::kPumpNoRise:
      return {P::kMedium, A::kVent, C::kRestart};
    // A pump that runs when told not to: the vent cuts its supply too.
    case Alarm::kUncommandedInflow:
      return {P::kHigh, A::kVent, C::kRestart};
    // The air does not get out: every valve open, and the user must take
    // the cuff off by hand if the pressure stays.
    case Alarm::kValveNoRelease:
      return {P::kHigh, A::kVent, C::kRestart};
    case Alarm::kCount:
      break;
  }
  return {};
}

constexpr std::uint32_t alarms_with_action(SafetyAction action) {
  std::uint32_t bits = 0;
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(Alarm::kCount); ++i) {
    if (policy_of(static_cast<Alarm>(i)).action == action) bits |= std::uint32_t{1} << i;
  }
  return bits;
}

constexpr std::uint32_t alarms_latching() {
  std::uint32_t bits = 0;
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(Alarm::kCount); ++i) {
    if (policy_of(static_cast<Alarm>(i)).clearing != AlarmClearing::kSelf) {
      bits |= std::uint32_t{1} << i;
    }
  }
  return bits;
}

const char* to_string(AlarmPriority priority);
const char* to_string(SafetyAction action);
const char* to_string(AlarmClearing clearing);

}  // namespace bfr::core
