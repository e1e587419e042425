#include "sim/arterial_pressure.hpp"

#include <cmath>
#include <numbers>

namespace bfr::sim {

double ArterialPressure::heart_rate_bpm() const {
  const double two_pi = 2 * std::numbers::pi;
  return params_.heart_rate_bpm * (1 + params_.lf_depth * std::sin(two_pi * 0.1 * t_s_) +
                                   params_.respiratory_depth * std::sin(two_pi * 0.25 * t_s_));
}

void ArterialPressure::advance(double dt_s) {
  beat_phase_ += 2 * std::numbers::pi * heart_rate_bpm() / 60.0 * dt_s;
  if (beat_phase_ > 2 * std::numbers::pi) beat_phase_ -= 2 * std::numbers::pi;
  t_s_ += dt_s;
}

double ArterialPressure::pressure_mmhg() const {
  const double pp = params_.systolic_mmhg - params_.diastolic_mmhg;
  const double w = beat_phase_;
  return params_.diastolic_mmhg + 0.5 * pp +
         0.36 * pp * (std::sin(w) + 0.5 * std::sin(2 * w) + 0.25 * std::sin(3 * w));
}

}  // namespace bfr::sim
