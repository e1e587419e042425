#include "sim/limb.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bfr::sim {
namespace {
// Assumed transmission constants, one pair per segment, fitted to the
// published mean LOPs of Loenneke 2012 (thigh 5 and 13.5 cm) and Brown 2018
// (arm 6 and 13 cm) for virtual cohorts like theirs. The ceiling stays
// below 1: skin under a thigh cuff sits about 20 mmHg below cuff pressure
// (facts section 3).
struct TransmissionConstants {
  double ceiling;
  double gain;  // per unit of width / circumference
};
constexpr TransmissionConstants kThighTransmission{0.95, 10.0};
constexpr TransmissionConstants kArmTransmission{0.92, 8.3};
constexpr double kBloodMmhgPerCm = 1.06 * 980.665 / 1333.22;  // rho g / (dyn/cm^2 per mmHg)
constexpr double kReferenceHeightCm = 170;

HeartParams local_heart(const LimbParams& limb, HeartParams brachial) {
  if (limb.segment == Segment::kThigh) {
    brachial.systolic_mmhg *= limb.leg_systolic_amplification;
  }
  const double column = blood_column_mmhg(limb.hydrostatic_column_cm);
  brachial.systolic_mmhg += column;
  brachial.diastolic_mmhg += column;
  return brachial;
}
}  // namespace

double tissue_transmission(const LimbParams& limb) {
  const double x = limb.cuff_width_cm / limb.circumference_cm;
  const TransmissionConstants& t =
      limb.segment == Segment::kThigh ? kThighTransmission : kArmTransmission;
  const double k = t.ceiling * (1 - std::exp(-t.gain * x)) * limb.tissue_transmission_factor;
  return std::clamp(k, 0.05, 1.0);
}

double hydrostatic_column_cm(Segment segment, Posture posture, double height_cm) {
  // Assumed vertical heart-to-cuff distances for a 170 cm adult: seated,
  // the proximal thigh lies about 20 cm below the heart; standing, about
  // 55 cm. The upper arm hangs with its cuff about 8 cm below the heart when
  // upright. Supine, everything is at heart level.
  double column = 0;
  switch (posture) {
    case Posture::kSupine:
      column = 0;
      break;
    case Posture::kSeated:
      column = segment == Segment::kThigh ? 20 : 8;
      break;
    case Posture::kStanding:
      column = segment == Segment::kThigh ? 55 : 8;
      break;
  }
  return column * height_cm / kReferenceHeightCm;
}

double blood_column_mmhg(double column_cm) {
  return column_cm * kBloodMmhgPerCm;
}

double artery_volume_ml(const ArteryParams& artery, double covered_length_cm,
                        double transmural_mmhg) {
  const double v0 = std::numbers::pi * artery.radius_cm * artery.radius_cm * covered_length_cm;
  const double a = artery.a_per_mmhg;
  const double b = artery.b_per_mmhg;
  if (transmural_mmhg < 0) return v0 * std::exp(a * transmural_mmhg);
  return v0 * (1 + (a / b) * (1 - std::exp(-b * transmural_mmhg)));
}

double distal_flow_share(double cuff_share_of_lop) {
  const double x = std::clamp(cuff_share_of_lop, 0.0, 1.0);
  return 1 - x * x * x;
}

Limb::Limb(const LimbParams& limb, const HeartParams& brachial, std::uint64_t seed)
    : limb_(limb),
      heart_(local_heart(limb, brachial), seed),
      transmission_(tissue_transmission(limb)) {}

void Limb::advance(double dt_s, double cuff_mmhg) {
  heart_.advance(dt_s);
  const bool veins_shut = cuff_mmhg * transmission_ > limb_.venous_closing_mmhg;
  const double target = veins_shut ? limb_.pool_max_ml : 0.0;
  const double tau = veins_shut ? limb_.pool_fill_tau_s : limb_.pool_drain_tau_s;
  pooled_ml_ += (target - pooled_ml_) * std::min(1.0, dt_s / tau);
}

double Limb::artery_volume_ml(double cuff_mmhg) const {
  const double external = transmission_ * cuff_mmhg;
  return sim::artery_volume_ml(limb_.artery, limb_.cuff_width_cm,
                               heart_.pressure_mmhg() - external);
}

double Limb::local_systolic_mmhg() const {
  return heart_.params().systolic_mmhg;
}

double Limb::local_arterial_pressure_mmhg() const {
  return heart_.pressure_mmhg();
}

double Limb::true_lop_mmhg() const {
  return local_systolic_mmhg() / transmission_;
}

double Limb::distal_flow_share_at(double cuff_mmhg) const {
  return distal_flow_share(cuff_mmhg / true_lop_mmhg());
}

}  // namespace bfr::sim
