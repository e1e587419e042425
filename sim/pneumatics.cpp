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
  // Stiff enough that a 13 cm arm cuff shows the ~3 mmHg peak oscillation
  // Liu 2014 measured (facts section 4): ~110 mL of bladder at 150 mmHg.
  p.wrap_compliance_ml_per_mmhg = 0.35;
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

double CuffPneumatics::air_ml_per_mmhg(double pressure_mmhg) const {
  // d/dP of N = (P + 760)(V0 + C P) / 760.
  const double c = params_.wrap_compliance_ml_per_mmhg;
  return (params_.wrap_volume_ml + c * pressure_mmhg + c * (pressure_mmhg + kAtmosphereMmhg)) /
         kAtmosphereMmhg;
}

void CuffPneumatics::advance(double dt_s, const ValveCommand& cmd, double displaced_ml,
                             const ActiveFaults& faults) {
  const double p = pressure_mmhg_;
  const double root = std::sqrt(std::max(0.0, p));

  double duty = std::clamp(cmd.pump_duty, 0.0, 1.0);
  if (faults.pump_stuck_on) duty = 1;
  if (!cmd.pump_power) duty = 0;
  if (duty < params_.pump_min_duty || faults.pump_failed) duty = 0;
  pump_speed_ += (duty - pump_speed_) * std::min(1.0, dt_s / params_.pump_spin_tau_s);
  if (duty == 0 && pump_speed_ < 1e-4) pump_speed_ = 0;  // the motor has stopped
  pump_flow_ml_s_ =
      params_.pump_free_flow_ml_s * pump_speed_ * std::max(0.0, 1 - p / params_.pump_stall_mmhg);

  const bool vent_open = (cmd.vent_open || faults.vent_stuck_open) && !faults.vent_stuck_closed;
  const double bleed_opening =
      faults.bleed_stuck_closed ? 0.0 : std::clamp(cmd.bleed_opening, 0.0, 1.0);

  double in = pump_flow_ml_s_;
  double out = params_.leak_conductance * root + faults.leak_ml_s_at_100 / 10.0 * root;
  if (faults.tube_disconnected) {
    // The pump and the valves now work on open air; the cuff empties
    // through the loose hose.
    in = 0;
    out += params_.disconnect_conductance * root;
  } else {
    out += (vent_open ? params_.vent_conductance * root : 0.0) +
           params_.bleed_conductance * bleed_opening * root;
  }
  air_ml_ = std::max(0.0, air_ml_ + (in - out) * dt_s);
  pressure_mmhg_ = solve_pressure(air_ml_, displaced_ml);
}

}  // namespace bfr::sim
