#include "cli/control_bench_command.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/output_words.hpp"
#include "device/regulation_bench.hpp"
#include "device/rep_bench.hpp"

namespace bfr::cli {
namespace {

// The simulator's pump is an assumption; one given on the command line is a
// device maker's. Either way the run says which it was.
bool pump_given(const device::RegulationDesign& design) {
  return design.pump_free_flow_ml_s > 0 || design.pump_stall_mmhg > 0;
}

nlohmann::json pump_json(const device::RegulationDesign& design) {
  const sim::PneumaticParams cuff = design.pneumatics();
  return {{"free_flow_ml_s", cuff.pump_free_flow_ml_s},
          {"stall_mmhg", cuff.pump_stall_mmhg},
          {"given", pump_given(design)}};
}

nlohmann::json summary_json(const device::MethodSummary& s) {
  return {{"people", s.people},
          {"completed", s.completed},
          {"exercise_within",
           {{"mean", s.mean_exercise_within},
            {"worst", s.worst_exercise_within},
            {"pass", s.exercise_pass}}},
          {"rest_within",
           {{"mean", s.mean_rest_within}, {"worst", s.worst_rest_within}, {"pass", s.rest_pass}}},
          {"excursions",
           {{"count", s.excursions},
            {"people", s.people_with_excursions},
            {"longest_s", s.longest_excursion_s},
            {"pass", s.excursion_pass}}},
          {"peak_share_of_lop",
           {{"mean", s.mean_peak_share_of_lop},
            {"worst", s.worst_peak_share_of_lop},
            {"pass", s.peak_pass}}},
          {"recovery_s",
           {{"mean", s.mean_recovery_s},
            {"worst", s.worst_recovery_s},
            {"slow_contractions", s.slow_recoveries},
            {"pass", s.recovery_pass}}},
          {"pass", s.pass},
          {"missed", s.missed}};
}

nlohmann::json people_json(const std::vector<device::RegulationOutcome>& outcomes) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& o : outcomes) {
    a.push_back({{"index", o.index},
                 {"completed", o.completed},
                 {"failure", o.failure},
                 {"true_lop_mmhg", o.true_lop_mmhg},
                 {"target_mmhg", o.target_mmhg},
                 {"rep_period_s", o.rep_period_s},
                 {"sets", o.sets},
                 {"reps", o.reps},
                 {"exercise_s", o.exercise_s},
                 {"rest_s", o.rest_s},
                 {"exercise_within", o.exercise_within},
                 {"rest_within", o.rest_within},
                 {"excursions", o.excursions},
                 {"longest_excursion_s", o.longest_excursion_s},
                 {"peak_share_of_lop", o.peak_share_of_lop},
                 {"min_exercise_share_of_lop", o.min_exercise_share_of_lop},
                 {"mean_recovery_s", o.mean_recovery_s},
                 {"max_recovery_s", o.max_recovery_s},
                 {"slow_recoveries", o.slow_recoveries}});
  }
  return a;
}

void print_row(const char* what, const std::string& regulated, const std::string& unregulated,
               const std::string& target, bool pass) {
  fmt::print("{:<38} {:>16} {:>16}   {:<12} {}\n", what, regulated, unregulated, target,
             pass_word(pass));
}

std::string pct(double v) {
  return fmt::format("{:.2f} %", 100 * v);
}

// The dual-limb case in one line: both thighs at once, each limb scored
// against the same targets, the worst limb reported.
void print_dual_limb(const device::MethodSummary& d, const device::RegulationDesign& design,
                     const device::RegulationTargets& tg) {
  fmt::print(
      "\ndual limb (both {} at once, the second {:+.1f} cm around, two independent "
      "controllers in lockstep):\n{} limbs, {} completed; exercise within +-10 % worst {} "
      "(>= {:.1f} %), rest within +-5 % worst {} (>= {:.1f} %),\n{} excursions, peak worst {} "
      "LOP, recovery worst {:.2f} s: {}\n",
      design.segment == sim::Segment::kThigh ? "thighs" : "arms",
      design.second_limb_difference_cm(), d.people, d.completed, pct(d.worst_exercise_within),
      100 * tg.min_exercise_within, pct(d.worst_rest_within), 100 * tg.min_rest_within,
      d.excursions, pct(d.worst_peak_share_of_lop), d.worst_recovery_s, pass_word(d.pass));
  for (const auto& m : d.missed) fmt::print("  missed: {}\n", m);
}

