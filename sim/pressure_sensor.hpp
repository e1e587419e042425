#pragma once
// A gauge pressure sensor with its imperfections: offset and gain error,
// white noise, first-order lag, quantisation and a sample rate. Two profiles
// from bfr-facts section 4: an analog MPX5050-class part (0-375 mmHg, 1 ms
// response, 2.5 % max error) behind a 12-bit ADC, and an HX710B-class 24-bit
// ADC at 10 or 40 samples/s. Faults: a stuck output, a drifting or jumping
// offset, and an output pinned at a value (in range or not).

#include <string_view>

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
// "mpx5050" or "hx710b" at a rate; false for an unknown name.
bool sensor_profile_by_name(std::string_view name, double sample_rate_hz, SensorProfile& out);

class PressureSensor {
 public:
  PressureSensor(const SensorProfile& profile, std::uint64_t seed);

  // Follows the pressure at its port at the model rate (for the lag) and
  // converts a new sample whenever a sample period has passed.
  void track(double dt_s, double port_mmhg);
  // The latest converted sample, held until the next conversion, as an ADC
  // register would hold it.
  double read() const { return last_; }
  // Conversions so far: a reader polling faster than the sample rate sees
  // the same sample repeated and can tell by this count.
  long samples() const { return samples_; }
  // Fault injection: freeze the output at its last reading, or let the
  // offset walk at a rate.
  void set_stuck(bool stuck) { stuck_ = stuck; }
  void set_drift(double mmhg_per_s) { drift_mmhg_per_s_ = mmhg_per_s; }
  // A step in the offset (0 removes it), and a reading pinned at a value
  // that need not be in range (nullptr-like: `railed` false releases it).
  void set_jump(double mmhg) { jump_mmhg_ = mmhg; }
  void set_rail(bool railed, double mmhg) {
    railed_ = railed;
    rail_mmhg_ = mmhg;
  }
  const SensorProfile& profile() const { return profile_; }

 private:
  SensorProfile profile_;
  Rng rng_;
  double lagged_mmhg_ = 0;
  double drift_offset_mmhg_ = 0;
  double drift_mmhg_per_s_ = 0;
  bool stuck_ = false;
  double jump_mmhg_ = 0;
  bool railed_ = false;
  double rail_mmhg_ = 0;
  double last_ = 0;
  double since_sample_s_ = 0;
  long samples_ = 0;

  double convert();
};

}  // namespace bfr::sim
