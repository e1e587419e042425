#include "cli/sim_validate_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "sim/validation.hpp"

namespace bfr::cli {

int run_sim_validate(const SimValidateOptions& options) {
  sim::ValidationOptions v;
  v.seed = options.seed;
  v.lop_people = options.lop_people;
  v.signal_people = options.signal_people;
  v.threads = options.threads;
  const auto start = std::chrono::steady_clock::now();
  const sim::ValidationReport report = sim::run_validation(v);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : report.rows) {
      rows.push_back({{"check", r.check},
                      {"source", r.source},
                      {"unit", r.unit},
                      {"model", r.model},
                      {"published", r.published_is_range ? nlohmann::json(nullptr)
                                                         : nlohmann::json(r.published)},
                      {"low", r.low},
                      {"high", r.high},
                      {"pass", r.pass()}});
    }
    fmt::print(
        "{}\n",
        nlohmann::json{{"seed", options.seed}, {"pass", report.all_pass()}, {"rows", rows}}.dump(
            2));
    return report.all_pass() ? 0 : 1;
  }

  fmt::print("Simulator validation (seed {}, {} people per LOP cohort, {} per signal cohort)\n\n",
             options.seed, options.lop_people, options.signal_people);
  fmt::print("{:<46} {:<14} {:>9} {:>10} {:>19}  {}\n", "check", "source", "model", "published",
             "accepted", "");
  int failures = 0;
  for (const auto& r : report.rows) {
    const std::string published =
        r.published_is_range ? std::string("range") : fmt::format("{:.2f}", r.published);
    fmt::print("{:<46} {:<14} {:>9.2f} {:>10} {:>8.2f} .. {:<8.2f} {} {}\n", r.check, r.source,
               r.model, published, r.low, r.high, r.unit, r.pass() ? "ok" : "FAIL");
    failures += r.pass() ? 0 : 1;
  }
  fmt::print("\n{} of {} rows within tolerance ({:.1f} s).\n",
             report.rows.size() - static_cast<std::size_t>(failures), report.rows.size(), seconds);
  fmt::print(
      "Tolerance: means within 0.5 published SD, SDs within 35 %, posture ratios within 0.05,\n"
      "Swain rows inside the published range across devices.\n");
  return failures == 0 ? 0 : 1;
}

}  // namespace bfr::cli
