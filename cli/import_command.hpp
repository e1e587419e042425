#pragma once
// `bfr import hevy|strong FILE`: another app's training history read to seed
// 1RM estimates. Prints how many rows were accepted, skipped (warm-ups, rest
// timers) and rejected (with their lines and reasons), and the best estimated
// 1RM per exercise. Nothing is stored yet: the result is what a store would
// take, whole (docs/EXPORTS.md).

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
};

struct ImportCommands {
  CLI::App* hevy = nullptr;
  CLI::App* strong = nullptr;
  CLI::App* command = nullptr;  // `import` itself

  bool chosen() const;  // true when one of the two was given
};

ImportCommands add_import_commands(CLI::App& app, ImportOptions& options);

// 0 when the file was read (rejected rows are reported, not fatal); 1 when it
// cannot be read or is not an export of that app.
int run_import(ImportFormat format, const ImportOptions& options);
// Runs the subcommand that was given.
int run_import(const ImportCommands& commands, const ImportOptions& options);

}  // namespace bfr::cli
