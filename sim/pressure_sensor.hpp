#pragma once
// A gauge pressure sensor with its imperfections: offset and gain error,
// white noise, first-order lag, quantisation and a sample rate. Two profiles
// from bfr-facts section 4: an analog MPX5050-class part (0-375 mmHg, 1 ms
// response, 2.5 % max error) behind a 12-bit ADC, and an HX710B-class 24-bit
// ADC at 10 or 40 samples/s.

#include "sim/rng.hpp"

namespace bfr::sim {

struct SensorProfile {
  double sample_rate_hz = 100;
  double noise_sd_mmhg = 0.4;  // white noise, textbook model (facts section 4)
  double offset_mmhg = 0;
  double gain_error = 0;  // 0.01 = reads 1 % high
  double quantum_mmhg = 375.0 / 4096.0;
  double lag_s = 0.001;
  double full_scale_mmhg = 375;
};

SensorProfile mpx5050_profile(double sample_rate_hz = 100);
SensorProfile hx710b_profile(double sample_rate_hz = 40);

class PressureSensor {
 public:
  PressureSensor(const SensorProfile& profile, std::uint64_t seed);

  // Follows the true pressure at the model rate (for the lag).
  void track(double dt_s, double true_mmhg);
  // One reading as the ADC would give it now.
  double read();
  const SensorProfile& profile() const { return profile_; }

 private:
  SensorProfile profile_;
  Rng rng_;
  double lagged_mmhg_ = 0;
};

}  // namespace bfr::sim
