#pragma once
// `bfr sim run --scenario FILE --out trace.csv`: runs a scenario file
// (sim/scenario.hpp, examples in scenarios/) on the simulated limb and
// writes one CSV row per sensor sample: the sensor reading beside the
// simulation truth. A summary paragraph (or JSON) goes to stdout.

#include <string>

namespace bfr::cli {

struct SimRunOptions {
  std::string scenario;  // the TOML file
  std::string out;       // the CSV trace to write
  bool json_summary = false;
};

// Returns the process exit code: 0 when the scenario ran (alarms and failed
// measurements inside it are results, not errors), 2 for a scenario that
// cannot be read or is invalid, 1 when the trace cannot be written. No
// trace file is left behind unless the run completed.
int run_sim_run(const SimRunOptions& options);

}  // namespace bfr::cli
