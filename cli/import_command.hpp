#pragma once
// `bfr import hevy|strong FILE`: another app's training history read to seed
// 1RM estimates. Prints how many rows were accepted, skipped (warm-ups, rest
// timers) and rejected (with their lines and reasons), and the best estimated
// 1RM per exercise. With --patient the estimates are stored as that patient's
// 1RM records, all or none; --dry-run only prints what would be stored
// (docs/EXPORTS.md).

#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

enum class ImportFormat { kHevy, kStrong };

struct ImportOptions {
  std::string file;
  std::string equation = "epley";  // or "brzycki"
  std::string strong_unit = "kg";  // Strong's Weight column has no unit
  bool json = false;
  std::string patient;   // id or exact name; empty: print only
  std::string database;  // --db
  bool dry_run = false;
};

struct ImportCommands {
  CLI::App* hevy = nullptr;
  CLI::App* strong = nullptr;
  CLI::App* command = nullptr;  // `import` itself

  bool chosen() const;  // true when one of the two was given
};

ImportCommands add_import_commands(CLI::App& app, ImportOptions& options);

// 0 when the file was read (rejected rows are reported, not fatal) and, with
// a patient, the estimates stored; 1 when it cannot be read, is not an export
// of that app, or the estimates cannot be stored (then none is); 2 for an
// unknown patient or --dry-run without --patient.
int run_import(ImportFormat format, const ImportOptions& options);
// Runs the subcommand that was given.
int run_import(const ImportCommands& commands, const ImportOptions& options);

}  // namespace bfr::cli