nlohmann::json reps_json(const device::RepRun& run) {
  const device::RepSummary& s = run.summary;
  const device::RepTargets& tg = run.targets;
  nlohmann::json people = nlohmann::json::array();
  for (const auto& o : run.outcomes) {
    nlohmann::json sets = nlohmann::json::array();
    for (const auto& set : o.sets) {
      sets.push_back({{"set", set.set_index},
                      {"true_reps", set.true_reps},
                      {"partial_reps", set.partial_reps},
                      {"paused", set.paused},
                      {"counted", set.counted},
                      {"phantom_in_rest", set.phantom_in_rest},
                      {"cadence_periods", set.cadence_periods},
                      {"cadence_error_sum", set.cadence_error_sum}});
    }
    people.push_back({{"index", o.index},
                      {"completed", o.completed},
                      {"failure", o.failure},
                      {"rep_period_s", o.rep_period_s},
                      {"motion_artefacts", o.motion_artefacts},
                      {"sets", sets}});
  }
  return {{"lifter",
           {{"cadence_spread", run.design.cadence_spread},
            {"partial_share", run.design.partial_share},
            {"pause_chance", run.design.pause_chance},
            {"motion_per_minute", run.design.motion_per_minute}}},
          {"targets",
           {{"min_exact_share", tg.min_exact_share},
            {"max_phantom_reps", tg.max_phantom_reps},
            {"max_cadence_error", tg.max_cadence_error}}},
          {"people", s.people},
          {"completed", s.completed},
          {"sets", s.sets},
          {"exact_sets", s.exact_sets},
          {"exact_share", s.exact_share},
          {"mean_abs_error", s.mean_abs_error},
          {"max_abs_error", s.max_abs_error},
          {"true_reps", s.true_reps},
          {"counted_reps", s.counted_reps},
          {"partial_reps", s.partial_reps},
          {"paused_sets", s.paused_sets},
          {"motion_artefacts", s.motion_artefacts},
          {"phantom_reps", s.phantom_reps},
          {"mean_cadence_error", s.mean_cadence_error},
          {"exact_pass", s.exact_pass},
          {"phantom_pass", s.phantom_pass},
          {"cadence_pass", s.cadence_pass},
          {"pass", s.pass},
          {"missed", s.missed},
          {"runs", people}};
}

void print_reps_table(const device::RepRun& run) {
  const device::RepSummary& s = run.summary;
  const device::RepTargets& tg = run.targets;
  fmt::print(
      "\nRepetition counting from the cuff signal: the same people and protocol, the real "
      "controller counting;\nthe lifter varies its rep period ({:.0f} % spread, 2-6 s), does "
      "{:.0f} % of reps through 30-70 % of the range,\npauses 3-10 s in {:.0f} % of sets, and "
      "{:.0f} motion artefacts a minute hit sets and rests.\n\n",
      100 * run.design.cadence_spread, 100 * run.design.partial_share,
      100 * run.design.pause_chance, run.design.motion_per_minute);
  const auto row = [](const char* what, const std::string& value, const std::string& target,
                      const char* verdict) {
    fmt::print("{:<38} {:>16}   {:<12} {}\n", what, value, target, verdict);
  };
  row("sessions completed", fmt::format("{}/{}", s.completed, s.people), "all",
      pass_word(s.completed == s.people));
  row("sets (paused)", fmt::format("{} ({})", s.sets, s.paused_sets), "", "");
  row("reps: true / counted", fmt::format("{} / {}", s.true_reps, s.counted_reps), "", "");
  row("partial reps, motion artefacts", fmt::format("{}, {}", s.partial_reps, s.motion_artefacts),
      "", "");
  row("sets counted exactly", pct(s.exact_share),
      fmt::format(">= {:.0f} %", 100 * tg.min_exact_share), pass_word(s.exact_pass));
  row("count error per set (mean / worst)",
      fmt::format("{:.3f} / {}", s.mean_abs_error, s.max_abs_error), "", "");
  row("phantom reps during rests", fmt::format("{}", s.phantom_reps),
      fmt::format("{}", tg.max_phantom_reps), pass_word(s.phantom_pass));
  row("rep period error (mean)", pct(s.mean_cadence_error),
      fmt::format("<= {:.0f} %", 100 * tg.max_cadence_error), pass_word(s.cadence_pass));
  fmt::print(
      "\nrep period error: each reported period against the true time between those "
      "reps' middles,\nin sets counted exactly, pauses left out.\n\n");
  if (s.pass) {
    fmt::print("repetition targets (issue 5): pass\n");
  } else {
    fmt::print("repetition targets (issue 5): FAIL\n");
    for (const auto& m : s.missed) fmt::print("  missed: {}\n", m);
  }
}

}  // namespace

