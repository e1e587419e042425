#pragma once
// `bfr control trace`: one virtual person of the regulation bench run
// through the Swain protocol, every frame written as CSV (true and sensed
// cuff pressure, target, phase, set, reps, actuators), so that a researcher
// can see how the controller held that person's cuff and reproduce a bench
// figure from its samples.

#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/regulation_setup_options.hpp"

namespace bfr::cli {

struct ControlTraceOptions {
  std::size_t person = 0;        // index in the bench's population
  std::uint64_t seed = 1;        // the bench's population seed
  std::string csv;               // output file; refused if it exists
  RegulationSetupOptions setup;  // the bench's limb, cuff and sensor
};

// Writes the trace and prints the person's scores; 0 when written, 2 when
// the output cannot be written (nothing is left behind).
int run_control_trace(const ControlTraceOptions& options);

}  // namespace bfr::cli
