#include "cli/export_command.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "clinic/repository.hpp"
#include "exchange/fhir_bundle.hpp"
#include "exchange/hevy_csv.hpp"
#include "exchange/stored_screening.hpp"
#include "exchange/strong_csv.hpp"
#include "exchange/trace_csv.hpp"

namespace bfr::cli {
namespace {

// Writes beside the target and renames, so that a failed write leaves no
// half file behind (and an existing file untouched).
void write_whole_file(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  const std::string partial = path + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error(fmt::format("cannot write {}", path));
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    if (!file) {
      std::filesystem::remove(partial);
      throw std::runtime_error(fmt::format("cannot write {}", path));
    }
  }
  std::filesystem::rename(partial, path);
}

// The export's destination for messages: stdout is not named.
std::string where(const std::string& out) {
  return out == "-" ? "stdout" : out;
}

class StoreReader {
 public:
  explicit StoreReader(const std::string& database)
      : repo_(clinic::open_existing_repository(database.empty() ? clinic::default_database_path()
                                                                : database)) {}

  clinic::Patient patient(std::int64_t id) {
    auto p = repo_->get_patient(id);
    if (!p) throw std::runtime_error(fmt::format("no patient {} in {}", id, repo_->location()));
    return *p;
  }

  clinic::SessionRecord session(std::int64_t id) {
    auto s = repo_->get_session(id);
    if (!s) throw std::runtime_error(fmt::format("no session {} in {}", id, repo_->location()));
    return *s;
  }

  exchange::BfrSessionInput session_input(const clinic::SessionRecord& s,
                                          const std::vector<clinic::Limb>& limbs,
                                          std::optional<double> load_kg) {
    exchange::BfrSessionInput in;
    in.session = s;
    in.sets = repo_->sets_of(s.id);
    in.events = repo_->events_of(s.id);
    in.symptoms = repo_->symptoms_of(s.id);
    for (const auto& limb : limbs) {
      if (limb.id == s.limb_id) in.limb = limb;
    }
    if (s.lop_measurement_id) in.lop = repo_->get_lop_measurement(*s.lop_measurement_id);
    if (load_kg) in.load_kg.assign(in.sets.size(), load_kg);
    return in;
  }

  // The patient and the sessions an export covers: one session, or all of
  // the patient's.
  std::pair<clinic::Patient, std::vector<exchange::BfrSessionInput>> subject(
      const ExportOptions& o) {
    std::vector<clinic::SessionRecord> sessions;
    clinic::Patient p;
    if (o.session_id) {
      sessions.push_back(session(*o.session_id));
      p = patient(sessions.front().patient_id);
    } else {
      p = patient(*o.patient_id);
      sessions = repo_->sessions_of(p.id);
    }
    const auto limbs = repo_->limbs_of(p.id);
    std::vector<exchange::BfrSessionInput> inputs;
    for (const auto& s : sessions) inputs.push_back(session_input(s, limbs, o.load_kg));
    return {p, inputs};
  }

  std::vector<clinic::Limb> limbs(std::int64_t patient_id) { return repo_->limbs_of(patient_id); }
  // The patient's newest screening with its overrides, when there is one.
  std::optional<exchange::ScreeningExport> screening(std::int64_t patient_id) {
    const auto record = repo_->latest_screening(patient_id);
    if (!record) return std::nullopt;
    return exchange::screening_export(*record, repo_->overrides_of(record->id));
  }
  std::vector<clinic::TraceSample> trace(std::int64_t trace_id) {
    return repo_->load_trace(trace_id);
  }

