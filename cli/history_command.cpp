#include "cli/history_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/clinic_cli_support.hpp"
#include "cli/output_words.hpp"
#include "clinic/enum_text.hpp"
#include "clinic/patient_history.hpp"
#include "clinic/programme_json.hpp"
#include "clinic/record_json.hpp"
#include "clinic/timestamp.hpp"

namespace bfr::cli {

namespace {

// The most sessions a week any exercise of the programme asks for.
int planned_per_week(const clinic::Programme& programme, int phase) {
  int most = 0;
  if (phase < 0 || phase >= static_cast<int>(programme.phases.size())) return 0;
  for (const clinic::Exercise& e : programme.phases[static_cast<std::size_t>(phase)].exercises) {
    most = std::max(most, e.prescription.sessions_per_week);
  }
  return most;
}

std::string optional_text(const std::optional<double>& value, const char* unit) {
  return value ? fmt::format("{:.1f}{}", *value, unit) : std::string("-");
}

}  // namespace

CLI::App* add_history_command(CLI::App& app, HistoryOptions& o) {
  o.history = app.add_subcommand(
      "history",
      "A patient's trends: LOP, load, reps, time under restriction, adherence to the programme");
  o.history->add_option("patient", o.patient, "Patient id or exact name")->required();
  o.history->add_option("--at", o.at, "Count adherence up to this time (UTC); default now");
  add_database_option(*o.history, o.database);
  o.history->add_flag("--json", o.json, "Print as JSON");
  return o.history;
}

int run_history(const HistoryOptions& o) {
  return with_usage_errors([&] {
    const std::chrono::sys_seconds now = time_arg(o.at);
    auto repository = open_existing_store(o.database);
    const clinic::Patient patient = find_patient(*repository, o.patient);
    const auto assignment = repository->current_programme(patient.id);
    int per_week = 0;
    std::optional<std::chrono::sys_seconds> start;
    if (assignment) {
      const auto programme = clinic::programme_from_json_text(assignment->programme_json);
      if (programme.ok()) per_week = planned_per_week(*programme.value, assignment->current_phase);
      start = clinic::parse_utc_timestamp(assignment->started_at);
    }
    const clinic::PatientHistory history = clinic::patient_history(
        *repository, patient,
        assignment ? std::optional<std::int64_t>(assignment->id) : std::nullopt, per_week, start,
        now);

    if (o.json) {
      nlohmann::json j = {{"patient", to_json(patient)}};
      j["lop"] = nlohmann::json::array();
      for (const clinic::LopPoint& p : history.lop) {
        nlohmann::json m = to_json(p.measurement);
        m["limb"] = limb_key_text(p.limb.side, p.limb.segment);
        j["lop"].push_back(m);
      }
      j["sessions"] = nlohmann::json::array();
      for (const clinic::SessionPoint& p : history.sessions) {
        j["sessions"].push_back({{"session", to_json(p.session)},
                                 {"target_reps", p.target_reps},
                                 {"actual_reps", p.actual_reps},
                                 {"load_kg", or_null(p.load_kg)},
                                 {"max_rpe", or_null(p.max_rpe)},
                                 {"max_pain", or_null(p.max_pain)},
                                 {"symptoms", p.symptoms},
                                 {"timed_s", p.timed_s}});
      }
      j["one_rep_maxes"] = nlohmann::json::array();
      for (const auto& r : history.one_rep_maxes) j["one_rep_maxes"].push_back(one_rep_max_json(r));
      j["weeks"] = nlohmann::json::array();
      for (const clinic::WeekAdherence& w : history.weeks) {
        j["weeks"].push_back({{"week", w.week},
                              {"starts_at", w.starts_at},
                              {"planned", w.planned},
                              {"done", w.done}});
      }
      j["adherence"] = or_null(history.adherence);
      fmt::print("{}\n", j.dump(2));
      return 0;
    }

    fmt::print("History of {} (id {})\n", patient.display_name, patient.id);
    fmt::print("\nLOP\n");
    if (history.lop.empty()) fmt::print("  none on record\n");
    for (const clinic::LopPoint& p : history.lop) {
      fmt::print("  {}  {:<15} {:<8} {:>5.1f} cm cuff  {:>6.1f} mmHg  {}\n", p.measured_at,
                 limb_key_text(p.limb.side, p.limb.segment), clinic::to_text(p.measurement.posture),
                 p.measurement.cuff_width_cm, *p.measurement.lop_mmhg,
                 clinic::to_text(p.measurement.method));
    }
    fmt::print("\nSessions\n");
    if (history.sessions.empty()) fmt::print("  none on record\n");
    for (const clinic::SessionPoint& p : history.sessions) {
      // Timed work (no rep target) shows its time instead of reps.
      const std::string done = p.target_reps == 0 && p.timed_s > 0
                                   ? fmt::format("timed {:>5.0f} s", p.timed_s)
                                   : fmt::format("reps {:>3}/{:<3}", p.actual_reps, p.target_reps);
      fmt::print(
          "  {}  #{:<4} {:<22} {:>5.0f} mmHg  {}  load {:>7}  {:>5.0f} s restricted"
          "  RPE {}  pain {}{}  {}\n",
          p.session.started_at, p.session.id, p.session.exercise, p.session.target_mmhg, done,
          optional_text(p.load_kg, " kg"), p.session.total_restriction_s,
          optional_text(p.max_rpe, ""),
          p.max_pain ? fmt::format("{}", *p.max_pain) : std::string("-"),
          p.symptoms > 0 ? fmt::format(", {} symptom(s)", p.symptoms) : std::string(),
          p.session.stop_reason.empty() ? "(not finished)" : p.session.stop_reason);
    }
    if (!history.one_rep_maxes.empty()) fmt::print("\n1RM\n");
    for (const auto& r : history.one_rep_maxes) {
      fmt::print("  {}  {:<22} {:.1f} kg ({})\n", r.recorded_at, r.exercise, r.one_rep_max_kg,
                 r.method);
    }
    if (!history.weeks.empty()) {
      fmt::print("\nAdherence to '{}' ({} sessions a week planned)\n", assignment->programme_name,
                 per_week);
      for (const clinic::WeekAdherence& w : history.weeks) {
        fmt::print("  week {:>2} from {}: {}/{} days\n", w.week, w.starts_at.substr(0, 10), w.done,
                   w.planned);
      }
      fmt::print("  overall {:.0f} %\n", *history.adherence * 100);
    }
    return 0;
  });
}

}  // namespace bfr::cli
