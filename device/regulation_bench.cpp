#include "device/regulation_bench.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/exercise_plan.hpp"
#include "device/bench_text.hpp"
#include "device/lop_population_bench.hpp"
#include "device/session_failure.hpp"
#include "device/set_reporter.hpp"
#include "device/virtual_device.hpp"
#include "sim/parallel.hpp"
#include "sim/population.hpp"
#include "sim/pressure_sensor.hpp"
#include "sim/rng.hpp"

namespace bfr::device {
namespace {

// Where a sample was taken: only the holding stages are scored.
enum class Stage : std::uint8_t { kInflating, kExercise, kRest };

struct Sample {
  double t_s;
  double cuff_mmhg;
  Stage stage;
};

struct SetTiming {
  double start_s;
  int reps;
};

// What a run leaves for scoring: the true cuff pressure at every frame of
// the holding stages and when each set started.
struct Trace {
  std::vector<Sample> samples;
  std::vector<SetTiming> sets;
  double period_s = 0.01;
};

// The lifter's swing dies away over a second after its last rep
// (sim/lifter.cpp): that second still belongs to the last contraction.
constexpr double kFadeS = 1.0;

std::uint64_t person_plant_seed(std::uint64_t seed, std::size_t index) {
  constexpr std::uint64_t kSalt = 0x52454742454e4348ULL;  // "REGBENCH"
  return sim::splitmix64(sim::splitmix64(seed ^ kSalt) + static_cast<std::uint64_t>(index));
}

core::ExercisePlan swain_plan(const RegulationDesign& design, double true_lop_mmhg) {
  return core::standard_plan(core::Pressure::mmhg(static_cast<float>(true_lop_mmhg)),
                             core::Fraction(static_cast<float>(design.target_share)),
                             core::Duration::from_seconds(static_cast<float>(design.rest_s)));
}

void score(const Trace& trace, const RegulationTargets& targets, RegulationOutcome& out) {
  const double target = out.target_mmhg;
  const double dt = trace.period_s;
  long exercise = 0, exercise_in = 0, rest = 0, rest_in = 0;
  double run_above_s = 0;
  out.peak_mmhg = 0;
  double lowest_in_set = 1e9;
  for (const Sample& s : trace.samples) {
    const double err = s.cuff_mmhg - target;
    if (s.stage == Stage::kExercise) {
      ++exercise;
      exercise_in += std::abs(err) <= targets.exercise_band * target;
      lowest_in_set = std::min(lowest_in_set, s.cuff_mmhg);
    } else if (s.stage == Stage::kRest) {
      ++rest;
      rest_in += std::abs(err) <= targets.rest_band * target;
    }
    out.peak_mmhg = std::max(out.peak_mmhg, s.cuff_mmhg);
    if (err > targets.excursion_above_mmhg) {
      run_above_s += dt;
      out.longest_excursion_s = std::max(out.longest_excursion_s, run_above_s);
    } else {
      if (run_above_s > targets.excursion_max_s) ++out.excursions;
      run_above_s = 0;
    }
  }
  if (run_above_s > targets.excursion_max_s) ++out.excursions;
  out.exercise_s = static_cast<double>(exercise) * dt;
  out.rest_s = static_cast<double>(rest) * dt;
  out.exercise_within =
      exercise > 0 ? static_cast<double>(exercise_in) / static_cast<double>(exercise) : 0;
  out.rest_within = rest > 0 ? static_cast<double>(rest_in) / static_cast<double>(rest) : 1;
  out.peak_share_of_lop = out.peak_mmhg / out.true_lop_mmhg;
  out.min_exercise_share_of_lop = exercise > 0 ? lowest_in_set / out.true_lop_mmhg : 0;

  // Recovery per contraction: the rep's largest deviation, then the time
  // until the cuff is back within the band.
  double recovery_sum = 0;
  int contractions = 0;
  const auto& v = trace.samples;
  auto it = v.begin();
  for (const SetTiming& set : trace.sets) {
    for (int rep = 0; rep < set.reps; ++rep) {
      const double from = set.start_s + rep * out.rep_period_s;
      const double to = from + out.rep_period_s + (rep + 1 == set.reps ? kFadeS : 0.0);
      it = std::lower_bound(it, v.end(), from, [](const Sample& s, double t) { return s.t_s < t; });
      auto worst = v.end();
      for (auto j = it; j != v.end() && j->t_s < to; ++j) {
        if (worst == v.end() ||
            std::abs(j->cuff_mmhg - target) > std::abs(worst->cuff_mmhg - target)) {
          worst = j;
        }
      }
      if (worst == v.end()) continue;
      double recovery = 0;
      if (std::abs(worst->cuff_mmhg - target) > targets.recovery_band_mmhg) {
        auto back = worst;
        while (back != v.end() && std::abs(back->cuff_mmhg - target) > targets.recovery_band_mmhg) {
          ++back;
        }
        recovery = (back == v.end() ? v.back().t_s : back->t_s) - worst->t_s;
      }
      ++contractions;
      recovery_sum += recovery;
      out.max_recovery_s = std::max(out.max_recovery_s, recovery);
      out.slow_recoveries += recovery > targets.max_recovery_s;
    }
  }
  out.reps = contractions;
  out.mean_recovery_s = contractions > 0 ? recovery_sum / contractions : 0;
}

}  // namespace

const char* regulation_method_name(RegulationMethod method) {
  switch (method) {
    case RegulationMethod::kRegulated:
      return "regulated";
    case RegulationMethod::kUnregulated:
      return "unregulated";
    case RegulationMethod::kDualLimb:
      return "dual limb";
  }
  return "regulated";
}

const char* regulation_sensor_name(RegulationSensor sensor) {
  return sensor == RegulationSensor::kHx710b ? "hx710b" : "mpx5050";
}

bool regulation_sensor_by_name(std::string_view name, RegulationSensor& out) {
  for (const RegulationSensor s : {RegulationSensor::kMpx5050, RegulationSensor::kHx710b}) {
    if (name == regulation_sensor_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

double regulation_sensor_rate_hz(RegulationSensor sensor) {
  // The HX710B's faster setting (bfr-facts section 4).
  return sensor == RegulationSensor::kHx710b ? 40 : 100;
}

sim::SensorProfile RegulationDesign::sensor_profile() const {
  return sensor == RegulationSensor::kHx710b ? sim::hx710b_profile(sample_rate_hz)
                                             : sim::mpx5050_profile(sample_rate_hz);
}

sim::PneumaticParams RegulationDesign::pump_applied_to(sim::PneumaticParams cuff) const {
  if (pump_free_flow_ml_s > 0) cuff.pump_free_flow_ml_s = pump_free_flow_ml_s;
  if (pump_stall_mmhg > 0) cuff.pump_stall_mmhg = pump_stall_mmhg;
  return cuff;
}

sim::PneumaticParams RegulationDesign::pneumatics() const {
  return pump_applied_to(segment == sim::Segment::kThigh ? sim::thigh_cuff_pneumatics()
                                                         : sim::arm_cuff_pneumatics());
}

sim::PlantConfig RegulationPerson::plant_config(const RegulationDesign& design) const {
  sim::PlantConfig config =
      sim::plant_for(person, {design.segment, design.cuff_width_cm}, design.sensor_profile(),
                     plant_seed, sim::Posture::kSeated);
  config.pneumatics = design.pump_applied_to(config.pneumatics);
  return config;
}

RegulationPerson design_regulation_person(const RegulationDesign& design, std::size_t index) {
  RegulationPerson p;
  p.index = index;
  p.person = sim::draw_person(sim::general_adult_cohort(), design.seed, index);
  p.plant_seed = person_plant_seed(design.seed, index);
  return p;
}

RegulationOutcome run_regulated(const RegulationDesign& design, const RegulationPerson& person,
                                const RegulationTargets& targets,
                                const RegulationFrameObserver& observer) {
  VirtualDevice device(person.plant_config(design),
                       controller_config_for_rate(design.sample_rate_hz));
  sim::Plant& plant = device.plant();
  SimulatedLifterReporter lifter(device);

  RegulationOutcome out;
  out.index = person.index;
  out.true_lop_mmhg = plant.true_lop_mmhg();
  out.rep_period_s = plant.lifter().params().rep_period_s;
  const core::ExercisePlan plan = swain_plan(design, out.true_lop_mmhg);
  out.target_mmhg = plan.target().mmhg();

  Trace trace;
  trace.period_s = 1.0 / design.sample_rate_hz;
  core::Command command{core::CommandKind::kStartExercise, plan};
  bool started = false;
  bool end_sent = false;
  for (;;) {
    const Telemetry t = device.exchange(command);
    command = {};
    if (observer) observer(plant, t);
    for (const core::Event& e : t.outputs.events) {
      if (e.kind == core::EventKind::kSetStarted) {
        const auto i = static_cast<std::size_t>(e.set_index);
        lifter.set_started(t.at, e.set_index, plan.target_reps[i]);
        trace.sets.push_back({plant.time_s(), plant.lifter().reps_planned()});
        end_sent = false;
      } else if (const auto failure = session_failure(e); failure && out.failure.empty()) {
        out.failure = *failure;
      }
    }
    const core::Phase phase = t.outputs.phase;
    if (phase == core::Phase::kInflating || phase == core::Phase::kExercise ||
        phase == core::Phase::kRest) {
      started = true;
      const Stage stage = phase == core::Phase::kInflating  ? Stage::kInflating
                          : phase == core::Phase::kExercise ? Stage::kExercise
                                                            : Stage::kRest;
      trace.samples.push_back({plant.time_s(), plant.true_cuff_mmhg(), stage});
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
  out.sets = static_cast<int>(trace.sets.size());
  out.completed = out.failure.empty() && out.sets == plan.set_count;
  if (out.failure.empty() && !out.completed) out.failure = "ran " + fixed(out.sets, 0) + " sets";
  score(trace, targets, out);
  return out;
}

RegulationOutcome run_unregulated(const RegulationDesign& design, const RegulationPerson& person,
                                  const RegulationTargets& targets) {
  sim::Plant plant(person.plant_config(design));
  RegulationOutcome out;
  out.index = person.index;
  out.true_lop_mmhg = plant.true_lop_mmhg();
  out.rep_period_s = plant.lifter().params().rep_period_s;
  const core::ExercisePlan plan = swain_plan(design, out.true_lop_mmhg);
  out.target_mmhg = plan.target().mmhg();

  Trace trace;
  const double dt = 1.0 / design.sample_rate_hz;
  trace.period_s = dt;
  const auto advance = [&](Stage stage) {
    plant.advance(dt);
    trace.samples.push_back({plant.time_s(), plant.true_cuff_mmhg(), stage});
  };
  // Pumped once on the device's own reading, then the valves are shut; the
  // same settling half second as the controller's ready hold.
  plant.command({1.0, 0, false});
  while (plant.read_sensor() < out.target_mmhg && plant.time_s() < kSessionHostGuardS) {
    advance(Stage::kInflating);
  }
  plant.command({0, 0, false});
  const double ready_s = static_cast<double>(core::ControllerConfig{}.ready_hold.us()) * 1e-6;
  for (double t = 0; t < ready_s - 1e-9; t += dt) advance(Stage::kInflating);

  for (std::uint8_t set = 0; set < plan.set_count; ++set) {
    plant.lifter().start_set(plant.time_s(), set, plan.target_reps[set]);
    trace.sets.push_back({plant.time_s(), plant.lifter().reps_planned()});
    while (!plant.lifter().set_finished(plant.time_s())) advance(Stage::kExercise);
    if (set + 1 < plan.set_count) {
      for (double t = 0; t < design.rest_s - 1e-9; t += dt) advance(Stage::kRest);
    }
  }
  out.sets = static_cast<int>(trace.sets.size());
  out.completed = true;
  score(trace, targets, out);
  return out;
}

sim::PlantConfig second_limb_config(const RegulationDesign& design,
                                    const RegulationPerson& person) {
  sim::Person other = person.person;
  if (design.segment == sim::Segment::kThigh) {
    other.thigh_circumference_cm += design.second_limb_difference_cm();
  } else {
    other.arm_circumference_cm += design.second_limb_difference_cm();
  }
  constexpr std::uint64_t kSalt = 0x4f54484552544849ULL;  // "OTHERTHI"
  sim::PlantConfig config =
      sim::plant_for(other, {design.segment, design.cuff_width_cm}, design.sensor_profile(),
                     sim::splitmix64(person.plant_seed ^ kSalt), sim::Posture::kSeated);
  config.pneumatics = design.pump_applied_to(config.pneumatics);
  // One person: the same lifter (cadence, capacity) works both legs.
  config.lifter = person.plant_config(design).lifter;
  return config;
}

namespace {

// One cuffed thigh of the dual-limb case: its own device (controller,
// pump, valves, sensor), lifter and trace.
struct Limb {
  Limb(const sim::PlantConfig& plant, const RegulationDesign& design)
      : device(plant, controller_config_for_rate(design.sample_rate_hz)), lifter(device) {
    out.true_lop_mmhg = device.plant().true_lop_mmhg();
    out.rep_period_s = device.plant().lifter().params().rep_period_s;
    plan = swain_plan(design, out.true_lop_mmhg);
    out.target_mmhg = plan.target().mmhg();
    trace.period_s = 1.0 / design.sample_rate_hz;
    command = {core::CommandKind::kStartExercise, plan};
  }

  // One frame; returns the controller's phase.
  core::Phase exchange() {
    const Telemetry t = device.exchange(command);
    command = {};
    at = t.at;
    for (const core::Event& e : t.outputs.events) {
      if (e.kind == core::EventKind::kSetStarted) {
        set_ready = e.set_index;
      } else if (const auto failure = session_failure(e); failure && out.failure.empty()) {
        out.failure = *failure;
      }
    }
    const core::Phase phase = t.outputs.phase;
    if (phase == core::Phase::kInflating || phase == core::Phase::kExercise ||
        phase == core::Phase::kRest) {
      started = true;
      const Stage stage = phase == core::Phase::kInflating  ? Stage::kInflating
                          : phase == core::Phase::kExercise ? Stage::kExercise
                                                            : Stage::kRest;
      trace.samples.push_back({device.plant().time_s(), device.plant().true_cuff_mmhg(), stage});
    }
    const bool down_now = phase == core::Phase::kDeflating || phase == core::Phase::kIdle ||
                          phase == core::Phase::kSafeState;
    done = (started && down_now) || (!started && !out.failure.empty());
    return phase;
  }

  VirtualDevice device;
  SimulatedLifterReporter lifter;
  core::ExercisePlan plan;
  RegulationOutcome out;
  Trace trace;
  core::Command command;
  core::TimePoint at;
  int set_ready = -1;  // the set the controller has started, waiting for the lifter
  bool started = false;
  bool done = false;
};

}  // namespace

DualLimbOutcome run_dual_limb(const RegulationDesign& design, const RegulationPerson& person,
                              const RegulationTargets& targets) {
  Limb first(person.plant_config(design), design);
  Limb second(second_limb_config(design, person), design);
  Limb* limbs[] = {&first, &second};
  bool lifting = false;
  bool end_sent = false;
  for (;;) {
    for (Limb* limb : limbs) {
      if (!limb->done) limb->exchange();
    }
    // The lifter starts on both legs in the same frame, once both
    // controllers have started the same set (the first to reach its target
    // holds it meanwhile).
    if (!lifting && first.set_ready >= 0 && first.set_ready == second.set_ready) {
      const int set = first.set_ready;
      const auto i = static_cast<std::size_t>(set);
      for (Limb* limb : limbs) {
        limb->lifter.set_started(limb->at, set, limb->plan.target_reps[i]);
        sim::Plant& plant = limb->device.plant();
        limb->trace.sets.push_back({plant.time_s(), plant.lifter().reps_planned()});
        limb->set_ready = -1;
      }
      lifting = true;
      end_sent = false;
    }
    if (lifting && !end_sent && first.lifter.reps_if_finished(first.at) &&
        second.lifter.reps_if_finished(second.at)) {
      for (Limb* limb : limbs) limb->command = {core::CommandKind::kEndSet, {}};
      end_sent = true;
      lifting = false;
    }
    if (first.done && second.done) break;
    if (first.device.plant().time_s() > kSessionHostGuardS) {
      for (Limb* limb : limbs) {
        if (limb->out.failure.empty())
          limb->out.failure = "host guard: session did not end in time";
      }
      break;
    }
  }
  DualLimbOutcome result;
  RegulationOutcome* outs[] = {&result.first, &result.second};
  for (std::size_t k = 0; k < 2; ++k) {
    Limb& limb = *limbs[k];
    RegulationOutcome& out = limb.out;
    out.index = person.index;
    out.sets = static_cast<int>(limb.trace.sets.size());
    out.completed = out.failure.empty() && out.sets == limb.plan.set_count;
    if (out.failure.empty() && !out.completed) out.failure = "ran " + fixed(out.sets, 0) + " sets";
    score(limb.trace, targets, out);
    *outs[k] = out;
  }
  return result;
}

MethodSummary summarise_regulation(RegulationMethod method,
                                   const std::vector<RegulationOutcome>& outcomes,
                                   const RegulationTargets& targets) {
  MethodSummary s;
  s.method = method;
  s.people = static_cast<int>(outcomes.size());
  if (outcomes.empty()) {
    s.missed.push_back("no people");
    return s;
  }
  s.worst_exercise_within = 1;
  s.worst_rest_within = 1;
  double recovery_sum = 0;
  for (const RegulationOutcome& o : outcomes) {
    s.completed += o.completed;
    s.mean_exercise_within += o.exercise_within;
    s.worst_exercise_within = std::min(s.worst_exercise_within, o.exercise_within);
    s.mean_rest_within += o.rest_within;
    s.worst_rest_within = std::min(s.worst_rest_within, o.rest_within);
    s.excursions += o.excursions;
    s.people_with_excursions += o.excursions > 0;
    s.longest_excursion_s = std::max(s.longest_excursion_s, o.longest_excursion_s);
    s.mean_peak_share_of_lop += o.peak_share_of_lop;
    s.worst_peak_share_of_lop = std::max(s.worst_peak_share_of_lop, o.peak_share_of_lop);
    recovery_sum += o.mean_recovery_s;
    s.worst_recovery_s = std::max(s.worst_recovery_s, o.max_recovery_s);
    s.slow_recoveries += o.slow_recoveries;
  }
  const double n = static_cast<double>(outcomes.size());
  s.mean_exercise_within /= n;
  s.mean_rest_within /= n;
  s.mean_peak_share_of_lop /= n;
  s.mean_recovery_s = recovery_sum / n;

  s.exercise_pass = s.worst_exercise_within >= targets.min_exercise_within;
  s.rest_pass = s.worst_rest_within >= targets.min_rest_within;
  s.excursion_pass = s.excursions == 0;
  s.peak_pass = s.worst_peak_share_of_lop <= targets.max_peak_share_of_lop;
  s.recovery_pass = s.worst_recovery_s <= targets.max_recovery_s;
  const auto pct = [](double v) { return fixed(100 * v, 1) + " %"; };
  if (s.completed < s.people) {
    s.missed.push_back(fixed(s.people - s.completed, 0) + " sessions did not complete");
  }
  if (!s.exercise_pass) {
    s.missed.push_back("exercise time within +-" + fixed(100 * targets.exercise_band, 0) +
                       " %: worst person " + pct(s.worst_exercise_within) + " < " +
                       pct(targets.min_exercise_within));
  }
  if (!s.rest_pass) {
    s.missed.push_back("rest time within +-" + fixed(100 * targets.rest_band, 0) +
                       " %: worst person " + pct(s.worst_rest_within) + " < " +
                       pct(targets.min_rest_within));
  }
  if (!s.excursion_pass) {
    s.missed.push_back(fixed(s.excursions, 0) + " excursions above target +" +
                       fixed(targets.excursion_above_mmhg, 0) + " mmHg lasting over " +
                       fixed(targets.excursion_max_s, 0) + " s (longest " +
                       fixed(s.longest_excursion_s, 2) + " s)");
  }
  if (!s.peak_pass) {
    s.missed.push_back("peak " + pct(s.worst_peak_share_of_lop) + " of LOP > " +
                       pct(targets.max_peak_share_of_lop));
  }
  if (!s.recovery_pass) {
    s.missed.push_back("recovery to within +-" + fixed(targets.recovery_band_mmhg, 0) +
                       " mmHg: worst " + fixed(s.worst_recovery_s, 2) + " s > " +
                       fixed(targets.max_recovery_s, 1) + " s (" + fixed(s.slow_recoveries, 0) +
                       " slow contractions)");
  }
  s.pass = s.missed.empty();
  return s;
}

RegulationRun run_regulation_bench(const RegulationDesign& design, unsigned threads,
                                   const RegulationTargets& targets) {
  RegulationRun run;
  run.design = design;
  run.targets = targets;
  run.regulated.resize(design.people);
  run.unregulated.resize(design.people);
  if (design.dual_limb) run.dual_limb.resize(2 * design.people);
  sim::parallel_for(design.people, threads, [&](std::size_t i) {
    const RegulationPerson person = design_regulation_person(design, i);
    run.regulated[i] = run_regulated(design, person, targets);
    run.unregulated[i] = run_unregulated(design, person, targets);
    if (design.dual_limb) {
      DualLimbOutcome both = run_dual_limb(design, person, targets);
      run.dual_limb[2 * i] = std::move(both.first);
      run.dual_limb[2 * i + 1] = std::move(both.second);
    }
  });
  run.regulated_summary =
      summarise_regulation(RegulationMethod::kRegulated, run.regulated, targets);
  run.unregulated_summary =
      summarise_regulation(RegulationMethod::kUnregulated, run.unregulated, targets);
  if (design.dual_limb) {
    run.dual_limb_summary =
        summarise_regulation(RegulationMethod::kDualLimb, run.dual_limb, targets);
  }
  return run;
}

}  // namespace bfr::device
