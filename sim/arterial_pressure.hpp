#pragma once
// Arterial blood pressure at the cuffed segment, beat by beat.
// Waveform: Pa = DBP + 0.5 PP + 0.36 PP (sin wt + 0.5 sin 2wt + 0.25 sin 3wt)
// (Babbs 2012, bfr-facts section 4). Heart rate varies slowly (0.1 Hz) and
// with breathing (0.25 Hz), as in the ECGSYN defaults quoted in the facts;
// the modulation depths are assumptions (no figure in the facts).

#include "sim/rng.hpp"

namespace bfr::sim {

struct HeartParams {
  double systolic_mmhg = 120;
  double diastolic_mmhg = 75;
  double heart_rate_bpm = 63;       // 60-66 bpm population mean (facts section 4)
  double lf_depth = 0.03;           // assumed: +-3 % rate swing at 0.1 Hz
  double respiratory_depth = 0.04;  // assumed: +-4 % at 0.25 Hz
};

class ArterialPressure {
 public:
  explicit ArterialPressure(const HeartParams& params) : params_(params) {}

  void advance(double dt_s);
  double pressure_mmhg() const;
  double heart_rate_bpm() const;
  const HeartParams& params() const { return params_; }

 private:
  HeartParams params_;
  double t_s_ = 0;
  double beat_phase_ = 0;  // radians, integrates the varying heart rate
};

}  // namespace bfr::sim
