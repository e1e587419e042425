#include "core/sensor_monitor.hpp"

namespace bfr::core {

AlarmSet SensorMonitor::check(TimePoint now, const Readings& in) {
  AlarmSet found;
  if (!in.sensor_ok) found.raise(Alarm::kSensorFault);
  if (in.cuff < limits_.sensor_min || in.cuff > limits_.sensor_max) {
    found.raise(Alarm::kSensorOutOfRange);
  }

  if (!started_) {
    started_ = true;
    last_change_value_ = in.cuff;
    last_change_at_ = now;
  }
  const Pressure change = in.cuff - last_change_value_;
  if (abs(change) > limits_.stuck_tolerance) {
    const Duration since = now - last_change_at_;
    // The allowed change grows with the time since the last change; one
    // step's worth is the least, so a first sample after a long hold is
    // judged over the time it could have taken.
    if (abs(change) > limits_.max_rate * since) found.raise(Alarm::kSensorImplausibleRate);
    last_change_value_ = in.cuff;
    last_change_at_ = now;
  } else if (in.cuff > limits_.restricted_above && now - last_change_at_ >= limits_.stuck_after) {
    found.raise(Alarm::kSensorStuck);
  }

  if (in.has_second_sensor && abs(in.cuff - in.second_cuff) > limits_.max_disagreement) {
    if (!disagreeing_) disagreeing_since_ = now;
    disagreeing_ = true;
    if (now - disagreeing_since_ >= limits_.disagreement_after) {
      found.raise(Alarm::kSensorDisagreement);
    }
  } else {
    disagreeing_ = false;
  }
  return found;
}

}  // namespace bfr::core
