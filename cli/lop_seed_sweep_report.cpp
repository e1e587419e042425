#include "cli/lop_seed_sweep_report.hpp"

#include <fmt/format.h>

#include <string>

#include "cli/output_words.hpp"

namespace bfr::cli {
namespace {

std::string bias_sd(const device::ErrorStats& e) {
  if (e.n < 2) return "-";
  return fmt::format("{:+.1f} / {:.2f}", e.bias_mmhg, e.sd_mmhg);
}

std::string verdict(const device::SeedRow& r) {
  if (r.pass) return "pass";
  std::string words = "FAIL:";
  for (std::size_t i = 0; i < r.missed.size(); ++i) {
    words += (i == 0 ? " " : "; ") + r.missed[i];
  }
  return words;
}

}  // namespace

nlohmann::json error_stats_json(const device::ErrorStats& e) {
  return {{"values", e.n},
          {"bias_mmhg", e.n > 0 ? nlohmann::json(e.bias_mmhg) : nlohmann::json(nullptr)},
          {"sd_mmhg", e.n > 1 ? nlohmann::json(e.sd_mmhg) : nlohmann::json(nullptr)},
          {"rms_mmhg", e.n > 0 ? nlohmann::json(e.rms_mmhg) : nlohmann::json(nullptr)}};
}

nlohmann::json seed_sweep_json(const device::SeedSweep& sweep) {
  nlohmann::json rows = nlohmann::json::array();
  for (const device::SeedRow& r : sweep.rows) {
    rows.push_back({{"seed", r.seed},
                    {"median_time_s", r.median_time_s},
                    {"p95_time_s", r.p95_time_s},
                    {"thigh", error_stats_json(r.thigh)},
                    {"upper_arm", error_stats_json(r.arm)},
                    {"worst_posture", r.worst_posture},
                    {"worst_success", r.worst_success},
                    {"gross_misreads", r.gross_misreads},
                    {"accuracy_pass", r.accuracy_pass},
                    {"success_pass", r.success_pass},
                    {"median_pass", r.median_pass},
                    {"p95_pass", r.p95_pass},
                    {"bounds_pass", r.bounds_pass},
                    {"pass", r.pass},
                    {"missed", r.missed}});
  }
  return {{"first_seed", sweep.design.seed},
          {"seeds", sweep.rows.size()},
          {"limbs_per_seed", sweep.design.limbs},
          {"sensor_noise_scale", sweep.design.sensor_noise_scale},
          {"limbs_named", sweep.design.name_limbs},
          {"gross_misread_mmhg", device::kGrossMisreadMmhg},
          {"rows", rows},
          {"held",
           {{"accuracy", sweep.accuracy_held},
            {"success", sweep.success_held},
            {"median_time", sweep.median_held},
            {"p95_time", sweep.p95_held},
            {"bounds", sweep.bounds_held},
            {"every_target", sweep.every_target_held}}}};
}

void print_seed_sweep(const device::SeedSweep& sweep) {
  const std::size_t n = sweep.rows.size();
  const std::uint64_t last = sweep.design.seed + (n > 0 ? n - 1 : 0);
  fmt::print(
      "LOP on virtual populations, seeds {}-{} ({} limbs each, the design of `bfr lop bench`): "
      "issue 4's targets seed by seed{}\n\n",
      sweep.design.seed, last, sweep.design.limbs,
      sweep.design.name_limbs ? "" : ", the limb not named in the command");
  fmt::print("{:>5} {:>7} {:>6} {:>14} {:>14} {:>18} {:>6}  {}\n", "seed", "median", "p95",
             "thigh bias/SD", "arm bias/SD", "worst posture", ">=25", "verdict");
  for (const device::SeedRow& r : sweep.rows) {
    fmt::print("{:>5} {:>6.1f}s {:>5.1f}s {:>14} {:>14} {:>10} {:>6.2f}% {:>6}  {}\n", r.seed,
               r.median_time_s, r.p95_time_s, bias_sd(r.thigh), bias_sd(r.arm), r.worst_posture,
               100 * r.worst_success, r.gross_misreads, verdict(r));
  }
  fmt::print(
      "\n>=25: readings {:.0f} mmHg or more off the truth (for reading; no target).\n"
      "targets held on: accuracy {} of {}, success {} of {}, median time {} of {}, 95th "
      "percentile time {} of {}, cap, time limit and deflation {} of {}\n"
      "seeds meeting every target: {} of {} ({})\n\n",
      device::kGrossMisreadMmhg, sweep.accuracy_held, n, sweep.success_held, n, sweep.median_held,
      n, sweep.p95_held, n, sweep.bounds_held, n, sweep.every_target_held, n,
      pass_word(sweep.all_held()));
}

}  // namespace bfr::cli
