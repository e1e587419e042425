#include "core/pressure_regulator.hpp"

#include <algorithm>

namespace bfr::core {

Actuators PressureRegulator::step(Pressure target, Pressure cuff) {
  const float error = (target - cuff).mmhg();  // positive: cuff too low
  const float band = gains_.dead_band.mmhg();
  const float effective = error > band ? error - band : (error < -band ? error + band : 0.0f);
  integral_ =
      std::clamp(integral_ + effective * dt_s_, -gains_.integral_limit, gains_.integral_limit);

  // Pump and bleed never act together: the sign of the PI output picks one.
  const float raise = gains_.pump_kp * effective + gains_.pump_ki * integral_;
  if (raise > 0) {
    return {Fraction(std::clamp(raise, 0.0f, 1.0f)), Fraction(0), false};
  }
  const float lower = -(gains_.bleed_kp * effective + gains_.bleed_ki * integral_);
  return {Fraction(0), Fraction(std::clamp(lower, 0.0f, 1.0f)), false};
}

}  // namespace bfr::core
