#include "cli/regulation_setup_options.hpp"

#include <fmt/format.h>

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
  // The simulator's pump is an assumption (docs/SIMULATOR.md): a device
  // maker puts in their own pump's figures here. The bounds only keep out
  // figures no cuff pump has; a stall under the LOP cap is allowed (such a
  // pump simply cannot reach high targets, and the bench shows it).
  const sim::PneumaticParams thigh = sim::thigh_cuff_pneumatics();
  const sim::PneumaticParams arm = sim::arm_cuff_pneumatics();
  cmd.add_option("--pump-free-flow-ml-s", options.pump_free_flow_ml_s,
                 fmt::format("Pump's free flow in mL/s, 5-1000 (default: the simulator's, {:g} "
                             "thigh, {:g} arm)",
                             thigh.pump_free_flow_ml_s, arm.pump_free_flow_ml_s))
      ->check(CLI::Range(5.0, 1000.0));
  cmd.add_option("--pump-stall-mmhg", options.pump_stall_mmhg,
                 fmt::format("Pressure at which the pump's flow falls to nothing, 100-3000 mmHg "
                             "(default: the simulator's, {:g} thigh, {:g} arm)",
                             thigh.pump_stall_mmhg, arm.pump_stall_mmhg))
      ->check(CLI::Range(100.0, 3000.0));
}

device::RegulationDesign regulation_design_for(const RegulationSetupOptions& options) {
  device::RegulationDesign design;
  design.segment = options.segment == "upper_arm" ? sim::Segment::kUpperArm : sim::Segment::kThigh;
  design.cuff_width_cm = options.cuff_width_cm;
  // The option's check admits only known names; anything else keeps the
  // default sensor.
  device::regulation_sensor_by_name(options.sensor, design.sensor);
  design.sample_rate_hz = device::regulation_sensor_rate_hz(design.sensor);
  design.pump_free_flow_ml_s = options.pump_free_flow_ml_s;
  design.pump_stall_mmhg = options.pump_stall_mmhg;
  return design;
}

}  // namespace bfr::cli
