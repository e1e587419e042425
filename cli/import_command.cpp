#include "cli/import_command.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/clinic_cli_support.hpp"
#include "clinic/timestamp.hpp"
#include "exchange/history_import.hpp"
#include "exchange/one_rep_max_import.hpp"

namespace bfr::cli {
namespace {

std::string read_import_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(fmt::format("cannot read {}", path));
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

nlohmann::json notes_json(const std::vector<exchange::LineNote>& notes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : notes) out.push_back({{"line", n.line}, {"reason", n.reason}});
  return out;
}

nlohmann::json result_json(const exchange::ImportResult& r, const std::string& file) {
  nlohmann::json sets = nlohmann::json::array();
  for (const auto& s : r.accepted) {
    sets.push_back({{"line", s.line},
                    {"workout", s.workout},
                    {"start", clinic::format_utc_timestamp(s.start)},
                    {"exercise", s.exercise},
                    {"set_index", s.set_index},
                    {"weight_kg", s.weight_kg ? nlohmann::json(*s.weight_kg) : nullptr},
                    {"reps", s.reps ? nlohmann::json(*s.reps) : nullptr},
                    {"duration_s", s.duration_s ? nlohmann::json(*s.duration_s) : nullptr}});
  }
  nlohmann::json estimates = nlohmann::json::array();
  for (const auto& e : r.estimates) {
    estimates.push_back({{"exercise", e.exercise},
                         {"one_rep_max_kg", e.one_rep_max_kg},
                         {"weight_kg", e.weight_kg},
                         {"reps", e.reps},
                         {"line", e.line}});
  }
  return {{"format", r.format},
          {"file", file},
          {"equation", r.equation == clinic::OneRmEquation::kEpley ? "epley" : "brzycki"},
          {"accepted", r.accepted.size()},
          {"skipped", notes_json(r.skipped)},
          {"rejected", notes_json(r.rejected)},
          {"estimates", estimates},
          {"sets", sets}};
}

// What storing did (or, on a dry run, would do) for the patient.
struct StoreOutcome {
  clinic::Patient patient;
  bool dry_run = false;
  exchange::StoredOneRepMaxes records;
};

nlohmann::json store_json(const StoreOutcome& o) {
  nlohmann::json added = nlohmann::json::array();
  for (const auto& r : o.records.added) added.push_back(one_rep_max_json(r));
  nlohmann::json held = nlohmann::json::array();
  for (const auto& r : o.records.already_stored) held.push_back(one_rep_max_json(r));
  return {{"patient_id", o.patient.id},
          {"dry_run", o.dry_run},
          {o.dry_run ? "would_add" : "added", added},
          {"already_stored", held}};
}

void print_store(const StoreOutcome& o) {
  const auto& added = o.records.added;
  fmt::print("{} {} 1RM record{} for patient {} ({})", o.dry_run ? "Would store" : "Stored",
             added.size(), added.size() == 1 ? "" : "s", o.patient.id, o.patient.display_name);
  fmt::print("{}\n", o.records.already_stored.empty()
                         ? ""
                         : fmt::format("; {} already stored", o.records.already_stored.size()));
  for (const auto& r : added) {
    fmt::print("  {}: {:.1f} kg ({}, from {:g} kg x {} on {})\n", r.exercise, r.one_rep_max_kg,
               r.method, r.test_load_kg.value_or(0), r.test_reps.value_or(0),
               r.recorded_at.substr(0, 10));
  }
}

void print_text(const exchange::ImportResult& r, const std::string& file) {
  fmt::print("{} import of {}: {} sets accepted, {} rows skipped, {} rows rejected\n",
             r.format == "hevy" ? "Hevy" : "Strong", file, r.accepted.size(), r.skipped.size(),
             r.rejected.size());
  if (!r.rejected.empty()) fmt::print("Rejected:\n");
  for (const auto& n : r.rejected) fmt::print("  line {}: {}\n", n.line, n.reason);
  if (!r.skipped.empty()) fmt::print("Skipped (not working sets):\n");
  for (const auto& n : r.skipped) fmt::print("  line {}: {}\n", n.line, n.reason);
  fmt::print("Estimated 1RM per exercise ({}):\n",
             r.equation == clinic::OneRmEquation::kEpley ? "Epley" : "Brzycki");
  if (r.estimates.empty()) fmt::print("  none (no set with a load and 1-12 reps)\n");
  for (const auto& e : r.estimates) {
    fmt::print("  {}: {:.1f} kg (from {:g} kg x {}, line {})\n", e.exercise, e.one_rep_max_kg,
               e.weight_kg, e.reps, e.line);
  }
}

exchange::ImportResult read_history(ImportFormat format, const ImportOptions& options) {
  const std::string text = read_import_file(options.file);
  const auto equation = options.equation == "brzycki" ? clinic::OneRmEquation::kBrzycki
                                                      : clinic::OneRmEquation::kEpley;
  if (format == ImportFormat::kHevy) return exchange::import_hevy_csv(text, equation);
  const auto unit =
      options.strong_unit == "lbs" ? exchange::WeightUnit::kLb : exchange::WeightUnit::kKg;
  return exchange::import_strong_csv(text, unit, equation);
}

// The estimates as the patient's records: stored, or on a dry run only
// compared with what the patient already holds.
StoreOutcome store_estimates(const exchange::ImportResult& result, const ImportOptions& options) {
  auto repository = open_existing_store(options.database);
  StoreOutcome outcome;
  outcome.patient = find_patient(*repository, options.patient);
  outcome.dry_run = options.dry_run;
  const auto records = exchange::one_rep_max_records(result, outcome.patient.id);
  outcome.records = options.dry_run
                        ? exchange::plan_one_rep_maxes(*repository, outcome.patient.id, records)
                        : exchange::store_one_rep_maxes(*repository, outcome.patient.id, records);
  return outcome;
}

int import_file(ImportFormat format, const ImportOptions& options) {
  if (options.dry_run && options.patient.empty()) {
    throw UsageError("--dry-run shows what --patient would store: give --patient too");
  }
  exchange::ImportResult result;
  try {
    result = read_history(format, options);
  } catch (const exchange::ImportError& e) {
    fmt::print(stderr, "error: {}: {}\n", options.file, e.what());
    return 1;
  }
  std::optional<StoreOutcome> stored;
  if (!options.patient.empty()) {
    try {
      stored = store_estimates(result, options);
    } catch (const clinic::StorageError& e) {
      fmt::print(stderr, "error: no 1RM was stored: {}\n", e.what());
      return 1;
    }
  }
  if (options.json) {
    nlohmann::json out = result_json(result, options.file);
    if (stored) out["store"] = store_json(*stored);
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  print_text(result, options.file);
  if (stored) {
    print_store(*stored);
  } else {
    fmt::print("Nothing stored: give --patient to keep these as the patient's 1RM records.\n");
  }
  return 0;
}

}  // namespace

ImportCommands add_import_commands(CLI::App& app, ImportOptions& options) {
  auto* cmd = app.add_subcommand(
      "import", "Read a Hevy or Strong CSV history and estimate each exercise's 1RM from it");
  cmd->require_subcommand(1);
  ImportCommands out;
  out.command = cmd;
  out.hevy = cmd->add_subcommand("hevy", "Hevy CSV export (weight_kg or weight_lbs)");
  out.strong = cmd->add_subcommand("strong", "Strong CSV export");
  for (auto* sub : {out.hevy, out.strong}) {
    sub->add_option("file", options.file, "CSV file")->required();
    sub->add_option("--equation", options.equation, "1RM equation: epley or brzycki")
        ->check(CLI::IsMember({"epley", "brzycki"}));
    sub->add_flag("--json", options.json, "Print as JSON");
    sub->add_option("--patient", options.patient,
                    "Store the estimates as this patient's 1RM records (id or exact name)");
    sub->add_flag("--dry-run", options.dry_run,
                  "With --patient: print what would be stored, store nothing");
    add_database_option(*sub, options.database);
  }
  out.strong
      ->add_option("--unit", options.strong_unit,
                   "Unit of Strong's Weight column: kg or lbs (the file does not say)")
      ->check(CLI::IsMember({"kg", "lbs"}));
  return out;
}

bool ImportCommands::chosen() const {
  return command != nullptr && command->parsed();
}

int run_import(const ImportCommands& commands, const ImportOptions& options) {
  return run_import(*commands.hevy ? ImportFormat::kHevy : ImportFormat::kStrong, options);
}

int run_import(ImportFormat format, const ImportOptions& options) {
  return with_usage_errors([&] { return import_file(format, options); });
}

}  // namespace bfr::cli
