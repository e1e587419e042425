#include "cli/lop_bench_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/lop_replay_command.hpp"
#include "cli/lop_seed_sweep_report.hpp"
#include "cli/output_words.hpp"
#include "cli/pressure_recording.hpp"
#include "device/lop_population_bench.hpp"
#include "device/lop_seed_sweep.hpp"
#include "device/recorded_sweep_study.hpp"
#include "sim/pressure_sensor.hpp"
#include "sim/scenario.hpp"

namespace bfr::cli {
namespace {

// ISO 81060-2 criterion 1: mean error within +-5 mmHg, SD at most 8 mmHg.
constexpr double kIsoMeanMmhg = 5;
constexpr double kIsoSdMmhg = 8;

std::string default_recordings_folder() {
  if (const char* env = std::getenv("OPENBFR_SHARED_DIR")) {
    return (std::filesystem::path(env) / "data" / "recordings").string();
  }
  return "../shared/data/recordings";
}

std::string segment_key(sim::Segment s) {
  return s == sim::Segment::kThigh ? "thigh" : "upper_arm";
}

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json success_json(const device::SuccessRow& r) {
  nlohmann::json j{
      {"limbs", r.limbs}, {"measurable", r.measurable}, {"values", r.values}, {"rate", r.rate}};
  if (r.has_target) j["pass"] = r.pass;
  return j;
}

nlohmann::json population_json(const device::PopulationRun& run) {
  const device::PopulationSummary& s = run.summary;
  nlohmann::json accuracy = nlohmann::json::object();
  for (const auto& a : s.segments) {
    accuracy[segment_key(a.segment)] = {{"limbs", a.limbs},
                                        {"measurable", a.measurable},
                                        {"measured", error_stats_json(a.ours)},
                                        {"fixed_ratio", error_stats_json(a.fixed)},
                                        {"paired", a.paired},
                                        {"paired_rms_measured_mmhg", a.paired_rms_ours_mmhg},
                                        {"paired_rms_fixed_ratio_mmhg", a.paired_rms_fixed_mmhg},
                                        {"gain", optional_number(a.gain)},
                                        {"max_sd_mmhg", a.max_sd_mmhg},
                                        {"median_time_s", a.median_time_s},
                                        {"mean_stage_s", a.mean_stage_s},
                                        {"bias_pass", a.bias_pass},
                                        {"sd_pass", a.sd_pass}};
  }
  nlohmann::json postures = nlohmann::json::object();
  for (const auto& r : s.postures) postures[r.name] = success_json(r);
  nlohmann::json breakdown = nlohmann::json::object();
  for (const auto& r : s.breakdown) breakdown[r.name] = success_json(r);
  nlohmann::json runs = nlohmann::json::array();
  for (std::size_t i = 0; i < run.limbs.size() && i < run.outcomes.size(); ++i) {
    const device::BenchLimb& l = run.limbs[i];
    const device::LopRunOutcome& o = run.outcomes[i];
    runs.push_back(
        {{"index", l.index},
         {"segment", segment_key(l.segment)},
         {"posture", std::string(sim::posture_name(l.posture))},
         {"cuff_width_cm", l.cuff_width_cm},
         {"sensor", device::bench_sensor_name(l.sensor)},
         {"motion_at_s", l.motion ? nlohmann::json(l.motion->start_s) : nlohmann::json(nullptr)},
         {"true_lop_mmhg", o.true_lop_mmhg},
         {"ok", o.ok},
         {"measured_mmhg", o.ok ? nlohmann::json(o.measured_mmhg) : nlohmann::json(nullptr)},
         {"fixed_ratio_mmhg", optional_number(o.fixed_ratio_mmhg)},
         {"failure", o.ok ? nlohmann::json(nullptr) : nlohmann::json(o.failure)},
         {"time_s", o.time_s},
         {"peak_true_cuff_mmhg", o.peak_true_cuff_mmhg},
         {"over_cap", o.over_cap},
         {"over_time", o.over_time},
         {"deflated", o.deflated},
         {"stage_s", o.stage_s}});
  }
  return {{"limbs", s.limbs},
          {"seed", s.design.seed},
          {"cohort", "general"},
          {"motion_share", s.design.motion_share},
          {"sensor_noise_scale", s.design.sensor_noise_scale},
          {"limbs_named", s.design.name_limbs},
          {"motion_limbs", s.motion_limbs},
          {"cuff_width_cm", {{"min", s.min_width_cm}, {"max", s.max_width_cm}}},
          {"cap_mmhg", s.cap_mmhg},
          {"time_limit_s", s.time_limit_s},
          {"truth_above_cap", s.truth_above_cap},
          {"truth_above_cap_cap_reached", s.truth_above_cap_cap_reached},
          {"accuracy", accuracy},
          {"success", postures},
          {"success_breakdown", breakdown},
          {"failures", s.failures},
          {"time_s",
           {{"median", s.median_time_s},
            {"p95", s.p95_time_s},
            {"median_pass", s.median_pass},
            {"p95_pass", s.p95_pass}}},
          {"highest_true_cuff_mmhg", s.highest_true_cuff_mmhg},
          {"over_cap", s.over_cap},
          {"over_time", s.over_time},
          {"host_guard", s.host_guard},
          {"not_deflated", s.not_deflated},
          {"targets",
           {{"max_abs_bias_mmhg", s.targets.max_abs_bias_mmhg},
            {"max_sd_arm_mmhg", s.targets.max_sd_arm_mmhg},
            {"max_sd_thigh_mmhg", s.targets.max_sd_thigh_mmhg},
            {"min_success", s.targets.min_success},
            {"max_median_time_s", s.targets.max_median_time_s},
            {"max_p95_time_s", s.targets.max_p95_time_s}}},
          {"pass", s.pass},
          {"missed", s.missed},
          {"runs", runs}};
}

std::string stat_cell(const device::ErrorStats& e, bool sd) {
  if (sd) return e.n > 1 ? fmt::format("{:.1f}", e.sd_mmhg) : "-";
  return e.n > 0 ? fmt::format("{:+.1f}", e.bias_mmhg) : "-";
}

void print_population(const device::PopulationSummary& s) {
  const device::PopulationDesign& d = s.design;
  const int per_posture[3] = {s.postures.size() > 0 ? s.postures[0].limbs : 0,
                              s.postures.size() > 1 ? s.postures[1].limbs : 0,
                              s.postures.size() > 2 ? s.postures[2].limbs : 0};
  fmt::print(
      "LOP on a virtual population: the live measurement (the real controller on simulated "
      "limbs) against the simulation truth\n\n");
  fmt::print(
      "{} limbs, seed {}, general adult cohort: thigh {}, upper arm {}; cuff {:.1f}-{:.1f} cm;\n",
      s.limbs, d.seed, s.segments[0].limbs, s.segments[1].limbs, s.min_width_cm, s.max_width_cm);
  fmt::print("supine {}, seated {}, standing {}; mpx5050 at 100 Hz and hx710b at 40 Hz in turn;\n",
             per_posture[0], per_posture[1], per_posture[2]);
  if (d.sensor_noise_scale != 1.0) {
    fmt::print(
        "sensor noise scaled x{:g} (mpx5050 {:.2f}, hx710b {:.2f} mmHg SD; the targets assume "
        "x1);\n",
        d.sensor_noise_scale, sim::mpx5050_profile().noise_sd_mmhg * d.sensor_noise_scale,
        sim::hx710b_profile().noise_sd_mmhg * d.sensor_noise_scale);
  }
  fmt::print("{};\n", d.name_limbs
                          ? "each measurement told its limb, and paced for it (core::LopPace)"
                          : "the limb not named: one pace for both (core::LopConfig::pace)");
  fmt::print("{} with a {:.0f} mmHg, {:.0f} s motion impulse in the first {:.0f} s.\n",
             s.motion_limbs, d.motion_amplitude_mmhg, d.motion_duration_s, d.motion_window_s);
  fmt::print(
      "Cap {:.0f} mmHg, time limit {:.0f} s. True LOP at or above the cap: {} limbs (left out "
      "of the success rates;\n{} of them ended with \"{}\", the right answer there).\n\n",
      s.cap_mmhg, s.time_limit_s, s.truth_above_cap, s.truth_above_cap_cap_reached,
      core::to_string(core::LopFailure::kCapReached));

  // Measured minus true, per segment: the live method, then the classic
  // rule on the same samples, then the two on the limbs where both read.
  fmt::print("{:<22} {:>6} {:>12} {:>12}  | {:>6} {:>7} {:>6}  | {:>6} {:>5}\n", "measured - true",
             "values", "bias mmHg", "SD mmHg", "values", "bias", "SD", "paired", "gain");
  fmt::print("{:<22} {:>6} {:>12} {:>12}  | {:>6} {:>7} {:>6}  | {:>6} {:>5}\n", "(live method)",
             "", "", "", "fixed", "0.59", "", "", "");
  for (const auto& a : s.segments) {
    fmt::print("{:<22} {:>6} {:>7} {:<4} {:>7} {:<4}  | {:>6} {:>7} {:>6}  | {:>6} {:>5}\n",
               a.segment == sim::Segment::kThigh ? "thigh" : "upper arm", a.ours.n,
               stat_cell(a.ours, false), pass_word(a.bias_pass), stat_cell(a.ours, true),
               pass_word(a.sd_pass), a.fixed.n, stat_cell(a.fixed, false), stat_cell(a.fixed, true),
               a.paired, a.gain ? fmt::format("{:.2f}", *a.gain) : "-");
  }
  fmt::print(
      "targets: bias within +-{:.0f} mmHg; SD at most {:.0f} mmHg on the thigh, {:.0f} on the "
      "arm.\n"
      "fixed 0.59: the classic fixed-ratio rule, read by the recorded-sweep analysis from the "
      "same sensor samples\n(it needs the envelope's floor above occlusion, so it is missing "
      "where the sweep stopped short). gain: RMS\nerror of the fixed-ratio rule / RMS error of "
      "the live method, on the paired limbs where both gave a value.\n\n",
      s.targets.max_abs_bias_mmhg, s.targets.max_sd_thigh_mmhg, s.targets.max_sd_arm_mmhg);

  fmt::print("{:<16} {:>6} {:>11} {:>7} {:>8}  {}\n", "success", "limbs", "measurable", "values",
             "rate", "target");
  for (const auto& r : s.postures) {
    fmt::print("{:<16} {:>6} {:>11} {:>7} {:>7.1f}%  >= {:.0f} % {}\n", r.name, r.limbs,
               r.measurable, r.values, 100 * r.rate, 100 * s.targets.min_success,
               pass_word(r.pass));
  }
  for (const auto& r : s.breakdown) {
    fmt::print("{:<16} {:>6} {:>11} {:>7} {:>7.1f}%  (for reading)\n", r.name, r.limbs,
               r.measurable, r.values, 100 * r.rate);
  }
  std::string failures;
  for (const auto& [reason, count] : s.failures) {
    failures += fmt::format("{}{} {}", failures.empty() ? "" : ", ", reason, count);
  }
  fmt::print("ended without a value (every limb): {}\n\n", failures.empty() ? "none" : failures);

  fmt::print(
      "time from command to result (every run): median {:.1f} s (target <= {:.0f}) {}, "
      "95th percentile {:.1f} s (target <= {:.0f}) {}\n",
      s.median_time_s, s.targets.max_median_time_s, pass_word(s.median_pass), s.p95_time_s,
      s.targets.max_p95_time_s, pass_word(s.p95_pass));
  for (const auto& a : s.segments) {
    const auto& st = a.mean_stage_s;
    fmt::print(
        "  {:<9} median {:.1f} s; mean s per stage: fill {:.1f}, fast {:.1f}, slow {:.1f}, "
        "past occlusion {:.1f}, recheck {:.1f}, top hold {:.1f}\n",
        a.segment == sim::Segment::kThigh ? "thigh" : "upper arm", a.median_time_s, st[0], st[1],
        st[2], st[3], st[4], st[5]);
  }
  fmt::print(
      "runs over the {:.0f} mmHg cap: {} {} (highest true cuff pressure {:.1f} mmHg); over the "
      "{:.0f} s time limit: {} {};\nnot deflated at the end: {} {}; host stepped in: {}\n",
      s.cap_mmhg, s.over_cap, pass_word(s.over_cap == 0), s.highest_true_cuff_mmhg, s.time_limit_s,
      s.over_time, pass_word(s.over_time == 0), s.not_deflated, pass_word(s.not_deflated == 0),
      s.host_guard);
  if (s.pass) {
    fmt::print("population targets (issue 4): pass\n\n");
  } else {
    fmt::print("population targets (issue 4): FAIL\n");
    for (const auto& m : s.missed) fmt::print("  missed: {}\n", m);
    fmt::print("\n");
  }
}

}  // namespace

std::vector<RecordingRow> bench_recordings(const std::string& folder) {
  const std::filesystem::path dir(folder);
  std::ifstream refs(dir / "references.csv");
  if (!refs) {
    throw RecordingError(
        fmt::format("{}: no references.csv (file,reference_sbp_mmhg,...)", folder));
  }
  std::vector<RecordingRow> rows;
  std::string line;
  std::getline(refs, line);  // header
  while (std::getline(refs, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    RecordingRow row;
    std::string sbp;
    std::getline(ss, row.file, ',');
    std::getline(ss, sbp, ',');
    try {
      row.reference_sbp = std::stod(sbp);
    } catch (const std::exception&) {
      throw RecordingError(fmt::format("{}: bad reference line '{}'", folder, line));
    }
    try {
      const core::RecordedLopResult r = analyse_recording(dir / row.file);
      row.ok = r.ok;
      if (r.ok) {
        row.estimate = r.estimate.occlusion.mmhg();
        row.fixed_ok = r.estimate.fixed_ratio_ok;
        row.fixed = r.estimate.fixed_ratio.mmhg();
      } else {
        row.reason = core::to_string(r.failure);
      }
    } catch (const RecordingError& e) {
      row.reason = e.what();
    }
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(),
            [](const RecordingRow& a, const RecordingRow& b) { return a.file < b.file; });
  return rows;
}

MethodSummary summarise_method(const std::vector<RecordingRow>& rows, bool fixed_ratio) {
  MethodSummary s;
  double sum = 0, sq = 0;
  for (const auto& r : rows) {
    if (!r.ok || (fixed_ratio && !r.fixed_ok)) continue;
    const double e = (fixed_ratio ? r.fixed : r.estimate) - r.reference_sbp;
    ++s.analysed;
    sum += e;
    sq += e * e;
  }
  if (s.analysed == 0) return s;
  const double n = s.analysed;
  s.mean_error = sum / n;
  s.sd_error = s.analysed > 1
                   ? std::sqrt(std::max(0.0, (sq - n * s.mean_error * s.mean_error) / (n - 1)))
                   : 0;
  s.iso_pass =
      s.analysed >= 2 && std::abs(s.mean_error) <= kIsoMeanMmhg && s.sd_error <= kIsoSdMmhg;
  return s;
}

// The recorded-sweep analysis on simulated sweeps of a virtual population:
// how the occlusion threshold was set (docs/LOP.md). For reading; it has no
// pass mark of its own.
void print_sweep_study(const std::vector<device::SweepStudyRow>& rows) {
  fmt::print("\nRecorded-sweep analysis on simulated sweeps (100 Hz sensor, 3 mmHg/s, supine)\n\n");
  fmt::print("{:<40} {:>9} {:>20} {:>20}\n", "condition", "analysed", "floor-corr. bias/SD",
             "fixed 0.59 bias/SD");
  for (const auto& r : rows) {
    fmt::print("{:<40} {:>4}/{:<4} {:>+10.1f} / {:<7.1f} {:>+10.1f} / {:<7.1f}\n", r.condition,
               r.analysed, r.sweeps, r.bias_mmhg, r.sd_mmhg, r.fixed_ratio_bias_mmhg,
               r.fixed_ratio_sd_mmhg);
  }
}

int run_lop_bench(const LopBenchOptions& options) {
  const std::string folder =
      options.recordings.empty() ? default_recordings_folder() : options.recordings;
  // The recordings are read first: a missing folder is a usage error and
  // should not wait for the population.
  std::vector<RecordingRow> rows;
  try {
    rows = bench_recordings(folder);
  } catch (const RecordingError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  const MethodSummary ours = summarise_method(rows, false);
  const MethodSummary fixed = summarise_method(rows, true);

  std::optional<device::PopulationRun> population;
  std::optional<device::SeedSweep> seeds;
  if (!options.skip_population) {
    device::PopulationDesign design;
    design.limbs = options.limbs;
    design.seed = options.seed;
    design.sensor_noise_scale = options.sensor_noise_scale;
    design.name_limbs = !options.unnamed_limbs;
    if (options.seeds > 1) {
      fmt::print(stderr, "measuring {} virtual limbs on every core, for each of {} seeds...\n",
                 design.limbs, options.seeds);
      std::fflush(stderr);
      seeds = device::run_seed_sweep(design, options.seeds);
    } else {
      fmt::print(stderr, "measuring {} virtual limbs on every core...\n", design.limbs);
      std::fflush(stderr);
      population = device::run_population_bench(design);
    }
  }
  const bool population_pass = seeds ? seeds->all_held() : !population || population->summary.pass;
  const bool recordings_pass = ours.iso_pass;
  const int code = population_pass && recordings_pass ? 0 : 1;

  if (options.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows) {
      j.push_back(
          {{"file", r.file},
           {"reference_sbp_mmhg", r.reference_sbp},
           {"ok", r.ok},
           {"estimate_mmhg", r.ok ? nlohmann::json(r.estimate) : nlohmann::json(nullptr)},
           {"fixed_ratio_mmhg", r.fixed_ok ? nlohmann::json(r.fixed) : nlohmann::json(nullptr)},
           {"reason", r.reason}});
    }
    const auto summary = [](const MethodSummary& m) {
      return nlohmann::json{{"analysed", m.analysed},
                            {"mean_error_mmhg", m.mean_error},
                            {"sd_error_mmhg", m.sd_error},
                            {"iso_81060_2_pass", m.iso_pass}};
    };
    fmt::print(
        "{}\n",
        nlohmann::json{
            {"recordings", j},
            {"floor_corrected", summary(ours)},
            {"fixed_ratio", summary(fixed)},
            {"population", population ? population_json(*population) : nlohmann::json(nullptr)},
            {"population_seeds", seeds ? seed_sweep_json(*seeds) : nlohmann::json(nullptr)}}
            .dump(2));
    return code;
  }

  if (population) print_population(population->summary);
  if (seeds) print_seed_sweep(*seeds);

  fmt::print("LOP on real recordings ({}), against the reference systolic pressure\n\n", folder);
  fmt::print("{:<12} {:>9} {:>16} {:>7} {:>12} {:>7}  {}\n", "file", "ref SBP", "floor-corrected",
             "error", "fixed 0.59", "error", "");
  for (const auto& r : rows) {
    if (!r.ok) {
      fmt::print("{:<12} {:>9.0f} {:>16} {:>7} {:>12} {:>7}  refused: {}\n", r.file,
                 r.reference_sbp, "-", "-", "-", "-", r.reason);
      continue;
    }
    fmt::print("{:<12} {:>9.0f} {:>16.1f} {:>+7.1f} {:>12} {:>7}\n", r.file, r.reference_sbp,
               r.estimate, r.estimate - r.reference_sbp,
               r.fixed_ok ? fmt::format("{:.1f}", r.fixed) : "-",
               r.fixed_ok ? fmt::format("{:+.1f}", r.fixed - r.reference_sbp) : "-");
  }
  const auto line = [](const char* name, const MethodSummary& m) {
    fmt::print("{:<34} analysed {:>2}  mean error {:+6.1f}  SD {:5.1f}  ISO 81060-2 {}\n", name,
               m.analysed, m.mean_error, m.sd_error, m.iso_pass ? "pass" : "FAIL");
  };
  fmt::print("\n");
  line("floor-corrected envelope (OpenBFR)", ours);
  line("fixed-ratio 0.59 (classic)", fixed);
  fmt::print("ISO 81060-2: mean error within +-{:.0f} mmHg and SD at most {:.0f} mmHg.\n",
             kIsoMeanMmhg, kIsoSdMmhg);

  if (options.sweeps > 0) print_sweep_study(device::run_sweep_study(options.sweeps, options.seed));

  fmt::print("\nverdict: population targets {}, recordings criterion {}\n",
             population || seeds ? pass_word(population_pass) : "skipped",
             pass_word(recordings_pass));
  return code;
}

}  // namespace bfr::cli