int run_control_bench(const ControlBenchOptions& options) {
  device::RegulationDesign design = regulation_design_for(options.setup);
  design.people = options.people;
  design.seed = options.seed;
  fmt::print(stderr, "running {} virtual people twice (regulated, unregulated) on every core...\n",
             design.people);
  std::fflush(stderr);
  const device::RegulationRun run = device::run_regulation_bench(design);
  device::RepDesign rep_design;
  rep_design.base = design;
  const device::RepRun reps = device::run_rep_bench(rep_design);
  const device::RegulationTargets& tg = run.targets;
  const device::MethodSummary& r = run.regulated_summary;
  const device::MethodSummary& u = run.unregulated_summary;
  const device::MethodSummary& dual = run.dual_limb_summary;
  const bool pass = r.pass && dual.pass && reps.summary.pass;
  const int code = pass ? 0 : 1;

  if (options.json) {
    fmt::print("{}\n",
               nlohmann::json{{"people", design.people},
                              {"seed", design.seed},
                              {"cohort", "general"},
                              {"segment", options.setup.segment},
                              {"posture", "seated"},
                              {"cuff_width_cm", design.cuff_width_cm},
                              {"sensor", device::regulation_sensor_name(design.sensor)},
                              {"sample_rate_hz", design.sample_rate_hz},
                              {"pump", pump_json(design)},
                              {"target_share_of_lop", design.target_share},
                              {"rest_s", design.rest_s},
                              {"targets",
                               {{"exercise_band", tg.exercise_band},
                                {"min_exercise_within", tg.min_exercise_within},
                                {"rest_band", tg.rest_band},
                                {"min_rest_within", tg.min_rest_within},
                                {"excursion_above_mmhg", tg.excursion_above_mmhg},
                                {"excursion_max_s", tg.excursion_max_s},
                                {"max_peak_share_of_lop", tg.max_peak_share_of_lop},
                                {"recovery_band_mmhg", tg.recovery_band_mmhg},
                                {"max_recovery_s", tg.max_recovery_s}}},
                              {"regulated", summary_json(r)},
                              {"unregulated", summary_json(u)},
                              {"dual_limb", summary_json(dual)},
                              {"second_limb_difference_cm", design.second_limb_difference_cm()},
                              {"reps", reps_json(reps)},
                              {"pass", pass},
                              {"runs",
                               {{"regulated", people_json(run.regulated)},
                                {"unregulated", people_json(run.unregulated)},
                                {"dual_limb", people_json(run.dual_limb)}}}}
                   .dump(2));
    return code;
  }

  fmt::print(
      "Cuff pressure regulation on a virtual population: the Swain 2025 protocol (leg press "
      "30-15-15-15,\n{:.0f} s rests, {:.0f} % of each person's true LOP), scored on the true cuff "
      "pressure at {:.0f} Hz\n\n",
      design.rest_s, 100 * design.target_share, design.sample_rate_hz);
  fmt::print(
      "{} people, seed {}, general adult cohort, seated {}, {:.1f} cm cuff, {} at {:.0f} "
      "Hz;\npump {:.0f} mL/s free flow, {:.0f} mmHg stall ({});\n"
      "the simulator's lifter sets the contraction disturbance and each person's cadence.\n"
      "regulated: the real controller through a virtual device; unregulated: pumped once to the "
      "target,\nvalves held shut. The verdict is the regulated column's; mean / worst person.\n\n",
      design.people, design.seed, design.segment == sim::Segment::kThigh ? "thigh" : "upper arm",
      design.cuff_width_cm, device::regulation_sensor_name(design.sensor), design.sample_rate_hz,
      design.pneumatics().pump_free_flow_ml_s, design.pneumatics().pump_stall_mmhg,
      pump_given(design) ? "as given" : "the simulator's assumption");
  fmt::print("{:<38} {:>16} {:>16}   {:<12} {}\n", "", "regulated", "unregulated", "target", "");
  print_row("sessions completed", fmt::format("{}/{}", r.completed, r.people),
            fmt::format("{}/{}", u.completed, u.people), "all", r.completed == r.people);
  print_row("exercise within +-10 % (mean)", pct(r.mean_exercise_within),
            pct(u.mean_exercise_within), "", r.exercise_pass);
  print_row("exercise within +-10 % (worst)", pct(r.worst_exercise_within),
            pct(u.worst_exercise_within), fmt::format(">= {:.1f} %", 100 * tg.min_exercise_within),
            r.exercise_pass);
  print_row("rest within +-5 % (mean)", pct(r.mean_rest_within), pct(u.mean_rest_within), "",
            r.rest_pass);
  print_row("rest within +-5 % (worst)", pct(r.worst_rest_within), pct(u.worst_rest_within),
            fmt::format(">= {:.1f} %", 100 * tg.min_rest_within), r.rest_pass);
  print_row("excursions > target+15 mmHg for > 1 s", fmt::format("{}", r.excursions),
            fmt::format("{}", u.excursions), "0", r.excursion_pass);
  print_row("longest time > target+15 mmHg", fmt::format("{:.2f} s", r.longest_excursion_s),
            fmt::format("{:.2f} s", u.longest_excursion_s), "<= 1 s", r.excursion_pass);
  print_row("peak, % LOP (mean)", pct(r.mean_peak_share_of_lop), pct(u.mean_peak_share_of_lop), "",
            r.peak_pass);
  print_row("peak, % LOP (worst)", pct(r.worst_peak_share_of_lop), pct(u.worst_peak_share_of_lop),
            "<= 100 %", r.peak_pass);
  print_row("recovery to +-15 mmHg (mean)", fmt::format("{:.2f} s", r.mean_recovery_s),
            fmt::format("{:.2f} s", u.mean_recovery_s), "", r.recovery_pass);
  print_row("recovery to +-15 mmHg (worst)", fmt::format("{:.2f} s", r.worst_recovery_s),
            fmt::format("{:.2f} s", u.worst_recovery_s), "<= 1 s", r.recovery_pass);
  print_row("contractions slower than 1 s", fmt::format("{}", r.slow_recoveries),
            fmt::format("{}", u.slow_recoveries), "0", r.recovery_pass);
  fmt::print(
      "\nrecovery: per contraction, from its largest deviation from target until the cuff is back "
      "within +-15 mmHg\n(0 when it never left). Swain 2025's best clinical system (Delfi PTS ii): "
      "95 % of exercise within +-10 %,\n99 % of rest within +-5 %.\n\n");
  if (r.pass) {
    fmt::print("regulation targets (issue 5): pass\n");
  } else {
    fmt::print("regulation targets (issue 5): FAIL\n");
    for (const auto& m : r.missed) fmt::print("  missed: {}\n", m);
  }
  fmt::print("unregulated baseline: {}\n", u.pass ? "meets the targets" : "misses the targets");
  print_dual_limb(dual, design, tg);
  print_reps_table(reps);
  return code;
}

}  // namespace bfr::cli
