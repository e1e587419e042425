#pragma once
// The real core controller driving a simulated limb, in process. One
// exchange advances the plant by one controller period, reads the simulated
// sensor and steps the controller with the reading.

#include "core/cuff_controller.hpp"
#include "device/local_controller.hpp"
#include "sim/plant.hpp"

namespace bfr::device {

class VirtualDevice : public LocalController {
 public:
  VirtualDevice(const sim::PlantConfig& plant, const core::ControllerConfig& controller);

  Telemetry exchange(const core::Command& command) override;
  core::Duration frame_period() const override { return period_; }
  std::optional<double> simulation_true_lop_mmhg() const override { return plant_.true_lop_mmhg(); }
  const char* description() const override { return "simulated"; }

  sim::Plant& plant() { return plant_; }
  // What the device's own inputs report besides the pressure: the sensor
  // driver's fault flag and the link watchdog's verdict on the host.
  void set_sensor_driver_fault(bool fault) { sensor_driver_fault_ = fault; }
  void set_host_heartbeat_lost(bool lost) override { host_heartbeat_lost_ = lost; }
  PressureSensorKind sensor_kind() const override { return PressureSensorKind::kSimulated; }
  const core::ControllerConfig& controller_config() const override { return controller_.config(); }
  const core::CuffController& controller() const { return controller_; }

 private:
  sim::Plant plant_;
  core::CuffController controller_;
  core::Duration period_;
  core::TimePoint now_;
  bool sensor_driver_fault_ = false;
  bool host_heartbeat_lost_ = false;
};

// Maps the controller's actuator commands onto the simulated valves.
sim::ValveCommand to_valves(const core::Actuators& act);

}  // namespace bfr::device
