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

bool sensor_profile_by_name(std::string_view name, double sample_rate_hz, SensorProfile& out) {
  if (name == "mpx5050") {
    out = mpx5050_profile(sample_rate_hz);
    return true;
  }
  if (name == "hx710b") {
    out = hx710b_profile(sample_rate_hz);
    return true;
  }
  return false;
}

PressureSensor::PressureSensor(const SensorProfile& profile, std::uint64_t seed)
    : profile_(profile), rng_(seed) {}

void PressureSensor::track(double dt_s, double port_mmhg) {
  const double alpha = profile_.lag_s > 0 ? std::min(1.0, dt_s / profile_.lag_s) : 1.0;
  lagged_mmhg_ += alpha * (port_mmhg - lagged_mmhg_);
  drift_offset_mmhg_ += drift_mmhg_per_s_ * dt_s;
  since_sample_s_ += dt_s;
  const double period = 1.0 / profile_.sample_rate_hz;
  if (since_sample_s_ >= period - 1e-9) {
    since_sample_s_ = std::fmod(since_sample_s_, period);
    ++samples_;
    if (railed_) {
      last_ = rail_mmhg_;  // garbage from the bus: not clamped to the sensor's range
    } else if (!stuck_) {
      last_ = convert();
    }
  }
}

double PressureSensor::convert() {
  double v = lagged_mmhg_ * (1 + profile_.gain_error) + profile_.offset_mmhg + drift_offset_mmhg_ +
             jump_mmhg_;
  v += rng_.normal(0, profile_.noise_sd_mmhg);
  v = std::round(v / profile_.quantum_mmhg) * profile_.quantum_mmhg;
  return std::clamp(v, 0.0, profile_.full_scale_mmhg);
}

}  // namespace bfr::sim
