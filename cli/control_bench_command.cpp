#include "cli/control_bench_command.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "device/regulation_bench.hpp"

namespace bfr::cli {
namespace {

const char* pass_word(bool pass) {
  return pass ? "pass" : "FAIL";
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

}  // namespace

int run_control_bench(const ControlBenchOptions& options) {
  device::RegulationDesign design;
  design.people = options.people;
  design.seed = options.seed;
  fmt::print(stderr, "running {} virtual people twice (regulated, unregulated) on every core...\n",
             design.people);
  std::fflush(stderr);
  const device::RegulationRun run = device::run_regulation_bench(design);
  const device::RegulationTargets& tg = run.targets;
  const device::MethodSummary& r = run.regulated_summary;
  const device::MethodSummary& u = run.unregulated_summary;
  const int code = r.pass ? 0 : 1;

  if (options.json) {
    fmt::print("{}\n", nlohmann::json{{"people", design.people},
                                      {"seed", design.seed},
                                      {"cohort", "general"},
                                      {"segment", "thigh"},
                                      {"posture", "seated"},
                                      {"cuff_width_cm", design.cuff_width_cm},
                                      {"sensor", "mpx5050"},
                                      {"sample_rate_hz", design.sample_rate_hz},
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
                                      {"pass", r.pass},
                                      {"runs",
                                       {{"regulated", people_json(run.regulated)},
                                        {"unregulated", people_json(run.unregulated)}}}}
                           .dump(2));
    return code;
  }

  fmt::print(
      "Cuff pressure regulation on a virtual population: the Swain 2025 protocol (leg press "
      "30-15-15-15,\n{:.0f} s rests, {:.0f} % of each person's true LOP), scored on the true cuff "
      "pressure at {:.0f} Hz\n\n",
      design.rest_s, 100 * design.target_share, design.sample_rate_hz);
  fmt::print(
      "{} people, seed {}, general adult cohort, seated thigh, {:.1f} cm cuff, mpx5050 at {:.0f} "
      "Hz;\nthe simulator's lifter sets the contraction disturbance and each person's cadence.\n"
      "regulated: the real controller through a virtual device; unregulated: pumped once to the "
      "target,\nvalves held shut. The verdict is the regulated column's; mean / worst person.\n\n",
      design.people, design.seed, design.cuff_width_cm, design.sample_rate_hz);
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
  return code;
}

}  // namespace bfr::cli
