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

// First-order low-pass (exponential smoothing). Unlike a biquad with poles
// close to 1, it keeps an exact DC gain of 1 in single precision at any
// sample rate, which the baseline needs at 1 kHz.
class FirstOrderLowPass {
 public:
  FirstOrderLowPass(Frequency sample_rate, Frequency cutoff);
  float step(float x) {
    y_ += alpha_ * (x - y_);
    return y_;
  }
  void settle(float x) { y_ = x; }

 private:
  float alpha_;
  float y_ = 0;
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
  // How late the baseline follows a ramp: the DC group delay of the two
  // first-order stages, 2 / (2 pi fc). Callers that need the cuff pressure
  // at a given moment add rate x delay.
  Duration baseline_delay() const { return baseline_delay_; }

 private:
  // Two first-order stages: a pulse of 1 Hz leaks less than 10 % into the
  // baseline at a 0.3 Hz cutoff.
  FirstOrderLowPass baseline_a_;
  FirstOrderLowPass baseline_b_;
  Biquad high_pass_;
  Biquad low_pass_;
  Duration baseline_delay_;
};

}  // namespace bfr::core
