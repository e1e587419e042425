#pragma once
// Holds the cuff at a target pressure with the pump (to raise it) and the
// proportional bleed valve (to lower it) through the inflating, exercise and
// rest phases (docs/REGULATION.md).
//
// Design: a PI loop on the pressure error with a small dead band, the sign
// of its output choosing the actuator (pump and bleed never act together),
// and two guards against the failure that the regulation bench exposed:
//  - conditional integration (anti-windup): while the output is saturated
//    and the error would push it further into saturation, the integral is
//    frozen. During a set the pump runs flat out through each relaxation
//    sag; an integral that kept winding there kept the pump running for a
//    quarter of a second after the cuff had passed the target, and when the
//    set ended (the muscle returning to rest pushes the cuff up at about
//    35 mmHg/s) the cuff went 13 mmHg over target into the rest band.
//  - a small integral bound: the proportional term alone holds the cuff to
//    within the dead band plus ~1 mmHg (the pump authority is about
//    25-30 mmHg/s per unit duty near 80 % LOP on a thigh cuff, the bleed
//    about 40 mmHg/s fully open), so the integral only has to trim slow
//    loads (venous pooling creeping the cuff up, a small leak). Its share of
//    the output is bounded to ki x integral_limit.
// During a set (RegulationMode::kExercise) the band above target widens
// and a falling cuff starts the pump early (see RegulatorGains).
//
// Portable core code: no heap, no exceptions, no I/O.

#include <cstdint>

#include "core/io_types.hpp"
#include "core/units.hpp"

namespace bfr::core {

// What the cuff is doing: held still (inflating, rest) or loaded by a set.
enum class RegulationMode : unsigned char { kHold, kExercise };

struct RegulatorGains {
  // Proportional gains: full pump or full bleed about 1.25 mmHg past the
  // dead band. Loop gain ~0.8 x 30 mmHg/s = 24 /s on the pump side against
  // the pump's 80 ms spin-up (the initial tuning on the simulated thigh cuff
  // during 30-15-15-15 sets, kept: `bfr control bench` shows no ringing at
  // rest and 100 % of exercise in band wherever the pump has the authority).
  float pump_kp = 0.8f;   // duty per mmHg below target
  float pump_ki = 1.5f;   // duty per mmHg*s
  float bleed_kp = 0.8f;  // opening per mmHg above target
  float bleed_ki = 1.5f;
  // Errors inside this band leave the actuators alone: sensor noise
  // (0.4 mmHg SD on the MPX5050) does not work the valves.
  Pressure dead_band = Pressure::mmhg(1.0f);
  // Integral bound in mmHg*s. 0.2 x 1.5 = 0.3 of full output, worth about
  // 8 mmHg/s of pump: a small leak or the pooling creep, never a swing.
  float integral_limit = 0.2f;
  // During a set the dead band widens to a share of the target, capped in
  // mmHg. Each rep swings an unregulated cuff by about 23 % of LOP peak to
  // peak (Swain 2025, sim/lifter.hpp); bleeding every peak back to the
  // target means pumping the same air back in every relaxation, which a
  // small pump cannot do on a high-LOP limb (the pump adds ~18 mmHg/s at
  // 240 mmHg against a sag of ~50 mmHg/s). Letting the cuff float +-db
  // moves 2 x db less air per rep and stops the loop chasing each
  // contraction. The share keeps a low target inside its +-10 % band, the
  // cap keeps a high one inside +-15 mmHg (the autoregulation criterion,
  // bfr-facts section 2).
  float exercise_dead_band_share = 0.06f;
  Pressure exercise_dead_band_max = Pressure::mmhg(13.0f);
  // Feed-forward of the fall during a set: while the (filtered) cuff
  // pressure falls faster than fall_rate_threshold and is not above the
  // wide band, the pump runs at fall_gain x (fall rate - threshold) on top
  // of the PI demand, so it starts at the top of each relaxation instead of
  // once the cuff has crossed the target. The gain is about 1.4 / the
  // pump's weakest authority (~20 mmHg/s per unit duty near 240 mmHg on a
  // thigh cuff): a 30 mmHg/s fall asks for full pump. The threshold sits
  // above what the pulse leaves after the filter (a +-1.5 mmHg beat at
  // 1.2 Hz gives ~8 mmHg/s), so only contractions (~0.25 Hz, 20-50 mmHg/s)
  // drive it. Bench figures for 1.5 Hz / 0.05 / 10 mmHg/s and 2 Hz / 0.05 /
  // 5 mmHg/s are in docs/REGULATION.md.
  float fall_gain = 0.07f;  // duty per mmHg/s
  PressureRate fall_rate_threshold = PressureRate::mmhg_per_s(10.0f);
  // Corner of the two one-pole low-passes (on the pressure, then on its
  // rate) that give the filtered rate: 2 Hz keeps the contraction and
  // drops most of the sensor noise (0.4 mmHg SD at 100 Hz would be
  // ~60 mmHg/s on a raw difference).
  Frequency rate_filter = Frequency::hz(2.0f);
  // Relaxation detector during a set: within relaxation_window after the
  // bleed last acted (a contraction held at the top of the band), a cuff
  // relaxation_drop below the top of the band means the muscle is letting
  // go; the pump runs at relaxation_duty until the filtered pressure rises
  // again (or the cuff is above the band). It fires once per contraction (armed again once the cuff
  // has been below the target), so the bleed's own jitter at the top of the band cannot work the
  // pump. The drop is over seven times the sensor noise (0.4 mmHg SD on the MPX5050) and a
  // contraction's fall covers it in about a tenth of a second (bench figures: docs/REGULATION.md).
  // A duty of zero turns it off.
  Duration relaxation_window = Duration::from_ms(500);
  Pressure relaxation_drop = Pressure::mmhg(3.0f);
  Fraction relaxation_duty = Fraction(1.0f);
  // Holding (inflating, rest), the arterial pulse rides on the cuff
  // pressure: a few mmHg peak to peak under a wide cuff near 80 % LOP. A
  // loop that answers each beat works pump and bleed in turn all through a
  // rest, which a leak check reads as the pump compensating (and the pump
  // buzzes for nothing). So the hold's dead band follows the ripple: the
  // largest deviation from a slow mean of the pressure (a low-pass at
  // ripple_mean_corner), decaying with ripple_decay, never narrower than
  // dead_band and never wider than hold_band_max or hold_band_share of the
  // target (which keeps it well inside the +-5 % rest band). It widens only
  // once the hold has lasted hold_settle and while the slow mean is within
  // dead_band of the target: at the start of a rest the muscle letting go
  // pushes the cuff up at tens of mmHg/s, and that is no pulse.
  Frequency ripple_mean_corner = Frequency::hz(0.4f);
  Duration ripple_decay = Duration::from_seconds(2.0f);
  Pressure hold_band_max = Pressure::mmhg(3.0f);
  float hold_band_share = 0.025f;
  Duration hold_settle = Duration::from_seconds(3.0f);
};

class PressureRegulator {
 public:
  explicit PressureRegulator(Frequency sample_rate, RegulatorGains gains = {})
      : dt_s_(1.0f / sample_rate.hz()), gains_(gains) {}

