#pragma once
// Every threshold of the safety supervisor in one place, with where its
// value comes from. All are configurable; the defaults suit a lower-limb
// cuff, `upper_limb_limits()` the arm.

#include "core/units.hpp"

namespace bfr::core {

struct SafetyLimits {
  // Hard cap on cuff pressure. 300 mmHg is the ceiling of the manual LOP
  // protocol (Loenneke lab, bfr-facts section 1); nothing is prescribed above.
  Pressure hard_cap = Pressure::mmhg(300.0f);
  // Above this the limb counts as restricted; below it as deflated, and the
  // safe state is reached (issue 5: "cuff below 20 mmHg").
  Pressure restricted_above = Pressure::mmhg(20.0f);

  // Longest continuous restriction in one exercise: under 20 min for the
  // lower limb and 15 min for the upper limb (AIS; Smart Cuffs 20 min;
  // bfr-facts sections 1 and 2).
  Duration max_inflation = Duration::from_seconds(20.0f * 60.0f);
  // Restriction summed over a session: 30 min per protocol (Owens, bfr-facts
  // section 1).
  Duration max_session_restriction = Duration::from_seconds(30.0f * 60.0f);
  // Warn this long before either restriction limit.
  Duration restriction_warning_before = Duration::from_seconds(60.0f);

  // Holding a target: outside +-15 mmHg for more than 1 s is an alarm (the
  // "surgical-grade" band of issue 5; Smart Cuffs' tolerance, bfr-facts
  // section 2).
  Pressure band_tolerance = Pressure::mmhg(15.0f);
  Duration band_excursion_limit = Duration::from_ms(1000);
  // A hold that has not brought the pressure back in this time becomes a
  // vent. Holds that come back within this time of the last one ending
  // count as the same episode (a pump that will not stop keeps pushing the
  // cuff over again as soon as the bleed has brought it back).
  Duration hold_escalates_after = Duration::from_seconds(4.0f);

  // Leak: the pump compensating for more than 7 s while holding at rest
  // (issue 5), taken as its net mean duty over the last 7 s of a rest (the
  // window is fixed in ActuatorMonitor): the pump's duty less the bleed's
  // opening weighted by `bleed_to_pump`, so that a loop trimming the pulse
  // with both in turn counts for nothing and only air that goes missing
  // counts. Net of the bleed, a sealed cuff at rest in the simulated
  // population needs at most 0.10 (seeds 1 and 3, thigh and arm, 8-18 cm,
  // both sensors; the pump's gross duty reaches 0.37 under an 18 cm cuff);
  // this threshold is met by leaks of about 15 mL/s at 100 mmHg and more.
  Fraction leak_mean_duty = Fraction(0.2f);
  // The bleed fully open lowers a cuff near 80 % LOP about 1.5 times as
  // fast as the pump at full raises it (~40 against ~25-30 mmHg/s on the
  // simulated thigh cuff, docs/REGULATION.md).
  float bleed_to_pump = 1.5f;
  // The mirror image: the bleed open on average this much, net of the
  // pump, over the same window means air is coming in that nobody asked
  // for.
  Fraction inflow_mean_bleed = Fraction(0.3f);

  // Pump check: at this duty or more with every valve shut, the cuff must
  // rise by `pump_min_rise` in every `pump_check_time` of the burst (so a
  // dead pump is found within two windows). The weakest healthy
  // pump in the simulator raises a full thigh cuff at 300 mmHg by several
  // mmHg a second.
  Fraction pump_check_duty = Fraction(0.5f);
  Duration pump_check_time = Duration::from_seconds(2.0f);
  Pressure pump_min_rise = Pressure::mmhg(2.0f);
  // The regulator's call for air dips and returns within a burst; a dip this
  // short does not end it.
  Duration pump_dip_allowed = Duration::from_ms(500);

  // Valve check: with the vent open the pressure must fall to
  // `valve_release_share` of where it was within `valve_check_time`. A vent
  // stuck shut lets almost nothing out; the slowest healthy vent in the
  // simulated population (a wide thigh cuff from 240 mmHg) falls by about a
  // quarter in that time.
  Duration valve_check_time = Duration::from_seconds(1.5f);
  Fraction valve_release_share = Fraction(0.9f);

  // Sensor plausibility. Readings outside this window cannot come from a
  // working sensor (the MPX5050-class part reads 0-375 mmHg, bfr-facts
  // section 4).
  Pressure sensor_min = Pressure::mmhg(-20.0f);
  Pressure sensor_max = Pressure::mmhg(400.0f);
  // A reading that does not change by a single quantum for this long while
  // the cuff is inflated is stuck: the pulse alone moves an inflated cuff by
  // more than a 12-bit quantum every beat.
  Duration stuck_after = Duration::from_seconds(2.0f);
  Pressure stuck_tolerance = Pressure::mmhg(0.01f);
  // Faster than any pump, contraction or vent moves the cuff: the fastest
  // change seen in the simulated Swain protocol on 30 people is under
  // 300 mmHg/s, rising or falling. Taken between two changes of the reading,
  // so a sensor converting at 10 Hz only shows jumps over 100 mmHg this way.
  PressureRate max_rate = PressureRate::mmhg_per_s(1000.0f);
  // Two sensors on one cuff must agree within this (each 2.5 % of full
  // scale, bfr-facts section 4, plus noise) after their lag settles.
  Pressure max_disagreement = Pressure::mmhg(12.0f);
  Duration disagreement_after = Duration::from_ms(500);
};

// Safety limits a host may tighten for one patient or limb (a lower cap, a
// shorter restriction); zero leaves a limit as it is. Never above the limits
// the controller was built with.
struct LimitChange {
  Pressure hard_cap{};
  Duration max_inflation{};
  Duration max_session_restriction{};
};

// The upper limb tolerates less continuous restriction (15 min, AIS).
constexpr SafetyLimits upper_limb_limits() {
  SafetyLimits limits;
  limits.max_inflation = Duration::from_seconds(15.0f * 60.0f);
  return limits;
}

}  // namespace bfr::core
