#pragma once
// Drives the cuff up a pressure ramp whose rate may change (fast, slow, or
// held still), smoothly enough that the drive itself puts nothing into the
// pulse band the LOP measurement listens to.
//
// The measurement needs a steady climb at roughly the asked rate, not a
// cuff that tracks a position exactly, so the drive controls the rate
// alone, and slowly:
//   - it sets the pump's duty in proportion to the rate, with a gain (duty
//     per mmHg/s) it keeps learning from the climb it sees; a change of rate
//     changes the duty at once, in the right proportion;
//   - it watches the rate on the slow baseline of the cuff signal, never on
//     the raw signal, so it cannot chase heartbeats and stamp them back onto
//     the pump's flow; learning takes a few seconds, far slower than a pulse;
//   - a diaphragm pump will not turn steadily below some duty, and a slow
//     ramp on a small cuff needs less flow than that; switching the pump on
//     and off would put a ripple right into the pulse band, so below that
//     duty the pump runs at it and the proportional bleed lets the surplus
//     out.
// It never decides to stop: it reports how long it has been at full effort,
// and the caller calls that a leak.

#include "core/io_types.hpp"
#include "core/units.hpp"

namespace bfr::core {

struct RampDriveConfig {
  // The lowest duty at which the pump is trusted to run steadily.
  Fraction pump_min_duty = Fraction(0.15f);
  // Duty per mmHg/s when nothing better is known.
  float duty_per_rate = 0.03f;
};

class RampDrive {
 public:
  RampDrive(Frequency sample_rate, RampDriveConfig config = {});

  // Starts from the present baseline. `full_duty_rate`, when known, is how
  // fast the cuff rose with the pump flat out (during the fill, at low
  // pressure, where it rises fastest): the first gain is taken from it, so
  // the ramp starts no faster than asked. The ramp starts at `from` (at
  // most `rate`; zero: from rest) and gathers the rest gradually.
  void start(Pressure baseline, PressureRate rate, PressureRate full_duty_rate = {},
             PressureRate from = {});
  // The new rate is reached gradually (see kSlewMmhgPerS2). A negative rate
  // goes down through the bleed valve.
  void set_rate(PressureRate rate) { rate_ = rate; }
  PressureRate rate() const { return rate_; }
  PressureRate applied_rate() const { return PressureRate::mmhg_per_s(applied_); }
  // The climb as the baseline shows it (late by the baseline's delay).
  PressureRate measured_rate() const { return PressureRate::mmhg_per_s(measured_); }
  Actuators step(Pressure baseline);
  // How long the pump has been asked for everything it has.
  Duration flat_out_for() const { return flat_out_; }

 private:
  Actuators descend(float want_mmhg_per_s);

  Duration dt_;
  float smoothing_;
  RampDriveConfig config_;
  PressureRate rate_;  // asked for
  float applied_ = 0;  // mmHg/s, moving towards rate_ at a bounded pace
  Duration since_change_;
  Pressure previous_;
  float measured_ = 0;  // mmHg/s
  float duty_per_rate_ = 0;
  float bleed_per_rate_ = 0;
  Duration flat_out_;
};

}  // namespace bfr::core
