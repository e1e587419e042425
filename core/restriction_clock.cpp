#include "core/restriction_clock.hpp"

namespace bfr::core {

AlarmSet RestrictionClock::check(TimePoint now, Pressure cuff) {
  AlarmSet found;
  const bool restricted = cuff > limits_.restricted_above;
  if (restricted && restricted_) session_total_ += now - last_;
  if (restricted && !restricted_) since_ = now;
  restricted_ = restricted;
  last_ = now;
  if (!restricted_) return found;

  const Duration run = now - since_;
  if (run > limits_.max_inflation) found.raise(Alarm::kInflationTimeLimit);
  if (session_total_ > limits_.max_session_restriction) {
    found.raise(Alarm::kSessionRestrictionLimit);
  }
  if (run > limits_.max_inflation - limits_.restriction_warning_before ||
      session_total_ > limits_.max_session_restriction - limits_.restriction_warning_before) {
    found.raise(Alarm::kRestrictionTimeWarning);
  }
  return found;
}

}  // namespace bfr::core
