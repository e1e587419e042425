#include "hardware/soft_pwm.hpp"

#include <cmath>

namespace bfr::hardware {

PwmChannelPlan plan_pwm_period(float duty, const PwmTiming& timing) {
  if (std::isnan(duty) || duty <= 0.0f) return {};
  const auto on = std::chrono::microseconds(static_cast<std::int64_t>(
      std::lround(static_cast<double>(duty) * static_cast<double>(timing.period.count()))));
  if (on < timing.min_pulse) return {};
  if (on > timing.period - timing.min_pulse) return {true, std::nullopt};
  return {true, on};
}

}  // namespace bfr::hardware
