#pragma once
// Is the cuff where the regulator was told to hold it? Outside the target's
// tolerance for longer than allowed is an over- or under-pressure alarm. The
// supervisor computes this itself from the target and the reading; it does
// not trust the regulator's own view.

#include "core/events.hpp"
#include "core/safety_limits.hpp"
#include "core/units.hpp"

namespace bfr::core {

class BandMonitor {
 public:
  explicit BandMonitor(const SafetyLimits& limits) : limits_(limits) {}
  void set_limits(const SafetyLimits& limits) { limits_ = limits; }

  // `target` is zero when no target is held (or while the cuff is still
  // inflating towards it): then nothing is judged.
  AlarmSet check(TimePoint now, Pressure cuff, Pressure target);

 private:
  SafetyLimits limits_;
  bool over_ = false;
  bool under_ = false;
  TimePoint outside_since_;
};

}  // namespace bfr::core
