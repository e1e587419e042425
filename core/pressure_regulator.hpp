#pragma once
// Holds the cuff at a target pressure with the pump (to raise it) and the
// proportional bleed valve (to lower it). A PI loop with a small dead band:
// contractions push cuff pressure up and relaxations let it sag, and the
// loop answers both within about a second without ringing.

#include "core/io_types.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct RegulatorGains {
  // Initial tuning on the simulated thigh cuff during 30-15-15-15 sets
  // (4 s reps); the regulation benchmark is where they are judged.
  float pump_kp = 0.8f;   // duty per mmHg below target
  float pump_ki = 1.5f;   // duty per mmHg*s
  float bleed_kp = 0.8f;  // opening per mmHg above target
  float bleed_ki = 1.5f;
  Pressure dead_band = Pressure::mmhg(1.0f);
  // Integral term bound, in mmHg*s, so that a long blocked phase cannot wind
  // the loop up into an overshoot.
  float integral_limit = 6.0f;
};

class PressureRegulator {
 public:
  explicit PressureRegulator(Frequency sample_rate, RegulatorGains gains = {})
      : dt_s_(1.0f / sample_rate.hz()), gains_(gains) {}

  void reset() { integral_ = 0; }
  Actuators step(Pressure target, Pressure cuff);

 private:
  float dt_s_;
  RegulatorGains gains_;
  float integral_ = 0;  // mmHg*s, positive when the cuff has been low
};

}  // namespace bfr::core
