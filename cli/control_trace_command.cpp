#include "cli/control_trace_command.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "core/events.hpp"
#include "device/regulation_bench.hpp"

namespace bfr::cli {
namespace {

// The file is written beside its final name and renamed once complete, so
// a failed run never leaves half a trace under the name asked for.
bool write_trace(const device::RegulationDesign& design, const device::RegulationPerson& person,
                 const std::filesystem::path& path, device::RegulationOutcome& outcome) {
  const std::filesystem::path partial = path.string() + ".partial";
  std::FILE* out = std::fopen(partial.c_str(), "wx");
  if (out == nullptr) {
    fmt::print(stderr, "error: cannot write {}\n", partial.string());
    return false;
  }
  fmt::print(out,
             "time_s,true_cuff_mmhg,sensor_mmhg,target_mmhg,phase,set,reps,pump_duty,"
             "bleed_opening,vent_open\n");
  outcome = device::run_regulated(
      design, person, {}, [out](const sim::Plant& plant, const device::Telemetry& t) {
        const core::Outputs& o = t.outputs;
        fmt::print(out, "{:.3f},{:.3f},{:.3f},{:.2f},{},{},{},{:.3f},{:.3f},{}\n", plant.time_s(),
                   plant.true_cuff_mmhg(), t.cuff.mmhg(), o.target.mmhg(), core::to_string(o.phase),
                   o.set_index, o.reps, o.actuators.pump_duty.value(),
                   o.actuators.bleed_opening.value(), o.actuators.vent_open ? 1 : 0);
      });
  const bool written = std::ferror(out) == 0;
  const bool closed = std::fclose(out) == 0;
  std::error_code ec;
  if (written && closed) std::filesystem::rename(partial, path, ec);
  if (!written || !closed || ec) {
    fmt::print(stderr, "error: writing {} failed\n", path.string());
    std::filesystem::remove(partial, ec);
    return false;
  }
  return true;
}

}  // namespace

int run_control_trace(const ControlTraceOptions& options) {
  const std::filesystem::path path(options.csv);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    fmt::print(stderr, "error: {} exists; choose another file (nothing was written)\n",
               options.csv);
    return 2;
  }
  device::RegulationDesign design = regulation_design_for(options.setup);
  design.seed = options.seed;
  const device::RegulationPerson person = device::design_regulation_person(design, options.person);
  device::RegulationOutcome outcome;
  if (!write_trace(design, person, path, outcome)) return 2;

  fmt::print(
      "person {} of seed {}: true LOP {:.1f} mmHg, target {:.1f} mmHg, rep period {:.2f} s\n",
      options.person, options.seed, outcome.true_lop_mmhg, outcome.target_mmhg,
      outcome.rep_period_s);
  fmt::print(
      "exercise within +-10 %: {:.2f} %, rest within +-5 %: {:.2f} %, longest above target + "
      "15 mmHg: {:.2f} s, peak {:.1f} % LOP{}\n",
      100 * outcome.exercise_within, 100 * outcome.rest_within, outcome.longest_excursion_s,
      100 * outcome.peak_share_of_lop,
      outcome.completed ? "" : fmt::format(" (not completed: {})", outcome.failure));
  fmt::print("trace: {}\n", options.csv);
  return 0;
}

}  // namespace bfr::cli
