#pragma once
// The person doing the exercise: how many reps they manage in each set and
// how their contracting muscle pushes into the cuff.
//
// Each rep swells the muscle under the cuff and then lets it fall back below
// its resting volume. The swing is set so that an unregulated cuff held at
// 80 % LOP moves between about 62 % (valleys) and 85 % (peaks) of LOP, the
// middle of what Swain 2025 measured on consumer cuffs (valleys 58-65 %,
// peaks 79-90 %, bfr-facts section 4).

#include "sim/rng.hpp"

namespace bfr::sim {

struct LifterParams {
  double rep_period_s = 4.0;  // 2 s concentric / 2 s eccentric (HSS protocol)
  // Reps to failure in a first BFR set at 20-30 % 1RM; later sets recover
  // only partly. Assumed values giving the typical 30-15-15-15 pattern with
  // the last set dropping to 12-15 reps (facts section 1).
  double first_set_capacity = 32;
  double second_set_share = 0.55;
  double later_set_decay = 0.92;
  double peak_share_of_lop = 0.05;    // above the set point, relative to LOP
  double valley_share_of_lop = 0.18;  // below it
};

LifterParams draw_lifter(Rng& rng);

class Lifter {
 public:
  explicit Lifter(const LifterParams& params) : params_(params) {}

  // Converts the pressure swing into muscle volume for this limb and cuff.
  void calibrate(double lop_mmhg, double stiffness_mmhg_per_ml);

  // Seconds per rep, for a scenario that wants another cadence than the one
  // drawn for the person. Set it before start_set: the current set is timed
  // with whatever period is in force, so a change mid-set re-times it.
  void set_rep_period(double period_s) { params_.rep_period_s = period_s; }
  void start_set(double t_s, int set_index, int target_reps);
  // Reps finished by time t in the current set.
  int reps_done(double t_s) const;
  bool set_finished(double t_s) const;
  int reps_planned() const { return reps_planned_; }
  // Muscle volume pushed into the cuff at time t (mL, may be negative).
  double displacement_ml(double t_s) const;
  const LifterParams& params() const { return params_; }

 private:
  LifterParams params_;
  double peak_ml_ = 0;
  double valley_ml_ = 0;
  bool in_set_ = false;
  double set_start_s_ = 0;
  int reps_planned_ = 0;
};

}  // namespace bfr::sim
