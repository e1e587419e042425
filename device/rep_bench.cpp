#include "device/rep_bench.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/exercise_plan.hpp"
#include "device/bench_text.hpp"
#include "device/lop_population_bench.hpp"
#include "device/regulation_bench.hpp"
#include "device/session_failure.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"

namespace bfr::device {
namespace {

std::uint64_t salted(std::uint64_t seed, std::uint64_t salt) {
  return sim::splitmix64(seed ^ salt);
}

// A reported period for the k-th rep (k >= 2), kept to score once the set's
// count is known.
struct ReportedPeriod {
  int count;
  double period_s;
};

// The truth for the period reported at count k: from the middle of rep k-1
// to the middle of rep k (the counter times reps by their peaks); nothing
// when a pause lies between them (the counter does not report those).
bool true_period(const sim::Lifter& lifter, int k, double& period_s) {
  const auto& start = lifter.rep_start_times();
  const auto& end = lifter.rep_end_times();
  const auto i = static_cast<std::size_t>(k - 1);
  if (k < 2 || i >= start.size()) return false;
  if (start[i] > end[i - 1] + 1e-6) return false;
  period_s = (start[i] + end[i]) / 2 - (start[i - 1] + end[i - 1]) / 2;
  return true;
}

void add_motion(sim::Plant& plant, sim::Rng& rng, double from_s, double to_s, double per_minute,
                RepOutcome& out) {
  for (const sim::MotionArtefact& a : sim::draw_motion(rng, from_s, to_s, per_minute)) {
    plant.add_motion(a);
    ++out.motion_artefacts;
  }
}

}  // namespace

RepOutcome run_rep_person(const RepDesign& design, const RegulationPerson& person) {
  const RegulationDesign& base = design.base;
  sim::PlantConfig config = person.plant_config(base);
  config.lifter.cadence_spread = design.cadence_spread;
  config.lifter.partial_share = design.partial_share;
  config.lifter.pause_chance = design.pause_chance;
  config.lifter.variation_seed = salted(person.plant_seed, 0x4c49465445525641ULL);  // "LIFTERVA"
  VirtualDevice device(config, controller_config_for_rate(base.sample_rate_hz));
  sim::Plant& plant = device.plant();
  SimulatedLifterReporter lifter(device);
  sim::Rng motion_rng(salted(person.plant_seed, 0x4d4f54494f4e5321ULL));  // "MOTIONS!"

  RepOutcome out;
  out.index = person.index;
  out.rep_period_s = plant.lifter().params().rep_period_s;
  const core::ExercisePlan plan =
      core::standard_plan(core::Pressure::mmhg(static_cast<float>(plant.true_lop_mmhg())),
                          core::Fraction(static_cast<float>(base.target_share)),
                          core::Duration::from_seconds(static_cast<float>(base.rest_s)));

  core::Command command{core::CommandKind::kStartExercise, plan};
  bool started = false;
  bool end_sent = false;
  std::uint16_t reps_at_set_end = 0;
  std::uint16_t last_reps = 0;
  std::vector<ReportedPeriod> periods;
  const auto close_set = [&](std::uint16_t counted) {
    SetCount& set = out.sets.back();
    set.counted = counted;
    if (set.counted != set.true_reps) return;  // periods cannot be matched to reps
    for (const ReportedPeriod& p : periods) {
      double truth = 0;
      if (!true_period(plant.lifter(), p.count, truth)) continue;
      set.cadence_error_sum += std::abs(p.period_s - truth) / truth;
      ++set.cadence_periods;
    }
  };
  for (;;) {
    const Telemetry t = device.exchange(command);
    command = {};
    for (const core::Event& e : t.outputs.events) {
      if (e.kind == core::EventKind::kSetStarted) {
        const auto i = static_cast<std::size_t>(e.set_index);
        lifter.set_started(t.at, e.set_index, plan.target_reps[i]);
        const sim::Lifter& truth = plant.lifter();
        SetCount set;
        set.set_index = e.set_index;
        set.true_reps = truth.reps_planned();
        for (double s : truth.rep_scales()) set.partial_reps += s < 1;
        for (std::size_t r = 1; r < truth.rep_start_times().size(); ++r) {
          set.paused |= truth.rep_start_times()[r] > truth.rep_end_times()[r - 1] + 1e-6;
        }
        out.sets.push_back(set);
        periods.clear();
        last_reps = 0;
        const double end_s =
            truth.rep_end_times().empty() ? plant.time_s() : truth.rep_end_times().back();
        add_motion(plant, motion_rng, plant.time_s(), end_s, design.motion_per_minute, out);
        end_sent = false;
      } else if (e.kind == core::EventKind::kSetEnded && !out.sets.empty()) {
        reps_at_set_end = t.outputs.reps;
        close_set(t.outputs.reps);
        if (e.set_index + 1 < plan.set_count) {
          add_motion(plant, motion_rng, plant.time_s(), plant.time_s() + base.rest_s,
                     design.motion_per_minute, out);
        }
      } else if (const auto failure = session_failure(e); failure && out.failure.empty()) {
        out.failure = *failure;
      }
    }
    const core::Phase phase = t.outputs.phase;
    if (phase == core::Phase::kExercise && t.outputs.reps != last_reps) {
      last_reps = t.outputs.reps;
      if (last_reps >= 2 && t.outputs.rep_period.us() > 0) {
        periods.push_back({last_reps, static_cast<double>(t.outputs.rep_period.us()) * 1e-6});
      }
    }
    if (phase == core::Phase::kRest && !out.sets.empty() && t.outputs.reps > reps_at_set_end) {
      out.sets.back().phantom_in_rest += t.outputs.reps - reps_at_set_end;
      reps_at_set_end = t.outputs.reps;
    }
    if (phase == core::Phase::kInflating || phase == core::Phase::kExercise ||
        phase == core::Phase::kRest) {
      started = true;
    }
    if (phase == core::Phase::kExercise && !end_sent && lifter.reps_if_finished(t.at)) {
      command = {core::CommandKind::kEndSet, {}};
      end_sent = true;
    }
    const bool down = phase == core::Phase::kDeflating || phase == core::Phase::kIdle ||
                      phase == core::Phase::kSafeState;
    if ((started && down) || (!started && !out.failure.empty())) break;
    if (plant.time_s() > kSessionHostGuardS) {
      if (out.failure.empty()) out.failure = "host guard: session did not end in time";
      break;
    }
  }
  out.completed =
      out.failure.empty() && out.sets.size() == static_cast<std::size_t>(plan.set_count);
  if (out.failure.empty() && !out.completed) {
    out.failure = "ran " + fixed(static_cast<double>(out.sets.size()), 0) + " sets";
  }
  return out;
}

RepSummary summarise_reps(const std::vector<RepOutcome>& outcomes, const RepTargets& targets) {
  RepSummary s;
  s.people = static_cast<int>(outcomes.size());
  long abs_error = 0;
  double cadence_sum = 0;
  int cadence_n = 0;
  for (const RepOutcome& o : outcomes) {
    s.completed += o.completed;
    s.motion_artefacts += o.motion_artefacts;
    for (const SetCount& set : o.sets) {
      ++s.sets;
      const int error = std::abs(set.counted - set.true_reps);
      s.exact_sets += error == 0;
      abs_error += error;
      s.max_abs_error = std::max(s.max_abs_error, error);
      s.true_reps += set.true_reps;
      s.counted_reps += set.counted;
      s.partial_reps += set.partial_reps;
      s.paused_sets += set.paused;
      s.phantom_reps += set.phantom_in_rest;
      cadence_sum += set.cadence_error_sum;
      cadence_n += set.cadence_periods;
    }
  }
  if (s.sets > 0) {
    s.exact_share = static_cast<double>(s.exact_sets) / s.sets;
    s.mean_abs_error = static_cast<double>(abs_error) / s.sets;
  }
  s.mean_cadence_error = cadence_n > 0 ? cadence_sum / cadence_n : 0;
  s.exact_pass = s.sets > 0 && s.exact_share >= targets.min_exact_share;
  s.phantom_pass = s.phantom_reps <= targets.max_phantom_reps;
  s.cadence_pass = cadence_n > 0 && s.mean_cadence_error <= targets.max_cadence_error;
  if (s.completed < s.people) {
    s.missed.push_back(fixed(s.people - s.completed, 0) + " sessions did not complete");
  }
  if (!s.exact_pass) {
    s.missed.push_back("sets counted exactly: " + fixed(100 * s.exact_share, 1) + " % < " +
                       fixed(100 * targets.min_exact_share, 1) + " %");
  }
  if (!s.phantom_pass) {
    s.missed.push_back(fixed(s.phantom_reps, 0) + " phantom reps during rests");
  }
  if (!s.cadence_pass) {
    s.missed.push_back("rep period error " + fixed(100 * s.mean_cadence_error, 1) + " % > " +
                       fixed(100 * targets.max_cadence_error, 0) + " %");
  }
  s.pass = s.missed.empty();
  return s;
}

RepRun run_rep_bench(const RepDesign& design, unsigned threads, const RepTargets& targets) {
  RepRun run;
  run.design = design;
  run.targets = targets;
  run.outcomes.resize(design.base.people);
  sim::parallel_for(design.base.people, threads, [&](std::size_t i) {
    run.outcomes[i] = run_rep_person(design, design_regulation_person(design.base, i));
  });
  run.summary = summarise_reps(run.outcomes, targets);
  return run;
}

}  // namespace bfr::device
