#pragma once
// Arterial blood pressure at the cuffed segment, beat by beat.
// Waveform: the shape of Babbs 2012, Pa = DBP + 0.5 PP + 0.36 PP (sin wt +
// 0.5 sin 2wt + 0.25 sin 3wt) (bfr-facts section 4), run from trough to
// trough and scaled to reach exactly DBP and SBP. Heart rate varies slowly (0.1 Hz) and
// with breathing (0.25 Hz), as in the ECGSYN defaults quoted in the facts.
// Each beat draws its own systolic and diastolic pressure around the
// person's means. The facts have no figure for beat-to-beat variability in
// mmHg, so its size and the modulation depths are named assumptions.

#include <cstdint>

#include "sim/rng.hpp"

namespace bfr::sim {

struct HeartParams {
  double systolic_mmhg = 120;
  double diastolic_mmhg = 75;
  double heart_rate_bpm = 63;           // 60-66 bpm population mean (facts section 4)
  double lf_depth = 0.03;               // assumed: +-3 % rate swing at 0.1 Hz
  double respiratory_depth = 0.04;      // assumed: +-4 % at 0.25 Hz
  double systolic_beat_sd_mmhg = 3.0;   // assumed beat-to-beat scatter
  double diastolic_beat_sd_mmhg = 2.0;  // assumed
  double respiratory_bp_mmhg = 2.0;     // assumed systolic swing with breathing
};

class ArterialPressure {
 public:
  ArterialPressure(const HeartParams& params, std::uint64_t seed);

  void advance(double dt_s);
  double pressure_mmhg() const;
  double heart_rate_bpm() const;
  // Systolic and diastolic pressure of the beat in progress.
  double beat_systolic_mmhg() const { return beat_sys_; }
  double beat_diastolic_mmhg() const { return beat_dia_; }
  // Beats started since t = 0.
  long beats() const { return beats_; }
  const HeartParams& params() const { return params_; }

 private:
  void start_beat();

  HeartParams params_;
  Rng rng_;
  double t_s_ = 0;
  double beat_phase_ = 0;  // radians, integrates the varying heart rate
  double beat_sys_;
  double beat_dia_;
  double start_dia_;  // the previous beat's diastolic pressure
  long beats_ = 0;
};

}  // namespace bfr::sim
