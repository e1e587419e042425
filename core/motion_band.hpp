#pragma once
// Limb motion seen below the heart rate, for the live LOP measurement.
//
// The motion gate (core/motion_gate.hpp) judges each beat by its size
// against the beats before it, so a jolt less than about twice their size
// passes as a beat. On the LOP bench such jolts near the top of the fall
// stood as the envelope's peak and moved readings by 25-35 mmHg. Limb
// motion swings the cuff pressure for a second or more (bfr-facts section 4:
// sinc-shaped impulses of about 5 mmHg lasting about 3 s), so much of it
// lies below the heart rate, where the arterial pulse has little energy and
// a steady ramp none. This band (0.3-0.6 Hz, each edge two second-order
// sections: a steady ramp passes through the high-pass edge as nothing, and
// a pulse at 50 beats a minute or faster is mostly held back by the
// low-pass edge) watches there.
//
// A ramp that changes speed shows in the band too; the live measurement's
// changes are slewed (core/ramp_drive.hpp) and stay under the threshold it
// uses, and it does not listen while the ramp gathers speed from rest.

#include "core/biquad.hpp"
#include "core/units.hpp"

namespace bfr::core {

class MotionBand {
 public:
  explicit MotionBand(Frequency sample_rate);
  // Starts as if the cuff had been still at `cuff` forever.
  void start(Pressure cuff);
  // One sample of the cuff pressure in; the band's value out (signed).
  Pressure step(Pressure cuff);

 private:
  Biquad high_a_, high_b_, low_a_, low_b_;
  // Samples go in relative to the start, so that the filters' states stay
  // small in single precision whatever the cuff pressure.
  float origin_ = 0;
};

}  // namespace bfr::core
