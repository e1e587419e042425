#pragma once
// `bfr control bench`: cuff pressure regulation on a virtual population,
// the regulated controller beside an unregulated cuff (pumped once, valves
// shut) on the same people, against issue 5's targets
// (device/regulation_bench.hpp, docs/REGULATION.md).

#include <cstddef>
#include <cstdint>

#include "cli/regulation_setup_options.hpp"

namespace bfr::cli {

struct ControlBenchOptions {
  std::size_t people = 100;
  std::uint64_t seed = 1;
  bool json = false;
  RegulationSetupOptions setup;
};

// The most people `--people` accepts: each takes about 0.1 s of one core.
inline constexpr std::size_t kMaxControlBenchPeople = 20000;

// Prints the table (or JSON); 0 when the regulated method meets every
// target, 1 otherwise.
int run_control_bench(const ControlBenchOptions& options);

}  // namespace bfr::cli
