#include "core/safety_supervisor.hpp"

namespace bfr::core {

SafetyVerdict SafetySupervisor::trip(Alarm alarm) {
  const bool is_new = !alarms_.has(alarm);
  alarms_.raise(alarm);
  latched_ = true;
  return {true, is_new, alarm};
}

void SafetySupervisor::emergency_stop() {
  pending_emergency_ = true;
}

Duration SafetySupervisor::inflated_for(TimePoint now) const {
  return inflated_ ? now - inflated_since_ : Duration{};
}

SafetyVerdict SafetySupervisor::step(TimePoint now, const Readings& in) {
  if (pending_emergency_) {
    pending_emergency_ = false;
    return trip(Alarm::kEmergencyStop);
  }
  if (pending_external_ != Alarm::kCount) {
    const Alarm alarm = pending_external_;
    pending_external_ = Alarm::kCount;
    return trip(alarm);
  }
  if (!in.sensor_ok || in.cuff < limits_.sensor_min || in.cuff > limits_.sensor_max) {
    return trip(Alarm::kSensorFault);
  }
  if (in.cuff >= limits_.hard_cap) return trip(Alarm::kOverPressureCap);

  const bool restricted = in.cuff > limits_.restricted_above;
  if (restricted && !inflated_) inflated_since_ = now;
  inflated_ = restricted;
  if (inflated_ && now - inflated_since_ > limits_.max_inflation) {
    return trip(Alarm::kInflationTimeLimit);
  }
  return {latched_, false, Alarm::kCount};
}

bool SafetySupervisor::reset(const Readings& in) {
  if (!in.sensor_ok || in.cuff > limits_.restricted_above) return false;
  alarms_ = {};
  latched_ = false;
  return true;
}

}  // namespace bfr::core