 private:
  std::unique_ptr<clinic::Repository> repo_;
};

int export_workouts(ExportFormat format, const ExportOptions& o) {
  StoreReader store(o.database);
  auto [patient, sessions] = store.subject(o);
  std::vector<exchange::Workout> workouts;
  std::size_t sets = 0;
  for (const auto& in : sessions) {
    // A session still running (or cut off by a crash) has no end: a single
    // session is refused, a patient's history goes on without it.
    if (in.session.ended_at.empty() && !o.session_id) {
      fmt::print(stderr, "note: session {} has not finished and is left out\n", in.session.id);
      continue;
    }
    workouts.push_back(exchange::workout_from_session(in));
    sets += workouts.back().sets.size();
  }
  const std::string text =
      format == ExportFormat::kHevy ? exchange::hevy_csv(workouts) : exchange::strong_csv(workouts);
  write_whole_file(o.out, text);
  fmt::print(stderr, "wrote {} sets of {} sessions of patient {} to {}\n", sets, workouts.size(),
             patient.id, where(o.out));
  return 0;
}

int export_fhir(const ExportOptions& o) {
  StoreReader store(o.database);
  auto [patient, sessions] = store.subject(o);
  exchange::FhirExportInput input;
  input.patient = patient;
  input.limbs = store.limbs(patient.id);
  input.sessions = std::move(sessions);
  input.screening = store.screening(patient.id);
  const auto scope =
      o.session_id ? exchange::BundleScope::kSession : exchange::BundleScope::kPatient;
  const auto bundle = exchange::fhir_bundle(input, scope);
  write_whole_file(o.out, bundle.dump(2) + "\n");
  fmt::print(stderr, "wrote a FHIR R4 Bundle of {} resources to {}\n", bundle["entry"].size(),
             where(o.out));
  return 0;
}

int export_trace(const ExportOptions& o) {
  StoreReader store(o.database);
  const auto session = store.session(*o.session_id);
  if (!session.trace_id) {
    throw std::runtime_error(fmt::format("session {} has no pressure trace", session.id));
  }
  const auto samples = store.trace(*session.trace_id);
  write_whole_file(o.out, exchange::trace_csv(samples));
  fmt::print(stderr, "wrote {} trace samples of session {} to {}\n", samples.size(), session.id,
             where(o.out));
  return 0;
}

void add_subject_options(CLI::App& cmd, ExportOptions& o) {
  auto* subject = cmd.add_option_group("subject", "What to export: a patient or one session");
  subject->add_option("--patient", o.patient_id, "Patient id: all of the patient's sessions")
      ->check(CLI::PositiveNumber);
  subject->add_option("--session", o.session_id, "Session id: that session only")
      ->check(CLI::PositiveNumber);
  subject->require_option(1);
}

void add_common_options(CLI::App& cmd, ExportOptions& o) {
  cmd.add_option("--db", o.database,
                 "Database file, sqlite:// or postgresql:// URL (default: "
                 "$XDG_DATA_HOME/openbfr/openbfr.db)");
  cmd.add_option("--out", o.out, "File to write (- for stdout)")->required();
}

}  // namespace

ExportCommands add_export_commands(CLI::App& app, ExportOptions& options) {
  auto* cmd = app.add_subcommand(
      "export",
      "Write stored sessions as Hevy or Strong CSV, a FHIR R4 Bundle, or a raw trace CSV");
  cmd->require_subcommand(1);
  ExportCommands out;
  out.command = cmd;
  out.hevy = cmd->add_subcommand(
      "hevy", "Hevy-compatible CSV, one row per set; BFR details in the notes fields");
  out.strong = cmd->add_subcommand(
      "strong", "Strong-compatible CSV, one row per set; BFR details in the notes fields");
  for (auto* sub : {out.hevy, out.strong}) {
    add_subject_options(*sub, options);
    add_common_options(*sub, options);
    sub->add_option(
           "--load-kg", options.load_kg,
           "Load of every set in kg, over the one entered with each set (default: as entered)")
        ->check(CLI::Range(0.0, 1000.0));
  }
  out.fhir = cmd->add_subcommand(
      "fhir",
      "FHIR R4 Bundle (JSON) of a patient or one session: Patient, vital signs, LOP, the session "
      "as a Procedure with its sets and symptoms, the newest screening as Questionnaire and "
      "QuestionnaireResponse");
  add_subject_options(*out.fhir, options);
  add_common_options(*out.fhir, options);
  out.trace = cmd->add_subcommand(
      "trace", "A session's raw pressure trace as CSV (lossless, units in the header)");
  out.trace->add_option("session", options.session_id, "Session id")
      ->required()
      ->check(CLI::PositiveNumber);
  add_common_options(*out.trace, options);
  return out;
}

bool ExportCommands::chosen() const {
  return command != nullptr && command->parsed();
}

int run_export(const ExportCommands& commands, const ExportOptions& options) {
  if (*commands.hevy) return run_export(ExportFormat::kHevy, options);
  if (*commands.strong) return run_export(ExportFormat::kStrong, options);
  if (*commands.fhir) return run_export(ExportFormat::kFhir, options);
  return run_export(ExportFormat::kTrace, options);
}

int run_export(ExportFormat format, const ExportOptions& options) {
  try {
    switch (format) {
      case ExportFormat::kHevy:
      case ExportFormat::kStrong:
        return export_workouts(format, options);
      case ExportFormat::kFhir:
        return export_fhir(options);
      case ExportFormat::kTrace:
        return export_trace(options);
    }
  } catch (const exchange::ExportError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 1;
}

}  // namespace bfr::cli
