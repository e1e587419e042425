#pragma once
// How long the limb has been restricted: continuously (one exercise) and in
// sum since the session began. Restriction is any cuff pressure above
// SafetyLimits::restricted_above, whatever the controller meant to do.

#include "core/events.hpp"
#include "core/safety_limits.hpp"
#include "core/units.hpp"

namespace bfr::core {

class RestrictionClock {
 public:
  explicit RestrictionClock(const SafetyLimits& limits) : limits_(limits) {}
  void set_limits(const SafetyLimits& limits) { limits_ = limits; }

  // The restriction-time conditions that hold now.
  AlarmSet check(TimePoint now, Pressure cuff);
  // A new session: the summed time starts again from zero.
  void begin_session() { session_total_ = {}; }

  Duration continuous(TimePoint now) const { return restricted_ ? now - since_ : Duration{}; }
  Duration session_total() const { return session_total_; }

 private:
  SafetyLimits limits_;
  bool restricted_ = false;
  TimePoint since_;
  TimePoint last_;
  Duration session_total_;
};

}  // namespace bfr::core
