#include "sim/lifter.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bfr::sim {
namespace {
constexpr double kBlendS = 1.0;  // the swing builds up and dies away over a second
}

LifterParams draw_lifter(Rng& rng) {
  LifterParams p;
  p.first_set_capacity = std::clamp(rng.normal(31, 3), 22.0, 40.0);
  p.rep_period_s = std::clamp(rng.normal(4.0, 0.3), 3.0, 5.0);
  return p;
}

void Lifter::calibrate(double lop_mmhg, double stiffness_mmhg_per_ml) {
  peak_ml_ = params_.peak_share_of_lop * lop_mmhg / stiffness_mmhg_per_ml;
  valley_ml_ = -params_.valley_share_of_lop * lop_mmhg / stiffness_mmhg_per_ml;
}

void Lifter::start_set(double t_s, int set_index, int target_reps) {
  double capacity = params_.first_set_capacity;
  if (set_index > 0) {
    capacity *= params_.second_set_share * std::pow(params_.later_set_decay, set_index - 1);
  }
  reps_planned_ = std::min(target_reps, static_cast<int>(std::floor(capacity)));
  set_start_s_ = t_s;
  in_set_ = true;
}

int Lifter::reps_done(double t_s) const {
  if (!in_set_) return 0;
  const double elapsed = std::max(0.0, t_s - set_start_s_);
  return std::min(reps_planned_, static_cast<int>(elapsed / params_.rep_period_s));
}

bool Lifter::set_finished(double t_s) const {
  return in_set_ && reps_done(t_s) >= reps_planned_;
}

double Lifter::displacement_ml(double t_s) const {
  if (!in_set_) return 0;
  const double elapsed = t_s - set_start_s_;
  const double active = reps_planned_ * params_.rep_period_s;
  if (elapsed < 0 || elapsed > active + kBlendS) return 0;
  const double phase = std::fmod(elapsed, params_.rep_period_s) / params_.rep_period_s;
  const double wave =
      valley_ml_ + (peak_ml_ - valley_ml_) * (1 - std::cos(2 * std::numbers::pi * phase)) / 2;
  const double fade_in = std::min(1.0, elapsed / kBlendS);
  const double fade_out = elapsed > active ? std::max(0.0, 1 - (elapsed - active) / kBlendS) : 1.0;
  return wave * fade_in * fade_out;
}

}  // namespace bfr::sim
