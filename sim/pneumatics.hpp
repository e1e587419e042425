#pragma once
// The cuff as an air spring: a bladder wrapped round the limb, filled by a
// pump and emptied by a vent valve, a proportional bleed valve and leaks.
//
// Air is isothermal (Boyle): (P + 760) V = 760 N, with N the air in the cuff
// counted as mL at atmospheric pressure. The bladder volume grows with
// pressure through the wrap compliance and shrinks by whatever the limb
// pushes into it (arterial blood under the cuff, contracting muscle).
//
// The pump is a DC diaphragm pump driven by PWM: its delivered flow falls
// linearly from free flow at 0 mmHg to nothing at stall pressure, scaled by
// the duty; the motor takes a moment to spin up or down and will not turn
// below a minimum duty. The PWM period is far shorter than the model step,
// so the duty acts as an average. Valves and leaks are orifices (flow grows
// with the square root of pressure).
//
// None of the wrap, pump or valve figures are in the facts (section 4 says
// so): they are named parameters, with values typical of small diaphragm
// pumps and BFR cuffs, documented here as assumptions.

#include "sim/faults.hpp"

namespace bfr::sim {

struct PneumaticParams {
  double wrap_volume_ml = 150;  // bladder volume at 0 mmHg gauge, snugly wrapped
  double wrap_compliance_ml_per_mmhg = 1.5;
  double pump_free_flow_ml_s = 90;  // ~5.4 L/min free flow
  double pump_stall_mmhg = 500;
  double vent_conductance = 13;   // mL/s per sqrt(mmHg): 200 -> 20 mmHg in ~3 s on a thigh cuff
  double bleed_conductance = 8;   // fully open
  double leak_conductance = 0;    // orifice leak, mL/s per sqrt(mmHg); 0 = tight
  double pump_spin_tau_s = 0.08;  // motor spin-up/down time constant
  double pump_min_duty = 0.10;    // below this the motor stalls
  double disconnect_conductance = 26;  // an open hose: about twice the vent
};

// Thigh and upper-arm cuffs differ mostly in bladder size.
PneumaticParams thigh_cuff_pneumatics();
PneumaticParams arm_cuff_pneumatics();

struct ValveCommand {
  double pump_duty = 0;      // 0..1
  double bleed_opening = 0;  // 0..1
  bool vent_open = true;
  // The pump's supply switch, separate from its PWM driver: cutting it stops
  // even a pump whose driver has failed on.
  bool pump_power = true;
};

class CuffPneumatics {
 public:
  explicit CuffPneumatics(const PneumaticParams& params);

  // Advances by dt with `displaced_ml` of limb volume pushing into the
  // bladder, with whatever hardware faults are active.
  void advance(double dt_s, const ValveCommand& cmd, double displaced_ml,
               const ActiveFaults& faults = {});
  double pressure_mmhg() const { return pressure_mmhg_; }
  double air_ml() const { return air_ml_; }
  // Air the pump is delivering now (mL/s), after spin-up and faults.
  double pump_flow_ml_s() const { return pump_flow_ml_s_; }
  // Local stiffness dP/dV (mmHg per mL displaced) at a given pressure.
  double stiffness_mmhg_per_ml(double pressure_mmhg) const;
  // Air (mL at atmospheric pressure) it takes to raise the pressure by
  // 1 mmHg at a given pressure, with nothing displaced.
  double air_ml_per_mmhg(double pressure_mmhg) const;
  // Pressure for a given amount of air and displacement (used by tests).
  double solve_pressure(double air_ml, double displaced_ml) const;
  void set_leak_conductance(double k) { params_.leak_conductance = k; }
  const PneumaticParams& params() const { return params_; }

 private:
  PneumaticParams params_;
  double air_ml_;
  double pressure_mmhg_ = 0;
  double pump_speed_ = 0;  // 0..1, follows the commanded duty with a lag
  double pump_flow_ml_s_ = 0;
};

}  // namespace bfr::sim
