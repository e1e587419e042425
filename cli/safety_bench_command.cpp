#include "cli/safety_bench_command.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "core/events.hpp"
#include "device/fault_bench.hpp"

namespace bfr::cli {
namespace {

std::string comma_joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

nlohmann::json report_json(const device::FaultBenchReport& report) {
  nlohmann::json classes = nlohmann::json::array();
  for (const auto& c : report.classes) {
    classes.push_back({{"fault", device::fault_class_name(c.fault)},
                       {"runs", c.runs},
                       {"detected", c.detected},
                       {"safe", c.safe},
                       {"detect_median_s", c.detect_median_s},
                       {"detect_p95_s", c.detect_p95_s},
                       {"detect_max_s", c.detect_max_s},
                       {"detect_bound_s", c.bound.detect_s},
                       {"safe_max_s", c.safe_max_s},
                       {"safe_bound_s", c.bound.safe_s},
                       {"alarms", c.alarms},
                       {"pass", c.pass}});
  }
  return {{"classes", classes}, {"pass", report.pass}};
}

void print_table(const device::FaultBenchReport& report, const SafetyBenchOptions& options) {
  fmt::print("Fault injection: {} runs per class, seed {}; Swain protocol at 80 % LOP, 100 Hz.\n",
             options.runs, options.seed);
  fmt::print(
      "Latency from when the fault could first be seen to the first alarm that acts\n"
      "(hold or stronger); safe = true cuff pressure below 20 mmHg, timed from that "
      "alarm.\n\n");
  fmt::print("{:<29} {:>9} {:>6} {:>22} {:>8} {:>16} {:>6}  {}\n", "fault", "caught", "safe",
             "latency med/p95/max s", "bound s", "safe max/bound s", "", "alarms");
  for (const auto& c : report.classes) {
    const bool control = c.fault == device::FaultClass::kNone;
    const std::string caught =
        control ? fmt::format("{} false", c.detected) : fmt::format("{}/{}", c.detected, c.runs);
    const std::string latency = control ? "-"
                                        : fmt::format("{:.2f}/{:.2f}/{:.2f}", c.detect_median_s,
                                                      c.detect_p95_s, c.detect_max_s);
    const std::string bound = control ? "-" : fmt::format("{:.2f}", c.bound.detect_s);
    const std::string safe =
        control ? "-" : fmt::format("{:.1f}/{:.0f}", c.safe_max_s, c.bound.safe_s);
    fmt::print("{:<29} {:>9} {:>6} {:>22} {:>8} {:>16} {:>6}  {}\n",
               device::fault_class_name(c.fault), caught, control ? "-" : std::to_string(c.safe),
               latency, bound, safe, c.pass ? "pass" : "FAIL", comma_joined(c.alarms));
  }
  fmt::print("\n{}\n", report.pass ? "Every class passes." : "Some classes FAIL.");
}

}  // namespace

int run_safety_bench(const SafetyBenchOptions& options) {
  device::FaultBenchDesign design;
  design.runs_per_class = options.runs;
  design.seed = options.seed;
  const device::FaultBenchReport report = device::run_fault_bench(design);
  if (options.json) {
    fmt::print("{}\n", report_json(report).dump(2));
  } else {
    print_table(report, options);
  }
  return report.pass ? 0 : 1;
}

}  // namespace bfr::cli
