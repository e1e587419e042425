#pragma once
// Second-order IIR sections (RBJ cookbook forms) for the pulse signal chain.
// Coefficients are computed once at construction; step() is a handful of
// multiply-adds, cheap enough for a microcontroller at 1 kHz.

#include "core/units.hpp"

namespace bfr::core {

class Biquad {
 public:
  static Biquad low_pass(Frequency sample_rate, Frequency cutoff);
  static Biquad high_pass(Frequency sample_rate, Frequency cutoff);

  float step(float x);
  // Starts the filter as if it had seen `x` forever (no start-up transient).
  void settle(float x);

 private:
  Biquad(float b0, float b1, float b2, float a1, float a2)
      : b0_(b0), b1_(b1), b2_(b2), a1_(a1), a2_(a2) {}
  float b0_, b1_, b2_, a1_, a2_;
  float z1_ = 0, z2_ = 0;  // transposed direct form II state
};

// Separates the cuff signal into a slow baseline (the cuff pressure the
// artery sees) and the arterial oscillation riding on it.
class PulseBandSplitter {
 public:
  explicit PulseBandSplitter(Frequency sample_rate);
  struct Parts {
    Pressure baseline;
    Pressure oscillation;
  };
  Parts step(Pressure cuff);
  void settle(Pressure cuff);

 private:
  Biquad baseline_;
  Biquad high_pass_;
  Biquad low_pass_;
};

}  // namespace bfr::core
