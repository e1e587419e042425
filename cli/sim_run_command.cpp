#include "cli/sim_run_command.hpp"

#include <fmt/format.h>
#include <fmt/os.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "device/scenario_runner.hpp"
#include "sim/scenario.hpp"

namespace bfr::cli {
namespace {

constexpr std::string_view kColumns =
    "time_s,sensor_mmhg,true_cuff_mmhg,true_lop_mmhg,arterial_mmhg,distal_flow_share,"
    "heart_rate_bpm,muscle_ml,pooled_ml,motion_mmhg,pump_flow_ml_s,pump_duty,bleed_opening,"
    "vent_open,faults,phase,target_mmhg,events";

// RFC 4180 quoting, only where a field needs it.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void write_header(fmt::ostream& file, const sim::Scenario& s) {
  file.print("# OpenBFR simulated trace (simulation, not a measurement of a person)\n");
  file.print("# scenario: {} ({})\n", s.name, s.source);
  std::istringstream description(s.description);
  for (std::string line; std::getline(description, line);) file.print("#   {}\n", line);
  file.print("# seed: {}, model rate {:g} Hz, drive: {}\n", s.seed, s.model_rate_hz,
             sim::drive_mode_name(s.drive));
  file.print("# person: {} ({}); {:g} cm cuff on the {}, {}\n", s.person.name, s.person_origin,
             s.cuff_width_cm, sim::segment_name(s.segment), sim::posture_name(s.posture));
  file.print("# sensor: {} at {:g} samples/s, one row per sample\n", s.sensor_name,
             s.sensor.sample_rate_hz);
  file.print(
      "# sensor_mmhg is what the device reads; every other number is simulation truth. Valve "
      "columns are the commands in force after the sample.\n");
  file.print("{}\n", kColumns);
}

void write_row(fmt::ostream& file, const device::TraceRow& r) {
  file.print(
      "{:.4f},{:.3f},{:.3f},{:.3f},{:.3f},{:.4f},{:.2f},{:.4f},{:.4f},{:.4f},{:.3f},{:.3f},"
      "{:.3f},{},{},{},{:.2f},{}\n",
      r.time_s, r.sensor_mmhg, r.true_cuff_mmhg, r.true_lop_mmhg, r.arterial_mmhg,
      r.distal_flow_share, r.heart_rate_bpm, r.muscle_ml, r.pooled_ml, r.motion_mmhg,
      r.pump_flow_ml_s, r.pump_duty, r.bleed_opening, r.vent_open ? 1 : 0, csv_field(r.faults),
      csv_field(r.phase), r.target_mmhg, csv_field(r.events));
}

std::string joined_or_none(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string s;
  for (const auto& item : items) s += (s.empty() ? "" : "; ") + item;
  return s;
}

void print_summary(const sim::Scenario& s, const device::RunSummary& r, const std::string& out) {
  std::string text = fmt::format(
      "Scenario \"{}\" ({}, seed {}, {} drive): {:.1f} s simulated, {} samples written to {}. "
      "True LOP {:.1f} mmHg.",
      s.name, s.source, s.seed, sim::drive_mode_name(s.drive), r.duration_s, r.samples, out,
      r.true_lop_mmhg);
  if (r.lop_measured_mmhg) {
    text += fmt::format(" LOP measured {:.1f} mmHg (error {:+.1f} mmHg, quality {:.2f}).",
                        *r.lop_measured_mmhg, *r.lop_measured_mmhg - r.true_lop_mmhg,
                        r.lop_quality.value_or(0));
  }
  if (!r.lop_failures.empty()) text += " LOP failed: " + joined_or_none(r.lop_failures) + ".";
  text += fmt::format(
      " Peak cuff pressure {:.1f} mmHg at {:.1f} s; at the end {:.1f} mmHg (sensor {:.1f}); "
      "{:.1f} s above 20 mmHg.",
      r.peak_true_cuff_mmhg, r.peak_at_s, r.final_true_cuff_mmhg, r.final_sensor_mmhg,
      r.restricted_s);
  if (s.drive == sim::DriveMode::kController) {
    text += fmt::format(" Alarms: {}. Refused commands: {}. Final phase: {}.",
                        joined_or_none(r.alarms), joined_or_none(r.rejections), r.final_phase);
  }
  if (!r.notes.empty()) text += " Notes: " + joined_or_none(r.notes) + ".";
  fmt::print("{}\n", text);
}

void print_json_summary(const sim::Scenario& s, const device::RunSummary& r,
                        const std::string& out) {
  nlohmann::json doc;
  doc["scenario"] = s.name;
  doc["source"] = s.source;
  doc["seed"] = s.seed;
  doc["drive"] = std::string(sim::drive_mode_name(s.drive));
  doc["trace"] = out;
  doc["duration_s"] = r.duration_s;
  doc["samples"] = r.samples;
  doc["true_lop_mmhg"] = r.true_lop_mmhg;
  doc["peak_true_cuff_mmhg"] = r.peak_true_cuff_mmhg;
  doc["peak_at_s"] = r.peak_at_s;
  doc["final_true_cuff_mmhg"] = r.final_true_cuff_mmhg;
  doc["final_sensor_mmhg"] = r.final_sensor_mmhg;
  doc["restricted_s"] = r.restricted_s;
  doc["lop_measured_mmhg"] = r.lop_measured_mmhg ? nlohmann::json(*r.lop_measured_mmhg) : nullptr;
  doc["lop_quality"] = r.lop_quality ? nlohmann::json(*r.lop_quality) : nullptr;
  doc["lop_heart_rate_bpm"] =
      r.lop_heart_rate_bpm ? nlohmann::json(*r.lop_heart_rate_bpm) : nullptr;
  doc["lop_failures"] = r.lop_failures;
  doc["alarms"] = r.alarms;
  doc["rejections"] = r.rejections;
  doc["notes"] = r.notes;
  doc["final_phase"] =
      r.final_phase.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.final_phase);
  fmt::print("{}\n", doc.dump(2));
}

}  // namespace

int run_sim_run(const SimRunOptions& options) {
  sim::Scenario scenario;
  try {
    scenario = sim::load_scenario(options.scenario);
  } catch (const sim::ScenarioError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }

  // Written beside the target and renamed into place only once complete, so
  // that a failed run never leaves a trace that looks whole.
  const std::string tmp = options.out + ".tmp";
  device::RunSummary summary;
  try {
    auto file = fmt::output_file(tmp);
    write_header(file, scenario);
    summary =
        device::run_scenario(scenario, [&](const device::TraceRow& row) { write_row(file, row); });
    file.close();
    std::filesystem::rename(tmp, options.out);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;  // main reports it and exits 1
  }

  if (options.json_summary) {
    print_json_summary(scenario, summary, options.out);
  } else {
    print_summary(scenario, summary, options.out);
  }
  return 0;
}

}  // namespace bfr::cli
