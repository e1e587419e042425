#pragma once
// The cuff as an air spring: a bladder wrapped round the limb, filled by a
// pump and emptied by a vent valve, a proportional bleed valve and leaks.
//
// Air is isothermal (Boyle): (P + 760) V = 760 N, with N the air in the cuff
// counted as mL at atmospheric pressure. The bladder volume grows with
// pressure through the wrap compliance and shrinks by whatever the limb
// pushes into it (arterial blood under the cuff, contracting muscle).
//
// None of the wrap, pump or valve figures are in the facts (section 4 says
// so): they are named parameters, with values typical of small diaphragm
// pumps and BFR cuffs, documented here as assumptions.

namespace bfr::sim {

struct PneumaticParams {
  double wrap_volume_ml = 150;  // bladder volume at 0 mmHg gauge, snugly wrapped
  double wrap_compliance_ml_per_mmhg = 1.5;
  double pump_free_flow_ml_s = 90;  // ~5.4 L/min free flow
  double pump_stall_mmhg = 500;
  double vent_conductance = 13;  // mL/s per sqrt(mmHg): 200 -> 20 mmHg in ~3 s on a thigh cuff
  double bleed_conductance = 8;  // fully open
  double leak_conductance = 0;   // mL/s per mmHg; 0 = tight
};

// Thigh and upper-arm cuffs differ mostly in bladder size.
PneumaticParams thigh_cuff_pneumatics();
PneumaticParams arm_cuff_pneumatics();

struct ValveCommand {
  double pump_duty = 0;      // 0..1
  double bleed_opening = 0;  // 0..1
  bool vent_open = true;
};

class CuffPneumatics {
 public:
  explicit CuffPneumatics(const PneumaticParams& params);

  // Advances by dt with `displaced_ml` of limb volume pushing into the bladder.
  void advance(double dt_s, const ValveCommand& cmd, double displaced_ml);
  double pressure_mmhg() const { return pressure_mmhg_; }
  double air_ml() const { return air_ml_; }
  // Local stiffness dP/dV (mmHg per mL displaced) at a given pressure.
  double stiffness_mmhg_per_ml(double pressure_mmhg) const;
  // Pressure for a given amount of air and displacement (used by tests).
  double solve_pressure(double air_ml, double displaced_ml) const;
  void set_leak_conductance(double k) { params_.leak_conductance = k; }
  const PneumaticParams& params() const { return params_; }

 private:
  PneumaticParams params_;
  double air_ml_;
  double pressure_mmhg_ = 0;
};

}  // namespace bfr::sim
