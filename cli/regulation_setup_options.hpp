#pragma once
// The limb, cuff and sensor the regulation bench runs on, as options shared
// by `bfr control bench` and `bfr control trace` (a trace must be able to
// reproduce any bench person under the same setup).

#include <string>

#include "device/regulation_bench.hpp"

namespace CLI {
class App;
}

namespace bfr::cli {

struct RegulationSetupOptions {
  std::string segment = "thigh";
  double cuff_width_cm = 11.5;
  std::string sensor = "mpx5050";
  // 0: the simulator's assumed pump for the segment.
  double pump_free_flow_ml_s = 0;
  double pump_stall_mmhg = 0;
};

void add_regulation_setup_options(CLI::App& cmd, RegulationSetupOptions& options);

// The design for these options (the sensor sets the sample rate).
device::RegulationDesign regulation_design_for(const RegulationSetupOptions& options);

}  // namespace bfr::cli
