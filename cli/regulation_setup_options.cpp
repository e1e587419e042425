#include "cli/regulation_setup_options.hpp"

#include <CLI/CLI.hpp>

namespace bfr::cli {

void add_regulation_setup_options(CLI::App& cmd, RegulationSetupOptions& options) {
  cmd.add_option("--segment", options.segment, "thigh (default) or upper_arm")
      ->check(CLI::IsMember({"thigh", "upper_arm"}));
  // The LOP bench's span of widths (issue 4).
  cmd.add_option("--cuff-width-cm", options.cuff_width_cm, "Cuff width, 5-18 cm (default 11.5)")
      ->check(CLI::Range(5.0, 18.0));
  cmd.add_option("--sensor", options.sensor, "mpx5050 (default, at 100 Hz) or hx710b (at 40 Hz)")
      ->check(CLI::IsMember({"mpx5050", "hx710b"}));
}

device::RegulationDesign regulation_design_for(const RegulationSetupOptions& options) {
  device::RegulationDesign design;
  design.segment = options.segment == "upper_arm" ? sim::Segment::kUpperArm : sim::Segment::kThigh;
  design.cuff_width_cm = options.cuff_width_cm;
  // The option's check admits only known names; anything else keeps the
  // default sensor.
  device::regulation_sensor_by_name(options.sensor, design.sensor);
  design.sample_rate_hz = device::regulation_sensor_rate_hz(design.sensor);
  return design;
}

}  // namespace bfr::cli
