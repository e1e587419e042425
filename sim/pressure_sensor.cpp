#include "sim/pressure_sensor.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {

SensorProfile mpx5050_profile(double sample_rate_hz) {
  SensorProfile p;
  p.sample_rate_hz = sample_rate_hz;
  return p;
}

SensorProfile hx710b_profile(double sample_rate_hz) {
  SensorProfile p;
  p.sample_rate_hz = sample_rate_hz;
  p.noise_sd_mmhg = 0.15;  // assumed: a 24-bit bridge ADC is quieter than an analog part
  p.quantum_mmhg = 0.01;
  p.lag_s = 1.0 / sample_rate_hz;  // the ADC integrates over its conversion period
  return p;
}

PressureSensor::PressureSensor(const SensorProfile& profile, std::uint64_t seed)
    : profile_(profile), rng_(seed) {}

void PressureSensor::track(double dt_s, double true_mmhg) {
  const double alpha = profile_.lag_s > 0 ? std::min(1.0, dt_s / profile_.lag_s) : 1.0;
  lagged_mmhg_ += alpha * (true_mmhg - lagged_mmhg_);
}

double PressureSensor::read() {
  double v = lagged_mmhg_ * (1 + profile_.gain_error) + profile_.offset_mmhg;
  v += rng_.normal(0, profile_.noise_sd_mmhg);
  v = std::round(v / profile_.quantum_mmhg) * profile_.quantum_mmhg;
  return std::clamp(v, 0.0, profile_.full_scale_mmhg);
}

}  // namespace bfr::sim
