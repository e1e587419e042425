#include "core/biquad.hpp"

#include <cmath>

namespace bfr::core {
namespace {
constexpr float kPi = 3.14159265f;
constexpr float kButterworthQ = 0.70710678f;

struct Shared {
  float cos_w;
  float alpha;
};
Shared prewarp(Frequency sample_rate, Frequency cutoff) {
  const float w = 2.0f * kPi * cutoff.hz() / sample_rate.hz();
  return {std::cos(w), std::sin(w) / (2.0f * kButterworthQ)};
}
}  // namespace

Biquad Biquad::low_pass(Frequency sample_rate, Frequency cutoff) {
  const auto [c, alpha] = prewarp(sample_rate, cutoff);
  const float a0 = 1.0f + alpha;
  const float b1 = (1.0f - c) / a0;
  return Biquad(b1 / 2.0f, b1, b1 / 2.0f, -2.0f * c / a0, (1.0f - alpha) / a0);
}

Biquad Biquad::high_pass(Frequency sample_rate, Frequency cutoff) {
  const auto [c, alpha] = prewarp(sample_rate, cutoff);
  const float a0 = 1.0f + alpha;
  const float b0 = (1.0f + c) / 2.0f / a0;
  return Biquad(b0, -2.0f * b0, b0, -2.0f * c / a0, (1.0f - alpha) / a0);
}

float Biquad::step(float x) {
  const float y = b0_ * x + z1_;
  z1_ = b1_ * x - a1_ * y + z2_;
  z2_ = b2_ * x - a2_ * y;
  return y;
}

void Biquad::settle(float x) {
  // Steady state for a constant input: y = gain * x with gain = sum(b)/sum(a).
  const float gain = (b0_ + b1_ + b2_) / (1.0f + a1_ + a2_);
  const float y = gain * x;
  z2_ = b2_ * x - a2_ * y;
  z1_ = y - b0_ * x;
}

FirstOrderLowPass::FirstOrderLowPass(Frequency sample_rate, Frequency cutoff)
    : alpha_(1.0f - std::exp(-2.0f * kPi * cutoff.hz() / sample_rate.hz())) {}

// Arterial pulses carry their energy between ~0.5 Hz (30 bpm) and ~10 Hz
// (harmonics); the baseline below 0.3 Hz is the cuff pressure itself.
namespace {
constexpr float kBaselineCutoffHz = 0.3f;
}

PulseBandSplitter::PulseBandSplitter(Frequency sample_rate)
    : baseline_a_(sample_rate, Frequency::hz(kBaselineCutoffHz)),
      baseline_b_(sample_rate, Frequency::hz(kBaselineCutoffHz)),
      high_pass_(Biquad::high_pass(sample_rate, Frequency::hz(0.5f))),
      // Slow ADCs (10-40 samples/s) cannot carry 8 Hz: stay below Nyquist.
      low_pass_(Biquad::low_pass(
          sample_rate,
          Frequency::hz(sample_rate.hz() * 0.4f < 8.0f ? sample_rate.hz() * 0.4f : 8.0f))),
      baseline_delay_(Duration::from_seconds(2.0f / (2.0f * kPi * kBaselineCutoffHz))) {}

PulseBandSplitter::Parts PulseBandSplitter::step(Pressure cuff) {
  const float x = cuff.mmhg();
  return {Pressure::mmhg(baseline_b_.step(baseline_a_.step(x))),
          Pressure::mmhg(low_pass_.step(high_pass_.step(x)))};
}

void PulseBandSplitter::settle(Pressure cuff) {
  baseline_a_.settle(cuff.mmhg());
  baseline_b_.settle(cuff.mmhg());
  high_pass_.settle(cuff.mmhg());
  low_pass_.settle(0.0f);
}

}  // namespace bfr::core
