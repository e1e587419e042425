#pragma once
// Is the pressure reading one a working sensor could give? Out of range,
// frozen, jumping faster than air or muscle can move a cuff, or disagreeing
// with a second sensor: each is a fault, because every other safety check
// rests on this one reading.

#include "core/events.hpp"
#include "core/io_types.hpp"
#include "core/safety_limits.hpp"
#include "core/units.hpp"

namespace bfr::core {

class SensorMonitor {
 public:
  explicit SensorMonitor(const SafetyLimits& limits) : limits_(limits) {}
  void set_limits(const SafetyLimits& limits) { limits_ = limits; }

  // The sensor conditions that hold at this reading.
  AlarmSet check(TimePoint now, const Readings& in);

 private:
  SafetyLimits limits_;
  bool started_ = false;
  // The last reading that differed from the one before, and when: a sensor
  // slower than the controller repeats each sample, so rates are taken
  // between changes, not between steps.
  Pressure last_change_value_;
  TimePoint last_change_at_;
  bool disagreeing_ = false;
  TimePoint disagreeing_since_;
};

}  // namespace bfr::core
