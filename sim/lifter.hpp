#pragma once
// The person doing the exercise: how many reps they manage in each set and
// how their contracting muscle pushes into the cuff.
//
// Each rep swells the muscle under the cuff and then lets it fall back below
// its resting volume. The swing is set so that an unregulated cuff held at
// 80 % LOP moves between about 62 % (valleys) and 85 % (peaks) of LOP, the
// middle of what Swain 2025 measured on consumer cuffs (valleys 58-65 %,
// peaks 79-90 %, bfr-facts section 4).

#include <cstdint>
#include <vector>

#include "sim/motion.hpp"
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

  // Variations within a set, all off by default (the regulation and LOP
  // benches run the plain, evenly paced lifter). Assumed values for a
  // realistic set; none comes from a measured source.
  // Each rep's period is the cadence times (1 + spread * N(0, 1)), held to
  // [min_rep_period_s, max_rep_period_s].
  double cadence_spread = 0;
  double min_rep_period_s = 2.0;
  double max_rep_period_s = 6.0;
  // Share of reps done through a shortened range: the swing is scaled by a
  // factor drawn in [partial_low, partial_high].
  double partial_share = 0;
  double partial_low = 0.3;
  double partial_high = 0.7;
  // Chance that a set has one pause of pause_min_s..pause_max_s after a rep
  // in its middle half.
  double pause_chance = 0;
  double pause_min_s = 3;
  double pause_max_s = 10;
  std::uint64_t variation_seed = 1;  // each set draws from (seed, set index)
};

// True when any within-set variation is on.
bool varies(const LifterParams& params);

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
  // The set was ended (by the device or the host) before the person was
  // through: they stop lifting at t. The muscle comes back to rest from
  // wherever the rep had it, over the same second a set fades out in; the
  // reps done stay those finished by t.
  void stop(double t_s);
  // Reps finished by time t in the current set.
  int reps_done(double t_s) const;
  bool set_finished(double t_s) const;
  int reps_planned() const { return reps_planned_; }
  // Muscle volume pushed into the cuff at time t (mL, may be negative).
  double displacement_ml(double t_s) const;
  const LifterParams& params() const { return params_; }
  // Truth for scoring: when each rep of the current set ends (full or
  // partial, seconds of plant time) and the swing scale of each rep (1 for
  // a full rep).
  const std::vector<double>& rep_start_times() const { return rep_start_s_; }
  const std::vector<double>& rep_end_times() const { return rep_end_s_; }
  const std::vector<double>& rep_scales() const { return rep_scale_; }

 private:
  struct Rep {
    double start_s;
    double period_s;
    double scale;
  };
  double varied_displacement_ml(double t_s) const;

  std::vector<Rep> reps_;  // the varied schedule, empty for the plain lifter
  std::vector<double> rep_start_s_;
  std::vector<double> rep_end_s_;
  std::vector<double> rep_scale_;
  LifterParams params_;
  double peak_ml_ = 0;
  double valley_ml_ = 0;
  double set_displacement_ml(double t_s) const;
  bool in_set_ = false;
  double set_start_s_ = 0;
  // The muscle's swing when this set started (a set begun before the last
  // one's rep had died away); it fades out instead of vanishing at once.
  double carried_ml_ = 0;
  bool stopped_ = false;
  double stop_s_ = 0;
  double stopped_ml_ = 0;  // the volume when stop() was called
  int reps_planned_ = 0;
};

// Motion artefacts for a stretch of a session (a set or a rest): on
// average per_minute of them, placed at random, each either the textbook
// sinc impulse (2-6 mmHg, either sign, 1.5-3 s, bfr-facts section 4) or a
// short sharp jolt (4-10 mmHg, 0.3-0.8 s; assumed).
std::vector<MotionArtefact> draw_motion(Rng& rng, double from_s, double to_s, double per_minute);

}  // namespace bfr::sim