  void reset() {
    integral_ = 0;
    primed_ = false;
    ripple_mmhg_ = 0;
    holding_for_ = 0;
    rate_ = 0;
    since_bleed_ = UINT16_MAX;
    relaxing_ = false;
    armed_ = true;
  }
  Actuators step(Pressure target, Pressure cuff, RegulationMode mode = RegulationMode::kHold);
  // The dead band in force for a target and mode.
  Pressure dead_band(Pressure target, RegulationMode mode) const;

  // The integral state in mmHg*s (positive: the cuff has been low).
  float integral() const { return integral_; }
  // The filtered rate of the cuff pressure.
  PressureRate rate() const { return PressureRate::mmhg_per_s(rate_); }
  const RegulatorGains& gains() const { return gains_; }

 private:
  // Signed demand: positive is pump duty, negative bleed opening, before
  // clamping to 0..1.
  float demand(float effective_error, float integral) const;
  // The set's law: proportional outside the band and the fall feed-forward.
  Actuators exercise_step(float error, float band_high, float effective);
  static Actuators to_actuators(float u);

  float dt_s_;
  RegulatorGains gains_;
  float integral_ = 0;  // mmHg*s, positive when the cuff has been low
  bool primed_ = false;
  float smooth_mmhg_ = 0;                   // low-passed cuff pressure
  float rate_ = 0;                          // low-passed d(smooth)/dt, mmHg/s
  float mean_a_mmhg_ = 0;                   // slow mean, under the pulse:
  float mean_mmhg_ = 0;                     // two one-pole stages
  float ripple_mmhg_ = 0;                   // decaying peak of |cuff - mean|
  std::uint16_t holding_for_ = 0;           // samples since the hold began
  std::uint16_t since_bleed_ = UINT16_MAX;  // samples since the bleed last acted in a set
  bool relaxing_ = false;                   // the relaxation detector has fired
  bool armed_ = true;                       // it may fire (once per contraction)
};

}  // namespace bfr::core
