#include "sim/pneumatics.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {
namespace {
constexpr double kAtmosphereMmhg = 760.0;
}

PneumaticParams thigh_cuff_pneumatics() {
  return {};
}

PneumaticParams arm_cuff_pneumatics() {
  PneumaticParams p;
  p.wrap_volume_ml = 60;
  p.wrap_compliance_ml_per_mmhg = 0.7;  // ~165 mL at 150 mmHg, near the 200 mL of Babbs 2012
  p.pump_free_flow_ml_s = 45;
  p.vent_conductance = 6;
  p.bleed_conductance = 4;
  return p;
}

CuffPneumatics::CuffPneumatics(const PneumaticParams& params)
    : params_(params), air_ml_(params.wrap_volume_ml) {}

double CuffPneumatics::solve_pressure(double air_ml, double displaced_ml) const {
  // (P + 760)(V0 - D + C P) = 760 N, a quadratic in P; the bladder cannot go
  // below atmospheric (it just goes slack).
  const double c = params_.wrap_compliance_ml_per_mmhg;
  const double v = params_.wrap_volume_ml - displaced_ml;
  const double qa = c;
  const double qb = v + kAtmosphereMmhg * c;
  const double qc = kAtmosphereMmhg * (v - air_ml);
  const double p = (-qb + std::sqrt(std::max(0.0, qb * qb - 4 * qa * qc))) / (2 * qa);
  return std::max(0.0, p);
}

double CuffPneumatics::stiffness_mmhg_per_ml(double pressure_mmhg) const {
  const double c = params_.wrap_compliance_ml_per_mmhg;
  const double v = params_.wrap_volume_ml + c * pressure_mmhg;
  return (pressure_mmhg + kAtmosphereMmhg) / (v + c * (pressure_mmhg + kAtmosphereMmhg));
}

void CuffPneumatics::advance(double dt_s, const ValveCommand& cmd, double displaced_ml) {
  const double p = pressure_mmhg_;
  const double root = std::sqrt(std::max(0.0, p));
  const double pump = params_.pump_free_flow_ml_s * std::clamp(cmd.pump_duty, 0.0, 1.0) *
                      std::max(0.0, 1 - p / params_.pump_stall_mmhg);
  const double vent = cmd.vent_open ? params_.vent_conductance * root : 0.0;
  const double bleed = params_.bleed_conductance * std::clamp(cmd.bleed_opening, 0.0, 1.0) * root;
  const double leak = params_.leak_conductance * std::max(0.0, p);
  air_ml_ = std::max(0.0, air_ml_ + (pump - vent - bleed - leak) * dt_s);
  pressure_mmhg_ = solve_pressure(air_ml_, displaced_ml);
}

}  // namespace bfr::sim
