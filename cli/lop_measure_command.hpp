#pragma once
// `bfr lop measure`: a live LOP measurement by the real controller on a
// simulated limb, with progress while it runs, then the value (with the
// simulation truth beside it) or the reason there is none, and the cuff
// pressure once it is down again.
//
// The limb comes from one of three places:
//  - the options (`--segment`, `--cuff-width-cm`, `--posture`, `--sensor`,
//    `--seed`): the demo person, as `bfr demo` uses, on that limb;
//  - `--scenario FILE`: the scenario's person, limb, posture, cuff, sensor
//    and controller settings; its motion, fault and contraction events
//    happen at their times, the measurement starts at its first
//    `measure_lop` event (or at once), and its other controller commands and
//    manual valve events are left out (the output lists them); the run ends
//    when the cuff is down, not at the scenario's duration;
//  - `--bench-limb N` (with `--seed`): limb N of the `bfr lop bench`
//    population of that seed, motion artefact included, to look at one
//    limb of the benchmark in detail.

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace bfr::cli {

struct LopMeasureOptions {
  std::string scenario;
  std::uint64_t seed = 1;
  std::string segment = "thigh";  // "thigh" or "upper_arm"
  double cuff_width_cm = 0;       // 0: 11.5 on the thigh, 13 on the arm
  std::string posture = "seated";
  std::string sensor = "mpx5050";  // "mpx5050" (100 Hz) or "hx710b" (40 Hz)
  long long bench_limb = -1;       // -1: not a bench limb
  bool realtime = false;
  bool json = false;
};

// Adds `measure` under `lop` with its options and checks, so that a bad
// value or a mix of limb sources is a usage error (exit 2).
CLI::App* add_lop_measure_command(CLI::App& lop, LopMeasureOptions& options);

// Runs the measurement; 0 with a value, 3 when it ended without one (the
// reason is printed), 2 for a scenario file that cannot be used.
int run_lop_measure(const LopMeasureOptions& options);

}  // namespace bfr::cli
