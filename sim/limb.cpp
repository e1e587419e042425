#include "sim/limb.hpp"

#include <cmath>
#include <numbers>

namespace bfr::sim {
namespace {
constexpr double kMaxTransmission = 0.93;  // skin ~20 mmHg below a thigh cuff (facts section 3)
constexpr double kWidthOverCircumferenceGain = 9.0;

HeartParams local_heart(const LimbParams& limb, HeartParams brachial) {
  if (limb.segment == Segment::kThigh) {
    brachial.systolic_mmhg *= limb.leg_systolic_amplification;
  }
  return brachial;
}
}  // namespace

double tissue_transmission(const LimbParams& limb) {
  const double x = limb.cuff_width_cm / limb.circumference_cm;
  return kMaxTransmission * (1 - std::exp(-kWidthOverCircumferenceGain * x));
}

double artery_volume_ml(const ArteryParams& artery, double covered_length_cm,
                        double transmural_mmhg) {
  const double v0 = std::numbers::pi * artery.radius_cm * artery.radius_cm * covered_length_cm;
  const double a = artery.a_per_mmhg;
  const double b = artery.b_per_mmhg;
  if (transmural_mmhg < 0) return v0 * std::exp(a * transmural_mmhg);
  return v0 * (1 + (a / b) * (1 - std::exp(-b * transmural_mmhg)));
}

Limb::Limb(const LimbParams& limb, const HeartParams& brachial)
    : limb_(limb), heart_(local_heart(limb, brachial)), transmission_(tissue_transmission(limb)) {}

double Limb::artery_volume_ml(double cuff_mmhg) const {
  const double external = transmission_ * cuff_mmhg;
  return sim::artery_volume_ml(limb_.artery, limb_.cuff_width_cm,
                               heart_.pressure_mmhg() - external);
}

double Limb::true_lop_mmhg() const {
  return heart_.params().systolic_mmhg / transmission_;
}

}  // namespace bfr::sim
