// Cuff pneumatics: Boyle's law, stiffness, pump, vent, bleed and leaks.

#include "sim/pneumatics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace bfr::sim {
namespace {

constexpr double kAtm = 760.0;  // mmHg
constexpr double kDt = 0.001;   // the plant's model step

// Bladder volume law of pneumatics.hpp: V = V0 - D + C P.
double bladder_ml(const PneumaticParams& p, double pressure, double displaced) {
  return p.wrap_volume_ml - displaced + p.wrap_compliance_ml_per_mmhg * pressure;
}

// Pumps (vent shut) until `target` mmHg; returns the time it took.
double pump_to(CuffPneumatics& cuff, double target, double duty = 1.0) {
  double t = 0;
  while (cuff.pressure_mmhg() < target && t < 600) {
    cuff.advance(kDt, {duty, 0, false}, 0);
    t += kDt;
  }
  return t;
}

double time_to_fall_below(CuffPneumatics& cuff, const ValveCommand& cmd, double level) {
  double t = 0;
  while (cuff.pressure_mmhg() >= level && t < 600) {
    cuff.advance(kDt, cmd, 0);
    t += kDt;
  }
  return t;
}

class BoyleLaw : public ::testing::TestWithParam<bool> {};

TEST_P(BoyleLaw, SolvePressureSatisfiesIsothermalAirLaw) {
  const PneumaticParams params = GetParam() ? thigh_cuff_pneumatics() : arm_cuff_pneumatics();
  const CuffPneumatics cuff(params);
  for (double air : {1.05, 1.5, 2.0, 3.0, 5.0}) {
    const double n = air * params.wrap_volume_ml;
    for (double displaced : {-5.0, 0.0, 2.0, 10.0}) {
      const double p = cuff.solve_pressure(n, displaced);
      if (n <= params.wrap_volume_ml - displaced) {
        // Less air than the slack bladder holds: it just hangs at 0 gauge.
        EXPECT_EQ(p, 0.0) << n << " mL, " << displaced << " mL displaced";
        continue;
      }
      ASSERT_GT(p, 0.0) << n << " mL, " << displaced << " mL displaced";
      // (P + 760) V = 760 N, isothermal: relative error at double precision.
      const double lhs = (p + kAtm) * bladder_ml(params, p, displaced);
      EXPECT_NEAR(lhs / (kAtm * n), 1.0, 1e-9) << n << " mL, " << displaced << " mL displaced";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cuffs, BoyleLaw, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& param_info) {
                           return std::string(param_info.param ? "Thigh" : "Arm");
                         });

TEST(Pneumatics, SlackBladderStaysAtAtmosphere) {
  const CuffPneumatics cuff(thigh_cuff_pneumatics());
  const double v0 = cuff.params().wrap_volume_ml;
  EXPECT_EQ(cuff.solve_pressure(v0, 0.0), 0.0);
  EXPECT_EQ(cuff.solve_pressure(0.5 * v0, 0.0), 0.0);  // never below atmospheric
  EXPECT_EQ(cuff.solve_pressure(0.0, 0.0), 0.0);
}

TEST(Pneumatics, PressureRisesWithAirAndWithDisplacement) {
  const CuffPneumatics cuff(thigh_cuff_pneumatics());
  double last = -1;
  for (double n = 200; n <= 800; n += 50) {
    const double p = cuff.solve_pressure(n, 0);
    EXPECT_GT(p, last);
    last = p;
  }
  // The limb pushing into the bladder raises the pressure.
  EXPECT_GT(cuff.solve_pressure(400, 5), cuff.solve_pressure(400, 0));
  EXPECT_LT(cuff.solve_pressure(400, -5), cuff.solve_pressure(400, 0));
}

TEST(Pneumatics, StiffnessIsTheSlopeOfPressureOverDisplacement) {
  // stiffness_mmhg_per_ml(P) is dP/dD at constant air: compare with a
  // central difference of solve_pressure.
  for (const PneumaticParams& params : {thigh_cuff_pneumatics(), arm_cuff_pneumatics()}) {
    const CuffPneumatics cuff(params);
    for (double n : {1.5 * params.wrap_volume_ml, 3.0 * params.wrap_volume_ml}) {
      const double p = cuff.solve_pressure(n, 0);
      const double h = 1e-3;
      const double slope = (cuff.solve_pressure(n, h) - cuff.solve_pressure(n, -h)) / (2 * h);
      EXPECT_NEAR(cuff.stiffness_mmhg_per_ml(p), slope, 1e-4 * slope) << "at " << p << " mmHg";
    }
  }
}

TEST(Pneumatics, ValvesShutAndNoLeakHoldsPressure) {
  CuffPneumatics cuff(thigh_cuff_pneumatics());
  pump_to(cuff, 150);
  // Let the pump motor coast to a stop first.
  for (int i = 0; i < 2000; ++i) cuff.advance(kDt, {0, 0, false}, 0);
  const double p0 = cuff.pressure_mmhg();
  const double air0 = cuff.air_ml();
  for (int i = 0; i < 60000; ++i) cuff.advance(kDt, {0, 0, false}, 0);  // 60 s
  EXPECT_DOUBLE_EQ(cuff.pressure_mmhg(), p0);
  EXPECT_DOUBLE_EQ(cuff.air_ml(), air0);
}

TEST(Pneumatics, LeakDecaysPressureWithValvesShut) {
  CuffPneumatics cuff(thigh_cuff_pneumatics());
  pump_to(cuff, 150);
  // An orifice passing ~7 mL/s at 150 mmHg against ~2.3 mL of air per mmHg:
  // a slow leak losing about 3 mmHg/s at first.
  cuff.set_leak_conductance(0.6);
  double last = cuff.pressure_mmhg();
  const double start = last;
  for (int s = 0; s < 30; ++s) {
    for (int i = 0; i < 1000; ++i) cuff.advance(kDt, {0, 0, false}, 0);
    ASSERT_LT(cuff.pressure_mmhg(), last) << "second " << s;
    last = cuff.pressure_mmhg();
  }
  // Over 30 s a clear drop, but the cuff is not empty.
  EXPECT_LT(last, start - 20);
  EXPECT_GT(last, 0.0);
  // A stronger leak empties it faster.
  CuffPneumatics worse(thigh_cuff_pneumatics());
  pump_to(worse, 150);
  worse.set_leak_conductance(2.4);
  for (int i = 0; i < 30000; ++i) worse.advance(kDt, {0, 0, false}, 0);
  EXPECT_LT(worse.pressure_mmhg(), last);
}

TEST(Pneumatics, PumpRaisesPressure) {
  CuffPneumatics cuff(thigh_cuff_pneumatics());
  double last = 0;
  bool rose = false;
  for (int i = 0; i < 5000; ++i) {
    cuff.advance(kDt, {1.0, 0, false}, 0);
    ASSERT_GE(cuff.pressure_mmhg(), last);
    rose = rose || cuff.pressure_mmhg() > last;
    last = cuff.pressure_mmhg();
  }
  EXPECT_TRUE(rose);
  EXPECT_GT(last, 50.0);
  // Half duty delivers half the air: slower.
  CuffPneumatics full(thigh_cuff_pneumatics());
  CuffPneumatics half(thigh_cuff_pneumatics());
  EXPECT_LT(pump_to(full, 150, 1.0), pump_to(half, 150, 0.5));
  // No duty, no air.
  CuffPneumatics off(thigh_cuff_pneumatics());
  for (int i = 0; i < 1000; ++i) off.advance(kDt, {0.0, 0, false}, 0);
  EXPECT_EQ(off.pressure_mmhg(), 0.0);
}

TEST(Pneumatics, PumpStallsAtItsStallPressure) {
  CuffPneumatics cuff(thigh_cuff_pneumatics());
  const double stall = cuff.params().pump_stall_mmhg;
  double highest = 0;
  for (int i = 0; i < 400000; ++i) {  // 400 s flat out against a shut vent
    cuff.advance(kDt, {1.0, 0, false}, 0);
    highest = std::max(highest, cuff.pressure_mmhg());
  }
  EXPECT_LE(highest, stall);
  // Flow falls linearly to zero at stall: an exponential approach with a
  // time constant of ~20 s here, so after 400 s it is within 1 mmHg.
  EXPECT_GT(cuff.pressure_mmhg(), stall - 1.0);
}

TEST(Pneumatics, VentBringsAThighCuffFrom200ToBelow20) {
  CuffPneumatics cuff(thigh_cuff_pneumatics());
  pump_to(cuff, 200);
  const double t = time_to_fall_below(cuff, {0, 0, true}, 20);
  std::printf("[ figures  ] thigh cuff vent 200 -> 20 mmHg: %.2f s\n", t);
  // pneumatics.hpp sizes the vent for "200 -> 20 mmHg in ~3 s on a thigh
  // cuff"; +-1 s keeps that claim honest, and 4 s is well inside any
  // emergency-deflation expectation.
  EXPECT_GT(t, 2.0);
  EXPECT_LT(t, 4.0);
}

TEST(Pneumatics, VentBringsAnArmCuffFrom200ToBelow20) {
  CuffPneumatics cuff(arm_cuff_pneumatics());
  pump_to(cuff, 200);
  const double t = time_to_fall_below(cuff, {0, 0, true}, 20);
  std::printf("[ figures  ] arm cuff vent 200 -> 20 mmHg: %.2f s\n", t);
  EXPECT_LT(t, 4.0);  // the arm vent is scaled to its smaller bladder
}

TEST(Pneumatics, BleedLowersPressureSlowerThanTheVent) {
  CuffPneumatics bleed(thigh_cuff_pneumatics());
  CuffPneumatics half_bleed(thigh_cuff_pneumatics());
  CuffPneumatics vent(thigh_cuff_pneumatics());
  pump_to(bleed, 200);
  pump_to(half_bleed, 200);
  pump_to(vent, 200);
  const double t_bleed = time_to_fall_below(bleed, {0, 1.0, false}, 100);
  const double t_half = time_to_fall_below(half_bleed, {0, 0.5, false}, 100);
  const double t_vent = time_to_fall_below(vent, {0, 0, true}, 100);
  EXPECT_LT(t_vent, t_bleed);
  // Flow is proportional to the opening: half open takes twice as long.
  EXPECT_NEAR(t_half / t_bleed, 2.0, 0.01);
}

}  // namespace
}  // namespace bfr::sim
