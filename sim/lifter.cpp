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

bool varies(const LifterParams& params) {
  return params.cadence_spread > 0 || params.partial_share > 0 || params.pause_chance > 0;
}

void Lifter::start_set(double t_s, int set_index, int target_reps) {
  // A muscle's volume cannot jump: a set started while the last one's rep
  // is still under way (its end called early, a short rest) carries that
  // swing over and lets it die away. Taken before anything of the new set
  // is set up: the old set's volume depends on its own planned reps.
  carried_ml_ = displacement_ml(t_s);
  stopped_ = false;
  double capacity = params_.first_set_capacity;
  if (set_index > 0) {
    capacity *= params_.second_set_share * std::pow(params_.later_set_decay, set_index - 1);
  }
  reps_planned_ = std::min(target_reps, static_cast<int>(std::floor(capacity)));
  set_start_s_ = t_s;
  in_set_ = true;

  reps_.clear();
  rep_start_s_.clear();
  rep_end_s_.clear();
  rep_scale_.clear();
  if (!varies(params_)) {
    for (int k = 0; k < reps_planned_; ++k) {
      rep_start_s_.push_back(t_s + k * params_.rep_period_s);
      rep_end_s_.push_back(t_s + (k + 1) * params_.rep_period_s);
      rep_scale_.push_back(1.0);
    }
    return;
  }
  Rng rng(splitmix64(params_.variation_seed + static_cast<std::uint64_t>(set_index)));
  const bool pause = rng.uniform(0, 1) < params_.pause_chance;
  const int pause_after =
      std::max(1, static_cast<int>(std::lround(rng.uniform(0.25, 0.75) * reps_planned_)));
  const double pause_s = rng.uniform(params_.pause_min_s, params_.pause_max_s);
  double start = t_s;
  for (int k = 0; k < reps_planned_; ++k) {
    const double period =
        std::clamp(params_.rep_period_s * (1 + params_.cadence_spread * rng.normal(0, 1)),
                   params_.min_rep_period_s, params_.max_rep_period_s);
    // Never the first or last rep: those frame the set.
    const bool partial =
        k > 0 && k + 1 < reps_planned_ && rng.uniform(0, 1) < params_.partial_share;
    const double scale = partial ? rng.uniform(params_.partial_low, params_.partial_high) : 1.0;
    reps_.push_back({start, period, scale});
    rep_start_s_.push_back(start);
    rep_end_s_.push_back(start + period);
    rep_scale_.push_back(scale);
    start += period;
    if (pause && k + 1 == pause_after && k + 1 < reps_planned_) start += pause_s;
  }
}

void Lifter::stop(double t_s) {
  if (!in_set_ || stopped_) return;
  stopped_ml_ = displacement_ml(t_s);
  stop_s_ = t_s;
  stopped_ = true;
}

int Lifter::reps_done(double t_s) const {
  if (!in_set_) return 0;
  if (stopped_) t_s = std::min(t_s, stop_s_);
  if (!reps_.empty()) {
    return static_cast<int>(std::upper_bound(rep_end_s_.begin(), rep_end_s_.end(), t_s) -
                            rep_end_s_.begin());
  }
  const double elapsed = std::max(0.0, t_s - set_start_s_);
  return std::min(reps_planned_, static_cast<int>(elapsed / params_.rep_period_s));
}

bool Lifter::set_finished(double t_s) const {
  return in_set_ && reps_done(t_s) >= reps_planned_;
}

double Lifter::varied_displacement_ml(double t_s) const {
  const double elapsed = t_s - set_start_s_;
  const double end = reps_.back().start_s + reps_.back().period_s;
  if (elapsed < 0 || t_s > end + kBlendS) return 0;
  // The rep under way, or the pause before the next one.
  const auto next = std::upper_bound(reps_.begin(), reps_.end(), t_s,
                                     [](double t, const Rep& r) { return t < r.start_s; });
  const Rep& rep = *(next - 1);
  double wave = valley_ml_;
  if (t_s < rep.start_s + rep.period_s) {
    const double phase = (t_s - rep.start_s) / rep.period_s;
    wave += rep.scale * (peak_ml_ - valley_ml_) * (1 - std::cos(2 * std::numbers::pi * phase)) / 2;
  }
  // In a pause the muscle stays at its relaxed volume between reps: under
  // the cuff's venous restriction it does not refill within a few seconds
  // (an assumption; docs/REPS.md names it as a limit).
  const double fade_in = std::min(1.0, elapsed / kBlendS);
  const double fade_out = t_s > end ? std::max(0.0, 1 - (t_s - end) / kBlendS) : 1.0;
  return wave * fade_in * fade_out;
}

double Lifter::displacement_ml(double t_s) const {
  if (!in_set_) return 0;
  if (stopped_ && t_s >= stop_s_) {
    return stopped_ml_ * std::max(0.0, 1 - (t_s - stop_s_) / kBlendS);
  }
  const double since_start = t_s - set_start_s_;
  const double carried =
      since_start < 0 ? 0 : carried_ml_ * std::max(0.0, 1 - since_start / kBlendS);
  return carried + set_displacement_ml(t_s);
}

double Lifter::set_displacement_ml(double t_s) const {
  if (!reps_.empty()) return varied_displacement_ml(t_s);
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

std::vector<MotionArtefact> draw_motion(Rng& rng, double from_s, double to_s, double per_minute) {
  std::vector<MotionArtefact> out;
  const double span = to_s - from_s;
  if (span <= 0 || per_minute <= 0) return out;
  // A whole number of artefacts around the mean: the fractional part decides one more.
  const double expected = per_minute * span / 60;
  const int count =
      static_cast<int>(expected) + (rng.uniform(0, 1) < expected - std::floor(expected));
  for (int i = 0; i < count; ++i) {
    MotionArtefact a;
    a.start_s = rng.uniform(from_s, to_s);
    const bool jolt = rng.uniform(0, 1) < 0.5;
    const double sign = rng.uniform(0, 1) < 0.5 ? -1.0 : 1.0;
    a.shape = MotionShape::kImpulse;
    a.amplitude_mmhg = sign * (jolt ? rng.uniform(4, 10) : rng.uniform(2, 6));
    a.duration_s = jolt ? rng.uniform(0.3, 0.8) : rng.uniform(1.5, 3.0);
    out.push_back(a);
  }
  return out;
}

}  // namespace bfr::sim
