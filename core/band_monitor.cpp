#include "core/band_monitor.hpp"

namespace bfr::core {

AlarmSet BandMonitor::check(TimePoint now, Pressure cuff, Pressure target) {
  AlarmSet found;
  const bool judged = target.mmhg() > 0.0f;
  const bool over = judged && cuff > target + limits_.band_tolerance;
  const bool under = judged && cuff < target - limits_.band_tolerance;
  if ((over && !over_) || (under && !under_)) outside_since_ = now;
  over_ = over;
  under_ = under;
  if ((over_ || under_) && now - outside_since_ > limits_.band_excursion_limit) {
    found.raise(over_ ? Alarm::kOverPressure : Alarm::kUnderPressure);
  }
  return found;
}

}  // namespace bfr::core
