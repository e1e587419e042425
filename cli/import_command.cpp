#include "cli/import_command.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "clinic/timestamp.hpp"
#include "exchange/history_import.hpp"

namespace bfr::cli {
namespace {

std::string read_file(const std::string& path) {
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
  const std::string text = read_file(options.file);
  const auto equation = options.equation == "brzycki" ? clinic::OneRmEquation::kBrzycki
                                                      : clinic::OneRmEquation::kEpley;
  exchange::ImportResult result;
  try {
    result =
        format == ImportFormat::kHevy
            ? exchange::import_hevy_csv(text, equation)
            : exchange::import_strong_csv(text,
                                          options.strong_unit == "lbs" ? exchange::WeightUnit::kLb
                                                                       : exchange::WeightUnit::kKg,
                                          equation);
  } catch (const exchange::ImportError& e) {
    fmt::print(stderr, "error: {}: {}\n", options.file, e.what());
    return 1;
  }
  if (options.json) {
    fmt::print("{}\n", result_json(result, options.file).dump(2));
  } else {
    print_text(result, options.file);
  }
  return 0;
}

}  // namespace bfr::cli
