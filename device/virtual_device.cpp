#include "device/virtual_device.hpp"

namespace bfr::device {

sim::ValveCommand to_valves(const core::Actuators& act) {
  return {act.pump_duty.value(), act.bleed_opening.value(), act.vent_open, act.pump_power};
}

VirtualDevice::VirtualDevice(const sim::PlantConfig& plant,
                             const core::ControllerConfig& controller)
    : plant_(plant), controller_(controller), period_(controller.sample_rate.period()) {}

Telemetry VirtualDevice::exchange(const core::Command& command) {
  plant_.advance(static_cast<double>(period_.us()) * 1e-6);
  now_ += period_;
  core::Readings in{core::Pressure::mmhg(static_cast<float>(plant_.read_sensor())),
                    !sensor_driver_fault_};
  if (plant_.has_second_sensor()) {
    in.has_second_sensor = true;
    in.second_cuff = core::Pressure::mmhg(static_cast<float>(plant_.read_second_sensor()));
  }
  in.host_heartbeat_lost = host_heartbeat_lost_;
  const core::LopState before = controller_.lop().state();
  Telemetry t{now_, in.cuff, controller_.step(now_, command, in), std::nullopt};
  plant_.command(to_valves(t.outputs.actuators));
  if (before == core::LopState::kRunning &&
      controller_.lop().state() == core::LopState::kSucceeded) {
    t.lop_result = controller_.lop().result();
  }
  return t;
}

}  // namespace bfr::device
