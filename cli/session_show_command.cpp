#include "cli/session_show_command.hpp"

#include <fmt/format.h>
#include <fmt/os.h>

#include <nlohmann/json.hpp>

#include "cli/clinic_cli_support.hpp"
#include "clinic/record_json.hpp"
#include "clinic/repository.hpp"
#include "core/events.hpp"

namespace bfr::cli {
namespace {

void write_trace_csv(const std::string& path, const std::vector<clinic::TraceSample>& trace) {
  auto file = fmt::output_file(path);
  file.print("time_s,cuff_pressure_mmhg,target_mmhg,phase,set_index\n");
  for (const auto& s : trace) {
    file.print("{:.3f},{:.2f},{:.2f},{},{}\n", s.t_s, s.cuff_mmhg, s.target_mmhg,
               core::to_string(static_cast<core::Phase>(s.phase)), s.set_index);
  }
}

}  // namespace

int run_session_show(const SessionShowOptions& options) {
  const std::string url =
      options.database.empty() ? clinic::default_database_path() : options.database;
  auto repo = clinic::open_existing_repository(url);
  const auto session = repo->get_session(options.session_id);
  if (!session) {
    fmt::print(stderr, "error: no session {} in {}\n", options.session_id, repo->location());
    return 1;
  }
  const auto sets = repo->sets_of(session->id);
  const auto events = repo->events_of(session->id);
  const auto symptoms = repo->symptoms_of(session->id);
  const auto trace =
      session->trace_id ? repo->load_trace(*session->trace_id) : std::vector<clinic::TraceSample>{};
  if (!options.trace_csv.empty()) write_trace_csv(options.trace_csv, trace);

  if (options.json) {
    nlohmann::json doc = {{"session", to_json(*session)}};
    doc["sets"] = nlohmann::json::array();
    for (const auto& s : sets) doc["sets"].push_back(set_json(s));
    doc["symptoms"] = nlohmann::json::array();
    for (const auto& s : symptoms) doc["symptoms"].push_back(symptom_json(s));
    doc["programme_assignment_id"] = session->programme_assignment_id
                                         ? nlohmann::json(*session->programme_assignment_id)
                                         : nlohmann::json(nullptr);
    doc["phase"] =
        session->phase_index ? nlohmann::json(*session->phase_index + 1) : nlohmann::json(nullptr);
    doc["events"] = nlohmann::json::array();
    for (const auto& e : events) doc["events"].push_back(to_json(e));
    doc["trace_samples"] = trace.size();
    fmt::print("{}\n", doc.dump(2));
    return 0;
  }
  fmt::print("Session {}: {} at {:.0f} % LOP ({:.1f} mmHg), {} device\n", session->id,
             session->exercise, session->target_fraction * 100, session->target_mmhg,
             session->device);
  fmt::print("Started {}, ended {}, {}; {:.1f} s under restriction\n", session->started_at,
             session->ended_at.empty() ? "(not finished)" : session->ended_at, session->stop_reason,
             session->total_restriction_s);
  for (const auto& s : sets) {
    // A set without a rep target is a timed bout or cycle: its length says
    // what was done.
    const std::string done = s.target_reps == 0
                                 ? fmt::format("timed, {:.0f} s", s.duration_s)
                                 : fmt::format("{}/{} reps", s.actual_reps, s.target_reps);
    fmt::print("  set {}: {}, {:.1f} % in band, peak {:.1f}, mean {:.1f} mmHg", s.set_index + 1,
               done, s.time_in_band_fraction * 100, s.peak_mmhg, s.mean_mmhg);
    if (s.load_kg) fmt::print(", load {:.1f} kg", *s.load_kg);
    if (s.rpe_cr10) fmt::print(", RPE {:g}", *s.rpe_cr10);
    if (s.pain_0_10) fmt::print(", pain {}/10", *s.pain_0_10);
    fmt::print("\n");
  }
  for (const auto& s : symptoms) {
    fmt::print("  symptom: {} ({}){}\n", s.symptom, s.severity,
               s.note.empty() ? "" : ": " + s.note);
  }
  fmt::print("{} events, trace of {} samples", events.size(), trace.size());
  if (!trace.empty()) fmt::print(" over {:.1f} s", trace.back().t_s);
  if (!options.trace_csv.empty()) fmt::print(", written to {}", options.trace_csv);
  fmt::print("\n");
  return 0;
}

}  // namespace bfr::cli
