#include "core/motion_band.hpp"

namespace bfr::core {
namespace {

// Under the heart rate of a resting adult at the low edge, over the slow
// drift of a ramp at the other (chosen on the LOP bench's population, seeds
// 1-10, among 0.15-0.45, 0.2-0.35, 0.25-0.6, 0.3-0.6 and 0.3-0.7 Hz:
// docs/LOP.md, "Motion below the heart rate").
constexpr Frequency kLowEdge = Frequency::hz(0.3f);
constexpr Frequency kHighEdge = Frequency::hz(0.6f);

}  // namespace

MotionBand::MotionBand(Frequency sample_rate)
    : high_a_(Biquad::high_pass(sample_rate, kLowEdge)),
      high_b_(Biquad::high_pass(sample_rate, kLowEdge)),
      low_a_(Biquad::low_pass(sample_rate, kHighEdge)),
      low_b_(Biquad::low_pass(sample_rate, kHighEdge)) {}

void MotionBand::start(Pressure cuff) {
  origin_ = cuff.mmhg();
  high_a_.settle(0);
  high_b_.settle(0);
  low_a_.settle(0);
  low_b_.settle(0);
}

Pressure MotionBand::step(Pressure cuff) {
  const float x = cuff.mmhg() - origin_;
  return Pressure::mmhg(low_b_.step(low_a_.step(high_b_.step(high_a_.step(x)))));
}

}  // namespace bfr::core
