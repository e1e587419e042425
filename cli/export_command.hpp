#pragma once
// `bfr export hevy|strong|fhir|trace`: stored sessions written in the formats
// of the tools clinics and athletes already use (docs/EXPORTS.md). The file is
// written whole or not at all.

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

enum class ExportFormat { kHevy, kStrong, kFhir, kTrace };

struct ExportOptions {
  std::string database;
  std::optional<std::int64_t> patient_id;
  std::optional<std::int64_t> session_id;
  std::string out;  // "-" writes to stdout
  // One load for every exported set, over the load entered with each set.
  std::optional<double> load_kg;
};

struct ExportCommands {
  CLI::App* hevy = nullptr;
  CLI::App* strong = nullptr;
  CLI::App* fhir = nullptr;
  CLI::App* trace = nullptr;
  CLI::App* command = nullptr;  // `export` itself

  bool chosen() const;  // true when one of the four was given
};

// Adds `export` with its four subcommands; a missing or doubled --patient /
// --session, or a bad number, is a usage error (exit 2).
ExportCommands add_export_commands(CLI::App& app, ExportOptions& options);

// Writes the export; 0 on success, 1 with a message on stderr when a record is
// missing or cannot be exported.
int run_export(ExportFormat format, const ExportOptions& options);
// Runs the subcommand that was given.
int run_export(const ExportCommands& commands, const ExportOptions& options);

}  // namespace bfr::cli
