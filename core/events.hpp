#pragma once
// Events and alarms the controller reports each step. Buffers are fixed-size:
// when a step produces more events than fit, the overflow is counted, never
// silently lost.

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/units.hpp"

namespace bfr::core {

enum class Phase : std::uint8_t {
  kIdle,
  kMeasuringLop,
  kInflating,
  kExercise,
  kRest,
  kDeflating,
  kSafeState,  // vented after an alarm or emergency stop; needs a reset
};
const char* to_string(Phase phase);

// Alarm conditions the safety supervisor detects. Each one's priority,
// action and clearing (IEC 60601-1-8 terms) are fixed in alarm_policy.hpp.
// The numeric values are stored and sent over the device link: append new
// conditions before kCount, never reorder.
enum class Alarm : std::uint8_t {
  kOverPressureCap,     // cuff at or above the hard cap
  kInflationTimeLimit,  // continuous restriction longer than one exercise may last
  kSensorFault,         // the sensor driver reports a fault (bus error, status bit)
  kEmergencyStop,
  kInflationFailed,          // the target was not reached within the inflation timeout
  kOverPressure,             // above target + tolerance for too long
  kUnderPressure,            // below target - tolerance for too long
  kLeak,                     // the pump compensating for too long
  kSessionRestrictionLimit,  // restriction summed over the session too long
  kRestrictionTimeWarning,   // close to either restriction limit
  kSensorOutOfRange,         // a reading no working sensor can give
  kSensorStuck,              // the reading frozen while the cuff is working
  kSensorImplausibleRate,    // a change faster than air or muscle can make
  kSensorDisagreement,       // the second sensor reads something else
  kPumpNoRise,               // the pump runs with the valves shut and nothing rises
  kValveNoRelease,           // the valves are open and the pressure stays
  kHostHeartbeatLost,        // the device link's watchdog says the host is gone
  kUncommandedInflow,        // air keeps coming in at rest: the pump runs when told not to
  kCount,
};
const char* to_string(Alarm alarm);

class AlarmSet {
 public:
  static constexpr AlarmSet from_bits(std::uint32_t bits) {
    AlarmSet set;
    set.bits_ = bits;
    return set;
  }
  constexpr void raise(Alarm a) { bits_ |= bit(a); }
  constexpr void clear(Alarm a) { bits_ &= static_cast<std::uint32_t>(~bit(a)); }
  constexpr bool has(Alarm a) const { return (bits_ & bit(a)) != 0; }
  constexpr bool any() const { return bits_ != 0; }
  constexpr std::uint32_t bits() const { return bits_; }

 private:
  static constexpr std::uint32_t bit(Alarm a) {
    return std::uint32_t{1} << static_cast<std::uint32_t>(a);
  }
  std::uint32_t bits_ = 0;
};

// Why a LOP measurement ended without a value.
enum class LopFailure : std::uint8_t {
  kNone,
  kMotion,
  kNoPulse,
  kLeak,
  kCapReached,
  kTimeout,
  kStopped,
  kNotAboveOcclusion,  // the pulse never faded to a floor: no occlusion reached
};
const char* to_string(LopFailure failure);

// Why a command was refused; a refused command changes nothing.
enum class Rejection : std::uint8_t {
  kNone,
  kBusy,
  kTargetAboveLop,
  kTargetAboveCap,
  kInvalidPlan,
  kNotInSet,
  kNeedsReset,
  kCuffNotDeflated,
  kNeedsRestart,      // a hardware fault is latched: only a restart clears it
  kConditionPresent,  // an alarm's condition is still there: it cannot be acknowledged yet
  kNoExercise,        // a new target needs an exercise under way
  kLimitLoosened,     // a limit may only be tightened, never set above the device's own
};
const char* to_string(Rejection rejection);

enum class EventKind : std::uint8_t {
  kPhaseChanged,     // code = the Phase entered
  kLopMeasured,      // value = LOP
  kLopFailed,        // code = LopFailure
  kSetStarted,       // set_index
  kSetEnded,         // set_index, code = 1 when ended by the set time cap
  kAlarmRaised,      // code = Alarm, value = cuff pressure
  kAlarmCleared,     // code = Alarm
  kCommandRejected,  // code = Rejection
  kSafetyAction,     // code = SafetyAction the supervisor took, value = cuff pressure
};
const char* to_string(EventKind kind);

struct Event {
  EventKind kind = EventKind::kPhaseChanged;
  TimePoint at;
  std::uint8_t code = 0;
  std::int8_t set_index = -1;
  Pressure value;
};

template <std::size_t N>
class EventBuffer {
 public:
  constexpr void push(const Event& e) {
    if (count_ < N) {
      items_[count_++] = e;
    } else {
      ++dropped_;
    }
  }
  constexpr std::size_t size() const { return count_; }
  constexpr std::uint32_t dropped() const { return dropped_; }
  constexpr const Event& operator[](std::size_t i) const { return items_[i]; }
  constexpr const Event* begin() const { return items_.data(); }
  constexpr const Event* end() const { return items_.data() + count_; }
  constexpr void clear() {
    count_ = 0;
    dropped_ = 0;
  }

 private:
  std::array<Event, N> items_{};
  std::size_t count_ = 0;
  std::uint32_t dropped_ = 0;
};

}  // namespace bfr::core
